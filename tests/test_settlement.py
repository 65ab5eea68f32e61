"""Early-payment discounts over several periods and payment tolerance (database-free).

Acceptance vectors, number for number:
* D365 V1-V10: ``../shared/reference/d365-credit-collections.md`` section 9.2.
* BC single-document table: ``../shared/reference/bc-receivables.md`` section 11.5 (rows
  numbered as in the Business Central DOC it summarises,
  ``finance-payment-tolerance-and- payment-discount-tolerance.md``, Example 1, whose B
  rows the reference leaves out).
"""

from dataclasses import FrozenInstanceError
from datetime import date, timedelta
from decimal import Decimal

import pytest
from ar_reconcile_lib import settlement as S
from ar_reconcile_lib.messages import MessageError
from settlement_text import refused

D = Decimal

ONE_PERCENT_14_DAYS = S.discount_schedule([(14, 1)])
TWO_5_ONE_14 = S.discount_schedule([(5, 2), (14, 1)])

# --------------------------------------------------------------------------- helpers


def doc(ref, day, amount, discounts=(), tolerance=0, base=None):
    return S.OpenDocument(
        ref, day, D(amount), S.discount_schedule(discounts), D(tolerance), base
    )


def settle(amount, day, documents, **kw):
    outcome = S.settle_payment(D(amount), day, documents, **kw)
    check_invariants(outcome)
    return outcome


def check_invariants(outcome):
    """Every settlement balances: per document, and for the payment as a whole."""
    for item in outcome.documents:
        assert (
            item.applied
            + item.discount
            + item.late_discount
            + item.extra_discount
            + item.tolerance
            + item.remaining
            == item.open_before
        ), item
    total_applied = sum((item.applied for item in outcome.documents), D(0))
    assert total_applied + outcome.payment_remaining == outcome.payment_amount


# ------------------------------------------------------------------ D365 V1-V10 (ref
# 9.2)

# Partial-payment discount P / (1 - d) x d, capped at the open amount.
# (vector, payment, open amount, percent, discount, remaining, excess)
PARTIAL_DISCOUNT_VECTORS = [
    # V1 (9.2): 500 -> 500 / 0.99 x 0.01 = 5.05, settling 505.05
    ("V1 pay 500", "500", "1000", "1", "5.05", "494.95", "0"),
    # V1 (9.2): 495 -> 5.00, settles exactly 500
    ("V1 pay 495", "495", "1000", "1", "5.00", "500.00", "0"),
    # V1 (9.2): final 495 on the remaining 500, still in the period -> 5.00, balance 0
    ("V1 final 495", "495", "500", "1", "5.00", "0.00", "0"),
    # V2 (9.2): 297 -> 3.00, balance 700
    ("V2 pay 297", "297", "1000", "1", "3.00", "700.00", "0"),
    # V3 (9.2): 294 in the 2 % period -> 294 / 0.98 x 0.02 = 6.00, balance 700
    ("V3 pay 294 at 2%", "294", "1000", "2", "6.00", "700.00", "0"),
    # V3 (9.2): 693 in the 1 % period on the remaining 700 -> 7.00, balance 0
    ("V3 pay 693 at 1%", "693", "700", "1", "7.00", "0.00", "0"),
    # V4 (9.2): the credit note -100 at 1 % settles -99.00 with discount -1.00
    ("V4 credit note 1%", "-99", "-100", "1", "-1.00", "0.00", "0"),
    # V4 (9.2), parameter example: credit note -100 at 2 % -> -98.00 and discount -2.00
    ("V4 credit note 2%", "-98", "-100", "2", "-2.00", "0.00", "0"),
    # V6 (9.2): half of each invoice on 29 Jun: 495 at 1 %, 490 at 2 %, 500 without
    ("V6 FTI-10041", "495", "1000", "1", "5.00", "500.00", "0"),
    ("V6 FTI-10042", "490", "1000", "2", "10.00", "500.00", "0"),
    ("V6 FTI-10040", "500", "1000", "0", "0", "500", "0"),
    # V7 (9.2): 485 at 2 % -> 485 / 0.98 x 0.02 = 9.90, settled 494.90, balance 505.10
    ("V7 FTI-10042", "485", "1000", "2", "9.90", "505.10", "0"),
    # V10 (9.2): invoice 100 at 2 %: 98 takes the discount, 49 takes 1.00
    ("V10 pay 98", "98", "100", "2", "2.00", "0.00", "0"),
    ("V10 pay 49", "49", "100", "2", "1.00", "50.00", "0"),
    # cap: 985 on 1000 at 2 % would earn 20.10; it closes with 20.00 and 5.00 is excess
    ("cap", "985", "1000", "2", "20.00", "0.00", "5.00"),
]


@pytest.mark.parametrize(
    "vector, payment, open_amount, percent, discount, remaining, excess",
    PARTIAL_DISCOUNT_VECTORS,
    ids=[row[0] for row in PARTIAL_DISCOUNT_VECTORS],
)
def test_partial_payment_discount_vectors(
    vector, payment, open_amount, percent, discount, remaining, excess
):
    result = S.partial_payment_discount(D(payment), D(open_amount), D(percent))
    assert result.discount == D(discount)
    assert result.remaining == D(remaining)
    assert result.excess == D(excess)
    assert result.applied + result.discount + result.remaining == D(open_amount)


