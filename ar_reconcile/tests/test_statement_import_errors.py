"""Files the wizard must refuse, with a message naming the problem and nothing
written."""

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import IBAN_DK, IBAN_NO, ArStatementImportCommon


@tagged("post_install", "-at_install")
class TestStatementImportErrors(ArStatementImportCommon):
    def test_malformed_camt(self):
        self.assertImportRefused(
            self.journal_nok,
            "camt053_malformed.xml",
            r"^camt053_malformed\.xml cannot be imported: The camt file is not "
            r"well-formed XML: Premature end of data in tag CdOrPrtry",
        )

    def test_inconsistent_batch(self):
        self.assertImportRefused(
            self.journal_nok,
            "camt053_inconsistent_batch.xml",
            r"cannot be imported: batch entry 1 of statement STMT-2026-01-21-BATCH "
            r"\(bank reference 2026012100001\): the transaction details add up to "
            r"kr\xa0150\.00 but the entry amount is kr\xa0200\.00\.",
        )

    def test_balances_contradicting_the_transactions(self):
        # Refused for users; a manager may import it anyway (see the intake tests).
        self.assertImportRefused(
            self.journal_nok,
            "camt053_bad_balance.xml",
            r"Statement STMT-2026-01-21-BAL is inconsistent: opening balance "
            r"kr\xa01,000\.00 plus transactions kr\xa0250\.00 gives kr\xa01,250\.00, "
            r"but the file states a closing balance of kr\xa01,300\.00\.",
            user=self._user("balance_user", "ar_reconcile.group_ar_user"),
        )

    def test_malformed_mt940(self):
        self.assertImportRefused(
            self.journal_eur,
            "mt940_malformed.sta",
            r"The MT940 file could not be read \(statement STMT260303\): balance line "
            r":60F: is malformed \(C26XX01EUR12500,00\)",
        )

    def test_malformed_ofx(self):
        self.assertImportRefused(
            self.journal_usd,
            "ofx_malformed.ofx",
            r"The OFX file could not be read: the amount TRNAMT 'six hundred[^']*' is "
            r"not a number\.",
        )

    def test_unknown_format(self):
        self.assertFalse(self.journal_nok.ar_import_mapping_id)
        self.assertImportRefused(
            self.journal_nok,
            "notes.txt",
            r"^notes\.txt cannot be imported: Unknown file format: the file is "
            r"neither ISO 20022 camt.052/053/054, SWIFT MT940 nor OFX\. For a CSV "
            r"file, set an import mapping",
            data=b"Dear customer,\nyour statement is attached.\n",
        )
        # A CSV without a mapping is just as unknown.
        self.assertImportRefused(
            self.journal_nok, "csv_semicolon_comma.csv", "Unknown file format"
        )

    def test_empty_file(self):
        self.assertImportRefused(
            self.journal_nok, "empty.xml", r"^Choose a statement file", data=b""
        )
        self.assertImportRefused(
            self.journal_nok, "blank.xml", r"The file is empty\.", data=b"  \r\n\t\n"
        )

    def test_file_of_another_account(self):
        journal = self._bank_journal("Other NOK", "ONOK", "NO6212345678911", self.nok)
        self.assertImportRefused(
            journal,
            "camt053_v02_batch.xml",
            r"The file is for bank account NO9386011117947, not for NO6212345678911 "
            r"of journal Other NOK",
        )

    def test_domestic_account_number_of_the_journal_iban(self):
        # A file naming the account by its BBAN (the tail of the journal's IBAN) is
        # accepted, another domestic number is not.
        camt = self._sample("camt054_v02_kid.xml").replace(
            b"<IBAN>%s</IBAN>" % IBAN_NO.encode(),
            b"<Othr><Id>8601.11.17947</Id></Othr>",
            1,
        )
        self.assertEqual(
            self._import(self.journal_nok, "bban.xml", data=camt).line_count, 4
        )
        self.assertImportRefused(
            self.journal_nok,
            "other.xml",
            r"The file is for bank account 12345678903, not for",
            data=camt.replace(b"8601.11.17947", b"12345678903"),
        )

    def test_journal_without_bank_account(self):
        journal = self._bank_journal("No account", "NOAC", False, self.nok)
        self.assertImportRefused(
            journal,
            "camt053_v02_batch.xml",
            r"The file is for bank account NO9386011117947, but journal No account "
            r"\(NOK\) has no bank account\. Set the account on the journal",
        )

    def test_wrong_currency(self):
        # Same bank account, but a EUR journal.
        journal = self._bank_journal("Bank NO EUR", "NEUR", IBAN_NO, self.eur)
        self.assertImportRefused(
            journal,
            "camt053_v02_batch.xml",
            r"The file's statement STMT-2026-01-15-001 is in NOK, but journal Bank NO "
            r"EUR \(EUR\) is in EUR\.",
        )
        # A CSV file's currency column is checked as well.
        self.journal_nok.ar_import_mapping_id = self._danish_mapping()
        self.assertImportRefused(
            self.journal_nok,
            "csv_debit_credit_latin1.csv",
            r"is in DKK, but journal Bank NOK \(NOK\) is in NOK\.",
        )

    def test_wrong_encoding(self):
        journal = self._bank_journal(
            "Bank DKK",
            "BDKK",
            IBAN_DK,
            self.dkk,
            ar_import_mapping_id=self._danish_mapping(encoding="utf-8").id,
        )
        self.assertImportRefused(
            journal,
            "csv_debit_credit_latin1.csv",
            r"The file is not valid utf-8 \(byte 0xf8 at position 36\)\. Set the "
            r"encoding of the import mapping",
        )

    def test_csv_bad_date(self):
        self.journal_nok.ar_import_mapping_id = self._mapping(
            date_column="Dato",
            amount_column="Beløp",
            date_format="%d.%m.%Y",
            decimal_separator="comma",
        )
        self.assertImportRefused(
            self.journal_nok,
            "csv_bad_date.csv",
            r"^csv_bad_date\.csv cannot be imported: Row 5: '31\.02\.2026' is not a "
            r"date in the format %d\.%m\.%Y",
        )

    def test_xlsx_without_mapping(self):
        self.assertImportRefused(
            self.journal_nok,
            "xlsx_statement.xlsx",
            r"This is a spreadsheet \(XLSX\) file: set an import mapping on the "
            r"journal",
        )

    def test_not_a_bank_journal(self):
        self.assertImportRefused(
            self.company_data["default_journal_sale"],
            "camt053_v02_batch.xml",
            r"^Statements can only be imported into bank journals\.$",
        )

    def test_mapping_constraints(self):
        with self.assertRaisesRegex(
            ValidationError, r"Mapping Split needs these columns: " r"Credit Column\."
        ):
            self._mapping(
                name="Split",
                date_column="Date",
                amount_mode="debit_credit",
                debit_column="Debit",
            )
        with self.assertRaisesRegex(
            ValidationError, r"needs these columns: Amount Column, " r"Indicator Column"
        ):
            self._mapping(date_column="Date", amount_mode="indicator")
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._mapping(date_column="Date", amount_column="Amount", footer_rows=-1)
