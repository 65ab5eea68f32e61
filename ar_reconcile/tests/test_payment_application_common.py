"""Shared set-up of the payment application tests: partners with bank accounts, invoices,
statement lines (created directly or imported from a camt.053.001.08 file built in the test)
and assertions on the posted journal entries.

This module defines no test: the classes of the other ``test_payment_application*`` files
derive from :class:`PaymentApplicationCommon`.
"""

from xml.sax.saxutils import escape

from odoo import Command

from ..lib import references
from .common import ACCOUNT_US, ArStatementImportCommon

INVOICE_DATE = "2026-01-05"
PAYMENT_DATE = "2026-01-20"

IBAN_FJORD = "NO7215031234562"
IBAN_BAKERY = "NO0297102233445"
IBAN_PAPER = "SE6530000000041234567890"


class PaymentApplicationCommon(ArStatementImportCommon):
    """Customers and a vendor known by their bank accounts, and helpers to pay them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.journal = cls.journal_usd  # the company's currency: exact amounts, no rates
        cls.fjord = cls._partner("Fjordline Handel AS", IBAN_FJORD)
        cls.bakery = cls._partner("Bakeriet Solsiden AS", IBAN_BAKERY)
        cls.paper = cls._partner("Nordic Paper Supply AB", IBAN_PAPER)
        cls.account_receivable = cls.company_data["default_account_receivable"]
        cls.account_payable = cls.company_data["default_account_payable"]
        cls.account_expense = cls.company_data["default_account_expense"]
        cls.account_revenue = cls.company_data["default_account_revenue"]
        cls.account_fees = cls.env["account.account"].create(
            {
                "name": "Bank fees",
                "code": "627100",
                "account_type": "expense",
            }
        )
        cls.account_writeoff = cls.env["account.account"].create(
            {
                "name": "Small differences",
                "code": "758100",
                "account_type": "income_other",
            }
        )
        cls._ref_counter = 0

    # ------------------------------------------------------------------
    # Master data and documents
    # ------------------------------------------------------------------

    @classmethod
    def _partner(cls, name, iban=None, company=None, **values):
        partner = cls.env["res.partner"].create(
            {"name": name, "is_company": True, **values}
        )
        if iban:
            cls.env["res.partner.bank"].create(
                {
                    "acc_number": iban,
                    "partner_id": partner.id,
                    "company_id": company.id if company else False,
                }
            )
        return partner

    @classmethod
    def _invoice(
        cls,
        partner,
        amount,
        move_type="out_invoice",
        date=INVOICE_DATE,
        due=None,
        payment_reference=None,
        ref=None,
        currency=None,
        company=None,
        **values,
    ):
        """A posted document of one untaxed line of ``amount`` (positive)."""
        company = company or cls.company
        vals = {
            "move_type": move_type,
            "partner_id": partner.id,
            "invoice_date": date,
            "date": date,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": "Services",
                        "quantity": 1,
                        "price_unit": amount,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
            **values,
        }
        if due:
            vals["invoice_date_due"] = due
        if payment_reference:
            vals["payment_reference"] = payment_reference
        if ref:
            vals["ref"] = ref
        if currency:
            vals["currency_id"] = currency.id
        move = cls.env["account.move"].with_company(company).create(vals)
        move.action_post()
        return move

    @staticmethod
    def _open_item(move):
        """The receivable or payable journal item of a document (one installment)."""
        items = move.line_ids.filtered(
            lambda line: line.account_id.account_type
            in ("asset_receivable", "liability_payable")
        )
        assert len(items) == 1, "expected one installment on %s" % move.name
        return items

    @classmethod
    def _rf(cls):
        """A fresh valid RF creditor reference."""
        cls._ref_counter += 1
        return references.make_rf("AR%08d" % (20260000 + cls._ref_counter))

    @classmethod
    def _kid(cls):
        """A fresh valid Norwegian KID (MOD10)."""
        cls._ref_counter += 1
        return references.make_kid("%010d" % (4711000000 + cls._ref_counter))

    # ------------------------------------------------------------------
    # Statement lines
    # ------------------------------------------------------------------

    def _line(
        self,
        amount,
        payment_ref="/",
        journal=None,
        date=PAYMENT_DATE,
        statement=None,
        **values,
    ):
        """A statement line created directly (not applied: no import ran)."""
        journal = journal or self.journal
        return self.env["account.bank.statement.line"].create(
            {
                "journal_id": journal.id,
                "statement_id": statement.id if statement else False,
                "date": date,
                "amount": amount,
                "payment_ref": payment_ref,
                **values,
            }
        )

    def _camt(
        self,
        entries,
        account=ACCOUNT_US,
        currency="USD",
        statement_id="AR-STMT-1",
        opening=10000.0,
    ):
        """A camt.053.001.08 statement of ``account`` with one ``Ntry`` per dict of ``entries``:

        ``amount`` (signed), ``ref`` (bank reference, unique), optional ``date``, ``name``,
        ``iban`` (counterparty), ``ustrd`` (free remittance text), ``strd`` (creditor
        reference), ``e2e`` (end-to-end id), ``info`` (additional entry information).
        """

        def money(value):
            return "%.2f" % abs(value)

        total = sum(entry["amount"] for entry in entries)
        closing = opening + total
        last_date = max(entry.get("date", PAYMENT_DATE) for entry in entries)
        ntries = []
        for entry in entries:
            amount = entry["amount"]
            indicator = "CRDT" if amount > 0 else "DBIT"
            side = "Dbtr" if amount > 0 else "Cdtr"
            day = entry.get("date", PAYMENT_DATE)
            parties = ""
            if entry.get("name") or entry.get("iban"):
                parties = "<RltdPties>"
                if entry.get("name"):
                    parties += "<%s><Pty><Nm>%s</Nm></Pty></%s>" % (
                        side,
                        escape(entry["name"]),
                        side,
                    )
                if entry.get("iban"):
                    parties += "<%sAcct><Id><IBAN>%s</IBAN></Id></%sAcct>" % (
                        side,
                        entry["iban"],
                        side,
                    )
                parties += "</RltdPties>"
            remittance = ""
            if entry.get("ustrd") or entry.get("strd"):
                remittance = "<RmtInf>"
                if entry.get("ustrd"):
                    remittance += "<Ustrd>%s</Ustrd>" % escape(entry["ustrd"])
                if entry.get("strd"):
                    remittance += (
                        "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry>"
                        "<Issr>ISO</Issr></Tp><Ref>%s</Ref></CdtrRefInf></Strd>"
                        % entry["strd"]
                    )
                remittance += "</RmtInf>"
            refs = "<Refs><EndToEndId>%s</EndToEndId></Refs>" % escape(
                entry.get("e2e", "NOTPROVIDED")
            )
            info = (
                "<AddtlNtryInf>%s</AddtlNtryInf>" % escape(entry["info"])
                if entry.get("info")
                else ""
            )
            ntries.append(
                '<Ntry><Amt Ccy="{ccy}">{amt}</Amt><CdtDbtInd>{ind}</CdtDbtInd>'
                "<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>{day}</Dt></BookgDt><ValDt><Dt>{day}</Dt></ValDt>"
                "<AcctSvcrRef>{ref}</AcctSvcrRef>"
                "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>{fam}</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>"
                '{info}<NtryDtls><TxDtls>{refs}<Amt Ccy="{ccy}">{amt}</Amt><CdtDbtInd>{ind}</CdtDbtInd>'
                "{parties}{remittance}</TxDtls></NtryDtls></Ntry>".format(
                    ccy=currency,
                    amt=money(amount),
                    ind=indicator,
                    day=day,
                    ref=escape(entry["ref"]),
                    fam="RCDT" if amount > 0 else "ICDT",
                    info=info,
                    refs=refs,
                    parties=parties,
                    remittance=remittance,
                )
            )
        acct = (
            "<IBAN>%s</IBAN>" % account
            if account[:2].isalpha()
            else "<Othr><Id>%s</Id></Othr>" % account
        )

        def balance(code, value, day):
            return (
                '<Bal><Tp><CdOrPrtry><Cd>%s</Cd></CdOrPrtry></Tp><Amt Ccy="%s">%s</Amt>'
                "<CdtDbtInd>%s</CdtDbtInd><Dt><Dt>%s</Dt></Dt></Bal>"
                % (code, currency, money(value), "CRDT" if value >= 0 else "DBIT", day)
            )

        xml = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>'
            "<GrpHdr><MsgId>MSG-%(sid)s</MsgId><CreDtTm>%(day)sT06:00:00+01:00</CreDtTm></GrpHdr>"
            "<Stmt><Id>%(sid)s</Id><CreDtTm>%(day)sT06:00:00+01:00</CreDtTm>"
            "<Acct><Id>%(acct)s</Id><Ccy>%(ccy)s</Ccy></Acct>%(opening)s%(closing)s%(ntries)s</Stmt>"
            "</BkToCstmrStmt></Document>"
        ) % {
            "sid": escape(statement_id),
            "day": last_date,
            "acct": acct,
            "ccy": currency,
            "opening": balance("OPBD", opening, last_date),
            "closing": balance("CLBD", closing, last_date),
            "ntries": "".join(ntries),
        }
        return xml.encode()

    def _import_camt(self, entries, journal=None, user=None, **kwargs):
        """Import a camt built from ``entries`` into ``journal``; return its statement lines in
        file order."""
        journal = journal or self.journal
        if "account" not in kwargs:
            kwargs["account"] = journal.bank_account_id.acc_number
        if "currency" not in kwargs:
            kwargs["currency"] = (
                journal.currency_id or journal.company_id.currency_id
            ).name
        data = self._camt(entries, **kwargs)
        wizard = self._import(
            journal,
            "%s.xml" % kwargs.get("statement_id", "AR-STMT-1"),
            data=data,
            user=user,
        )
        self.assertEqual(wizard.line_count, len(entries))
        return self._lines(wizard.statement_ids)

    # ------------------------------------------------------------------
    # Assertions
    # ------------------------------------------------------------------

    def assertApplications(self, line, expected):
        """``expected``: [(move line or account, amount)] in the line's order."""
        got = [
            (application.move_line_id or application.account_id, application.amount)
            for application in line.ar_application_ids
        ]
        self.assertEqual(len(got), len(expected), got)
        for (target, amount), (want_target, want_amount) in zip(
            got, expected, strict=False
        ):
            self.assertEqual(target, want_target)
            self.assertAlmostEqual(amount, want_amount, places=2)

    def assertPosted(self, line, counterparts):
        """The line is reconciled, its journal entry has no suspense item left, and it holds
        the liquidity item plus ``counterparts``: [(account, balance, reconciled with item or
        None)]."""
        self.assertTrue(line.is_reconciled)
        liquidity, suspense, other = line._seek_for_lines()
        self.assertFalse(suspense, "the suspense item must be replaced")
        self.assertFalse(
            line.move_id.line_ids.filtered(
                lambda item: item.account_id == line.journal_id.suspense_account_id
            )
        )
        self.assertEqual(line.move_id.state, "posted")
        self.assertEqual(len(liquidity), 1)
        if not line.journal_id.currency_id and not line.foreign_currency_id:
            self.assertAlmostEqual(liquidity.balance, line.amount, places=2)
        self.assertEqual(
            len(other),
            len(counterparts),
            other.mapped(lambda item: (item.account_id.code, item.balance)),
        )
        for item, (account, balance, target) in zip(
            other.sorted("id"), counterparts, strict=False
        ):
            self.assertEqual(item.account_id, account)
            self.assertAlmostEqual(item.balance, balance, places=2)
            if target is not None:
                self.assertTrue(item.reconciled, "the counterpart is fully reconciled")
                partners = (
                    item.matched_debit_ids.debit_move_id
                    | item.matched_credit_ids.credit_move_id
                )
                self.assertIn(target, partners)
        self.assertAlmostEqual(
            sum(line.move_id.line_ids.mapped("balance")), 0.0, places=2
        )

    def assertOpen(self, line):
        """Not posted: the suspense item is still there."""
        self.assertFalse(line.is_reconciled)
        _liquidity, suspense, _other = line._seek_for_lines()
        self.assertTrue(suspense)
        self.assertEqual(suspense.account_id, line.journal_id.suspense_account_id)

    def assertPayment(self, move, payment_state, residual):
        move.invalidate_recordset(["payment_state", "amount_residual"])
        self.assertEqual(move.payment_state, payment_state)
        self.assertAlmostEqual(move.amount_residual, residual, places=2)
