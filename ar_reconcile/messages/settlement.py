"""Templates of the settlement domain's message codes (``lib/settlement``) and of the
settlement summary ``ar.settlement._describe`` gives: what a payment does to each
document, shown on the statement line and in Payment Registration's posting dialog."""

from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)

TEMPLATES = {
    # One line per document: its parts joined by commas
    "settlement.summary.document": _lt("%(parts)s"),
    "settlement.summary.pays": _lt("%(document)s: pays %(applied)s"),
    "settlement.summary.discount": _lt("discount %(amount)s (%(percent)s %%)"),
    "settlement.summary.discount_whole": _lt(
        "%(amount)s discount on the whole open amount"
    ),
    "settlement.summary.late_discount": _lt("late discount %(amount)s"),
    "settlement.summary.late_discount_to_accept": _lt(
        "late discount %(amount)s to accept"
    ),
    "settlement.summary.extra_discount": _lt("settlement discount %(amount)s"),
    "settlement.summary.tolerance": _lt("payment tolerance %(amount)s"),
    "settlement.summary.closed": _lt("closed"),
    "settlement.summary.stays_open": _lt("%(amount)s stays open"),
    "settlement.summary.payment_credit": _lt(
        "%(amount)s of the payment stays open as the partner's credit"
    ),
    "settlement.summary.tolerance_balance": _lt(
        "A balance of %(amount)s can be posted as payment tolerance."
    ),
    "settlement.summary.cannot_settle": _lt("Cannot settle: %(reason)s"),
}
