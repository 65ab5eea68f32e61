"""Customer statements of a batch of customers (BC bc-receivables.md 12.1): what is
open on the statement date after the applications up to it, one statement per
customer and currency, customers with nothing to show left out, the aging buckets a
user types. Vectors worked out by hand."""

from datetime import date
from decimal import Decimal

import pytest
from ar_reconcile_lib import collections as K
from ar_reconcile_lib.collections import codes as C
from collections_text import refused

D = Decimal
END = date(2026, 3, 31)


def item(customer, ref, day, amount, currency="NOK", due=None, applications=()):
    return K.StatementItem(
        customer, ref, day, D(amount), currency, due, applications=applications
    )


def test_open_on_counts_only_applications_up_to_the_date():
    """Rule: an application after the statement date has not happened yet."""
    applications = ((date(2026, 3, 10), D(-300)), (date(2026, 4, 2), D(-200)))
    assert K.open_on(D(1000), applications, END) == D(700)
    assert K.open_on(D(1000), applications, date(2026, 4, 2)) == D(500)
    assert K.open_on(D(1000), applications, date(2026, 3, 9)) == D(1000)


def test_one_statement_per_customer_and_currency():
    """Rule: a statement is in one currency; a customer with EUR and NOK entries gets
    two, in currency-code order; open amounts after partial payments."""
    items = (
        item(
            "A",
            "INV1",
            date(2026, 1, 10),
            1000,
            due=date(2026, 2, 9),
            applications=((date(2026, 3, 1), D(-400)),),
        ),
        item(
            "A",
            "PAY1",
            date(2026, 3, 1),
            -400,
            applications=((date(2026, 3, 1), D(400)),),
        ),
        item("A", "INV2", date(2026, 3, 5), 250, "EUR", due=date(2026, 4, 4)),
        item("B", "INV3", date(2026, 3, 20), 80, due=date(2026, 4, 19)),
    )
    result = K.customer_statements(items, END)
    assert sorted(result) == ["A", "B"]
    eur, nok = result["A"]
    assert (eur.currency, nok.currency) == ("EUR", "NOK")
    assert [(ln.entry.ref, ln.amount) for ln in nok.lines] == [("INV1", D(600))]
    assert nok.closing_balance == D(600)
    # INV1 is 50 days overdue on 31 March: the 31-60 bucket.
    assert [b.amount for b in nok.aging] == [D(0), D(0), D(600), D(0), D(0)]
    assert eur.closing_balance == D(250)
    assert [b.amount for b in eur.aging] == [D(250), D(0), D(0), D(0), D(0)]


def test_all_activity_keeps_paid_items_and_the_opening_balance():
    """Rule: all activity shows every entry of the period at its full amount, the
    opening balance is the sum before the start; a fully paid customer still has a
    statement when it had activity; one with no activity and zero balance has none."""
    items = (
        item(
            "A",
            "INV1",
            date(2026, 2, 10),
            1000,
            applications=((date(2026, 3, 5), D(-1000)),),
        ),
        item(
            "A",
            "PAY1",
            date(2026, 3, 5),
            -1000,
            applications=((date(2026, 3, 5), D(1000)),),
        ),
        item(
            "C",
            "OLD",
            date(2025, 1, 10),
            100,
            applications=((date(2025, 2, 1), D(-100)),),
        ),
        item(
            "C",
            "OLDPAY",
            date(2025, 2, 1),
            -100,
            applications=((date(2025, 2, 1), D(100)),),
        ),
    )
    result = K.customer_statements(
        items, END, start=date(2026, 3, 1), mode=K.ALL_ACTIVITY
    )
    assert list(result) == ["A"]
    (nok,) = result["A"]
    assert nok.opening_balance == D(1000)
    assert [(ln.entry.ref, ln.amount, ln.balance) for ln in nok.lines] == [
        ("PAY1", D(-1000), D(0))
    ]
    assert nok.closing_balance == D(0)
    assert K.customer_statements(items, END) == {}


def test_items_after_the_end_are_left_out():
    items = (item("A", "LATER", date(2026, 4, 1), 100),)
    assert K.customer_statements(items, END, mode=K.ALL_ACTIVITY) == {}


def test_overdue_is_every_bucket_but_not_due():
    items = (
        item("A", "INV1", date(2026, 1, 1), 100, due=date(2026, 1, 31)),
        item("A", "INV2", date(2026, 3, 30), 40, due=date(2026, 4, 29)),
    )
    (nok,) = K.customer_statements(items, END)["A"]
    assert K.overdue(nok) == D(100)


@pytest.mark.parametrize(
    ("text", "limits"),
    [
        ("30,60,90", (30, 60, 90)),
        (" 15; 30 ; 45 ", (15, 30, 45)),
        ("7 14", (7, 14)),
        ("", (30, 60, 90)),
        (None, (30, 60, 90)),
    ],
)
def test_parse_buckets(text, limits):
    assert K.parse_buckets(text) == limits


def test_parse_buckets_refuses_text_and_decreasing_days():
    with refused(C.BUCKETS_NOT_NUMBERS, "whole numbers of days.*30 days"):
        K.parse_buckets("30 days")
    with refused(C.BUCKETS_NOT_NUMBERS):
        K.parse_buckets("30,-60")
    with refused(C.BUCKETS_NOT_INCREASING):
        K.parse_buckets("60,30")


def test_a_float_amount_is_refused():
    with refused(C.FLOAT_AMOUNT):
        K.StatementItem("A", "X", END, 1.5, "NOK")
    with refused(C.FLOAT_AMOUNT):
        K.StatementItem("A", "X", END, D(1), "NOK", applications=((END, 0.5),))


def test_unknown_mode_is_refused():
    with refused(C.UNKNOWN_STATEMENT_MODE):
        K.customer_statements((), END, mode="everything")
