"""Every message code the statement readers raise has a template, and only those;
helpers the Odoo layer uses with the readers' results."""

import pathlib
import re
from decimal import Decimal

from ar_reconcile_lib import statements
from ar_reconcile_lib.statements.base import fits_float
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


def test_fits_float_tells_the_odoo_layer_which_amounts_a_float_keeps():
    assert fits_float(Decimal("1234567890123.45"), "EUR")
    assert not fits_float(Decimal("12345678901234.57"), "EUR")
    assert fits_float(Decimal("123456789012345"), "JPY")
    assert not fits_float(Decimal("NaN"))
