"""Finance charges (BC bc-receivables.md 12.7, D365 d365-credit-collections.md 8.1 and
8.3). Vectors worked out by hand from the formulas quoted in each test; each detail
line is rounded to the cent half up and an entry's interest is the sum of its lines."""

from datetime import date
from decimal import Decimal

import pytest
from ar_reconcile_lib import collections as K
from ar_reconcile_lib.collections import codes as C
from collections_text import english, refused

D = Decimal
TODAY = date(2026, 12, 2)


def entry(due, amount, *movements, **kw):
    kw.setdefault("currency", "EUR")
    open_amount = D(amount) + sum((D(m[1]) for m in movements), D(0))
    return K.OpenEntry(
        "INV",
        due,
        due,
        open_amount,
        amount=D(amount),
        movements=tuple(K.Movement(d, D(a)) for d, a in movements),
        **kw,
    )


def details(line):
    return [(d.start, d.days, d.base, d.rate, d.amount) for d in line.details]


def test_balance_due_is_a_flat_percentage_after_the_grace_period():
    """interest = remaining x rate / 100, only if due + grace < memo date."""
    terms = K.FinanceChargeTerms(D(2), method=K.BALANCE_DUE, grace_days=5)
    item = entry(date(2026, 3, 1), "1234.56")
    assert K.entry_interest(terms, item, date(2026, 3, 6)) is None  # 03-06 not < 03-06
    line = K.entry_interest(terms, item, date(2026, 3, 7))
    assert line.amount == D("24.69")  # 24.6912
    assert details(line) == [(date(2026, 3, 1), 6, D("1234.56"), D(2), D("24.69"))]
    # No day count: two months later the charge is the same.
    assert K.entry_interest(terms, item, date(2026, 5, 7)).amount == D("24.69")


def test_balance_due_takes_the_rate_in_force_on_the_memo_date():
    rates = (K.InterestRate(date(2026, 1, 1), D(3), 30),)
    terms = K.FinanceChargeTerms(D(2), method=K.BALANCE_DUE, rates=rates)
    item = entry(date(2025, 12, 1), "1234.56")
    assert K.entry_interest(terms, item, date(2025, 12, 20)).amount == D("24.69")
    assert K.entry_interest(terms, item, date(2026, 1, 20)).amount == D("37.04")


def test_average_daily_balance_without_payments():
    """overdue amount x days / period x rate / 100: 1000 due 01-31, memo 03-02 =
    30 days (February 2026 has 28), 10 % per 360 days: 8.333 -> 8.33."""
    terms = K.FinanceChargeTerms(D(10), period_days=360)
    line = K.entry_interest(terms, entry(date(2026, 1, 31), 1000), date(2026, 3, 2))
    assert details(line) == [(date(2026, 1, 31), 30, D(1000), D(10), D("8.33"))]


def test_average_daily_balance_follows_partial_payments_day_by_day():
    """BC: each movement contributes amount x days from max(start, its date) to the
    memo date: 1000 x 30 - 400 x 20 - 300 x 10 = 19000 balance-days, x 12 / 36000 =
    6.33; as periods: 10 days on 1000 (3.33), 10 on 600 (2.00), 10 on 300 (1.00)."""
    terms = K.FinanceChargeTerms(D(12), period_days=360)
    item = entry(
        date(2026, 3, 1),
        1000,
        (date(2026, 3, 11), -400),
        (date(2026, 3, 21), -300),
    )
    assert item.open_amount == D(300)
    line = K.entry_interest(terms, item, date(2026, 3, 31))
    assert details(line) == [
        (date(2026, 3, 1), 10, D(1000), D(12), D("3.33")),
        (date(2026, 3, 11), 10, D(600), D(12), D("2.00")),
        (date(2026, 3, 21), 10, D(300), D(12), D("1.00")),
    ]
    assert line.amount == D("6.33")


def test_a_payment_before_the_due_date_lowers_the_whole_base():
    terms = K.FinanceChargeTerms(D(12), period_days=360)
    item = entry(date(2026, 3, 1), 1000, (date(2026, 2, 20), -400))
    line = K.entry_interest(terms, item, date(2026, 3, 31))
    assert details(line) == [(date(2026, 3, 1), 30, D(600), D(12), D("6.00"))]


