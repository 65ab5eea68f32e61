"""ISO 20022 camt.052 / camt.053 / camt.054 reader (message versions .001.02 to .001.08+).

The namespace is taken from the root element and used as the default namespace of every
lookup, so one set of relative paths serves all versions. Where versions differ (entry
status, party name, BIC, transaction amount) both alternatives are tried, newest last.

Only booked entries become transactions. A batch entry is split into one transaction per
``TxDtls`` so that every payer can be matched on its own; the split is refused when the
details do not add up to what the bank booked.
"""

import codecs
import re
from datetime import date
from decimal import Decimal

from lxml import etree

from .base import ParsedStatement, ParsedTransaction, StatementParseError

# Namespaces look like urn:iso:std:iso:20022:tech:xsd:camt.053.001.08; the version varies.
_NAMESPACE_RE = re.compile(r"urn:iso:std:iso:20022:tech:xsd:camt\.05[234]\.")
# Message element -> (file_format, element holding one account's statement).
_MESSAGES = {
    "BkToCstmrAcctRpt": ("camt.052", "Rpt"),
    "BkToCstmrStmt": ("camt.053", "Stmt"),
    "BkToCstmrDbtCdtNtfctn": ("camt.054", "Ntfctn"),
}
_SNIFF_BYTES = 8192
_PAYMENT_REF_MAX = 300
_SEPARATOR = " | "
# The schema's amounts are unsigned (the sign is in CdtDbtInd) with a point as decimal mark.
_AMOUNT_RE = re.compile(r"\d+(\.\d+)?")
# Only the date part is used; the time and zone of an ISODateTime are not checked further.
_DATE_RE = re.compile(r"(\d{4}-\d{2}-\d{2})(T\S*)?")


def _lstrip(data):
    """Drop a UTF-8 byte order mark and leading blanks: lxml refuses both before ``<?xml``."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    return data.lstrip()


def sniff(data):
    """Tell whether ``data`` is a camt.052/053/054 document from its root element alone.

    A pull parser reads only the first few KB, so a large file of another format costs
    nothing, and prefixes, comments and the XML declaration are handled like any parser would.
    """
    parser = etree.XMLPullParser(
        events=("start",), resolve_entities=False, no_network=True
    )
    head = _lstrip(data[:_SNIFF_BYTES])
    try:
        # Small chunks: stop at the root's start tag, before any later damage is seen.
        for start in range(0, len(head), 512):
            parser.feed(head[start : start + 512])
            for _event, element in parser.read_events():
                return bool(_NAMESPACE_RE.match(etree.QName(element).namespace or ""))
    except etree.XMLSyntaxError:
        pass
    return False


def parse(data):
    """Read every statement (``Stmt``, ``Ntfctn`` or ``Rpt``) of a camt file."""
    root = _load(data)
    namespace = etree.QName(root).namespace or ""
    if etree.QName(root).localname != "Document" or not _NAMESPACE_RE.match(namespace):
        raise StatementParseError(
            "The file is XML but not an ISO 20022 camt.052/053/054 bank statement (its root "
            "element is %s)." % root.tag
        )
    reader = _Reader(namespace)
    for message in root:
        if (
            not isinstance(message.tag, str)
            or etree.QName(message).localname not in _MESSAGES
        ):
            continue
        file_format, statement_tag = _MESSAGES[etree.QName(message).localname]
        created = reader.text(message, "GrpHdr/CreDtTm")
        return [
            reader.statement(node, file_format, created)
            for node in reader.findall(message, statement_tag)
        ]
    raise StatementParseError(
        "The camt file contains no bank-to-customer statement, report or notification "
        "(BkToCstmrStmt, BkToCstmrAcctRpt or BkToCstmrDbtCdtNtfctn)."
    )


def _load(data):
    """Parse with entity expansion and network access off: bank files are untrusted input."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(_lstrip(data), parser)
    except etree.XMLSyntaxError as exc:
        message = re.sub(r",? line \d+, column \d+$", "", exc.msg or str(exc))
        raise StatementParseError(
            "The camt file is not well-formed XML: %s (line %s)."
            % (message, exc.lineno)
        ) from None
    if root is None:
        raise StatementParseError(
            "The camt file is not well-formed XML: it has no content."
        )
    return root


def _cap(text):
    return text[:1].upper() + text[1:]


def _to_date(text, what):
    """The calendar date of an ISODate or ISODateTime, as written (the bank's local date)."""
    match = _DATE_RE.fullmatch(text)
    try:
        if match:
            return date.fromisoformat(match.group(1))
    except ValueError:
        pass
    raise StatementParseError("%s is not a valid date: %r." % (_cap(what), text))


def _join(*parts, separator=_SEPARATOR):
    return separator.join(part for part in parts if part)


