"""Customer statements with aging (BC ``bc-receivables.md`` 12.1).

A statement is in the customer's currency (entries in another currency are refused:
the caller passes the customer's entries in its currency). Its last date ``end`` is
the statement date and the aging date.

* OPEN_ITEMS: the entries dated up to ``end`` that are still open on ``end``, oldest
  first, each with its open amount and the running balance of open amounts; the
  opening balance is 0 and the closing balance what the customer owes.
* ALL_ACTIVITY: the opening balance is the sum of the entries dated before ``start``;
  then every entry from ``start`` to ``end`` with its full amount and the running
  balance; the closing balance is the opening balance plus the period's activity.

Aging is always of the open items on ``end``, by days overdue ``end - due date`` (an
entry without a due date, such as a payment, ages from its own date): "not due" for 0
days or fewer, then one bucket per limit of ``buckets`` (``(30, 60, 90)``: 1-30, 31-60,
61-90, over 90). Amounts are summed exactly (they are already on the currency quantum).
"""

from ..messages import MessageError, msg
from . import codes as C
from .types import ZERO, AgingBucket, Statement, StatementLine

OPEN_ITEMS = "open_items"
ALL_ACTIVITY = "all_activity"
DEFAULT_BUCKETS = (30, 60, 90)


def check_buckets(buckets):
    """``buckets`` as a tuple of strictly increasing positive day counts."""
    buckets = tuple(buckets)
    previous = 0
    for limit in buckets:
        if isinstance(limit, bool) or not isinstance(limit, int) or limit <= previous:
            raise MessageError(
                C.BUCKETS_NOT_INCREASING, buckets=tuple(str(b) for b in buckets)
            )
        previous = limit
    return buckets


def _open(entry):
    return entry.amount if entry.open_amount is None else entry.open_amount


def aging(entries, end, buckets=DEFAULT_BUCKETS):
    """The :class:`AgingBucket` tuple of the open ``entries`` on ``end``: not due,
    then one per limit, then "over" the last limit."""
    buckets = check_buckets(buckets)
    bounds = [(None, 0)]
    low = 1
    for limit in buckets:
        bounds.append((low, limit))
        low = limit + 1
    bounds.append((low, None))
    sums = [ZERO] * len(bounds)
    for entry in entries:
        amount = _open(entry)
        if entry.date > end or amount == 0:
            continue
        overdue = (end - (entry.due_date or entry.date)).days
        for index, (_low, high) in enumerate(bounds):
            if high is None or overdue <= high:
                sums[index] += amount
                break
    result = []
    for (low, high), amount in zip(bounds, sums, strict=True):
        if low is None:
            label = msg(C.BUCKET_NOT_DUE)
        elif high is None:
            label = msg(C.BUCKET_OVER, days=low - 1)
        else:
            label = msg(C.BUCKET_RANGE, low=low, high=high)
        result.append(AgingBucket(low, high, amount, label))
    return tuple(result)


def statement(
    entries, end, *, currency, start=None, mode=OPEN_ITEMS, buckets=DEFAULT_BUCKETS
):
    """The :class:`Statement` of ``entries`` (:class:`StatementEntry`, all in
    ``currency``) for the period ``start`` (None: from the first entry) to ``end``.
    ``buckets`` the aging limits in days (default 30, 60, 90)."""
    buckets = check_buckets(buckets)
    if mode not in (OPEN_ITEMS, ALL_ACTIVITY):
        raise MessageError(C.UNKNOWN_STATEMENT_MODE, mode=str(mode))
    if start is not None and start > end:
        raise MessageError(C.PERIOD_REVERSED, start=start, end=end)
    entries = sorted(entries, key=lambda entry: (entry.date, entry.ref))
    for entry in entries:
        if entry.currency != currency:
            raise MessageError(
                C.CURRENCY_MIXED,
                document=entry.ref,
                currency=entry.currency,
                statement_currency=currency,
            )
    opening = ZERO
    if mode == OPEN_ITEMS:
        chosen = [(e, _open(e)) for e in entries if e.date <= end and _open(e) != 0]
    else:
        opening = sum(
            (e.amount for e in entries if start is not None and e.date < start), ZERO
        )
        chosen = [
            (e, e.amount)
            for e in entries
            if e.date <= end and (start is None or e.date >= start)
        ]
    balance = opening
    lines = []
    for entry, amount in chosen:
        balance += amount
        lines.append(StatementLine(entry, amount, balance))
    return Statement(
        currency=currency,
        start=start,
        end=end,
        mode=mode,
        opening_balance=opening,
        lines=tuple(lines),
        closing_balance=balance,
        aging=aging(entries, end, buckets),
    )