def test_dated_rates_split_the_calculation_on_1_january():
    """Statutory rates 12.25 % from 2025-07-01 and 11.75 % from 2026-01-01, per 365
    days. 10000 due 2025-12-01, memo 2026-01-31: 31 days x 12.25 % = 104.0411 ->
    104.04; 30 days x 11.75 % = 96.5753 -> 96.58; total 200.62."""
    rates = (
        K.InterestRate(date(2026, 1, 1), D("11.75"), 365),
        K.InterestRate(date(2025, 7, 1), D("12.25"), 365),
    )
    terms = K.FinanceChargeTerms(D(0), rates=rates)
    line = K.entry_interest(terms, entry(date(2025, 12, 1), 10000), date(2026, 1, 31))
    assert details(line) == [
        (date(2025, 12, 1), 31, D(10000), D("12.25"), D("104.04")),
        (date(2026, 1, 1), 30, D(10000), D("11.75"), D("96.58")),
    ]
    assert line.amount == D("200.62")
    # A partial payment of 4000 on 01-16 splits January: 15 days on 10000 (48.29),
    # 15 days on 6000 (28.97).
    paid = entry(date(2025, 12, 1), 10000, (date(2026, 1, 16), -4000))
    line = K.entry_interest(terms, paid, date(2026, 1, 31))
    assert [d.amount for d in line.details] == [D("104.04"), D("48.29"), D("28.97")]
    assert line.amount == D("181.30")
    assert english(line.details[1].describe("EUR")) == (
        "15 days from 2026-01-01 on 10,000 at 11.75 % per 365 days: 48.29"
    )


def test_the_terms_rate_applies_before_the_first_dated_rate():
    """10000 due 2025-12-22, memo 2026-01-11: 10 days at the terms' 8 % per 360
    (22.22), then 10 days at 11.75 % per 365 (32.19)."""
    rates = (K.InterestRate(date(2026, 1, 1), D("11.75"), 365),)
    terms = K.FinanceChargeTerms(D(8), period_days=360, rates=rates)
    line = K.entry_interest(terms, entry(date(2025, 12, 22), 10000), date(2026, 1, 11))
    assert [(d.days, d.amount) for d in line.details] == [
        (10, D("22.22")),
        (10, D("32.19")),
    ]
    assert line.amount == D("54.41")


def test_d365_per_day_interest_is_a_365_day_period():
    """D365 per-day: amount x yearly % / 365 x days late: 1000 x 12 % / 365 x 30 =
    9.86 (the reference's own illustration)."""
    terms = K.FinanceChargeTerms(D(12), period_days=365)
    line = K.entry_interest(terms, entry(date(2026, 3, 1), 1000), date(2026, 3, 31))
    assert line.amount == D("9.86")


def test_d365_ranges_by_days_overdue_split_the_periods():
    """Ranges 0 -> 1.5 %, 61 -> 2 % per 30 days: from the 61st day overdue
    (due + 60 = 2026-03-02) the higher rate. 1000 due 01-01, memo 04-01: 60 days x
    1.5 % / 30 = 30.00, 30 days x 2 % / 30 = 20.00."""
    ranges = (K.InterestRange(D(0), D("1.5")), K.InterestRange(D(61), D(2)))
    terms = K.FinanceChargeTerms(D(0), period_days=30, ranges=ranges)
    line = K.entry_interest(terms, entry(date(2026, 1, 1), 1000), date(2026, 4, 1))
    assert details(line) == [
        (date(2026, 1, 1), 60, D(1000), D("1.5"), D("30.00")),
        (date(2026, 3, 2), 30, D(1000), D(2), D("20.00")),
    ]


def test_d365_ranges_by_amount_pick_the_rate_by_the_base():
    """Ranges 0 -> 1 %, 1001 -> 2 %, 5001 -> 3 % per 90 days. 2000 due 01-01 at 2 %:
    45 days to 02-15 = 20.00; after a payment of 1500 the base 500 is at 1 %:
    45 days to 04-01 = 2.50."""
    ranges = (
        K.InterestRange(D(0), D(1)),
        K.InterestRange(D(1001), D(2)),
        K.InterestRange(D(5001), D(3)),
    )
    terms = K.FinanceChargeTerms(
        D(0), period_days=90, ranges=ranges, range_by=K.RANGE_BY_AMOUNT
    )
    item = entry(date(2026, 1, 1), 2000, (date(2026, 2, 15), -1500))
    line = K.entry_interest(terms, item, date(2026, 4, 1))
    assert [(d.days, d.base, d.rate, d.amount) for d in line.details] == [
        (45, D(2000), D(2), D("20.00")),
        (45, D(500), D(1), D("2.50")),
    ]