# Successive payments on one invoice dated 25 Jun (V1-V3 invoices: 1 % / 14 days gives
# the discount date 9 Jul; V3's 2 % / 5 days ends 30 Jun). (vector, schedule, [(date,
# payment)], [(discount, balance) after each payment], choices)
JUN25 = date(2020, 6, 25)
SEQUENCE_VECTORS = [
    # V1 (9.2): 495 -> 5.00, balance 500; final 495 on 8 Jul -> 5.00, balance 0
    (
        "V1",
        [(14, 1)],
        [(date(2020, 7, 1), "495"), (date(2020, 7, 8), "495")],
        [("5.00", "500.00"), ("5.00", "0.00")],
        S.ClerkChoices(),
    ),
    # V2 (9.2): 2 Jul pay 297 -> 3.00, balance 700; 11 Jul pay 700 -> no discount,
    # balance 0
    (
        "V2",
        [(14, 1)],
        [(date(2020, 7, 2), "297"), (date(2020, 7, 11), "700")],
        [("3.00", "700.00"), ("0.00", "0.00")],
        S.ClerkChoices(),
    ),
    # V2 (9.2), Use cash discount = Always: 11 Jul pay 693 + discount 7.00
    (
        "V2 Always",
        [(14, 1)],
        [(date(2020, 7, 2), "297"), (date(2020, 7, 11), "693")],
        [("3.00", "700.00"), ("7.00", "0.00")],
        S.ClerkChoices(discount_always={"INV"}),
    ),
    # V3 (9.2): 28 Jun pay 294 -> 6.00 (2 %), balance 700; 8 Jul pay 693 -> 7.00 (1 %),
    # 0
    (
        "V3",
        [(5, 2), (14, 1)],
        [(date(2020, 6, 28), "294"), (date(2020, 7, 8), "693")],
        [("6.00", "700.00"), ("7.00", "0.00")],
        S.ClerkChoices(),
    ),
]


@pytest.mark.parametrize(
    "vector, periods, payments, expected, choices",
    SEQUENCE_VECTORS,
    ids=[row[0] for row in SEQUENCE_VECTORS],
)
def test_payments_over_several_periods(vector, periods, payments, expected, choices):
    invoice = doc("INV", JUN25, "1000", periods)
    outcomes = S.settle_in_sequence(
        invoice, [(day, D(amount)) for day, amount in payments], choices=choices
    )
    got = [(o.documents[0].total_discount, o.documents[0].remaining) for o in outcomes]
    assert got == [(D(disc), D(balance)) for disc, balance in expected]
    for outcome in outcomes:
        check_invariants(outcome)
        assert outcome.payment_remaining == 0


def test_v1_pay_500_settles_505_05():
    # V1 (9.2): pay 500 -> discount 5.05, settling 505.05
    outcome = settle("500", date(2020, 7, 1), [doc("INV", JUN25, "1000", [(14, 1)])])
    item = outcome.documents[0]
    assert (item.applied, item.discount, item.remaining) == (
        D("500"),
        D("5.05"),
        D("494.95"),
    )
    assert item.applied + item.discount == D("505.05")


def test_v3_display_full_discount_on_remaining_amount():
    # V3 (9.2): the second payment's discount is 1 % of the remaining 700 = 7.00; the
    # "30.00" on the D365 screen is display only [DOC-ISSUE].
    remaining = doc("INV", JUN25, "700", [(5, 2), (14, 1)])
    assert S.amount_due_with_discount(remaining, date(2020, 7, 8)) == D("693.00")


def test_v4_invoice_and_credit_note_both_discounted():
    # V4 (9.2): invoice 1,000 and credit note 100, both 1 % / 14 days: invoice settles
    # 990, credit note -99.00 with discount -1.00; the customer pays 891.
    invoice = doc("INV", JUN25, "1000", [(14, 1)])
    credit = doc("CN", JUN25, "-100", [(14, 1)])
    outcome = settle("891", date(2020, 7, 1), [invoice, credit])
    assert outcome.all_closed and outcome.payment_remaining == 0
    cn, inv = outcome.documents  # the credit note is applied first
    assert (cn.reference, cn.applied, cn.discount) == ("CN", D("-99.00"), D("-1.00"))
    assert (inv.reference, inv.applied, inv.discount) == (
        "INV",
        D("990.00"),
        D("10.00"),
    )


def test_v4_refund_of_a_credit_note_at_two_percent():
    # V4 (9.2), parameter example: credit note -100 at 2 % -> -98.00 settles it,
    # discount -2.00
    outcome = settle("-98", JUN25, [doc("CN", JUN25, "-100", [(14, 2)])])
    (cn,) = outcome.documents
    assert (cn.applied, cn.discount, cn.remaining) == (
        D("-98.00"),
        D("-2.00"),
        D("0.00"),
    )


def fti_invoices():
    """The three invoices of V5-V7 (customer 4032)."""
    return [
        doc("FTI-10040", date(2015, 5, 15), "1000", [(14, 1)]),
        doc("FTI-10041", date(2015, 6, 25), "1000", [(14, 1)]),
        doc("FTI-10042", date(2015, 6, 25), "1000", [(5, 2), (14, 1)]),
    ]


@pytest.mark.parametrize(
    "day, payment, discounts",
    [
        # V5 (9.2): pay on 29 Jun: 1,000 + 990 + 980 = 2,970 (discounts 0 / 10 / 20 =
        # 30)
        (
            date(2015, 6, 29),
            "2970",
            {"FTI-10040": "0", "FTI-10041": "10", "FTI-10042": "20"},
        ),
        # V5 (9.2): pay on 1 Jul: 1,000 + 990 + 990 = 2,980 (10042's 2 % window has
        # passed)
        (
            date(2015, 7, 1),
            "2980",
            {"FTI-10040": "0", "FTI-10041": "10", "FTI-10042": "10"},
        ),
    ],
    ids=["V5 29 Jun", "V5 1 Jul"],
)
def test_v5_one_payment_three_invoices(day, payment, discounts):
    outcome = settle(payment, day, fti_invoices())
    assert outcome.all_closed and outcome.payment_remaining == 0
    assert {d.reference: d.discount for d in outcome.documents} == {
        ref: D(value) for ref, value in discounts.items()
    }
    assert outcome.total_discount == sum(D(v) for v in discounts.values())


def test_v6_half_of_each_invoice():
    # V6 (9.2): 500 + 495 + 490 = 1,485 on 29 Jun, each amount put on its invoice by
    # hand; FTI-10042 shows a full discount of 20.00 but only 10.00 is taken.
    day = date(2015, 6, 29)
    amounts = {"FTI-10040": "500", "FTI-10041": "495", "FTI-10042": "490"}
    outcomes = {
        invoice.reference: settle(amounts[invoice.reference], day, [invoice]).documents[
            0
        ]
        for invoice in fti_invoices()
    }
    assert sum(item.applied for item in outcomes.values()) == D("1485")
    assert {ref: item.discount for ref, item in outcomes.items()} == {
        "FTI-10040": D("0"),
        "FTI-10041": D("5.00"),
        "FTI-10042": D("10.00"),
    }
    assert outcomes["FTI-10042"].discount_available == D("20.00")
    assert all(item.remaining == D("500.00") for item in outcomes.values())


