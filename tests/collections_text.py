"""The collections' messages in English, rendered from the addon's own templates (read
from ``ar_reconcile/messages/collections.py``'s syntax tree, as :mod:`matching_text`
does), and a helper that expects a refusal."""

import pathlib
import re
from contextlib import contextmanager

import pytest
from ar_reconcile_lib.messages import MessageError
from matching_text import make_english, read_templates

MESSAGES = pathlib.Path(__file__).resolve().parent.parent / "ar_reconcile" / "messages"
TEMPLATES = read_templates(MESSAGES / "collections.py")


english = make_english(TEMPLATES, percent="{} %")


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