def test_grace_interest_start_held_and_credit_entries():
    """Grace decides whether interest is charged, it still runs from the due date;
    interest already charged up to a date starts there; held entries and credits bear
    none."""
    terms = K.FinanceChargeTerms(D(36), period_days=360, grace_days=10)
    due = date(2026, 3, 1)
    assert K.entry_interest(terms, entry(due, 1000), date(2026, 3, 11)) is None
    assert K.entry_interest(terms, entry(due, 1000), date(2026, 3, 12)).amount == D(
        "11.00"
    )  # 11 days x 1000 x 36 / 36000
    later = entry(due, 1000, interest_from=date(2026, 3, 15))
    assert K.entry_interest(terms, later, date(2026, 3, 25)).amount == D("10.00")
    assert K.entry_interest(terms, entry(due, 1000, on_hold=True), TODAY) is None
    assert K.entry_interest(terms, entry(due, 1000, disputed=True), TODAY) is None
    credit = K.OpenEntry("CN", due, due, D(-100), "EUR")
    assert K.entry_interest(terms, credit, TODAY) is None


def test_memo_minimum_amount_fee_and_batch():
    terms = K.FinanceChargeTerms(
        D(12), period_days=360, minimum_amount=D(5), fees={"EUR": D(25)}
    )
    small = entry(date(2026, 3, 1), 1000)  # 30 days: 10.00; 10 days: 3.33
    account = K.FinanceChargeAccount("P1", terms, (small,))
    memos, skipped = K.create_memos([account], date(2026, 3, 11), TODAY)
    assert memos == ()
    assert english(skipped[0].reason) == (
        "the interest 3.33 is below the minimum amount 5"
    )
    memos, skipped = K.create_memos([account], date(2026, 3, 31), TODAY)
    (memo,) = memos
    assert (memo.interest, memo.fee, memo.total) == (D("10.00"), D(25), D("35.00"))
    blocked = K.FinanceChargeAccount("P2", terms, (small,), blocked=True)
    memos, skipped = K.create_memos([blocked], date(2026, 3, 31), TODAY)
    assert [s.reason.code for s in skipped] == [C.SKIP_BLOCKED]
    with refused(C.RUN_DATE_IN_FUTURE):
        K.create_memos([account], date(2026, 12, 3), TODAY)
    nothing = K.finance_charge_memo(terms, "P1", "EUR", date(2026, 3, 1), (small,))
    assert nothing.reason.code == C.SKIP_NO_INTEREST


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"rate": D(-1)}, C.NEGATIVE),
        ({"period_days": 0}, C.NOT_POSITIVE),
        ({"method": "compound"}, C.UNKNOWN_INTEREST_METHOD),
        ({"grace_days": -3}, C.NEGATIVE),
        ({"fees": {"EUR": D(-1)}}, C.NEGATIVE),
        ({"range_by": "months"}, C.UNKNOWN_RANGE_BASIS),
        (
            {"ranges": (K.InterestRange(D(61), D(2)), K.InterestRange(D(0), D(1)))},
            C.RANGES_UNSORTED,
        ),
        (
            {
                "rates": (
                    K.InterestRate(date(2026, 1, 1), D(3), 360),
                    K.InterestRate(date(2026, 1, 1), D(4), 360),
                )
            },
            C.RATES_SAME_START,
        ),
    ],
)
def test_bad_finance_charge_terms_are_refused(kwargs, code):
    values = {"rate": D(8), **kwargs}
    with refused(code):
        K.FinanceChargeTerms(**values)


def test_a_negative_dated_rate_is_refused():
    with refused(C.NEGATIVE, "interest rate cannot be negative: -0.5"):
        K.InterestRate(date(2026, 1, 1), D("-0.5"), 365)


def test_waive_reinstate_reverse_leave_the_balance_right():
    """D365 8.3: waive credits charges - payments - waived - written off; reinstate
    debits what the waiver forgave and cancels its unused credit; reverse credits as
    waive and the recalculated interest is charged again."""
    charged, paid = D(100), D(30)
    balance = charged - paid
    waived = K.waive(charged, paid=paid)
    assert (waived.amount, waived.direction) == (D("70.00"), "credit")
    balance -= waived.amount
    assert balance == 0
    back = K.reinstate(waived.amount)
    assert (back.amount, back.direction, back.cancel_credit) == (D(70), "debit", D(0))
    assert balance + back.amount + back.cancel_credit == D(70)
    # The customer paid 20 after the waiver: that much of the credit is unused.
    partly = K.reinstate(D(70), unused_credit=D(20))
    assert (partly.amount, partly.cancel_credit) == (D(50), D(20))
    assert K.waive(charged, paid=paid, waived=D(20)).amount == D(50)
    reversed_ = K.reverse(charged, paid=paid, recalculated=D("80.5"))
    assert (reversed_.amount, reversed_.recharge) == (D(70), D("80.50"))
    owed = charged - paid  # before the reverse: 70 of the old charge is open
    owed = owed - reversed_.amount + reversed_.recharge
    assert owed == D("80.50")  # the old charge is gone, the recalculated one owed


