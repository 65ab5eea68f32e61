"""Payment tolerance of one document (Business Central, ``bc-receivables.md`` 11.2)."""

from __future__ import annotations

from ..messages import MessageError
from . import codes as C
from .common import (
    _EXACT,
    CENT,
    HUNDRED,
    ZERO,
    _check_rounding,
    _decimal,
    _exact_arithmetic,
    _percent,
    round_money,
)


@_exact_arithmetic
def max_payment_tolerance(amount, percent=ZERO, max_amount=ZERO, *, rounding=CENT):
    """Business Central's *Max. Payment Tolerance* of one invoice or credit note.

    ``min(percent x |amount|, max_amount)``, where a zero percent means "the maximum
    amount only" and a zero maximum means "the percentage only" (bc-receivables.md
    11.2); the result carries the document's sign, so a credit note's tolerance is
    negative. Computed once per document, from its amount, so that a document keeps the
    same tolerance whether it is applied alone or with others. A partner with tolerance
    blocked simply gets 0.
    """
    rounding = _check_rounding(rounding)
    amount = _decimal(amount, C.FIELD_DOCUMENT_AMOUNT)
    percent = _percent(percent, C.FIELD_TOLERANCE_PERCENT)
    max_amount = _decimal(max_amount, C.FIELD_TOLERANCE_MAX_AMOUNT)
    if not ZERO <= percent <= HUNDRED:
        raise MessageError(C.TOLERANCE_PERCENT_RANGE, percent=percent)
    if max_amount < 0:
        raise MessageError(C.TOLERANCE_MAX_NEGATIVE, amount=max_amount)
    by_percent = round_money(
        _EXACT.divide(_EXACT.multiply(abs(amount), percent), HUNDRED), rounding
    )
    if percent == 0:
        tolerance = max_amount
    elif max_amount == 0:
        tolerance = by_percent
    else:
        tolerance = min(by_percent, max_amount)
    tolerance = round_money(tolerance, rounding)
    return -tolerance if amount < 0 and tolerance else tolerance
