"""Every message code the settlement can emit has a template, and only those; the
settlement refuses with codes and describes an outcome with codes."""

import pathlib
import re
from datetime import date
from decimal import Decimal

from ar_reconcile_lib import money
from ar_reconcile_lib import settlement as S
from ar_reconcile_lib.messages import Amount, Message
from settlement_text import MONEY_TEMPLATES, TEMPLATES, english, refused

SETTLEMENT_LIB = pathlib.Path(S.__file__).resolve().parent
JUN25 = date(2020, 6, 25)
D = Decimal


def test_every_code_has_a_template_and_every_template_a_code():
    assert S.CODES - set(TEMPLATES) == set()
    assert set(TEMPLATES) - S.CODES == set()
    assert money.CODES == set(MONEY_TEMPLATES)


def test_the_settlement_uses_declared_codes_only():
    """Codes are named through ``codes`` constants and refusals are MessageErrors: a
    ValueError with a sentence would reach the clerk in English."""
    used = set()
    for path in SETTLEMENT_LIB.glob("*.py"):
        if path.name == "codes.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "raise ValueError" not in text, f"{path.name} raises a sentence"
        assert not re.search(r'\bmsg\(\s*"', text), f"{path.name} uses a literal code"
        used |= {getattr(S.codes, name) for name in re.findall(r"\bC\.([A-Z_]+)", text)}
    odoo_layer = {
        S.codes.CANNOT_SETTLE,
        S.codes.TEXT,
        S.codes.DOCUMENT_ERROR,
        S.codes.PAYMENT_HEADING,
        S.codes.QUESTION_LATE_DISCOUNT,
        S.codes.QUESTION_TOLERANCE,
        S.codes.CENTRAL_EVIDENCE,
        S.codes.CENTRAL_NOT_SET_UP,
    }
    assert used | odoo_layer == S.CODES


def test_templates_use_named_placeholders_only():
    for code, template in {**TEMPLATES, **MONEY_TEMPLATES}.items():
        assert not re.search(r"%[^(]", template.replace("%%", "")), code


def test_a_refusal_names_its_values_as_parameters():
    invoice = S.OpenDocument("INV", JUN25, D(1000))
    with refused(
        "payment date 2020-06-24 is before the date of document INV \\(2020-06-25\\)",
        S.codes.PAYMENT_BEFORE_DOCUMENT,
    ) as info:
        S.settle_payment(D(990), date(2020, 6, 24), [invoice])
    message = info.value.message
    assert message.params == {
        "payment_date": date(2020, 6, 24),
        "document": "INV",
        "document_date": JUN25,
    }
    assert Message.from_json(message.to_json()) == message


def test_a_bad_discount_period_is_described_in_the_refusal():
    with refused(
        "strictly decreasing in rate: '2 % within 14 days' \\(period 2\\) does not "
        "give less than '2 % within 5 days' \\(period 1\\)",
        S.codes.PERIODS_NOT_DECREASING_RATE,
    ):
        S.discount_schedule([(5, 2), (14, 2)])
    with refused("'1 % until 2020-07-01'"):
        S.discount_windows(S.discount_schedule([(10, 2), (date(2020, 7, 1), 1)]), JUN25)


def test_describe_an_outcome_line_by_line():
    invoice = S.OpenDocument("7", JUN25, D(1000), S.discount_schedule([(14, 2)]))
    outcome = S.settle_payment(D(500), JUN25, [invoice])
    (line,) = S.describe(outcome, names={"7": "INV/1"}, currency="EUR")
    assert line.code == S.codes.DOC_LINE
    assert english(line) == (
        "INV/1: pays 500.00, discount 10.20 (2 %), 20.00 discount on the whole open "
        "amount, 489.80 stays open"
    )
    assert line.params["parts"][0].params["applied"] == Amount(D("500.00"), "EUR")
    assert Message.from_json(line.to_json()) == line


def test_describe_the_payment_rest_and_a_balance_to_confirm():
    invoice = S.OpenDocument("INV", JUN25, D(100), max_tolerance=D(5))
    over = S.settle_payment(D(150), JUN25, [invoice])
    assert [english(m) for m in S.describe(over)][-1] == (
        "50.00 of the payment stays open as the partner's credit"
    )
    short = S.settle_payment(
        D(97), JUN25, [invoice], policy=S.SettlementPolicy(tolerance_warning=True)
    )
    lines = [english(m) for m in S.describe(short)]
    assert lines == [
        "INV: pays 97.00, 3.00 stays open",
        "A balance of 3.00 can be posted as payment tolerance.",
    ]
