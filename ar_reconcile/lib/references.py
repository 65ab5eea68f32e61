"""Structured payment references (creditor references): check, find in free text, issue.

A structured reference is the most reliable link from a bank payment to an invoice, but
only if it is read exactly. Every scheme here ends in a check digit, so a number that
merely looks like a reference (a date, an amount, a phone number) is rejected unless its
check digit is right. The matcher still looks every accepted reference up among the open
invoices' ``payment_reference`` values, so a chance pass only costs a lookup.

Kinds, in the order :func:`validate` reports them:

* ``rf``: ISO 11649 RF creditor reference (``RF`` + 2 check digits + 1-21 letters or
  digits); also the Finnish RF form, which wraps the national reference.
* ``ch_qr``: Swiss QR-reference, 27 digits, recursive mod 10 (the old ESR/ISR
  algorithm).
* ``be``: Belgian structured communication (OGM-VCS), 12 digits, mod 97 (0 written as
  97).
* ``fi``: Finnish national reference, 4-20 digits, weights 7-3-1 from the right.
* ``kid``: Norwegian KID, 2-25 digits, MOD10 (Luhn) or MOD11 (check 10 written ``-``).
* ``ocr_se``: Swedish Bankgirot/Plusgirot OCR reference, 2-25 digits, Luhn, optionally
  with a length digit (see :func:`ocr_se_has_length_digit`).

A digit-only reference often satisfies several schemes at once (every Luhn-valid number
is both a ``kid`` and an ``ocr_se``): they are all reported, the caller knows which
schemes its bank accounts use. Danish FIK and the Dutch betalingskenmerk are not
handled.
"""

from __future__ import annotations

import re

from stdnum import iso11649, luhn
from stdnum.ch import esr
from stdnum.iso7064 import mod_97_10

__all__ = [
    "KINDS",
    "find_references",
    "is_valid",
    "make_fi",
    "make_kid",
    "make_ocr_se",
    "make_rf",
    "normalize",
    "ocr_se_has_length_digit",
    "validate",
]

KINDS = ("rf", "ch_qr", "be", "fi", "kid", "ocr_se")

# Printing decoration only: group spacing, OGM "+++"/"***" and slashes, dashes and dots.
_DECORATION_RE = re.compile(r"[\s\-.+*/]+")


def normalize(text):
    """Return the canonical form of a reference: decoration removed, upper-cased.

    Spaces, dashes, dots, ``+``, ``*`` and ``/`` are layout, never part of the
    reference, so references are stored and compared in this form. The single exception
    is a trailing ``-`` after digits: that is the check character of a Norwegian MOD11
    KID, not layout.
    """
    if not text:
        return ""
    text = text.strip()
    kid_dash = text.endswith("-")
    compact = _DECORATION_RE.sub("", text).upper()
    if kid_dash and compact.isdigit() and compact.isascii():
        compact += "-"
    return compact


# --- check digits
# -------------------------------------------------------------------------


def _is_digits(value):
    return value.isascii() and value.isdigit()


def _mod11_check(payload):
    """KID MOD11: weights 2-7 from the right; 11 - remainder, 11 -> 0, 10 -> ``-``."""
    total = sum(int(digit) * (2 + i % 6) for i, digit in enumerate(reversed(payload)))
    check = 11 - total % 11
    return "0" if check == 11 else "-" if check == 10 else str(check)


def _fi_check(payload):
    """Finnish reference: weights 7, 3, 1 from the right; (10 - sum mod 10) mod 10."""
    total = sum(
        int(digit) * (7, 3, 1)[i % 3] for i, digit in enumerate(reversed(payload))
    )
    return str(-total % 10)


def _be_check(payload):
    """OGM-VCS: payload mod 97 on two digits, a remainder of 0 being written 97."""
    return "%02d" % (int(payload) % 97 or 97)


# --- validators, one per kind
# ------------------------------------------------------------- Each takes a normalized
# reference. A reference of zeros only carries no information and passes every digit
# checksum trivially, so the digit kinds reject it.


def _digit_reference(ref, min_len, max_len):
    return _is_digits(ref) and min_len <= len(ref) <= max_len and ref.strip("0") != ""


def _valid_rf(ref):
    # iso11649 checks the "RF" prefix, the 5-25 length and mod 97 over the rotated
    # string.
    return ref.isascii() and ref.isalnum() and iso11649.is_valid(ref)


