"""Nets OCR giro files through the statement import wizard, applied by KID."""

import base64
from datetime import date
from decimal import Decimal

import netsgiro

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from ..lib import references
from .common import IBAN_NO, PaymentApplicationCommon

AGREEMENT = "001234567"
ASSIGNMENT = "0000042"
ACCOUNT = IBAN_NO[4:]  # the agreement account: the BBAN of the NOK journal's IBAN
SETTLED = date(2026, 1, 20)
PAYER_ACCOUNT = "12079876540"


def ocr_file(payments, account=ACCOUNT):
    """An OCR giro transmission written by netsgiro: one assignment of ``account``,
    a transaction per ``(type, amount, kid, payer account, text)``."""
    transmission = netsgiro.Transmission(
        number="0000007",
        data_transmitter="00008080",
        data_recipient="12345678",
        date=SETTLED,
    )
    assignment = transmission.add_assignment(
        service_code=netsgiro.ServiceCode.OCR_GIRO,
        assignment_type=netsgiro.AssignmentType.TRANSACTIONS,
        agreement_id=AGREEMENT,
        number=ASSIGNMENT,
        account=account,
        date=SETTLED,
    )
    for number, (kind, amount, kid, payer, text) in enumerate(payments, start=1):
        assignment.transactions.append(
            netsgiro.Transaction(
                service_code=netsgiro.ServiceCode.OCR_GIRO,
                type=netsgiro.TransactionType(kind),
                number=number,
                date=SETTLED,
                amount=Decimal(amount),
                kid=kid,
                reference="%09d" % (500000000 + number),
                text=text,
                centre_id="01",
                day_code=20,
                partial_settlement_number=1,
                partial_settlement_serial_number="00042",
                sign="0",
                form_number="0000000000",
                bank_date=date(2026, 1, 18),
                debit_account=payer,
                filler=None,
            )
        )
    return transmission.to_ocr().encode("latin-1")


