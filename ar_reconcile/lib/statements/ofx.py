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

from ofxparse import OfxParser
from ofxparse.ofxparse import InvestmentAccount
from stdnum import iban as stdnum_iban

from .base import ParsedStatement, ParsedTransaction, StatementParseError

__all__ = ["parse", "sniff"]

_SNIFF_RE = re.compile(rb"OFXHEADER\s*:|<OFX>", re.I)
_XML_ENCODING_RE = re.compile(rb"""<\?xml[^>]*encoding=["']([\w.:-]+)["']""", re.I)
_SGML_HEADER_RE = re.compile(
    rb"^([ \t]*(ENCODING|CHARSET)[ \t]*:[ \t]*)([^\s]*)", re.I | re.M
)
_CHARSETS = {b"1252": "cp1252", b"8859-1": "latin-1", b"ISO-8859-1": "latin-1"}


def sniff(data):
    """True when the first KB holds an OFX 1.x header (``OFXHEADER:``) or an ``<OFX>``
    root."""
    return bool(_SNIFF_RE.search(data[:1024]))


def parse(data):
    """One :class:`ParsedStatement` per bank or credit card account of the file."""
    try:
        with warnings.catch_warnings():
            # bs4 warns from inside ofxparse on every file: findAll is deprecated, and
            # XML is read with the HTML parser (on purpose, one parser for SGML and XML
            # alike).
            warnings.filterwarnings("ignore", module="ofxparse")
            ofx = _Parser.parse(io.BytesIO(_ascii_source(data)))
        accounts = [
            account
            for account in ofx.accounts
            if not isinstance(account, InvestmentAccount)
            and account.statement is not None
        ]
        if not accounts:
            raise StatementParseError("statements.ofx.no_statement")
        return [_statement(account) for account in accounts]
    except StatementParseError:
        raise
    except Exception as exc:  # ofxparse raises anything from its parser and parsing
        raise StatementParseError(
            "statements.ofx.unreadable", reason=_describe(exc)
        ) from exc


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
        transaction = super().parseTransaction(txn_ofx)
        refnum = txn_ofx.find("refnum")
        transaction.refnum = refnum.get_text().strip() if refnum else ""
        return transaction


def _statement(account):
    statement = account.statement
    account_id = (account.account_id or "").strip()
    is_iban = stdnum_iban.is_valid(account_id)
    closing = getattr(statement, "balance", None)
    end = getattr(statement, "balance_date", None) or statement.end_date or None
    return ParsedStatement(
        file_format="ofx",
        transactions=[_transaction(t) for t in statement.transactions],
        account_iban=stdnum_iban.compact(account_id) if is_iban else "",
        account_number="" if is_iban else account_id,
        currency=(account.curdef or statement.currency or "").upper(),
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
