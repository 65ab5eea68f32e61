"""Templates of the patterns domain's message codes (``lib/matching/patterns.py``):
why a text mapping's regular expression is refused."""

from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)

TEMPLATES = {
    "patterns.too_long": _lt(
        "The regular expression has %(length)s characters; at most %(limit)s are "
        "allowed."
    ),
    "patterns.unsupported": _lt(
        "%(pattern)s cannot be used: only regular expressions that run in linear "
        "time are allowed (no back-references, look-ahead or look-behind, no "
        "repetition above 1000). Detail: %(detail)s"
    ),
    "patterns.invalid": _lt(
        "%(pattern)s is not a valid regular expression: %(detail)s"
    ),
    "patterns.empty": _lt("The regular expression is empty."),
}
