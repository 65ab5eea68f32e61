"""Make the addon's database-free package importable without importing Odoo.

``ar_reconcile/__init__.py`` loads the Odoo models, so the plain-Python package
``ar_reconcile/lib`` is registered here under the name ``ar_reconcile_lib``.
"""

import importlib.util
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "ar_reconcile" / "tests" / "data"


def _register_lib():
    if "ar_reconcile_lib" in sys.modules:
        return
    lib_dir = ROOT / "ar_reconcile" / "lib"
    spec = importlib.util.spec_from_file_location(
        "ar_reconcile_lib",
        lib_dir / "__init__.py",
        submodule_search_locations=[str(lib_dir)],
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["ar_reconcile_lib"] = module
    spec.loader.exec_module(module)


_register_lib()


def read_sample(name):
    return (DATA / name).read_bytes()