def test_v7_unmarked_payment_oldest_first_then_better_discount():
    # V7 (9.2): 1,485 over all three, amounts not edited: 10040 (oldest) fully with
    # 1,000, then 10042 (2 %, better than 10041's 1 % on the same date): 485 + 9.90 =
    # 494.90, balance 505.10; 10041 untouched at 1,000.
    outcome = settle("1485", date(2015, 6, 29), fti_invoices())
    assert [d.reference for d in outcome.documents] == [
        "FTI-10040",
        "FTI-10042",
        "FTI-10041",
    ]
    first, second, third = outcome.documents
    assert (first.applied, first.discount, first.remaining) == (
        D("1000"),
        D("0"),
        D("0"),
    )
    assert (second.applied, second.discount, second.remaining) == (
        D("485"),
        D("9.90"),
        D("505.10"),
    )
    assert second.applied + second.discount == D("494.90")
    assert (third.applied, third.discount, third.remaining) == (
        D("0"),
        D("0"),
        D("1000"),
    )
    assert outcome.payment_remaining == 0


@pytest.mark.parametrize(
    "max_amount, closed, tolerance, remaining",
    [
        ("1.00", True, "0.10", "0"),  # shortfall well below the maximum
        ("0.10", True, "0.10", "0"),  # exactly the maximum: still within
        ("0.09", False, "0", "0.10"),  # above the maximum: stays open
    ],
)
def test_v8_underpayment_within_the_maximum(max_amount, closed, tolerance, remaining):
    # V8 (9.2): invoice 1,000 paid 999.90; a shortfall within D365's maximum
    # over/underpayment amount is posted to the over/underpayment account automatically.
    # The reference gives no maximum, hence three. D365's fixed maximum is BC's
    # tolerance with 0 % and a maximum amount.
    tol = S.max_payment_tolerance(D(1000), D(0), D(max_amount))
    assert tol == D(max_amount)
    outcome = settle("999.90", JUN25, [doc("INV", JUN25, "1000", tolerance=tol)])
    (item,) = outcome.documents
    assert item.closed is closed
    assert item.tolerance == D(tolerance)
    assert item.remaining == D(remaining)
    if closed:
        assert item.tolerance_posted_on == S.POSTED_ON_DOCUMENT
        assert item.tolerance_effect == S.LOSS


def test_v9_full_settlement_posts_extra_discount():
    # V9 (9.2): invoice 1,000 paid 990, agreed to forgive the rest: Full settlement
    # posts 10.00 as extra cash discount (the difference exceeds the tolerance of 5).
    invoice = doc("INV", JUN25, "1000", tolerance="5")
    choices = S.ClerkChoices(full_settlement=True)
    outcome = settle("990", date(2020, 8, 1), [invoice], choices=choices)
    (item,) = outcome.documents
    assert item.closed
    assert (item.applied, item.extra_discount, item.tolerance) == (
        D("990"),
        D("10.00"),
        D("0"),
    )
    # Without full settlement the 10.00 stays open.
    assert settle("990", date(2020, 8, 1), [invoice]).documents[0].remaining == D(
        "10.00"
    )


def test_v9_full_settlement_within_tolerance_posts_tolerance():
    # A difference within tolerance is tolerance, full settlement or not (V9: full
    # settlement is "used when the difference exceeds the tolerance").
    invoice = doc("INV", JUN25, "1000", tolerance="5")
    choices = S.ClerkChoices(full_settlement=True)
    (item,) = settle("996", JUN25, [invoice], choices=choices).documents
    assert (item.tolerance, item.extra_discount, item.closed) == (
        D("4.00"),
        D("0"),
        True,
    )


@pytest.mark.parametrize(
    "payment, discount, remaining",
    [("98", "2.00", "0.00"), ("49", "1.00", "50.00")],
    ids=["V10 pay 98", "V10 pay 49"],
)
def test_v10_simple_discount(payment, discount, remaining):
    # V10 (9.2): invoice 100, 2 % / 10 days; 98 within 10 days takes the discount; a
    # partial 49 takes 1.00.
    invoice = doc("INV", JUN25, "100", [(10, 2)])
    (item,) = settle(payment, JUN25 + timedelta(days=10), [invoice]).documents
    assert (item.discount, item.remaining) == (D(discount), D(remaining))


# ------------------------------------------------- BC payment tolerance, ref 11.5 table

# Invoice 1,000; discount 20 (2 %); max tolerance 5; discount date 01/15; grace 5D, so
# the discount tolerance date is 01/20. The invoice is dated 01/05 with "2 % within 10
# days".
BC_INVOICE_DATE = date(2003, 1, 5)
BC_GRACE = S.SettlementPolicy(grace_days=5)
JAN = lambda day: date(2003, 1, day)  # noqa: E731

