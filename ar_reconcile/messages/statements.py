"""Templates of the statements domain's message codes (``lib/statements``)."""

from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)

TEMPLATES = {}
