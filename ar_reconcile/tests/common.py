"""The shared Odoo test base of ar_reconcile.

:class:`ArTestCommon` builds what every test needs: partners (with a bank account),
users of the receivables groups, payment terms with discount periods, posted invoices
and bank journals. :class:`ArStatementImportCommon` adds the statement currencies,
journals and the import wizard; :class:`PaymentApplicationCommon` adds customers known
by their bank accounts, statement lines, camt files and assertions on posted entries.

This module defines no test; the ``test_*`` modules derive from these classes.
"""

import base64
import pathlib
from xml.sax.saxutils import escape

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from ..lib import references

# The bank account of the second company of the two-company tests.
IBAN_COMPANY_B = "NO5015032080119"

DATA = pathlib.Path(__file__).resolve().parent / "data"

# The statement account of the camt, Nordic MT940 and XLSX samples, the German account
# of the MT940 (structured :86:) and OFX v2 samples, and the US account of the OFX v1
# sample.
IBAN_NO = "NO9386011117947"
IBAN_DE = "DE89370400440532013000"
ACCOUNT_US = "4120789456"
IBAN_DK = "DK5750510001322617"

INVOICE_DATE = "2026-01-05"
PAYMENT_DATE = "2026-01-20"

IBAN_FJORD = "NO7215031234562"
IBAN_BAKERY = "NO0297102233445"
IBAN_PAPER = "SE6530000000041234567890"