# (DOC row, payment dates, payment, late discount answer (None: in period or after
# grace), all closed, late discount, payment tolerance, tolerance side, left on payment,
# left on invoice)
BC_TABLE = [
    # ref 11.5 "<= 01/15 | 985 | closed, tolerance -5 (overpaid)" (DOC row 1)
    (
        "1",
        (JAN(10), JAN(15)),
        "985",
        None,
        True,
        "0",
        "-5",
        S.POSTED_ON_PAYMENT,
        "0",
        "0",
    ),
    # ref 11.5 "<= 01/15 | 980 | closed, no tolerance" (DOC row 2)
    ("2", (JAN(10), JAN(15)), "980", None, True, "0", "0", None, "0", "0"),
    # ref 11.5 "<= 01/15 | 975 | closed, tolerance +5" (DOC row 3)
    (
        "3",
        (JAN(10), JAN(15)),
        "975",
        None,
        True,
        "0",
        "5",
        S.POSTED_ON_DOCUMENT,
        "0",
        "0",
    ),
    # ref 11.5 "01/16-01/20, late discount accepted (A) | 1005 / 1000 / 995 | discount
    # tolerance 20; the payment is left with 25 / 20 / 15 open" (DOC rows 4A-6A)
    ("4A", (JAN(16), JAN(20)), "1005", True, False, "20", "0", None, "25", "0"),
    ("5A", (JAN(16), JAN(20)), "1000", True, False, "20", "0", None, "20", "0"),
    ("6A", (JAN(16), JAN(20)), "995", True, False, "20", "0", None, "15", "0"),
    # DOC rows 4B-6B (late discount not accepted): closed with tolerance -5 / 0 / +5
    (
        "4B",
        (JAN(16), JAN(20)),
        "1005",
        False,
        True,
        "0",
        "-5",
        S.POSTED_ON_PAYMENT,
        "0",
        "0",
    ),
    ("5B", (JAN(16), JAN(20)), "1000", False, True, "0", "0", None, "0", "0"),
    (
        "6B",
        (JAN(16), JAN(20)),
        "995",
        False,
        True,
        "0",
        "5",
        S.POSTED_ON_DOCUMENT,
        "0",
        "0",
    ),
    # ref 11.5 "01/16-01/20 | 985 / 980 / 975 | closed with discount tolerance 20 plus
    # payment tolerance -5 / 0 / +5" (DOC rows 7-9; the late discount is granted)
    (
        "7",
        (JAN(16), JAN(20)),
        "985",
        True,
        True,
        "20",
        "-5",
        S.POSTED_ON_PAYMENT,
        "0",
        "0",
    ),
    ("8", (JAN(16), JAN(20)), "980", True, True, "20", "0", None, "0", "0"),
    (
        "9",
        (JAN(16), JAN(20)),
        "975",
        True,
        True,
        "20",
        "5",
        S.POSTED_ON_DOCUMENT,
        "0",
        "0",
    ),
    # ref 11.5 "> 01/20 | 1005 / 1000 / 995 | closed with tolerance -5 / 0 / +5" (10-12)
    (
        "10",
        (JAN(21), JAN(31)),
        "1005",
        None,
        True,
        "0",
        "-5",
        S.POSTED_ON_PAYMENT,
        "0",
        "0",
    ),
    ("11", (JAN(21), JAN(31)), "1000", None, True, "0", "0", None, "0", "0"),
    (
        "12",
        (JAN(21), JAN(31)),
        "995",
        None,
        True,
        "0",
        "5",
        S.POSTED_ON_DOCUMENT,
        "0",
        "0",
    ),
    # ref 11.5 "> 01/20 | 985-975 | not closed; 15-25 stays open on the invoice" (13-15)
    ("13", (JAN(21), JAN(31)), "985", None, False, "0", "0", None, "0", "15"),
    ("14", (JAN(21), JAN(31)), "980", None, False, "0", "0", None, "0", "20"),
    ("15", (JAN(21), JAN(31)), "975", None, False, "0", "0", None, "0", "25"),
]


def bc_invoice():
    tolerance = S.max_payment_tolerance(D(1000), D(1), D(5))  # min(1 % x 1,000, 5) = 5
    return doc("INV", BC_INVOICE_DATE, "1000", [(10, 2)], tolerance=tolerance)


def bc_modes(answer):
    """The ways of reaching a row: "A" is the warning off, or on and accepted (DOC)."""
    if answer is None:
        return [(BC_GRACE, S.ClerkChoices())]
    warned = S.SettlementPolicy(grace_days=5, late_discount_warning=True)
    if answer:
        return [
            (BC_GRACE, S.ClerkChoices()),
            (warned, S.ClerkChoices(accept_late_discount={"INV"})),
        ]
    return [(warned, S.ClerkChoices(decline_late_discount={"INV"}))]


@pytest.mark.parametrize(
    "row, days, payment, answer, closed, late_discount, tolerance, side, on_payment, "
    "on_invoice",
    BC_TABLE,
    ids=[f"row {r[0]}" for r in BC_TABLE],
)
def test_bc_payment_tolerance_table(
    row,
    days,
    payment,
    answer,
    closed,
    late_discount,
    tolerance,
    side,
    on_payment,
    on_invoice,
):
    assert S.discount_tolerance_date(bc_invoice().discounts, BC_INVOICE_DATE, 5) == JAN(
        20
    )
    for day in days:  # both ends of the row's date range
        for policy, choices in bc_modes(answer):
            outcome = settle(
                payment, day, [bc_invoice()], policy=policy, choices=choices
            )
            (item,) = outcome.documents
            assert outcome.is_final
            in_period = day <= JAN(15)
            assert item.discount == (D(20) if in_period else D(0))
            assert item.late_discount == D(late_discount)
            assert item.tolerance == D(tolerance)
            assert item.tolerance_posted_on == side
            assert outcome.payment_remaining == D(on_payment)
            assert item.remaining == D(on_invoice)
            assert (item.closed and outcome.payment_remaining == 0) is closed


def test_bc_tolerance_sides_mean_gain_and_loss():
    over = settle("985", JAN(15), [bc_invoice()], policy=BC_GRACE)
    under = settle("975", JAN(15), [bc_invoice()], policy=BC_GRACE)
    assert over.documents[0].tolerance_effect == S.GAIN
    assert over.payment_tolerance == D("-5")
    assert under.documents[0].tolerance_effect == S.LOSS
    assert under.payment_tolerance == 0


