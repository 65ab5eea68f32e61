"""Reminder runs as a pure function (BC ``bc-receivables.md`` 12.4, Reminder-Make).

Per partner with reminder terms and per currency (one reminder each):

* A partner blocked for all, and a currency in which the partner already has an
  unissued reminder, get none.
* Every open entry that is positive and neither on hold nor disputed is examined:
  next level ``L = last level + 1``; with ``max_reminders > 0`` an entry with
  ``L > max`` is excluded (it has had its reminders). Its reminder due date is the
  previous reminder's due date, or its own due date if it was never reminded. It is
  **overdue for L** when ``reminder due date + grace days of level L < run date``
  (BC's ``CalcDate(grace, due) < document date``); beyond the highest defined level the
  highest level repeats (its grace counted from the previous reminder's due date). An
  entry that is not overdue goes to the "not yet due" section.
* Entries on hold or disputed never trigger a reminder nor bear interest; they are
  listed in their own section (``include_on_hold``) when another entry triggers one.
* Payments and credit notes (amounts not positive) are listed and lower the total.

A reminder is created when at least one entry is overdue, ``remaining`` (the overdue
entries plus the payments and credit notes) is > 0, its company-currency amount is >=
the terms' minimum amount, and its total (remaining + interest + fees) is > 0.

The reminder's level is the highest level of its lines (``use_header_level``: every
line takes it); its due date is the run date + that level's ``due_days``. Its
additional fee is the header level's fee on ``remaining`` (see :mod:`.fees`); the line
fee is charged per overdue line at the line's level, unless that document already paid
the line fee of that level. Interest (:mod:`.interest`) is charged on the lines whose
level has ``calculate_interest``, with the partner's finance charge terms, up to the run
date. Amounts are rounded to the currency quantum as those modules say; sums of rounded
amounts are exact.
"""

from datetime import timedelta
from decimal import Decimal

from ..messages import Amount, MessageError, msg
from . import codes as C
from .fees import additional_fee
from .interest import entry_interest
from .types import (
    ZERO,
    ReminderLine,
    ReminderProposal,
    RunResult,
    Skipped,
)
from .types import (
    quantum as check_quantum,
)

CENT = Decimal("0.01")


def _check_dates(run_date, today):
    if run_date > today:
        raise MessageError(C.RUN_DATE_IN_FUTURE, date=run_date, today=today)


def _classify(terms, entries, run_date):
    overdue, credit_entries, not_due, held, maxed = [], [], [], [], []
    for entry in entries:
        if entry.open_amount <= 0:
            credit_entries.append(entry)
            continue
        if entry.held:
            held.append(entry)
            continue
        number = entry.last_level + 1
        if terms.max_reminders and number > terms.max_reminders:
            maxed.append(entry)
            continue
        level = terms.level(number)
        since = entry.last_reminder_due if entry.last_level else entry.due_date
        if since + timedelta(days=level.grace_days) < run_date:
            overdue.append((level.number, entry))
        else:
            not_due.append(entry)
    return overdue, credit_entries, not_due, held, maxed


def _line(account, terms, entry, number, run_date, quantum, rate):
    level = terms.level(number)
    interest = ZERO
    if level.calculate_interest:
        if account.finance_terms is None:
            raise MessageError(
                C.INTEREST_WITHOUT_TERMS, partner=account.partner, level=number
            )
        line = entry_interest(account.finance_terms, entry, run_date, quantum=quantum)
        interest = line.amount if line else ZERO
    line_fee = ZERO
    if number not in entry.line_fee_levels:
        line_fee = additional_fee(
            level.line_fees,
            entry.open_amount,
            entry.currency,
            company_currency=terms.company_currency,
            rate=rate,
            quantum=quantum,
        )
    return ReminderLine(entry, number, interest, line_fee)


def _by_date(entries):
    return tuple(sorted(entries, key=lambda entry: (entry.due_date, entry.ref)))


