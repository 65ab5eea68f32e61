"""Finance charges: interest on overdue entries, finance charge memos, and waive /
reinstate / reverse of charged interest (BC ``bc-receivables.md`` 12.6-12.8, D365
``d365-credit-collections.md`` 8.1 and 8.3).

Methods (BC 12.7):

* BALANCE_DUE: ``interest = open amount x rate / 100``, a flat percentage with no day
  count, at the rate in force on the memo date (a dated rate, else the terms' rate).
  One detail line (its ``days`` are the days overdue, for the letter).
* AVERAGE_DAILY_BALANCE: ``balance x days / period x rate / 100`` summed over the
  days from the interest start to the memo date (excluded). The start is the latest
  of the due date and ``entry.interest_from`` (the last memo or reminder that charged
  interest up to that date). The balance of a day is the entry's original ``amount``
  plus every movement dated on or before that day (a partial payment on day *p* lowers
  the balance from day *p* on, as BC's "amount x days from max(start, posting date)"
  does). The days are split into periods wherever the balance changes, a dated rate
  starts (statutory rates from 1 January and 1 July), or a D365 days-range starts;
  each period is a detail line with its days, base, rate and amount. A day with a
  balance that is not positive bears no interest.

Both apply only when ``due date + grace days < memo date``; interest still runs from
the due date (the grace period only decides whether interest is charged). Entries on
hold or disputed, and entries that are not positive (credit notes, payments), bear no
interest (BC: "positive amounts only"). ``interest_on`` picks open entries, closed ones
(paid after due date + grace: Average Daily Balance interest for the days they were
open, up to the payment), or both.

D365 interest codes fit the same model: ``per-day`` interest (yearly % / 365 x days) is
AVERAGE_DAILY_BALANCE with a period of 365 days; ranges by days overdue split the
periods like dated rates do (range start N: from the N-th day overdue on); ranges by
amount pick the rate by the period's base. "Every N days/months" is the period.

Rounding: each detail line is rounded to the currency quantum (half up, commercial
rounding); an entry's interest is the sum of its rounded detail lines, and the memo's
the sum of its lines, so what the letter shows adds up to what is posted.
"""

from datetime import timedelta
from decimal import Decimal

from .. import money
from ..messages import Amount, MessageError, msg
from . import codes as C
from .types import (
    BALANCE_DUE,
    CLOSED_ENTRIES,
    HUNDRED,
    OPEN_ENTRIES,
    RANGE_BY_DAYS,
    ZERO,
    Adjustment,
    FinanceChargeMemo,
    InterestDetail,
    InterestLine,
    Skipped,
    not_negative,
    positive,
)
from .types import (
    quantum as check_quantum,
)

CENT = Decimal("0.01")


def _rate_on(terms, day, base, due_date):
    """``(rate, period_days)`` in force on ``day`` for ``base``."""
    if terms.ranges:
        if terms.range_by == RANGE_BY_DAYS:
            key = Decimal((day - due_date).days + 1)
        else:
            key = base
        rate = terms.rate
        for item in terms.ranges:
            if key >= item.start:
                rate = item.rate
        return rate, terms.period_days
    current = None
    for dated in terms.rates:
        if dated.start <= day:
            current = dated
    if current is None:
        return terms.rate, terms.period_days
    return current.rate, current.period_days


def _boundaries(terms, entry, start, end):
    points = {start, end}
    points |= {m.date for m in entry.movements if start < m.date < end}
    points |= {r.start for r in terms.rates if start < r.start < end}
    if terms.ranges and terms.range_by == RANGE_BY_DAYS:
        for item in terms.ranges:
            day = entry.due_date + timedelta(days=int(item.start) - 1)
            if start < day < end:
                points.add(day)
    return sorted(points)


def _balance_on(entry, day):
    return entry.amount + sum(
        (m.amount for m in entry.movements if m.date <= day), ZERO
    )


def _detail(start, end, base, rate, period_days, *, quantum):
    count = (end - start).days
    exact = base * count * rate / (Decimal(period_days) * HUNDRED)
    return InterestDetail(
        start, end, count, base, rate, period_days, money.round_half_up(exact, quantum)
    )