def test_waive_refusals():
    with refused(C.NOTHING_TO_WAIVE, "charge of 100"):
        K.waive(D(100), paid=D(100))
    with refused(C.WAIVE_ABOVE_LIMIT, "70.00 is above the limit 40"):
        K.waive(D(100), paid=D(30), limit=D(40))
    with refused(C.NOTHING_TO_REINSTATE):
        K.reinstate(D(50), reinstated=D(50))
    with refused(C.NEGATIVE):
        K.waive(D(-5))


def test_closed_entries_bear_interest_for_the_days_they_were_open():
    """BC Interest Calculation = Closed/All Entries: a paid invoice bears Average Daily
    Balance interest up to its payment; closed at or before due + grace, none. 1000
    due 03-01 paid 03-21, grace 5, 18 % per 360: 20 days x 1000 = 10.00."""
    late = entry(date(2026, 3, 1), 1000, (date(2026, 3, 21), -1000))
    on_time = entry(date(2026, 3, 1), 1000, (date(2026, 3, 6), -1000))
    memo = date(2026, 3, 31)
    for interest_on in (K.CLOSED_ENTRIES, K.ALL_ENTRIES):
        terms = K.FinanceChargeTerms(
            D(18), period_days=360, grace_days=5, interest_on=interest_on
        )
        line = K.entry_interest(terms, late, memo)
        assert details(line) == [(date(2026, 3, 1), 20, D(1000), D(18), D("10.00"))]
        assert K.entry_interest(terms, on_time, memo) is None  # 03-06 = due + grace
    open_only = K.FinanceChargeTerms(D(18), period_days=360, grace_days=5)
    assert K.entry_interest(open_only, late, memo) is None
    closed_only = K.FinanceChargeTerms(D(18), interest_on=K.CLOSED_ENTRIES)
    assert K.entry_interest(closed_only, entry(date(2026, 3, 1), 1000), memo) is None
    with refused(C.UNKNOWN_INTEREST_ON, "not paid"):
        K.FinanceChargeTerms(D(18), interest_on="paid")


def test_memo_in_another_currency_uses_the_company_minimum_and_fee():
    """BC: Minimum Amount (LCY), Additional Fee (LCY) unless the currency has its own.
    10000 SEK due 03-01 at 12 % per 360, 11 SEK per EUR: to 03-31 100.00 SEK = 9.09
    EUR >= 5, fee 25 EUR = 275.00 SEK; to 03-11 33.33 SEK = 3.03 EUR < 5."""
    terms = K.FinanceChargeTerms(
        D(12),
        period_days=360,
        minimum_amount=D(5),
        fees={"EUR": D(25)},
        company_currency="EUR",
    )
    sek = entry(date(2026, 3, 1), 10000, currency="SEK")
    account = K.FinanceChargeAccount("P1", terms, (sek,))
    rates = {"SEK": D(11)}
    (memo,), _ = K.create_memos([account], date(2026, 3, 31), TODAY, rates=rates)
    assert (memo.interest, memo.fee, memo.total) == (D("100.00"), D(275), D(375))
    memos, (skipped,) = K.create_memos([account], date(2026, 3, 11), TODAY, rates=rates)
    assert english(skipped.reason) == (
        "the interest 33.33 is below the minimum amount 5"
    )
    with refused(C.MISSING_RATE, "no exchange rate for SEK"):
        K.create_memos([account], date(2026, 3, 31), TODAY)


def test_a_boundary_that_changes_nothing_is_one_detail_rounded_once():
    """A days range with the same rate (from the 31st day) does not split: 1001 x 60
    days x 1 % / 360 = 1.6683 -> 1.67 (two lines would round 0.8342 twice: 1.66)."""
    ranges = (K.InterestRange(D(0), D(1)), K.InterestRange(D(31), D(1)))
    terms = K.FinanceChargeTerms(D(0), period_days=360, ranges=ranges)
    item = entry(date(2026, 1, 1), 1001, (date(2026, 1, 20), D(0)))
    line = K.entry_interest(terms, item, date(2026, 3, 2))
    assert details(line) == [(date(2026, 1, 1), 60, D(1001), D(1), D("1.67"))]
