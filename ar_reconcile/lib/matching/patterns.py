"""Text-mapping patterns that run in linear time, without a database.

A regular-expression text mapping is tested against every statement line of every
import and of the hourly scheduled application. Python's ``re`` backtracks: a pattern
such as ``(a+)+$`` takes minutes on a 30-character line. The patterns are therefore
compiled with RE2 (``google-re2``), whose automata guarantee time linear in the
length of the text. RE2 refuses what needs backtracking (back-references,
look-ahead and look-behind); such a pattern, an invalid one or a too long one is
refused with a message code (templates in ``ar_reconcile/messages/patterns.py``).

Matching is case-insensitive (Unicode case folding) and finds the pattern anywhere in
the text, as ``re.search`` would.
"""

import re

import re2

from ..messages import MessageError

TOO_LONG = "patterns.too_long"
"""The pattern is longer than ``MAX_LENGTH`` characters (params: length, limit)."""
UNSUPPORTED = "patterns.unsupported"
"""A valid Python pattern that RE2 cannot run in linear time (params: pattern,
detail)."""
INVALID = "patterns.invalid"
"""Not a regular expression (params: pattern, detail)."""
EMPTY = "patterns.empty"
"""An empty pattern would match every line."""

CODES = frozenset({TOO_LONG, UNSUPPORTED, INVALID, EMPTY})

MAX_LENGTH = 200
"""Longest accepted pattern, in characters (a mapping's text is a short phrase)."""
MAX_MEMORY = 4 << 20
"""Bytes RE2 may use for one compiled pattern; a larger automaton is refused."""


def _options():
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False  # refusals are reported as messages, not on stderr
    options.max_mem = MAX_MEMORY
    return options


def _detail(error):
    detail = error.args[0] if error.args else ""
    if isinstance(detail, bytes):
        detail = detail.decode("utf-8", "replace")
    return str(detail)


def compile_pattern(pattern):
    """The compiled ``pattern``; raises ``MessageError`` saying why it is refused."""
    if not pattern:
        raise MessageError(EMPTY)
    if len(pattern) > MAX_LENGTH:
        raise MessageError(TOO_LONG, length=len(pattern), limit=MAX_LENGTH)
    try:
        return re2.compile(pattern, _options())
    except re2.error as error:
        detail = _detail(error)
    try:
        # Only tells the two refusals apart: Python's parser never runs the pattern.
        re.compile(pattern)
    except re.error:
        raise MessageError(INVALID, pattern=pattern, detail=detail) from None
    raise MessageError(UNSUPPORTED, pattern=pattern, detail=detail)


def validate(pattern):
    """``None`` when ``pattern`` is accepted, else the ``Message`` of its refusal."""
    try:
        compile_pattern(pattern)
    except MessageError as error:
        return error.message
    return None


def search(compiled, text):
    """Whether the compiled pattern occurs anywhere in ``text``."""
    return compiled.search(text or "") is not None