def entry_interest(terms, entry, calc_date, *, quantum=CENT):
    """The interest of ``entry`` up to ``calc_date`` under ``terms`` (a
    :class:`FinanceChargeTerms`), as an :class:`InterestLine`, or None when it bears
    none (held, not positive, within grace, no day or no rate). A closed entry (open
    amount 0, original amount positive) bears interest only when the terms charge
    closed entries and it was closed (its last movement) after due date + grace; with
    AVERAGE_DAILY_BALANCE that is the interest of the days it was still open."""
    quantum = check_quantum(quantum)
    grace_end = entry.due_date + timedelta(days=terms.grace_days)
    if entry.held:
        return None
    if entry.open_amount > 0:
        if terms.interest_on == CLOSED_ENTRIES:
            return None
    elif not _charged_closed(terms, entry, grace_end, calc_date):
        return None
    if not grace_end < calc_date:
        return None
    start = max(entry.due_date, entry.interest_from or entry.due_date)
    if start >= calc_date:
        return None
    if terms.method == BALANCE_DUE:
        base = entry.open_amount
        rate, period_days = _rate_on(terms, calc_date, base, entry.due_date)
        count = (calc_date - start).days
        amount = money.round_half_up(base * rate / HUNDRED, quantum)
        details = (
            InterestDetail(start, calc_date, count, base, rate, period_days, amount),
        )
    else:
        points = _boundaries(terms, entry, start, calc_date)
        periods = []
        for first, last in zip(points, points[1:], strict=False):
            base = _balance_on(entry, first)
            if base <= 0:
                continue
            rate, period_days = _rate_on(terms, first, base, entry.due_date)
            periods.append((first, last, base, rate, period_days))
        details = tuple(_detail(*period, quantum=quantum) for period in _merge(periods))
    total = sum((d.amount for d in details), ZERO)
    if total <= 0:
        return None
    return InterestLine(entry, start, details, money.round_half_up(total, quantum))


def _charged_closed(terms, entry, grace_end, calc_date):
    if terms.interest_on == OPEN_ENTRIES or entry.open_amount != 0:
        return False
    if entry.amount <= 0 or terms.method == BALANCE_DUE or not entry.movements:
        return False
    closed_on = max(m.date for m in entry.movements)
    return grace_end < closed_on <= calc_date


def _merge(periods):
    """Adjacent periods with the same base and rate are one detail line (a range
    boundary or a zero movement that changes nothing is not shown), merged before
    rounding."""
    merged = []
    for period in periods:
        if merged and merged[-1][1] == period[0] and merged[-1][2:] == period[2:]:
            merged[-1] = (merged[-1][0], *period[1:])
        else:
            merged.append(period)
    return merged


def _in_company(terms, currency, amount, rate):
    """``amount`` of ``currency`` in the terms' company currency (``rate``: units of
    ``currency`` per company unit)."""
    if terms.company_currency in (None, currency):
        return amount
    if rate is None:
        raise MessageError(
            C.MISSING_RATE, currency=currency, company_currency=terms.company_currency
        )
    return amount / positive(rate, C.FIELD_RATE)


def _memo_fee(terms, currency, rate, quantum):
    if currency in terms.fees:
        return money.round_half_up(terms.fees[currency], quantum)
    company_fee = terms.fees.get(terms.company_currency, ZERO)
    if company_fee == 0:
        return money.round_half_up(ZERO, quantum)
    if rate is None:
        raise MessageError(
            C.MISSING_RATE, currency=currency, company_currency=terms.company_currency
        )
    return money.round_half_up(company_fee * positive(rate, C.FIELD_RATE), quantum)


def finance_charge_memo(
    terms, partner, currency, document_date, entries, *, quantum=CENT, rate=None
):
    """A :class:`FinanceChargeMemo` for ``partner``'s ``entries`` in ``currency`` as of
    ``document_date``, or a :class:`Skipped` saying why none: no interest, or interest
    (in company currency) below the terms' minimum amount. The fee is
    ``terms.fees[currency]``, else the company currency's fee converted (none: 0).
    Keywords: ``quantum`` the currency's rounding (0.01), ``rate`` units of
    ``currency`` per company unit (needed for another currency than the company's when
    a minimum or a converted fee applies)."""
    quantum = check_quantum(quantum)
    lines = []
    for entry in entries:
        if entry.currency != currency:
            continue
        line = entry_interest(terms, entry, document_date, quantum=quantum)
        if line is not None:
            lines.append(line)
    interest = sum((line.amount for line in lines), ZERO)
    if not lines:
        return Skipped(partner, currency, msg(C.SKIP_NO_INTEREST))
    if terms.minimum_amount > 0 and (
        _in_company(terms, currency, interest, rate) < terms.minimum_amount
    ):
        return Skipped(
            partner,
            currency,
            msg(
                C.SKIP_INTEREST_BELOW_MINIMUM,
                interest=Amount(interest, currency),
                minimum=Amount(terms.minimum_amount, terms.company_currency),
            ),
        )
    fee = _memo_fee(terms, currency, rate, quantum)
    lines.sort(key=lambda line: (line.entry.due_date, line.entry.ref))
    return FinanceChargeMemo(
        partner,
        currency,
        document_date,
        tuple(lines),
        money.round_half_up(interest, quantum),
        fee,
        money.round_half_up(interest + fee, quantum),
    )


