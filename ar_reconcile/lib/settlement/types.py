"""The settlement's value objects: what goes in (documents, policy, the clerk's choices)
and what comes out (one :class:`DocumentSettlement` per document, a
:class:`SettlementOutcome` per payment)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..messages import MessageError
from . import codes as C
from .common import (
    GAIN,
    LOSS,
    POSTED_ON_PAYMENT,
    ZERO,
    _check_date,
    _check_grace,
    _decimal,
    _exact_arithmetic,
    _sign,
)
from .discounts import (
    NO_DISCOUNT,
    DiscountSchedule,
    _check_discount_base,
    discount_schedule,
    discount_windows,
)


@dataclass(frozen=True)
class OpenDocument:
    """An open invoice or credit note, as the settlement sees it.

    ``open_amount`` is what is still open, signed the Odoo way (customer invoice
    positive, credit note negative). ``discounts`` is its payment term's discount
    schedule, counted from ``document_date``. ``max_tolerance`` is the document's
    maximum payment tolerance (:func:`max_payment_tolerance`, computed at posting from
    the document's amount; 0 when the partner blocks tolerance). ``discount_base`` is
    the part of ``open_amount`` the discount percent applies to, for Odoo's "tax
    excluded" discount computation (D365 9.3 Ex 4: 2 % of the 600 net of a 638.22
    invoice); None means the whole open amount.
    """

    reference: str
    document_date: date
    open_amount: Decimal
    discounts: DiscountSchedule = NO_DISCOUNT
    max_tolerance: Decimal = ZERO
    discount_base: Decimal | None = None

    def __post_init__(self):
        if not isinstance(self.reference, str) or not self.reference:
            raise MessageError(C.DOCUMENT_NO_REFERENCE, reference=repr(self.reference))
        _check_date(self.document_date, f"document {self.reference}: document date")
        object.__setattr__(
            self,
            "open_amount",
            _decimal(self.open_amount, self._field(C.FIELD_DOCUMENT_OPEN_AMOUNT)),
        )
        object.__setattr__(
            self,
            "max_tolerance",
            _decimal(self.max_tolerance, self._field(C.FIELD_DOCUMENT_MAX_TOLERANCE)),
        )
        if not isinstance(self.discounts, DiscountSchedule):
            object.__setattr__(self, "discounts", discount_schedule(self.discounts))
        if self.open_amount == 0:
            raise MessageError(C.DOCUMENT_NOTHING_OPEN, document=self.reference)
        if self.max_tolerance != 0 and _sign(self.max_tolerance) != _sign(
            self.open_amount
        ):
            raise MessageError(
                C.DOCUMENT_TOLERANCE_SIGN,
                document=self.reference,
                tolerance=self.max_tolerance,
                open_amount=self.open_amount,
            )
        if self.discount_base is not None:
            base = _decimal(
                self.discount_base, self._field(C.FIELD_DOCUMENT_DISCOUNT_BASE)
            )
            object.__setattr__(
                self, "discount_base", _check_discount_base(base, self.open_amount)
            )
        # Mixed days and dates are checked now that the document date resolves them.
        discount_windows(self.discounts, self.document_date)

    def _field(self, code):
        return (code, {"document": self.reference})


@dataclass(frozen=True)
class SettlementPolicy:
    """The settings that govern a settlement (company, currency and partner).

    * ``grace_days``: payment discount grace period, added to the last discount date.
    * ``tolerance_warning`` / ``late_discount_warning``: BC's warnings. Off,
      in-tolerance differences close and late discounts are granted automatically (the
      clerk cannot keep the balance open, bc-receivables.md 11.3); on, the outcome asks
      the clerk.
    * ``discount_on_partial_payments`` / ``discount_on_credit_notes``: D365's AR
      parameters "Calculate cash discounts for partial payments" and "... for credit
      notes".
    * ``tolerance_blocked``: the partner's "block payment tolerance".
    * ``apply_to_oldest``: the partner pays a running account (BC application method
      "Apply to Oldest"); BC then never posts payment tolerance (11.4), nor does this.
    """

    grace_days: int = 0
    tolerance_warning: bool = False
    late_discount_warning: bool = False
    discount_on_partial_payments: bool = True
    discount_on_credit_notes: bool = True
    tolerance_blocked: bool = False
    apply_to_oldest: bool = False

    def __post_init__(self):
        _check_grace(self.grace_days)


@dataclass(frozen=True)
class ClerkChoices:
    """What the clerk decided for this settlement, by document reference.

    * ``accept_late_discount`` / ``decline_late_discount``: answers to "accept / do not
      accept the late payment discount" (asked per document, BC 11.2).
    * ``post_tolerance``: answer to "post the balance as payment tolerance / leave it
      open"; None while not asked.
    * ``full_settlement``: D365's *Full settlement*: whatever stays open on the
      documents after payment, discount and tolerance is posted as extra cash discount
      (reference V9).
    * ``discount_always`` / ``discount_never``: D365's *Use cash discount* = Always /
      Never on a line. Always gives the last period's rate even after the discount date
      (V2).

    Answers are ignored when their warning is off: BC then grants late discounts and
    closes in-tolerance differences automatically, and "the user cannot keep the
    remainder open" (bc-receivables.md 11.3).
    """

    accept_late_discount: frozenset = frozenset()
    decline_late_discount: frozenset = frozenset()
    post_tolerance: bool | None = None
    full_settlement: bool = False
    discount_always: frozenset = frozenset()
    discount_never: frozenset = frozenset()

    def __post_init__(self):
        for name in (
            "accept_late_discount",
            "decline_late_discount",
            "discount_always",
            "discount_never",
        ):
            value = getattr(self, name)
            if isinstance(value, str):
                raise TypeError(
                    f"{name} is a collection of document references, not a string"
                )
            object.__setattr__(self, name, frozenset(value))
        for first, second in (
            ("accept_late_discount", "decline_late_discount"),
            ("discount_always", "discount_never"),
        ):
            both = getattr(self, first) & getattr(self, second)
            if both:
                raise MessageError(
                    C.CHOICES_CONTRADICT,
                    first=first,
                    second=second,
                    documents=tuple(sorted(both)),
                )
        if self.post_tolerance not in (None, True, False):
            raise TypeError(
                f"post_tolerance is None, True or False, not {self.post_tolerance!r}"
            )

    def references(self):
        return (
            self.accept_late_discount
            | self.decline_late_discount
            | self.discount_always
            | self.discount_never
        )


@dataclass(frozen=True)
class DocumentSettlement:
    """What one settlement does to one document.

    Always ``applied + discount + late_discount + extra_discount + tolerance + remaining
    == open_before``, whichever side the tolerance is posted on: ``applied`` is the part
    of the payment consumed by this document (negative for a credit note, which adds its
    value to the payment), so an overpayment kept as tolerance is part of ``applied``
    and offset by a negative ``tolerance``.

    * ``discount``: cash discount earned within a discount period.
    * ``late_discount``: discount granted in the grace period (BC payment discount
      tolerance).
    * ``extra_discount``: the rest forgiven by a full settlement (D365 V9).
    * ``tolerance``: payment tolerance, ``+`` written off (loss), ``-`` kept (gain),
      posted on ``tolerance_posted_on`` (POSTED_ON_DOCUMENT for an underpayment,
      POSTED_ON_PAYMENT for an overpayment, None without tolerance).
    * ``discount_available``: the discount the whole open amount would earn on the
      payment date (grace included), to show next to what was taken: D365 V6 shows 20.00
      available on FTI-10042 while a half payment takes 10.00.
    * ``late_discount_pending``: the clerk still has to accept or refuse a late
      discount.
    """

    reference: str
    open_before: Decimal
    applied: Decimal
    discount: Decimal
    late_discount: Decimal
    extra_discount: Decimal
    tolerance: Decimal
    tolerance_posted_on: str | None
    remaining: Decimal
    discount_percent: Decimal
    discount_available: Decimal
    late_discount_pending: bool = False

    @property
    def closed(self):
        return self.remaining == 0

    @property
    @_exact_arithmetic
    def total_discount(self):
        return self.discount + self.late_discount + self.extra_discount

    @property
    def tolerance_effect(self):
        """LOSS, GAIN or None: what the tolerance means for the company's result."""
        if self.tolerance > 0:
            return LOSS
        if self.tolerance < 0:
            return GAIN
        return None


