"""Templates of the patterns domain's message codes."""

from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)

TEMPLATES = {}
