"""Early-payment discounts over several periods and payment tolerance, without a database.

Customers rarely pay exactly: they take a discount a few days late, pay a few cents short,
pay half now and half later, or pay three invoices with one transfer. This module is the
arithmetic that decides, for one payment and the documents it settles, how much of the
payment goes on each document, how much discount is taken, how much payment tolerance is
posted (and on which side), and what stays open. It combines two documented designs:

* Dynamics 365 Finance, ``d365-credit-collections.md`` section 9: a discount on a *partial*
  payment P at rate d is ``P / (1 - d) * d``; several discount periods per payment term;
  credit notes carry their discount too; an unmarked payment over several documents settles
  the oldest document first and, on equal dates, the one with the better discount first;
  "full settlement" posts a forgiven rest as extra cash discount.
* Business Central, ``bc-receivables.md`` section 11: a maximum payment tolerance per
  document, ``min(% x amount, maximum)``; a grace period after the last discount date
  ("payment discount tolerance"); when the difference left after payment plus discount is
  within the *sum* of the tolerances of the applied documents, every document closes, the
  underpayment being posted on the document and the overpayment on the payment; optional
  warnings that let the clerk keep the balance open or refuse a late discount.

Conventions
-----------
* Money is ``Decimal``, never ``float`` (a float is refused with ``TypeError``). Every
  computed amount is rounded explicitly to the ``rounding`` quantum (the currency's
  rounding, ``0.01`` by default; ``0.05`` and ``1`` work too) with ``ROUND_HALF_UP``,
  commercial rounding. The references name no rounding mode and none of their vectors falls
  on a half cent (485 / 0.98 x 0.02 = 9.8979... -> 9.90), so they hold either way.
* Amounts are signed the Odoo way, as in :mod:`.matching.types`: customer invoices and money
  received are positive, customer credit notes negative (vendor bills and money paid
  negative, vendor refunds positive). A settlement has a direction, the sign of the net open
  amount of its documents; the payment has that sign. Documents of the opposite sign
  (credit notes within an invoice settlement) are "counter documents": they add their value
  to the payment.
* Percentages are percents (``Decimal("2")`` is 2 %), as on an Odoo payment term.
* Payment tolerance, and the tolerance to confirm, are signed ``difference = amount due -
  amount paid``: for a customer, positive when it paid too little (the company writes the
  rest off: a loss), negative when it paid too much (the company keeps it: a gain). In the
  Odoo sign a positive tolerance is always a debit on the tolerance loss account, so the same
  rule serves vendor bills (paying 995 of a 1,000 bill gives -5, a gain). This is the sign of
  Business Central's "Payment Tolerance G/L" column (985 paid for 980 due: -5).

Nothing here imports ``odoo``: the Odoo layer converts journal items to
:class:`OpenDocument` and the returned :class:`SettlementOutcome` to journal entries.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    InvalidOperation,
    localcontext,
)

__all__ = [
    "CENT",
    "GAIN",
    "LOSS",
    "NO_DISCOUNT",
    "POSTED_ON_DOCUMENT",
    "POSTED_ON_PAYMENT",
    "ClerkChoices",
    "DiscountPeriod",
    "DiscountRate",
    "DiscountSchedule",
    "DiscountWindow",
    "DiscountedPayment",
    "DocumentSettlement",
    "OpenDocument",
    "SettlementOutcome",
    "SettlementPolicy",
    "amount_due_with_discount",
    "discount_schedule",
    "discount_steps",
    "discount_tolerance_date",
    "discount_windows",
    "last_discount_date",
    "max_payment_tolerance",
    "partial_payment_discount",
    "rate_on",
    "round_money",
    "settle_in_sequence",
    "settle_payment",
]

CENT = Decimal("0.01")
ZERO = Decimal(0)
HUNDRED = Decimal(100)

# Where a payment tolerance is posted (bc-receivables.md 11.2): an underpayment closes the
# document with a tolerance entry on the document, an overpayment on the payment.
POSTED_ON_DOCUMENT = "document"
POSTED_ON_PAYMENT = "payment"

# What a tolerance means for the company, from its sign (see the module docstring).
LOSS = "loss"
GAIN = "gain"

# All arithmetic runs in a fixed decimal context of its own (40 digits), so that a caller's
# thread-local context (a precision of 6, ROUND_DOWN...) can never change a result; only the
# final amounts are rounded, to the quantum, half up.
_EXACT = Context(prec=40, rounding=ROUND_HALF_EVEN)


def _exact_arithmetic(function):
    """Run ``function`` in the module's own decimal context (see ``_EXACT``)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with localcontext(_EXACT):
            return function(*args, **kwargs)

    return wrapper


