"""The data of collections: fee rules, reminder terms, open entries, finance charge
terms, and the proposals computed from them. All frozen; money is ``Decimal`` (a float
is refused), dates are ``datetime.date``, percents are percents (``Decimal("8")`` is
8 %). Amounts are signed the Odoo way for a customer: invoices positive, credit notes
and payments negative. Each value is validated when it is built (a refusal is a
:class:`~ar_reconcile.lib.messages.MessageError` with a ``collections.*`` code).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..messages import Amount, MessageError, Percent, msg
from . import codes as C

FIXED = "fixed"
SINGLE_DYNAMIC = "single_dynamic"
ACCUMULATED_DYNAMIC = "accumulated_dynamic"
FEE_METHODS = (FIXED, SINGLE_DYNAMIC, ACCUMULATED_DYNAMIC)

BALANCE_DUE = "balance_due"
AVERAGE_DAILY_BALANCE = "average_daily_balance"
INTEREST_METHODS = (BALANCE_DUE, AVERAGE_DAILY_BALANCE)

OPEN_ENTRIES = "open"
CLOSED_ENTRIES = "closed"
ALL_ENTRIES = "all"
INTEREST_ON = (OPEN_ENTRIES, CLOSED_ENTRIES, ALL_ENTRIES)

RANGE_BY_DAYS = "days"
RANGE_BY_AMOUNT = "amount"

INVOICE = "invoice"
CREDIT_NOTE = "credit_note"
PAYMENT = "payment"

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def decimal(value, what):
    """``value`` as a Decimal: an int or a Decimal; a float is refused (money is never
    binary), so is anything else."""
    if isinstance(value, bool) or isinstance(value, float):
        raise MessageError(C.FLOAT_AMOUNT, what=msg(what), value=str(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal) and value.is_finite():
        return value
    raise MessageError(C.NOT_A_NUMBER, what=msg(what), value=str(value))


def not_negative(value, what):
    value = decimal(value, what)
    if value < 0:
        raise MessageError(C.NEGATIVE, what=msg(what), value=str(value))
    return value


def positive(value, what):
    value = decimal(value, what)
    if value <= 0:
        raise MessageError(C.NOT_POSITIVE, what=msg(what), value=str(value))
    return value


def days(value, what):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise MessageError(C.NEGATIVE, what=msg(what), value=str(value))
    return value


def percent(value, what=C.FIELD_PERCENT):
    value = not_negative(value, what)
    if value > HUNDRED:
        raise MessageError(C.PERCENT_ABOVE_100, what=msg(what), value=str(value))
    return value


def quantum(value):
    value = decimal(value, C.FIELD_AMOUNT)
    if value <= 0:
        raise MessageError(C.ROUNDING_NOT_POSITIVE, rounding=str(value))
    return value


def _set(obj, name, value):
    object.__setattr__(obj, name, value)


# --- Fees (BC 12.3, Additional Fee Setup) -----------------------------------------


@dataclass(frozen=True)
class FeeTier:
    """One line of BC's Additional Fee Setup: from ``threshold`` (remaining amount) on,
    ``fixed + base x percent / 100``, floored at ``min_fee`` and capped at ``max_fee``
    (0 = no cap)."""

    threshold: Decimal
    fixed: Decimal = ZERO
    percent: Decimal = ZERO
    min_fee: Decimal = ZERO
    max_fee: Decimal = ZERO

    def __post_init__(self):
        _set(self, "threshold", not_negative(self.threshold, C.FIELD_THRESHOLD))
        _set(self, "fixed", not_negative(self.fixed, C.FIELD_FIXED))
        _set(self, "percent", percent(self.percent))
        _set(self, "min_fee", not_negative(self.min_fee, C.FIELD_MIN_FEE))
        _set(self, "max_fee", not_negative(self.max_fee, C.FIELD_MAX_FEE))
        if self.max_fee > 0 and self.min_fee > self.max_fee:
            raise MessageError(
                C.TIER_MIN_ABOVE_MAX,
                threshold=str(self.threshold),
                min_fee=str(self.min_fee),
                max_fee=str(self.max_fee),
            )


@dataclass(frozen=True)
class FeeRule:
    """A fee of one level in one currency: ``method`` FIXED (``amount``), or
    SINGLE_DYNAMIC / ACCUMULATED_DYNAMIC over ``tiers`` (ascending thresholds, no two
    equal: an unsorted or overlapping setup is refused rather than guessed)."""

    method: str = FIXED
    amount: Decimal = ZERO
    tiers: tuple = ()

    def __post_init__(self):
        if self.method not in FEE_METHODS:
            raise MessageError(C.UNKNOWN_FEE_METHOD, method=str(self.method))
        _set(self, "amount", not_negative(self.amount, C.FIELD_FEE))
        tiers = tuple(self.tiers)
        _set(self, "tiers", tiers)
        if self.method != FIXED and not tiers:
            raise MessageError(C.DYNAMIC_WITHOUT_TIERS)
        for previous, tier in zip(tiers, tiers[1:], strict=False):
            if tier.threshold == previous.threshold:
                raise MessageError(C.TIERS_OVERLAP, threshold=str(tier.threshold))
            if tier.threshold < previous.threshold:
                raise MessageError(
                    C.TIERS_UNSORTED,
                    threshold=str(tier.threshold),
                    previous=str(previous.threshold),
                )


# --- Reminder terms (BC 12.2 / 12.3) ----------------------------------------------


@dataclass(frozen=True)
class ReminderLevel:
    """Level ``number`` (1, 2, ...): overdue when the reminder due date (the invoice's
    due date for level 1, the previous reminder's due date after) + ``grace_days`` is
    before the run date; the reminder is due ``due_days`` after its date. ``fees`` and
    ``line_fees`` map a currency code to a :class:`FeeRule`."""

    number: int
    grace_days: int = 0
    due_days: int = 0
    calculate_interest: bool = False
    fees: dict = field(default_factory=dict)
    line_fees: dict = field(default_factory=dict)

    def __post_init__(self):
        days(self.grace_days, C.FIELD_GRACE_DAYS)
        days(self.due_days, C.FIELD_DUE_DAYS)


@dataclass(frozen=True)
class ReminderTerms:
    """Levels 1..n (consecutive), ``max_reminders`` (0 = unlimited: after the last
    level, the highest level repeats), ``minimum_amount`` in the company currency."""

    levels: tuple
    max_reminders: int = 0
    minimum_amount: Decimal = ZERO
    company_currency: str | None = None

    def __post_init__(self):
        levels = tuple(sorted(self.levels, key=lambda level: level.number))
        if not levels:
            raise MessageError(C.TERMS_WITHOUT_LEVELS)
        numbers = tuple(level.number for level in levels)
        if numbers != tuple(range(1, len(levels) + 1)):
            raise MessageError(
                C.LEVELS_NOT_CONSECUTIVE, levels=tuple(str(n) for n in numbers)
            )
        _set(self, "levels", levels)
        days(self.max_reminders, C.FIELD_MAX_REMINDERS)
        _set(
            self,
            "minimum_amount",
            not_negative(self.minimum_amount, C.FIELD_MINIMUM_AMOUNT),
        )

    def level(self, number):
        """Level ``number``, or the highest level when ``number`` is beyond it."""
        return self.levels[min(number, len(self.levels)) - 1]


@dataclass(frozen=True)
class Movement:
    """A change of an entry's open amount on ``date`` (a partial payment: negative)."""

    date: date
    amount: Decimal

    def __post_init__(self):
        _set(self, "amount", decimal(self.amount, C.FIELD_AMOUNT))


@dataclass(frozen=True)
class OpenEntry:
    """An open receivable item of a partner. ``open_amount`` signed (credit notes and
    payments negative); ``open_amount_company`` the same in company currency (default:
    ``open_amount``). ``last_level`` the last issued reminder level (0: never
    reminded), ``last_reminder_due`` that reminder's due date. ``line_fee_levels`` the
    levels whose line fee was already charged on it. ``amount`` and ``movements`` (the
    original amount on ``date`` and the later applications) feed Average Daily Balance
    interest; ``interest_from`` the last date interest was charged up to."""

    ref: str
    date: date
    due_date: date
    open_amount: Decimal
    currency: str
    kind: str = INVOICE
    last_level: int = 0
    last_reminder_due: date | None = None
    on_hold: bool = False
    disputed: bool = False
    open_amount_company: Decimal | None = None
    line_fee_levels: frozenset = frozenset()
    amount: Decimal | None = None
    movements: tuple = ()
    interest_from: date | None = None

    def __post_init__(self):
        _set(self, "open_amount", decimal(self.open_amount, C.FIELD_AMOUNT))
        company = self.open_amount_company
        _set(
            self,
            "open_amount_company",
            self.open_amount if company is None else decimal(company, C.FIELD_AMOUNT),
        )
        amount = self.open_amount if self.amount is None else self.amount
        _set(self, "amount", decimal(amount, C.FIELD_AMOUNT))
        _set(self, "movements", tuple(self.movements))
        _set(self, "line_fee_levels", frozenset(self.line_fee_levels))
        if self.last_level > 0 and self.last_reminder_due is None:
            raise MessageError(C.REMINDED_WITHOUT_DATE, document=self.ref)

    @property
    def held(self):
        """On hold or disputed: never triggers a reminder, bears no interest."""
        return self.on_hold or self.disputed


@dataclass(frozen=True)
class PartnerAccount:
    """What a run needs of one partner: its terms (None: refused if it has overdue
    entries), its open entries, whether it is blocked for all, and the currencies in
    which it already has an unissued reminder (skipped)."""

    partner: str
    terms: ReminderTerms | None
    entries: tuple
    blocked: bool = False
    draft_currencies: frozenset = frozenset()
    finance_terms: object = None  # FinanceChargeTerms for levels that charge interest


@dataclass(frozen=True)
class ReminderLine:
    entry: OpenEntry
    level: int
    interest: Decimal = ZERO
    line_fee: Decimal = ZERO


@dataclass(frozen=True)
class ReminderProposal:
    """One reminder for a partner and currency. ``lines`` overdue (sorted by level then
    due date); ``credits`` payments and credit notes (they lower the total);
    ``not_due`` and ``on_hold`` listed only. ``remaining`` = overdue + credits;
    ``total`` = remaining + interest + fee + line fees."""

    partner: str
    currency: str
    date: date
    due_date: date
    level: int
    lines: tuple
    credits: tuple
    not_due: tuple
    on_hold: tuple
    remaining: Decimal
    interest: Decimal
    fee: Decimal
    line_fees: Decimal
    total: Decimal

    def lines_by_level(self):
        """``((level, (lines...)), ...)`` in level order, as the letter groups them."""
        groups = {}
        for line in self.lines:
            groups.setdefault(line.level, []).append(line)
        return tuple((level, tuple(group)) for level, group in sorted(groups.items()))


@dataclass(frozen=True)
class Skipped:
    """A partner and currency that gets no reminder (or memo), and why (a Message)."""

    partner: str
    currency: str | None
    reason: object


@dataclass(frozen=True)
class RunResult:
    reminders: tuple
    skipped: tuple


# --- Finance charges (BC 12.6-12.8, D365 8.1) -------------------------------------


@dataclass(frozen=True)
class InterestRate:
    """A dated rate: from ``start`` on, ``rate`` % per ``period_days``."""

    start: date
    rate: Decimal
    period_days: int

    def __post_init__(self):
        _set(self, "rate", not_negative(self.rate, C.FIELD_RATE))
        positive(self.period_days, C.FIELD_PERIOD_DAYS)


@dataclass(frozen=True)
class InterestRange:
    """D365 range: from ``start`` (days overdue or amount) on, ``rate`` %."""

    start: Decimal
    rate: Decimal

    def __post_init__(self):
        _set(self, "start", not_negative(self.start, C.FIELD_THRESHOLD))
        _set(self, "rate", not_negative(self.rate, C.FIELD_RATE))


@dataclass(frozen=True)
class FinanceChargeTerms:
    """``rate`` % per ``period_days`` (the rate used when no dated rate applies),
    ``method`` BALANCE_DUE or AVERAGE_DAILY_BALANCE, ``grace_days`` after the due date,
    ``minimum_amount`` of interest per memo, ``fees`` a currency -> fixed fee map,
    ``rates`` dated :class:`InterestRate` (any order), ``ranges`` D365 ranges by
    ``range_by`` (RANGE_BY_DAYS overdue, or RANGE_BY_AMOUNT of the base), which
    replace the rate (not combinable with dated rates). ``interest_on`` (BC's
    Interest Calculation) OPEN_ENTRIES, CLOSED_ENTRIES (paid late: interest for the
    days until paid) or ALL_ENTRIES. ``minimum_amount`` is in ``company_currency``
    (BC: Minimum Amount (LCY)); ``fees`` of the company currency serve, converted, a
    currency that has none of its own."""

    rate: Decimal
    period_days: int = 360
    method: str = AVERAGE_DAILY_BALANCE
    grace_days: int = 0
    minimum_amount: Decimal = ZERO
    fees: dict = field(default_factory=dict)
    rates: tuple = ()
    ranges: tuple = ()
    range_by: str = RANGE_BY_DAYS
    interest_on: str = OPEN_ENTRIES
    company_currency: str | None = None

    def __post_init__(self):
        _set(self, "rate", not_negative(self.rate, C.FIELD_RATE))
        if self.interest_on not in INTEREST_ON:
            raise MessageError(C.UNKNOWN_INTEREST_ON, entries=str(self.interest_on))
        positive(self.period_days, C.FIELD_PERIOD_DAYS)
        if self.method not in INTEREST_METHODS:
            raise MessageError(C.UNKNOWN_INTEREST_METHOD, method=str(self.method))
        days(self.grace_days, C.FIELD_GRACE_DAYS)
        _set(
            self,
            "minimum_amount",
            not_negative(self.minimum_amount, C.FIELD_MINIMUM_AMOUNT),
        )
        for fee in self.fees.values():
            not_negative(fee, C.FIELD_FEE)
        rates = tuple(sorted(self.rates, key=lambda rate: rate.start))
        for previous, rate in zip(rates, rates[1:], strict=False):
            if rate.start == previous.start:
                raise MessageError(C.RATES_SAME_START, start=rate.start)
        _set(self, "rates", rates)
        if self.range_by not in (RANGE_BY_DAYS, RANGE_BY_AMOUNT):
            raise MessageError(C.UNKNOWN_RANGE_BASIS, basis=str(self.range_by))
        ranges = tuple(self.ranges)
        for previous, item in zip(ranges, ranges[1:], strict=False):
            if item.start <= previous.start:
                raise MessageError(
                    C.RANGES_UNSORTED,
                    start=str(item.start),
                    previous=str(previous.start),
                )
        _set(self, "ranges", ranges)


@dataclass(frozen=True)
class FinanceChargeAccount:
    """One partner for a finance charge run: its terms (None: no finance charges) and
    its open entries; a partner blocked for all gets no memo."""

    partner: str
    terms: FinanceChargeTerms | None
    entries: tuple
    blocked: bool = False


@dataclass(frozen=True)
class InterestDetail:
    """One period of an entry's interest: ``days`` from ``start`` (inclusive) to
    ``end`` (exclusive) on ``base`` at ``rate`` % per ``period_days``."""

    start: date
    end: date
    days: int
    base: Decimal
    rate: Decimal
    period_days: int
    amount: Decimal

    def describe(self, currency=None):
        return msg(
            C.INTEREST_DETAIL,
            days=self.days,
            start=self.start,
            base=Amount(self.base, currency),
            rate=Percent(self.rate),
            period_days=self.period_days,
            amount=Amount(self.amount, currency),
        )


@dataclass(frozen=True)
class InterestLine:
    entry: OpenEntry
    start: date
    details: tuple
    amount: Decimal


@dataclass(frozen=True)
class FinanceChargeMemo:
    partner: str
    currency: str
    date: date
    lines: tuple
    interest: Decimal
    fee: Decimal
    total: Decimal


@dataclass(frozen=True)
class Adjustment:
    """What to post: ``amount`` (positive) as a ``credit`` (waive, reverse) or a
    ``debit`` (reinstate, recalculated charge) on the partner's receivable; for a
    reinstate, ``cancel_credit`` the unused waiver credit to cancel."""

    action: str
    amount: Decimal
    direction: str
    cancel_credit: Decimal = ZERO
    recharge: Decimal = ZERO


# --- Statements --------------------------------------------------------------------


@dataclass(frozen=True)
class StatementEntry:
    """A receivable movement of the customer in its currency: ``amount`` signed,
    ``open_amount`` what is still open of it on the statement date."""

    ref: str
    date: date
    amount: Decimal
    currency: str
    due_date: date | None = None
    open_amount: Decimal | None = None
    kind: str = INVOICE
    key: object = None  # the caller's identifier of the entry (a journal item id)

    def __post_init__(self):
        _set(self, "amount", decimal(self.amount, C.FIELD_AMOUNT))
        if self.open_amount is not None:
            _set(self, "open_amount", decimal(self.open_amount, C.FIELD_AMOUNT))


@dataclass(frozen=True)
class StatementLine:
    entry: StatementEntry
    amount: Decimal
    balance: Decimal


@dataclass(frozen=True)
class AgingBucket:
    """Items ``low`` to ``high`` days overdue (``high`` None: and more; ``low`` None:
    not yet due); ``label`` a Message."""

    low: int | None
    high: int | None
    amount: Decimal
    label: object


@dataclass(frozen=True)
class Statement:
    currency: str
    start: date | None
    end: date
    mode: str
    opening_balance: Decimal
    lines: tuple
    closing_balance: Decimal
    aging: tuple


@dataclass(frozen=True)
class StatementItem:
    """A receivable item as the Odoo layer reads it, for :func:`customer_statements`:
    of ``customer`` (any hashable key, e.g. a partner id), ``amount`` signed in
    ``currency``, ``applications`` the ``(date, signed amount)`` changes of its open
    amount (a payment applied to an invoice: negative on the invoice, positive on
    the payment). ``key`` identifies the item for the caller (a journal item id)."""

    customer: object
    ref: str
    date: date
    amount: Decimal
    currency: str
    due_date: date | None = None
    kind: str = INVOICE
    applications: tuple = ()
    key: object = None

    def __post_init__(self):
        _set(self, "amount", decimal(self.amount, C.FIELD_AMOUNT))
        _set(
            self,
            "applications",
            tuple(
                (day, decimal(amount, C.FIELD_AMOUNT))
                for day, amount in self.applications
            ),
        )
