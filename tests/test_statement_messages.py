"""Every message code the statement readers raise has a template, and only those."""

import pathlib
import re

from ar_reconcile_lib import statements
from statement_text import TEMPLATES

STATEMENTS_LIB = pathlib.Path(statements.__file__).resolve().parent
CODE_RE = re.compile(r"""["'](statements\.[a-z0-9_.]+)["']""")


def codes_in_readers():
    used = set()
    for path in STATEMENTS_LIB.glob("*.py"):
        used |= set(CODE_RE.findall(path.read_text(encoding="utf-8")))
    return used


def test_every_code_has_a_template_and_every_template_a_code():
    used = codes_in_readers()
    assert len(used) > 40
    assert used - set(TEMPLATES) == set()
    assert set(TEMPLATES) - used == set()


def test_readers_raise_codes_not_sentences():
    """A ``StatementParseError`` or ``msg`` is given a literal code, or a code taken
    from
    a table of codes: never a sentence."""
    for path in STATEMENTS_LIB.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for call in re.finditer(r"\b(?:StatementParseError|msg)\(\s*([^,)]*)", text):
            argument = call.group(1).strip()
            assert (
                CODE_RE.fullmatch(argument)
                or argument in ("code", "message.code", "MessageError")
                or re.fullmatch(r"_[A-Z_]+\[[\w.]+\]", argument)
            ), f"{path.name}: {call.group(0)!r}"


def test_templates_use_named_placeholders_only():
    for code, template in TEMPLATES.items():
        assert not re.search(r"%[^(%]", template), code
        assert template.strip() == template, code