# Example 2 of the BC DOC (multiple documents), not in the reference's summary: two
# invoices of 1,000 with discounts 60 (01/15, 6 %) and 30 (01/17, 3 %), tolerance 5
# each, grace 5D. (DOC row, payment date, payment, late discounts accepted, declined,
# late discounts, tolerance per invoice)
BC_TWO_INVOICES = [
    ("1", JAN(15), "1920", (), (), ("0", "0"), ("-5", "-5")),
    ("2", JAN(15), "1910", (), (), ("0", "0"), ("0", "0")),
    ("3", JAN(15), "1900", (), (), ("0", "0"), ("5", "5")),
    ("5B", JAN(16), "1970", (), ("I1",), ("0", "0"), ("0", "0")),
    ("7A", JAN(17), "1920", ("I1",), (), ("60", "0"), ("-5", "-5")),
    ("13D", JAN(18), "1980", ("I2",), ("I1",), ("0", "30"), ("-5", "-5")),
    ("20A", JAN(20), "1910", ("I1", "I2"), (), ("60", "30"), ("0", "0")),
    ("25A", JAN(21), "1980", ("I2",), (), ("0", "30"), ("-5", "-5")),
    ("30", JAN(23), "1990", (), (), ("0", "0"), ("5", "5")),
]


@pytest.mark.parametrize(
    "row, day, payment, accepted, declined, late, tolerance",
    BC_TWO_INVOICES,
    ids=[f"row {r[0]}" for r in BC_TWO_INVOICES],
)
def test_bc_two_invoices_each_keep_their_tolerance(
    row, day, payment, accepted, declined, late, tolerance
):
    invoices = [
        doc("I1", JAN(5), "1000", [(10, 6)], tolerance="5"),
        doc("I2", JAN(5), "1000", [(12, 3)], tolerance="5"),
    ]
    policy = S.SettlementPolicy(grace_days=5, late_discount_warning=True)
    choices = S.ClerkChoices(
        accept_late_discount=accepted, decline_late_discount=declined
    )
    outcome = settle(payment, day, invoices, policy=policy, choices=choices)
    assert outcome.is_final and outcome.all_closed and outcome.payment_remaining == 0
    by_ref = {item.reference: item for item in outcome.documents}
    assert (by_ref["I1"].late_discount, by_ref["I2"].late_discount) == tuple(
        map(D, late)
    )
    assert (by_ref["I1"].tolerance, by_ref["I2"].tolerance) == tuple(map(D, tolerance))


# --------------------------------------------------------------- warnings: the
# questions


def test_tolerance_warning_asks_and_both_answers():
    policy = S.SettlementPolicy(grace_days=5, tolerance_warning=True)
    asked = settle("975", JAN(15), [bc_invoice()], policy=policy)
    assert asked.needs_tolerance_confirmation and not asked.is_final
    assert asked.tolerance_to_confirm == D("5")
    # provisional figures: "leave it open"; the 975 still earns D365's partial-payment
    # discount 975 / 0.98 x 0.02 = 19.90, so 5.10 stays open (5.00 more in the period
    # closes it); with partial-payment discounts off (BC's rule) the whole 25 stays
    # open.
    item = asked.documents[0]
    assert (item.discount, item.remaining, item.tolerance) == (
        D("19.90"),
        D("5.10"),
        D(0),
    )
    bc_like = S.SettlementPolicy(
        grace_days=5, tolerance_warning=True, discount_on_partial_payments=False
    )
    assert (
        settle("975", JAN(15), [bc_invoice()], policy=bc_like).documents[0].remaining
        == 25
    )

    posted = settle(
        "975",
        JAN(15),
        [bc_invoice()],
        policy=policy,
        choices=S.ClerkChoices(post_tolerance=True),
    )
    assert posted.is_final and posted.documents[0].tolerance == D("5")
    left = settle(
        "975",
        JAN(15),
        [bc_invoice()],
        policy=policy,
        choices=S.ClerkChoices(post_tolerance=False),
    )
    assert left.is_final and left.documents[0].remaining == D("5.10")

    over = settle(
        "985",
        JAN(15),
        [bc_invoice()],
        policy=policy,
        choices=S.ClerkChoices(post_tolerance=False),
    )
    assert over.documents[0].closed and over.payment_remaining == D("5.00")


def test_no_question_outside_tolerance_or_without_difference():
    policy = S.SettlementPolicy(grace_days=5, tolerance_warning=True)
    assert settle("980", JAN(15), [bc_invoice()], policy=policy).is_final
    assert settle("970", JAN(15), [bc_invoice()], policy=policy).is_final


def test_late_discount_is_asked_first_then_tolerance():
    # BC 11.3: the late discount question comes first; its answer decides whether a
    # tolerance question follows (985 in the grace period: -5 only once 20 is granted).
    policy = S.SettlementPolicy(
        grace_days=5, late_discount_warning=True, tolerance_warning=True
    )
    first = settle("985", JAN(18), [bc_invoice()], policy=policy)
    assert first.late_discounts_to_accept == ("INV",)
    assert not first.needs_tolerance_confirmation
    assert first.documents[0].discount_available == D("20.00")
    assert first.documents[0].late_discount == 0  # provisional: "do not accept"

    second = settle(
        "985",
        JAN(18),
        [bc_invoice()],
        policy=policy,
        choices=S.ClerkChoices(accept_late_discount={"INV"}),
    )
    assert not second.needs_late_discount_acceptance
    assert second.tolerance_to_confirm == D("-5")

    final = settle(
        "985",
        JAN(18),
        [bc_invoice()],
        policy=policy,
        choices=S.ClerkChoices(accept_late_discount={"INV"}, post_tolerance=True),
    )
    assert final.is_final
    item = final.documents[0]
    assert (item.late_discount, item.tolerance, item.closed) == (D("20"), D("-5"), True)


def test_warnings_off_close_automatically_and_ignore_leave_open():
    # BC 11.3: "If warnings are off, in-tolerance invoices are closed automatically and
    # the user cannot keep the remainder open."
    outcome = settle(
        "975",
        JAN(18),
        [bc_invoice()],
        policy=BC_GRACE,
        choices=S.ClerkChoices(post_tolerance=False),
    )
    assert outcome.is_final and outcome.all_closed
    assert outcome.documents[0].late_discount == D("20")


# ------------------------------------------------------------------------- discount
# periods


