"""Templates of the matching domain's message codes (``lib/matching``)."""

from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)

TEMPLATES = {}
