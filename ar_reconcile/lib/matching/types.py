"""Inputs and outputs of the payment application engine (Business Central's design,
extended).

The Odoo layer reads statement lines, open journal items, partners, rules and text
mappings in bulk, converts them to these records, runs :func:`~.engine.apply_statement`,
and writes the returned proposals in bulk. Every amount is a ``Decimal`` in the
statement line's currency and signed the Odoo way: money received and customer invoices
are positive, money paid and vendor bills (and customer credit notes) are negative. A
line only pays entries of its own sign.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

# Outcomes of each criterion. "not_considered" is the rules' wildcard.
NOT_CONSIDERED = "not_considered"

PARTY_FULLY = (
    "fully"  # the counterparty's account belongs to the partner, or a unique name
)
PARTY_PARTIALLY = "partially"  # the name is similar enough
PARTY_NO = "no"
PARTY_OUTCOMES = (NOT_CONSIDERED, PARTY_FULLY, PARTY_PARTIALLY, PARTY_NO)

DOC_YES = (
    "yes"  # the entry's number or reference is in the line's text (or structured ref)
)
DOC_YES_MULTIPLE = (
    "yes_multiple"  # several open documents of one partner are referenced
)
DOC_NO = "no"
DOC_OUTCOMES = (NOT_CONSIDERED, DOC_YES, DOC_YES_MULTIPLE, DOC_NO)

AMOUNT_ONE = "one"  # exactly one candidate within the tolerance window
AMOUNT_MULTIPLE = "multiple"
AMOUNT_NONE = "none"
AMOUNT_OUTCOMES = (NOT_CONSIDERED, AMOUNT_ONE, AMOUNT_MULTIPLE, AMOUNT_NONE)

# What a candidate is: an open item of an invoice, credit note, bill or refund, or the
# outstanding item of a payment already registered in the books (it waits on the
# journal's outstanding receipts or payments account for its bank line).
KIND_DOCUMENT = "document"
KIND_PAYMENT = "payment"
KIND_OUTCOMES = (NOT_CONSIDERED, KIND_DOCUMENT, KIND_PAYMENT)

CONFIDENCE_NONE = "none"
CONFIDENCE_LOW = "low"
CONFIDENCE_MEDIUM = "medium"
CONFIDENCE_HIGH = "high"
CONFIDENCE_TEXT_MAPPING = "text_mapping"  # shown as "High - text mapping"
CONFIDENCE_INDEX = {
    CONFIDENCE_NONE: 0,
    CONFIDENCE_LOW: 1,
    CONFIDENCE_MEDIUM: 2,
    CONFIDENCE_HIGH: 3,
}

# A text mapping beats every Low and Medium match and loses to every real High match.
TEXT_MAPPING_SCORE = 3000

TOLERANCE_AMOUNT = "amount"
TOLERANCE_PERCENTAGE = "percentage"

NAME_MATCHING_SIMILARITY = "similarity"
NAME_MATCHING_EXACT_PERMUTATIONS = "exact_permutations"
NAME_MATCHING_OFF = "off"


@dataclass(frozen=True)
class Rule:
    """One payment application rule: when every non-wildcard criterion equals the
    computed outcome, the pair gets this rule's confidence and score."""

    id: object
    confidence: str  # low / medium / high
    priority: int  # 1 (best) to 999 within its confidence
    related_party: str = NOT_CONSIDERED
    doc_match: str = NOT_CONSIDERED
    amount_match: str = NOT_CONSIDERED
    review_required: bool = False
    apply_immediately: bool = False
    candidate_kind: str = NOT_CONSIDERED  # document / payment / either

    @property
    def score(self):
        return (CONFIDENCE_INDEX[self.confidence] + 1) * 1000 - self.priority