def test_rate_in_force_over_periods_and_grace_boundary():
    invoice_day = date(2020, 6, 25)
    cases = [
        (invoice_day, D(2), False),
        (date(2020, 6, 30), D(2), False),  # last day of the 2 % period
        (date(2020, 7, 1), D(1), False),  # grace does not stretch the first period
        (date(2020, 7, 9), D(1), False),  # last discount date
        (date(2020, 7, 12), D(1), True),  # last day of a 3-day grace period
        (date(2020, 7, 13), D(0), False),  # one day after the discount tolerance date
    ]
    for day, percent, late in cases:
        rate = S.rate_on(TWO_5_ONE_14, invoice_day, day, grace_days=3)
        assert (rate.percent, rate.late) == (percent, late), day
    assert S.discount_tolerance_date(TWO_5_ONE_14, invoice_day, 3) == date(2020, 7, 12)
    assert S.last_discount_date(TWO_5_ONE_14, invoice_day) == date(2020, 7, 9)
    assert S.discount_tolerance_date(S.NO_DISCOUNT, invoice_day, 3) is None


def test_grace_period_boundary_in_a_settlement():
    invoice = doc("INV", JUN25, "1000", [(14, 1)])
    policy = S.SettlementPolicy(grace_days=2)
    on_last_grace_day = settle("990", date(2020, 7, 11), [invoice], policy=policy)
    assert on_last_grace_day.documents[0].late_discount == D("10.00")
    assert on_last_grace_day.all_closed
    day_after = settle("990", date(2020, 7, 12), [invoice], policy=policy)
    assert day_after.documents[0].remaining == D("10.00")


def test_periods_with_fixed_dates():
    schedule = S.discount_schedule([(date(2020, 6, 30), 2), (date(2020, 7, 9), 1)])
    assert S.discount_windows(schedule, JUN25) == (
        S.DiscountWindow(date(2020, 6, 30), D(2)),
        S.DiscountWindow(date(2020, 7, 9), D(1)),
    )
    assert S.rate_on(schedule, JUN25, date(2020, 7, 1)).percent == D(1)


@pytest.mark.parametrize(
    "periods, message",
    [
        ([(14, 1), (5, 2)], "strictly increasing in days"),
        ([(5, 2), (5, 1)], "strictly increasing in days"),
        ([(5, 1), (14, 2)], "strictly decreasing in rate"),
        ([(5, 2), (14, 2)], "strictly decreasing in rate"),
        (
            [(date(2020, 7, 9), 2), (date(2020, 6, 30), 1)],
            "strictly increasing in dates",
        ),
        ([(5, 0)], "above 0 %"),
        ([(5, 100)], "below 100 %"),
        ([(-1, 2)], "cannot be negative"),
    ],
)
def test_bad_discount_periods(periods, message):
    with refused(message):
        S.discount_schedule(periods)


def test_mixed_days_and_dates_checked_against_the_document_date():
    schedule = S.discount_schedule([(10, 2), (date(2020, 7, 1), 1)])
    assert S.discount_windows(schedule, date(2020, 6, 1))[-1].last_date == date(
        2020, 7, 1
    )
    with refused("strictly increasing in dates"):
        S.discount_windows(schedule, date(2020, 6, 25))  # 5 Jul, then 1 Jul
    with refused("strictly increasing in dates"):
        doc("INV", date(2020, 6, 25), "100", schedule.periods)


def test_value_objects_are_frozen():
    with pytest.raises(FrozenInstanceError):
        TWO_5_ONE_14.periods = ()
    with pytest.raises(FrozenInstanceError):
        bc_invoice().open_amount = D(1)


# ------------------------------------------------------------------------ tolerance
# amounts


@pytest.mark.parametrize(
    "amount, percent, maximum, expected",
    [
        ("1000", "1", "5", "5.00"),  # min(10, 5)
        ("300", "1", "5", "3.00"),  # min(3, 5)
        ("1000", "0", "5", "5.00"),  # 0 %: the maximum amount
        ("1000", "0.5", "0", "5.00"),  # no maximum: the percentage
        ("-1000", "1", "5", "-5.00"),  # credit notes negative
        ("1001", "0.5", "0", "5.01"),  # 5.005 rounds half up
        ("1000", "0", "0", "0.00"),
        ("-1000", "0", "0", "0.00"),  # never "-0.00"
    ],
)
def test_max_payment_tolerance(amount, percent, maximum, expected):
    result = S.max_payment_tolerance(D(amount), D(percent), D(maximum))
    assert result == D(expected) and str(result) == expected


def test_max_payment_tolerance_bad_setup():
    with refused("percent"):
        S.max_payment_tolerance(D(100), D(101), D(0))
    with refused("negative"):
        S.max_payment_tolerance(D(100), D(1), D(-1))


@pytest.mark.parametrize(
    "payment, closed, tolerance",
    [
        ("990.00", True, "10.00"),  # shortfall exactly the summed tolerance 6 + 4
        ("989.99", False, "0"),  # one cent beyond
        ("1010.00", True, "-10.00"),  # overpayment exactly at the boundary
        ("1010.01", False, "0"),
    ],
)
def test_exact_tolerance_boundary_over_two_documents(payment, closed, tolerance):
    documents = [
        doc("A", JUN25, "600", tolerance="6"),
        doc("B", JUN25, "400", tolerance="4"),
    ]
    outcome = settle(payment, JUN25, documents)
    assert (outcome.all_closed and outcome.payment_remaining == 0) is closed
    assert outcome.total_tolerance == D(tolerance)


def test_tolerance_spread_newest_first_each_up_to_its_own():
    documents = [
        doc("OLD", date(2020, 6, 1), "600", tolerance="6"),
        doc("NEW", date(2020, 6, 20), "400", tolerance="4"),
    ]
    outcome = settle("993", JUN25, documents)
    assert {d.reference: d.tolerance for d in outcome.documents} == {
        "OLD": D("3.00"),
        "NEW": D("4.00"),
    }
    assert all(d.tolerance_posted_on == S.POSTED_ON_DOCUMENT for d in outcome.documents)


