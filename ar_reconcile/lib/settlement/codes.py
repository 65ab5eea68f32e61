"""The message codes of the settlement: its refusals and its description of an outcome.

The settlement never writes a sentence: a refusal raises
:class:`~ar_reconcile.lib.messages.MessageError` with one of these codes and what a
description says is a :class:`~ar_reconcile.lib.messages.Message`; the Odoo layer
renders them in the user's language (templates in
``ar_reconcile/messages/settlement.py``, the suite checks that every code has one and
every template a code).
"""

# What an amount or a number is, inside a refusal ("<what> is not a number").
FIELD_AMOUNT = "settlement.field.amount"
FIELD_PAYMENT_AMOUNT = "settlement.field.payment_amount"
FIELD_OPEN_AMOUNT = "settlement.field.open_amount"
FIELD_DISCOUNT_BASE = "settlement.field.discount_base"
FIELD_DISCOUNT_PERCENT = "settlement.field.discount_percent"
FIELD_ROUNDING = "settlement.field.rounding"
FIELD_DOCUMENT_AMOUNT = "settlement.field.document_amount"
FIELD_TOLERANCE_PERCENT = "settlement.field.tolerance_percent"
FIELD_TOLERANCE_MAX_AMOUNT = "settlement.field.tolerance_max_amount"
FIELD_DOCUMENT_OPEN_AMOUNT = "settlement.field.document_open_amount"
FIELD_DOCUMENT_MAX_TOLERANCE = "settlement.field.document_max_tolerance"
FIELD_DOCUMENT_DISCOUNT_BASE = "settlement.field.document_discount_base"

# Numbers.
NOT_A_NUMBER = "settlement.error.not_a_number"
NOT_FINITE = "settlement.error.not_finite"
ROUNDING_NOT_POSITIVE = "settlement.error.rounding_not_positive"
NOT_ON_QUANTUM = "settlement.error.not_on_quantum"

# Discount periods (a payment term's configuration).
PERIOD_DAYS = "settlement.period.days"
PERIOD_UNTIL = "settlement.period.until"
PERIOD_DAYS_OR_DATE = "settlement.error.period_days_or_date"
PERIOD_NEGATIVE_DAYS = "settlement.error.period_negative_days"
PERIOD_RATE_RANGE = "settlement.error.period_rate_range"
PERIODS_NOT_INCREASING_DAYS = "settlement.error.periods_not_increasing_days"
PERIODS_NOT_INCREASING_DATES = "settlement.error.periods_not_increasing_dates"
PERIODS_NOT_DECREASING_RATE = "settlement.error.periods_not_decreasing_rate"
PERIOD_ENDS_BEFORE_DOCUMENT = "settlement.error.period_ends_before_document"
PERIOD_ENDS_NOT_AFTER = "settlement.error.period_ends_not_after"
GRACE_NEGATIVE = "settlement.error.grace_negative"

# Discounts and tolerance of one document.
PAYMENT_BEFORE_DOCUMENT_DATE = "settlement.error.payment_before_document_date"
DISCOUNT_RATE_RANGE = "settlement.error.discount_rate_range"
NOTHING_OPEN_TO_PAY = "settlement.error.nothing_open_to_pay"
WRONG_SIGN_FOR_INVOICE = "settlement.error.wrong_sign_for_invoice"
WRONG_SIGN_FOR_CREDIT_NOTE = "settlement.error.wrong_sign_for_credit_note"
DISCOUNT_BASE_INVALID = "settlement.error.discount_base_invalid"
TOLERANCE_PERCENT_RANGE = "settlement.error.tolerance_percent_range"
TOLERANCE_MAX_NEGATIVE = "settlement.error.tolerance_max_negative"

# Documents, choices and payments of a settlement.
DOCUMENT_NO_REFERENCE = "settlement.error.document_no_reference"
DOCUMENT_NOTHING_OPEN = "settlement.error.document_nothing_open"
DOCUMENT_TOLERANCE_SIGN = "settlement.error.document_tolerance_sign"
CHOICES_CONTRADICT = "settlement.error.choices_contradict"
NO_DOCUMENTS = "settlement.error.no_documents"
DOCUMENT_TWICE = "settlement.error.document_twice"
PAYMENT_BEFORE_DOCUMENT = "settlement.error.payment_before_document"
UNKNOWN_CHOICES = "settlement.error.unknown_choices"
NEGATIVE_PAYMENT_FOR_INVOICES = "settlement.error.negative_payment_for_invoices"
POSITIVE_PAYMENT_FOR_REFUNDS = "settlement.error.positive_payment_for_refunds"
SEQUENCE_OUT_OF_ORDER = "settlement.error.sequence_out_of_order"
SEQUENCE_ALREADY_SETTLED = "settlement.error.sequence_already_settled"

# What a settlement does to each document (:func:`describe.describe`).
DOC_PAYS = "settlement.doc.pays"
DOC_DISCOUNT = "settlement.doc.discount"
DOC_DISCOUNT_AVAILABLE = "settlement.doc.discount_available"
DOC_LATE_DISCOUNT = "settlement.doc.late_discount"
DOC_LATE_DISCOUNT_TO_ACCEPT = "settlement.doc.late_discount_to_accept"
DOC_SETTLEMENT_DISCOUNT = "settlement.doc.settlement_discount"
DOC_TOLERANCE = "settlement.doc.tolerance"
DOC_CLOSED = "settlement.doc.closed"
DOC_STAYS_OPEN = "settlement.doc.stays_open"
DOC_LINE = "settlement.doc.line"
PAYMENT_STAYS_OPEN = "settlement.payment.stays_open"
TOLERANCE_TO_CONFIRM = "settlement.payment.tolerance_to_confirm"

# The Odoo layer's sentences around a settlement (``ar.settlement``, registration).
CANNOT_SETTLE = "settlement.cannot_settle"
TEXT = "settlement.text"  # a text stored before settlement messages were codes
DOCUMENT_ERROR = "settlement.document_error"
PAYMENT_HEADING = "settlement.payment_heading"
QUESTION_LATE_DISCOUNT = "settlement.question.late_discount"
QUESTION_TOLERANCE = "settlement.question.tolerance"

# Centralized payments (:mod:`.intercompany`, ``ar.intercompany.accounting``).
FIELD_CENTRAL_OPEN_BALANCE = "settlement.field.central_open_balance"
FIELD_CENTRAL_APPLIED = "settlement.field.central_applied"
FIELD_CENTRAL_DISCOUNT = "settlement.field.central_discount"
FIELD_CENTRAL_TOLERANCE = "settlement.field.central_tolerance"
FIELD_CENTRAL_PAYMENT_BALANCE = "settlement.field.central_payment_balance"
CENTRAL_CURRENCIES_DIFFER = "settlement.error.central_currencies_differ"
CENTRAL_SIGN_MISMATCH = "settlement.error.central_sign_mismatch"
CENTRAL_WRONG_SIGN = "settlement.error.central_wrong_sign"
CENTRAL_CLOSES_TOO_MUCH = "settlement.error.central_closes_too_much"
CENTRAL_EVIDENCE = "settlement.central.evidence"
CENTRAL_NOT_SET_UP = "settlement.central.not_set_up"

CODES = frozenset(
    value
    for name, value in dict(globals()).items()
    if name.isupper() and isinstance(value, str) and value.startswith("settlement.")
)
