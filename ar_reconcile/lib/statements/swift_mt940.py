"""SWIFT MT940 customer statements, read with the ``mt-940`` library (imported as
``mt940``).

The library splits the tags and the ``:61:`` line and knows the German DK/ZKA ``:86:``
layout (``?20`` subfields with ``EREF+``/``SVWZ+`` keywords). What it leaves to us:

* one file may hold several statement messages, each ``:20:`` ... ``-``, possibly
  wrapped in a SWIFT ``{1:..}{2:..}{4:`` envelope: we cut them apart before parsing;
* the Dutch ``/KEY/value/`` ``:86:`` dialect (ING, Rabobank, ABN AMRO), parsed below;
* free text ``:86:`` (Nordic banks), kept whole as the remittance text;
* its errors are bare ``RuntimeError``/``ValueError`` naming regexes: we name the tag
  instead.

The library runs with :meth:`mt940.Options.all`, whose fixes matter here:
``applicant_iban`` keeps ``?31`` (the counterparty IBAN) out of the name,
``reversal_sign`` makes ``RC`` negative, ``merge_keeps_values`` stops a structured
``:86:`` from wiping the ``:61:`` customer reference, and ``unbounded_details`` stops
long ``:86:`` fields being cut.
"""

import datetime
import logging
import re
from decimal import Decimal

import mt940
from stdnum import iban as stdnum_iban
from stdnum import iso11649

from ..messages import msg
from .base import ParsedStatement, ParsedTransaction, StatementParseError

__all__ = ["parse", "sniff"]

# The library logs every tag that fails its pattern at ERROR level, regex dump included,
# before raising; we raise a StatementParseError for the user instead, so a bad upload
# must not leave error lines in the server log.
logging.getLogger("mt940.tags").setLevel(logging.CRITICAL)

_SNIFF_TAG = rb"(?:^|\{4:\s*)(?::%s:)"
_SNIFF_20 = re.compile(_SNIFF_TAG % rb"20", re.M)
_SNIFF_25 = re.compile(_SNIFF_TAG % rb"25", re.M)
_SNIFF_BODY = re.compile(_SNIFF_TAG % rb"(?:61|60[FM])", re.M)

_NO_REFERENCE = {"", "NONREF", "NOTPROVIDED"}
# An MT942 interim transaction report: its SWIFT header says 942, or it has the floor
# limit (:34F:) and date/time (:13D:) tags of MT942 without an MT940 opening balance.
_INTERIM_RE = re.compile(
    r"\{2:[IO]942|\A(?![\s\S]*^:60[FM]?:)(?=[\s\S]*^:34F:)(?=[\s\S]*^:13D?:)",
    re.M,
)
_BODY_TAG_RE = re.compile(r"(?m)^:(?:6[0-5]|86)[A-Z]?:")

# What a tag is called in an error message (message codes).
_TAG_LABELS = {
    "20": "statements.mt940.line.reference",
    "25": "statements.mt940.line.account",
    "28": "statements.mt940.line.number",
    "28C": "statements.mt940.line.number",
    "61": "statements.mt940.line.transaction",
    "86": "statements.mt940.line.details",
}

# Keys of the Dutch structured :86: dialect. Only these open a field, so a slash inside
# a value (an invoice number like INV/2026/7) does not split it.
_DUTCH_KEYS = (
    "TRTP",
    "IBAN",
    "BIC",
    "NAME",
    "EREF",
    "MARF",
    "CSID",
    "REMI",
    "RTRN",
    "ORDP",
    "BENM",
    "ULTD",
    "ULTC",
    "ULTB",
    "CNTP",
    "PREF",
    "PURP",
    "ADDR",
    "ID",
    "ISDT",
    "SVCL",
    "CHGS",
    "EXCH",
    "OCMT",
    "COAM",
    "FX",
    "ACCW",
    "IREF",
    "KREF",
    "RTYP",
)
_DUTCH_KEY_RE = re.compile(r"/({})(?=/|$)".format("|".join(_DUTCH_KEYS)))
_RF_RE = re.compile(r"\bRF\d{2}(?: ?[0-9A-Z]){1,21}\b")


