"""The message codes of collections (reminders, finance charges, statements).

Collections never write a sentence: a refusal raises
:class:`~ar_reconcile.lib.messages.MessageError` with one of these codes, and why a
partner gets no reminder or memo is a :class:`~ar_reconcile.lib.messages.Message`;
templates are in ``ar_reconcile/messages/collections.py`` (the suite checks that every
code has a template and every template a code).
"""

# Numbers and money.
NOT_A_NUMBER = "collections.error.not_a_number"
NEGATIVE = "collections.error.negative"
NOT_POSITIVE = "collections.error.not_positive"
PERCENT_ABOVE_100 = "collections.error.percent_above_100"
FLOAT_AMOUNT = "collections.error.float_amount"
ROUNDING_NOT_POSITIVE = "collections.error.rounding_not_positive"

# Fees.
UNKNOWN_FEE_METHOD = "collections.error.unknown_fee_method"
TIERS_OVERLAP = "collections.error.tiers_overlap"
TIERS_UNSORTED = "collections.error.tiers_unsorted"
TIER_MIN_ABOVE_MAX = "collections.error.tier_min_above_max"
DYNAMIC_WITHOUT_TIERS = "collections.error.dynamic_without_tiers"
NO_FEE_FOR_CURRENCY = "collections.error.no_fee_for_currency"

# Reminder terms and runs.
TERMS_WITHOUT_LEVELS = "collections.error.terms_without_levels"
LEVELS_NOT_CONSECUTIVE = "collections.error.levels_not_consecutive"
PARTNER_WITHOUT_TERMS = "collections.error.partner_without_terms"
RUN_DATE_IN_FUTURE = "collections.error.run_date_in_future"
REMINDED_WITHOUT_DATE = "collections.error.reminded_without_date"
INTEREST_WITHOUT_TERMS = "collections.error.interest_without_terms"

# Why a partner and currency get no reminder.
SKIP_BLOCKED = "collections.skip.blocked"
SKIP_DRAFT_EXISTS = "collections.skip.draft_exists"
SKIP_NOTHING_OVERDUE = "collections.skip.nothing_overdue"
SKIP_TOTAL_NOT_POSITIVE = "collections.skip.total_not_positive"
SKIP_BELOW_MINIMUM = "collections.skip.below_minimum"
SKIP_MAX_REMINDERS = "collections.skip.max_reminders"

# Finance charges.
UNKNOWN_INTEREST_METHOD = "collections.error.unknown_interest_method"
RATES_SAME_START = "collections.error.rates_same_start"
UNKNOWN_INTEREST_ON = "collections.error.unknown_interest_on"
UNKNOWN_RANGE_BASIS = "collections.error.unknown_range_basis"
RANGES_UNSORTED = "collections.error.ranges_unsorted"
MISSING_RATE = "collections.error.missing_rate"
SKIP_INTEREST_BELOW_MINIMUM = "collections.skip.interest_below_minimum"
SKIP_NO_INTEREST = "collections.skip.no_interest"

# Interest detail line ("12 days on 1,000.00 at 8 % per 360 days: 2.67").
INTEREST_DETAIL = "collections.interest.detail"

# Waive, reinstate, reverse.
NOTHING_TO_WAIVE = "collections.error.nothing_to_waive"
WAIVE_ABOVE_LIMIT = "collections.error.waive_above_limit"
NOTHING_TO_REINSTATE = "collections.error.nothing_to_reinstate"

# Statements.
UNKNOWN_STATEMENT_MODE = "collections.error.unknown_statement_mode"
BUCKETS_NOT_INCREASING = "collections.error.buckets_not_increasing"
BUCKETS_NOT_NUMBERS = "collections.error.buckets_not_numbers"
PERIOD_REVERSED = "collections.error.period_reversed"
CURRENCY_MIXED = "collections.error.currency_mixed"
BUCKET_NOT_DUE = "collections.bucket.not_due"
BUCKET_RANGE = "collections.bucket.range"
BUCKET_OVER = "collections.bucket.over"

# What a number is, inside a refusal.
FIELD_THRESHOLD = "collections.field.threshold"
FIELD_FIXED = "collections.field.fixed"
FIELD_PERCENT = "collections.field.percent"
FIELD_MIN_FEE = "collections.field.min_fee"
FIELD_MAX_FEE = "collections.field.max_fee"
FIELD_GRACE_DAYS = "collections.field.grace_days"
FIELD_DUE_DAYS = "collections.field.due_days"
FIELD_MAX_REMINDERS = "collections.field.max_reminders"
FIELD_MINIMUM_AMOUNT = "collections.field.minimum_amount"
FIELD_RATE = "collections.field.rate"
FIELD_PERIOD_DAYS = "collections.field.period_days"
FIELD_FEE = "collections.field.fee"
FIELD_AMOUNT = "collections.field.amount"

CODES = frozenset(
    value
    for name, value in dict(globals()).items()
    if name.isupper() and isinstance(value, str) and value.startswith("collections.")
)
