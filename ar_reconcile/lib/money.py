"""Exact money: one way to turn amounts into ``Decimal`` and back to a currency quantum.

Odoo keeps amounts in binary floats that it rounds to the currency's precision; a float
such as ``1234.56`` is the nearest binary number, and ``repr`` gives back the shortest
text that reads as it, which is the amount a person typed or Odoo rounded. :func:`exact`
takes that text, so ``exact(0.1) == Decimal("0.1")``, never
``0.1000000000000000055...``. :func:`quantize` then puts an amount on the currency's
quantum and refuses one that is not already on it, so that no sub-cent residue goes
unnoticed into a ledger.
"""

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, InvalidOperation

from .messages import MessageError

NOT_A_NUMBER = "money.not_a_number"
NOT_FINITE = "money.not_finite"
BAD_QUANTUM = "money.bad_quantum"
NOT_ON_QUANTUM = "money.not_on_quantum"

CODES = frozenset((NOT_A_NUMBER, NOT_FINITE, BAD_QUANTUM, NOT_ON_QUANTUM))

# Its own context, so that the caller's thread-local precision never changes a result.
_EXACT = Context(prec=40, rounding=ROUND_HALF_EVEN)


class NotANumber(MessageError):
    """A text that does not read as a number."""


def exact(value):
    """``value`` (a Decimal, an int, a numeric string or a float as Odoo stores amounts)
    as an exact Decimal. A float is read through its shortest representation (``repr``),
    the amount Odoo rounded or a person typed. Refuses booleans (``TypeError``) and
    texts that are no number (:class:`NotANumber`)."""
    if isinstance(value, bool):
        raise TypeError(f"an amount is a number, not {value!r}")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            raise NotANumber(NOT_A_NUMBER, value=value) from None
    raise TypeError(f"an amount is a Decimal, an int, a str or a float, not {value!r}")


def _check_quantum(quantum):
    quantum = exact(quantum)
    if not quantum.is_finite() or quantum <= 0:
        raise MessageError(BAD_QUANTUM, quantum=str(quantum))
    return quantum


def as_quantum(rounding):
    """A currency's rounding (``0.01``, ``0.05``, ``1.0`` as Odoo stores it) as the
    Decimal quantum amounts are written with: ``Decimal("0.01")``, ``Decimal("1")``
    (not ``1.0``, which would print every amount with one decimal)."""
    quantum = _check_quantum(rounding).normalize()
    if quantum.as_tuple().exponent > 0:  # 10 -> 1E+1: whole units
        quantum = quantum.quantize(Decimal(1))
    return quantum


def _finite(value):
    value = exact(value)
    if not value.is_finite():
        raise MessageError(NOT_FINITE, value=str(value))
    return value


def quantize(value, quantum):
    """``value`` exactly, written with the decimals of ``quantum`` (a currency's
    rounding such as ``0.01``, ``0.05`` or ``1``): ``quantize("1000", "0.01") ==
    Decimal("1000.00")``. Refuses an amount that is not a multiple of the quantum
    (``money.not_on_quantum``): use :func:`round_half_up` to round."""
    quantum = _check_quantum(quantum)
    value = _finite(value)
    if _EXACT.remainder(value, quantum) != 0:
        raise MessageError(NOT_ON_QUANTUM, amount=value, quantum=quantum)
    result = value.quantize(quantum, context=_EXACT)
    return result.copy_abs() if result == 0 else result  # never "-0.00"


def round_half_up(value, quantum):
    """``value`` rounded to a multiple of ``quantum``, halves away from zero (commercial
    rounding), for any quantum (``0.05`` too); symmetric around zero, never
    ``-0.00``."""
    quantum = _check_quantum(quantum)
    value = _finite(value)
    steps = _EXACT.divide(value, quantum).quantize(
        Decimal(1), rounding=ROUND_HALF_UP, context=_EXACT
    )
    result = _EXACT.multiply(steps, quantum).quantize(quantum, context=_EXACT)
    return result.copy_abs() if result == 0 else result


def is_zero(value):
    """True when the amount is exactly zero (a float through :func:`exact`)."""
    return _finite(value) == 0


def compare(first, second):
    """-1, 0 or 1 as ``first`` is below, equal to or above ``second``, exactly: never a
    float comparison."""
    difference = _EXACT.subtract(_finite(first), _finite(second))
    return (difference > 0) - (difference < 0)


def equal(first, second):
    """True when both amounts are exactly equal (``exact(0.1 + 0.2) != exact(0.3)``)."""
    return compare(first, second) == 0
