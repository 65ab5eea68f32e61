"""Every supported format through the wizard, duplicate safety and the UI actions."""

import base64
from datetime import date

from psycopg2 import IntegrityError

from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import IBAN_DK, IBAN_NO, ArStatementImportCommon

D = date


@tagged("post_install", "-at_install")
class TestStatementImportFormats(ArStatementImportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.journal_dkk = cls._bank_journal("Bank DKK", "BDKK", IBAN_DK, cls.dkk)

    def _assert_statement(
        self, statement, name, file_format, balance_start, balance_end
    ):
        """``name`` False: the file has no statement id, Odoo names the statement."""
        self.assertRecordValues(
            statement,
            [
                {
                    "ar_import_format": file_format,
                    "balance_start": balance_start,
                    "balance_end_real": balance_end,
                    "balance_end": balance_end,
                    "is_complete": True,
                }
            ],
        )
        if name:
            self.assertEqual(statement.name, name)

    def _assert_attachment(self, statement, filename):
        self.assertEqual(len(statement.attachment_ids), 1)
        self.assertEqual(statement.attachment_ids.name, filename)
        self.assertEqual(statement.attachment_ids.raw, self._sample(filename))

    # ------------------------------------------------------------------
    # ISO 20022 camt
    # ------------------------------------------------------------------

    def test_camt053_v02_batch(self):
        journal = self.journal_nok
        self.assertEqual(journal.bank_statements_source, "undefined")
        wizard = self._import(journal, "camt053_v02_batch.xml")

        self.assertRecordValues(
            wizard,
            [
                {
                    "state": "done",
                    "file_format": "camt.053",
                    "line_count": 7,
                    "duplicate_count": 0,
                }
            ],
        )
        self.assertIn("7 lines created, 0 skipped as duplicates.", wizard.result_html)
        statement = wizard.statement_ids
        self.assertEqual(len(statement), 1)
        self.assertEqual(statement.journal_id, journal)
        self.assertEqual(statement.reference, "camt053_v02_batch.xml")
        self._assert_statement(
            statement, "STMT-2026-01-15-001", "camt.053", 100000.0, 102475.0
        )
        self._assert_attachment(statement, "camt053_v02_batch.xml")
        self.assertEqual(journal.bank_statements_source, "file_import")

        # One line per booked entry, the batch entry split per TxDtls, the pending entry
        # skipped.
        lines = self._lines(statement)
        self.assertLines(
            lines,
            (
                "date",
                "amount",
                "ar_value_date",
                "partner_name",
                "account_number",
                "ar_remittance_structured",
                "ar_end_to_end_id",
                "ar_bank_reference",
                "transaction_type",
            ),
            [
                (
                    D(2026, 1, 15),
                    12500.0,
                    D(2026, 1, 15),
                    "Fjordline Handel AS",
                    "NO7215031234562",
                    "RF76INV202600001",
                    "E2E-FJORD-0001",
                    "2026011500001",
                    "PMNT/RCDT/ESCT",
                ),
                (
                    D(2026, 1, 15),
                    4375.0,
                    D(2026, 1, 14),
                    "Ola Nordmann",
                    "12079876540",
                    "202600000121",
                    False,
                    "2026011500002",
                    "PMNT/RCDT/DMCT",
                ),
                (
                    D(2026, 1, 15),
                    -23750.0,
                    D(2026, 1, 15),
                    "Nordic Paper Supply AB",
                    "SE4550000000058398257466",
                    False,
                    "E2E-PAY-2026-0042",
                    "2026011500003",
                    "PMNT/ICDT/ESCT",
                ),
                (
                    D(2026, 1, 15),
                    1500.0,
                    D(2026, 1, 15),
                    "Bakeriet Solsiden AS",
                    "NO0297102233445",
                    "202600000295",
                    "E2E-KID-0001",
                    "2026011500004",
                    "PMNT/RCDT/DMCT",
                ),
                (
                    D(2026, 1, 15),
                    2500.5,
                    D(2026, 1, 15),
                    "Tromso Elektro AS",
                    "NO3815941122334",
                    "202600000360",
                    "E2E-KID-0002",
                    "2026011500004-B2",
                    "PMNT/RCDT/DMCT",
                ),
                (
                    D(2026, 1, 15),
                    4999.5,
                    D(2026, 1, 15),
                    "Vestland Regnskap AS",
                    "NO8330001234567",
                    False,
                    "E2E-KID-0003",
                    "2026011500004",
                    "PMNT/RCDT/DMCT",
                ),
                (
                    D(2026, 1, 15),
                    350.0,
                    D(2026, 1, 15),
                    False,
                    False,
                    False,
                    False,
                    False,
                    "RENTE",
                ),
            ],
        )
        self.assertEqual(
            lines[:6].mapped("unique_import_id"),
            [
                self._import_id(journal, ref)
                for ref in (
                    "2026011500001",
                    "2026011500002",
                    "2026011500003",
                    "2026011500004/1",
                    "2026011500004-B2",
                    "2026011500004/3",
                )
            ],
        )
        # No bank reference on the interest line: its id is a hash of its content.
        self.assertTrue(
            lines[6].unique_import_id.startswith(self._import_id(journal, "h:"))
        )

        sepa, kid, supplier, _batch1, _batch2, batch3, interest = lines
        self.assertRecordValues(
            sepa,
            [
                {
                    "payment_ref": "RF76INV202600001",
                    "ar_counterparty_bic": "NDEANOKKXXX",
                    "ar_counterparty_address": "Strandkaien 12, 5013 Bergen, NO",
                    "ar_structured_ref_type": "SCOR/ISO",
                    "ar_referred_documents": "INV/2026/00001",
                    "ar_instruction_id": "INSTR-0001",
                    "ar_remittance_unstructured": False,
                    "ar_is_reversal": False,
                    "foreign_currency_id": False,
                }
            ],
        )
        self.assertEqual(sepa.transaction_details["end_to_end_id"], "E2E-FJORD-0001")
        self.assertEqual(
            sepa.transaction_details["referred_documents"], ["INV/2026/00001"]
        )
        self.assertRecordValues(
            kid,
            [
                {
                    "ar_counterparty_address": "Storgata 1, 0155 Oslo",
                    "ar_structured_ref_type": "SCOR",
                }
            ],
        )
        self.assertRecordValues(
            supplier,
            [
                {
                    "payment_ref": "Invoice 88123 Order 5521",
                    "ar_remittance_unstructured": "Invoice 88123 Order 5521",
                    "ar_counterparty_bic": "ESSESESS",
                    "ar_counterparty_address": "Industrigatan 4, 41104 Goteborg, SE",
                    "ar_instruction_id": "PAY-2026-0042",
                    "ar_additional_info": "SEPA payment to supplier",
                }
            ],
        )
        self.assertRecordValues(
            batch3,
            [
                {
                    "payment_ref": "INV/2026/00003",
                    "ar_remittance_unstructured": "INV/2026/00003",
                    "ar_additional_info": "OCR/KID INNBETALINGER 3 STK",
                }
            ],
        )
        self.assertRecordValues(
            interest,
            [
                {
                    "payment_ref": "Kreditrenter",
                    "ar_additional_info": "Kreditrenter",
                }
            ],
        )

    def test_camt053_v08(self):
        wizard = self._import(self.journal_nok, "camt053_v08.xml")
        self.assertRecordValues(wizard, [{"line_count": 6, "duplicate_count": 0}])
        statement = wizard.statement_ids
        # PRCD balance given as DBIT: a negative opening balance.
        self._assert_statement(
            statement, "NDEA-STMT-20260202", "camt.053", -5000.0, 14900.0
        )

        lines = self._lines(statement)
        # Booking date from a DtTm, INFO and PDNG entries skipped, the collection split
        # in two.
        self.assertEqual(set(lines.mapped("date")), {D(2026, 2, 2)})
        self.assertLines(
            lines,
            (
                "amount",
                "ar_value_date",
                "partner_name",
                "account_number",
                "ar_counterparty_bic",
                "ar_end_to_end_id",
                "ar_is_reversal",
                "transaction_type",
            ),
            [
                (
                    8000.0,
                    D(2026, 2, 2),
                    "Berliner Holzhandel GmbH",
                    "DE89370400440532013000",
                    "COBADEFFXXX",
                    "E2E-BH-7781",
                    False,
                    "NTRF+166 (DK)",
                ),
                (
                    10650.0,
                    D(2026, 2, 3),
                    "Acme Corp Inc",
                    "123456789",
                    "CHASUS33XXX",
                    "ACME-US-2026-118",
                    False,
                    "PMNT/RCDT/XBCT",
                ),
                (
                    -500.0,
                    D(2026, 2, 2),
                    "Fjordline Handel AS",
                    "NO7215031234562",
                    False,
                    "E2E-FJORD-0009",
                    True,
                    "PMNT/RCDT/ESCT",
                ),
                (
                    -1250.0,
                    D(2026, 2, 2),
                    "Kari Hansen",
                    "NO7112345678903",
                    "DNBANOKKXXX",
                    "SDD-2026-0113",
                    False,
                    "PMNT/IDDT/UPDD",
                ),
                (
                    1800.0,
                    D(2026, 2, 2),
                    "Hansen Bygg AS",
                    "NO0297102233445",
                    False,
                    "SDD-2026-0201",
                    False,
                    "PMNT/IDDT/ESDD",
                ),
                (
                    1200.0,
                    D(2026, 2, 2),
                    "Lie Transport AS",
                    "NO3815941122334",
                    False,
                    "SDD-2026-0202",
                    False,
                    "PMNT/IDDT/ESDD",
                ),
            ],
        )
        german, usd, reversal, returned, collection1, collection2 = lines
        self.assertRecordValues(
            german,
            [
                {
                    "ar_ultimate_party_name": "Holzhandel Nord GmbH",
                    "ar_counterparty_address": "Hauptstrasse 5, 10115 Berlin, DE",
                    "ar_remittance_unstructured": "INV/2026/00007",
                    "foreign_currency_id": False,
                }
            ],
        )
        # Paid in USD by the customer, booked in NOK.
        self.assertRecordValues(
            usd,
            [
                {
                    "foreign_currency_id": self.usd.id,
                    "amount_currency": 1000.0,
                    "ar_exchange_rate": 10.65,
                    "ar_remittance_structured": "RF49INV202600002",
                    "ar_additional_info": "Other creditor reference: RF81INV202600008",
                }
            ],
        )
        self.assertRecordValues(
            reversal,
            [
                {
                    "ar_additional_info": "Reversal of credit NDEA20260130-0044",
                    "ar_return_reason": False,
                }
            ],
        )
        self.assertRecordValues(
            returned,
            [
                {
                    "ar_is_reversal": False,
                    "ar_return_reason": "AM04: Insufficient funds",
                    "ar_mandate_id": "MNDT-2025-017",
                    "ar_instruction_id": "SDD-INSTR-0113",
                    "ar_remittance_unstructured": "INV/2026/00005",
                }
            ],
        )
        self.assertEqual(
            (collection1 + collection2).mapped("unique_import_id"),
            [
                self._import_id(self.journal_nok, "NDEA20260202-0005/%d" % n)
                for n in (1, 2)
            ],
        )
        self.assertEqual(
            (collection1 + collection2).mapped("ar_mandate_id"),
            ["MNDT-2025-001", "MNDT-2025-002"],
        )

    def test_camt054_notification(self):
        wizard = self._import(self.journal_nok, "camt054_v02_kid.xml")
        self.assertRecordValues(wizard, [{"file_format": "camt.054", "line_count": 4}])
        statement = wizard.statement_ids
        # A notification has no balances: the statement continues the (empty) journal.
        self._assert_statement(
            statement, "NETS-OCR-20260120-01", "camt.054", 0.0, 5970.0
        )
        lines = self._lines(statement)
        self.assertLines(
            lines,
            (
                "date",
                "amount",
                "partner_name",
                "account_number",
                "ar_remittance_structured",
                "ar_structured_ref_type",
                "ar_end_to_end_id",
                "ar_bank_reference",
                "unique_import_id",
            ),
            [
                (
                    D(2026, 1, 20),
                    1250.0,
                    "Bakeriet Solsiden AS",
                    "97102233445",
                    "1234567890128",
                    "SCOR",
                    False,
                    "NETS-OCR-7001",
                    self._import_id(self.journal_nok, "NETS-OCR-7001"),
                ),
                (
                    D(2026, 1, 20),
                    980.0,
                    "Tromso Elektro AS",
                    "15941122334",
                    "202600000436",
                    "SCOR",
                    False,
                    "NETS-OCR-7002",
                    self._import_id(self.journal_nok, "NETS-OCR-7002"),
                ),
                (
                    D(2026, 1, 20),
                    3100.0,
                    "Vestland Regnskap AS",
                    "30001234567",
                    "202600000501",
                    "SCOR",
                    False,
                    "NETS-OCR-7003",
                    self._import_id(self.journal_nok, "NETS-OCR-7003"),
                ),
                # A single TxDtls: the entry's reference is the transaction's identity.
                (
                    D(2026, 1, 20),
                    640.0,
                    "Per Olsen",
                    "12345678903",
                    "202600000675",
                    "SCOR",
                    False,
                    "NETS-OCR-7004",
                    self._import_id(self.journal_nok, "NETS-20260120-0002"),
                ),
            ],
        )

    # ------------------------------------------------------------------
    # MT940, OFX
    # ------------------------------------------------------------------

    def test_mt940_two_statements(self):
        wizard = self._import(self.journal_eur, "mt940_structured86.sta")
        self.assertRecordValues(wizard, [{"file_format": "mt940", "line_count": 6}])
        first, second = wizard.statement_ids.sorted("id")
        self._assert_statement(first, "STMT260303", "mt940", 12500.0, 13690.0)
        self._assert_statement(second, "STMT260305", "mt940", 13690.0, 12924.75)
        self.assertTrue(second.is_valid, "the second statement continues the first")
        for statement in (first, second):
            self._assert_attachment(statement, "mt940_structured86.sta")

        fields = (
            "date",
            "ar_value_date",
            "amount",
            "partner_name",
            "account_number",
            "ar_counterparty_bic",
            "ar_end_to_end_id",
            "ar_is_reversal",
            "ar_return_reason",
            "transaction_type",
        )
        self.assertLines(
            self._lines(first),
            fields,
            [
                (
                    D(2026, 3, 2),
                    D(2026, 3, 2),
                    1190.0,
                    "Muster Handels GmbH",
                    "DE44500105175407324931",
                    "COBADEFFXXX",
                    "E2E-2026-0007",
                    False,
                    False,
                    "NTRF",
                ),
                (
                    D(2026, 3, 3),
                    D(2026, 3, 3),
                    -250.5,
                    "Stadtwerke Energie AG",
                    "DE02100100100006820101",
                    "DEUTDEFFXXX",
                    "LS-ENERGIE-0303",
                    False,
                    False,
                    "NDDT",
                ),
                # RD: reversal of a debit, money back in, booked a day after its value
                # date.
                (
                    D(2026, 3, 4),
                    D(2026, 3, 3),
                    250.5,
                    "Stadtwerke Energie AG",
                    "DE02100100100006820101",
                    "DEUTDEFFXXX",
                    "LS-ENERGIE-0303",
                    True,
                    "MD06",
                    "NDDT",
                ),
            ],
        )
        self.assertLines(
            self._lines(second),
            fields,
            [
                (
                    D(2026, 3, 4),
                    D(2026, 3, 4),
                    500.0,
                    "Nordlicht Handelsgesellschaft mbH",
                    "DE75512108001245126199",
                    "HASPDEHHXXX",
                    "E2E-2026-0009",
                    False,
                    False,
                    "NTRF",
                ),
                (
                    D(2026, 3, 4),
                    D(2026, 3, 4),
                    -1190.0,
                    "Muster Handels GmbH",
                    "DE44500105175407324931",
                    "COBADEFFXXX",
                    "E2E-2026-0007",
                    True,
                    "AC04",
                    "NTRF",
                ),
                (
                    D(2026, 3, 5),
                    D(2026, 3, 5),
                    -75.25,
                    False,
                    False,
                    False,
                    False,
                    False,
                    False,
                    "NCHG",
                ),
            ],
        )
        credit, direct_debit, _reversal = self._lines(first)
        self.assertRecordValues(
            credit,
            [
                {
                    "payment_ref": "INV/2026/00007 RF18539007547034",
                    "ar_remittance_unstructured": "INV/2026/00007 RF18539007547034",
                    "ar_remittance_structured": "RF18539007547034",
                    "ar_structured_ref_type": "SCOR",
                    "ar_bank_reference": "2603020001234",
                    "ar_additional_info": "SEPA-GUTSCHRIFT",
                    "unique_import_id": self._import_id(
                        self.journal_eur, "2603020001234"
                    ),
                }
            ],
        )
        self.assertRecordValues(
            direct_debit,
            [
                {
                    "payment_ref": "Strom Maerz 2026 Kd 4711",
                    "ar_mandate_id": "M-778899",
                    "ar_instruction_id": "DD-2026-0042",
                }
            ],
        )
        self.assertRecordValues(
            self._lines(second)[0],
            [
                {
                    "payment_ref": "INV/2026/00009 Teilzahlung letzte Rate",
                    "ar_ultimate_party_name": "Nordlicht Filiale Hamburg",
                }
            ],
        )

    def test_mt940_dutch_and_nordic_dialects(self):
        # :25: holds the IBAN followed by the currency; /KEY/value/ :86: details.
        journal = self._bank_journal("ING", "BING", "NL20INGB0001234567", self.eur)
        statement = self._import(journal, "mt940_dutch.sta").statement_ids
        self._assert_statement(statement, "P260316000000001", "mt940", 1000.0, 2460.0)
        self.assertLines(
            self._lines(statement),
            (
                "amount",
                "partner_name",
                "account_number",
                "ar_remittance_structured",
                "ar_end_to_end_id",
                "ar_is_reversal",
                "ar_return_reason",
            ),
            [
                (
                    250.0,
                    "J. de Vries BV",
                    "NL91ABNA0417164300",
                    "RF712348231",
                    "E2E-NL-0001",
                    False,
                    False,
                ),
                (
                    -89.95,
                    "KPN B.V.",
                    "NL58INGB0000123456",
                    False,
                    "KPN-2026-03",
                    False,
                    False,
                ),
                (
                    1210.0,
                    "Bakkerij Jansen",
                    "NL02ABNA0123456789",
                    "1234567890123456",
                    False,
                    False,
                    False,
                ),
                (
                    89.95,
                    "KPN B.V.",
                    "NL58INGB0000123456",
                    False,
                    "KPN-2026-03",
                    True,
                    "MD06",
                ),
            ],
        )
        # Free-text :86: in Windows-1252, kept whole; an RF reference found inside it.
        statement = self._import(
            self.journal_nok, "mt940_nordic_freetext.sta"
        ).statement_ids
        self._assert_statement(statement, "940NO20260402", "mt940", 25000.0, 32050.5)
        self.assertLines(
            self._lines(statement),
            (
                "amount",
                "ar_remittance_unstructured",
                "ar_remittance_structured",
            ),
            [
                (
                    4500.0,
                    "Innbetaling fra Bjørn Åsmund Ærø AS Faktura INV/2026/00012",
                    False,
                ),
                (-1200.0, "Husleie april Grünerløkka Eiendom AS", False),
                (
                    3750.5,
                    "Betaling fra Søstrene Hæstad, ref RF18 5390 0754 7034",
                    "RF18539007547034",
                ),
            ],
        )

    def test_ofx_v1_sgml(self):
        # A US account in the company currency: the journal has no currency of its own.
        self.assertFalse(self.journal_usd.currency_id)
        wizard = self._import(self.journal_usd, "ofx_v1_sgml.ofx")
        self.assertRecordValues(wizard, [{"file_format": "ofx", "line_count": 4}])
        statement = wizard.statement_ids
        # OFX states only the closing balance: the opening one is derived from the
        # lines.
        self._assert_statement(statement, False, "ofx", 5000.0, 8708.33)
        self._assert_attachment(statement, "ofx_v1_sgml.ofx")
        self.assertLines(
            self._lines(statement),
            (
                "date",
                "amount",
                "payment_ref",
                "partner_name",
                "ar_remittance_unstructured",
                "ar_bank_reference",
                "ar_instruction_id",
                "transaction_type",
                "unique_import_id",
            ),
            [
                (
                    D(2026, 3, 3),
                    1250.0,
                    "ACME SUPPLY CO: ACH PMT INV/2026/00007",
                    "ACME SUPPLY CO",
                    "ACH PMT INV/2026/00007",
                    "202603030001",
                    False,
                    "CREDIT",
                    self._import_id(self.journal_usd, "202603030001"),
                ),
                (
                    D(2026, 3, 5),
                    -42.17,
                    "CAFÉ DU MONDE: POS PURCHASE",
                    "CAFÉ DU MONDE",
                    "POS PURCHASE",
                    "202603050002",
                    False,
                    "DEBIT",
                    self._import_id(self.journal_usd, "202603050002"),
                ),
                (
                    D(2026, 3, 10),
                    -600.0,
                    "CHECK 1042",
                    "CHECK 1042",
                    False,
                    "202603100003",
                    "1042",
                    "CHECK",
                    self._import_id(self.journal_usd, "202603100003"),
                ),
                (
                    D(2026, 3, 20),
                    3100.5,
                    "MOBILE DEPOSIT",
                    "MOBILE DEPOSIT",
                    "MOBILE DEPOSIT",
                    "202603200004",
                    "DEP-77812",
                    "DEP",
                    self._import_id(self.journal_usd, "202603200004"),
                ),
            ],
        )

    def test_ofx_v2_xml(self):
        wizard = self._import(self.journal_eur, "ofx_v2_xml.ofx")
        self.assertRecordValues(wizard, [{"file_format": "ofx", "line_count": 2}])
        statement = wizard.statement_ids
        self._assert_statement(statement, False, "ofx", 12500.0, 13680.10)
        self.assertLines(
            self._lines(statement),
            (
                "date",
                "amount",
                "payment_ref",
                "partner_name",
                "ar_bank_reference",
                "transaction_type",
            ),
            [
                (
                    D(2026, 3, 10),
                    1190.0,
                    "Müller & Söhne GmbH: INV/2026/00007 RF18539007547034",
                    "Müller & Söhne GmbH",
                    "DE-2026-0310-001",
                    "CREDIT",
                ),
                (
                    D(2026, 3, 10),
                    -9.9,
                    "Kontoführung",
                    "Kontoführung",
                    "DE-2026-0310-002",
                    "FEE",
                ),
            ],
        )

    # ------------------------------------------------------------------
    # CSV and XLSX through the journal's mapping
    # ------------------------------------------------------------------

    def test_csv_semicolon_decimal_comma(self):
        self.journal_nok.ar_import_mapping_id = self._norwegian_mapping()
        wizard = self._import(self.journal_nok, "csv_semicolon_comma.csv")
        self.assertRecordValues(wizard, [{"file_format": "csv", "line_count": 4}])
        statement = wizard.statement_ids
        # Opening balance derived from the running balance column of the oldest row.
        self._assert_statement(statement, False, "csv", 10000.0, 21515.54)
        self._assert_attachment(statement, "csv_semicolon_comma.csv")
        # The file is newest first; the lines are chronological.
        self.assertLines(
            self._lines(statement),
            (
                "date",
                "ar_value_date",
                "amount",
                "payment_ref",
                "partner_name",
                "account_number",
                "ar_remittance_structured",
                "ar_bank_reference",
                "unique_import_id",
            ),
            [
                (
                    D(2026, 3, 2),
                    D(2026, 3, 2),
                    12500.0,
                    "Innbetaling Bølgen & Moi AS",
                    "Bølgen & Moi AS",
                    "12345678903",
                    "1234567890128",
                    "20260302000001",
                    self._import_id(self.journal_nok, "20260302000001"),
                ),
                (
                    D(2026, 3, 3),
                    D(2026, 3, 3),
                    -1234.56,
                    "Varekjøp Rema 1000 Tromsø",
                    "Rema 1000 Tromsø",
                    False,
                    False,
                    "20260303000002",
                    self._import_id(self.journal_nok, "20260303000002"),
                ),
                (
                    D(2026, 3, 3),
                    D(2026, 3, 4),
                    350.0,
                    "Overføring Ærlig Øvre Ås",
                    "Ærlig Øvre Ås",
                    "15031234567",
                    False,
                    "20260303000003",
                    self._import_id(self.journal_nok, "20260303000003"),
                ),
                (
                    D(2026, 3, 5),
                    D(2026, 3, 5),
                    -99.9,
                    "Gebyr nettbank",
                    False,
                    False,
                    False,
                    "20260305000004",
                    self._import_id(self.journal_nok, "20260305000004"),
                ),
            ],
        )

    def test_csv_latin1_debit_credit(self):
        self.journal_dkk.ar_import_mapping_id = self._danish_mapping()
        wizard = self._import(self.journal_dkk, "csv_debit_credit_latin1.csv")
        self.assertRecordValues(wizard, [{"file_format": "csv", "line_count": 4}])
        statement = wizard.statement_ids
        # No balance in the file: the statement starts from the journal's (empty)
        # balance.
        self._assert_statement(statement, False, "csv", 0.0, 11515.44)
        lines = self._lines(statement)
        self.assertLines(
            lines,
            ("date", "amount", "payment_ref", "partner_name"),
            [
                (D(2026, 3, 10), 12000.0, "Indbetaling faktura 1001", "Høj & Sø ApS"),
                (D(2026, 3, 11), -1250.0, "Husleje", "Ejendomsselskabet Ærø"),
                (D(2026, 3, 12), -84.56, "Gebyr", False),
                (D(2026, 3, 12), 850.0, "Indbetaling faktura 1002", "Åbenrå Træ"),
            ],
        )
        # No transaction ids in the file: content hashes, one per line.
        import_ids = lines.mapped("unique_import_id")
        self.assertEqual(len(set(import_ids)), 4)
        prefix = self._import_id(self.journal_dkk, "h:")
        self.assertTrue(all(import_id.startswith(prefix) for import_id in import_ids))

    def test_csv_comma_delimiter_and_indicator(self):
        self.journal_eur.ar_import_mapping_id = self._mapping(
            delimiter="comma",
            decimal_separator="dot",
            thousands_separator="comma",
            date_format="%Y-%m-%d",
            amount_mode="indicator",
            date_column="Date",
            label_column="Description",
            amount_column="Amount",
            indicator_column="Type",
            currency_column="Currency",
            reference_column="Reference",
            transaction_id_column="Transaction ID",
        )
        statement = self._import(self.journal_eur, "csv_indicator.csv").statement_ids
        self.assertLines(
            self._lines(statement),
            (
                "date",
                "amount",
                "payment_ref",
                "ar_remittance_structured",
                "ar_bank_reference",
            ),
            [
                (
                    D(2026, 4, 1),
                    1250.0,
                    "Payment, invoice INV/2026/0001",
                    "RF18539007547034",
                    "TX-0001",
                ),
                (
                    D(2026, 4, 2),
                    -45.1,
                    'Card purchase, "Office Depot", Paris',
                    False,
                    "TX-0002",
                ),
                (D(2026, 4, 2), 300.0, "Refund", False, "TX-0003"),
                (D(2026, 4, 3), -2000.0, "Transfer out, rent", False, "TX-0004"),
            ],
        )

    def test_xlsx(self):
        self.journal_nok.ar_import_mapping_id = self._xlsx_mapping()
        wizard = self._import(self.journal_nok, "xlsx_statement.xlsx")
        self.assertRecordValues(wizard, [{"file_format": "xlsx", "line_count": 4}])
        statement = wizard.statement_ids
        self._assert_statement(statement, False, "xlsx", 5000.0, 7235.25)
        self._assert_attachment(statement, "xlsx_statement.xlsx")
        self.assertLines(
            self._lines(statement),
            (
                "date",
                "ar_value_date",
                "amount",
                "payment_ref",
                "account_number",
                "ar_remittance_structured",
            ),
            [
                (
                    D(2026, 5, 4),
                    D(2026, 5, 4),
                    1500.5,
                    "Payment invoice 2026/0042",
                    IBAN_NO,
                    "RF18539007547034",
                ),
                (D(2026, 5, 5), D(2026, 5, 6), -15.0, "Bank fee", False, False),
                # A text date and a text amount ("-250,25") in a typed sheet.
                (D(2026, 5, 6), False, -250.25, "Card purchase", False, False),
                (
                    D(2026, 5, 7),
                    D(2026, 5, 7),
                    1000.0,
                    "Payment KID",
                    False,
                    "1234567890128",
                ),
            ],
        )

    # ------------------------------------------------------------------
    # Partner, statement consistency
    # ------------------------------------------------------------------

    def test_partner_found_by_counterparty_account(self):
        Partner = self.env["res.partner"]
        fjordline = Partner.create(
            {
                "name": "Fjordline",
                "bank_ids": [(0, 0, {"acc_number": "NO72 1503 1234 562"})],
            }
        )
        # A BBAN written with spaces is compared sanitised.
        ola = Partner.create(
            {"name": "Ola", "bank_ids": [(0, 0, {"acc_number": "1207 98 76540"})]}
        )
        # The account of a contact identifies its company.
        vestland = Partner.create({"name": "Vestland Regnskap AS", "is_company": True})
        Partner.create(
            {
                "name": "Vestland accountant",
                "parent_id": vestland.id,
                "bank_ids": [(0, 0, {"acc_number": "NO8330001234567"})],
            }
        )
        # An account shared by two partners identifies neither.
        for name in ("Tromso Elektro AS", "Tromso Elektro Holding"):
            Partner.create(
                {"name": name, "bank_ids": [(0, 0, {"acc_number": "NO3815941122334"})]}
            )

        lines = self._lines(
            self._import(self.journal_nok, "camt053_v02_batch.xml").statement_ids
        )
        sepa, kid, _supplier, unknown, shared, contact, interest = lines
        self.assertEqual(sepa.partner_id, fjordline)
        self.assertEqual(kid.partner_id, ola)
        self.assertEqual(contact.partner_id, vestland)
        self.assertFalse(shared.partner_id)
        self.assertFalse(unknown.partner_id)
        self.assertFalse(interest.partner_id)

    def test_running_balance_follows_the_file(self):
        # BUG (wizards/ar_statement_import.py, _prepare_line_vals / action_import): the
        # lines get ``sequence`` 1, 2, ... in file order, but Odoo orders the lines of
        # one day by DESCENDING sequence (internal_index = date + (MAXINT - sequence) +
        # id), so within a day the bank's last transaction is taken as the first and
        # every running balance differs from the bank's. Fix: number the new
        # transactions of a statement downwards, e.g. ``sequence = len(new_transactions)
        # - index``.
        statement = self._import(
            self.journal_nok, "camt053_v02_batch.xml"
        ).statement_ids
        self.assertEqual(
            self._lines(statement).mapped("running_balance"),
            [
                112500.0,
                116875.0,
                93125.0,
                94625.0,
                97125.5,
                102125.0,
                102475.0,
            ],
        )

    def test_attachment_is_linked_to_the_statement(self):
        # BUG (wizards/ar_statement_import.py, _prepare_statement_vals): the attachment
        # is made with Command.create inside the statement's values; Odoo's statement
        # only links attachments given by Command.link/Command.set to the record (see
        # account.bank.statement._check_attachments), so the file stays an orphan: not
        # shown on the statement's chatter, and unreadable for every other non-admin
        # user (ir.attachment.check: no res_id and another creator). Fix: create the
        # ir.attachment first and pass ``[Command.set(attachment.ids)]``, or write
        # res_model/res_id on ``statements.attachment_ids`` after the create.
        statement = self._import(
            self.journal_nok, "camt053_v02_batch.xml"
        ).statement_ids
        self.assertRecordValues(
            statement.attachment_ids,
            [
                {
                    "res_model": "account.bank.statement",
                    "res_id": statement.id,
                }
            ],
        )


@tagged("post_install", "-at_install")
class TestStatementImportDuplicates(ArStatementImportCommon):
    def test_same_file_twice_adds_nothing(self):
        first = self._import(self.journal_nok, "camt053_v02_batch.xml")
        self.assertEqual(first.line_count, 7)
        before = self._counts()

        again = self._import(self.journal_nok, "camt053_v02_batch.xml")
        self.assertRecordValues(
            again, [{"state": "done", "line_count": 0, "duplicate_count": 7}]
        )
        self.assertFalse(again.statement_ids)
        self.assertEqual(self._counts(), before)
        self.assertIn("0 lines created, 7 skipped as duplicates.", again.result_html)
        self.assertIn(
            "STMT-2026-01-15-001: all 7 transactions were imported before; nothing "
            "added.",
            again.result_html,
        )

    def test_same_file_without_bank_references_twice(self):
        # Content hashes must be stable from one import to the next.
        journal = self._bank_journal(
            "Bank DKK",
            "BDKK",
            IBAN_DK,
            self.dkk,
            ar_import_mapping_id=self._danish_mapping().id,
        )
        self.assertEqual(
            self._import(journal, "csv_debit_credit_latin1.csv").line_count, 4
        )
        before = self._counts()
        again = self._import(journal, "csv_debit_credit_latin1.csv")
        self.assertRecordValues(again, [{"line_count": 0, "duplicate_count": 4}])
        self.assertEqual(self._counts(), before)

    def _csv_head(self, *row_numbers):
        """The Norwegian CSV sample: its header and the given data rows (1-based)."""
        rows = self._sample("csv_semicolon_comma.csv").splitlines(keepends=True)
        return b"".join([rows[0]] + [rows[n] for n in row_numbers])

    def test_overlapping_file_imports_only_new_transactions(self):
        self.journal_nok.ar_import_mapping_id = self._norwegian_mapping()
        # The two oldest rows (the file is newest first), then the whole file.
        first = self._import(
            self.journal_nok, "csv_semicolon_comma.csv", data=self._csv_head(3, 4)
        )
        self.assertEqual(
            self._lines(first.statement_ids).mapped("amount"), [12500.0, -1234.56]
        )

        wizard = self._import(self.journal_nok, "csv_semicolon_comma.csv")
        self.assertRecordValues(wizard, [{"line_count": 2, "duplicate_count": 2}])
        statement = wizard.statement_ids
        self.assertEqual(self._lines(statement).mapped("amount"), [350.0, -99.9])
        self.assertEqual(statement.balance_end_real, 21515.54)
        self.assertIn(
            "csv_semicolon_comma.csv: 2 transactions were imported before and were "
            "skipped.",
            wizard.result_html,
        )
        self.assertEqual(
            self.env["account.bank.statement.line"].search_count(
                [("journal_id", "=", self.journal_nok.id)]
            ),
            4,
        )

    def test_overlapping_file_gives_a_consistent_statement(self):
        # BUG (wizards/ar_statement_import.py, _prepare_statement_vals): when
        # transactions are skipped as duplicates, balance_start is still the file's
        # opening balance while only the new lines are added, so balance_start + lines
        # != balance_end_real: Odoo flags the statement incomplete and invalid although
        # every transaction is in the journal. Fix: when some transactions were skipped,
        # start from the closing balance minus the new lines (as is done already without
        # an opening balance): ``balance_start = closing_balance - new_total``, or
        # opening + skipped amounts.
        self.journal_nok.ar_import_mapping_id = self._norwegian_mapping()
        self._import(
            self.journal_nok, "csv_semicolon_comma.csv", data=self._csv_head(3, 4)
        )
        statement = self._import(
            self.journal_nok, "csv_semicolon_comma.csv"
        ).statement_ids
        self.assertRecordValues(
            statement,
            [
                {
                    "balance_start": 21265.44,
                    "balance_end_real": 21515.54,
                    "is_complete": True,
                    "is_valid": True,
                }
            ],
        )

    def test_overlapping_mt940_skips_the_known_statement(self):
        data = self._sample("mt940_structured86.sta")
        first_message = data[: data.index(b":20:STMT260305")]
        first = self._import(self.journal_eur, "first.sta", data=first_message)
        self.assertEqual(first.line_count, 3)

        wizard = self._import(self.journal_eur, "mt940_structured86.sta")
        self.assertRecordValues(wizard, [{"line_count": 3, "duplicate_count": 3}])
        self.assertEqual(wizard.statement_ids.mapped("name"), ["STMT260305"])
        self.assertIn(
            "STMT260303: all 3 transactions were imported before; nothing added.",
            wizard.result_html,
        )

    def test_result_text_is_escaped(self):
        self.journal_nok.ar_import_mapping_id = self._norwegian_mapping()
        data = self._sample("csv_semicolon_comma.csv")
        self._import(self.journal_nok, "<b>x</b>.csv", data=data)
        wizard = self._import(self.journal_nok, "<b>x</b>.csv", data=data)
        self.assertIn(
            "&lt;b&gt;x&lt;/b&gt;.csv: all 4 transactions", wizard.result_html
        )

    def test_unique_import_id_is_enforced_by_the_database(self):
        """Two users importing the same file at once: the second insert must fail."""
        line = self._import(
            self.journal_nok, "camt054_v02_kid.xml"
        ).statement_ids.line_ids[0]
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.cr.savepoint(),
        ):
            self.env["account.bank.statement.line"].create(
                {
                    "journal_id": self.journal_nok.id,
                    "date": "2026-01-20",
                    "amount": 1250.0,
                    "payment_ref": "concurrent import",
                    "unique_import_id": line.unique_import_id,
                }
            )