@dataclass(frozen=True)
class Settings:
    """Per bank journal."""

    tolerance_type: str = TOLERANCE_AMOUNT
    tolerance_value: Decimal = Decimal(0)
    name_matching: str = NAME_MATCHING_SIMILARITY
    name_similarity_threshold: float = 90.0  # rapidfuzz score 0-100
    rounding: Decimal = Decimal(
        "0.01"
    )  # currency precision for window ends and amounts
    enable_apply_immediately: bool = True


@dataclass(frozen=True)
class Partner:
    """A commercial partner that owns open entries (or bank accounts)."""

    id: object
    name: str
    bank_accounts: tuple = ()  # as lib.accounts.sanitize_account_number gives them
    city: str = ""
    street: str = ""


@dataclass(frozen=True)
class OpenEntry:
    """An open receivable or payable journal item, ``residual`` still available to apply
    (already reduced by applications pending on other statement lines)."""

    id: object
    partner_id: object
    residual: Decimal
    date: date  # accounting date of the document
    due_date: date | None = None
    document_number: str = ""  # the move's name, e.g. INV/2026/00001
    payment_reference: str = (
        ""  # what the customer was asked to quote (KID, OCR, RF, ...)
    )
    external_reference: str = (
        ""  # customer or vendor reference (PO number, vendor bill no.)
    )
    # Early-payment discount still available: the residual to pay in full when paying by
    # ``discount_date`` (included). None when no discount applies.
    residual_with_discount: Decimal | None = None
    discount_date: date | None = None
    # Several discount periods: ((last date, residual to pay in full by then), ...). A
    # line dated in a period compares with that period's amount (grace period included
    # by the caller in the last date).
    discount_steps: tuple = ()
    # KIND_PAYMENT: a registered payment's outstanding item; ``document_number`` is then
    # the payment's number, ``payment_reference`` its payment reference and
    # ``external_reference`` its memo.
    kind: str = KIND_DOCUMENT
    # What extra criteria need to know (e.g. a direct-debit mandate): named values the
    # Odoo layer's candidate query reads beside the standard columns.
    extra: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class StatementLine:
    id: object
    amount: Decimal  # what remains to be applied on the line, signed
    date: date
    partner_id: object = None  # already known (set by the clerk or by the import)
    partner_name: str = ""
    account_number: str = ""  # sanitized counterparty IBAN/account
    structured_reference: str = ""  # creditor reference from the bank file
    structured_reference_type: str = ""  # what the file calls it, e.g. KID
    texts: tuple = ()  # label, remittance text, additional info, end-to-end id, ...
    extra: dict = field(default_factory=dict, compare=False)  # for extra criteria


@dataclass(frozen=True)
class TextMapping:
    """Recurring receipts and expenses that have no open document (bank fees, rent,
    ...)."""

    id: object
    text: str
    is_regex: bool = False
    sign: str = "any"  # any / positive / negative
    min_amount: Decimal | None = None  # on the absolute amount
    max_amount: Decimal | None = None
    partner_id: object = (
        None  # when the mapping targets a partner rather than an account
    )


@dataclass
class Criterion:
    """A criterion's outcome for the winning candidate, and why, for the clerk."""

    name: str  # related_party / doc_match / amount_match / text_mapping
    outcome: str
    evidence: object  # a lib.messages.Message (code and parameters, never a sentence)


@dataclass
class Application:
    entry_id: object
    amount: Decimal  # signed like the line, never beyond the entry's residual


@dataclass
class Proposal:
    """The engine's decision for one statement line."""

    line_id: object
    confidence: str = CONFIDENCE_NONE
    score: int = 0
    rule_id: object = None
    review_required: bool = True
    partner_id: object = None
    applications: list = field(default_factory=list)  # of Application
    text_mapping_id: object = None
    criteria: list = field(default_factory=list)  # of Criterion
    # Ambiguity and other warnings, as lib.messages.Message
    notes: list = field(default_factory=list)

    @property
    def applied_amount(self):
        return sum((a.amount for a in self.applications), Decimal(0))
