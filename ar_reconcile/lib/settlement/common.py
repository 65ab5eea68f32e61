"""What every part of the settlement shares: its decimal context, its checks of input
numbers and dates, commercial rounding and sign helpers."""

from __future__ import annotations

import functools
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext

from .. import money
from ..messages import MessageError, msg
from . import codes as C

CENT = Decimal("0.01")
ZERO = Decimal(0)
HUNDRED = Decimal(100)

# Where a payment tolerance is posted (bc-receivables.md 11.2): an underpayment closes
# the document with a tolerance entry on the document, an overpayment on the payment.
POSTED_ON_DOCUMENT = "document"
POSTED_ON_PAYMENT = "payment"

# What a tolerance means for the company, from its sign (see the package docstring).
LOSS = "loss"
GAIN = "gain"

# All arithmetic runs in a fixed decimal context of its own (40 digits), so that a
# caller's thread-local context (a precision of 6, ROUND_DOWN...) can never change a
# result; only the final amounts are rounded, to the quantum, half up.
_EXACT = Context(prec=40, rounding=ROUND_HALF_EVEN)


def _exact_arithmetic(function):
    """Run ``function`` in the package's own decimal context (see ``_EXACT``)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with localcontext(_EXACT):
            return function(*args, **kwargs)

    return wrapper


def _what(what):
    """A field's description: a message code, or (code, params) for a document's
    field."""
    if isinstance(what, tuple):
        code, params = what
        return msg(code, **params)
    return msg(what)


def _decimal(value, what):
    """A Decimal from a Decimal, an int or a numeric string; floats are refused because
    a binary float (0.1 + 0.2) would silently carry its representation error into a
    ledger.

    ``what`` names the value in a refusal: a ``FIELD_*`` code, or ``(code, params)``.
    """
    if isinstance(value, float):
        raise TypeError(
            f"{what} must be a Decimal, an int or a numeric string, "
            f"not the float {value!r}"
        )
    if isinstance(value, bool):
        raise TypeError(f"{what} must be a number, not {value!r}")
    if not isinstance(value, Decimal | int | str):
        raise TypeError(
            f"{what} must be a Decimal, an int or a numeric string, not {value!r}"
        )
    try:
        result = money.exact(value)
    except money.NotANumber:
        raise MessageError(C.NOT_A_NUMBER, what=_what(what), value=str(value)) from None
    if not result.is_finite():
        raise MessageError(C.NOT_FINITE, what=_what(what), value=str(value))
    return result


def _check_rounding(rounding):
    rounding = _decimal(rounding, C.FIELD_ROUNDING)
    if rounding <= 0:
        raise MessageError(C.ROUNDING_NOT_POSITIVE, rounding=rounding)
    return rounding


@_exact_arithmetic
def round_money(amount, rounding=CENT):
    """Round ``amount`` to a multiple of ``rounding``, halves away from zero
    (ROUND_HALF_UP).

    Works for any quantum, not only powers of ten (Odoo currencies may round to 0.05),
    and is symmetric around zero, so a credit note's discount is exactly the negative of
    the same invoice's discount.
    """
    rounding = _check_rounding(rounding)
    amount = _decimal(amount, C.FIELD_AMOUNT)
    return money.round_half_up(amount, rounding)


def _check_on_quantum(amount, what, rounding):
    """Refuse an input amount finer than the currency rounding: summing such amounts
    would leave sub-cent residues that no journal entry can post."""
    if _EXACT.remainder(amount, rounding) != 0:
        raise MessageError(
            C.NOT_ON_QUANTUM, what=_what(what), amount=amount, rounding=rounding
        )


def _sign(amount):
    return (amount > 0) - (amount < 0)


def _min_abs(*amounts):
    return min(amounts, key=abs)


def _percent(value, what=C.FIELD_DISCOUNT_PERCENT):
    return _decimal(value, what)


def _check_date(value, what):
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{what} must be a datetime.date, not {value!r}")


def _check_grace(grace_days):
    if isinstance(grace_days, bool) or not isinstance(grace_days, int):
        raise TypeError(
            f"the grace period is a whole number of days, not {grace_days!r}"
        )
    if grace_days < 0:
        raise MessageError(C.GRACE_NEGATIVE, days=grace_days)
    return grace_days
