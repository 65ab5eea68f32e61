"""Payment application end to end: import, automatic application, review, posting
and undo."""

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import (
    IBAN_BAKERY,
    IBAN_FJORD,
    IBAN_PAPER,
    PaymentApplicationCommon,
)


@tagged("post_install", "-at_install")
class TestPaymentApplicationFlow(PaymentApplicationCommon):
    def _rule(self, name):
        return self._default_rule(name)

    # ------------------------------------------------------------------
    # One line, one document
    # ------------------------------------------------------------------

    def test_customer_invoice_by_structured_reference(self):
        rf = self._rf()
        invoice = self._invoice(self.fjord, 1250.0, payment_reference=rf)
        other = self._invoice(self.fjord, 1250.0)  # same amount, other reference
        item = self._open_item(invoice)

        line = self._import_camt(
            [
                {
                    "amount": 1250.0,
                    "ref": "BNK-0001",
                    "name": "Fjordline Handel AS",
                    "iban": IBAN_FJORD,
                    "strd": rf,
                    "e2e": "E2E-FJ-1",
                }
            ]
        )
        # The import found the customer by the IBAN and applied the line at once.
        self.assertRecordValues(
            line,
            [
                {
                    "partner_id": self.fjord.id,
                    "ar_remittance_structured": rf,
                    "ar_auto_applied": True,
                    "ar_match_confidence": "high",
                    "ar_review_required": False,
                    "ar_rule_id": self._rule(
                        "high_4"
                    ).id,  # Fully / Yes / Multiple (two of 1,250.00)
                    "ar_partner_id": self.fjord.id,
                    "ar_applied_amount": 1250.0,
                    "ar_difference": 0.0,
                    "ar_applied_entries": invoice.name,
                }
            ],
        )
        self.assertApplications(line, [(item, 1250.0)])
        application = line.ar_application_ids
        self.assertRecordValues(
            application,
            [
                {
                    "kind": "entry",
                    "manual": False,
                    "move_id": invoice.id,
                    "rule_id": self._rule("high_4").id,
                }
            ],
        )
        details = line.ar_match_details
        self.assertIn("The partner was set on the statement line.", details)
        self.assertIn(
            f"The payment reference {rf} equals the line's structured reference {rf}.",
            details,
        )
        self.assertIn(
            "inside the window $\xa01,250.00 to $\xa01,250.00 for the line amount "
            "$\xa01,250.00; "
            "2 candidate(s) of the identified partner in it.",
            details,
        )
        self.assertEqual(
            application.evidence.split("\n")[1],
            f"Doc match: The payment reference {rf} equals the line's structured "
            f"reference {rf}.",
        )
        self.assertEqual(item.ar_pending_amount, 1250.0)
        self.assertEqual(self._open_item(other).ar_pending_amount, 0.0)

        posted = line.action_post_applications()
        self.assertEqual(posted, line)
        self.assertPosted(line, [(item.account_id, -1250.0, item)])
        self.assertPayment(invoice, "paid", 0.0)
        self.assertPayment(other, "not_paid", 1250.0)
        self.assertEqual(item.ar_pending_amount, 0.0)
        self.assertEqual(line.move_id.line_ids.partner_id, self.fjord)

    def test_kid_in_free_text_and_bank_account(self):
        """A line created by hand (no partner set): the IBAN identifies the customer and
        the KID is read from the free text with its check digit."""
        kid = self._kid()
        invoice = self._invoice(self.bakery, 480.0, payment_reference=kid)
        item = self._open_item(invoice)
        line = self._line(
            480.0,
            f"Betaling KID {kid} takk",
            account_number=IBAN_BAKERY,
            partner_name="Bakeriet Solsiden",
        )
        self.assertEqual(line.ar_match_confidence, "none")
        line.action_apply_automatically()
        self.assertRecordValues(
            line,
            [
                {
                    "ar_match_confidence": "high",
                    "ar_review_required": False,
                    "ar_rule_id": self._rule("high_3").id,
                    "ar_partner_id": self.bakery.id,
                    "ar_difference": 0.0,
                    "partner_id": False,
                }
            ],
        )
        self.assertApplications(line, [(item, 480.0)])
        self.assertIn(
            f"Matched on the bank account {IBAN_BAKERY} (Bakeriet Solsiden AS).",
            line.ar_match_details,
        )
        self.assertRegex(
            line.ar_match_details,
            rf"The payment reference {kid} was found as a (KID|FI|OCR_SE) "
            r"structured reference with a valid check digit",
        )
        line.action_post_applications()
        self.assertPosted(line, [(item.account_id, -480.0, item)])
        # Posting sets the partner found by the application on the line.
        self.assertEqual(line.partner_id, self.bakery)
        self.assertPayment(invoice, "paid", 0.0)

    def test_invoice_number_in_text(self):
        invoice = self._invoice(self.bakery, 730.0)
        item = self._open_item(invoice)
        line = self._import_camt(
            [
                {
                    "amount": 730.0,
                    "ref": "BNK-0002",
                    "name": "Bakeriet Solsiden AS",
                    "ustrd": f"Faktura {invoice.name}",
                }
            ]
        )
        self.assertFalse(
            line.partner_id, "no IBAN in the file: the import cannot tell the customer"
        )
        self.assertRecordValues(
            line,
            [
                {
                    "ar_match_confidence": "high",
                    "ar_review_required": False,
                    "ar_partner_id": self.bakery.id,
                    "ar_rule_id": self._rule("high_3").id,
                    "ar_difference": 0.0,
                }
            ],
        )
        self.assertApplications(line, [(item, 730.0)])
        self.assertIn(
            f"The document number {invoice.name} was found as a whole word in "
            f'"Faktura {invoice.name}".',
            line.ar_match_details,
        )
        self.assertIn('counterparty name "Bakeriet Solsiden AS"', line.ar_match_details)
        line.action_post_applications()
        self.assertPosted(line, [(item.account_id, -730.0, item)])
        self.assertPayment(invoice, "paid", 0.0)

    def test_credit_note_paid_out(self):
        refund = self._invoice(self.fjord, 250.0, move_type="out_refund")
        item = self._open_item(refund)
        self.assertAlmostEqual(item.amount_residual, -250.0)
        self._invoice(
            self.fjord, 250.0
        )  # an invoice of the same amount is never a candidate
        line = self._import_camt(
            [
                {
                    "amount": -250.0,
                    "ref": "BNK-0003",
                    "name": "Fjordline Handel AS",
                    "iban": IBAN_FJORD,
                    "ustrd": f"Refund {refund.name}",
                }
            ]
        )
        self.assertEqual(line.amount, -250.0)
        self.assertRecordValues(
            line,
            [
                {
                    "ar_match_confidence": "high",
                    "ar_review_required": False,
                    "ar_applied_amount": -250.0,
                    "ar_difference": 0.0,
                    "ar_rule_id": self._rule("high_3").id,
                }
            ],
        )
        self.assertApplications(line, [(item, -250.0)])
        line.action_post_applications()
        self.assertPosted(line, [(item.account_id, 250.0, item)])
        self.assertPayment(refund, "paid", 0.0)

    def test_vendor_bill_paid(self):
        bill = self._invoice(self.paper, 800.0, move_type="in_invoice", ref="NPS-88231")
        item = self._open_item(bill)
        self.assertEqual(item.account_id.account_type, "liability_payable")
        line = self._import_camt(
            [
                {
                    "amount": -800.0,
                    "ref": "BNK-0004",
                    "name": "Nordic Paper Supply AB",
                    "iban": IBAN_PAPER,
                    "ustrd": "Your invoice NPS-88231",
                }
            ]
        )
        self.assertEqual(line.partner_id, self.paper)
        self.assertRecordValues(
            line,
            [
                {
                    "ar_match_confidence": "high",
                    "ar_review_required": False,
                    "ar_difference": 0.0,
                    "ar_rule_id": self._rule("high_3").id,
                }
            ],
        )
        self.assertApplications(line, [(item, -800.0)])
        self.assertIn(
            "The external reference NPS-88231 was found as a whole word",
            line.ar_match_details,
        )
        line.action_post_applications()
        self.assertPosted(line, [(item.account_id, 800.0, item)])
        self.assertPayment(bill, "paid", 0.0)

    def test_vendor_refund_received(self):
        refund = self._invoice(self.paper, 120.0, move_type="in_refund", ref="NPS-CN-7")
        item = self._open_item(refund)
        self.assertAlmostEqual(item.amount_residual, 120.0)
        line = self._line(120.0, "Credit NPS-CN-7", account_number=IBAN_PAPER)
        line.action_apply_automatically()
        self.assertRecordValues(
            line, [{"ar_match_confidence": "high", "ar_difference": 0.0}]
        )
        self.assertApplications(line, [(item, 120.0)])
        line.action_post_applications()
        self.assertPosted(line, [(item.account_id, -120.0, item)])
        self.assertPayment(refund, "paid", 0.0)

    def test_candidate_lookback(self):
        old = self._invoice(self.fjord, 260.0, date="2025-10-01")
        line = self._line(260.0, f"Payment {old.name}", account_number=IBAN_FJORD)
        self.journal.ar_candidate_lookback_days = 30
        line.action_apply_automatically()
        self.assertEqual(line.ar_match_confidence, "none")
        self.assertFalse(line.ar_application_ids)
        self.journal.ar_candidate_lookback_days = 0
        line.action_apply_automatically()
        self.assertApplications(line, [(self._open_item(old), 260.0)])

    def test_invoice_dated_after_the_payment_is_no_candidate(self):
        invoice = self._invoice(self.fjord, 75.0, date="2026-01-25")
        line = self._line(75.0, invoice.name, account_number=IBAN_FJORD)  # 2026-01-20
        line.action_apply_automatically()
        self.assertEqual(line.ar_match_confidence, "none")

    def test_name_matching_disabled(self):
        invoice = self._invoice(self.bakery, 333.0)
        line = self._line(333.0, "Payment", partner_name="Bakeriet Solsiden AS")
        line.action_apply_automatically()
        self.assertRecordValues(
            line,
            [{"ar_match_confidence": "high", "ar_rule_id": self._rule("high_8").id}],
        )
        self.journal.ar_name_matching = "off"
        line.action_apply_automatically()
        # No party, no document: an amount alone is only Low.
        self.assertRecordValues(
            line,
            [
                {
                    "ar_match_confidence": "low",
                    "ar_review_required": True,
                    "ar_rule_id": self._rule("low_4").id,
                }
            ],
        )
        self.assertApplications(line, [(self._open_item(invoice), 333.0)])

    def test_installments_paid_by_one_reference(self):
        """An invoice with two installments (30 % now, 70 % later): the reference hits
        both receivable items, which are paid in due-date order."""
        rf = self._rf()
        invoice = self._invoice(
            self.fjord,
            1000.0,
            payment_reference=rf,
            invoice_payment_term_id=self.pay_terms_b.id,
        )
        items = invoice.line_ids.filtered(
            lambda item: item.display_type == "payment_term"
        ).sorted("date_maturity")
        self.assertEqual(items.mapped("amount_residual"), [300.0, 700.0])
        line = self._line(
            1000.0, "Payment", ar_remittance_structured=rf, account_number=IBAN_FJORD
        )
        line.action_apply_automatically()
        self.assertRecordValues(
            line,
            [
                {
                    "ar_match_confidence": "high",
                    "ar_difference": 0.0,
                    "ar_rule_id": self._rule("high_1").id,
                }
            ],
        )
        self.assertApplications(line, [(items[0], 300.0), (items[1], 700.0)])
        line.action_post_applications()
        self.assertPayment(invoice, "paid", 0.0)

    def test_one_payment_two_invoices_in_due_date_order(self):
        # Created first but due later: the due date, not the creation order, decides.
        later = self._invoice(self.fjord, 400.0, due="2026-02-28")
        sooner = self._invoice(self.fjord, 300.0, due="2026-01-31")
        line = self._import_camt(
            [
                {
                    "amount": 700.0,
                    "ref": "BNK-0005",
                    "iban": IBAN_FJORD,
                    "name": "Fjordline Handel AS",
                    "ustrd": f"Invoices {later.name} and {sooner.name}",
                }
            ]
        )
        self.assertRecordValues(
            line,
            [
                {
                    "ar_match_confidence": "high",
                    "ar_review_required": False,
                    "ar_rule_id": self._rule("high_1").id,
                    "ar_difference": 0.0,
                }
            ],
        )
        self.assertApplications(
            line, [(self._open_item(sooner), 300.0), (self._open_item(later), 400.0)]
        )
        self.assertIn(
            "2 open documents of Fjordline Handel AS are referenced",
            line.ar_match_details,
        )
        line.action_post_applications()
        self.assertPosted(
            line,
            [
                (self.account_receivable, -300.0, self._open_item(sooner)),
                (self.account_receivable, -400.0, self._open_item(later)),
            ],
        )
        self.assertPayment(sooner, "paid", 0.0)
        self.assertPayment(later, "paid", 0.0)

    def test_one_payment_two_invoices_insufficient_amount(self):
        later = self._invoice(self.fjord, 400.0, due="2026-02-28")
        sooner = self._invoice(self.fjord, 300.0, due="2026-01-31")
        line = self._import_camt(
            [
                {
                    "amount": 500.0,
                    "ref": "BNK-0006",
                    "iban": IBAN_FJORD,
                    "ustrd": f"{sooner.name} {later.name}",
                }
            ]
        )
        # Fully / Yes - Multiple / no amount match: Medium, to review.
        self.assertRecordValues(
            line,
            [
                {
                    "ar_match_confidence": "medium",
                    "ar_review_required": True,
                    "ar_rule_id": self._rule("medium_1").id,
                    "ar_applied_amount": 500.0,
                    "ar_difference": 0.0,
                }
            ],
        )
        self.assertApplications(
            line, [(self._open_item(sooner), 300.0), (self._open_item(later), 200.0)]
        )
        self.assertIn(
            "outside the window $\xa0500.00 to $\xa0500.00", line.ar_match_details
        )
        self.assertFalse(
            line.action_post_applications(), "a line to review does not post"
        )
        self.assertOpen(line)
        line.action_ar_accept()
        self.assertRecordValues(
            line, [{"ar_application_state": "accepted", "ar_review_required": False}]
        )
        self.assertEqual(line.action_post_applications(), line)
        self.assertPosted(
            line,
            [
                (self.account_receivable, -300.0, self._open_item(sooner)),
                (self.account_receivable, -200.0, None),
            ],
        )
        self.assertPayment(sooner, "paid", 0.0)
        self.assertPayment(later, "partial", 200.0)

    def test_two_lines_pay_one_invoice(self):
        """Many-to-one: the second line only gets what the first leaves open."""
        invoice = self._invoice(self.fjord, 1000.0)
        item = self._open_item(invoice)
        first, second = self._import_camt(
            [
                {
                    "amount": 600.0,
                    "ref": "BNK-0007",
                    "iban": IBAN_FJORD,
                    "ustrd": f"{invoice.name} part 1",
                },
                {
                    "amount": 600.0,
                    "ref": "BNK-0008",
                    "iban": IBAN_FJORD,
                    "ustrd": f"{invoice.name} part 2",
                },
            ]
        )
        self.assertApplications(first, [(item, 600.0)])
        self.assertApplications(second, [(item, 400.0)])
        self.assertRecordValues(
            first + second,
            [
                {
                    "ar_match_confidence": "medium",
                    "ar_review_required": True,
                    "ar_difference": 0.0,
                },
                {
                    "ar_match_confidence": "medium",
                    "ar_review_required": True,
                    "ar_difference": 200.0,
                },
            ],
        )
        self.assertIn(
            f"Only $\xa0400.00 of {invoice.name} was still open: other statement "
            f"lines already apply the rest.",
            second.ar_match_details,
        )
        self.assertAlmostEqual(item.ar_pending_amount, 1000.0)
        self.assertLessEqual(item.ar_pending_amount, item.amount_residual)

        (first + second).action_ar_accept()
        posted = (first + second).action_post_applications()
        self.assertEqual(
            posted, first, "the second line still has a difference of 200.00"
        )
        self.assertPayment(invoice, "partial", 400.0)
        self.assertAlmostEqual(item.ar_pending_amount, 400.0)
        self.assertOpen(second)

        # The overpayment goes to the customer's account as an open credit, then it
        # posts.
        self.env["ar.transfer.difference"].create(
            {
                "statement_line_id": second.id,
                "account_id": item.account_id.id,
                "partner_id": self.fjord.id,
            }
        ).action_transfer()
        self.assertEqual(second.ar_difference, 0.0)
        self.assertEqual(second.action_post_applications(), second)
        self.assertPosted(
            second, [(item.account_id, -400.0, item), (item.account_id, -200.0, None)]
        )
        self.assertPayment(invoice, "paid", 0.0)
        self.assertEqual(item.amount_residual, 0.0)

    def test_equal_alternatives_go_to_review(self):
        """Two open invoices of the payer with the payment's amount and no reference:
        the engine proposes one but sends the line to review and says why."""
        first = self._invoice(self.fjord, 450.0, due="2026-01-15")
        second = self._invoice(self.fjord, 450.0, due="2026-01-25")
        line = self._line(450.0, "Payment", account_number=IBAN_FJORD)
        line.action_apply_automatically()
        self.assertRecordValues(
            line,
            [
                {
                    "ar_match_confidence": "medium",
                    "ar_review_required": True,
                    "ar_rule_id": self._rule("medium_3").id,
                }
            ],
        )
        self.assertApplications(
            line, [(self._open_item(first), 450.0)]
        )  # the one due first
        self.assertIn(
            "There are 2 open entries this line could be applied to with the same "
            "confidence: "
            f"{first.name}, {second.name}.",
            line.ar_match_details,
        )

    def test_two_lines_claim_one_invoice_with_the_same_confidence(self):
        invoice = self._invoice(self.fjord, 500.0)
        first, second = self._import_camt(
            [
                {
                    "amount": 500.0,
                    "ref": "BNK-0020",
                    "iban": IBAN_FJORD,
                    "ustrd": invoice.name,
                },
                {
                    "amount": 500.0,
                    "ref": "BNK-0021",
                    "iban": IBAN_FJORD,
                    "ustrd": invoice.name,
                },
            ]
        )
        self.assertApplications(first, [(self._open_item(invoice), 500.0)])
        self.assertFalse(second.ar_application_ids)
        # A High match that another line could claim as well waits for review.
        self.assertRecordValues(
            first + second,
            [
                {"ar_match_confidence": "high", "ar_review_required": True},
                {"ar_match_confidence": "none", "ar_review_required": False},
            ],
        )
        self.assertIn(
            f"Statement line {second.id} could be applied to the same open entry "
            f"{invoice.name} with the same "
            "confidence.",
            first.ar_match_details,
        )
        self.assertIn(
            f"Open entry {invoice.name} was already applied to statement line "
            f"{first.id} with the same confidence.",
            second.ar_match_details,
        )
        self.assertFalse((first + second).action_post_applications())

    # ------------------------------------------------------------------
    # Tolerance, transfer of a difference, text mapping
    # ------------------------------------------------------------------

    def test_tolerance_window_short_payment(self):
        invoice = self._invoice(self.bakery, 1000.0)
        item = self._open_item(invoice)
        # Without tolerance 997.00 does not match 1,000.00: Low, to review.
        strict = self._line(997.0, "Innbetaling", account_number=IBAN_BAKERY)
        strict.action_apply_automatically()
        self.assertRecordValues(
            strict,
            [
                {
                    "ar_match_confidence": "low",
                    "ar_review_required": True,
                    "ar_rule_id": self._rule("low_1").id,
                }
            ],
        )
        self.assertIn(
            "outside the window $\xa0997.00 to $\xa0997.00", strict.ar_match_details
        )
        strict.action_ar_remove_application()

        self.journal.write(
            {"ar_match_tolerance_type": "amount", "ar_match_tolerance_value": 5.0}
        )
        strict.action_apply_automatically()
        self.assertRecordValues(
            strict,
            [
                {
                    "ar_match_confidence": "high",
                    "ar_review_required": False,
                    "ar_rule_id": self._rule("high_8").id,
                    "ar_applied_amount": 997.0,
                    "ar_difference": 0.0,
                }
            ],
        )
        self.assertApplications(strict, [(item, 997.0)])
        self.assertIn(
            "The open amount $\xa01,000.00 is inside the window $\xa0992.00 to "
            "$\xa01,002.00 for the line "
            "amount $\xa0997.00; 1 candidate(s) of the identified partner in it.",
            strict.ar_match_details,
        )
        strict.action_post_applications()
        self.assertPosted(strict, [(item.account_id, -997.0, None)])
        # A short payment leaves the rest of the invoice open (no payment tolerance
        # write-off).
        self.assertPayment(invoice, "partial", 3.0)

    def test_tolerance_window_overpayment_difference_transferred(self):
        self.journal.write(
            {"ar_match_tolerance_type": "amount", "ar_match_tolerance_value": 5.0}
        )
        invoice = self._invoice(self.bakery, 1000.0)
        item = self._open_item(invoice)
        line = self._import_camt(
            [
                {
                    "amount": 1003.0,
                    "ref": "BNK-0009",
                    "iban": IBAN_BAKERY,
                    "ustrd": "Innbetaling",
                }
            ]
        )
        self.assertRecordValues(
            line,
            [
                {
                    "ar_match_confidence": "high",
                    "ar_review_required": False,
                    "ar_rule_id": self._rule("high_8").id,
                    "ar_applied_amount": 1000.0,
                    "ar_difference": 3.0,
                }
            ],
        )
        self.assertIn(
            "inside the window $\xa0998.00 to $\xa01,008.00", line.ar_match_details
        )
        self.assertFalse(
            line.action_post_applications(), "a difference blocks the posting"
        )
        self.assertOpen(line)
        self.assertPayment(invoice, "not_paid", 1000.0)

        action = line.action_ar_transfer_difference()
        self.assertEqual(action["res_model"], "ar.transfer.difference")
        wizard = Form(
            self.env["ar.transfer.difference"].with_context(**action["context"])
        )
        self.assertEqual(wizard.amount, 3.0)
        self.assertEqual(wizard.label, "Innbetaling")
        wizard.account_id = self.account_writeoff
        wizard.label = "Overpaid"
        wizard.save().action_transfer()
        self.assertRecordValues(
            line,
            [
                {
                    "ar_difference": 0.0,
                    "ar_applied_amount": 1003.0,
                    "ar_match_confidence": "high",
                }
            ],
        )
        self.assertApplications(line, [(item, 1000.0), (self.account_writeoff, 3.0)])
        self.assertRecordValues(
            line.ar_application_ids[1],
            [{"kind": "difference", "manual": True, "label": "Overpaid"}],
        )
        with self.assertRaisesRegex(UserError, "no difference"):
            self.env["ar.transfer.difference"].create(
                {
                    "statement_line_id": line.id,
                    "account_id": self.account_writeoff.id,
                }
            ).action_transfer()

        self.assertEqual(line.action_post_applications(), line)
        self.assertPosted(
            line,
            [(item.account_id, -1000.0, item), (self.account_writeoff, -3.0, None)],
        )
        self.assertEqual(
            line.move_id.line_ids.filtered(
                lambda item: item.account_id == self.account_writeoff
            ).name,
            "Overpaid",
        )
        self.assertPayment(invoice, "paid", 0.0)

    def test_text_mapping_bank_fee(self):
        mapping = self.env["ar.text.mapping"].create(
            {
                "name": "Account fee",
                "sign": "negative",
                "target_type": "account",
                "payment_account_id": self.account_fees.id,
                "label": "Bank fees",
            }
        )
        line = self._import_camt(
            [{"amount": -25.0, "ref": "BNK-0010", "info": "Account fee January 2026"}]
        )
        self.assertRecordValues(
            line,
            [
                {
                    "ar_match_confidence": "text_mapping",
                    "ar_review_required": False,
                    "ar_applied_amount": -25.0,
                    "ar_difference": 0.0,
                    "ar_rule_id": False,
                }
            ],
        )
        self.assertApplications(line, [(self.account_fees, -25.0)])
        self.assertRecordValues(
            line.ar_application_ids,
            [
                {
                    "kind": "text_mapping",
                    "text_mapping_id": mapping.id,
                    "label": "Bank fees",
                    "manual": False,
                }
            ],
        )
        self.assertIn(
            'The mapping text "Account fee" was found in "Account fee January 2026".',
            line.ar_match_details,
        )
        # A receipt with the same text is not mapped (payments only).
        receipt = self._line(25.0, "Account fee refund")
        receipt.action_apply_automatically()
        self.assertEqual(receipt.ar_match_confidence, "none")

        self.assertEqual(line.action_post_applications(), line)
        self.assertPosted(line, [(self.account_fees, 25.0, None)])
        self.assertEqual(
            line.move_id.line_ids.filtered(
                lambda item: item.account_id == self.account_fees
            ).name,
            "Bank fees",
        )

    def test_high_match_beats_text_mapping(self):
        self.env["ar.text.mapping"].create(
            {
                "name": "Fjordline",
                "target_type": "account",
                "receipt_account_id": self.account_revenue.id,
                "payment_account_id": self.account_revenue.id,
            }
        )
        invoice = self._invoice(self.fjord, 90.0)
        line = self._line(90.0, f"Fjordline {invoice.name}", account_number=IBAN_FJORD)
        line.action_apply_automatically()
        self.assertEqual(line.ar_match_confidence, "high")
        self.assertApplications(line, [(self._open_item(invoice), 90.0)])
        self.assertIn(
            "1 text mapping(s) could be applied; they were overridden because a high "
            "match "
            "was found.",
            line.ar_match_details,
        )

    def test_map_text_to_account_from_a_line(self):
        line = self._line(-49.0, "Card terminal fee 01/2026")
        line.action_apply_automatically()
        self.assertEqual(line.ar_match_confidence, "none")
        action = line.action_ar_map_text()
        self.assertEqual(action["res_model"], "ar.text.mapping")
        form = Form(self.env["ar.text.mapping"].with_context(**action["context"]))
        self.assertEqual(form.name, "Card terminal fee 01/2026")
        self.assertEqual(form.sign, "negative")
        self.assertEqual(form.target_type, "account")
        form.name = "Card terminal fee"
        form.payment_account_id = self.account_fees
        mapping = form.save()
        self.assertEqual(mapping.company_id, self.company)
        line.action_apply_automatically()
        self.assertRecordValues(
            line, [{"ar_match_confidence": "text_mapping", "ar_difference": 0.0}]
        )
        self.assertApplications(line, [(self.account_fees, -49.0)])
        line.action_post_applications()
        self.assertPosted(line, [(self.account_fees, 49.0, None)])

    def test_text_mapping_to_a_partner(self):
        """A mapping to a partner posts to the partner's receivable (an open item)."""
        self.env["ar.text.mapping"].create(
            {
                "name": "Rent parking",
                "sign": "positive",
                "target_type": "partner",
                "partner_id": self.bakery.id,
            }
        )
        line = self._line(150.0, "RENT PARKING FEB")
        line.action_apply_automatically()
        self.assertRecordValues(
            line,
            [{"ar_match_confidence": "text_mapping", "ar_partner_id": self.bakery.id}],
        )
        self.assertApplications(line, [(self.account_receivable, 150.0)])
        line.action_post_applications()
        self.assertPosted(line, [(self.account_receivable, -150.0, None)])
        self.assertEqual(line.partner_id, self.bakery)
        counterpart = line._seek_for_lines()[2]
        self.assertEqual(counterpart.partner_id, self.bakery)
        self.assertAlmostEqual(counterpart.amount_residual, -150.0)

    # ------------------------------------------------------------------
    # Manual application
    # ------------------------------------------------------------------

    def _manual_wizard(self, line):
        action = line.action_ar_apply_manually()
        self.assertEqual(action["res_model"], "ar.manual.application")
        return (
            self.env["ar.manual.application"]
            .with_context(**action["context"])
            .create({})
        )

    def test_manual_application(self):
        small = self._invoice(self.fjord, 100.0, due="2026-01-10")
        large = self._invoice(self.fjord, 200.0, due="2026-01-31")
        line = self._line(150.0, "Payment", account_number=IBAN_FJORD)
        line.action_apply_automatically()
        self.assertEqual(line.ar_match_confidence, "low")  # Fully / No / No Matches

        wizard = self._manual_wizard(line)
        candidates = wizard.candidate_ids
        self.assertEqual(
            set(candidates.move_line_id.ids),
            {self._open_item(small).id, self._open_item(large).id},
        )
        # The engine's proposal comes first, ticked.
        self.assertEqual(len(candidates.filtered("selected")), 1)
        for candidate in candidates:
            self.assertEqual(
                candidate.open_amount, candidate.move_line_id.amount_residual
            )
            self.assertIn(
                "Related party: Matched on the bank account", candidate.evidence
            )
        # The clerk splits the payment: 100.00 to the first invoice, 50.00 to the
        # second.
        candidates.write({"selected": False, "amount_to_apply": 0.0})
        first = candidates.filtered(lambda c: c.move_line_id == self._open_item(small))
        second = candidates - first
        first.write({"selected": True, "amount_to_apply": 100.0})
        second.write({"selected": True, "amount_to_apply": 50.0})
        self.assertEqual(wizard.difference, 0.0)
        wizard.action_apply()

        self.assertRecordValues(
            line,
            [
                {
                    "ar_application_state": "manual",
                    "ar_review_required": False,
                    "ar_rule_id": False,
                    "ar_partner_id": self.fjord.id,
                    "ar_difference": 0.0,
                }
            ],
        )
        self.assertApplications(
            line, [(self._open_item(small), 100.0), (self._open_item(large), 50.0)]
        )
        self.assertTrue(all(line.ar_application_ids.mapped("manual")))
        self.assertIn("Applied manually by", line.ar_match_details)

        # Automatic application leaves a manual line alone.
        line.action_apply_automatically()
        self.assertEqual(line.ar_application_state, "manual")
        self.assertApplications(
            line, [(self._open_item(small), 100.0), (self._open_item(large), 50.0)]
        )

        self.assertEqual(line.action_post_applications(), line)
        self.assertPosted(
            line,
            [
                (self.account_receivable, -100.0, self._open_item(small)),
                (self.account_receivable, -50.0, None),
            ],
        )
        self.assertPayment(small, "paid", 0.0)
        self.assertPayment(large, "partial", 150.0)

    def test_manual_application_refuses_too_much(self):
        invoice = self._invoice(self.fjord, 100.0)
        line = self._line(150.0, "Payment", account_number=IBAN_FJORD)
        wizard = self._manual_wizard(line)
        candidate = wizard.candidate_ids.filtered(
            lambda c: c.move_line_id == self._open_item(invoice)
        )
        candidate.write({"selected": True, "amount_to_apply": 120.0})
        with self.assertRaisesRegex(UserError, "only open for"):
            wizard.action_apply()
        candidate.amount_to_apply = -100.0
        with self.assertRaisesRegex(UserError, "sign of the open amount"):
            wizard.action_apply()
        self.assertFalse(line.ar_application_ids)

    def test_manual_application_with_the_form(self):
        """The Apply Manually dialog saves from the web client: the browser sends the
        entries back."""
        invoice = self._invoice(self.fjord, 200.0)
        item = self._open_item(invoice)
        line = self._line(150.0, "Payment", account_number=IBAN_FJORD)
        action = line.action_ar_apply_manually()
        form = Form(self.env["ar.manual.application"].with_context(**action["context"]))
        self.assertEqual(len(form.candidate_ids), 1)
        with form.candidate_ids.edit(0) as candidate:
            self.assertFalse(candidate.selected)
            self.assertEqual(candidate.open_amount, 200.0)
            candidate.selected = True
            self.assertEqual(
                candidate.amount_to_apply, 150.0
            )  # what the payment has left
            candidate.amount_to_apply = 120.0
        self.assertEqual(form.difference, 30.0)
        wizard = form.save()
        wizard.action_apply()
        self.assertEqual(line.ar_application_state, "manual")
        self.assertApplications(line, [(item, 120.0)])
        self.assertEqual(line.ar_difference, 30.0)

    def test_manual_application_lists_entries_of_unidentified_payer(self):
        """An anonymous payment still finds its invoice in the Apply Manually dialog
        (closest amounts)."""
        invoice = self._invoice(self.fjord, 200.0)
        line = self._line(150.0, "Payment")  # no name, account or reference
        wizard = self._manual_wizard(line)
        self.assertIn(self._open_item(invoice), wizard.candidate_ids.move_line_id)

    def test_manual_application_after_setting_the_partner(self):
        """The workaround for an anonymous payment: set the partner on the line, then
        the partner's open entries are candidates whatever their amount."""
        invoice = self._invoice(self.fjord, 200.0)
        line = self._line(150.0, "Payment")
        line.partner_id = self.fjord
        wizard = self._manual_wizard(line)
        candidate = wizard.candidate_ids.filtered(
            lambda c: c.move_line_id == self._open_item(invoice)
        )
        self.assertEqual(candidate.open_amount, 200.0)
        self.assertIn("The partner was set on the statement line.", candidate.evidence)
        candidate.write({"selected": True, "amount_to_apply": 150.0})
        wizard.action_apply()
        line.action_post_applications()
        self.assertPosted(line, [(self.account_receivable, -150.0, None)])
        self.assertPayment(invoice, "partial", 50.0)

    # ------------------------------------------------------------------
    # Review actions, partial posting, undo
    # ------------------------------------------------------------------

    def test_accept_then_post(self):
        invoice = self._invoice(self.bakery, 900.0)
        item = self._open_item(invoice)
        line = self._line(900.0, f"Betaling {invoice.name}")  # no party: No / Yes / One
        line.action_apply_automatically()
        self.assertRecordValues(
            line,
            [
                {
                    "ar_match_confidence": "high",
                    "ar_review_required": False,
                    "ar_rule_id": self._rule("high_9").id,
                }
            ],
        )
        # Same line, paying only part: No / Yes / No Matches gives Medium 8, to review.
        line.action_ar_remove_application()
        line.amount = 600.0
        line.action_apply_automatically()
        self.assertRecordValues(
            line,
            [
                {
                    "ar_match_confidence": "medium",
                    "ar_review_required": True,
                    "ar_rule_id": self._rule("medium_8").id,
                }
            ],
        )
        self.assertApplications(line, [(item, 600.0)])
        self.assertFalse(line.action_post_applications())
        line.action_ar_accept()
        self.assertRecordValues(
            line, [{"ar_application_state": "accepted", "ar_review_required": False}]
        )
        # Accepted lines are kept by automatic application.
        line.action_apply_automatically()
        self.assertEqual(line.ar_application_state, "accepted")
        self.assertApplications(line, [(item, 600.0)])
        self.assertEqual(line.action_post_applications(), line)
        self.assertPosted(line, [(item.account_id, -600.0, item)])
        self.assertPayment(invoice, "partial", 300.0)
        with self.assertRaisesRegex(UserError, "undo the posting first"):
            line.action_ar_accept()

    def test_accept_without_application_does_nothing(self):
        line = self._line(10.0, "Unknown")
        line.action_apply_automatically()
        self.assertEqual(line.ar_match_confidence, "none")
        line.action_ar_accept()
        self.assertEqual(line.ar_match_confidence, "none")

    def test_remove_application(self):
        invoice = self._invoice(self.fjord, 310.0)
        item = self._open_item(invoice)
        line = self._line(310.0, invoice.name, account_number=IBAN_FJORD)
        line.action_apply_automatically()
        self.assertEqual(line.ar_match_confidence, "high")
        self.assertEqual(item.ar_pending_amount, 310.0)
        line.action_ar_remove_application()
        self.assertRecordValues(
            line,
            [
                {
                    "ar_match_confidence": "none",
                    "ar_review_required": False,
                    "ar_rule_id": False,
                    "ar_match_details": False,
                    "ar_applied_amount": 0.0,
                    "ar_difference": 310.0,
                }
            ],
        )
        self.assertFalse(line.ar_application_ids)
        self.assertEqual(item.ar_pending_amount, 0.0)
        self.assertFalse(line.action_post_applications())
        self.assertOpen(line)
        # The invoice is free for another line.
        other = self._line(310.0, invoice.name, account_number=IBAN_FJORD)
        other.action_apply_automatically()
        self.assertApplications(other, [(item, 310.0)])

    def test_partial_posting(self):
        ready_invoice = self._invoice(self.fjord, 100.0)
        review_invoice = self._invoice(self.bakery, 500.0)
        ready, review, unknown = self._import_camt(
            [
                {
                    "amount": 100.0,
                    "ref": "BNK-0011",
                    "iban": IBAN_FJORD,
                    "ustrd": ready_invoice.name,
                },
                {
                    "amount": 200.0,
                    "ref": "BNK-0012",
                    "iban": IBAN_BAKERY,
                    "ustrd": review_invoice.name,
                },
                {"amount": 42.0, "ref": "BNK-0013", "ustrd": "Something else"},
            ]
        )
        self.assertEqual(
            (ready + review + unknown).mapped("ar_match_confidence"),
            ["high", "medium", "none"],
        )
        statement = ready.statement_id
        self.assertEqual(statement.line_ids, ready + review + unknown)
        result = statement.action_ar_post_applications()
        self.assertEqual(result["params"]["type"], "warning")
        self.assertIn("1 lines posted, 2 still open", result["params"]["message"])
        self.assertPosted(
            ready, [(self.account_receivable, -100.0, self._open_item(ready_invoice))]
        )
        self.assertOpen(review)
        self.assertOpen(unknown)
        self.assertPayment(ready_invoice, "paid", 0.0)
        self.assertPayment(review_invoice, "not_paid", 500.0)
        # Posting again posts nothing more; accepting the review line lets it post.
        self.assertFalse(statement.line_ids.action_post_applications())
        review.action_ar_accept()
        self.assertEqual(statement.line_ids.action_post_applications(), review)
        self.assertPayment(review_invoice, "partial", 300.0)

    def test_undo_posting(self):
        invoice = self._invoice(self.fjord, 640.0)
        item = self._open_item(invoice)
        line = self._import_camt(
            [
                {
                    "amount": 640.0,
                    "ref": "BNK-0014",
                    "iban": IBAN_FJORD,
                    "ustrd": invoice.name,
                }
            ]
        )
        line.action_post_applications()
        self.assertPosted(line, [(item.account_id, -640.0, item)])
        self.assertPayment(invoice, "paid", 0.0)
        with self.assertRaisesRegex(UserError, "undo the posting first"):
            line.action_ar_remove_application()
        with self.assertRaisesRegex(UserError, "undo the posting first"):
            line.action_ar_apply_manually()

        line.action_ar_undo()
        self.assertOpen(line)
        self.assertPayment(invoice, "not_paid", 640.0)
        self.assertFalse(item.reconciled)
        self.assertEqual(len(line.move_id.line_ids), 2)
        # The applications are kept, and count as pending again.
        self.assertEqual(line.ar_match_confidence, "high")
        self.assertApplications(line, [(item, 640.0)])
        self.assertEqual(item.ar_pending_amount, 640.0)

        self.assertEqual(line.action_post_applications(), line)
        self.assertPosted(line, [(item.account_id, -640.0, item)])
        self.assertPayment(invoice, "paid", 0.0)

    def test_undo_text_mapping_posting(self):
        self.env["ar.text.mapping"].create(
            {
                "name": "Interest",
                "sign": "positive",
                "receipt_account_id": self.account_revenue.id,
            }
        )
        line = self._line(12.5, "Interest Q4")
        line.action_apply_automatically()
        line.action_post_applications()
        self.assertPosted(line, [(self.account_revenue, -12.5, None)])
        line.action_ar_undo()
        self.assertOpen(line)
        self.assertEqual(line.ar_match_confidence, "text_mapping")
        line.action_post_applications()
        self.assertPosted(line, [(self.account_revenue, -12.5, None)])

    # ------------------------------------------------------------------
    # Import switch and scheduled action
    # ------------------------------------------------------------------

    def test_import_without_automatic_application(self):
        invoice = self._invoice(self.fjord, 100.0)
        self.journal.ar_auto_apply = False
        line = self._import_camt(
            [
                {
                    "amount": 100.0,
                    "ref": "BNK-0015",
                    "iban": IBAN_FJORD,
                    "ustrd": invoice.name,
                }
            ]
        )
        self.assertRecordValues(
            line,
            [
                {
                    "ar_match_confidence": "none",
                    "ar_auto_applied": False,
                    "ar_applied_amount": 0.0,
                    "ar_difference": 100.0,
                    "partner_id": self.fjord.id,
                }
            ],
        )
        self.assertFalse(line.ar_application_ids)
        # The scheduled action leaves the journal alone too; the clerk may still apply
        # by hand.
        self.env["account.bank.statement.line"]._cron_ar_apply_automatically()
        self.assertEqual(line.ar_match_confidence, "none")
        line.statement_id.action_ar_apply_automatically()
        self.assertEqual(line.ar_match_confidence, "high")

    def test_cron_applies_unprocessed_lines(self):
        invoices = [
            self._invoice(self.fjord, amount) for amount in (110.0, 120.0, 130.0, 140.0)
        ]
        items = [self._open_item(invoice) for invoice in invoices]
        new, manual, accepted, posted = (
            self._line(invoice.amount_total, invoice.name, account_number=IBAN_FJORD)
            for invoice in invoices
        )
        # A line applied by hand: only 100.00 of the 120.00 to its invoice, the rest
        # open.
        wizard = self._manual_wizard(manual)
        wizard.candidate_ids.write({"selected": False, "amount_to_apply": 0.0})
        wizard.candidate_ids.filtered(lambda c: c.move_line_id == items[1]).write(
            {"selected": True, "amount_to_apply": 100.0}
        )
        wizard.action_apply()
        self.assertFalse(manual.ar_auto_applied)
        # A line accepted as proposed.
        accepted.action_apply_automatically()
        accepted.action_ar_accept()
        accepted.ar_auto_applied = False
        # A posted line the scheduled action never looked at (e.g. posted before an
        # upgrade).
        posted.action_apply_automatically()
        posted.action_post_applications()
        posted.ar_auto_applied = False
        move_lines_before = posted.move_id.line_ids

        # The scheduled action commits after each batch unless the registry is in test
        # mode: put it in that mode (as HttpCase does) so the run stays inside the test
        # transaction. Without it, see test_cron_does_not_commit_in_tests.
        self.registry.enter_test_mode(self.cr)
        try:
            self.env["account.bank.statement.line"]._cron_ar_apply_automatically()
        finally:
            self.registry.leave_test_mode()

        self.assertRecordValues(
            new,
            [
                {
                    "ar_auto_applied": True,
                    "ar_match_confidence": "high",
                    "ar_difference": 0.0,
                }
            ],
        )
        self.assertApplications(new, [(items[0], 110.0)])
        self.assertRecordValues(
            manual, [{"ar_application_state": "manual", "ar_difference": 20.0}]
        )
        self.assertApplications(manual, [(items[1], 100.0)])
        self.assertRecordValues(accepted, [{"ar_application_state": "accepted"}])
        self.assertApplications(accepted, [(items[2], 130.0)])
        self.assertTrue(posted.is_reconciled)
        self.assertEqual(posted.move_id.line_ids, move_lines_before)
        self.assertApplications(posted, [(items[3], 140.0)])
        self.assertPayment(invoices[3], "paid", 0.0)

    def test_cron_does_not_commit_in_tests(self):
        """The scheduled action never commits the test transaction."""
        invoice = self._invoice(self.fjord, 75.0)
        line = self._line(75.0, invoice.name, account_number=IBAN_FJORD)
        self.env["account.bank.statement.line"]._cron_ar_apply_automatically()
        self.assertEqual(line.ar_match_confidence, "high")