@tagged("post_install", "-at_install")
class TestNetsOcrImport(PaymentApplicationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ola = cls._partner("Ola Nordmann AS", PAYER_ACCOUNT)
        cls.kid_ola = cls._kid()
        cls.kid_other = cls._kid()
        cls.kid_fjord = references.make_kid("000471102", "mod11")
        cls.kid_unknown = cls._kid()  # of no invoice
        # Two open invoices of the same amount: only the KID tells them apart.
        cls.invoice_ola = cls._invoice(
            cls.ola, 1250.0, currency=cls.nok, payment_reference=cls.kid_ola
        )
        cls.invoice_other = cls._invoice(
            cls.ola, 1250.0, currency=cls.nok, payment_reference=cls.kid_other
        )
        # A reference printed in groups on the invoice, paid by a payer we do not know.
        printed = " ".join(
            cls.kid_fjord[i : i + 4] for i in range(0, len(cls.kid_fjord), 4)
        )
        cls.invoice_fjord = cls._invoice(
            cls.fjord, 980.55, currency=cls.nok, payment_reference=printed
        )
        cls.payments = [
            (10, "1250.00", cls.kid_ola, PAYER_ACCOUNT, None),
            (13, "980.55", cls.kid_fjord, "00000000000", None),
            (21, "0.01", cls.kid_unknown, "60011234567", "Gave til kantina"),
        ]

    def _import_form(self, data, journal=None):
        """Import ``data`` the way the user does: the wizard's form, then Import."""
        journal = journal or self.journal_nok
        form = Form(
            self.env["ar.statement.import"].with_context(default_journal_id=journal.id)
        )
        form.data_file = base64.b64encode(data).decode()
        wizard = form.save()
        wizard.action_import()
        return wizard

    def test_import_lines_with_kid_and_apply_by_kid_at_high_confidence(self):
        wizard = self._import_form(ocr_file(self.payments))
        self.assertRecordValues(
            wizard,
            [
                {
                    "state": "done",
                    "file_format": "nets_ocr",
                    "line_count": 3,
                    "duplicate_count": 0,
                }
            ],
        )
        statement = wizard.statement_ids
        self.assertRecordValues(
            statement,
            [
                {
                    "name": f"{AGREEMENT}-{ASSIGNMENT}",
                    "journal_id": self.journal_nok.id,
                    "ar_import_format": "nets_ocr",
                    "balance_start": 0.0,
                    "balance_end_real": 2230.56,
                }
            ],
        )
        ola, fjord, text = lines = self._lines(statement)
        self.assertLines(
            lines,
            (
                "date",
                "amount",
                "payment_ref",
                "ar_remittance_structured",
                "ar_structured_ref_type",
                "account_number",
                "partner_id",
                "ar_bank_reference",
                "transaction_type",
                "ar_remittance_unstructured",
                "unique_import_id",
            ),
            [
                (
                    SETTLED,
                    1250.0,
                    f"KID {self.kid_ola}",
                    self.kid_ola,
                    "KID",
                    PAYER_ACCOUNT,
                    self.ola,
                    "500000001",
                    "NETS/10",
                    False,
                    self._import_id(
                        self.journal_nok,
                        f"nets:{AGREEMENT}:{ASSIGNMENT}:20260120:0000001",
                    ),
                ),
                (
                    SETTLED,
                    980.55,
                    f"KID {self.kid_fjord}",
                    self.kid_fjord,
                    "KID",
                    False,
                    self.env["res.partner"],
                    "500000002",
                    "NETS/13",
                    False,
                    self._import_id(
                        self.journal_nok,
                        f"nets:{AGREEMENT}:{ASSIGNMENT}:20260120:0000002",
                    ),
                ),
                (
                    SETTLED,
                    0.01,
                    f"KID {self.kid_unknown}",
                    self.kid_unknown,
                    "KID",
                    "60011234567",
                    self.env["res.partner"],
                    "500000003",
                    "NETS/21",
                    "Gave til kantina",
                    self._import_id(
                        self.journal_nok,
                        f"nets:{AGREEMENT}:{ASSIGNMENT}:20260120:0000003",
                    ),
                ),
            ],
        )
        # Batch and assignment identifiers stay on the line.
        details = ola.transaction_details
        self.assertEqual(
            (
                details["agreement_id"],
                details["assignment_number"],
                details["transaction_number"],
                details["settlement"],
                details["bank_date"],
            ),
            (AGREEMENT, ASSIGNMENT, 1, "0120100042", "2026-01-18"),
        )

        # Applied by KID: the invoice whose payment reference is the KID, not the
        # other invoice of the same amount; the payer's account names the customer.
        self.assertRecordValues(
            ola,
            [
                {
                    "ar_match_confidence": "high",
                    "ar_review_required": False,
                    "ar_partner_id": self.ola.id,
                    "ar_applied_entries": self.invoice_ola.name,
                    "ar_difference": 0.0,
                }
            ],
        )
        self.assertApplications(ola, [(self._open_item(self.invoice_ola), 1250.0)])
        self.assertIn(
            f"Doc match: The payment reference {self.kid_ola} equals the line's KID "
            f"{self.kid_ola}, whose check digit is valid.",
            ola.ar_application_ids.evidence,
        )
        self.assertEqual(self._open_item(self.invoice_other).ar_pending_amount, 0.0)
        # A MOD11 KID the invoice printed in groups; no payer account in the file.
        self.assertRecordValues(
            fjord,
            [
                {
                    "ar_match_confidence": "high",
                    "ar_partner_id": self.fjord.id,
                    "ar_applied_entries": self.invoice_fjord.name,
                }
            ],
        )
        self.assertIn("equals the line's KID", fjord.ar_match_details)
        self.assertEqual(text.ar_match_confidence, "none")

        # The proposal posts like any other: the invoice is paid.
        ola.action_post_applications()
        self.assertPayment(self.invoice_ola, "paid", 0.0)
        self.assertPayment(self.invoice_other, "not_paid", 1250.0)

    def test_the_same_file_again_adds_nothing(self):
        data = ocr_file(self.payments)
        self._import_form(data)
        again = self._import_form(data)
        self.assertRecordValues(
            again, [{"line_count": 0, "duplicate_count": 3, "statement_ids": []}]
        )

    def test_a_file_for_another_agreement_account_is_refused(self):
        self.assertImportRefused(
            self.journal_nok,
            "ocr.txt",
            "The file is for bank account 15031234562, not for NO9386011117947 of "
            "journal Bank NOK",
            data=ocr_file(self.payments, account="15031234562"),
        )

    def test_a_kroner_file_is_refused_in_a_dollar_journal(self):
        usd_journal = self._bank_journal(
            "Bank USD OCR", "BUOC", "NO83 3000 1234 567", self.usd
        )
        self.assertImportRefused(
            usd_journal,
            "ocr.txt",
            "is in NOK, but journal Bank USD OCR is in USD",
            data=ocr_file(self.payments, account="30001234567"),
        )

    def test_a_damaged_file_is_refused_with_the_line_and_what_to_do(self):
        lines = ocr_file(self.payments).decode("latin-1").split("\n")
        lines[2] = lines[2][:60]
        self.assertImportRefused(
            self.journal_nok,
            "ocr.txt",
            r"^ocr\.txt cannot be imported: Line 3 has 60 characters, but every record "
            r"of a Nets OCR giro file has 80: the file was cut or changed after Nets "
            r"wrote it\. Download the file again from the bank or Nets\.$",
            data="\n".join(lines).encode("latin-1"),
        )

    def test_control_totals_that_do_not_add_up_are_refused(self):
        text = ocr_file(self.payments).decode("latin-1")
        lines = text.split("\n")
        end = lines[-2]  # the assignment end: its total in øre at 24-41
        lines[-2] = end[:24] + "%017d" % 223055 + end[41:]
        self.assertImportRefused(
            self.journal_nok,
            "ocr.txt",
            r"Assignment 0000042 states a total of kr\s2,230\.55, but its "
            r"transactions add up to kr\s2,230\.56: the file is damaged\.",
            data="\n".join(lines).encode("latin-1"),
        )

    def test_a_norwegian_clerk_reads_refusals_and_evidence_in_norwegian(self):
        self.env["res.lang"]._activate_lang("nb_NO")
        lines = ocr_file(self.payments).decode("latin-1").split("\n")
        end = lines[-2]
        lines[-2] = end[:24] + "%017d" % 223055 + end[41:]
        wizard = (
            self.env["ar.statement.import"]
            .with_context(lang="nb_NO")
            .create(
                {
                    "journal_id": self.journal_nok.id,
                    "data_file": base64.b64encode("\n".join(lines).encode("latin-1")),
                    "filename": "ocr.txt",
                }
            )
        )
        with self.assertRaisesRegex(
            UserError,
            r"^ocr\.txt kan ikke importeres: Oppdrag 0000042 oppgir en sum på "
            r"kr\s2\s230,55, men transaksjonene summerer seg til kr\s2\s230,56: "
            r"filen er skadet\. Last ned filen på nytt fra banken eller Nets\.$",
        ):
            wizard.action_import()

        ola = self._lines(self._import_form(ocr_file(self.payments)).statement_ids)[0]
        self.assertIn(
            f"er lik linjens KID {self.kid_ola}, og kontrollsifferet er gyldig.",
            ola.with_context(lang="nb_NO").ar_match_details,
        )
