"""Early-payment discounts: periods, the rate in force on a date, and the discount a
full or a partial payment earns (D365 ``d365-credit-collections.md`` section 9, Business
Central's payment discount tolerance, ``bc-receivables.md`` 11.2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from ..messages import MessageError, msg
from . import codes as C
from .common import (
    _EXACT,
    CENT,
    HUNDRED,
    ZERO,
    _check_date,
    _check_grace,
    _check_rounding,
    _decimal,
    _exact_arithmetic,
    _min_abs,
    _percent,
    _sign,
    round_money,
)


@dataclass(frozen=True)
class DiscountPeriod:
    """One step of an early-payment discount: ``percent`` off when the document is paid
    within ``days`` days of its date, or on or before the fixed date ``until``.

    Exactly one of ``days`` and ``until`` is given. Days are counted like Odoo's payment
    terms and D365's "1 % / 14 days": the last discount day is document date + days, and
    that day still qualifies (D365 V3: 2 % "until 30 Jun" for an invoice of 25 Jun, 5
    days).
    """

    percent: Decimal
    days: int | None = None
    until: date | None = None

    def __post_init__(self):
        object.__setattr__(self, "percent", _percent(self.percent))
        if (self.days is None) == (self.until is None):
            raise MessageError(
                C.PERIOD_DAYS_OR_DATE,
                days="" if self.days is None else str(self.days),
                until="" if self.until is None else str(self.until),
            )
        if self.days is not None:
            if isinstance(self.days, bool) or not isinstance(self.days, int):
                raise TypeError(
                    f"discount period days must be an int, not {self.days!r}"
                )
            if self.days < 0:
                raise MessageError(C.PERIOD_NEGATIVE_DAYS, days=self.days)
        if self.until is not None and (
            isinstance(self.until, datetime) or not isinstance(self.until, date)
        ):
            raise TypeError(
                f"discount period date must be a datetime.date, not {self.until!r}"
            )
        if not ZERO < self.percent < HUNDRED:
            raise MessageError(C.PERIOD_RATE_RANGE, percent=self.percent)

    def last_date(self, document_date):
        """The last day on which this period's rate applies, for a document of that
        date."""
        if self.until is not None:
            return self.until
        return document_date + timedelta(days=self.days)

    def describe(self):
        """The period as a message: "2 % within 5 days" or "1 % until <date>"."""
        if self.days is not None:
            return msg(C.PERIOD_DAYS, percent=self.percent, days=self.days)
        return msg(C.PERIOD_UNTIL, percent=self.percent, until=self.until)


def _require_strictly_increasing(periods, code, key):
    for index in range(1, len(periods)):
        earlier, later = periods[index - 1], periods[index]
        if not key(later) > key(earlier):
            raise MessageError(
                code,
                period=later[1].describe(),
                number=later[0] + 1,
                previous=earlier[1].describe(),
                previous_number=earlier[0] + 1,
            )


@dataclass(frozen=True)
class DiscountSchedule:
    """A payment term's early-payment discounts, earliest (and best) period first.

    Validated on creation, because a list that is not ordered has no meaning for the
    customer: a later period must end later and give strictly less (2 % / 5 days, then 1
    % / 14 days). Days are compared with days and dates with dates here; a schedule
    mixing both is checked again once a document date resolves it
    (:func:`discount_windows`). An empty schedule means "no early-payment discount".
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
            C.PERIODS_NOT_INCREASING_DAYS,
            lambda item: item[1].days,
        )
        _require_strictly_increasing(
            [item for item in numbered if item[1].until is not None],
            C.PERIODS_NOT_INCREASING_DATES,
            lambda item: item[1].until,
        )
        for index in range(1, len(periods)):
            if not periods[index].percent < periods[index - 1].percent:
                raise MessageError(
                    C.PERIODS_NOT_DECREASING_RATE,
                    period=periods[index].describe(),
                    number=index + 1,
                    previous=periods[index - 1].describe(),
                    previous_number=index,
                )


NO_DISCOUNT = DiscountSchedule()


