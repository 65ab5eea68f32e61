"""The statement readers' messages in English, rendered from the addon's own templates.

Like ``matching_text`` for the matching engine: the templates of
``ar_reconcile/messages/statements.py`` are read from the file's syntax tree (the
database-free suite cannot import Odoo), and rendered as the English source reads.
"""

import pathlib
import re

import pytest
from ar_reconcile_lib.statements import StatementParseError
from matching_text import make_english, read_templates

TEMPLATES = read_templates(
    pathlib.Path(__file__).resolve().parent.parent
    / "ar_reconcile"
    / "messages"
    / "statements.py"
)


english = make_english(TEMPLATES)


def refused(code, match=None):
    """``pytest.raises`` for a :class:`StatementParseError` of ``code``; ``match`` (a
    regular expression) is searched in the English text. The context's value is the
    error's message."""
    return _Refused(code, match)


class _Refused:
    def __init__(self, code, match):
        self.code, self.match, self.message = code, match, None
        self._raises = pytest.raises(StatementParseError)

    def __enter__(self):
        self._info = self._raises.__enter__()
        return self

    def __exit__(self, *exc_info):
        handled = self._raises.__exit__(*exc_info)
        self.message = self._info.value.message
        assert self.message.code == self.code, english(self.message)
        if self.match:
            assert re.search(self.match, english(self.message)), english(self.message)
        return handled

    @property
    def params(self):
        return self.message.params

    @property
    def text(self):
        return english(self.message)
