"""Every message code the statement readers raise has a template, and only those;
helpers the Odoo layer uses with the readers' results."""

import pathlib
import re
from datetime import date
from decimal import Decimal

from ar_reconcile_lib import statements
from ar_reconcile_lib.statements.base import (
    ParsedStatement,
    ParsedTransaction,
    check_storable,
    fits_float,
)
from statement_text import TEMPLATES, refused

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


def _statement(amount="10.00", opening="0.00", currency="USD", **transaction):
    tx = ParsedTransaction(
        date=date(2026, 3, 2), amount=Decimal(amount), payment_ref="Kari", **transaction
    )
    return ParsedStatement(
        file_format="camt.053",
        transactions=[tx],
        statement_id="S-1",
        currency=currency,
        opening_balance=Decimal(opening),
        closing_balance=Decimal(opening) + Decimal(amount),
    )


def test_check_storable_refuses_what_a_float_or_the_currency_cannot_hold():
    check_storable(_statement("1234567890123.45"), "USD", 2)
    with refused("statements.amount_beyond_float") as info:
        check_storable(_statement("12345678901234.57"), "USD", 2)
    assert "Transaction 1 of statement S-1 (2026-03-02, Kari)" in info.text
    with refused("statements.amount_beyond_currency", r"100\.505, .*USD has \(2\)"):
        check_storable(_statement("100.505", currency=""), "USD", 2)
    # The account's currency decides, also when the file names one.
    with refused("statements.amount_beyond_currency", r"\(0\)"):
        check_storable(_statement("10.50", currency="NOK"), "NOK", 0)
    with refused("statements.balance_beyond_float", "12345678901230.57"):
        check_storable(_statement("1.00", opening="12345678901230.57"), "USD", 2)
    with refused("statements.balance_too_precise"):
        check_storable(_statement("1.00", opening="5.005", currency=""), "USD", 2)
    with refused("statements.amount_beyond_float"):
        check_storable(
            _statement(
                foreign_amount=Decimal("99999999999999.99"), foreign_currency="EUR"
            ),
            "USD",
            2,
        )
