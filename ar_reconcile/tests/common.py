"""Shared set-up of the statement import tests: currencies, bank journals and an import helper."""

import base64
import pathlib

from odoo.exceptions import UserError

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

DATA = pathlib.Path(__file__).resolve().parent / "data"

# The statement account of the camt, Nordic MT940 and XLSX samples, the German account of the
# MT940 (structured :86:) and OFX v2 samples, and the US account of the OFX v1 sample.
IBAN_NO = "NO9386011117947"
IBAN_DE = "DE89370400440532013000"
ACCOUNT_US = "4120789456"
IBAN_DK = "DK5750510001322617"


class ArStatementImportCommon(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.usd = cls.env.ref("base.USD")
        # The samples' amounts are checked in their own currency: the rates do not matter.
        cls.nok = cls.setup_other_currency("NOK")
        cls.eur = cls.setup_other_currency("EUR")
        cls.dkk = cls.setup_other_currency("DKK")
        assert cls.company.currency_id == cls.usd, "the tests expect a USD company"

        cls.journal_nok = cls._bank_journal("Bank NOK", "BNOK", IBAN_NO, cls.nok)
        cls.journal_eur = cls._bank_journal("Bank EUR", "BEUR", IBAN_DE, cls.eur)
        cls.journal_usd = cls._bank_journal("Bank USD", "BUSD", ACCOUNT_US, cls.usd)

    # ------------------------------------------------------------------
    # Set-up helpers
    # ------------------------------------------------------------------

    @classmethod
    def _bank_journal(cls, name, code, acc_number, currency, company=None, **values):
        """A bank journal on ``acc_number`` of ``company`` (its currency is left empty when it
        is the company's own, as Odoo requires)."""
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
        """The mapping of csv_debit_credit_latin1.csv: title line, footer, debit/credit."""
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
        """The mapping of xlsx_statement.xlsx: typed cells, one text date and one text amount."""
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
        return "%s-%s" % (journal.id, reference)

    def assertImportRefused(self, journal, name, message, data=None, user=None):
        """The import raises a UserError matching ``message`` and writes nothing."""
        before = self._counts()
        source = journal.bank_statements_source
        with self.assertRaisesRegex(UserError, message):
            self._import(journal, name, data=data, user=user)
        self.assertEqual(self._counts(), before, "a refused import must write nothing")
        self.assertEqual(journal.bank_statements_source, source)

    def assertLines(self, lines, field_names, expected):
        """Compare ``field_names`` of ``lines`` (in order) with the tuples of ``expected``."""
        self.assertEqual(
            [tuple(line[name] for name in field_names) for line in lines], expected
        )

    @staticmethod
    def _lines(statement):
        """The statement's lines in file order (they are created in that order)."""
        return statement.line_ids.sorted("id")
