"""The settlement's messages in English, rendered from the addon's own templates.

Like :mod:`matching_text`: the templates of ``ar_reconcile/messages/settlement.py`` are
read from the file's syntax tree (the suite cannot import Odoo), and a message renders
as the English source reads (amounts and numbers as Python prints them, dates in ISO).
"""

import pathlib
import re
from contextlib import contextmanager
from datetime import date

import pytest
from ar_reconcile_lib.messages import Amount, Message, MessageError, Percent
from matching_text import read_templates

MESSAGES = pathlib.Path(__file__).resolve().parent.parent / "ar_reconcile" / "messages"
TEMPLATES = read_templates(MESSAGES / "settlement.py")
MONEY_TEMPLATES = read_templates(MESSAGES / "money.py")


def english(message):
    """``message`` as its English template reads, with its parameters filled in."""
    params = {key: _value(value) for key, value in message.params.items()}
    template = TEMPLATES.get(message.code) or MONEY_TEMPLATES[message.code]
    return template % params if params else template


def _value(value):
    if isinstance(value, Message):
        return english(value)
    if isinstance(value, Amount):
        return f"{value.value:,}"
    if isinstance(value, Percent):
        return f"{value.value}%"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return ", ".join(_value(item) for item in value)
    return str(value)


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