def test_blocked_partner_and_apply_to_oldest_get_no_tolerance():
    for policy in (
        S.SettlementPolicy(tolerance_blocked=True),
        S.SettlementPolicy(apply_to_oldest=True),
    ):
        outcome = settle(
            "999", JUN25, [doc("INV", JUN25, "1000", tolerance="5")], policy=policy
        )
        assert outcome.documents[0].remaining == D("1.00")


# ---------------------------------------------------------------------------- credit
# notes


def test_credit_notes_do_not_widen_the_tolerance_of_a_payment():
    # BC CheckPmtTolCust: a payment counts the invoices' tolerance, a refund the credit
    # memos'; a credit note in a payment's application adds none.
    invoice = doc("INV", JUN25, "1000", tolerance="5")
    credit = doc("CN", JUN25, "-100", tolerance="-5")
    assert settle("895", JUN25, [invoice, credit]).all_closed
    assert not settle("894", JUN25, [invoice, credit]).all_closed


def test_refund_of_a_credit_note_within_tolerance():
    credit = doc("CN", JUN25, "-100", tolerance="-5")
    outcome = settle("-95", JUN25, [credit])
    (item,) = outcome.documents
    assert item.closed and item.tolerance == D("-5.00")
    assert item.tolerance_posted_on == S.POSTED_ON_DOCUMENT
    assert item.tolerance_effect == S.GAIN  # the company refunded 5 less than it owed


def test_credit_note_discount_can_be_switched_off():
    invoice = doc("INV", JUN25, "1000", [(14, 1)])
    credit = doc("CN", JUN25, "-100", [(14, 1)])
    policy = S.SettlementPolicy(discount_on_credit_notes=False)
    outcome = settle("890", JUN25, [invoice, credit], policy=policy)
    assert outcome.all_closed
    assert outcome.document("CN").discount == 0 and outcome.document("CN").applied == D(
        "-100"
    )


def test_short_payment_uses_the_credit_note_first():
    invoices = [doc("I1", date(2020, 6, 1), "500"), doc("I2", date(2020, 6, 2), "500")]
    credit = doc("CN", date(2020, 6, 20), "-200")
    outcome = settle("500", JUN25, invoices + [credit])
    assert [d.reference for d in outcome.documents] == ["CN", "I1", "I2"]
    assert outcome.document("CN").closed and outcome.document("I1").closed
    assert outcome.document("I2").remaining == D("300.00")


def test_vendor_bill_paid_short_within_tolerance_is_a_gain():
    # Odoo signs: a vendor bill and the money paid for it are negative.
    bill = doc("BILL", JUN25, "-1000", [(10, 2)], tolerance="-5")
    (item,) = settle("-975", JUN25, [bill]).documents
    assert (item.discount, item.tolerance, item.closed) == (
        D("-20.00"),
        D("-5.00"),
        True,
    )
    assert item.tolerance_posted_on == S.POSTED_ON_DOCUMENT
    assert item.tolerance_effect == S.GAIN
    with refused("positive payment amount"):
        settle("975", JUN25, [bill])


# ------------------------------------------------------------------------- ordering


def test_equal_dates_better_discount_first_whatever_the_input_order():
    day = date(2020, 6, 25)
    one = doc("ONE", day, "1000", [(14, 1)])
    two = doc("TWO", day, "1000", [(14, 2)])
    for documents in ([one, two], [two, one]):
        outcome = settle("490", day, documents)
        assert [d.reference for d in outcome.documents] == ["TWO", "ONE"]
        assert outcome.document("TWO").discount == D("10.00")


def test_equal_dates_and_rates_larger_discount_first():
    small = doc("SMALL", JUN25, "100", [(14, 2)])
    large = doc("LARGE", JUN25, "1000", [(14, 2)])
    outcome = settle("100", JUN25, [small, large])
    assert [d.reference for d in outcome.documents] == ["LARGE", "SMALL"]


def test_oldest_first_beats_a_better_discount():
    old = doc("OLD", date(2020, 6, 1), "1000", [(30, 1)])
    new = doc("NEW", date(2020, 6, 20), "1000", [(30, 3)])
    outcome = settle("500", JUN25, [new, old])
    assert [d.reference for d in outcome.documents] == ["OLD", "NEW"]
    assert outcome.document("NEW").applied == 0


# ------------------------------------------------------------------------------
# rounding


@pytest.mark.parametrize(
    "rounding, discount",
    [("0.01", "9.90"), ("0.001", "9.898"), ("1", "10"), ("0.05", "9.90")],
)
def test_rounding_quantum_v7(rounding, discount):
    # V7's 485 / 0.98 x 0.02 = 9.897959... at several currency precisions
    result = S.partial_payment_discount(D(485), D(1000), D(2), rounding=D(rounding))
    assert result.discount == D(discount)
    assert str(result.discount) == discount


def test_rounding_is_half_up_and_symmetric():
    # 0.02 at 20 %: 0.02 / 0.8 x 0.2 = 0.005 exactly; half up gives 0.01 (half-even
    # 0.00)
    assert S.partial_payment_discount(D("0.02"), D(10), D(20)).discount == D("0.01")
    assert S.partial_payment_discount(D("-0.02"), D(-10), D(20)).discount == D("-0.01")
    assert S.round_money(D("2.675")) == D("2.68")
    assert S.round_money(D("-2.675")) == D("-2.68")
    assert S.round_money(D("1.025"), D("0.05")) == D("1.05")
    assert str(S.round_money(D("-0.001"))) == "0.00"


def test_settlement_amounts_finer_than_the_rounding_are_refused():
    with refused("not a multiple of the rounding"):
        settle("99.999", JUN25, [doc("INV", JUN25, "100")])
    outcome = settle("98", JUN25, [doc("INV", JUN25, "100", [(10, 2)])], rounding=D(1))
    assert outcome.documents[0].discount == D(2)


def test_rounding_does_not_depend_on_the_callers_decimal_context():
    import decimal

    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = decimal.ROUND_DOWN
        result = S.partial_payment_discount(D(485), D(1000), D(2))
    assert result.discount == D("9.90")


# ------------------------------------------------------------- discount base (tax
# excluded)


