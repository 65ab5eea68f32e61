"""Registered payments as candidates: a payment registered in Odoo (on the invoice, in
Payment Registration, a vendor payment) waits on the journal's outstanding account; its
bank line finds it, posting reconciles the two, and the invoice stays as the payment
settled it."""

from odoo import Command
from odoo.tests import tagged

from ..lib.messages import Message
from .common import IBAN_FJORD, IBAN_PAPER, PaymentApplicationCommon

PAYMENT_DAY = "2026-01-13"
BANK_DAY = "2026-01-20"  # a week later


@tagged("post_install", "-at_install")
class TestRegisteredPayments(PaymentApplicationCommon):
    # ------------------------------------------------------------------ helpers

    def _register(self, move, memo=None, date=PAYMENT_DAY, journal=None):
        """Odoo's Register Payment on ``move``, in the bank journal of the lines."""
        values = {"payment_date": date, "journal_id": (journal or self.journal).id}
        if memo is not None:
            values["communication"] = memo
        payment = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=move.ids)
            .create(values)
            ._create_payments()
        )
        self.assertIn(payment.state, ("in_process", "paid"))
        self.assertFalse(payment.is_matched)
        return payment

    @staticmethod
    def _outstanding(payment):
        """The payment's item on the outstanding receipts or payments account."""
        items = payment.move_id.line_ids.filtered(
            lambda item: item.account_id == payment.outstanding_account_id
        )
        assert len(items) == 1, payment.name
        return items

    def _doc_evidence(self, line):
        """The evidence of the line's document match, as a message."""
        criterion = next(
            Message.from_json(message)
            for message in line.ar_match_messages
            if message["code"] == "matching.criterion.doc_match"
        )
        return criterion.params["evidence"]

    def assertPaymentPosted(self, line, payment):
        """The line posted against the payment's outstanding item, which is now
        reconciled; the payment is matched with its bank line."""
        item = self._outstanding(payment)
        self.assertPosted(line, [(item.account_id, -item.balance, item)])
        self.assertTrue(item.reconciled)
        payment.invalidate_recordset()
        self.assertTrue(payment.is_matched)
        self.assertEqual(payment.state, "paid")

    # ------------------------------------------------------------------ customers

    def test_customer_payment_and_its_bank_line_a_week_later(self):
        invoice = self._invoice(self.fjord, 1250.0)
        payment = self._register(invoice)
        self.assertPayment(invoice, "paid", 0.0)
        invoice_items = invoice.line_ids.sorted("id").read(
            ["balance", "amount_residual", "reconciled", "matched_credit_ids"]
        )
        line = self._line(
            1250.0,
            f"Innbetaling {invoice.name}",
            date=BANK_DAY,
            account_number=IBAN_FJORD,
        )
        line.action_apply_automatically()

        item = self._outstanding(payment)
        self.assertApplications(line, [(item, 1250.0)])
        self.assertEqual(line.ar_match_confidence, "high")
        self.assertFalse(line.ar_review_required)
        evidence = self._doc_evidence(line)
        self.assertEqual(evidence.code, "matching.doc.registered_payment")
        self.assertEqual(evidence.params["payment"], payment.name)
        self.assertIn(payment.name, line.ar_match_details)
        self.assertIn(invoice.name, line.ar_match_details)

        self.assertEqual(line.action_post_applications(), line)
        self.assertPaymentPosted(line, payment)
        # Nothing paid twice: the invoice is as the payment left it.
        self.assertPayment(invoice, "paid", 0.0)
        invoice.invalidate_recordset()
        self.assertEqual(
            invoice.line_ids.sorted("id").read(
                ["balance", "amount_residual", "reconciled", "matched_credit_ids"]
            ),
            invoice_items,
        )

    def test_payment_found_by_its_number(self):
        invoice = self._invoice(self.fjord, 410.0)
        payment = self._register(invoice, memo="")
        line = self._line(410.0, f"Ref {payment.name}", date=BANK_DAY)
        line.action_apply_automatically()
        self.assertApplications(line, [(self._outstanding(payment), 410.0)])
        self.assertEqual(line.ar_match_confidence, "high")

    def test_payment_registration_and_its_bank_line_close_each_other(self):
        """Posted in ar_reconcile's Payment Registration; the scheduled application
        proposes the payment High for the bank line, which then posts."""
        invoice = self._invoice(self.fjord, 880.0)
        Registration = self.env["ar.payment.registration"]
        Registration.action_open()
        row = Registration.search([("move_id", "=", invoice.id)])
        row.write({"payment_made": True, "date_received": PAYMENT_DAY})
        action = row.action_post_payments()
        wizard = self.env["ar.payment.registration.post"].browse(action["res_id"])
        wizard.journal_id = self.journal
        wizard.action_confirm()
        payment = wizard.payment_ids
        self.assertEqual(len(payment), 1)
        self.assertPayment(invoice, "paid", 0.0)
        self.assertIn(invoice.name, payment.memo)

        line = self._line(
            880.0, f"Betaling {invoice.name}", date=BANK_DAY, account_number=IBAN_FJORD
        )
        self.env["account.bank.statement.line"]._cron_ar_apply_automatically()
        self.assertApplications(line, [(self._outstanding(payment), 880.0)])
        self.assertEqual(line.ar_match_confidence, "high")
        self.assertFalse(line.ar_review_required)
        self.assertEqual(line.action_post_applications(), line)
        self.assertPaymentPosted(line, payment)
        self.assertPayment(invoice, "paid", 0.0)

    def test_payment_without_reference_matched_by_amount_and_partner(self):
        """No number, memo or reference on the line: the payment of the partner with
        the amount is proposed at its rule's confidence (Medium, to review)."""
        invoice = self._invoice(self.fjord, 730.0)
        payment = self._register(invoice, memo="")
        line = self._line(730.0, "Betaling", date=BANK_DAY, account_number=IBAN_FJORD)
        line.action_apply_automatically()

        self.assertApplications(line, [(self._outstanding(payment), 730.0)])
        rule = self._default_rule("medium_9")
        self.assertEqual(rule.candidate_kind, "payment")
        self.assertEqual(line.ar_rule_id, rule)
        self.assertEqual(line.ar_match_confidence, rule.match_confidence)
        self.assertEqual(line.ar_match_confidence, "medium")
        self.assertTrue(line.ar_review_required)
        self.assertEqual(self._doc_evidence(line).code, "matching.doc.payment_none")
        self.assertFalse(line.action_post_applications())
        line.action_ar_accept()
        self.assertEqual(line.action_post_applications(), line)
        self.assertPaymentPosted(line, payment)

    def test_manual_application_lists_the_payment(self):
        """The clerk finds the registered payment in Apply Manually, with its
        evidence; a refund sent to the same customer is not offered as a credit."""
        invoice = self._invoice(self.fjord, 455.0)
        payment = self._register(invoice, memo="")
        refund = self._invoice(self.fjord, 60.0, move_type="out_refund")
        self._register(refund, memo="")
        line = self._line(
            450.0, "Innbetaling", date=BANK_DAY, account_number=IBAN_FJORD
        )
        line.action_apply_automatically()
        self.assertFalse(line.ar_application_ids)  # 450 is outside the window

        action = line.action_ar_apply_manually()
        wizard = (
            self.env["ar.manual.application"]
            .with_context(**action["context"])
            .create({})
        )
        item = self._outstanding(payment)
        self.assertEqual(wizard.candidate_ids.move_line_id, item)
        candidate = wizard.candidate_ids
        self.assertIn(payment.name, candidate.evidence)
        candidate.write({"selected": True, "amount_to_apply": 450.0})
        wizard.action_apply()
        self.assertApplications(line, [(item, 450.0)])
        self.assertEqual(line.action_post_applications(), line)
        self.assertTrue(line.is_reconciled)
        self.assertAlmostEqual(item.amount_residual, 5.0, places=2)

    def test_payment_of_another_journal_is_no_candidate(self):
        invoice = self._invoice(self.fjord, 515.0)
        self._register(invoice, journal=self.company_data["default_journal_bank"])
        line = self._line(515.0, invoice.name, date=BANK_DAY, account_number=IBAN_FJORD)
        line.action_apply_automatically()
        self.assertFalse(line.ar_application_ids)

    def test_payment_dated_after_the_line_is_no_candidate(self):
        invoice = self._invoice(self.fjord, 516.0)
        self._register(invoice, date="2026-01-25")
        line = self._line(516.0, invoice.name, date=BANK_DAY, account_number=IBAN_FJORD)
        line.action_apply_automatically()
        self.assertFalse(line.ar_application_ids)

    # ------------------------------------------------------------------ vendors

    def test_vendor_payment_matched_and_posted(self):
        bill = self._invoice(self.paper, 980.0, move_type="in_invoice", ref="F-77123")
        payment = self._register(bill)
        self.assertEqual(payment.payment_type, "outbound")
        line = self._line(
            -980.0,
            f"Overforing F-77123 {self.paper.name}",
            date=BANK_DAY,
            account_number=IBAN_PAPER,
        )
        line.action_apply_automatically()
        item = self._outstanding(payment)
        self.assertApplications(line, [(item, -980.0)])
        self.assertEqual(line.ar_match_confidence, "high")
        self.assertEqual(line.action_post_applications(), line)
        self.assertPaymentPosted(line, payment)
        self.assertPayment(bill, "paid", 0.0)

    def test_a_received_amount_never_matches_a_vendor_payment(self):
        bill = self._invoice(self.paper, 981.0, move_type="in_invoice", ref="F-77124")
        self._register(bill)
        line = self._line(981.0, "F-77124", date=BANK_DAY, account_number=IBAN_PAPER)
        line.action_apply_automatically()
        self.assertFalse(line.ar_application_ids)

    # ------------------------------------------------------------------ changes

    def _proposed(self, amount=640.0):
        invoice = self._invoice(self.fjord, amount)
        payment = self._register(invoice)
        line = self._line(
            amount, invoice.name, date=BANK_DAY, account_number=IBAN_FJORD
        )
        line.action_apply_automatically()
        self.assertApplications(line, [(self._outstanding(payment), amount)])
        self.assertTrue(line._ar_is_ready())
        return payment, line

    def _codes(self, line):
        return [note["code"] for note in line.ar_review_notes or []]

    def test_payment_cancelled_under_the_proposal(self):
        payment, line = self._proposed()
        payment.action_cancel()
        self.assertEqual(payment.state, "canceled")
        self.assertTrue(line.ar_review_required)
        self.assertIn("posting.payment_cancelled", self._codes(line))
        self.assertNotIn("posting.", line.ar_review_note)
        self.assertIn(payment.name, line.ar_review_note)
        # The proposal is dropped: automatic application looks at the line again.
        self.assertFalse(line.ar_application_ids)
        self.assertEqual(line.ar_application_state, "none")
        self.assertFalse(line.action_post_applications())
        self.assertOpen(line)

    def test_payment_reset_to_draft_under_the_proposal(self):
        payment, line = self._proposed(643.0)
        payment.action_draft()
        self.assertEqual(payment.state, "draft")
        self.assertIn("posting.payment_reset", self._codes(line))
        self.assertNotIn("posting.document_reset", self._codes(line))
        self.assertFalse(line.ar_application_ids)
        self.assertFalse(line.action_post_applications())
        self.assertOpen(line)
        self.assertEqual(line.ar_application_state, "none")

    def test_payment_matched_elsewhere_under_the_proposal(self):
        """Cleared by hand against a transfer: the proposal has nothing to apply."""
        payment, line = self._proposed(641.0)
        item = self._outstanding(payment)
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": BANK_DAY,
                "line_ids": [
                    Command.create({"account_id": item.account_id.id, "balance": -641}),
                    Command.create(
                        {"account_id": self.account_revenue.id, "balance": 641.0}
                    ),
                ],
            }
        )
        entry.action_post()
        (
            item + entry.line_ids.filtered(lambda i: i.account_id == item.account_id)
        ).reconcile()
        self.assertTrue(item.reconciled)
        self.assertIn("posting.payment_matched_elsewhere", self._codes(line))
        self.assertFalse(line.ar_application_ids)
        self.assertFalse(line.action_post_applications())
        self.assertOpen(line)

    def test_posting_checks_the_payment_again(self):
        """A payment rejected meanwhile (the bank refused it) does not post."""
        payment, line = self._proposed(642.0)
        payment.action_reject()
        self.assertEqual(payment.state, "rejected")
        self.assertFalse(line.action_post_applications())
        self.assertIn("posting.check_payment_state", self._codes(line))
        self.assertOpen(line)

    # ------------------------------------------------------------------ in bulk

    def test_candidates_are_read_in_bulk(self):
        """Reading the registered payments costs the same for 2 lines as for 6."""
        invoices = [self._invoice(self.fjord, 300.0 + index) for index in range(8)]
        for invoice in invoices:
            self._register(invoice)
        lines = [
            self._line(
                300.0 + index, inv.name, date=BANK_DAY, account_number=IBAN_FJORD
            )
            for index, inv in enumerate(invoices)
        ]
        Lines = self.env["account.bank.statement.line"]
        Matching = self.env["ar.matching"]

        def read(lines):
            self.env.invalidate_all()
            lines = Lines.browse([line.id for line in lines])
            entries, _partners = Matching._ar_open_entries(
                lines, self.journal, self.company.currency_id
            )
            return entries

        read(lines[:1])  # caches warmed
        start = self.env.cr.sql_log_count
        read(lines[:2])
        two = self.env.cr.sql_log_count - start
        with self.assertQueryCount(two):
            entries = read(lines[2:])
        self.assertEqual(len([e for e in entries if e.kind == "payment"]), 8)