# --------------------------------------------------------------------------- money helpers


def _decimal(value, what):
    """A Decimal from a Decimal, an int or a numeric string; floats are refused because a
    binary float (0.1 + 0.2) would silently carry its representation error into a ledger."""
    if isinstance(value, float):
        raise TypeError(
            f"{what} must be a Decimal, an int or a numeric string, not the float {value!r}"
        )
    if isinstance(value, bool):
        raise TypeError(f"{what} must be a number, not {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, (int, str)):
        try:
            result = Decimal(value)
        except InvalidOperation:
            raise ValueError(f"{what} is not a number: {value!r}") from None
    else:
        raise TypeError(
            f"{what} must be a Decimal, an int or a numeric string, not {value!r}"
        )
    if not result.is_finite():
        raise ValueError(f"{what} must be a finite number, not {value!r}")
    return result


def _check_rounding(rounding):
    rounding = _decimal(rounding, "rounding")
    if rounding <= 0:
        raise ValueError(
            f"rounding must be a positive quantum such as 0.01, not {rounding}"
        )
    return rounding


@_exact_arithmetic
def round_money(amount, rounding=CENT):
    """Round ``amount`` to a multiple of ``rounding``, halves away from zero (ROUND_HALF_UP).

    Works for any quantum, not only powers of ten (Odoo currencies may round to 0.05), and
    is symmetric around zero, so a credit note's discount is exactly the negative of the
    same invoice's discount.
    """
    rounding = _check_rounding(rounding)
    amount = _decimal(amount, "amount")
    steps = _EXACT.divide(amount, rounding).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    result = _EXACT.multiply(steps, rounding).quantize(rounding)
    return result.copy_abs() if result == 0 else result  # never "-0.00"


def _check_on_quantum(amount, what, rounding):
    """Refuse an input amount finer than the currency rounding: summing such amounts would
    leave sub-cent residues that no journal entry can post."""
    if _EXACT.remainder(amount, rounding) != 0:
        raise ValueError(
            f"{what} {amount} is not a multiple of the rounding {rounding}"
        )


def _sign(amount):
    return (amount > 0) - (amount < 0)


def _min_abs(*amounts):
    return min(amounts, key=abs)


def _percent(value, what="discount percent"):
    return _decimal(value, what)


# ------------------------------------------------------------------------ discount periods


@dataclass(frozen=True)
class DiscountPeriod:
    """One step of an early-payment discount: ``percent`` off when the document is paid
    within ``days`` days of its date, or on or before the fixed date ``until``.

    Exactly one of ``days`` and ``until`` is given. Days are counted like Odoo's payment
    terms and D365's "1 % / 14 days": the last discount day is document date + days, and
    that day still qualifies (D365 V3: 2 % "until 30 Jun" for an invoice of 25 Jun, 5 days).
    """

    percent: Decimal
    days: int | None = None
    until: date | None = None

    def __post_init__(self):
        object.__setattr__(self, "percent", _percent(self.percent))
        if (self.days is None) == (self.until is None):
            raise ValueError(
                "a discount period needs either a number of days or a date (exactly one), "
                f"got days={self.days!r}, until={self.until!r}"
            )
        if self.days is not None:
            if isinstance(self.days, bool) or not isinstance(self.days, int):
                raise TypeError(
                    f"discount period days must be an int, not {self.days!r}"
                )
            if self.days < 0:
                raise ValueError(
                    f"discount period days cannot be negative: {self.days}"
                )
        if self.until is not None and (
            isinstance(self.until, datetime) or not isinstance(self.until, date)
        ):
            raise TypeError(
                f"discount period date must be a datetime.date, not {self.until!r}"
            )
        if not ZERO < self.percent < HUNDRED:
            raise ValueError(
                f"a discount period's rate must be above 0 % and below 100 %, not {self.percent} %"
            )

    def last_date(self, document_date):
        """The last day on which this period's rate applies, for a document of that date."""
        if self.until is not None:
            return self.until
        return document_date + timedelta(days=self.days)

    def describe(self):
        when = f"{self.days} days" if self.days is not None else self.until.isoformat()
        return f"{self.percent} % within {when}"


def _require_strictly_increasing(periods, what, key):
    for index in range(1, len(periods)):
        earlier, later = periods[index - 1], periods[index]
        if not key(later) > key(earlier):
            raise ValueError(
                f"discount periods must be strictly increasing in {what}: "
                f"'{later[1].describe()}' (period {later[0] + 1}) does not come after "
                f"'{earlier[1].describe()}' (period {earlier[0] + 1})"
            )


@dataclass(frozen=True)
class DiscountSchedule:
    """A payment term's early-payment discounts, earliest (and best) period first.

    Validated on creation, because a list that is not ordered has no meaning for the
    customer: a later period must end later and give strictly less (2 % / 5 days, then
    1 % / 14 days). Days are compared with days and dates with dates here; a schedule
    mixing both is checked again once a document date resolves it (:func:`discount_windows`).
    An empty schedule means "no early-payment discount".
    """

    periods: tuple = ()

    def __post_init__(self):
        periods = tuple(self.periods)
        for period in periods:
            if not isinstance(period, DiscountPeriod):
                raise TypeError(
                    f"a discount schedule holds DiscountPeriod items, not {period!r}"
                )
        object.__setattr__(self, "periods", periods)
        numbered = list(enumerate(periods))
        _require_strictly_increasing(
            [item for item in numbered if item[1].days is not None],
            "days",
            lambda item: item[1].days,
        )
        _require_strictly_increasing(
            [item for item in numbered if item[1].until is not None],
            "dates",
            lambda item: item[1].until,
        )
        for index in range(1, len(periods)):
            if not periods[index].percent < periods[index - 1].percent:
                raise ValueError(
                    "discount periods must be strictly decreasing in rate: "
                    f"'{periods[index].describe()}' (period {index + 1}) does not give less than "
                    f"'{periods[index - 1].describe()}' (period {index})"
                )


NO_DISCOUNT = DiscountSchedule()


def discount_schedule(periods):
    """Build a validated :class:`DiscountSchedule` from a payment term's periods.

    Each item is a :class:`DiscountPeriod` or a pair ``(days or date, percent)``:
    ``discount_schedule([(5, 2), (14, 1)])`` is "2 % within 5 days, 1 % within 14 days".
    Raises ``ValueError`` when the periods are not strictly increasing in days (or dates)
    and strictly decreasing in rate.
    """
    built = []
    for item in periods:
        if isinstance(item, DiscountPeriod):
            built.append(item)
            continue
        try:
            when, percent = item
        except (TypeError, ValueError):
            raise TypeError(
                "a discount period is a DiscountPeriod or a (days or date, percent) pair, "
                f"not {item!r}"
            ) from None
        if isinstance(when, date):
            built.append(DiscountPeriod(percent=percent, until=when))
        else:
            built.append(DiscountPeriod(percent=percent, days=when))
    return DiscountSchedule(tuple(built))


@dataclass(frozen=True)
class DiscountWindow:
    """A discount period resolved for one document: ``percent`` applies up to ``last_date``."""

    last_date: date
    percent: Decimal


def discount_windows(schedule, document_date):
    """The schedule's periods as dated windows for a document of ``document_date``.

    Raises ``ValueError`` when the resolved dates are not strictly increasing (only possible
    when days and fixed dates are mixed) or a fixed date lies before the document date.
    """
    _check_date(document_date, "document date")
    windows = []
    for number, period in enumerate(schedule.periods, start=1):
        last = period.last_date(document_date)
        if last < document_date:
            raise ValueError(
                f"discount period {number} ('{period.describe()}') ends on {last.isoformat()}, "
                f"before the document date {document_date.isoformat()}"
            )
        if windows and not last > windows[-1].last_date:
            raise ValueError(
                "discount periods must be strictly increasing in dates: period "
                f"{number} ('{period.describe()}') ends on {last.isoformat()}, not after "
                f"{windows[-1].last_date.isoformat()}"
            )
        windows.append(DiscountWindow(last_date=last, percent=period.percent))
    return tuple(windows)


def last_discount_date(schedule, document_date):
    """The last day any discount applies without grace, or None without discount."""
    windows = discount_windows(schedule, document_date)
    return windows[-1].last_date if windows else None


def discount_tolerance_date(schedule, document_date, grace_days=0):
    """Last discount date + grace period (Business Central's *Pmt. Disc. Tolerance Date*).

    Only the *last* period is extended: a payment a day after the 2 % period of "2 % / 5
    days, 1 % / 14 days" is simply in the 1 % period; the grace period exists to forgive a
    customer who missed the last chance of a discount, not to stretch every step.
    """
    grace_days = _check_grace(grace_days)
    last = last_discount_date(schedule, document_date)
    return None if last is None else last + timedelta(days=grace_days)


@dataclass(frozen=True)
class DiscountRate:
    """The discount in force on a payment date.

    ``late`` is True when the rate applies only thanks to the grace period (BC's payment
    discount tolerance): the discount date has passed but the tolerance date has not. Such a
    discount is posted as discount tolerance and, with the warning on, needs the clerk's
    acceptance. ``discount_date`` is the last day of the period that gives the rate (for a
    late or expired discount: the last discount date).
    """

    percent: Decimal
    discount_date: date | None = None
    late: bool = False


def rate_on(schedule, document_date, payment_date, grace_days=0):
    """The discount rate in force for a document of ``document_date`` paid on ``payment_date``.

    The first period whose last day is on or after the payment date gives the rate. After
    the last period, the grace period keeps the last rate available as a late discount.
    Raises ``ValueError`` for a payment dated before the document: no discount period can
    be evaluated for money received before the debt existed, and it is almost always a
    typing error in the date.
    """
    _check_date(payment_date, "payment date")
    _check_date(document_date, "document date")
    if payment_date < document_date:
        raise ValueError(
            f"payment date {payment_date.isoformat()} is before the document date "
            f"{document_date.isoformat()}"
        )
    grace_days = _check_grace(grace_days)
    windows = discount_windows(schedule, document_date)
    for window in windows:
        if payment_date <= window.last_date:
            return DiscountRate(window.percent, window.last_date, late=False)
    if windows and payment_date <= windows[-1].last_date + timedelta(days=grace_days):
        return DiscountRate(windows[-1].percent, windows[-1].last_date, late=True)
    return DiscountRate(ZERO, windows[-1].last_date if windows else None, late=False)


def _check_date(value, what):
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{what} must be a datetime.date, not {value!r}")


def _check_grace(grace_days):
    if isinstance(grace_days, bool) or not isinstance(grace_days, int):
        raise TypeError(
            f"the grace period is a whole number of days, not {grace_days!r}"
        )
    if grace_days < 0:
        raise ValueError(f"the grace period cannot be negative: {grace_days} days")
    return grace_days


# --------------------------------------------------------------- discount on partial payment


def _exact_full_discount(open_amount, percent, discount_base):
    """Unrounded discount on the whole open amount (on its discountable part)."""
    base = open_amount if discount_base is None else discount_base
    return _EXACT.divide(_EXACT.multiply(base, percent), HUNDRED)


def _partial_discount(payment, open_amount, exact_full, rounding):
    """D365's discount on a partial payment, generalised to a discount base.

    With the whole amount discountable, the effective rate is d and the formula is
    ``P / (1 - d) * d``. When only part of the amount is discountable (Odoo's "tax excluded"
    computation), the effective rate is ``e = full discount / open amount``, and
    ``P / (1 - e) * e`` simplifies to ``P * full / (open - full)``. The result is capped so
    that payment + discount never exceeds the open amount nor the discount the whole open
    amount would earn.
    """
    if exact_full == 0 or payment == 0:
        return ZERO
    discount = round_money(
        _EXACT.divide(_EXACT.multiply(payment, exact_full), open_amount - exact_full),
        rounding,
    )
    return _min_abs(discount, open_amount - payment, round_money(exact_full, rounding))


@dataclass(frozen=True)
class DiscountedPayment:
    """A payment put on one document with its discount.

    ``applied + discount + remaining == open amount``; ``excess`` is the part of the payment
    the document could not take (the payment exceeded the discounted amount due)."""

    applied: Decimal
    discount: Decimal
    remaining: Decimal
    excess: Decimal


@_exact_arithmetic
def partial_payment_discount(
    payment, open_amount, percent, *, discount_base=None, rounding=CENT
):
    """Discount earned by ``payment`` on a document with ``open_amount`` open at ``percent``.

    D365 (reference 9.1): a payment P that does not settle the document still earns
    ``P / (1 - d) * d``, so that P plus its discount settles the same share of the invoice a
    full payment would (495 at 1 % settles 500). A payment at least equal to the discounted
    amount due closes the document with the full discount, and the rest is ``excess``:
    payment + discount never exceeds the open amount. Credit notes work the same with
    negative amounts (-99 at 1 % earns -1.00).

    Raises ``ValueError`` for a payment of the opposite sign to the document (a negative
    payment on an invoice).
    """
    rounding = _check_rounding(rounding)
    payment = _decimal(payment, "payment amount")
    open_amount = _decimal(open_amount, "open amount")
    percent = _percent(percent)
    if not ZERO <= percent < HUNDRED:
        raise ValueError(
            f"a discount rate must be from 0 % to below 100 %, not {percent} %"
        )
    if open_amount == 0:
        raise ValueError("the document has nothing open to pay")
    if _sign(payment) == -_sign(open_amount):
        kind = "an invoice" if open_amount > 0 else "a credit note"
        raise ValueError(
            f"payment amount {payment} has the wrong sign for {kind} with {open_amount} open"
        )
    if discount_base is not None:
        discount_base = _check_discount_base(
            _decimal(discount_base, "discount base"), open_amount
        )
    exact_full = _exact_full_discount(open_amount, percent, discount_base)
    full = round_money(exact_full, rounding)
    due = open_amount - full
    if abs(payment) >= abs(due):
        return DiscountedPayment(
            applied=due, discount=full, remaining=ZERO, excess=payment - due
        )
    discount = _partial_discount(payment, open_amount, exact_full, rounding)
    return DiscountedPayment(
        applied=payment,
        discount=discount,
        remaining=open_amount - payment - discount,
        excess=ZERO,
    )


def _check_discount_base(base, open_amount):
    if (base != 0 and _sign(base) != _sign(open_amount)) or abs(base) > abs(
        open_amount
    ):
        raise ValueError(
            f"the discount base {base} must have the sign of the open amount {open_amount} "
            "and not exceed it"
        )
    return base


# ------------------------------------------------------------------------ payment tolerance


@_exact_arithmetic
def max_payment_tolerance(amount, percent=ZERO, max_amount=ZERO, *, rounding=CENT):
    """Business Central's *Max. Payment Tolerance* of one invoice or credit note.

    ``min(percent x |amount|, max_amount)``, where a zero percent means "the maximum amount
    only" and a zero maximum means "the percentage only" (bc-receivables.md 11.2); the result
    carries the document's sign, so a credit note's tolerance is negative. Computed once per
    document, from its amount, so that a document keeps the same tolerance whether it is
    applied alone or with others. A partner with tolerance blocked simply gets 0.
    """
    rounding = _check_rounding(rounding)
    amount = _decimal(amount, "document amount")
    percent = _percent(percent, "payment tolerance percent")
    max_amount = _decimal(max_amount, "maximum payment tolerance amount")
    if not ZERO <= percent <= HUNDRED:
        raise ValueError(
            f"payment tolerance percent must be from 0 to 100, not {percent}"
        )
    if max_amount < 0:
        raise ValueError(
            f"maximum payment tolerance amount cannot be negative: {max_amount}"
        )
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


# ------------------------------------------------------------------------------- settlement


@dataclass(frozen=True)
class OpenDocument:
    """An open invoice or credit note, as the settlement sees it.

    ``open_amount`` is what is still open, signed the Odoo way (customer invoice positive,
    credit note negative). ``discounts`` is its payment term's discount schedule, counted
    from ``document_date``. ``max_tolerance`` is the document's maximum payment tolerance
    (:func:`max_payment_tolerance`, computed at posting from the document's amount; 0 when
    the partner blocks tolerance). ``discount_base`` is the part of ``open_amount`` the
    discount percent applies to, for Odoo's "tax excluded" discount computation (D365 9.3
    Ex 4: 2 % of the 600 net of a 638.22 invoice); None means the whole open amount.
    """

    reference: str
    document_date: date
    open_amount: Decimal
    discounts: DiscountSchedule = NO_DISCOUNT
    max_tolerance: Decimal = ZERO
    discount_base: Decimal | None = None

    def __post_init__(self):
        if not isinstance(self.reference, str) or not self.reference:
            raise ValueError(
                f"a document needs a non-empty reference, not {self.reference!r}"
            )
        _check_date(self.document_date, f"document {self.reference}: document date")
        object.__setattr__(
            self,
            "open_amount",
            _decimal(self.open_amount, f"document {self.reference}: open amount"),
        )
        object.__setattr__(
            self,
            "max_tolerance",
            _decimal(self.max_tolerance, f"document {self.reference}: max tolerance"),
        )
        if not isinstance(self.discounts, DiscountSchedule):
            object.__setattr__(self, "discounts", discount_schedule(self.discounts))
        if self.open_amount == 0:
            raise ValueError(f"document {self.reference} has nothing open (0)")
        if self.max_tolerance != 0 and _sign(self.max_tolerance) != _sign(
            self.open_amount
        ):
            raise ValueError(
                f"document {self.reference}: max tolerance {self.max_tolerance} must carry the "
                f"sign of the document ({self.open_amount}); credit notes have a negative tolerance"
            )
        if self.discount_base is not None:
            base = _decimal(
                self.discount_base, f"document {self.reference}: discount base"
            )
            object.__setattr__(
                self, "discount_base", _check_discount_base(base, self.open_amount)
            )
        discount_windows(
            self.discounts, self.document_date
        )  # mixed days/dates checked now


@dataclass(frozen=True)
class SettlementPolicy:
    """The settings that govern a settlement (company, currency and partner).

    * ``grace_days``: payment discount grace period, added to the last discount date.
    * ``tolerance_warning`` / ``late_discount_warning``: BC's warnings. Off, in-tolerance
      differences close and late discounts are granted automatically (the clerk cannot keep
      the balance open, bc-receivables.md 11.3); on, the outcome asks the clerk.
    * ``discount_on_partial_payments`` / ``discount_on_credit_notes``: D365's AR parameters
      "Calculate cash discounts for partial payments" and "... for credit notes".
    * ``tolerance_blocked``: the partner's "block payment tolerance".
    * ``apply_to_oldest``: the partner pays a running account (BC application method "Apply
      to Oldest"); BC then never posts payment tolerance (11.4), nor does this.
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

    * ``accept_late_discount`` / ``decline_late_discount``: answers to "accept / do not accept
      the late payment discount" (asked per document, BC 11.2).
    * ``post_tolerance``: answer to "post the balance as payment tolerance / leave it open";
      None while not asked.
    * ``full_settlement``: D365's *Full settlement*: whatever stays open on the documents
      after payment, discount and tolerance is posted as extra cash discount (reference V9).
    * ``discount_always`` / ``discount_never``: D365's *Use cash discount* = Always / Never on
      a line. Always gives the last period's rate even after the discount date (V2).

    Answers are ignored when their warning is off: BC then grants late discounts and closes
    in-tolerance differences automatically, and "the user cannot keep the remainder open"
    (bc-receivables.md 11.3).
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
                raise ValueError(
                    f"documents both in {first} and {second}: {', '.join(sorted(both))}"
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

    Always ``applied + discount + late_discount + extra_discount + tolerance + remaining ==
    open_before``, whichever side the tolerance is posted on: ``applied`` is the part of the
    payment consumed by this document (negative for a credit note, which adds its value to
    the payment), so an overpayment kept as tolerance is part of ``applied`` and offset by a
    negative ``tolerance``.

    * ``discount``: cash discount earned within a discount period.
    * ``late_discount``: discount granted in the grace period (BC payment discount tolerance).
    * ``extra_discount``: the rest forgiven by a full settlement (D365 V9).
    * ``tolerance``: payment tolerance, ``+`` written off (loss), ``-`` kept (gain), posted on
      ``tolerance_posted_on`` (POSTED_ON_DOCUMENT for an underpayment, POSTED_ON_PAYMENT for
      an overpayment, None without tolerance).
    * ``discount_available``: the discount the whole open amount would earn on the payment
      date (grace included), to show next to what was taken: D365 V6 shows 20.00 available
      on FTI-10042 while a half payment takes 10.00.
    * ``late_discount_pending``: the clerk still has to accept or refuse a late discount.
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

    ``documents`` are in application order. ``payment_remaining`` is the part of the payment
    that no document took (an overpayment beyond tolerance): it stays open on the payment, as
    the partner's credit. When ``is_final`` is False the figures are provisional, computed
    with the open questions answered the cautious way ("do not accept", "leave it open"), and
    the UI asks them, then settles again with :class:`ClerkChoices` filled in:

    * ``late_discounts_to_accept``: references needing "accept / do not accept the late
      payment discount"; asked first, as in BC, because the answer changes the balance.
    * ``tolerance_to_confirm``: a balance (signed like a tolerance) that could be posted as
      payment tolerance: "post the balance as tolerance / leave it open".
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
        """Tolerance posted on the payment side (overpayments), signed like a tolerance."""
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
        # Oldest document first; on equal dates the better discount first (D365 V7: FTI-10042
        # at 2 % before FTI-10041 at 1 %); then the larger discount amount. Python's sort is
        # stable, so the caller's order decides what is still equal.
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
    inputs are multiples of the quantum, so this only normalises "1000" to "1000.00")."""
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
        raise ValueError("a settlement needs at least one open document")
    seen = set()
    for doc in documents:
        if not isinstance(doc, OpenDocument):
            raise TypeError(f"documents must be OpenDocument items, not {doc!r}")
        if doc.reference in seen:
            raise ValueError(
                f"document {doc.reference} appears twice in the settlement"
            )
        seen.add(doc.reference)
        if payment_date < doc.document_date:
            raise ValueError(
                f"payment date {payment_date.isoformat()} is before the date of document "
                f"{doc.reference} ({doc.document_date.isoformat()})"
            )
        _check_on_quantum(
            doc.open_amount, f"document {doc.reference}: open amount", rounding
        )
        _check_on_quantum(
            doc.max_tolerance, f"document {doc.reference}: max tolerance", rounding
        )
    _check_on_quantum(payment, "payment amount", rounding)
    unknown = choices.references() - seen
    if unknown:
        raise ValueError(
            "the clerk's choices name documents that are not settled here: "
            + ", ".join(sorted(unknown))
        )


@_exact_arithmetic
def settle_payment(
    payment_amount,
    payment_date,
    documents,
    *,
    policy=SettlementPolicy(),
    choices=ClerkChoices(),
    rounding=CENT,
):
    """Settle one payment against the documents it was applied to (marked, in BC and D365).

    1. Each document gets the discount rate in force on ``payment_date`` (grace period
       included; a late discount waits for the clerk when its warning is on) and its amount
       due, open amount - discount on the whole open amount.
    2. Counter documents (credit notes in an invoice settlement) come first: their value,
       net of their own discount, is certain and adds to the payment (D365 V4: 990 - 99).
       Then the documents to pay, oldest first, on equal dates the better discount first.
    3. If the payment is exactly the total due, everything closes. If the difference is
       within the summed maximum tolerance of the documents to pay (BC counts only invoices
       for a payment, credit memos for a refund), everything closes and the difference is
       posted as payment tolerance, each document taking at most its own tolerance (the
       newest first): on the documents for an underpayment, on the payment for an
       overpayment. With the tolerance warning on, the clerk is asked first.
    4. Otherwise an overpayment closes every document and the excess stays open on the
       payment; an underpayment is allocated in order: documents are closed with their full
       discount while money lasts, the first one not covered gets the rest with D365's
       partial-payment discount, the later ones are untouched. A full settlement then posts
       whatever is still open as extra cash discount.

    Raises ``ValueError`` for a payment dated before a document, a payment of the wrong sign
    (negative for an invoice settlement, positive when credit notes or bills are net), a duplicate
    document, amounts finer than ``rounding``, or choices naming unknown documents.

    A payment the clerk splits by hand over several documents (D365 V6, an "amount to
    settle" per line) is one settlement per document and amount: each document then keeps
    its own discount and tolerance, as BC says a document does whether applied alone or not.
    """
    rounding = _check_rounding(rounding)
    payment = _decimal(payment_amount, "payment amount")
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
            raise ValueError(
                f"negative payment amount {payment} for an invoice settlement "
                f"(net open amount {net_open}): money received for invoices is positive"
            )
        raise ValueError(
            f"positive payment amount {payment} for documents with a negative net open amount "
            f"({net_open}: credit notes to refund or vendor bills to pay): money paid out is "
            "negative"
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
    """Close every document; spread ``difference`` as tolerance over the documents to pay.

    Each document takes at most its own maximum tolerance (BC: "with multiple documents,
    each keeps its own tolerance"; the DOC's two-invoice table posts -5 / -5 for a
    difference of 10). The newest documents take it first, the ones an oldest-first payment
    would have reached last.
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
    """Put a payment that cannot close everything on the documents, in application order."""
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
def amount_due_with_discount(document, on_date, grace_days=0, *, rounding=CENT):
    """What closes ``document`` if paid on ``on_date``: open amount minus the discount still
    available, grace period included.

    This is BC's *Rem. Amount Incl. Discount* (payment registration) and the amount the
    matching engine should compare a bank line with, so that a discounted payment, or one
    taking a late discount within the grace period, scores as an amount match.
    """
    rounding = _check_rounding(rounding)
    rate = rate_on(document.discounts, document.document_date, on_date, grace_days)
    full = round_money(
        _exact_full_discount(
            document.open_amount, rate.percent, document.discount_base
        ),
        rounding,
    )
    return document.open_amount - full


@_exact_arithmetic
def discount_steps(
    schedule,
    document_date,
    open_amount,
    *,
    discount_base=None,
    grace_days=0,
    rounding=CENT,
):
    """What pays a document in full in each discount period: ``((last date, amount due), ...)``,
    the grace period added to the last period's date.

    The matching engine compares a bank line with the amount due on the line's date, so that
    a discounted payment (a late one too) scores as an amount match; the amounts are those
    :func:`amount_due_with_discount` gives on any day of the period.
    """
    rounding = _check_rounding(rounding)
    open_amount = _decimal(open_amount, "open amount")
    if discount_base is not None:
        discount_base = _check_discount_base(
            _decimal(discount_base, "discount base"), open_amount
        )
    grace = timedelta(days=_check_grace(grace_days))
    windows = discount_windows(schedule, document_date)
    return tuple(
        (
            window.last_date + (grace if number == len(windows) else timedelta()),
            open_amount
            - round_money(
                _exact_full_discount(open_amount, window.percent, discount_base),
                rounding,
            ),
        )
        for number, window in enumerate(windows, start=1)
    )


@_exact_arithmetic
def settle_in_sequence(
    document,
    payments,
    *,
    policy=SettlementPolicy(),
    choices=ClerkChoices(),
    rounding=CENT,
):
    """Settle successive payments on one document, each on its own date (D365 V1-V3).

    Each payment is settled on what the previous ones left open, at the rate in force on its
    own date, so a customer can pay 294 in the 2 % period and 693 in the 1 % period. The
    discountable part of the document shrinks with it, in proportion. Returns one
    :class:`SettlementOutcome` per payment. Raises ``ValueError`` for payments out of date
    order or a payment after the document is already settled.
    """
    outcomes = []
    current = document
    previous_date = None
    for number, (payment_date, amount) in enumerate(payments, start=1):
        if previous_date is not None and payment_date < previous_date:
            raise ValueError(
                f"payment {number} ({payment_date.isoformat()}) is dated before the payment "
                f"before it ({previous_date.isoformat()}); settle payments in date order"
            )
        if current is None:
            raise ValueError(
                f"payment {number} ({payment_date.isoformat()}): document {document.reference} "
                "is already settled"
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
