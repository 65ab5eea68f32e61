"""Reminder runs (BC bc-receivables.md 12.4). Vectors worked out by hand from the run
algorithm: next level = last level + 1; overdue for that level when (reminder due date
= previous reminder's due date, or the invoice's due date) + the level's grace period
< run date; the highest level repeats; max reminders stops; the minimum amount and a
positive total decide whether a reminder is created."""

from datetime import date
from decimal import Decimal

from ar_reconcile_lib import collections as K
from ar_reconcile_lib.collections import codes as C
from collections_text import english, refused

D = Decimal
TODAY = date(2026, 12, 2)


def fixed(amount):
    return {"EUR": K.FeeRule(K.FIXED, amount=D(amount))}


LEVELS = (
    K.ReminderLevel(1, grace_days=5, due_days=10, line_fees=fixed(2)),
    K.ReminderLevel(2, grace_days=7, due_days=10, fees=fixed(10), line_fees=fixed(3)),
    K.ReminderLevel(3, grace_days=7, due_days=14, fees=fixed(25)),
)
TERMS = K.ReminderTerms(LEVELS, company_currency="EUR")


def invoice(ref, due, amount, **kw):
    kw.setdefault("currency", "EUR")
    return K.OpenEntry(ref, due, due, D(amount), **kw)


def run(entries, run_date, terms=TERMS, **kw):
    account = K.PartnerAccount("P1", terms, tuple(entries), **kw)
    return K.run_reminders([account], run_date, TODAY)


def only(result):
    (reminder,) = result.reminders
    return reminder


def reason(result):
    (skipped,) = result.skipped
    return skipped.reason.code


def test_level_progression_over_dates():
    """Level 1 counts its grace from the invoice due date, later levels from the
    previous reminder's due date; 'overdue' is strictly after due + grace."""
    due = date(2026, 3, 1)
    # due 03-01 + 5 = 03-06: not before 03-06, before 03-07.
    assert reason(run([invoice("A", due, 1000)], date(2026, 3, 6))) == (
        C.SKIP_NOTHING_OVERDUE
    )
    first = only(run([invoice("A", due, 1000)], date(2026, 3, 7)))
    assert (first.level, first.due_date) == (1, date(2026, 3, 17))  # 03-07 + 10
    assert (first.fee, first.line_fees, first.total) == (D(0), D(2), D(1002))
    # Reminded at level 1, due 03-17: level 2 after 03-17 + 7 = 03-24.
    reminded = invoice(
        "A", due, 1000, last_level=1, last_reminder_due=date(2026, 3, 17)
    )
    assert reason(run([reminded], date(2026, 3, 24))) == C.SKIP_NOTHING_OVERDUE
    second = only(run([reminded], date(2026, 3, 25)))
    assert (second.level, second.due_date) == (2, date(2026, 4, 4))
    assert (second.fee, second.line_fees, second.total) == (D(10), D(3), D(1013))
    # Level 2 due 04-04: level 3 after 04-11; its reminder is due 14 days later.
    twice = invoice("A", due, 1000, last_level=2, last_reminder_due=date(2026, 4, 4))
    third = only(run([twice], date(2026, 4, 12)))
    assert (third.level, third.due_date, third.fee) == (3, date(2026, 4, 26), D(25))


def test_the_highest_level_repeats_with_its_grace_from_the_last_reminder():
    thrice = invoice(
        "A", date(2026, 3, 1), 1000, last_level=3, last_reminder_due=date(2026, 4, 26)
    )
    assert reason(run([thrice], date(2026, 5, 3))) == C.SKIP_NOTHING_OVERDUE
    again = only(run([thrice], date(2026, 5, 4)))  # 04-26 + 7 = 05-03 < 05-04
    assert (again.level, again.fee, again.lines[0].level) == (3, D(25), 3)


def test_max_reminders_stops_an_entry_independently_of_the_levels():
    """Max 3: an entry reminded 3 times gets no 4th; max 5 with 3 levels: reminders
    4 and 5 use level 3, the 6th is excluded."""
    last = date(2026, 4, 26)
    at = date(2026, 6, 1)
    three = K.ReminderTerms(LEVELS, max_reminders=3, company_currency="EUR")
    five = K.ReminderTerms(LEVELS, max_reminders=5, company_currency="EUR")
    entry3 = invoice("A", date(2026, 3, 1), 1000, last_level=3, last_reminder_due=last)
    result = run([entry3], at, terms=three)
    assert reason(result) == C.SKIP_MAX_REMINDERS
    assert "maximum number of reminders (3)" in english(result.skipped[0].reason)
    entry4 = invoice("A", date(2026, 3, 1), 1000, last_level=4, last_reminder_due=last)
    assert only(run([entry4], at, terms=five)).level == 3
    entry5 = invoice("A", date(2026, 3, 1), 1000, last_level=5, last_reminder_due=last)
    assert reason(run([entry5], at, terms=five)) == C.SKIP_MAX_REMINDERS