@tagged("post_install", "-at_install")
class TestBankReconciliationStatus(PaymentApplicationCommon):
    """The status of a bank journal against a hand-made set of statement lines,
    registered payments and an entry booked on the bank account by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bank = cls._bank_journal("Bank Status", "BSTA", "NO5315036012345", cls.usd)

    def _register(self, move, date):
        return (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=move.ids)
            .create({"payment_date": date, "journal_id": self.bank.id})
            ._create_payments()
        )

    def _status(self, day):
        return self.env["ar.bank.reconciliation.status"].create(
            {"journal_id": self.bank.id, "date": day}
        )

    def test_figures_of_a_hand_made_set(self):
        paid = self._invoice(self.fjord, 1000.0)
        lines = [
            self._line(1000.0, paid.name, journal=self.bank, date="2026-01-22"),
            self._line(250.0, "Unknown receipt", journal=self.bank, date="2026-01-23"),
            self._line(-40.0, "Bank fees", journal=self.bank, date="2026-01-31"),
        ]
        statement = self.env["account.bank.statement"].create(
            {
                "name": "Statement 2026/01",
                "journal_id": self.bank.id,
                "date": "2026-01-31",
                "balance_start": 0.0,
                "balance_end_real": 1210.0,
                "line_ids": [Command.set([line.id for line in lines])],
            }
        )
        lines[0].action_apply_automatically()
        self.assertEqual(lines[0].action_post_applications(), lines[0])
        receipt = self._register(self._invoice(self.bakery, 500.0), "2026-01-25")
        payment = self._register(
            self._invoice(self.paper, 300.0, move_type="in_invoice"), "2026-01-26"
        )
        self._register(self._invoice(self.fjord, 90.0), "2026-02-05")  # after the date
        by_hand = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": "2026-01-28",
                "line_ids": [
                    Command.create(
                        {
                            "account_id": self.bank.default_account_id.id,
                            "balance": 75.0,
                        }
                    ),
                    Command.create(
                        {"account_id": self.account_revenue.id, "balance": -75.0}
                    ),
                ],
            }
        )
        by_hand.action_post()

        status = self._status("2026-01-31")
        self.assertEqual(status.statement_id, statement)
        expected = {
            "statement_balance": 1210.0,
            "bank_account_balance": 1285.0,  # 1000 + 250 - 40 + 75
            "unapplied_amount": 210.0,
            "outstanding_receipts": 500.0,
            "outstanding_payments": -300.0,
            "book_balance": 1275.0,  # 1285 - 210 + 500 - 300
            "expected_balance": 1285.0,  # 1275 - 500 + 300 + 210
            "difference": -75.0,  # the entry booked by hand
        }
        for name, value in expected.items():
            self.assertAlmostEqual(status[name], value, places=2, msg=name)
        self.assertEqual(status.unapplied_count, 2)
        self.assertEqual(status.unapplied_line_ids.ids, [lines[1].id, lines[2].id])
        self.assertEqual(status.outstanding_item_ids.payment_id, receipt | payment)

        # The receipt's bank line arrives and posts: it leaves both lists.
        arrival = self._line(
            500.0,
            receipt.memo,
            journal=self.bank,
            date="2026-01-31",
            account_number="NO0297102233445",
        )
        arrival.action_apply_automatically()
        self.assertEqual(arrival.action_post_applications(), arrival)
        status = self._status("2026-01-31")
        self.assertAlmostEqual(status.outstanding_receipts, 0.0, places=2)
        self.assertAlmostEqual(status.bank_account_balance, 1785.0, places=2)
        self.assertAlmostEqual(status.book_balance, 1275.0, places=2)
        self.assertAlmostEqual(status.difference, -575.0, places=2)  # not on S1

        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "ar_reconcile.report_bank_reconciliation_status", status.ids
            )[0]
            .decode()
        )
        self.assertIn("Bank Reconciliation", html)
        self.assertIn(payment.name, html)
        self.assertIn("Bank fees", html)
        self.assertIn("1,275.00", html)

    def test_before_any_statement(self):
        self._register(self._invoice(self.bakery, 120.0), "2026-01-10")
        status = self._status("2026-01-15")
        self.assertFalse(status.statement_id)
        self.assertAlmostEqual(status.book_balance, 120.0, places=2)
        self.assertAlmostEqual(status.expected_balance, 0.0, places=2)
        self.assertAlmostEqual(status.difference, 0.0, places=2)
        # Printed once the company has chosen its document layout.
        self.company.external_report_layout_id = self.env.ref(
            "web.external_layout_standard"
        )
        action = status.action_print()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(
            action["report_name"], "ar_reconcile.report_bank_reconciliation_status"
        )
