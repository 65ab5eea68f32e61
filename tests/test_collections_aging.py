"""Customer statements (BC bc-receivables.md 12.1): open items or all activity for a
period with a running balance, aging on the statement's last date, in the customer's
currency. Vectors worked out by hand."""

from datetime import date
from decimal import Decimal

import pytest
from ar_reconcile_lib import collections as K
from ar_reconcile_lib.collections import codes as C
from collections_text import english, refused

D = Decimal
END = date(2026, 3, 31)


def item(ref, day, amount, open_amount, due=None, currency="EUR"):
    return K.StatementEntry(ref, day, D(amount), currency, due, D(open_amount))


ENTRIES = (
    item("INV1", date(2026, 1, 10), 1000, 1000, date(2026, 2, 9)),
    item("INV2", date(2026, 2, 15), 500, 200, date(2026, 3, 17)),  # 300 paid
    item("PAY", date(2026, 3, 1), -300, 0),  # fully applied to INV2
    item("INV3", date(2026, 3, 20), 800, 800, date(2026, 4, 19)),
    item("CN", date(2026, 3, 25), -100, -100),  # no due date: ages from its date
    item("INV4", date(2026, 4, 2), 999, 999, date(2026, 5, 2)),  # after the end
)


def lines(statement):
    return [(ln.entry.ref, ln.amount, ln.balance) for ln in statement.lines]


def test_open_items_with_running_balance():
    """Open on the end date, oldest first, the running balance of open amounts."""
    result = K.statement(ENTRIES, END, currency="EUR")
    assert lines(result) == [
        ("INV1", D(1000), D(1000)),
        ("INV2", D(200), D(1200)),
        ("INV3", D(800), D(2000)),
        ("CN", D(-100), D(1900)),
    ]
    assert (result.opening_balance, result.closing_balance) == (D(0), D(1900))


def test_all_activity_for_a_period_starts_from_the_opening_balance():
    """Opening = entries before the start (1000 + 500); then every movement of the
    period at its full amount; the closing balance equals what is open."""
    result = K.statement(
        ENTRIES, END, currency="EUR", start=date(2026, 3, 1), mode=K.ALL_ACTIVITY
    )
    assert result.opening_balance == D(1500)
    assert lines(result) == [
        ("PAY", D(-300), D(1200)),
        ("INV3", D(800), D(2000)),
        ("CN", D(-100), D(1900)),
    ]
    assert result.closing_balance == D(1900)
    everything = K.statement(ENTRIES, END, currency="EUR", mode=K.ALL_ACTIVITY)
    assert everything.opening_balance == D(0)
    assert len(everything.lines) == 5


def test_aging_buckets_by_days_overdue_on_the_end_date():
    """Days overdue = end - due date: INV1 50 (31-60), INV2 14 (1-30), CN 6 from its
    date (1-30), INV3 -19 (not due); INV4 is after the end."""
    result = K.statement(ENTRIES, END, currency="EUR")
    assert [(english(b.label), b.amount) for b in result.aging] == [
        ("Not due", D(800)),
        ("1-30 days", D(100)),
        ("31-60 days", D(1000)),
        ("61-90 days", D(0)),
        ("Over 90 days", D(0)),
    ]
    custom = K.statement(ENTRIES, END, currency="EUR", buckets=(15, 45))
    assert [(b.low, b.high, b.amount) for b in custom.aging] == [
        (None, 0, D(800)),
        (1, 15, D(100)),
        (16, 45, D(0)),
        (46, None, D(1000)),
    ]
    # Due exactly on the end date is 0 days overdue: not due.
    due_today = (item("X", date(2026, 3, 1), 10, 10, END),)
    assert K.aging(due_today, END)[0].amount == D(10)


@pytest.mark.parametrize("buckets", [(30, 30), (60, 30), (0, 30), (-5,), (30.0,)])
def test_bad_buckets_are_refused(buckets):
    with refused(C.BUCKETS_NOT_INCREASING):
        K.statement(ENTRIES, END, currency="EUR", buckets=buckets)


def test_bad_statement_input_is_refused():
    with refused(C.PERIOD_REVERSED, "starts on 2026-04-01, after its end 2026-03-31"):
        K.statement(ENTRIES, END, currency="EUR", start=date(2026, 4, 1))
    with refused(C.CURRENCY_MIXED, "document N is in NOK, the statement in EUR"):
        K.statement(
            (*ENTRIES, item("N", END, 1, 1, currency="NOK")), END, currency="EUR"
        )
    with refused(C.UNKNOWN_STATEMENT_MODE):
        K.statement(ENTRIES, END, currency="EUR", mode="everything")
