"""Templates of the messages that ``lib/`` returns as codes, one module per domain.

Each module defines ``TEMPLATES``: ``{code: _lt("... %(param)s ...")}``;
``ar.message`` renders them in the user's language. The ``_lt`` markers put the texts in
the translation template.
"""

from . import collections, matching, money, patterns, posting, settlement, statements

DOMAINS = (collections, matching, money, patterns, posting, settlement, statements)
