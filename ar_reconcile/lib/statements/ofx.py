"""OFX statements (1.x SGML and 2.x XML), read with ``ofxparse`` (the version Odoo
pins).

ofxparse is used as is, with three corrections, each for a real-world file it gets
wrong:

* it decodes the body by the SGML header only, and as ASCII when there is none, so any
  OFX 2 XML file (no SGML header) with a non-ASCII name fails, and ``CHARSET:NONE`` or
  ``CHARSET:ISO-8859-1`` raise ``LookupError``. We decode the bytes ourselves and hand
  it ASCII with character references, which its HTML parser turns back into text;
* it shifts ``DTPOSTED`` by the ``[-5:EST]`` zone to UTC, which moves a midnight booking
  to the previous or next day: a bank date is a local date, so the zone is ignored;
* it does not read ``REFNUM``.
"""

import datetime
import io
import re
import warnings
from decimal import Decimal

from bs4.element import Tag
from ofxparse import OfxParser
from ofxparse.ofxparse import InvestmentAccount
from ofxparse.ofxparse import Transaction as OfxTransaction
from stdnum import iban as stdnum_iban

from .base import ParsedStatement, ParsedTransaction, StatementParseError

__all__ = ["parse", "sniff"]

_SNIFF_RE = re.compile(rb"OFXHEADER\s*:|<OFX>", re.I)
_XML_ENCODING_RE = re.compile(rb"""<\?xml[^>]*encoding=["']([\w.:-]+)["']""", re.I)
_SGML_HEADER_RE = re.compile(
    rb"^([ \t]*(ENCODING|CHARSET)[ \t]*:[ \t]*)([^\s]*)", re.I | re.M
)
_NO_FITID = "@@ar-no-fitid@@"
_CHARSETS = {b"1252": "cp1252", b"8859-1": "latin-1", b"ISO-8859-1": "latin-1"}


def sniff(data):
    """True when the first KB holds an OFX 1.x header (``OFXHEADER:``) or an ``<OFX>``
    root."""
    return bool(_SNIFF_RE.search(data[:1024]))


def parse(data):
    """One :class:`ParsedStatement` per bank or credit card account of the file.

    ofxparse runs in its lenient mode (an empty ``<CURDEF>`` no longer fails), but
    nothing it would skip is skipped silently: a transaction it discards or a warning
    it records refuses the file with ofxparse's reason. The bank transactions of an
    investment statement (a brokerage cash account) are read like a bank account's.
    """
    null = data.find(b"\x00")
    if null >= 0:
        raise StatementParseError("statements.null_byte", position=null)
    source = _without_empty_elements(_ascii_source(data))
    _check_amount_texts(source)
    try:
        with warnings.catch_warnings():
            # bs4 warns from inside ofxparse on every file: findAll is deprecated, and
            # XML is read with the HTML parser (on purpose, one parser for SGML and XML
            # alike).
            warnings.filterwarnings("ignore", module="ofxparse")
            ofx = _Parser.parse(io.BytesIO(source), fail_fast=False)
    except Exception as exc:  # ofxparse raises anything from its parser and parsing
        raise StatementParseError(
            "statements.ofx.unreadable", reason=_describe(exc)
        ) from exc
    signon = getattr(ofx, "signon", None)
    if signon is not None and not signon.success:
        raise StatementParseError(
            "statements.ofx.bank_error",
            status=str(signon.code),
            error=(signon.message or signon.severity or "").strip(),
        )
    _check_status(source)
    accounts = [a for a in ofx.accounts if a.statement is not None]
    for account in accounts:
        _check_read_whole(account.statement)
    accounts = [a for a in accounts if _is_bank_statement(a)]
    if not accounts:
        raise StatementParseError("statements.ofx.no_statement")
    return [_statement(account) for account in accounts]


