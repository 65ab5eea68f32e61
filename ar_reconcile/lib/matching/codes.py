"""The message codes of the matching engine: its evidence and notes.

The engine never writes a sentence: each piece of evidence is a
:class:`~ar_reconcile.lib.messages.Message` with one of these codes, rendered by the
Odoo layer in the user's language (templates in ``ar_reconcile/messages/matching.py``,
the suite checks that every code has one). :func:`evidence` refuses a code missing here,
so an extra criterion of another addon names its codes in :data:`CODES` of its own (see
:func:`register`).
"""

from ..messages import Message

# A criterion's line as the clerk reads it: "<criterion>: <evidence>".
CRITERION_RELATED_PARTY = "matching.criterion.related_party"
CRITERION_DOC_MATCH = "matching.criterion.doc_match"
CRITERION_AMOUNT_MATCH = "matching.criterion.amount_match"
CRITERION_TEXT_MAPPING = "matching.criterion.text_mapping"

PARTY_SET_ON_LINE = "matching.party.set_on_line"
PARTY_BANK_ACCOUNT = "matching.party.bank_account"
PARTY_BANK_ACCOUNT_WITHIN = "matching.party.bank_account_within"
PARTY_NAME_CONTAINED = "matching.party.name_contained"
PARTY_NAME_SIMILAR = "matching.party.name_similar"
PARTY_SOURCE_COUNTERPARTY = "matching.party.source_counterparty"
PARTY_SOURCE_TEXT = "matching.party.source_text"
PARTY_ONE_WORD_IN_TEXT = "matching.party.one_word_in_text"
PARTY_UNIQUE = "matching.party.unique"
PARTY_UNIQUE_CLOSEST = "matching.party.unique_closest"
PARTY_SEVERAL_MATCH = "matching.party.several_match"
PARTY_NOT_UNIQUE = "matching.party.not_unique"
PARTY_OTHER_CLOSER = "matching.party.other_closer"
PARTY_OTHER_IDENTIFIED = "matching.party.other_identified"
PARTY_NONE_IDENTIFIED = "matching.party.none_identified"

FIELD_DOCUMENT_NUMBER = "matching.field.document_number"
FIELD_PAYMENT_REFERENCE = "matching.field.payment_reference"
FIELD_EXTERNAL_REFERENCE = "matching.field.external_reference"
FIELD_PAYMENT_NUMBER = "matching.field.payment_number"
FIELD_MEMO = "matching.field.memo"

DOC_STRUCTURED = "matching.doc.structured"
DOC_STRUCTURED_KID = "matching.doc.structured_kid"
DOC_EXACT = "matching.doc.exact"
DOC_STRIPPED = "matching.doc.stripped"
DOC_CHECK_DIGIT = "matching.doc.check_digit"
DOC_SEVERAL = "matching.doc.several"
DOC_SENTENCES = "matching.doc.sentences"
DOC_NONE = "matching.doc.none"
DOC_TEXT_MAPPING = "matching.doc.text_mapping"
# A registered payment's outstanding item as the candidate
DOC_REGISTERED_PAYMENT = "matching.doc.registered_payment"
DOC_PAYMENT_NONE = "matching.doc.payment_none"
DOC_SEVERAL_PAYMENTS = "matching.doc.several_payments"
DOC_CHECK_NUMBER = "matching.doc.check_number"
DOC_BATCH_REFERENCE = "matching.doc.batch_reference"

AMOUNT_TOTAL = "matching.amount.total"
AMOUNT_DISCOUNTED = "matching.amount.discounted"
AMOUNT_OPEN = "matching.amount.open"
AMOUNT_PAYMENT = "matching.amount.payment"
AMOUNT_PAYMENTS_TOTAL = "matching.amount.payments_total"
AMOUNT_INSIDE = "matching.amount.inside"
AMOUNT_OUTSIDE = "matching.amount.outside"
AMOUNT_AT_LEAST = "matching.amount.at_least"
SCOPE_PARTNER = "matching.scope.partner"
SCOPE_PARTNERS = "matching.scope.partners"
SCOPE_LEDGER = "matching.scope.ledger"

CONFIDENCE_LOW = "matching.confidence.low"
CONFIDENCE_MEDIUM = "matching.confidence.medium"
CONFIDENCE_HIGH = "matching.confidence.high"

NOTE_SAME_ENTRY_OTHER_LINE = "matching.note.same_entry_other_line"
NOTE_ENTRY_TAKEN_SAME_CONFIDENCE = "matching.note.entry_taken_same_confidence"
NOTE_NOT_APPLIED_INSUFFICIENT = "matching.note.not_applied_insufficient"
NOTE_NOT_APPLIED_TAKEN = "matching.note.not_applied_taken"
NOTE_PARTLY_TAKEN = "matching.note.partly_taken"
NOTE_ZERO_AMOUNT = "matching.note.zero_amount"
NOTE_ALL_TAKEN = "matching.note.all_taken"
NOTE_NO_MATCH = "matching.note.no_match"
NOTE_MAPPINGS_TIED = "matching.note.mappings_tied"
NOTE_ENTRIES_TIED = "matching.note.entries_tied"
NOTE_ENTRIES_TIED_MORE = "matching.note.entries_tied_more"
NOTE_MAPPINGS_OVERRIDDEN = "matching.note.mappings_overridden"

# Written by the Odoo layer beside the engine's evidence
NOTE_TEXT = "matching.note.text"  # a note written as plain text
NOTE_APPLIED_MANUALLY = "matching.note.applied_manually"
NOTE_DIFFERENCE_TRANSFERRED = "matching.note.difference_transferred"
CANDIDATE_SAME_PARTNER_CREDIT = "matching.candidate.same_partner_credit"
CANDIDATE_SAME_PARTNER_DEBIT = "matching.candidate.same_partner_debit"

CODES = {
    value
    for name, value in dict(globals()).items()
    if name.isupper() and isinstance(value, str) and value.startswith("matching.")
}
"""Every code the engine emits (extended by :func:`register`)."""


def register(*codes):
    """Declare the codes of an extra criterion (another addon's, e.g. a direct-debit
    mandate), so that :func:`evidence` accepts them; their templates go in that addon's
    message module."""
    CODES.update(codes)


def explain(criteria):
    """A proposal's criteria as the messages a clerk reads, one per criterion:
    "Related party: ...", "Doc match: ...", "Amount match: ..."."""
    return [
        Message(
            f"matching.criterion.{criterion.name}", {"evidence": criterion.evidence}
        )
        for criterion in criteria
    ]


def evidence(code, **params):
    """A message of the matching domain; an undeclared code is a programming error."""
    if code not in CODES:
        raise ValueError(f"undeclared matching message code {code!r}")
    return Message(code, params)
