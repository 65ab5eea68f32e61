"""Templates of the settlement domain's message codes (``lib/settlement``)."""

from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)

TEMPLATES = {}
