"""Registered payments as candidates: references only a payment carries.

The Odoo layer reads the outstanding items of posted payments (``OpenEntry.kind`` is
``KIND_PAYMENT``) beside the open items of documents. Their number, payment reference
and memo are searched like a document's; the check number of a printed check and the
reference of the batch a payment was sent in are extra criteria
(``engine.apply_statement(criteria=...)``): the Odoo layer adds them when check printing
or batch payments are installed and puts the values in ``OpenEntry.extra``.

A reference is found as the same run of whole words in a line's text (separators
ignored): "CHK 00012", "Sjekk nr. 00012" and "check 000012" all find check 00012
(numbers compare by value), "120" never does. A number of fewer than
:data:`MIN_SIGNIFICANT` significant digits must be written with leading zeros up to
that length: "12" alone is too often something else.
"""

import re
from collections import defaultdict

from . import codes as C
from . import types as T
from .codes import evidence

MIN_SIGNIFICANT = 3
_WORD_RE = re.compile(r"[^\W_]+")


def _piece(word):
    """A word as compared: numbers by value, words casefolded."""
    return (word.lstrip("0") or "0") if word.isdigit() else word.casefold()


def _key(value):
    """The words of a stored reference as compared, or None when it is too short to
    identify anything."""
    words = _WORD_RE.findall(value or "")
    if not words:
        return None
    key = tuple(_piece(word) for word in words)
    if sum(map(len, key)) < MIN_SIGNIFICANT and sum(map(len, words)) < MIN_SIGNIFICANT:
        return None
    return key


def _short(text, width=80):
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def reference_criterion(extra_key, code, param):
    """An engine criterion: a line referencing the value ``entry.extra[extra_key]`` of
    registered payments references those payments, with the evidence ``code``
    (``param`` names the value, ``where`` the text it was found in)."""

    def criterion(entries):
        by_first = defaultdict(list)  # first word -> [(key, entry id, value)]
        for entry in entries:
            value = entry.extra.get(extra_key)
            if entry.kind != T.KIND_PAYMENT or not value:
                continue
            key = _key(str(value))
            if key:
                by_first[key[0]].append((key, entry.id, str(value)))

        def finder(line):
            if not by_first:
                return []
            found, seen = [], set()
            for text in line.texts:
                words = _WORD_RE.findall(text or "")
                pieces = [_piece(word) for word in words]
                for start, first in enumerate(pieces):
                    for key, entry_id, value in by_first.get(first, ()):
                        if entry_id in seen:
                            continue
                        end = start + len(key)
                        if tuple(pieces[start:end]) != key:
                            continue
                        written = sum(map(len, words[start:end]))
                        if sum(map(len, key)) < MIN_SIGNIFICANT > written:
                            continue
                        seen.add(entry_id)
                        found.append(
                            (
                                entry_id,
                                evidence(code, **{param: value}, where=_short(text)),
                            )
                        )
            return found

        return finder

    return criterion


check_number_criterion = reference_criterion(
    "check_number", C.DOC_CHECK_NUMBER, "number"
)
batch_reference_criterion = reference_criterion(
    "batch_reference", C.DOC_BATCH_REFERENCE, "batch"
)
