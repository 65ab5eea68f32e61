"""Reminder fees: the additional fee of a level and the fee per overdue line (BC
``bc-receivables.md`` 12.3, Additional Fee Setup).

* FIXED: the rule's ``amount``.
* SINGLE_DYNAMIC: scan the tiers in descending threshold order; at the first tier
  with remaining >= threshold, fee = fixed + remaining x percent / 100; then capped at
  the tier's max (if > 0) and floored at its min. No tier reached: no fee.
* ACCUMULATED_DYNAMIC: progressive brackets. For each tier, descending, with remaining
  >= threshold: tier fee = fixed + (remaining - threshold) x percent / 100, capped and
  floored per tier; then remaining := threshold. The fee is the sum of the tier fees.

Rounding: each tier fee is rounded to the currency quantum (half up, commercial
rounding) *after* its cap and floor, so the fee is the sum of the amounts the fee chart
shows per bracket. Currency: the rule for the document's currency if the level has one;
otherwise the company currency's rule on the amount converted at ``rate`` (currency
units per company unit) and the fee converted back, rounded to the document currency's
quantum (BC: "use the LCY tiers on the converted amount and convert the fee back").
"""

from decimal import Decimal

from .. import money
from ..messages import MessageError, msg
from . import codes as C
from .types import (
    ACCUMULATED_DYNAMIC,
    FIXED,
    SINGLE_DYNAMIC,
    ZERO,
    FeeRule,
    FeeTier,
    decimal,
)
from .types import (
    quantum as check_quantum,
)

__all__ = ["FeeRule", "FeeTier", "additional_fee", "fee_amount", "select_fee"]

CENT = Decimal("0.01")


def _tier_fee(tier, base, quantum):
    fee = tier.fixed + base * tier.percent / 100
    if tier.max_fee > 0 and fee > tier.max_fee:
        fee = tier.max_fee
    if fee < tier.min_fee:
        fee = tier.min_fee
    return money.round_half_up(fee, quantum)


def fee_amount(rule, remaining, quantum=CENT):
    """The fee of ``rule`` (a :class:`FeeRule`) on ``remaining`` (the reminder's
    remaining amount, or a line's), rounded to ``quantum``. A remaining amount that is
    not positive carries no dynamic fee."""
    quantum = check_quantum(quantum)
    remaining = decimal(remaining, C.FIELD_AMOUNT)
    if rule.method == FIXED:
        return money.round_half_up(rule.amount, quantum)
    descending = sorted(rule.tiers, key=lambda tier: tier.threshold, reverse=True)
    if rule.method == SINGLE_DYNAMIC:
        for tier in descending:
            if remaining >= tier.threshold and remaining > 0:
                return _tier_fee(tier, remaining, quantum)
        return money.round_half_up(ZERO, quantum)
    assert rule.method == ACCUMULATED_DYNAMIC
    total = ZERO
    for tier in descending:
        if remaining >= tier.threshold and remaining > 0:
            total += _tier_fee(tier, remaining - tier.threshold, quantum)
            remaining = tier.threshold
    return money.round_half_up(total, quantum)


def select_fee(fees, currency, company_currency=None):
    """``(rule, converted)``: the rule for ``currency`` in ``fees`` (a currency ->
    :class:`FeeRule` map), else the company currency's (``converted`` True); ``(None,
    False)`` when the level has no fee at all."""
    if not fees:
        return None, False
    if currency in fees:
        return fees[currency], False
    if company_currency is not None and company_currency in fees:
        return fees[company_currency], True
    raise MessageError(C.NO_FEE_FOR_CURRENCY, currency=currency)


def additional_fee(
    fees,
    remaining,
    currency,
    *,
    company_currency=None,
    rate=None,
    quantum=CENT,
    company_quantum=CENT,
):
    """The fee of a level (``fees``: currency -> :class:`FeeRule`) on ``remaining`` in
    ``currency``. When only the company currency has a rule, ``rate`` (units of
    ``currency`` per company unit) converts the amount there and the fee back; without
    a rate that is refused (``collections.error.no_fee_for_currency``)."""
    quantum = check_quantum(quantum)
    rule, converted = select_fee(fees, currency, company_currency)
    if rule is None:
        return money.round_half_up(ZERO, quantum)
    if not converted:
        return fee_amount(rule, remaining, quantum)
    if rate is None:
        raise MessageError(C.NO_FEE_FOR_CURRENCY, currency=currency)
    rate = decimal(rate, C.FIELD_RATE)
    if rate <= 0:
        raise MessageError(C.NOT_POSITIVE, what=msg(C.FIELD_RATE), value=str(rate))
    company_fee = fee_amount(
        rule, decimal(remaining, C.FIELD_AMOUNT) / rate, company_quantum
    )
    return money.round_half_up(company_fee * rate, quantum)