def _is_bank_statement(account):
    """A bank or card account, or an investment account whose statement holds bank
    transactions only (no trades, which are no bank transactions)."""
    if not isinstance(account, InvestmentAccount):
        return True
    transactions = account.statement.transactions
    return bool(transactions) and all(
        isinstance(t, OfxTransaction) for t in transactions
    )


def _check_read_whole(statement):
    """Refuse what lenient ofxparse would skip: a discarded transaction or a
    statement part it could not read."""
    for entry in getattr(statement, "discarded_entries", []):
        content = entry.get("content")
        position = 1
        if content is not None:  # its place in the transaction list
            position += len(content.find_previous_siblings(content.name))
        raise StatementParseError(
            "statements.ofx.bad_transaction",
            index=position,
            error=_describe(entry.get("error", "")),
        )
    for warning in getattr(statement, "warnings", []):
        # "Empty ledger balance for <ledgerbal>...": the reason, without the markup
        reason = " ".join(str(warning).split(" for ")[0].split())
        raise StatementParseError("statements.ofx.unreadable", reason=reason)


# Elements that banks send empty (<NAME></NAME>, <CURDEF>): absent, not damaged.
_EMPTY_ELEMENT_RE = re.compile(
    rb"<(NAME|MEMO|CHECKNUM|REFNUM|PAYEEID|SIC|CURDEF|BRANCHID|ACCTTYPE"
    rb"|LANGUAGE|DTASOF)>\s*(?:</\1>)?(?=\s*<(?!!))",
    re.I,
)
# A balance with neither amount nor date is a balance not given.
_EMPTY_BALANCE_RE = re.compile(
    rb"<(LEDGERBAL|AVAILBAL)>\s*<BALAMT>\s*(?:</BALAMT>)?\s*</\1>", re.I
)
_AMOUNT_TEXT_RE = re.compile(rb"<(TRNAMT|BALAMT)>\s*([^<\s][^<]*?)\s*(?=<|$)", re.I)


def _without_empty_elements(source):
    source = _EMPTY_ELEMENT_RE.sub(b"", source)
    return _EMPTY_BALANCE_RE.sub(b"", source)


def _check_amount_texts(source):
    """``NaN``, ``Infinity`` or any other letters are no amount (ofxparse would take
    NaN for a number, or fail on it with a Python error)."""
    for match in _AMOUNT_TEXT_RE.finditer(source):
        value = match.group(2).decode("ascii", "replace")
        if any(char.isalpha() for char in value):
            raise StatementParseError(
                "statements.ofx.amount_not_a_number",
                element=match.group(1).decode().upper(),
                value=value,
            )


_STATUS_RE = re.compile(
    rb"<STATUS>\s*<CODE>\s*(\d+)[^<]*(?:</CODE>)?\s*<SEVERITY>\s*ERROR[^<]*"
    rb"(?:</SEVERITY>)?\s*(?:<MESSAGE>([^<]*))?",
    re.I,
)


def _check_status(source):
    """A statement request the bank answered with an error (``<STATUS>`` of severity
    ERROR): the bank's own code and text."""
    match = _STATUS_RE.search(source)
    if match:
        raise StatementParseError(
            "statements.ofx.bank_error",
            status=match.group(1).decode(),
            error=(match.group(2) or b"").decode("ascii", "replace").strip(),
        )


def _describe(exc):
    message = " ".join(str(exc).split()).rstrip(
        "."
    )  # ofxparse messages carry indentation
    return message or type(exc).__name__


