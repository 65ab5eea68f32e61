"""The collections' messages in English, rendered from the addon's own templates (read
from ``ar_reconcile/messages/collections.py``'s syntax tree, as :mod:`matching_text`
does), and a helper that expects a refusal."""

import pathlib
import re
from contextlib import contextmanager
from datetime import date

import pytest
from ar_reconcile_lib.messages import Amount, Message, MessageError, Percent
from matching_text import read_templates

MESSAGES = pathlib.Path(__file__).resolve().parent.parent / "ar_reconcile" / "messages"
TEMPLATES = read_templates(MESSAGES / "collections.py")


def english(message):
    """``message`` as its English template reads, with its parameters filled in."""
    params = {key: _value(value) for key, value in message.params.items()}
    template = TEMPLATES[message.code]
    return template % params if params else template.replace("%%", "%")


def _value(value):
    if isinstance(value, Message):
        return english(value)
    if isinstance(value, Amount):
        return f"{value.value:,}"
    if isinstance(value, Percent):
        return f"{value.value} %"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return ", ".join(_value(item) for item in value)
    return str(value)


@contextmanager
def refused(code, text=None):
    """Expect a :class:`MessageError` with ``code`` whose English matches ``text`` (a
    regular expression searched in it) when given."""
    with pytest.raises(MessageError) as info:
        yield info
    message = info.value.message
    assert message.code == code, message
    rendered = english(message)
    assert text is None or re.search(text, rendered), rendered