def test_discount_on_the_untaxed_part_only():
    # D365 9.3 Ex 4: invoice 600 + tax 38.22 = 638.22, discount 12.00 = 2 % of the 600
    # net; paid 626.22. Odoo's "tax excluded" early discount has the same shape.
    invoice = doc("INV", JUN25, "638.22", [(14, 2)], base="600")
    (item,) = settle("626.22", JUN25, [invoice]).documents
    assert (item.discount, item.closed) == (D("12.00"), True)
    # half of the payment earns half of the discount; the rest is then due at the same
    # rate
    first, second = S.settle_in_sequence(
        invoice, [(JUN25, D("313.11")), (date(2020, 7, 1), D("313.11"))]
    )
    assert first.documents[0].discount == D("6.00")
    assert first.documents[0].remaining == D("319.11")
    assert second.documents[0].discount == D("6.00") and second.documents[0].closed


# --------------------------------------------------------------------- other settings


def test_partial_payment_discount_can_be_switched_off():
    policy = S.SettlementPolicy(discount_on_partial_payments=False)
    (item,) = settle(
        "495", JUN25, [doc("INV", JUN25, "1000", [(14, 1)])], policy=policy
    ).documents
    assert (item.discount, item.remaining) == (D("0"), D("505.00"))


def test_discount_never():
    choices = S.ClerkChoices(discount_never={"INV"})
    invoice = doc("INV", JUN25, "1000", [(14, 1)])
    (item,) = settle("990", JUN25, [invoice], choices=choices).documents
    assert (item.discount, item.remaining) == (D("0"), D("10.00"))


def test_amount_due_with_discount_for_matching_and_registration():
    invoice = doc("INV", JUN25, "1000", [(5, 2), (14, 1)])
    assert S.amount_due_with_discount(invoice, date(2020, 6, 29)) == D("980.00")
    assert S.amount_due_with_discount(invoice, date(2020, 7, 9)) == D("990.00")
    assert S.amount_due_with_discount(invoice, date(2020, 7, 12), 3) == D("990.00")
    assert S.amount_due_with_discount(invoice, date(2020, 7, 13), 3) == D("1000")


def test_discount_steps_give_the_amount_due_in_each_period():
    steps = S.discount_steps(TWO_5_ONE_14, JUN25, D("1000"), grace_days=3)
    assert steps == ((date(2020, 6, 30), D("980.00")), (date(2020, 7, 12), D("990.00")))
    invoice = doc("INV", JUN25, "1000", [(5, 2), (14, 1)])
    for last_date, due in steps:
        assert S.amount_due_with_discount(invoice, last_date, 3) == due
    # Tax excluded: 2 % of the 1,000 untaxed part of 1,210.
    assert S.discount_steps(TWO_5_ONE_14, JUN25, D("1210"), discount_base=D("1000"))[0][
        1
    ] == D("1190.00")
    assert S.discount_steps(S.NO_DISCOUNT, JUN25, D("1000")) == ()


# ---------------------------------------------------------------------------- bad input


def test_payment_date_before_the_document_date():
    invoice = doc("INV", JUN25, "1000", [(14, 1)])
    with refused("before the date of document INV", S.codes.PAYMENT_BEFORE_DOCUMENT):
        settle("990", date(2020, 6, 24), [invoice])
    with refused("before the document date"):
        S.rate_on(invoice.discounts, JUN25, date(2020, 6, 24))


def test_negative_payment_for_an_invoice_settlement():
    with refused(
        "negative payment amount -5 for an invoice settlement",
        S.codes.NEGATIVE_PAYMENT_FOR_INVOICES,
    ):
        settle("-5", JUN25, [doc("INV", JUN25, "1000")])
    with refused("wrong sign"):
        S.partial_payment_discount(D(-5), D(1000), D(1))
    with refused(
        "positive payment amount 5 for documents with a negative",
        S.codes.POSITIVE_PAYMENT_FOR_REFUNDS,
    ):
        settle("5", JUN25, [doc("CN", JUN25, "-100")])


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: S.settle_payment(990.0, JUN25, [doc("INV", JUN25, "1000")]),
            TypeError,
            "float",
        ),
        (lambda: S.settle_payment(D(1), JUN25, []), MessageError, "at least one"),
        (
            lambda: S.settle_payment(
                D(1), JUN25, [doc("X", JUN25, "1"), doc("X", JUN25, "2")]
            ),
            MessageError,
            "appears twice",
        ),
        (
            lambda: S.settle_payment(
                D(1),
                JUN25,
                [doc("X", JUN25, "5")],
                choices=S.ClerkChoices(accept_late_discount={"Y"}),
            ),
            MessageError,
            "not settled here: Y",
        ),
        (lambda: doc("X", JUN25, "0"), MessageError, "nothing open"),
        (
            lambda: doc("X", JUN25, "-100", tolerance="5"),
            MessageError,
            "negative tolerance",
        ),
        (lambda: S.SettlementPolicy(grace_days=-1), MessageError, "cannot be negative"),
        (
            lambda: S.partial_payment_discount(D(1), D(10), D(1), rounding=D(0)),
            MessageError,
            "quantum",
        ),
        (
            lambda: S.ClerkChoices(
                accept_late_discount={"A"}, decline_late_discount={"A"}
            ),
            MessageError,
            "both in",
        ),
    ],
    ids=[
        "float",
        "no documents",
        "duplicate",
        "unknown choice",
        "zero document",
        "tolerance sign",
        "negative grace",
        "zero rounding",
        "contradictory answers",
    ],
)
def test_bad_input(call, error, message):
    if error is MessageError:
        with refused(message):
            call()
    else:
        with pytest.raises(error, match=message):
            call()


def test_sequence_rejects_out_of_order_and_settled_documents():
    invoice = doc("INV", JUN25, "1000")
    with refused("date order"):
        S.settle_in_sequence(
            invoice, [(date(2020, 7, 2), D(1)), (date(2020, 7, 1), D(1))]
        )
    with refused("already settled"):
        S.settle_in_sequence(invoice, [(JUN25, D(1000)), (JUN25, D(1))])