def mixed_entries():
    return [
        # last reminded at level 1, due 02-20: level 2 since 02-27 < 03-01
        invoice(
            "INV1",
            date(2026, 2, 1),
            1000,
            last_level=1,
            last_reminder_due=date(2026, 2, 20),
        ),
        invoice("INV2", date(2026, 2, 20), 500),  # 02-25 < 03-01: level 1
        invoice("INV3", date(2026, 2, 27), 300),  # 03-04: not yet
        invoice("INV4", date(2026, 1, 1), 200, on_hold=True),
        invoice("INV5", date(2026, 1, 1), 150, disputed=True),
        K.OpenEntry(
            "CN1",
            date(2026, 2, 10),
            date(2026, 2, 10),
            D(-100),
            "EUR",
            kind=K.CREDIT_NOTE,
        ),
        K.OpenEntry(
            "PAY1", date(2026, 2, 25), date(2026, 2, 25), D(-50), "EUR", kind=K.PAYMENT
        ),
    ]


def test_sections_and_totals_of_a_reminder():
    """Overdue lines grouped by level; not-due and on-hold entries listed but not
    counted; credits lower the remaining amount; the header level is the highest line
    level and takes that level's fee; line fees per line at its own level."""
    reminder = only(run(mixed_entries(), date(2026, 3, 1)))
    groups = [
        (lvl, [ln.entry.ref for ln in lines])
        for lvl, lines in reminder.lines_by_level()
    ]
    assert groups == [(1, ["INV2"]), (2, ["INV1"])]
    assert [e.ref for e in reminder.not_due] == ["INV3"]
    assert [e.ref for e in reminder.on_hold] == ["INV4", "INV5"]
    assert [e.ref for e in reminder.credits] == ["CN1", "PAY1"]
    assert reminder.remaining == D(1350)  # 1000 + 500 - 100 - 50
    assert (reminder.level, reminder.fee) == (2, D(10))
    assert reminder.line_fees == D(5)  # INV2 at level 1: 2, INV1 at level 2: 3
    assert reminder.total == D(1365)
    assert reminder.due_date == date(2026, 3, 11)


def test_header_level_on_all_lines_and_sections_left_out():
    account = K.PartnerAccount("P1", TERMS, tuple(mixed_entries()))
    result = K.run_reminders(
        [account],
        date(2026, 3, 1),
        TODAY,
        use_header_level=True,
        include_not_due=False,
        include_on_hold=False,
    )
    reminder = only(result)
    assert [ln.level for ln in reminder.lines] == [2, 2]
    assert reminder.line_fees == D(6)  # two lines at level 2, 3 each
    assert (reminder.not_due, reminder.on_hold) == ((), ())


def test_a_line_fee_is_not_charged_twice_for_the_same_level():
    entry = invoice("A", date(2026, 3, 1), 1000, line_fee_levels={1})
    assert only(run([entry], date(2026, 3, 7))).line_fees == D(0)


def test_on_hold_and_disputed_entries_never_trigger():
    entries = [
        invoice("H", date(2026, 1, 1), 900, on_hold=True),
        invoice("X", date(2026, 1, 1), 900, disputed=True),
    ]
    assert reason(run(entries, date(2026, 3, 1))) == C.SKIP_NOTHING_OVERDUE


def test_minimum_amount_in_company_currency():
    """The remaining amount (credits included) in company currency must reach the
    terms' minimum: 1350 < 1400 refuses, 1350 >= 1350 creates."""
    terms = K.ReminderTerms(LEVELS, minimum_amount=D(1400), company_currency="EUR")
    result = run(mixed_entries(), date(2026, 3, 1), terms=terms)
    assert reason(result) == C.SKIP_BELOW_MINIMUM
    assert english(result.skipped[0].reason) == (
        "the amount 1,350 is below the minimum amount 1,400"
    )
    terms = K.ReminderTerms(LEVELS, minimum_amount=D(1350), company_currency="EUR")
    assert only(run(mixed_entries(), date(2026, 3, 1), terms=terms)).remaining == 1350
    # A foreign currency compares its company-currency amount.
    sek = invoice(
        "S", date(2026, 2, 1), 11500, currency="SEK", open_amount_company=D(1000)
    )
    terms = K.ReminderTerms(
        (K.ReminderLevel(1),), minimum_amount=D(1001), company_currency="EUR"
    )
    assert reason(run([sek], date(2026, 3, 1), terms=terms)) == C.SKIP_BELOW_MINIMUM