def create_memos(accounts, document_date, today, *, quanta=None, rates=None):
    """Finance charge memos for ``accounts`` (:class:`FinanceChargeAccount`), one per
    partner and currency, as of ``document_date`` (not after ``today``). ``quanta``
    maps a currency to its rounding (default 0.01), ``rates`` to its units per
    company unit. Returns ``(memos, skipped)``."""
    if document_date > today:
        raise MessageError(C.RUN_DATE_IN_FUTURE, date=document_date, today=today)
    quanta = quanta or {}
    memos, skipped = [], []
    for account in accounts:
        if account.terms is None:
            continue
        currencies = sorted({entry.currency for entry in account.entries})
        for currency in currencies:
            if account.blocked:
                skipped.append(Skipped(account.partner, currency, msg(C.SKIP_BLOCKED)))
                continue
            result = finance_charge_memo(
                account.terms,
                account.partner,
                currency,
                document_date,
                account.entries,
                quantum=quanta.get(currency, CENT),
                rate=(rates or {}).get(currency),
            )
            (memos if isinstance(result, FinanceChargeMemo) else skipped).append(result)
    return tuple(memos), tuple(skipped)


# --- Waive, reinstate, reverse (D365 8.3) ------------------------------------------


def _amounts(quantum, **values):
    quantum = check_quantum(quantum)
    return quantum, {
        name: not_negative(value, C.FIELD_AMOUNT) for name, value in values.items()
    }


def waive(
    charged, *, paid=ZERO, waived=ZERO, written_off=ZERO, limit=None, quantum=CENT
):
    """Forgive charged interest or fees: a credit (credit note settled against the
    charge) of ``charged - paid - waived - written_off``. Refused when nothing is left
    to waive, or when the credit exceeds ``limit`` (the configured amount limit)."""
    quantum, a = _amounts(
        quantum,
        charged=charged,
        paid=paid,
        waived=waived,
        written_off=written_off,
    )
    amount = a["charged"] - a["paid"] - a["waived"] - a["written_off"]
    amount = money.round_half_up(amount, quantum)
    if amount <= 0:
        raise MessageError(C.NOTHING_TO_WAIVE, charged=Amount(a["charged"]))
    if limit is not None:
        limit = not_negative(limit, C.FIELD_AMOUNT)
        if amount > limit:
            raise MessageError(
                C.WAIVE_ABOVE_LIMIT, amount=Amount(amount), limit=Amount(limit)
            )
    return Adjustment("waive", amount, "credit")


def reinstate(waived, *, reinstated=ZERO, unused_credit=ZERO, quantum=CENT):
    """Make waived charges due again: a debit of what the waiver really forgave
    (``waived - reinstated - unused_credit``) settled against the waiver, and the
    unused rest of the waiver credit note cancelled (``cancel_credit``). Together they
    raise the balance by ``waived - reinstated``, undoing the waiver. Refused when
    nothing was waived (or it is all reinstated)."""
    quantum, a = _amounts(
        quantum,
        waived=waived,
        reinstated=reinstated,
        unused_credit=unused_credit,
    )
    open_waiver = a["waived"] - a["reinstated"]
    if open_waiver <= 0:
        raise MessageError(C.NOTHING_TO_REINSTATE)
    cancel = min(a["unused_credit"], open_waiver)
    return Adjustment(
        "reinstate",
        money.round_half_up(open_waiver - cancel, quantum),
        "debit",
        cancel_credit=money.round_half_up(cancel, quantum),
    )


def reverse(
    charged,
    *,
    paid=ZERO,
    waived=ZERO,
    written_off=ZERO,
    recalculated=None,
    quantum=CENT,
):
    """Remove charged interest so that it can be recalculated: the same credit as
    :func:`waive` (``charged - paid - waived - written_off``, no limit), and, when the
    interest is recalculated, ``recharge`` the new charge to debit (a new note). After
    both, the old charge is settled (what was paid of it stays paid) and the customer
    owes the recalculated interest."""
    quantum, a = _amounts(
        quantum, charged=charged, paid=paid, waived=waived, written_off=written_off
    )
    amount = a["charged"] - a["paid"] - a["waived"] - a["written_off"]
    recharge = ZERO
    if recalculated is not None:
        recharge = not_negative(recalculated, C.FIELD_AMOUNT)
    if amount <= 0 and recharge <= 0:
        raise MessageError(C.NOTHING_TO_WAIVE, charged=Amount(a["charged"]))
    return Adjustment(
        "reverse",
        money.round_half_up(max(amount, ZERO), quantum),
        "credit",
        recharge=money.round_half_up(recharge, quantum),
    )
