"""Templates of the money domain's message codes (``lib/money``)."""

from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)

TEMPLATES = {
    "money.not_a_number": _lt("%(value)s is not an amount."),
    "money.not_finite": _lt("%(value)s is not a finite amount."),
    "money.bad_quantum": _lt(
        "A currency rounding must be a positive amount such as 0.01, not %(quantum)s."
    ),
    "money.not_on_quantum": _lt(
        "%(amount)s is not a multiple of the currency rounding %(quantum)s."
    ),
}
