"""The database-free package must stay importable, and testable, without Odoo."""

import ast
import pathlib

LIB = pathlib.Path(__file__).resolve().parent.parent / "ar_reconcile" / "lib"


def test_lib_never_imports_odoo():
    offenders = []
    for path in LIB.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            offenders += [
                f"{path.name}: {n}" for n in names if n.split(".")[0] == "odoo"
            ]
    assert not offenders, offenders