class _Reader:
    """Lookups relative to an element in the file's namespace, plus the camt mapping rules."""

    def __init__(self, namespace):
        self.namespaces = {None: namespace}

    # -- generic access -----------------------------------------------------------------

    def find(self, element, *paths):
        """The first element found at any of ``paths`` (tried in order), or None."""
        for path in paths if element is not None else ():
            found = element.find(path, self.namespaces)
            if found is not None:
                return found
        return None

    def findall(self, element, path):
        return element.findall(path, self.namespaces) if element is not None else []

    def text(self, element, *paths):
        """The stripped text of the first of ``paths`` that has some, or ""."""
        for path in paths if element is not None else ():
            for found in element.findall(path, self.namespaces):
                if found.text and found.text.strip():
                    return found.text.strip()
        return ""

    def texts(self, element, path):
        return [
            found.text.strip()
            for found in self.findall(element, path)
            if found.text and found.text.strip()
        ]

    def amount(self, element, path, what):
        """``(Decimal, currency)`` of the unsigned amount at ``path``; ``(None, "")`` if absent."""
        node = self.find(element, path)
        text = (node.text or "").strip() if node is not None else ""
        if not text:
            return None, ""
        if not _AMOUNT_RE.fullmatch(text):
            raise StatementParseError(
                "%s has an unreadable amount %r: camt amounts are written with digits and a "
                "decimal point, without sign." % (_cap(what), text)
            )
        return Decimal(text), node.get("Ccy", "")

    def sign(self, element, what, default=None):
        """+1 for CRDT, -1 for DBIT; ``default`` (or an error) when there is no indicator."""
        indicator = self.text(element, "CdtDbtInd")
        if not indicator and default is not None:
            return default
        if indicator not in ("CRDT", "DBIT"):
            raise StatementParseError(
                "%s has %s: expected CRDT (credit) or DBIT (debit)."
                % (
                    _cap(what),
                    "an unknown credit/debit indicator %r" % indicator
                    if indicator
                    else "no credit/debit indicator (CdtDbtInd)",
                )
            )
        return 1 if indicator == "CRDT" else -1

    # -- statement ----------------------------------------------------------------------

    def statement(self, node, file_format, message_created):
        statement_id = self.text(node, "Id")
        label = "statement %s" % (statement_id or "(no id)")
        balances = {}
        for balance in self.findall(node, "Bal"):
            code = self.text(balance, "Tp/CdOrPrtry/Cd", "Tp/CdOrPrtry/Prtry")
            if code in balances:
                continue
            what = "the %s balance of %s" % (code or "unnamed", label)
            amount, _currency = self.amount(balance, "Amt", what)
            if amount is None:
                raise StatementParseError("%s has no amount." % _cap(what))
            # CdtDbtInd is mandatory, but some banks leave it out on zero balances.
            balances[code] = (amount * self.sign(balance, what, default=1), balance)
        opening = balances.get("OPBD") or balances.get("PRCD")
        closing = balances.get("CLBD")
        currency = (
            self.text(node, "Acct/Ccy")
            or next(
                (b.get("Ccy") for b in self.findall(node, "Bal/Amt") if b.get("Ccy")),
                "",
            )
            or next(
                (e.get("Ccy") for e in self.findall(node, "Ntry/Amt") if e.get("Ccy")),
                "",
            )
        )
        date_text = (
            self.text(node, "FrToDt/ToDtTm")
            or (closing and self.text(closing[1], "Dt/Dt", "Dt/DtTm"))
            or self.text(node, "CreDtTm")
            or message_created
        )
        transactions = []
        for index, entry in enumerate(self.findall(node, "Ntry"), 1):
            transactions += self.entry(
                entry, "entry %d of %s" % (index, label), currency
            )
        return ParsedStatement(
            file_format=file_format,
            transactions=transactions,
            statement_id=statement_id,
            account_iban=self.text(node, "Acct/Id/IBAN").replace(" ", ""),
            account_number=self.text(node, "Acct/Id/Othr/Id"),
            currency=currency,
            date=_to_date(date_text, "the date of %s" % label) if date_text else None,
            opening_balance=opening[0] if opening else None,
            closing_balance=closing[0] if closing else None,
            sequence_number=self.text(node, "ElctrncSeqNb"),
        )

    # -- entry --------------------------------------------------------------------------

    def entry(self, entry, what, currency):
        """The transactions of one ``Ntry``: none unless booked, one per ``TxDtls`` if batch."""
        status = self.text(entry, "Sts/Cd", "Sts/Prtry", "Sts")
        if status and status.upper() != "BOOK":
            return []
        amount, entry_currency = self.amount(entry, "Amt", what)
        if amount is None:
            raise StatementParseError("%s has no amount." % _cap(what))
        sign = self.sign(entry, what)
        booked = self.text(entry, "BookgDt/Dt", "BookgDt/DtTm")
        valued = self.text(entry, "ValDt/Dt", "ValDt/DtTm")
        if not (booked or valued):
            raise StatementParseError("%s has no booking date." % _cap(what))
        reference = self.text(entry, "AcctSvcrRef")
        base = {
            "date": _to_date(booked or valued, "the booking date of " + what),
            "value_date": _to_date(valued, "the value date of " + what)
            if valued
            else None,
            "bank_reference": reference,
            "bank_transaction_code": self.bank_transaction_code(entry),
            "is_reversal": self.text(entry, "RvslInd").lower() in ("true", "1"),
        }
        entry_info = self.text(entry, "AddtlNtryInf")
        account_currency = currency or entry_currency
        details = self.findall(entry, "NtryDtls/TxDtls")
        if len(details) <= 1:
            detail = details[0] if details else None
            transaction = self.transaction(
                entry,
                detail,
                base,
                amount * sign,
                sign,
                entry_info,
                account_currency,
                what,
            )
            transaction.unique_id = reference or self.text(detail, "Refs/AcctSvcrRef")
            return [transaction]

        amounts = [
            self.detail_amount(
                d, entry_currency, "transaction detail %d of %s" % (n, what)
            )
            for n, d in enumerate(details, 1)
        ]
        if all(a is None for a in amounts):
            # Nothing to split on: keep the booking whole, say what it stands for.
            batch = "Batch of %d transactions" % len(details)
            payment_info = self.text(entry, "NtryDtls/Btch/PmtInfId")
            if payment_info:
                batch += " (payment information %s)" % payment_info
            transaction = self.transaction(
                entry,
                None,
                base,
                amount * sign,
                sign,
                entry_info,
                account_currency,
                what,
            )
            transaction.additional_info = _join(transaction.additional_info, batch)
            transaction.unique_id = reference
            return [transaction]
        batch_label = "Batch %s%s" % (
            what,
            " (bank reference %s)" % reference if reference else "",
        )
        missing = [n for n, a in enumerate(amounts, 1) if a is None]
        if missing:
            raise StatementParseError(
                "%s: transaction detail %d has no amount, so the batch cannot be split into "
                "its payments." % (batch_label, missing[0])
            )
        signs = [
            self.sign(d, "transaction detail %d of %s" % (n, what), default=sign)
            for n, d in enumerate(details, 1)
        ]
        total = sum((a * s for a, s in zip(amounts, signs, strict=False)), Decimal(0))
        if total != amount * sign:
            raise StatementParseError(
                "%s: the transaction details add up to %s but the entry amount is %s."
                % (batch_label, total, amount * sign)
            )
        transactions = []
        for n, (detail, detail_amount, detail_sign) in enumerate(
            zip(details, amounts, signs, strict=False), 1
        ):
            transaction = self.transaction(
                entry,
                detail,
                base,
                detail_amount * detail_sign,
                detail_sign,
                entry_info,
                account_currency,
                "transaction detail %d of %s" % (n, what),
            )
            transaction.unique_id = self.text(detail, "Refs/AcctSvcrRef") or (
                "%s/%d" % (reference, n) if reference else ""
            )
            transactions.append(transaction)
        return transactions

    def detail_amount(self, detail, entry_currency, what):
        """A ``TxDtls`` amount in the entry's currency: ``Amt`` (.03+) or ``AmtDtls`` (.02)."""
        for path in ("Amt", "AmtDtls/TxAmt/Amt", "AmtDtls/InstdAmt/Amt"):
            amount, currency = self.amount(detail, path, what)
            if amount is not None and (
                not currency or not entry_currency or currency == entry_currency
            ):
                return amount
        return None

    def bank_transaction_code(self, node):
        """``Domain/Family/SubFamily`` (e.g. PMNT/RCDT/ESCT), else ``Prtry`` with its issuer."""
        codes = [
            self.text(node, path)
            for path in (
                "BkTxCd/Domn/Cd",
                "BkTxCd/Domn/Fmly/Cd",
                "BkTxCd/Domn/Fmly/SubFmlyCd",
            )
        ]
        if codes[0]:
            return "/".join(code for code in codes if code)
        proprietary = self.text(node, "BkTxCd/Prtry/Cd")
        issuer = self.text(node, "BkTxCd/Prtry/Issr")
        return (
            "%s (%s)" % (proprietary, issuer) if proprietary and issuer else proprietary
        )

    # -- transaction ----------------------------------------------------------------------

    def transaction(
        self, entry, detail, base, amount, sign, entry_info, account_currency, what
    ):
        """One line: the entry's data ``base`` completed by its ``TxDtls`` ``detail`` (or None)."""
        values = dict(base, amount=amount)
        values["bank_transaction_code"] = (
            self.bank_transaction_code(detail) or base["bank_transaction_code"]
        )
        values.update(self.party(detail, sign, base["is_reversal"]))

        refs = self.find(detail, "Refs")
        end_to_end = self.text(refs, "EndToEndId")
        values.update(
            end_to_end_id="" if end_to_end.upper() == "NOTPROVIDED" else end_to_end,
            instruction_id=self.text(refs, "InstrId"),
            mandate_id=self.text(refs, "MndtId"),
            bank_reference=self.text(refs, "AcctSvcrRef") or base["bank_reference"],
        )

        remittance = self.find(detail, "RmtInf")
        references = self.findall(remittance, "Strd/CdtrRefInf")
        structured, ref_type = "", ""
        if references:
            structured = self.text(references[0], "Ref")
            ref_type = _join(
                self.text(references[0], "Tp/CdOrPrtry/Cd", "Tp/CdOrPrtry/Prtry"),
                self.text(references[0], "Tp/Issr"),
                separator="/",
            )
        other_refs = [self.text(r, "Ref") for r in references[1:]]
        values.update(
            remittance_unstructured=" ".join(self.texts(remittance, "Ustrd")),
            remittance_structured=structured,
            structured_ref_type=ref_type,
            referred_documents=self.texts(remittance, "Strd/RfrdDocInf/Nb"),
        )

        reason = self.text(detail, "RtrInf/Rsn/Cd", "RtrInf/Rsn/Prtry")
        values["return_reason"] = _join(
            reason, " ".join(self.texts(detail, "RtrInf/AddtlInf")), separator=": "
        )
        values.update(self.foreign(entry, detail, sign, account_currency, what))
        values["additional_info"] = _join(
            entry_info,
            self.text(detail, "AddtlTxInf"),
            *("Other creditor reference: %s" % ref for ref in other_refs if ref),
            *self.texts(remittance, "Strd/AddtlRmtInf"),
        )
        values["payment_ref"] = " ".join(
            (
                values["remittance_unstructured"]
                or structured
                or entry_info
                or values["partner_name"]
            ).split()
        )[:_PAYMENT_REF_MAX]
        return ParsedTransaction(**values)

    def party(self, detail, sign, is_reversal):
        """The counterparty: the debtor of a credit, the creditor of a debit.

        A reversal or return carries the original payment's parties, whose direction is the
        opposite of the booking's, so the other side is the counterparty there.
        """
        returned = is_reversal or self.find(detail, "RtrInf") is not None
        side = "Dbtr" if (sign > 0) != returned else "Cdtr"
        parties = self.find(detail, "RltdPties")
        party = self.find(parties, side + "/Pty", side)
        agent = self.find(detail, "RltdAgts/%sAgt/FinInstnId" % side)
        account = self.find(parties, side + "Acct/Id")
        return {
            "partner_name": self.text(party, "Nm")
            or self.text(parties, side + "/Agt/FinInstnId/Nm"),
            "counterparty_address": self.address(self.find(party, "PstlAdr")),
            "ultimate_party_name": self.text(
                parties, "Ultmt%s/Pty/Nm" % side, "Ultmt%s/Nm" % side
            ),
            "account_number": (
                self.text(account, "IBAN").replace(" ", "")
                or self.text(account, "Othr/Id")
            ),
            "counterparty_bic": self.text(agent, "BICFI", "BIC"),
        }

    def address(self, address):
        """``AdrLine`` parts, else ``StrtNm BldgNb, PstCd TwnNm, Ctry``, joined with ", "."""
        lines = self.texts(address, "AdrLine")
        if not lines:
            lines = [
                _join(
                    self.text(address, "StrtNm"),
                    self.text(address, "BldgNb"),
                    separator=" ",
                ),
                _join(
                    self.text(address, "PstCd"),
                    self.text(address, "TwnNm"),
                    separator=" ",
                ),
                self.text(address, "Ctry"),
            ]
        return _join(*lines, separator=", ")

    def foreign(self, entry, detail, sign, account_currency, what):
        """The instructed amount when the payer paid in another currency than the account's."""
        details = self.find(detail, "AmtDtls")
        if details is None:
            details = self.find(entry, "AmtDtls")
        amount, currency = self.amount(
            details, "InstdAmt/Amt", "the instructed amount of " + what
        )
        if amount is None or not currency or currency == account_currency:
            return {}
        rate_text = self.text(
            details, "InstdAmt/CcyXchg/XchgRate", "TxAmt/CcyXchg/XchgRate"
        )
        if rate_text and not _AMOUNT_RE.fullmatch(rate_text):
            raise StatementParseError(
                "%s has an unreadable exchange rate %r." % (_cap(what), rate_text)
            )
        return {
            "foreign_amount": amount * sign,
            "foreign_currency": currency,
            "exchange_rate": Decimal(rate_text) if rate_text else None,
        }
