"""Templates of the posting domain's message codes: why a statement line went back to
review when a document it applies changed, and what posting found on checking it
again."""

from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)

TEMPLATES = {
    # A document changed under the proposal (hooks on account.move and its items).
    "posting.document_reset": _lt(
        "%(document)s was reset to draft: check its application of %(amount)s again."
    ),
    "posting.document_cancelled": _lt(
        "%(document)s was cancelled: its application of %(amount)s cannot be posted."
    ),
    "posting.document_deleted": _lt(
        "%(document)s was deleted: its application of %(amount)s was removed."
    ),
    "posting.item_replaced": _lt(
        "The open item of %(document)s was replaced when the document was edited: its "
        "application of %(amount)s was removed; apply the line again."
    ),
    "posting.partner_changed": _lt(
        "The partner of %(document)s changed from %(old)s to %(new)s."
    ),
    "posting.currency_changed": _lt(
        "The currency of %(document)s changed from %(old)s to %(new)s."
    ),
    "posting.terms_changed": _lt(
        "The payment terms of %(document)s changed from %(old)s to %(new)s."
    ),
    "posting.document_reversed": _lt(
        "%(document)s was reversed by %(reversal)s: check its application of "
        "%(amount)s again."
    ),
    "posting.paid_elsewhere": _lt(
        "%(document)s was paid elsewhere: %(open)s is open, this line applies "
        "%(applied)s."
    ),
    "posting.paid_by_registration": _lt(
        "%(document)s was paid in Payment Registration although this line applies "
        "%(applied)s to it: check the line again."
    ),
    # A registered payment changed under the proposal: the proposal goes.
    "posting.payment_reset": _lt(
        "Registered payment %(document)s was reset to draft: its application of "
        "%(amount)s was removed."
    ),
    "posting.payment_cancelled": _lt(
        "Registered payment %(document)s was cancelled: its application of %(amount)s "
        "was removed."
    ),
    "posting.payment_matched_elsewhere": _lt(
        "Registered payment %(document)s was matched elsewhere: its application of "
        "%(amount)s was removed."
    ),
    # Posting checks every applied document again.
    "posting.check_not_posted": _lt(
        "%(document)s is not posted: the line was not posted."
    ),
    "posting.check_cancelled": _lt(
        "%(document)s is cancelled: the line was not posted."
    ),
    "posting.check_payment_state": _lt(
        "Registered payment %(document)s is %(state)s, no longer waiting for its bank "
        "line: the line was not posted."
    ),
    "posting.check_account": _lt(
        "The applied item of %(document)s is no longer receivable or payable: the line "
        "was not posted."
    ),
    "posting.check_company": _lt(
        "%(document)s belongs to %(company)s, not to the line's company: the line was "
        "not posted."
    ),
    "posting.check_partner": _lt(
        "%(document)s is now of %(partner)s, not of %(proposed)s as when it was "
        "applied: the line was not posted."
    ),
    "posting.check_currency": _lt(
        "%(document)s is now in %(currency)s, not in %(proposed)s as when it was "
        "applied: the line was not posted."
    ),
    "posting.check_amount": _lt(
        "%(document)s is now of %(amount)s, not of %(proposed)s as when it was "
        "applied: the line was not posted."
    ),
    "posting.check_open_amount": _lt(
        "Only %(open)s is open on %(document)s for this line, which applies "
        "%(applied)s: the line was not posted."
    ),
    "posting.check_figures_changed": _lt(
        "The open amounts changed since the line was applied (an invoice paid or reset "
        "elsewhere): check the figures again."
    ),
    # Payment Registration.
    "posting.registration_applied": _lt(
        "%(document)s: bank line %(line)s already applies %(amount)s to it (not posted "
        "yet). Pay it here anyway?"
    ),
    "posting.registration_applied_short": _lt("%(line)s: %(amount)s"),
}
