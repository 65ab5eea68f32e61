"""ISO 20022 camt.052 / camt.053 / camt.054 reader (message versions .001.02 to
.001.08+).

The namespace is taken from the root element and used as the default namespace of every
lookup, so one set of relative paths serves all versions. Where versions differ (entry
status, party name, BIC, transaction amount) both alternatives are tried, newest last.

Only booked entries become transactions. A batch entry is split into one transaction per
``TxDtls`` so that every payer can be matched on its own; the split is refused when the
details do not add up to what the bank booked.
"""

import codecs
import contextlib
import re
from datetime import date
from decimal import Decimal

from lxml import etree

from ..messages import Amount, msg
from .base import (
    ParsedStatement,
    ParsedTransaction,
    StatementParseError,
    statement_label,
)

# Namespaces look like urn:iso:std:iso:20022:tech:xsd:camt.053.001.08; the version
# varies.
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
# The schema's amounts are unsigned (the sign is in CdtDbtInd) with a point as decimal
# mark.
_AMOUNT_RE = re.compile(r"\d+(\.\d+)?")
# Only the date part is used; the time and zone of an ISODateTime are not checked
# further.
_DATE_RE = re.compile(r"(\d{4}-\d{2}-\d{2})(T\S*)?")


def _lstrip(data):
    """Drop a UTF-8 byte order mark and leading blanks: lxml refuses both before
    ``<?xml``."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    return data.lstrip()


def sniff(data):
    """Tell whether ``data`` is a camt.052/053/054 document from its root element alone.

    A pull parser reads only the first few KB, so a large file of another format costs
    nothing, and prefixes, comments and the XML declaration are handled like any parser
    would.
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
        return False  # not XML at all, or broken before its root: not camt
    return False


def parse(data):
    """Read every statement (``Stmt``, ``Ntfctn`` or ``Rpt``) of a camt file."""
    root = _load(data)
    namespace = etree.QName(root).namespace or ""
    if etree.QName(root).localname != "Document" or not _NAMESPACE_RE.match(namespace):
        raise StatementParseError("statements.camt.not_camt", root=root.tag)
    reader = _Reader(namespace)
    for message in root:
        if (
            not isinstance(message.tag, str)
            or etree.QName(message).localname not in _MESSAGES
        ):
            continue
        file_format, statement_tag = _MESSAGES[etree.QName(message).localname]
        created = reader.text(message, "GrpHdr/CreDtTm")
        statements = [
            reader.statement(node, file_format, created)
            for node in reader.findall(message, statement_tag)
        ]
        if reader.pending and not any(s.transactions for s in statements):
            # A report of pending entries only: nothing is booked yet.
            raise StatementParseError(
                "statements.camt.only_pending", count=reader.pending
            )
        return statements
    raise StatementParseError("statements.camt.no_message")


def _load(data):
    """Parse with entity expansion and network access off: bank files are untrusted
    input."""
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
            "statements.camt.malformed_xml", error=message, line=exc.lineno or 0
        ) from None
    if root is None:
        raise StatementParseError("statements.camt.empty_xml")
    return root


def _to_date(text, what):
    """The calendar date of an ISODate or ISODateTime, as written (the bank's local
    date); ``what`` (a message) names the date in the error."""
    match = _DATE_RE.fullmatch(text)
    value = None
    if match:
        # 2026-02-30 fits the pattern, not the calendar.
        with contextlib.suppress(ValueError):
            value = date.fromisoformat(match.group(1))
    if value is None:
        raise StatementParseError("statements.camt.bad_date", what=what, value=text)
    return value


def _join(*parts, separator=_SEPARATOR):
    return separator.join(part for part in parts if part)