def propose_reminder(
    account,
    currency,
    run_date,
    today,
    *,
    include_on_hold=True,
    include_not_due=True,
    use_header_level=False,
    quantum=CENT,
    rate=None,
):
    """The :class:`ReminderProposal` of ``account`` (a :class:`PartnerAccount`) in
    ``currency`` as of ``run_date``, or a :class:`Skipped` saying why none.
    ``include_on_hold`` / ``include_not_due`` list those sections,
    ``use_header_level`` puts every line on the reminder's level, ``quantum`` is the
    currency's rounding, ``rate`` its units per company unit (for fees set only in
    the company currency)."""
    _check_dates(run_date, today)
    terms = account.terms
    if terms is None:
        raise MessageError(C.PARTNER_WITHOUT_TERMS, partner=account.partner)
    quantum = check_quantum(quantum)

    def skip(code, **params):
        return Skipped(account.partner, currency, msg(code, **params))

    if account.blocked:
        return skip(C.SKIP_BLOCKED)
    if currency in account.draft_currencies:
        return skip(C.SKIP_DRAFT_EXISTS)
    entries = [e for e in account.entries if e.currency == currency]
    overdue, credit_entries, not_due, held, maxed = _classify(terms, entries, run_date)
    if not overdue:
        if maxed:
            return skip(C.SKIP_MAX_REMINDERS, max_reminders=terms.max_reminders)
        return skip(C.SKIP_NOTHING_OVERDUE)
    remaining = sum((e.open_amount for _n, e in overdue), ZERO)
    remaining += sum((e.open_amount for e in credit_entries), ZERO)
    if remaining <= 0:
        return skip(C.SKIP_TOTAL_NOT_POSITIVE, total=Amount(remaining, currency))
    company = sum((e.open_amount_company for _n, e in overdue), ZERO)
    company += sum((e.open_amount_company for e in credit_entries), ZERO)
    if company < terms.minimum_amount:
        return skip(
            C.SKIP_BELOW_MINIMUM,
            amount=Amount(company, terms.company_currency),
            minimum=Amount(terms.minimum_amount, terms.company_currency),
        )
    header = max(number for number, _e in overdue)
    lines = [
        _line(
            account,
            terms,
            entry,
            header if use_header_level else number,
            run_date,
            quantum,
            rate,
        )
        for number, entry in overdue
    ]
    lines.sort(key=lambda line: (line.level, line.entry.due_date, line.entry.ref))
    level = terms.level(header)
    fee = additional_fee(
        level.fees,
        remaining,
        currency,
        company_currency=terms.company_currency,
        rate=rate,
        quantum=quantum,
    )
    interest = sum((line.interest for line in lines), ZERO)
    line_fees = sum((line.line_fee for line in lines), ZERO)
    total = remaining + interest + fee + line_fees
    if total <= 0:
        return skip(C.SKIP_TOTAL_NOT_POSITIVE, total=Amount(total, currency))
    return ReminderProposal(
        partner=account.partner,
        currency=currency,
        date=run_date,
        due_date=run_date + timedelta(days=level.due_days),
        level=header,
        lines=tuple(lines),
        credits=_by_date(credit_entries),
        not_due=_by_date(not_due) if include_not_due else (),
        on_hold=_by_date(held) if include_on_hold else (),
        remaining=remaining,
        interest=interest,
        fee=fee,
        line_fees=line_fees,
        total=total,
    )


def run_reminders(
    accounts,
    run_date,
    today,
    *,
    quanta=None,
    rates=None,
    include_on_hold=True,
    include_not_due=True,
    use_header_level=False,
):
    """Reminder proposals for ``accounts`` (:class:`PartnerAccount`) as of
    ``run_date``: one per partner and currency that qualifies, in partner then
    currency order. Partners without terms are not part of a run. ``quanta`` and
    ``rates`` map a currency to its rounding and its rate per company unit; other
    options as :func:`propose_reminder`. A run date after ``today`` is refused."""
    _check_dates(run_date, today)
    quanta, rates = quanta or {}, rates or {}
    reminders, skipped = [], []
    for account in accounts:
        if account.terms is None:
            continue
        for currency in sorted({entry.currency for entry in account.entries}):
            result = propose_reminder(
                account,
                currency,
                run_date,
                today,
                quantum=quanta.get(currency, CENT),
                rate=rates.get(currency),
                include_on_hold=include_on_hold,
                include_not_due=include_not_due,
                use_header_level=use_header_level,
            )
            (skipped if isinstance(result, Skipped) else reminders).append(result)
    return RunResult(tuple(reminders), tuple(skipped))
