"""Customer statements of many customers at once (BC ``bc-receivables.md`` 12.1).

The Odoo layer reads the receivable items of a batch of customers and their
applications (partial reconciliations) in bulk and passes them here as
:class:`StatementItem`; this module works out what is open of each item on the
statement date, splits a customer's items by currency (a statement is always in one
currency: a customer with invoices in two currencies gets one statement per currency)
and computes each statement with :func:`.aging.statement`.
"""

from ..messages import MessageError
from . import codes as C
from .aging import ALL_ACTIVITY, DEFAULT_BUCKETS, OPEN_ITEMS, check_buckets, statement
from .types import ZERO, StatementEntry


def parse_buckets(text):
    """The aging limits of a text such as ``"30, 60, 90"`` (commas, semicolons or
    spaces between whole numbers of days); empty: the default 30, 60, 90."""
    parts = [
        part
        for part in str(text or "").replace(";", ",").replace(" ", ",").split(",")
        if part
    ]
    if not parts:
        return DEFAULT_BUCKETS
    limits = []
    for part in parts:
        if not part.isdigit():
            raise MessageError(C.BUCKETS_NOT_NUMBERS, text=str(text))
        limits.append(int(part))
    return check_buckets(limits)


def open_on(amount, applications, end):
    """What is open on ``end`` of an item of ``amount`` (signed): its amount plus the
    applications (signed changes of the open amount, ``(date, amount)``) dated up to
    ``end``. An application dated after ``end`` has not happened yet on the
    statement."""
    total = amount
    for day, applied in applications:
        if day <= end:
            total += applied
    return total


def customer_statements(
    items, end, *, start=None, mode=OPEN_ITEMS, buckets=DEFAULT_BUCKETS
):
    """``{customer: (Statement, ...)}`` of ``items`` (:class:`StatementItem` of any
    customers and currencies): per customer one statement per currency, in the order
    of the currency codes, leaving out a currency with nothing to show (no line and
    nothing owed either way). A customer with nothing at all to show is left out."""
    buckets = check_buckets(buckets)
    if mode not in (OPEN_ITEMS, ALL_ACTIVITY):
        raise MessageError(C.UNKNOWN_STATEMENT_MODE, mode=str(mode))
    grouped = {}
    for item in items:
        if item.date > end:
            continue
        entry = StatementEntry(
            ref=item.ref,
            date=item.date,
            amount=item.amount,
            currency=item.currency,
            due_date=item.due_date,
            open_amount=open_on(item.amount, item.applications, end),
            kind=item.kind,
            key=item.key,
        )
        grouped.setdefault(item.customer, {}).setdefault(item.currency, []).append(
            (entry, item)
        )
    result = {}
    for customer, currencies in grouped.items():
        statements = []
        for currency in sorted(currencies):
            pairs = currencies[currency]
            computed = statement(
                [entry for entry, _item in pairs],
                end,
                currency=currency,
                start=start,
                mode=mode,
                buckets=buckets,
            )
            if has_content(computed):
                statements.append(computed)
        if statements:
            result[customer] = tuple(statements)
    return result


def has_content(computed):
    """A statement shows something: a line, or a balance that is not zero."""
    return bool(
        computed.lines
        or computed.opening_balance != ZERO
        or computed.closing_balance != ZERO
    )


def overdue(computed):
    """The part of a statement's aging that is past due (every bucket but "not due")."""
    return sum(
        (bucket.amount for bucket in computed.aging if bucket.low is not None), ZERO
    )
