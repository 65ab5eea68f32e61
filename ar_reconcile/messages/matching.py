"""Templates of the matching domain's message codes (``lib/matching/codes.py``): the
evidence and notes the payment application engine gives for a proposal."""

from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)

TEMPLATES = {
    # One line per criterion of the proposal
    "matching.criterion.related_party": _lt("Related party: %(evidence)s"),
    "matching.criterion.doc_match": _lt("Doc match: %(evidence)s"),
    "matching.criterion.amount_match": _lt("Amount match: %(evidence)s"),
    "matching.criterion.text_mapping": _lt("Text mapping: %(evidence)s"),
    # Related party
    "matching.party.set_on_line": _lt("The partner was set on the statement line."),
    "matching.party.bank_account": _lt(
        "Matched on the bank account %(account)s (%(partner)s)."
    ),
    "matching.party.bank_account_within": _lt(
        "Matched on the bank account %(account)s (the partner's account %(stored)s) "
        "(%(partner)s)."
    ),
    "matching.party.source_counterparty": _lt('counterparty name "%(name)s"'),
    "matching.party.source_text": _lt("transaction text"),
    "matching.party.name_contained": _lt(
        'The %(source)s contains the name "%(name)s" (or it with its first word '
        "moved to the end)"
    ),
    "matching.party.name_similar": _lt(
        'The %(source)s is %(similarity)s similar to "%(name)s" '
        "(threshold %(threshold)s)"
    ),
    "matching.party.one_word_in_text": _lt(
        "%(head)s, but a one-word name in free text only partially identifies the "
        "partner."
    ),
    "matching.party.unique": _lt("%(head)s, and the name is unique."),
    "matching.party.unique_closest": _lt(
        "%(head)s, and the name is unique (the closest whole name of several)."
    ),
    "matching.party.several_match": _lt("%(head)s, but %(count)s partner names match."),
    "matching.party.not_unique": _lt(
        "%(head)s, but another partner name is close too, so the name is not unique."
    ),
    "matching.party.other_closer": _lt('%(head)s, but "%(closer)s" is closer.'),
    "matching.party.other_identified": _lt(
        "The line identifies %(names)s, not %(partner)s."
    ),
    "matching.party.none_identified": _lt(
        "Neither the bank account nor the name on the line identifies %(partner)s."
    ),
    # Document match
    "matching.field.document_number": _lt("document number"),
    "matching.field.payment_reference": _lt("payment reference"),
    "matching.field.external_reference": _lt("external reference"),
    "matching.field.payment_number": _lt("payment number"),
    "matching.field.memo": _lt("memo"),
    "matching.doc.structured": _lt(
        "The %(field)s %(value)s equals the line's structured reference %(reference)s."
    ),
    "matching.doc.structured_kid": _lt(
        "The %(field)s %(value)s equals the line's KID %(reference)s, whose check "
        "digit is valid."
    ),
    "matching.doc.exact": _lt(
        'The %(field)s %(value)s was found as a whole word in "%(where)s".'
    ),
    "matching.doc.stripped": _lt(
        'The %(field)s %(value)s was found, separators ignored, in "%(where)s".'
    ),
    "matching.doc.check_digit": _lt(
        "The %(field)s %(value)s was found as a %(kind)s structured reference with a "
        'valid check digit in "%(where)s".'
    ),
    "matching.doc.several": _lt(
        "%(count)s open documents of %(partner)s are referenced: %(documents)s"
    ),
    # Two sentences in a row (the evidence of several documents)
    "matching.doc.sentences": _lt("%(first)s %(rest)s"),
    "matching.doc.none": _lt(
        "None of the entry's document number, payment reference or external reference "
        "is on the line."
    ),
    "matching.doc.text_mapping": _lt(
        'The mapping text "%(text)s" was found in "%(where)s".'
    ),
    # A registered payment (its outstanding item) as the candidate
    "matching.doc.registered_payment": _lt(
        "Registered payment %(payment)s: %(evidence)s"
    ),
    "matching.doc.payment_none": _lt(
        "Registered payment %(payment)s: none of its number, payment reference or "
        "memo is on the line."
    ),
    "matching.doc.several_payments": _lt(
        "%(count)s registered payments of %(partner)s are referenced: %(payments)s"
    ),
    "matching.doc.check_number": _lt(
        'The check number %(number)s was found as a whole word in "%(where)s".'
    ),
    "matching.doc.batch_reference": _lt(
        'The batch payment %(batch)s was found as a whole word in "%(where)s".'
    ),
    # Amount match
    "matching.amount.total": _lt("total %(amount)s of %(count)s documents"),
    "matching.amount.discounted": _lt(
        "discounted amount %(amount)s (discount until %(until)s)"
    ),
    "matching.amount.open": _lt("open amount %(amount)s"),
    "matching.amount.payment": _lt("registered payment amount %(amount)s"),
    "matching.amount.payments_total": _lt(
        "total %(amount)s of %(count)s registered payments"
    ),
    "matching.amount.at_least": _lt("at least %(count)s"),
    "matching.amount.inside": _lt(
        "The %(what)s is inside the window %(low)s to %(high)s for the line amount "
        "%(line_amount)s; %(count)s candidate(s) %(scope)s in it."
    ),
    "matching.amount.outside": _lt(
        "The %(what)s is outside the window %(low)s to %(high)s for the line amount "
        "%(line_amount)s (%(count)s candidate(s) %(scope)s in it)."
    ),
    "matching.scope.partner": _lt("of the identified partner"),
    "matching.scope.partners": _lt("of the identified partners"),
    "matching.scope.ledger": _lt("in the ledger"),
    # As a word inside a sentence: "because a high match was found"
    "matching.confidence.low": _lt("low"),
    "matching.confidence.medium": _lt("medium"),
    "matching.confidence.high": _lt("high"),
    # Notes
    "matching.note.same_entry_other_line": _lt(
        "Statement line %(line)s could be applied to the same open entry %(entry)s "
        "with the same confidence."
    ),
    "matching.note.entry_taken_same_confidence": _lt(
        "Open entry %(entry)s was already applied to statement line %(line)s with the "
        "same confidence."
    ),
    "matching.note.not_applied_insufficient": _lt(
        "%(entry)s was not applied because the payment amount was insufficient."
    ),
    "matching.note.not_applied_taken": _lt(
        "%(entry)s was not applied because it is already applied to other statement "
        "lines."
    ),
    "matching.note.partly_taken": _lt(
        "Only %(amount)s of %(entry)s was still open: other statement lines already "
        "apply the rest."
    ),
    "matching.note.zero_amount": _lt(
        "The line amount is zero: there is nothing to apply."
    ),
    "matching.note.all_taken": _lt(
        "Every candidate open entry is already applied to other statement lines."
    ),
    "matching.note.no_match": _lt(
        "No open entry or text mapping matches any payment application rule."
    ),
    "matching.note.mappings_tied": _lt(
        "There are %(count)s text mappings this line could be applied with the same "
        "confidence."
    ),
    "matching.note.entries_tied": _lt(
        "There are %(count)s open entries this line could be applied to with the same "
        "confidence: %(entries)s."
    ),
    "matching.note.entries_tied_more": _lt(
        "There are %(count)s open entries this line could be applied to with the same "
        "confidence: %(entries)s and %(more)s more."
    ),
    "matching.note.mappings_overridden": _lt(
        "%(count)s text mapping(s) could be applied; they were overridden because a "
        "%(confidence)s match was found."
    ),
    # Written by the Odoo layer
    "matching.note.text": _lt("%(text)s"),
    "matching.note.applied_manually": _lt("Applied manually by %(user)s."),
    "matching.note.difference_transferred": _lt(
        "Difference transferred to %(account)s by %(user)s."
    ),
    "matching.candidate.same_partner_credit": _lt(
        "Open credit of the same partner: it adds its value to the payment."
    ),
    "matching.candidate.same_partner_debit": _lt(
        "Open debit of the same partner: it adds its value to the payment."
    ),
}