def _ascii_source(data):
    """The file re-encoded as ASCII, non-ASCII characters as ``&#NNN;`` references.

    The text is decoded by its declaration (SGML ``ENCODING``/``CHARSET`` header or the
    XML declaration), falling back to UTF-8, then cp1252. The SGML header is rewritten
    to ``USASCII``/``1252`` so ofxparse's own decoding is a no-op.
    """
    data = data.removeprefix(b"\xef\xbb\xbf")
    header, sep, body = data.partition(b"<")
    declared = {
        key.upper(): value.upper() for _, key, value in _SGML_HEADER_RE.findall(header)
    }
    if declared.get(b"ENCODING") in (b"UTF-8", b"UNICODE"):
        encoding = "utf-8"
    else:
        encoding = _CHARSETS.get(declared.get(b"CHARSET"))
    xml_declaration = _XML_ENCODING_RE.search(data[:1024])
    if xml_declaration:
        encoding = xml_declaration.group(1).decode("ascii")
    text = None
    for candidate in filter(None, (encoding, "utf-8", "cp1252")):
        try:
            text = (sep + body).decode(candidate)
            break
        except (UnicodeDecodeError, LookupError):
            continue
    if text is None:
        text = (sep + body).decode("latin-1")
    header = _SGML_HEADER_RE.sub(
        lambda m: m.group(1)
        + (b"USASCII" if m.group(2).upper() == b"ENCODING" else b"1252"),
        header,
    )
    return header + text.encode("ascii", "xmlcharrefreplace")


class _Parser(OfxParser):
    """ofxparse with local bank dates and ``REFNUM``."""

    @classmethod
    def parseOfxDateTime(cls, ofxDateTime):  # noqa: N802, N803 (ofxparse's names)
        """``20260310000000.000[+1:CET]`` -> 2026-03-10, whatever the zone."""
        value = ofxDateTime.strip()
        if value[:8] == "00000000":
            return None
        return datetime.datetime.strptime(value[:8], "%Y%m%d")

    @classmethod
    def parseTransaction(cls, txn_ofx):  # noqa: N802
        """With ``REFNUM`` and the transaction's currency; an empty ``FITID`` (which
        ofxparse requires) is left empty: the import identifies such a line by its
        content."""
        fitid = txn_ofx.find("fitid")
        if fitid is None or not fitid.get_text().strip():
            if fitid is None:
                fitid = Tag(name="fitid")
                txn_ofx.append(fitid)
            fitid.string = _NO_FITID
        transaction = super().parseTransaction(txn_ofx)
        if transaction.id == _NO_FITID:
            transaction.id = ""
        refnum = txn_ofx.find("refnum")
        transaction.refnum = refnum.get_text().strip() if refnum else ""
        currency = txn_ofx.find("cursym")
        transaction.cursym = currency.get_text().strip().upper() if currency else ""
        return transaction


def _statement(account):
    statement = account.statement
    account_id = (account.account_id or "").strip()
    is_iban = stdnum_iban.is_valid(account_id)
    closing = getattr(statement, "balance", None)
    end = getattr(statement, "balance_date", None) or statement.end_date or None
    currency = (account.curdef or statement.currency or "").upper()
    for index, transaction in enumerate(statement.transactions, 1):
        if currency and transaction.cursym and transaction.cursym != currency:
            raise StatementParseError(
                "statements.entry_in_other_currency",
                index=index,
                statement=account_id,
                currency=transaction.cursym,
                account_currency=currency,
            )
    return ParsedStatement(
        file_format="ofx",
        transactions=[_transaction(t) for t in statement.transactions],
        account_iban=stdnum_iban.compact(account_id) if is_iban else "",
        account_number="" if is_iban else account_id,
        currency=currency,
        date=end.date() if end else None,
        opening_balance=None,  # OFX states only the ledger (closing) balance
        closing_balance=Decimal(closing) if closing is not None else None,
    )


def _transaction(transaction):
    name = (transaction.payee or "").strip()
    memo = (transaction.memo or "").strip()
    fitid = (transaction.id or "").strip()
    return ParsedTransaction(
        date=transaction.date.date(),
        amount=Decimal(transaction.amount),
        payment_ref=": ".join(
            part for part in (name, memo if memo != name else "") if part
        ),
        partner_name=name,
        remittance_unstructured=memo,
        bank_reference=fitid,
        instruction_id=(transaction.checknum or "").strip() or transaction.refnum,
        bank_transaction_code=(transaction.type or "").upper(),
        unique_id=fitid,
    )
