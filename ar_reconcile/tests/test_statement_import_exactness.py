"""A ZIP of statements through the wizard, amounts the ORM cannot hold exactly, and
lines dated on their value date."""

import io
import zipfile
from datetime import date

from odoo.tests import tagged

from .common import PaymentApplicationCommon


def _zip(*members):
    """A ZIP archive in memory of ``(name, bytes)`` members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestStatementImportExactness(PaymentApplicationCommon):
    def _morning(self):
        return self._camt(
            [{"amount": 100.0, "ref": "ZIP-REF-1", "name": "Kari Nordmann"}],
            statement_id="ZIP-STMT-1",
        )

    def _afternoon(self):
        return self._camt(
            [
                {"amount": 250.0, "ref": "ZIP-REF-2", "name": "Ola Nordmann"},
                {"amount": -40.5, "ref": "ZIP-REF-3", "name": "Nordic Paper"},
            ],
            statement_id="ZIP-STMT-2",
            opening=10100.0,
        )

    # ------------------------------------------------------------------
    # ZIP archives
    # ------------------------------------------------------------------

    def test_zip_of_two_camt_files(self):
        data = _zip(
            ("morning.xml", self._morning()), ("afternoon.xml", self._afternoon())
        )
        wizard = self._import(self.journal, "statements.zip", data=data)
        self.assertRecordValues(
            wizard,
            [
                {
                    "state": "done",
                    "file_format": "camt.053",
                    "line_count": 3,
                    "duplicate_count": 0,
                }
            ],
        )
        statements = wizard.statement_ids.sorted("name")
        self.assertEqual(statements.mapped("name"), ["ZIP-STMT-1", "ZIP-STMT-2"])
        self.assertRecordValues(
            statements,
            [
                {"balance_start": 10000.0, "balance_end_real": 10100.0},
                {"balance_start": 10100.0, "balance_end_real": 10309.5},
            ],
        )
        self.assertTrue(all(statements.mapped("is_complete")))
        self.assertLines(
            self._lines(statements[0]),
            ("amount", "partner_name", "ar_bank_reference"),
            [(100.0, "Kari Nordmann", "ZIP-REF-1")],
        )
        self.assertLines(
            self._lines(statements[1]),
            ("amount", "partner_name", "ar_bank_reference"),
            [
                (250.0, "Ola Nordmann", "ZIP-REF-2"),
                (-40.5, "Nordic Paper", "ZIP-REF-3"),
            ],
        )

        # The same archive again: every transaction is known, nothing is added.
        before = self._counts()
        again = self._import(self.journal, "statements.zip", data=data)
        self.assertRecordValues(
            again, [{"state": "done", "line_count": 0, "duplicate_count": 3}]
        )
        self.assertFalse(again.statement_ids)
        self.assertEqual(self._counts(), before)

    def test_zip_with_a_bad_member_is_refused_naming_it(self):
        data = _zip(
            ("morning.xml", self._morning()),
            ("broken.xml", self._sample("camt053_malformed.xml")),
        )
        self.assertImportRefused(
            self.journal,
            "statements.zip",
            r"statements\.zip cannot be imported: broken\.xml in the ZIP file",
            data=data,
        )

    # ------------------------------------------------------------------
    # Amounts the ORM cannot hold exactly
    # ------------------------------------------------------------------

    def test_amount_beyond_a_float_is_refused(self):
        """12345678901234.57 has 16 significant digits: a float would store
        ...234.58 or so. The file is refused naming the transaction."""
        data = self._camt(
            [{"amount": 1.0, "ref": "BIG-1", "name": "Big Payer"}],
            statement_id="BIG-STMT",
            opening=0.0,
        ).replace(b">1.00<", b">12345678901234.57<")
        self.assertIn(b"12345678901234.57", data)
        self.assertImportRefused(
            self.journal,
            "big.xml",
            r"Transaction 1 of statement BIG-STMT \(.*Big Payer\) has the amount "
            r"12345678901234\.57 USD, more digits than Odoo stores exactly",
            data=data,
        )

    def test_balance_beyond_a_float_is_refused(self):
        data = self._camt(
            [{"amount": 1.0, "ref": "BIG-2"}],
            statement_id="BIG-BAL",
            opening=5.0,
        )
        data = data.replace(b">5.00<", b">12345678901230.57<").replace(
            b">6.00<", b">12345678901231.57<"
        )
        self.assertImportRefused(
            self.journal,
            "big.xml",
            r"Statement BIG-BAL has the balance 12345678901230\.57 USD, more digits",
            data=data,
        )

    def test_csv_without_currency_checks_the_journal_decimals(self):
        """The file names no currency: its amounts are the journal's, 2 decimals in
        USD and NOK, and 100.505 is refused naming the row, never rounded."""
        data = (
            "Dato;Tekst;Beløp\n"
            "02.03.2026;Innbetaling Kari;100,50\n"
            "02.03.2026;Innbetaling Ola;100,505\n"
        ).encode()
        mapping = self._mapping(
            name="CSV without currency",
            date_column="Dato",
            label_column="Tekst",
            amount_column="Beløp",
        )
        self.assertFalse(mapping.currency_id)
        for journal in (self.journal_usd, self.journal_nok):
            journal.ar_import_mapping_id = mapping
            currency = journal.currency_id or journal.company_id.currency_id
            self.assertImportRefused(
                journal,
                "export.csv",
                rf"Row 3: the amount 100\.505 has more decimals than {currency.name} "
                r"has \(2\)",
                data=data,
            )
        # With two decimals the same file imports, exactly.
        wizard = self._import(
            self.journal_nok, "export.csv", data=data.replace(b"100,505", b"100,55")
        )
        self.assertEqual(wizard.line_count, 2)
        self.assertEqual(
            self._lines(wizard.statement_ids).mapped("amount"), [100.5, 100.55]
        )

    # ------------------------------------------------------------------
    # Value date
    # ------------------------------------------------------------------

    def test_entry_without_booking_date_is_booked_on_its_value_date(self):
        day = "2026-03-04"
        data = self._camt(
            [
                {"amount": 75.0, "ref": "VAL-1", "date": day},
                {"amount": 25.0, "ref": "VAL-2", "date": day},
            ],
            statement_id="VAL-STMT",
        )
        booking = f"<BookgDt><Dt>{day}</Dt></BookgDt>".encode()
        self.assertEqual(data.count(booking), 2)
        data = data.replace(booking, b"", 1)  # the first entry has no booking date
        wizard = self._import(self.journal, "value.xml", data=data)
        lines = self._lines(wizard.statement_ids)
        self.assertLines(
            lines,
            ("ar_bank_reference", "date", "ar_value_date", "ar_date_is_value_date"),
            [
                ("VAL-1", date(2026, 3, 4), date(2026, 3, 4), True),
                ("VAL-2", date(2026, 3, 4), date(2026, 3, 4), False),
            ],
        )
        # The line form says so, only on the line concerned.
        view = self.env.ref("ar_reconcile.view_bank_statement_line_form_ar")
        arch = lines[0].get_views([(view.id, "form")])["views"]["form"]["arch"]
        self.assertIn("Booked on the value date: the bank gave no booking date.", arch)
        self.assertIn('invisible="not ar_date_is_value_date"', arch)