class _Reader:
    """Lookups relative to an element in the file's namespace, plus the camt mapping
    rules."""

    def __init__(self, namespace):
        self.namespaces = {"c": namespace}
        self.pending = 0  # entries not booked (pending, information): not read
        self._paths = {}

    # -- generic access ----------------------------------------------------------------

    def _xpath(self, path):
        """``path`` (``Refs/EndToEndId``, relative, in the file's namespace) compiled
        once: lxml's own path cache holds 100 paths, fewer than a camt reader uses, so
        it recompiled them on every lookup of a large file."""
        compiled = self._paths.get(path)
        if compiled is None:
            steps = "/".join("c:" + step for step in path.split("/"))
            compiled = self._paths[path] = etree.XPath(
                steps, namespaces=self.namespaces
            )
        return compiled

    def find(self, element, *paths):
        """The first element found at any of ``paths`` (tried in order), or None."""
        for path in paths if element is not None else ():
            found = self._xpath(path)(element)
            if found:
                return found[0]
        return None

    def findall(self, element, path):
        return self._xpath(path)(element) if element is not None else []

    def text(self, element, *paths):
        """The stripped text of the first of ``paths`` that has some, or ""."""
        for path in paths if element is not None else ():
            for found in self._xpath(path)(element):
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
        """``(Decimal, currency)`` of the unsigned amount at ``path``, ``(None, "")`` if
        absent; ``what`` (a message) names the amount in the error."""
        node = self.find(element, path)
        text = (node.text or "").strip() if node is not None else ""
        if not text:
            return None, ""
        if not _AMOUNT_RE.fullmatch(text):
            raise StatementParseError(
                "statements.camt.bad_amount", what=what, value=text
            )
        return Decimal(text), node.get("Ccy", "")

    def sign(self, element, what, default=None):
        """+1 for CRDT, -1 for DBIT; ``default`` (or an error) without an indicator."""
        indicator = self.text(element, "CdtDbtInd")
        if not indicator and default is not None:
            return default
        if not indicator:
            raise StatementParseError("statements.camt.no_indicator", what=what)
        if indicator not in ("CRDT", "DBIT"):
            raise StatementParseError(
                "statements.camt.bad_indicator", what=what, value=indicator
            )
        return 1 if indicator == "CRDT" else -1

    # -- statement ---------------------------------------------------------------------

    def statement(self, node, file_format, message_created):
        statement_id = self.text(node, "Id")
        label = statement_label(statement_id)
        balances = {}
        for balance in self.findall(node, "Bal"):
            code = self.text(balance, "Tp/CdOrPrtry/Cd", "Tp/CdOrPrtry/Prtry")
            if code in balances:
                continue
            what = msg(
                "statements.camt.where.balance",
                balance=code or msg("statements.camt.where.unnamed_balance"),
                statement=label,
            )
            amount, balance_currency = self.amount(balance, "Amt", what)
            if amount is None:
                raise StatementParseError("statements.camt.no_amount", what=what)
            # CdtDbtInd is mandatory, but some banks leave it out on zero balances.
            balances[code] = (
                amount * self.sign(balance, what, default=1),
                balance,
                balance_currency,
                what,
            )
        opening = balances.get("OPBD") or balances.get("PRCD")
        closing = balances.get("CLBD")
        # The account's currency; a file that does not name it has its balances (and
        # entries) in it.
        currency = (
            self.text(node, "Acct/Ccy")
            or next((b[2] for b in (opening, closing) if b and b[2]), "")
            or next((b[2] for b in balances.values() if b[2]), "")
            or next(
                (e.get("Ccy") for e in self.findall(node, "Ntry/Amt") if e.get("Ccy")),
                "",
            )
        )
        for balance in (opening, closing):
            if balance and balance[2] and balance[2] != currency:
                raise StatementParseError(
                    "statements.camt.entry_currency",
                    what=balance[3],
                    currency=balance[2],
                    account_currency=currency,
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
                entry,
                msg("statements.camt.where.entry", index=index, statement=label),
                currency,
            )
        return ParsedStatement(
            file_format=file_format,
            transactions=transactions,
            statement_id=statement_id,
            account_iban=self.text(node, "Acct/Id/IBAN").replace(" ", ""),
            account_number=self.text(node, "Acct/Id/Othr/Id"),
            currency=currency,
            date=_to_date(
                date_text, msg("statements.camt.where.statement_date", statement=label)
            )
            if date_text
            else None,
            opening_balance=opening[0] if opening else None,
            closing_balance=closing[0] if closing else None,
            sequence_number=self.text(node, "ElctrncSeqNb"),
        )

    # -- entry -------------------------------------------------------------------------

    def entry(self, entry, what, currency):
        """The transactions of one ``Ntry``: none unless booked, one per ``TxDtls`` in a
        batch."""
        status = self.text(entry, "Sts/Cd", "Sts/Prtry", "Sts")
        if status and status.upper() != "BOOK":
            self.pending += 1
            return []
        amount, entry_currency = self.amount(entry, "Amt", what)
        if amount is None:
            raise StatementParseError("statements.camt.no_amount", what=what)
        sign = self.sign(entry, what)
        booked = self.text(entry, "BookgDt/Dt", "BookgDt/DtTm")
        valued = self.text(entry, "ValDt/Dt", "ValDt/DtTm")
        if not (booked or valued):
            raise StatementParseError("statements.camt.no_booking_date", what=what)
        reference = self.text(entry, "AcctSvcrRef")
        if entry_currency and currency and entry_currency != currency:
            raise StatementParseError(
                "statements.camt.entry_currency",
                what=what,
                currency=entry_currency,
                account_currency=currency,
            )
        batch = self.find(entry, "NtryDtls/Btch")
        count = self.text(batch, "NbOfTxs")
        base = {
            # Without a booking date the value date is the line's date, and the
            # line says so.
            "date_is_value_date": not booked,
            "batch_payment_info_id": self.text(batch, "PmtInfId"),
            "batch_transaction_count": int(count) if count.isdigit() else None,
            "batch_message_id": self.text(batch, "MsgId"),
            "date": _to_date(
                booked or valued, msg("statements.camt.where.booking_date", what=what)
            ),
            "value_date": _to_date(
                valued, msg("statements.camt.where.value_date", what=what)
            )
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

        detail_labels = [
            msg("statements.camt.where.detail", index=n, entry=what)
            for n in range(1, len(details) + 1)
        ]
        amounts = [
            self.detail_amount(d, entry_currency, detail_label)
            for d, detail_label in zip(details, detail_labels, strict=True)
        ]
        if all(a is None for a in amounts):
            # Nothing to split on: keep the booking whole, say what it stands for.
            batch = "Batch of %d transactions" % len(details)
            payment_info = self.text(entry, "NtryDtls/Btch/PmtInfId")
            if payment_info:
                batch += f" (payment information {payment_info})"
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
        batch_label = (
            msg("statements.camt.where.batch_with_reference", what=what, ref=reference)
            if reference
            else msg("statements.camt.where.batch", what=what)
        )
        missing = [n for n, a in enumerate(amounts, 1) if a is None]
        if missing:
            raise StatementParseError(
                "statements.camt.batch_detail_without_amount",
                batch=batch_label,
                index=missing[0],
            )
        signs = [
            self.sign(d, detail_label, default=sign)
            for d, detail_label in zip(details, detail_labels, strict=True)
        ]
        total = sum((a * s for a, s in zip(amounts, signs, strict=True)), Decimal(0))
        if total != amount * sign:
            currency_code = entry_currency or account_currency or None
            raise StatementParseError(
                "statements.camt.batch_total_mismatch",
                batch=batch_label,
                total=Amount(total, currency_code),
                amount=Amount(amount * sign, currency_code),
            )
        transactions = []
        for n, (detail, detail_amount, detail_sign, detail_label) in enumerate(
            zip(details, amounts, signs, detail_labels, strict=True), 1
        ):
            transaction = self.transaction(
                entry,
                detail,
                base,
                detail_amount * detail_sign,
                detail_sign,
                entry_info,
                account_currency,
                detail_label,
            )
            transaction.unique_id = self.text(detail, "Refs/AcctSvcrRef") or (
                "%s/%d" % (reference, n) if reference else ""
            )
            transactions.append(transaction)
        return transactions

    def detail_amount(self, detail, entry_currency, what):
        """A ``TxDtls`` amount in the entry's currency: ``Amt`` (.03+) or ``AmtDtls``
        (.02)."""
        for path in ("Amt", "AmtDtls/TxAmt/Amt", "AmtDtls/InstdAmt/Amt"):
            amount, currency = self.amount(detail, path, what)
            if amount is not None and (
                not currency or not entry_currency or currency == entry_currency
            ):
                return amount
        return None

    def bank_transaction_code(self, node):
        """``Domain/Family/SubFamily`` (e.g. PMNT/RCDT/ESCT), else ``Prtry`` with its
        issuer."""
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
        return f"{proprietary} ({issuer})" if proprietary and issuer else proprietary

    # -- transaction -------------------------------------------------------------------

    def transaction(
        self, entry, detail, base, amount, sign, entry_info, account_currency, what
    ):
        """One line: the entry's data ``base`` completed by its ``TxDtls`` ``detail``
        (or None)."""
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
            batch_payment_info_id=base["batch_payment_info_id"]
            or self.text(refs, "PmtInfId"),
            batch_message_id=base["batch_message_id"] or self.text(refs, "MsgId"),
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
            *(f"Other creditor reference: {ref}" for ref in other_refs if ref),
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

        A reversal or return carries the original payment's parties, whose direction is
        the opposite of the booking's, so the other side is the counterparty there.
        """
        returned = is_reversal or self.find(detail, "RtrInf") is not None
        side = "Dbtr" if (sign > 0) != returned else "Cdtr"
        parties = self.find(detail, "RltdPties")
        other = "Cdtr" if side == "Dbtr" else "Dbtr"
        if self.find(parties, side, side + "Acct") is None and (
            self.find(parties, other, other + "Acct") is not None
        ):
            # The file gives only the other party (a returned debit naming just its
            # creditor): that one is the counterparty.
            side = other
        party = self.find(parties, side + "/Pty", side)
        agent = self.find(detail, f"RltdAgts/{side}Agt/FinInstnId")
        account = self.find(parties, side + "Acct/Id")
        return {
            "partner_name": self.text(party, "Nm")
            or self.text(parties, side + "/Agt/FinInstnId/Nm"),
            "counterparty_address": self.address(self.find(party, "PstlAdr")),
            "ultimate_party_name": self.text(
                parties, f"Ultmt{side}/Pty/Nm", f"Ultmt{side}/Nm"
            ),
            "account_number": (
                self.text(account, "IBAN").replace(" ", "")
                or self.text(account, "Othr/Id")
            ),
            "counterparty_bic": self.text(agent, "BICFI", "BIC"),
        }

    def address(self, address):
        """``AdrLine`` parts, else ``StrtNm BldgNb, PstCd TwnNm, Ctry``, joined by
        commas."""
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
        """The instructed amount when the payer paid in another currency than the
        account's."""
        details = self.find(detail, "AmtDtls")
        if details is None:
            details = self.find(entry, "AmtDtls")
        amount, currency = self.amount(
            details,
            "InstdAmt/Amt",
            msg("statements.camt.where.instructed_amount", what=what),
        )
        if amount is None or not currency or currency == account_currency:
            return {}
        rate_text = self.text(
            details, "InstdAmt/CcyXchg/XchgRate", "TxAmt/CcyXchg/XchgRate"
        )
        if rate_text and not _AMOUNT_RE.fullmatch(rate_text):
            raise StatementParseError(
                "statements.camt.bad_exchange_rate", what=what, value=rate_text
            )
        return {
            "foreign_amount": amount * sign,
            "foreign_currency": currency,
            "exchange_rate": Decimal(rate_text) if rate_text else None,
        }