@tagged("post_install", "-at_install")
class TestStatementImportActions(ArStatementImportCommon):
    def test_form_import_like_the_ui(self):
        data = self._sample("camt054_v02_kid.xml")
        form = Form(
            self.env["ar.statement.import"].with_context(
                default_journal_id=self.journal_nok.id
            )
        )
        self.assertEqual(form.journal_id, self.journal_nok)
        self.assertEqual(form.state, "upload")
        # The binary widget would also fill the (invisible) file name; Form cannot.
        form.data_file = base64.b64encode(data).decode()
        wizard = form.save()
        action = wizard.action_import()
        self.assertEqual(
            action,
            {
                "type": "ir.actions.act_window",
                "name": "Statement Import",
                "res_model": "ar.statement.import",
                "res_id": wizard.id,
                "view_mode": "form",
                "target": "new",
            },
        )
        self.assertRecordValues(
            wizard, [{"state": "done", "line_count": 4, "duplicate_count": 0}]
        )
        self.assertEqual(wizard.statement_ids.journal_id, self.journal_nok)
        self.assertFalse(wizard.statement_ids.reference)
        self.assertEqual(wizard.statement_ids.attachment_ids.name, "statement")

    def test_open_wizard_from_journal_and_statement(self):
        action = self.journal_nok.action_ar_import_statement()
        self.assertEqual(
            (action["res_model"], action["target"], action["context"]),
            ("ar.statement.import", "new", {"default_journal_id": self.journal_nok.id}),
        )
        wizard = (
            self.env["ar.statement.import"].with_context(**action["context"]).create({})
        )
        self.assertEqual(wizard.journal_id, self.journal_nok)

        statement = self._import(self.journal_eur, "ofx_v2_xml.ofx").statement_ids
        self.assertEqual(
            statement.action_ar_import_statement()["context"],
            {"default_journal_id": self.journal_eur.id},
        )

        # Called from a journal record (action menu): a bank journal is the default,
        # others not.
        Wizard = self.env["ar.statement.import"]
        self.assertEqual(
            Wizard.with_context(
                active_model="account.journal", active_id=self.journal_usd.id
            )._default_journal(),
            self.journal_usd,
        )
        sale_journal = self.company_data["default_journal_sale"]
        self.assertFalse(
            Wizard.with_context(
                active_model="account.journal", active_id=sale_journal.id
            )._default_journal()
        )

    def test_open_statements(self):
        wizard = self._import(self.journal_nok, "camt053_v02_batch.xml")
        action = wizard.action_open_statements()
        self.assertEqual(action["res_model"], "account.bank.statement")
        self.assertEqual(action["domain"], [("id", "in", wizard.statement_ids.ids)])
        self.assertEqual(action["context"], {"default_journal_id": self.journal_nok.id})
        # One statement: opened directly in its form.
        self.assertEqual(
            (action["view_mode"], action["res_id"], action["views"]),
            ("form", wizard.statement_ids.id, [(False, "form")]),
        )

        wizard = self._import(self.journal_eur, "mt940_structured86.sta")
        action = wizard.action_open_statements()
        self.assertEqual(len(wizard.statement_ids), 2)
        self.assertEqual(action["domain"], [("id", "in", wizard.statement_ids.ids)])
        self.assertEqual(action["view_mode"], "list,pivot,graph,form")
        self.assertFalse(action["res_id"])