def sniff(data):
    """True for an MT940 message: ``:20:``, ``:25:`` and ``:61:``/``:60F:``/``:60M:``
    tags at line starts (or right after a SWIFT ``{4:`` block opener)."""
    data = data.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte order mark
    return bool(
        _SNIFF_20.search(data) and _SNIFF_25.search(data) and _SNIFF_BODY.search(data)
    )


def parse(data):
    """Read every statement message of the file, one :class:`ParsedStatement` each."""
    null = data.find(b"\x00")
    if null >= 0:
        raise StatementParseError("statements.null_byte", position=null)
    text = _decode(data)
    if _INTERIM_RE.search(text):
        raise StatementParseError("statements.mt940.interim_report")
    messages = _split_messages(text)
    if not messages:
        raise StatementParseError("statements.mt940.no_statement")
    return [_parse_message(message) for message in messages]


def _decode(data):
    """MT940 declares no charset: take UTF-8 when the bytes are valid UTF-8, else cp1252
    (what Western European banks send), else Latin-1 which accepts every byte."""
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    return text.removeprefix("\ufeff").replace("\r", "")


def _split_messages(text):
    """Cut the file into statement messages, dropping SWIFT envelope blocks and headers.

    A message starts at ``:20:`` and ends at a line holding only ``-`` (or ``-}`` in an
    envelope); whatever follows the end (trailer blocks, the next envelope,
    bank-specific file headers) belongs to no message. The library would otherwise glue
    it onto the last ``:86:``.
    """
    text = re.sub(r"\{4:[ \t]*", "{4:\n", text)
    messages = []
    for block in re.split(r"(?m)^(?=:20:)", text):
        if block.startswith(":20:"):
            messages.append(block[: _message_end(block)])
    return messages


def _message_end(block):
    """Where the message of ``block`` ends: at the first ``-`` line after which no
    balance, transaction or details tag follows (a ``-`` may also start a wrapped line
    of ``:86:`` text)."""
    for end in re.finditer(r"(?m)^-(?:\}.*)?$", block):
        if not _BODY_TAG_RE.search(block, end.end()):
            return end.start()
    return len(block)


# An amount as banks write it: digits with a decimal comma (SWIFT) or point (some
# exports). The library's patterns take only digits and commas, and stop silently at a
# point: 100.50 became 100.
_AMOUNT = r"(?P<amount>\d+(?:[,.]\d*)?|[,.]\d+)"


def _replaced(pattern, *changes):
    """``pattern`` with each ``(old, new)`` of ``changes`` applied; an ``old`` that is
    not there (the library changed its patterns) fails at import, not silently."""
    for old, new in changes:
        if old not in pattern:
            raise RuntimeError(f"mt-940 pattern without {old!r}: update swift_mt940")
        pattern = pattern.replace(old, new)
    return pattern


class _Statement(mt940.tags.Statement):
    """``:61:`` with decimal points, and the de Volksbank (SNS, ASN, RegioBank) layout
    as a fallback: an IBAN of up to 34 characters where SWIFT has a 16-character
    customer reference (the library's ``StatementASNB`` pattern)."""

    pattern = _replaced(
        mt940.tags.Statement.pattern, (r"(?P<amount>[\d,]{1,15})", _AMOUNT)
    )
    wide_pattern = _replaced(
        mt940.tags.StatementASNB.pattern,
        (r"(?P<amount>[\d,]{1,15})", _AMOUNT),
        (r"(?P<status>[A-Z]?[DC])", r"(?P<status>R?[DC])"),
        # Supplementary details wrapped over several lines (ING).
        (r"(\n?(?P<extra_details>.{0,34}))?", r"(\n?(?P<extra_details>[\s\S]*))?"),
    )

    def __init__(self):
        super().__init__()
        self.wide_re = re.compile(self.wide_pattern, self.RE_FLAGS)

    def parse(self, transactions, value):
        match = self.re.match(value)
        if not match or (
            match.group("extra_details")
            and value[match.start("extra_details") - 1] != "\n"
        ):
            # No match, or a reference running on past 16 characters on its line
            # (cut into reference and supplementary details): the wide layout.
            match = self.wide_re.match(value) or match
        if not match:
            raise RuntimeError("no match", self, value)
        return match.groupdict()