def test_no_reminder_whose_total_is_not_positive():
    entries = [
        invoice("A", date(2026, 2, 1), 100),
        K.OpenEntry("CN", date(2026, 2, 1), date(2026, 2, 1), D(-150), "EUR"),
    ]
    result = run(entries, date(2026, 3, 1))
    assert reason(result) == C.SKIP_TOTAL_NOT_POSITIVE
    assert english(result.skipped[0].reason) == "the total -50 is not above zero"
    entries[1] = K.OpenEntry("CN", date(2026, 2, 1), date(2026, 2, 1), D(-100), "EUR")
    assert reason(run(entries, date(2026, 3, 1))) == C.SKIP_TOTAL_NOT_POSITIVE


def test_one_reminder_per_currency_blocked_and_draft_partners_skipped():
    entries = [
        invoice("E", date(2026, 2, 1), 100),
        invoice("N", date(2026, 2, 1), 1000, currency="NOK"),
    ]
    levels = (K.ReminderLevel(1, fees={"EUR": K.FeeRule(K.FIXED, amount=D(5))}),)
    terms = K.ReminderTerms(levels, company_currency="EUR")
    account = K.PartnerAccount("P1", terms, tuple(entries))
    result = K.run_reminders(
        [account], date(2026, 3, 1), TODAY, rates={"NOK": D("11.5")}
    )
    assert [(r.currency, r.fee) for r in result.reminders] == [
        ("EUR", D("5.00")),
        ("NOK", D("57.50")),  # the EUR fee converted at 11.5 NOK per EUR
    ]
    blocked = run(entries, date(2026, 3, 1), terms=terms, blocked=True)
    assert [s.reason.code for s in blocked.skipped] == [C.SKIP_BLOCKED] * 2
    draft = K.PartnerAccount("P1", terms, tuple(entries), draft_currencies={"NOK"})
    result = K.run_reminders([draft], date(2026, 3, 1), TODAY, rates={"NOK": D(11)})
    assert [r.currency for r in result.reminders] == ["EUR"]
    assert [s.reason.code for s in result.skipped] == [C.SKIP_DRAFT_EXISTS]


def test_interest_on_levels_that_calculate_it():
    """Level 2 calculates interest with the partner's finance charge terms (Average
    Daily Balance, 12 % per 360 days): INV1 due 02-01, run 03-01 = 28 days,
    1000 x 28 x 12 / 36000 = 9.333 -> 9.33; INV2 at level 1 bears none."""
    levels = (LEVELS[0], K.ReminderLevel(2, grace_days=7, calculate_interest=True))
    terms = K.ReminderTerms(levels, company_currency="EUR")
    finance = K.FinanceChargeTerms(D(12), period_days=360)
    account = K.PartnerAccount(
        "P1", terms, tuple(mixed_entries()), finance_terms=finance
    )
    reminder = only(K.run_reminders([account], date(2026, 3, 1), TODAY))
    assert [(ln.entry.ref, ln.interest) for ln in reminder.lines] == [
        ("INV2", D(0)),
        ("INV1", D("9.33")),
    ]
    assert reminder.total == D(1350) + D("9.33") + D(2)
    with refused(C.INTEREST_WITHOUT_TERMS, "customer P1 has no finance charge"):
        run(mixed_entries(), date(2026, 3, 1), terms=terms)


def test_bad_input_is_refused():
    entry = invoice("A", date(2026, 3, 1), 1000)
    with refused(C.RUN_DATE_IN_FUTURE, "2026-12-03 is after today \\(2026-12-02\\)"):
        run([entry], date(2026, 12, 3))
    with refused(C.TERMS_WITHOUT_LEVELS):
        K.ReminderTerms(())
    with refused(C.LEVELS_NOT_CONSECUTIVE, "not 1, 3"):
        K.ReminderTerms((K.ReminderLevel(1), K.ReminderLevel(3)))
    with refused(C.NEGATIVE, "grace period \\(days\\) cannot be negative"):
        K.ReminderLevel(1, grace_days=-1)
    with refused(C.NEGATIVE, "minimum amount"):
        K.ReminderTerms(LEVELS, minimum_amount=D(-1))
    with refused(C.REMINDED_WITHOUT_DATE, "document A"):
        invoice("A", date(2026, 3, 1), 1000, last_level=1)
    no_terms = K.PartnerAccount("P9", None, (entry,))
    with refused(C.PARTNER_WITHOUT_TERMS, "customer P9 has no reminder terms"):
        K.propose_reminder(no_terms, "EUR", date(2026, 3, 20), TODAY)
    assert K.run_reminders([no_terms], date(2026, 3, 20), TODAY) == K.RunResult((), ())
