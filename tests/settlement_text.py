"""The settlement's messages in English, rendered from the addon's own templates.

Like :mod:`matching_text`: the templates of ``ar_reconcile/messages/settlement.py`` are
read from the file's syntax tree (the suite cannot import Odoo), and a message renders
as the English source reads (amounts and numbers as Python prints them, dates in ISO).
"""

import pathlib
import re
from contextlib import contextmanager

import pytest
from ar_reconcile_lib.messages import MessageError
from matching_text import make_english, read_templates

MESSAGES = pathlib.Path(__file__).resolve().parent.parent / "ar_reconcile" / "messages"
TEMPLATES = read_templates(MESSAGES / "settlement.py")
MONEY_TEMPLATES = read_templates(MESSAGES / "money.py")


english = make_english(TEMPLATES, MONEY_TEMPLATES)


@contextmanager
def refused(text, code=None):
    """Expect a :class:`MessageError` whose English reads ``text`` (a regular expression
    searched in it), with ``code`` when given."""
    with pytest.raises(MessageError) as info:
        yield info
    message = info.value.message
    assert code is None or message.code == code, message
    rendered = english(message)
    assert re.search(text, rendered), rendered