def _valid_ch_qr(ref):
    return _digit_reference(ref, 27, 27) and esr.calc_check_digit(ref[:-1]) == ref[-1]


def _valid_be(ref):
    # Strict: a check of "00" never occurs (0 is written 97), although Odoo's helper
    # takes it.
    return _digit_reference(ref, 12, 12) and _be_check(ref[:10]) == ref[10:]


def _valid_fi(ref):
    return _digit_reference(ref, 4, 20) and _fi_check(ref[:-1]) == ref[-1]


def _valid_kid(ref):
    if ref.endswith("-"):
        return _digit_reference(ref[:-1], 1, 24) and _mod11_check(ref[:-1]) == "-"
    return _digit_reference(ref, 2, 25) and (
        luhn.is_valid(ref) or _mod11_check(ref[:-1]) == ref[-1]
    )


def _valid_ocr_se(ref):
    return _digit_reference(ref, 2, 25) and luhn.is_valid(ref)


_VALIDATORS = {
    "rf": _valid_rf,
    "ch_qr": _valid_ch_qr,
    "be": _valid_be,
    "fi": _valid_fi,
    "kid": _valid_kid,
    "ocr_se": _valid_ocr_se,
}


def validate(reference, kind=None):
    """Return the kinds, in :data:`KINDS` order, under which ``reference`` is valid.

    With ``kind`` given, return ``[kind]`` or ``[]``. The reference may be decorated (it
    is normalized first). An unknown ``kind`` is a programming error and raises
    ``ValueError``.
    """
    if kind is not None and kind not in _VALIDATORS:
        raise ValueError(f"Unknown reference kind {kind!r}; expected one of {KINDS}.")
    ref = normalize(reference)
    if not ref:
        return []
    kinds = (kind,) if kind else KINDS
    return [k for k in kinds if _VALIDATORS[k](ref)]


def is_valid(reference, kind=None):
    """Tell whether ``reference`` is valid under ``kind``, or under any kind if not
    given."""
    return bool(validate(reference, kind))


def ocr_se_has_length_digit(reference):
    """Tell whether a Swedish OCR reference carries the optional length digit too.

    Some Bankgirot agreements add it: the second-to-last digit is the total length (both
    control digits included) mod 10. Such a reference is a valid ``ocr_se`` anyway; this
    stricter check is for accounts whose agreement requires the length digit.
    """
    ref = normalize(reference)
    return len(ref) >= 3 and _valid_ocr_se(ref) and ref[-2] == str(len(ref) % 10)


# --- finding references in free text
# ------------------------------------------------------ Printed forms are tried first,
# so their digits are not read again as bare runs. Spaces are only allowed inside these
# grouped forms: letting them into bare digit runs would glue an invoice number to the
# amount after it.

_RF_START_RE = re.compile(r"(?<![0-9A-Za-z])[Rr][Ff][0-9]{2}")
_RF_TOKEN_RE = re.compile(r"[ \u00a0]?([0-9A-Za-z]+)")
_BE_RE = re.compile(
    r"(?<![0-9/])(?:(?:\+{3}|\*{3}) ?)?"
    r"[0-9]{3} ?/ ?[0-9]{4} ?/ ?[0-9]{5}"
    r"(?: ?(?:\+{3}|\*{3}))?(?![0-9/])"
)
_CH_QR_RE = re.compile(
    r"(?<![0-9A-Za-z])[0-9]{2}(?:[ \u00a0][0-9]{5}){5}(?![0-9A-Za-z])"
)
# Five digits at least: four-digit runs are mostly years. A run glued to other digits by
# ".", ",", "/" or "-" is part of an amount, a date or an account number, not a
# reference.
_DIGIT_RUN_RE = re.compile(
    r"(?<![0-9A-Za-z])(?<![0-9][.,/-])[0-9]{5,27}(?:-(?![0-9A-Za-z])|(?![0-9A-Za-z]|[.,/-][0-9]))"
)
_MAX_RF_LEN = 25