@dataclass(frozen=True)
class SettlementOutcome:
    """The result of settling one payment against its documents.

    ``documents`` are in application order. ``payment_remaining`` is the part of the
    payment that no document took (an overpayment beyond tolerance): it stays open on
    the payment, as the partner's credit. When ``is_final`` is False the figures are
    provisional, computed with the open questions answered the cautious way ("do not
    accept", "leave it open"), and the UI asks them, then settles again with
    :class:`ClerkChoices` filled in:

    * ``late_discounts_to_accept``: references needing "accept / do not accept the late
      payment discount"; asked first, as in BC, because the answer changes the balance.
    * ``tolerance_to_confirm``: a balance (signed like a tolerance) that could be posted
      as payment tolerance: "post the balance as tolerance / leave it open".
    """

    payment_date: date
    payment_amount: Decimal
    documents: tuple
    payment_remaining: Decimal
    tolerance_to_confirm: Decimal = ZERO

    @property
    def late_discounts_to_accept(self):
        return tuple(
            doc.reference for doc in self.documents if doc.late_discount_pending
        )

    @property
    def needs_late_discount_acceptance(self):
        return bool(self.late_discounts_to_accept)

    @property
    def needs_tolerance_confirmation(self):
        return self.tolerance_to_confirm != 0

    @property
    def is_final(self):
        return not (
            self.needs_late_discount_acceptance or self.needs_tolerance_confirmation
        )

    @property
    def all_closed(self):
        return all(doc.closed for doc in self.documents)

    @property
    @_exact_arithmetic
    def payment_tolerance(self):
        """Tolerance posted on the payment side (overpayments), signed like a
        tolerance."""
        return sum(
            (
                doc.tolerance
                for doc in self.documents
                if doc.tolerance_posted_on == POSTED_ON_PAYMENT
            ),
            ZERO,
        )

    @property
    @_exact_arithmetic
    def total_tolerance(self):
        return sum((doc.tolerance for doc in self.documents), ZERO)

    @property
    @_exact_arithmetic
    def total_discount(self):
        return sum((doc.total_discount for doc in self.documents), ZERO)

    def document(self, reference):
        for doc in self.documents:
            if doc.reference == reference:
                return doc
        raise KeyError(reference)