def _balance_tag(base):
    """A balance tag whose amount may have a decimal point (the library's pattern
    stopped at it and ignored the rest)."""
    pattern = _replaced(
        base.pattern,
        (
            r"(?P<amount>[0-9,]{0,16})  # 15d Amount (includes decimal sign, so 16)",
            _AMOUNT + r"(?![\d,.])",
        ),
    )
    return type("_" + base.__name__, (base,), {"pattern": pattern})()


class _StatementNumber(mt940.tags.StatementNumber):
    """``:28C:`` as ING writes it, wrapped over two lines (``0000`` then ``0``)."""

    pattern = r"""
    (?P<statement_number>\d{1,5}(?:\n\d{1,5})?)  # 5n
    (?:/?(?P<sequence_number>\d{1,5}))?  # [/5n]
    \s*$"""

    def __call__(self, transactions, value):
        data = super().__call__(transactions, value)
        data["statement_number"] = data["statement_number"].replace("\n", "")
        return data


_TAGS = {
    61: _Statement(),
    28: _StatementNumber(),
    **{
        tag.id: _balance_tag(type(tag))
        for tag in mt940.tags.TAG_BY_ID.values()
        if isinstance(tag, mt940.tags.BalanceBase)
    },
}


class _Transactions(mt940.models.Transactions):
    """The library's collection with our tags, turning its exceptions into
    :class:`_TagError`."""

    def __init__(self):
        super().__init__(options=mt940.Options.all(), tags=_TAGS)

    def _process_statement_tag(self, result):
        """Every ``:61:`` is a transaction of its own. The library reuses the last
        transaction when it has no transaction type code (``id``), so a ``:61:``
        without one (old Rabobank exports) was merged into the next and vanished;
        only a placeholder without an amount is reused here."""
        if self.transactions and "amount" not in self.transactions[-1].data:
            self.transactions[-1].data.update(result)
        else:
            self.transactions.append(mt940.models.Transaction(self, result))

    def _process_match(self, match, i, valid_matches, data):
        try:
            return super()._process_match(match, i, valid_matches, data)
        except Exception as exc:
            line_end = data.find("\n", match.end())
            value = data[match.end() : line_end if line_end >= 0 else None]
            raise _TagError(match.group("full_tag"), value, exc) from exc


class _TagError(Exception):
    def __init__(self, tag, value, cause):
        super().__init__(tag, value, cause)
        self.tag, self.value, self.cause = tag, value, cause

    def message(self):
        """What is wrong, as a message naming the line."""
        if self.tag in _TAG_LABELS:
            line = msg(_TAG_LABELS[self.tag])
        elif self.tag[:2] in ("60", "62", "64", "65"):
            line = msg("statements.mt940.line.balance", tag=self.tag)
        else:
            line = msg("statements.mt940.line.other", tag=self.tag)
        value = self.value.strip()
        if isinstance(self.cause, RuntimeError):  # regex failures say nothing more
            return msg("statements.mt940.line_malformed", line=line, value=value)
        return msg(
            "statements.mt940.line_malformed_because",
            line=line,
            value=value,
            error=str(self.cause),
        )


def _fail(statement_ref, reason):
    """Raise the refusal of the file; ``reason`` is a message."""
    if statement_ref:
        raise StatementParseError(
            "statements.mt940.unreadable_statement",
            statement=statement_ref,
            reason=reason,
        )
    raise StatementParseError("statements.mt940.unreadable", reason=reason)