def _rf_candidates(text):
    """Yield (start, end, ref) for the longest valid RF reference at each ``RF`` token.

    The printed groups of 4 cannot be told from the words after them by pattern alone,
    so the tokens are joined one by one and the longest join that validates wins.
    """
    for start_match in _RF_START_RE.finditer(text):
        joins, ref, pos = [], "", start_match.start()
        while (token := _RF_TOKEN_RE.match(text, pos)) and (
            joins or token.start(1) == pos
        ):
            ref += token.group(1).upper()
            if len(ref) > _MAX_RF_LEN:
                break
            pos = token.end()
            joins.append((pos, ref))
        for end, candidate in reversed(joins):
            if _valid_rf(candidate):
                yield start_match.start(), end, candidate
                break


def find_references(text):
    """Return every ``(reference, kind)`` with a valid check digit in ``text``.

    References come normalized, in order of appearance, each pair once. Printed forms
    name their kind (``RF…`` is ``rf``, ``+++…+++`` is ``be``, the 2+5x5 grouping is
    ``ch_qr``); a bare run of 5-27 digits is reported under every digit kind it
    satisfies. A run ending in ``-`` is first read as a MOD11 KID with its ``-`` check
    character.
    """
    if not text:
        return []
    found = []  # (start, end, ref, kinds)

    def free(start, end):
        return all(end <= s or start >= e for s, e, _ref, _kinds in found)

    for start, end, ref in _rf_candidates(text):
        found.append((start, end, ref, ["rf"]))
    for pattern, kind in ((_BE_RE, "be"), (_CH_QR_RE, "ch_qr")):
        for match in pattern.finditer(text):
            ref = normalize(match.group())
            if free(match.start(), match.end()) and _VALIDATORS[kind](ref):
                found.append((match.start(), match.end(), ref, [kind]))
    for match in _DIGIT_RUN_RE.finditer(text):
        if not free(match.start(), match.end()):
            continue
        run = match.group()
        kinds = validate(run) if run.endswith("-") else []
        if not kinds:
            run = run.rstrip("-")
            kinds = validate(run)
        if kinds:
            found.append((match.start(), match.end(), run, kinds))

    result, seen = [], set()
    for _start, _end, ref, kinds in sorted(found, key=lambda item: item[0]):
        for kind in kinds:
            if (ref, kind) not in seen:
                seen.add((ref, kind))
                result.append((ref, kind))
    return result


# --- generators for our own invoices
# --------------------------------------------------------


def _check_base(base, max_len, what, min_len=1):
    if not _is_digits(base) or not min_len <= len(base) <= max_len:
        raise ValueError(
            f"{what} base must be {min_len}-{max_len} digits, got {base!r}."
        )
    if not base.strip("0"):
        raise ValueError(f"{what} base must not be all zeros.")


def make_rf(base):
    """Return the RF creditor reference (compact, upper case) for an alphanumeric
    ``base``.

    For the Finnish RF form, pass the national reference (from :func:`make_fi`) without
    its leading zeros.
    """
    body = normalize(base)
    if not (body.isascii() and body.isalnum() and 1 <= len(body) <= 21):
        raise ValueError(f"RF base must be 1-21 letters or digits, got {base!r}.")
    return "RF" + mod_97_10.calc_check_digits(body + "RF") + body


def make_kid(base_digits, method="mod10"):
    """Return a Norwegian KID: ``base_digits`` plus a MOD10 (Luhn) or MOD11 check digit.

    With MOD11 about one base in eleven gets the check character ``-``, as the Nets
    specification prescribes; a caller whose agreement or bank cannot carry it should
    issue MOD10 KIDs instead.
    """
    _check_base(base_digits, 24, "KID")
    if method == "mod10":
        return base_digits + luhn.calc_check_digit(base_digits)
    if method == "mod11":
        return base_digits + _mod11_check(base_digits)
    raise ValueError(f"Unknown KID method {method!r}; expected 'mod10' or 'mod11'.")


def make_fi(base_digits):
    """Return a Finnish national reference: a 3-19 digit base plus its 7-3-1 check
    digit."""
    _check_base(base_digits, 19, "Finnish reference", min_len=3)
    return base_digits + _fi_check(base_digits)


def make_ocr_se(base_digits, length_digit=False):
    """Return a Swedish OCR reference: ``base_digits``, the optional length digit, then
    Luhn.

    The length digit is the total length (itself and the check digit included) mod 10.
    """
    _check_base(base_digits, 23 if length_digit else 24, "OCR reference")
    if length_digit:
        base_digits += str((len(base_digits) + 2) % 10)
    return base_digits + luhn.calc_check_digit(base_digits)