def discount_schedule(periods):
    """Build a validated :class:`DiscountSchedule` from a payment term's periods.

    Each item is a :class:`DiscountPeriod` or a pair ``(days or date, percent)``:
    ``discount_schedule([(5, 2), (14, 1)])`` is "2 % within 5 days, 1 % within 14 days".
    Raises ``MessageError`` (a ``ValueError``) when the periods are not strictly
    increasing in days (or dates) and strictly decreasing in rate.
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
                "a discount period is a DiscountPeriod or a (days or date, percent) "
                f"pair, not {item!r}"
            ) from None
        if isinstance(when, date):
            built.append(DiscountPeriod(percent=percent, until=when))
        else:
            built.append(DiscountPeriod(percent=percent, days=when))
    return DiscountSchedule(tuple(built))


@dataclass(frozen=True)
class DiscountWindow:
    """A discount period resolved for one document: ``percent`` applies up to
    ``last_date``."""

    last_date: date
    percent: Decimal


def discount_windows(schedule, document_date):
    """The schedule's periods as dated windows for a document of ``document_date``.

    Raises ``MessageError`` when the resolved dates are not strictly increasing (only
    possible when days and fixed dates are mixed) or a fixed date lies before the
    document date.
    """
    _check_date(document_date, "document date")
    windows = []
    for number, period in enumerate(schedule.periods, start=1):
        last = period.last_date(document_date)
        if last < document_date:
            raise MessageError(
                C.PERIOD_ENDS_BEFORE_DOCUMENT,
                number=number,
                period=period.describe(),
                last_date=last,
                document_date=document_date,
            )
        if windows and not last > windows[-1].last_date:
            raise MessageError(
                C.PERIOD_ENDS_NOT_AFTER,
                number=number,
                period=period.describe(),
                last_date=last,
                previous_date=windows[-1].last_date,
            )
        windows.append(DiscountWindow(last_date=last, percent=period.percent))
    return tuple(windows)


def last_discount_date(schedule, document_date):
    """The last day any discount applies without grace, or None without discount."""
    windows = discount_windows(schedule, document_date)
    return windows[-1].last_date if windows else None


def discount_tolerance_date(schedule, document_date, grace_days=0):
    """Last discount date + grace period (Business Central's *Pmt. Disc. Tolerance
    Date*).

    Only the *last* period is extended: a payment a day after the 2 % period of "2 % / 5
    days, 1 % / 14 days" is simply in the 1 % period; the grace period exists to forgive
    a customer who missed the last chance of a discount, not to stretch every step.
    """
    grace_days = _check_grace(grace_days)
    last = last_discount_date(schedule, document_date)
    return None if last is None else last + timedelta(days=grace_days)


@dataclass(frozen=True)
class DiscountRate:
    """The discount in force on a payment date.

    ``late`` is True when the rate applies only thanks to the grace period (BC's payment
    discount tolerance): the discount date has passed but the tolerance date has not.
    Such a discount is posted as discount tolerance and, with the warning on, needs the
    clerk's acceptance. ``discount_date`` is the last day of the period that gives the
    rate (for a late or expired discount: the last discount date).
    """

    percent: Decimal
    discount_date: date | None = None
    late: bool = False


def rate_on(schedule, document_date, payment_date, grace_days=0):
    """The discount rate in force for a document of ``document_date`` paid on
    ``payment_date``.

    The first period whose last day is on or after the payment date gives the rate.
    After the last period, the grace period keeps the last rate available as a late
    discount. Raises ``MessageError`` for a payment dated before the document: no
    discount period can be evaluated for money received before the debt existed, and it
    is almost always a typing error in the date.
    """
    _check_date(payment_date, "payment date")
    _check_date(document_date, "document date")
    if payment_date < document_date:
        raise MessageError(
            C.PAYMENT_BEFORE_DOCUMENT_DATE,
            payment_date=payment_date,
            document_date=document_date,
        )
    grace_days = _check_grace(grace_days)
    windows = discount_windows(schedule, document_date)
    for window in windows:
        if payment_date <= window.last_date:
            return DiscountRate(window.percent, window.last_date, late=False)
    if windows and payment_date <= windows[-1].last_date + timedelta(days=grace_days):
        return DiscountRate(windows[-1].percent, windows[-1].last_date, late=True)
    return DiscountRate(ZERO, windows[-1].last_date if windows else None, late=False)


# --------------------------------------------------------------- discount on partial
# payment


def _exact_full_discount(open_amount, percent, discount_base):
    """Unrounded discount on the whole open amount (on its discountable part)."""
    base = open_amount if discount_base is None else discount_base
    return _EXACT.divide(_EXACT.multiply(base, percent), HUNDRED)


def _partial_discount(payment, open_amount, exact_full, rounding):
    """D365's discount on a partial payment, generalised to a discount base.

    With the whole amount discountable, the effective rate is d and the formula is ``P /
    (1 - d) * d``. When only part of the amount is discountable (Odoo's "tax excluded"
    computation), the effective rate is ``e = full discount / open amount``, and ``P /
    (1 - e) * e`` simplifies to ``P * full / (open - full)``. The result is capped so
    that payment + discount never exceeds the open amount nor the discount the whole
    open amount would earn.
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

    ``applied + discount + remaining == open amount``; ``excess`` is the part of the
    payment the document could not take (the payment exceeded the discounted amount
    due)."""

    applied: Decimal
    discount: Decimal
    remaining: Decimal
    excess: Decimal


@_exact_arithmetic
def partial_payment_discount(
    payment, open_amount, percent, *, discount_base=None, rounding=CENT
):
    """Discount earned by ``payment`` on a document with ``open_amount`` open at
    ``percent``.

    D365 (reference 9.1): a payment P that does not settle the document still earns ``P
    / (1 - d) * d``, so that P plus its discount settles the same share of the invoice a
    full payment would (495 at 1 % settles 500). A payment at least equal to the
    discounted amount due closes the document with the full discount, and the rest is
    ``excess``: payment + discount never exceeds the open amount. Credit notes work the
    same with negative amounts (-99 at 1 % earns -1.00).

    Raises ``MessageError`` for a payment of the opposite sign to the document (a
    negative payment on an invoice).
    """
    rounding = _check_rounding(rounding)
    payment = _decimal(payment, C.FIELD_PAYMENT_AMOUNT)
    open_amount = _decimal(open_amount, C.FIELD_OPEN_AMOUNT)
    percent = _percent(percent)
    if not ZERO <= percent < HUNDRED:
        raise MessageError(C.DISCOUNT_RATE_RANGE, percent=percent)
    if open_amount == 0:
        raise MessageError(C.NOTHING_OPEN_TO_PAY)
    if _sign(payment) == -_sign(open_amount):
        raise MessageError(
            C.WRONG_SIGN_FOR_INVOICE
            if open_amount > 0
            else C.WRONG_SIGN_FOR_CREDIT_NOTE,
            payment=payment,
            open_amount=open_amount,
        )
    if discount_base is not None:
        discount_base = _check_discount_base(
            _decimal(discount_base, C.FIELD_DISCOUNT_BASE), open_amount
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
        raise MessageError(C.DISCOUNT_BASE_INVALID, base=base, open_amount=open_amount)
    return base


@_exact_arithmetic
def amount_due_with_discount(document, on_date, grace_days=0, *, rounding=CENT):
    """What closes ``document`` (an :class:`~.types.OpenDocument`) if paid on
    ``on_date``: open amount minus the discount still available, grace period included.

    This is BC's *Rem. Amount Incl. Discount* (payment registration) and the amount the
    matching engine should compare a bank line with, so that a discounted payment, or
    one taking a late discount within the grace period, scores as an amount match.
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
    """What pays a document in full in each discount period: ``((last date, amount due),
    ...)``, the grace period added to the last period's date.

    The matching engine compares a bank line with the amount due on the line's date, so
    that a discounted payment (a late one too) scores as an amount match; the amounts
    are those :func:`amount_due_with_discount` gives on any day of the period.
    """
    rounding = _check_rounding(rounding)
    open_amount = _decimal(open_amount, C.FIELD_OPEN_AMOUNT)
    if discount_base is not None:
        discount_base = _check_discount_base(
            _decimal(discount_base, C.FIELD_DISCOUNT_BASE), open_amount
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