def _parse_message(text):
    text = _drop_statement_details(text)
    collection = _Transactions()
    try:
        collection.parse(text)
    except _TagError as exc:
        _fail(_tag_value(text, "20"), exc.message())
    except Exception as exc:  # anything the library did not expect
        _fail(
            _tag_value(text, "20"),
            msg(
                "statements.mt940.library_error",
                error=type(exc).__name__,
                detail=str(exc),
            ),
        )
    head = collection.data
    reference = (head.get("transaction_reference") or "").strip()
    account = (head.get("account_identification") or "").strip()
    if not account:
        _fail(reference, msg("statements.mt940.account_missing"))
    opening = (
        head.get("final_opening_balance")
        or head.get("intermediate_opening_balance")
        or (head.get("opening_balance"))
    )
    closing = (
        head.get("final_closing_balance")
        or head.get("intermediate_closing_balance")
        or (head.get("closing_balance"))
    )
    if opening is None:
        _fail(reference, msg("statements.mt940.opening_missing"))
    transactions = [_transaction(t.data) for t in collection if t.data.get("amount")]
    written = len(re.findall(r"(?m)^:61:", text))
    if len(transactions) != written:  # never drop a transaction without a word
        _fail(
            reference,
            msg(
                "statements.mt940.lines_lost",
                written=written,
                read=len(transactions),
            ),
        )
    account_iban, account_number = _split_account(account)
    sequence = head.get("statement_number") or ""
    if head.get("sequence_number"):
        sequence += "/" + head["sequence_number"]
    return ParsedStatement(
        file_format="mt940",
        transactions=transactions,
        statement_id=reference,
        account_iban=account_iban,
        account_number=account_number,
        currency=(opening.amount.currency or "").upper(),
        date=_date(closing.date) if closing else _last_date(opening, transactions),
        opening_balance=opening.amount.amount,
        closing_balance=closing.amount.amount if closing else None,
        # check_balances() makes a missing closing balance a balance question.
        closing_balance_missing=closing is None,
        sequence_number=sequence,
    )


def _last_date(opening, transactions):
    """The statement date of a message without a closing balance: its last booking."""
    dates = [t.date for t in transactions if t.date]
    return max(dates) if dates else _date(opening.date)


def _drop_statement_details(text):
    """Remove a ``:86:`` placed after the closing balance (ING's ``/SUM/`` totals).

    It describes the statement, not a transaction, but the library would append it to
    the last transaction's details.
    """
    closing = re.search(r"(?m)^:62[FM]?:", text)
    if not closing:
        return text
    tail = re.sub(r"(?m)^:86:.*(?:\n(?!:\w{2,3}:).*)*\n?", "", text[closing.start() :])
    return text[: closing.start()] + tail


def _tag_value(text, tag):
    match = re.search(rf"(?m)^:{tag}:(.*)$", text)
    return match.group(1).strip() if match else ""


def _split_account(account):
    """``:25:`` holds an IBAN (some banks append the currency: ``NL..INGB..EUR``) or a
    domestic ``BLZ/account`` number, returned as (iban, other number)."""
    compact = account.replace(" ", "").upper()
    for candidate in (compact, compact[:-3]):
        if stdnum_iban.is_valid(candidate):
            return candidate, ""
    return "", account


def _date(value):
    """The library's ``Date`` subclass as a plain :class:`datetime.date`."""
    return datetime.date(value.year, value.month, value.day)


def _transaction(data):
    """Map one library transaction (a ``:61:`` plus its ``:86:``) onto
    ParsedTransaction."""
    mark = (data.get("status") or "").upper()
    # Without a KREF the customer reference is the :61: one; with a KREF the library
    # appends it on a new line, the :61: reference stays first.
    references = (data.get("customer_reference") or "").split("\n")
    customer_reference = references[0].strip()
    bank_reference = (data.get("bank_reference") or "").strip()
    line = ParsedTransaction(
        date=_date(data.get("entry_date") or data["date"]),
        value_date=_date(data["date"]),
        amount=Decimal(data["amount"].amount),
        bank_transaction_code=(data.get("id") or "").strip().upper(),
        bank_reference=""
        if bank_reference.upper() in _NO_REFERENCE
        else bank_reference,
        is_reversal=mark.startswith("R"),
    )
    if "transaction_details" in data:  # the library did not recognise DK subfields
        _apply_unstructured(line, data["transaction_details"] or "")
    else:
        _apply_german(line, data)
    if (
        customer_reference.upper() not in _NO_REFERENCE
        and customer_reference != line.end_to_end_id
    ):
        line.instruction_id = customer_reference
    elif len(references) > 1 and not line.instruction_id:  # KREF+ of the :86:
        line.instruction_id = references[1].strip()
    if not line.remittance_structured:
        reference = _find_creditor_reference(line.remittance_unstructured)
        if reference:
            line.remittance_structured, line.structured_ref_type = reference, "SCOR"
    extra = (data.get("extra_details") or "").strip()
    line.additional_info = "; ".join(filter(None, [line.additional_info, extra]))
    line.payment_ref = (
        line.remittance_unstructured
        or line.remittance_structured
        or line.additional_info
        or line.partner_name
    )
    line.unique_id = line.bank_reference
    return line


