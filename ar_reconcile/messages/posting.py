"""Templates of the posting domain's message codes."""

from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)

TEMPLATES = {}