class ArTestCommon(AccountTestInvoicingCommon):
    """A USD company (Odoo's test chart) and builders of master data and documents."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]

    # ------------------------------------------------------------------
    # Master data
    # ------------------------------------------------------------------

    @classmethod
    def _partner(cls, name, iban=None, company=None, **values):
        """A company partner with a bank account ``iban`` (shared or of ``company``)."""
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
    def _user(cls, login, groups, company=None, **values):
        """An internal user of ``groups`` (comma-separated xml ids) of ``company``."""
        company = company or cls.company
        return new_test_user(
            cls.env,
            login=login,
            groups="base.group_user," + groups,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
            **values,
        )

    @classmethod
    def _payment_term(
        cls, name, percent, days, further=(), computation="included", net_days=30
    ):
        """Net ``net_days``, Odoo's early discount of ``percent`` within ``days``, and
        ``further`` discount periods as (percent, days)."""
        return cls.env["account.payment.term"].create(
            {
                "name": name,
                "early_discount": True,
                "discount_percentage": percent,
                "discount_days": days,
                "early_pay_discount_computation": computation,
                "ar_discount_period_ids": [
                    Command.create({"discount_percentage": rate, "days": within})
                    for rate, within in further
                ],
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 100.0, "nb_days": net_days}
                    )
                ],
            }
        )

    @classmethod
    def _default_rule(cls, name, company=None):
        """The default payment application rule ``name`` ("high_3": confidence and
        priority) of ``company``: each company has its own copy."""
        confidence, priority = name.rsplit("_", 1)
        rule = cls.env["ar.payment.application.rule"].search(
            [
                ("company_id", "=", (company or cls.company).id),
                ("match_confidence", "=", confidence),
                ("priority", "=", int(priority)),
            ]
        )
        rule.ensure_one()
        return rule

    # ------------------------------------------------------------------
    # Documents
    # ------------------------------------------------------------------

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
        term=None,
        taxes=None,
        post=True,
        **values,
    ):
        """A document (posted unless ``post`` is false) of one line of ``amount``
        (positive), untaxed unless ``taxes`` are given, due by ``term`` or ``due``."""
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
                        "tax_ids": [Command.set(taxes.ids)]
                        if taxes
                        else [Command.clear()],
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
        if term:
            vals["invoice_payment_term_id"] = term.id
        move = cls.env["account.move"].with_company(company).create(vals)
        if post:
            move.action_post()
        return move

    @staticmethod
    def _open_item(move):
        """The receivable or payable journal item of a document (one installment)."""
        items = move.line_ids.filtered(
            lambda line: line.account_id.account_type
            in ("asset_receivable", "liability_payable")
        )
        assert len(items) == 1, f"expected one installment on {move.name}"
        return items

    # ------------------------------------------------------------------
    # Bank journals
    # ------------------------------------------------------------------

    @classmethod
    def _company_b_with_bank(cls, name):
        """A second company (``cls.company_b``) with its bank journal ``Bank B``
        (``cls.journal_b``) on :data:`IBAN_COMPANY_B`, for the two-company tests."""
        cls.company_b = cls.setup_other_company(name=name)["company"]
        cls.journal_b = cls._bank_journal(
            "Bank B",
            "BNKB",
            IBAN_COMPANY_B,
            cls.company_b.currency_id,
            company=cls.company_b,
        )

    @classmethod
    def _bank_journal(cls, name, code, acc_number, currency, company=None, **values):
        """A bank journal on ``acc_number`` of ``company`` (its currency is left empty
        when it is the company's own, as Odoo requires)."""
        company = company or cls.company
        bank_account = (
            cls.env["res.partner.bank"].search(
                [
                    ("acc_number", "=", acc_number),
                    ("partner_id", "=", company.partner_id.id),
                ]
            )
            if acc_number
            else cls.env["res.partner.bank"]
        )
        if acc_number and not bank_account:
            bank_account = cls.env["res.partner.bank"].create(
                {
                    "acc_number": acc_number,
                    "partner_id": company.partner_id.id,
                }
            )
        return cls.env["account.journal"].create(
            {
                "name": name,
                "code": code,
                "type": "bank",
                "company_id": company.id,
                "currency_id": False
                if currency == company.currency_id
                else currency.id,
                "bank_account_id": bank_account.id,
                **values,
            }
        )


class ArStatementImportCommon(ArTestCommon):
    """Statement currencies (NOK, EUR, DKK beside USD), bank journals and the import."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.usd = cls.env.ref("base.USD")
        # The samples' amounts are checked in their own currency: rates do not matter.
        cls.nok = cls.setup_other_currency("NOK")
        cls.eur = cls.setup_other_currency("EUR")
        cls.dkk = cls.setup_other_currency("DKK")
        assert cls.company.currency_id == cls.usd, "the tests expect a USD company"

        cls.journal_nok = cls._bank_journal("Bank NOK", "BNOK", IBAN_NO, cls.nok)
        cls.journal_eur = cls._bank_journal("Bank EUR", "BEUR", IBAN_DE, cls.eur)
        cls.journal_usd = cls._bank_journal("Bank USD", "BUSD", ACCOUNT_US, cls.usd)

    # ------------------------------------------------------------------
    # Import mappings
    # ------------------------------------------------------------------

    @classmethod
    def _mapping(cls, **values):
        return cls.env["ar.statement.import.mapping"].create(
            {"name": "Test mapping", **values}
        )

    @classmethod
    def _norwegian_mapping(cls, **values):
        """The mapping of csv_semicolon_comma.csv (a Norwegian netbank export)."""
        return cls._mapping(
            **{
                "name": "Norwegian netbank CSV",
                "delimiter": "semicolon",
                "date_format": "%d.%m.%Y",
                "decimal_separator": "comma",
                "thousands_separator": "dot",
                "currency_id": cls.nok.id,
                "date_column": "Dato",
                "value_date_column": "Rentedato",
                "label_column": "Tekst",
                "amount_column": "Beløp",
                "balance_column": "Saldo",
                "reference_column": "KID",
                "partner_name_column": "Motpart",
                "account_number_column": "Kontonummer",
                "transaction_id_column": "Arkivref",
                **values,
            }
        )

    @classmethod
    def _danish_mapping(cls, **values):
        """The mapping of csv_debit_credit_latin1.csv: title, footer, debit/credit."""
        return cls._mapping(
            **{
                "name": "Danish netbank CSV",
                "encoding": "iso-8859-1",
                "delimiter": "semicolon",
                "header_rows": 2,
                "footer_rows": 1,
                "date_format": "%d/%m/%Y",
                "decimal_separator": "comma",
                "thousands_separator": "dot",
                "amount_mode": "debit_credit",
                "date_column": "Bogført",
                "label_column": "Tekst",
                "debit_column": "Debit",
                "credit_column": "Kredit",
                "currency_column": "Valuta",
                "partner_name_column": "Modtager",
                **values,
            }
        )

    @classmethod
    def _xlsx_mapping(cls, **values):
        """The mapping of xlsx_statement.xlsx: typed cells, text date, text amount."""
        return cls._mapping(
            **{
                "name": "XLSX export",
                "header_rows": 2,
                "footer_rows": 1,
                "date_format": "%d.%m.%Y",
                "decimal_separator": "comma",
                "currency_id": cls.nok.id,
                "date_column": "Booking date",
                "value_date_column": "Value date",
                "label_column": "Text",
                "amount_column": "Amount",
                "balance_column": "Balance",
                "reference_column": "Reference",
                "account_number_column": "Counterparty IBAN",
                **values,
            }
        )

    # ------------------------------------------------------------------
    # Import helpers
    # ------------------------------------------------------------------

    @staticmethod
    def _sample(name):
        return (DATA / name).read_bytes()

    def _import(self, journal, name, data=None, user=None):
        """Run the wizard on sample ``name`` (or on ``data`` under that file name)."""
        data = self._sample(name) if data is None else data
        env = self.env(user=user) if user else self.env
        wizard = env["ar.statement.import"].create(
            {
                "journal_id": journal.id,
                "data_file": base64.b64encode(data),
                "filename": name,
            }
        )
        wizard.action_import()
        return wizard

    def _counts(self):
        """What an import writes: statements, statement lines and attachments."""
        env = self.env(su=True)
        return (
            env["account.bank.statement"].search_count([]),
            env["account.bank.statement.line"].search_count([]),
            env["ir.attachment"].search_count([]),
        )

    def _import_id(self, journal, reference):
        return f"{journal.id}-{reference}"

    def assertImportRefused(self, journal, name, message, data=None, user=None):
        """The import raises a UserError matching ``message`` and writes nothing."""
        before = self._counts()
        source = journal.bank_statements_source
        with self.assertRaisesRegex(UserError, message):
            self._import(journal, name, data=data, user=user)
        self.assertEqual(self._counts(), before, "a refused import must write nothing")
        self.assertEqual(journal.bank_statements_source, source)

    def assertLines(self, lines, field_names, expected):
        """Compare ``field_names`` of ``lines`` (in order) with tuples ``expected``."""
        self.assertEqual(
            [tuple(line[name] for name in field_names) for line in lines], expected
        )

    @staticmethod
    def _lines(statement):
        """The statement's lines in file order (they are created in that order)."""
        return statement.line_ids.sorted("id")


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
    # References
    # ------------------------------------------------------------------

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
        """A camt.053.001.08 statement of ``account``, an ``Ntry`` per ``entries`` dict:

        ``amount`` (signed), ``ref`` (bank reference, unique), optional ``date``,
        ``name``, ``iban`` (counterparty), ``ustrd`` (free remittance text), ``strd``
        (creditor reference), ``e2e`` (end-to-end id), ``info`` (additional entry
        information).
        """

        def money(value):
            return f"{abs(value):.2f}"

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
                    parties += "<{}><Pty><Nm>{}</Nm></Pty></{}>".format(
                        side,
                        escape(entry["name"]),
                        side,
                    )
                if entry.get("iban"):
                    parties += "<{}Acct><Id><IBAN>{}</IBAN></Id></{}Acct>".format(
                        side,
                        entry["iban"],
                        side,
                    )
                parties += "</RltdPties>"
            remittance = ""
            if entry.get("ustrd") or entry.get("strd"):
                remittance = "<RmtInf>"
                if entry.get("ustrd"):
                    remittance += "<Ustrd>{}</Ustrd>".format(escape(entry["ustrd"]))
                if entry.get("strd"):
                    remittance += (
                        "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry>"
                        "<Issr>ISO</Issr></Tp><Ref>{}</Ref></CdtrRefInf></Strd>".format(
                            entry["strd"]
                        )
                    )
                remittance += "</RmtInf>"
            refs = "<Refs><EndToEndId>{}</EndToEndId></Refs>".format(
                escape(entry.get("e2e", "NOTPROVIDED"))
            )
            info = (
                "<AddtlNtryInf>{}</AddtlNtryInf>".format(escape(entry["info"]))
                if entry.get("info")
                else ""
            )
            ntries.append(
                '<Ntry><Amt Ccy="{ccy}">{amt}</Amt><CdtDbtInd>{ind}</CdtDbtInd>'
                "<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>{day}</Dt></BookgDt>"
                "<ValDt><Dt>{day}</Dt></ValDt>"
                "<AcctSvcrRef>{ref}</AcctSvcrRef>"
                "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>{fam}</Cd>"
                "<SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>"
                "{info}<NtryDtls><TxDtls>{refs}"
                '<Amt Ccy="{ccy}">{amt}</Amt><CdtDbtInd>{ind}</CdtDbtInd>'
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
            f"<IBAN>{account}</IBAN>"
            if account[:2].isalpha()
            else f"<Othr><Id>{account}</Id></Othr>"
        )

        def balance(code, value, day):
            return (
                '<Bal><Tp><CdOrPrtry><Cd>{}</Cd></CdOrPrtry></Tp><Amt Ccy="{}">{}</Amt>'
                "<CdtDbtInd>{}</CdtDbtInd><Dt><Dt>{}</Dt></Dt></Bal>".format(
                    code, currency, money(value), "CRDT" if value >= 0 else "DBIT", day
                )
            )

        xml = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">'
            "<BkToCstmrStmt>"
            "<GrpHdr><MsgId>MSG-{sid}</MsgId><CreDtTm>{day}T06:00:00+01:00</CreDtTm></GrpHdr>"
            "<Stmt><Id>{sid}</Id><CreDtTm>{day}T06:00:00+01:00</CreDtTm>"
            "<Acct><Id>{acct}</Id><Ccy>{ccy}</Ccy></Acct>{opening}{closing}{ntries}</Stmt>"
            "</BkToCstmrStmt></Document>"
        ).format(
            sid=escape(statement_id),
            day=last_date,
            acct=acct,
            ccy=currency,
            opening=balance("OPBD", opening, last_date),
            closing=balance("CLBD", closing, last_date),
            ntries="".join(ntries),
        )
        return xml.encode()

    def _import_camt(self, entries, journal=None, user=None, **kwargs):
        """Import a camt built from ``entries`` into ``journal``; return its statement
        lines in file order."""
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
            "{}.xml".format(kwargs.get("statement_id", "AR-STMT-1")),
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
        """The line is reconciled, its journal entry has no suspense item left, and it
        holds the liquidity item plus ``counterparts``: [(account, balance, reconciled
        with item or None)]."""
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