def _apply_german(line, data):
    """DK/ZKA subfields as the library split them (``?31`` separate thanks to the
    option)."""

    def get(key):
        return (data.get(key) or "").strip()

    line.additional_info = get("posting_text")
    line.counterparty_bic = get("applicant_bin") or get("gvc_applicant_bin")
    line.account_number = get("applicant_iban") or get("gvc_applicant_iban")
    line.partner_name = get("applicant_name")
    line.end_to_end_id = _reference(get("end_to_end_reference"))
    line.mandate_id = get("additional_position_reference")
    line.ultimate_party_name = get("deviate_applicant") or get("deviate_recipient")
    # ?60-?63 continue ?20-?29 directly (a leading space is part of the text).
    line.remittance_unstructured = (
        (data.get("purpose") or "") + (data.get("additional_purpose") or "")
    ).strip()
    if line.is_reversal:
        line.return_reason = get("return_debit_notes")


def _apply_unstructured(line, details):
    """Dutch ``/KEY/value`` details, else free text kept whole."""
    fields = _dutch_fields(details)
    if not fields:
        line.remittance_unstructured = " ".join(details.split())
        return
    remittance = fields.get("REMI", "")
    if remittance.startswith("USTD"):
        line.remittance_unstructured = remittance[4:].strip("/").strip()
    elif remittance.startswith("STRD"):
        parts = [part for part in remittance.split("/") if part]
        line.remittance_structured = parts[-1] if len(parts) > 1 else ""
        line.structured_ref_type = parts[1] if len(parts) > 2 else ""
        if iso11649.is_valid(line.remittance_structured):
            line.structured_ref_type = "SCOR"
    else:
        line.remittance_unstructured = remittance
    party = (
        fields.get("CNTP") or fields.get("ORDP") or fields.get("BENM") or ""
    ).split("/")
    # CNTP/ORDP/BENM carry account/BIC/name/city in one field (newer ING layout).
    party += [""] * 3
    line.account_number = fields.get("IBAN") or party[0]
    line.counterparty_bic = fields.get("BIC") or party[1]
    line.partner_name = fields.get("NAME") or party[2]
    line.ultimate_party_name = (fields.get("ULTD") or fields.get("ULTC") or "").split(
        "/"
    )[0]
    line.end_to_end_id = _reference(fields.get("EREF", ""))
    line.mandate_id = fields.get("MARF", "")
    line.return_reason = fields.get("RTRN", "").split("/")[0]
    line.additional_info = fields.get("TRTP", "")
    # Rabobank and ING name the batch (payment run, collection) a line belongs to.
    line.batch_payment_info_id = fields.get("PREF", "")


def _dutch_fields(details):
    """``/TRTP/SEPA OVERBOEKING/IBAN/NL..../NAME/X/`` as a dict, or {} when not that
    dialect.

    Lines are cut at 65 characters anywhere, even inside a value, so they are joined
    without a separator before splitting on the known keys.
    """
    text = "".join(details.split("\n")).strip()
    matches = list(_DUTCH_KEY_RE.finditer(text))
    if not matches or matches[0].start() != 0:
        return {}
    fields = {}
    for match, following in zip(matches, matches[1:] + [None], strict=False):
        value = text[match.end() + 1 : following.start() if following else len(text)]
        fields.setdefault(match.group(1), value.rstrip("/").strip())
    return fields


def _reference(value):
    return "" if value.upper() in _NO_REFERENCE else value


def _find_creditor_reference(text):
    """An ISO 11649 creditor reference (``RF18 5390 0754 7034``) quoted in free text, if
    its
    check digits hold; spaced groups are tried longest first."""
    for match in _RF_RE.finditer(text.upper()):
        tokens = match.group().split()
        for count in range(len(tokens), 0, -1):
            candidate = "".join(tokens[:count])
            if iso11649.is_valid(candidate):
                return candidate
    return ""
