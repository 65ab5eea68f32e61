"""Allocation of one payment over its documents: discounts, payment tolerance, short
payments oldest first (D365 section 9, Business Central 11), and successive payments on
one document."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from ..messages import MessageError
from . import codes as C
from .common import (
    _EXACT,
    CENT,
    POSTED_ON_DOCUMENT,
    POSTED_ON_PAYMENT,
    ZERO,
    _check_date,
    _check_on_quantum,
    _check_rounding,
    _decimal,
    _exact_arithmetic,
    _min_abs,
    _sign,
    round_money,
)
from .discounts import (
    _exact_full_discount,
    _partial_discount,
    discount_windows,
    rate_on,
)
from .types import (
    ClerkChoices,
    DocumentSettlement,
    OpenDocument,
    SettlementOutcome,
    SettlementPolicy,
)

# The defaults of a settlement: the settings' defaults, no answer from the clerk.
DEFAULT_POLICY = SettlementPolicy()
NO_CHOICES = ClerkChoices()


@dataclass(frozen=True)
class _Plan:
    """A document prepared for one payment date: its rate and its amount due."""

    doc: OpenDocument
    counter: bool  # a credit note in an invoice settlement (or an invoice in a refund)
    available_percent: (
        Decimal  # the rate the calendar (and the clerk's Always/Never) offers
    )
    percent: (
        Decimal  # the rate used: the available one, unless a late discount is withheld
    )
    late: bool  # the rate is a late (grace period) discount
    late_pending: bool  # ... and the clerk has not answered yet
    exact_full: Decimal  # unrounded discount on the whole open amount at ``percent``
    full: Decimal  # that discount, rounded
    available: Decimal  # discount at ``available_percent``, rounded
    due: Decimal  # open amount - full discount

    @property
    def order_key(self):
        # Oldest document first; on equal dates the better discount first (D365 V7:
        # FTI-10042 at 2 % before FTI-10041 at 1 %); then the larger discount amount.
        # Python's sort is stable, so the caller's order decides what is still equal.
        return (self.doc.document_date, -self.available_percent, -abs(self.available))


def _plan(doc, payment_date, direction, policy, choices, rounding):
    rate = rate_on(doc.discounts, doc.document_date, payment_date, policy.grace_days)
    percent, late = rate.percent, rate.late
    counter = _sign(doc.open_amount) == -direction
    if doc.reference in choices.discount_never or (
        counter and not policy.discount_on_credit_notes
    ):
        percent, late = ZERO, False
    elif doc.reference in choices.discount_always and doc.discounts.periods:
        if (
            percent == 0 or late
        ):  # past the discount date: the clerk grants the last rate
            percent, late = (
                discount_windows(doc.discounts, doc.document_date)[-1].percent,
                False,
            )
    if percent == 0:
        late = False
    available_percent = percent
    late_pending = False
    if late and policy.late_discount_warning:
        if doc.reference in choices.decline_late_discount:
            percent = ZERO
        elif doc.reference not in choices.accept_late_discount:
            late_pending, percent = True, ZERO
    exact_full = _exact_full_discount(doc.open_amount, percent, doc.discount_base)
    full = round_money(exact_full, rounding)
    available = round_money(
        _exact_full_discount(doc.open_amount, available_percent, doc.discount_base),
        rounding,
    )
    return _Plan(
        doc=doc,
        counter=counter,
        available_percent=available_percent,
        percent=percent,
        late=late and percent != 0,
        late_pending=late_pending,
        exact_full=exact_full,
        full=full,
        available=available,
        due=doc.open_amount - full,
    )


def _result(
    plan, rounding, applied, discount, tolerance=ZERO, posted_on=None, extra=ZERO
):
    """One document's settlement, every amount shown at the currency's precision (the
    inputs are multiples of the quantum, so this only normalises "1000" to
    "1000.00")."""
    remaining = plan.doc.open_amount - applied - discount - tolerance - extra

    def money(amount):
        return round_money(amount, rounding)

    return DocumentSettlement(
        reference=plan.doc.reference,
        open_before=money(plan.doc.open_amount),
        applied=money(applied),
        discount=money(ZERO if plan.late else discount),
        late_discount=money(discount if plan.late else ZERO),
        extra_discount=money(extra),
        tolerance=money(tolerance),
        tolerance_posted_on=posted_on if tolerance else None,
        remaining=money(remaining),
        discount_percent=plan.percent,
        discount_available=money(plan.available),
        late_discount_pending=plan.late_pending,
    )


def _validate_settlement(payment, payment_date, documents, choices, rounding):
    _check_date(payment_date, "payment date")
    if not documents:
        raise MessageError(C.NO_DOCUMENTS)
    seen = set()
    for doc in documents:
        if not isinstance(doc, OpenDocument):
            raise TypeError(f"documents must be OpenDocument items, not {doc!r}")
        if doc.reference in seen:
            raise MessageError(C.DOCUMENT_TWICE, document=doc.reference)
        seen.add(doc.reference)
        if payment_date < doc.document_date:
            raise MessageError(
                C.PAYMENT_BEFORE_DOCUMENT,
                payment_date=payment_date,
                document=doc.reference,
                document_date=doc.document_date,
            )
        field = {"document": doc.reference}
        _check_on_quantum(
            doc.open_amount, (C.FIELD_DOCUMENT_OPEN_AMOUNT, field), rounding
        )
        _check_on_quantum(
            doc.max_tolerance, (C.FIELD_DOCUMENT_MAX_TOLERANCE, field), rounding
        )
    _check_on_quantum(payment, C.FIELD_PAYMENT_AMOUNT, rounding)
    unknown = choices.references() - seen
    if unknown:
        raise MessageError(C.UNKNOWN_CHOICES, documents=tuple(sorted(unknown)))


@_exact_arithmetic
def settle_payment(
    payment_amount,
    payment_date,
    documents,
    *,
    policy=DEFAULT_POLICY,
    choices=NO_CHOICES,
    rounding=CENT,
):
    """Settle one payment against the documents it was applied to (marked, in BC and
    D365).

    1. Each document gets the discount rate in force on ``payment_date`` (grace period
       included; a late discount waits for the clerk when its warning is on) and its
       amount due, open amount - discount on the whole open amount.
    2. Counter documents (credit notes in an invoice settlement) come first: their
       value, net of their own discount, is certain and adds to the payment (D365 V4:
       990 - 99). Then the documents to pay, oldest first, on equal dates the better
       discount first.
    3. If the payment is exactly the total due, everything closes. If the difference is
       within the summed maximum tolerance of the documents to pay (BC counts only
       invoices for a payment, credit memos for a refund), everything closes and the
       difference is posted as payment tolerance, each document taking at most its own
       tolerance (the newest first): on the documents for an underpayment, on the
       payment for an overpayment. With the tolerance warning on, the clerk is asked
       first.
    4. Otherwise an overpayment closes every document and the excess stays open on the
       payment; an underpayment is allocated in order: documents are closed with their
       full discount while money lasts, the first one not covered gets the rest with
       D365's partial-payment discount, the later ones are untouched. A full settlement
       then posts whatever is still open as extra cash discount.

    Raises ``ValueError`` for a payment dated before a document, a payment of the wrong
    sign (negative for an invoice settlement, positive when credit notes or bills are
    net), a duplicate document, amounts finer than ``rounding``, or choices naming
    unknown documents.

    A payment the clerk splits by hand over several documents (D365 V6, an "amount to
    settle" per line) is one settlement per document and amount: each document then
    keeps its own discount and tolerance, as BC says a document does whether applied
    alone or not.
    """
    rounding = _check_rounding(rounding)
    payment = _decimal(payment_amount, C.FIELD_PAYMENT_AMOUNT)
    documents = tuple(documents)
    if not isinstance(policy, SettlementPolicy):
        raise TypeError(f"policy must be a SettlementPolicy, not {policy!r}")
    if not isinstance(choices, ClerkChoices):
        raise TypeError(f"choices must be ClerkChoices, not {choices!r}")
    _validate_settlement(payment, payment_date, documents, choices, rounding)

    net_open = sum((doc.open_amount for doc in documents), ZERO)
    direction = -1 if net_open < 0 else 1
    if _sign(payment) == -direction:
        if direction > 0:
            raise MessageError(
                C.NEGATIVE_PAYMENT_FOR_INVOICES, payment=payment, net_open=net_open
            )
        raise MessageError(
            C.POSITIVE_PAYMENT_FOR_REFUNDS, payment=payment, net_open=net_open
        )

    plans = [
        _plan(doc, payment_date, direction, policy, choices, rounding)
        for doc in documents
    ]
    counters = sorted((p for p in plans if p.counter), key=lambda p: p.order_key)
    to_pay = sorted((p for p in plans if not p.counter), key=lambda p: p.order_key)
    ordered = counters + to_pay
    late_pending = any(p.late_pending for p in plans)

    total_due = sum((p.due for p in plans), ZERO)
    difference = (
        total_due - payment
    )  # + underpaid, - overpaid (in the invoice direction)
    shortfall = (
        difference * direction
    )  # + when the payment is short, whatever the direction
    tolerance_allowed = not (policy.tolerance_blocked or policy.apply_to_oldest)
    window = (
        sum((abs(p.doc.max_tolerance) for p in to_pay), ZERO)
        if tolerance_allowed
        else ZERO
    )

    post_tolerance = False
    tolerance_to_confirm = ZERO
    if shortfall != 0 and abs(shortfall) <= window:
        if (
            choices.full_settlement
            or not policy.tolerance_warning
            or choices.post_tolerance
        ):
            post_tolerance = True
        elif choices.post_tolerance is None and not late_pending:
            tolerance_to_confirm = difference

    if shortfall == 0 or post_tolerance:
        results = _close_all_with_tolerance(
            ordered, to_pay, difference, shortfall, rounding
        )
        payment_remaining = ZERO
    elif shortfall < 0:
        results = [_result(p, rounding, p.due, p.full) for p in ordered]
        payment_remaining = -difference
    else:
        results = _allocate_short_payment(ordered, payment, policy, choices, rounding)
        payment_remaining = ZERO

    return SettlementOutcome(
        payment_date=payment_date,
        payment_amount=round_money(payment, rounding),
        documents=tuple(results),
        payment_remaining=round_money(payment_remaining, rounding),
        tolerance_to_confirm=round_money(tolerance_to_confirm, rounding),
    )


def _close_all_with_tolerance(ordered, to_pay, difference, shortfall, rounding):
    """Close every document; spread ``difference`` as tolerance over the documents to
    pay.

    Each document takes at most its own maximum tolerance (BC: "with multiple documents,
    each keeps its own tolerance"; the DOC's two-invoice table posts -5 / -5 for a
    difference of 10). The newest documents take it first, the ones an oldest-first
    payment would have reached last.
    """
    shares = {}
    left = difference
    for plan in reversed(to_pay):
        if left == 0:
            break
        share = _min_abs(left, abs(plan.doc.max_tolerance) * _sign(left))
        shares[plan.doc.reference] = share
        left -= share
    posted_on = POSTED_ON_DOCUMENT if shortfall > 0 else POSTED_ON_PAYMENT
    results = []
    for plan in ordered:
        tolerance = shares.get(plan.doc.reference, ZERO)
        results.append(
            _result(
                plan, rounding, plan.due - tolerance, plan.full, tolerance, posted_on
            )
        )
    return results


def _allocate_short_payment(ordered, payment, policy, choices, rounding):
    """Put a payment that cannot close everything on the documents, in application
    order."""
    results = []
    pool = payment
    for plan in ordered:
        if plan.counter or abs(pool) >= abs(plan.due):
            # A counter document always closes: it only adds to the pool.
            results.append(_result(plan, rounding, plan.due, plan.full))
            pool -= plan.due
            continue
        discount = ZERO
        if policy.discount_on_partial_payments:
            discount = _partial_discount(
                pool, plan.doc.open_amount, plan.exact_full, rounding
            )
        applied = pool
        pool = ZERO
        extra = ZERO
        if choices.full_settlement:
            extra = plan.doc.open_amount - applied - discount
        results.append(_result(plan, rounding, applied, discount, extra=extra))
    return results


@_exact_arithmetic
def settle_in_sequence(
    document,
    payments,
    *,
    policy=DEFAULT_POLICY,
    choices=NO_CHOICES,
    rounding=CENT,
):
    """Settle successive payments on one document, each on its own date (D365 V1-V3).

    Each payment is settled on what the previous ones left open, at the rate in force on
    its own date, so a customer can pay 294 in the 2 % period and 693 in the 1 % period.
    The discountable part of the document shrinks with it, in proportion. Returns one
    :class:`SettlementOutcome` per payment. Raises ``ValueError`` for payments out of
    date order or a payment after the document is already settled.
    """
    outcomes = []
    current = document
    previous_date = None
    for number, (payment_date, amount) in enumerate(payments, start=1):
        if previous_date is not None and payment_date < previous_date:
            raise MessageError(
                C.SEQUENCE_OUT_OF_ORDER,
                number=number,
                payment_date=payment_date,
                previous_date=previous_date,
            )
        if current is None:
            raise MessageError(
                C.SEQUENCE_ALREADY_SETTLED,
                number=number,
                payment_date=payment_date,
                document=document.reference,
            )
        outcome = settle_payment(
            amount,
            payment_date,
            [current],
            policy=policy,
            choices=choices,
            rounding=rounding,
        )
        outcomes.append(outcome)
        remaining = outcome.documents[0].remaining
        if remaining == 0:
            current = None
        else:
            base = current.discount_base
            if base is not None:
                base = _EXACT.divide(
                    _EXACT.multiply(base, remaining), current.open_amount
                )
            current = replace(current, open_amount=remaining, discount_base=base)
        previous_date = payment_date
    return tuple(outcomes)
