"""Payment application: one invoice claimed by several statement lines, and foreign currency."""

from odoo.tests import tagged

from .common import (
    IBAN_BAKERY,
    IBAN_FJORD,
    PaymentApplicationCommon,
)


@tagged("post_install", "-at_install")
class TestPaymentApplicationConcurrency(PaymentApplicationCommon):
    """Two statements, each with a line paying the same invoice, applied one after the other
    (two clerks, or a clerk and the scheduled action)."""

    def setUp(self):
        super().setUp()
        self.rf = self._rf()
        self.invoice = self._invoice(self.fjord, 1000.0, payment_reference=self.rf)
        self.item = self._open_item(self.invoice)

    def _statement_line(self, name, amount, ref=None):
        statement = self.env["account.bank.statement"].create(
            {
                "name": name,
                "journal_id": self.journal.id,
            }
        )
        return self._line(
            amount,
            "Payment %s" % (ref or self.rf),
            statement=statement,
            account_number=IBAN_FJORD,
        )

    def assertNeverBeyondResidual(self):
        self.item.invalidate_recordset(["ar_pending_amount", "amount_residual"])
        pending = sum(
            application.amount
            for application in self.item.ar_application_ids
            if not application.statement_line_id.is_reconciled
        )
        self.assertAlmostEqual(self.item.ar_pending_amount, pending, places=2)
        self.assertLessEqual(round(pending, 2), round(self.item.amount_residual, 2))
        self.assertGreaterEqual(self.item.amount_residual, 0.0)

    def test_second_full_payment_gets_nothing(self):
        first = self._statement_line("ST-A", 1000.0)
        second = self._statement_line("ST-B", 1000.0)
        self.assertNotEqual(first.statement_id, second.statement_id)

        first.action_apply_automatically()
        self.assertApplications(first, [(self.item, 1000.0)])
        self.assertEqual(self.item.ar_pending_amount, 1000.0)

        second.action_apply_automatically()
        self.assertFalse(second.ar_application_ids)
        self.assertRecordValues(
            second,
            [
                {
                    "ar_match_confidence": "none",
                    "ar_difference": 1000.0,
                    "ar_auto_applied": True,
                }
            ],
        )
        self.assertEqual(self.item.ar_pending_amount, 1000.0)
        self.assertNeverBeyondResidual()
        # Nor can it be applied by hand: the dialog offers nothing left to apply.
        wizard = (
            self.env["ar.manual.application"]
            .with_context(default_statement_line_id=second.id)
            .create({})
        )
        self.assertNotIn(self.item, wizard.candidate_ids.move_line_id)

        posted = (first + second).action_post_applications()
        self.assertEqual(posted, first)
        self.assertPosted(first, [(self.item.account_id, -1000.0, self.item)])
        self.assertOpen(second)
        self.assertPayment(self.invoice, "paid", 0.0)
        self.assertEqual(self.item.ar_pending_amount, 0.0)
        self.assertEqual(sum(self.item.matched_credit_ids.mapped("amount")), 1000.0)

    def test_second_line_limited_to_what_remains(self):
        first = self._statement_line("ST-A", 700.0)
        second = self._statement_line("ST-B", 1000.0)
        first.action_apply_automatically()
        second.action_apply_automatically()
        self.assertApplications(first, [(self.item, 700.0)])
        self.assertApplications(second, [(self.item, 300.0)])
        # The second run sees what the first line left open.
        self.assertIn(
            "The open amount 300.00 is outside the window 1,000.00 to 1,000.00",
            second.ar_match_details,
        )
        self.assertRecordValues(
            second,
            [
                {
                    "ar_match_confidence": "medium",
                    "ar_review_required": True,
                    "ar_difference": 700.0,
                }
            ],
        )
        self.assertEqual(self.item.ar_pending_amount, 1000.0)
        self.assertNeverBeyondResidual()

        # Applying the first line again releases only its own share.
        first.action_apply_automatically()
        self.assertApplications(first, [(self.item, 700.0)])
        self.assertApplications(second, [(self.item, 300.0)])
        self.assertNeverBeyondResidual()

        (first + second).action_ar_accept()
        self.assertEqual((first + second).action_post_applications(), first)
        self.assertPayment(self.invoice, "partial", 300.0)
        self.assertEqual(self.item.ar_pending_amount, 300.0)
        self.assertNeverBeyondResidual()
        self.env["ar.transfer.difference"].create(
            {
                "statement_line_id": second.id,
                "account_id": self.account_writeoff.id,
            }
        ).action_transfer()
        self.assertEqual(second.action_post_applications(), second)
        self.assertPosted(
            second,
            [
                (self.item.account_id, -300.0, self.item),
                (self.account_writeoff, -700.0, None),
            ],
        )
        self.assertPayment(self.invoice, "paid", 0.0)
        self.assertEqual(self.item.ar_pending_amount, 0.0)
        self.assertEqual(sum(self.item.matched_credit_ids.mapped("amount")), 1000.0)

    def test_both_statements_applied_together(self):
        first = self._statement_line("ST-A", 1000.0)
        second = self._statement_line("ST-B", 1000.0)
        (first.statement_id + second.statement_id).action_ar_apply_automatically()
        self.assertEqual(len(self.item.ar_application_ids), 1)
        self.assertEqual(self.item.ar_pending_amount, 1000.0)
        self.assertNeverBeyondResidual()
        (first + second).action_ar_accept()
        posted = (first + second).action_post_applications()
        self.assertEqual(len(posted), 1)
        self.assertPayment(self.invoice, "paid", 0.0)
        self.assertEqual(sum(self.item.matched_credit_ids.mapped("amount")), 1000.0)

    def test_undo_keeps_the_claim(self):
        first = self._statement_line("ST-A", 1000.0)
        first.action_apply_automatically()
        first.action_post_applications()
        first.action_ar_undo()
        self.assertEqual(self.item.ar_pending_amount, 1000.0)
        second = self._statement_line("ST-B", 1000.0)
        second.action_apply_automatically()
        self.assertFalse(second.ar_application_ids)
        self.assertNeverBeyondResidual()

    def test_deleting_the_statement_releases_the_invoice(self):
        first = self._statement_line("ST-A", 1000.0)
        first.action_apply_automatically()
        self.assertEqual(self.item.ar_pending_amount, 1000.0)
        first.statement_id.unlink()
        first.unlink()
        self.assertEqual(self.item.ar_pending_amount, 0.0)
        second = self._statement_line("ST-B", 1000.0)
        second.action_apply_automatically()
        self.assertApplications(second, [(self.item, 1000.0)])

    def test_invoice_reset_to_draft_before_posting(self):
        """An invoice reset to draft after the proposal sends the line back to review, nothing posts."""
        line = self._statement_line("ST-A", 1000.0)
        line.action_apply_automatically()
        self.invoice.button_draft()
        posted = line.action_post_applications()
        self.assertFalse(posted)
        self.assertOpen(line)

    def test_invoice_paid_elsewhere_before_posting(self):
        """An invoice paid elsewhere after the proposal sends the line back to review, nothing posts."""
        other_invoice = self._invoice(self.bakery, 200.0)
        line = self._statement_line("ST-A", 1000.0)
        good = self._line(
            200.0,
            other_invoice.name,
            statement=line.statement_id,
            account_number=IBAN_BAKERY,
        )
        (line + good).action_apply_automatically()
        self.assertApplications(line, [(self.item, 1000.0)])
        self.assertApplications(good, [(self._open_item(other_invoice), 200.0)])
        self.env["account.payment.register"].with_context(
            active_model="account.move",
            active_ids=self.invoice.ids,
        ).create({"payment_date": "2026-01-18"})._create_payments()
        self.assertIn(self.invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(self.invoice.amount_residual, 0.0)
        self.assertTrue(self.item.reconciled)

        posted = line.statement_id.line_ids.action_post_applications()
        self.assertEqual(
            posted, good, "the stale line must not post, the other one must"
        )
        self.assertOpen(line)
        self.assertPosted(
            good, [(self.account_receivable, -200.0, self._open_item(other_invoice))]
        )
        self.assertEqual(sum(self.item.matched_credit_ids.mapped("amount")), 1000.0)


@tagged("post_install", "-at_install")
class TestPaymentApplicationCurrency(PaymentApplicationCommon):
    """A EUR bank journal in a USD company; rates are EUR per USD."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.currency.rate"].create(
            [
                {
                    "name": day,
                    "rate": rate,
                    "currency_id": cls.eur.id,
                    "company_id": cls.company.id,
                }
                for day, rate in (
                    ("2026-01-05", 0.9),
                    ("2026-01-20", 0.8),
                    ("2026-02-10", 3.0),
                )
            ]
        )
        cls.exchange_gain = cls.company.income_currency_exchange_account_id
        cls.exchange_loss = cls.company.expense_currency_exchange_account_id

    def test_eur_invoice_paid_with_exchange_difference(self):
        rf = self._rf()
        invoice = self._invoice(
            self.fjord, 1000.0, payment_reference=rf, currency=self.eur
        )
        item = self._open_item(invoice)
        self.assertRecordValues(
            item,
            [
                {
                    "amount_currency": 1000.0,
                    "balance": 1111.11,
                    "currency_id": self.eur.id,
                }
            ],
        )
        usd_invoice = self._invoice(self.fjord, 1000.0, payment_reference=self._rf())

        line = self._import_camt(
            [
                {
                    "amount": 1000.0,
                    "ref": "EUR-0001",
                    "iban": IBAN_FJORD,
                    "strd": rf,
                    "date": "2026-01-20",
                }
            ],
            journal=self.journal_eur,
        )
        self.assertEqual(line.currency_id, self.eur)
        self.assertRecordValues(
            line,
            [
                {
                    "ar_match_confidence": "high",
                    "ar_review_required": False,
                    "ar_applied_amount": 1000.0,
                    "ar_difference": 0.0,
                }
            ],
        )
        self.assertApplications(line, [(item, 1000.0)])
        self.assertEqual(self._open_item(usd_invoice).ar_pending_amount, 0.0)
        self.assertEqual(item.ar_pending_amount, 1000.0)

        self.assertEqual(line.action_post_applications(), line)
        liquidity, _suspense, other = line._seek_for_lines()
        self.assertRecordValues(
            liquidity, [{"amount_currency": 1000.0, "balance": 1250.0}]
        )
        self.assertPosted(line, [(item.account_id, -1250.0, item)])
        self.assertRecordValues(
            other, [{"amount_currency": -1000.0, "currency_id": self.eur.id}]
        )
        self.assertPayment(invoice, "paid", 0.0)
        self.assertEqual(item.amount_residual_currency, 0.0)
        self.assertEqual(item.amount_residual, 0.0)
        self.assertEqual(item.ar_pending_amount, 0.0)
        # The rate went from 0.9 to 0.8 EUR per USD: 138.89 USD exchange gain.
        self.assertTrue(item.full_reconcile_id)
        exchange_move = item.matched_credit_ids.exchange_move_id
        self.assertEqual(len(exchange_move), 1)
        self.assertEqual(exchange_move.state, "posted")
        self.assertRecordValues(
            exchange_move.line_ids.sorted("balance"),
            [
                {
                    "account_id": self.exchange_gain.id,
                    "balance": -138.89,
                    "amount_currency": 0.0,
                },
                {
                    "account_id": item.account_id.id,
                    "balance": 138.89,
                    "amount_currency": 0.0,
                },
            ],
        )
        self.assertPayment(usd_invoice, "not_paid", 1000.0)

    def test_company_currency_invoice_is_no_candidate_on_eur_journal(self):
        rf = self._rf()
        usd_invoice = self._invoice(self.fjord, 1000.0, payment_reference=rf)
        line = self._line(
            1000.0,
            "Payment %s" % rf,
            journal=self.journal_eur,
            account_number=IBAN_FJORD,
        )
        line.action_apply_automatically()
        self.assertEqual(line.ar_match_confidence, "none")
        self.assertPayment(usd_invoice, "not_paid", 1000.0)

    def test_pending_amount_in_the_entry_currency(self):
        """The pending amount of an open entry is in the entry's currency."""
        rf = self._rf()
        invoice = self._invoice(
            self.fjord, 1000.0, payment_reference=rf, currency=self.eur
        )
        item = self._open_item(invoice)
        line = self._line(
            1000.0,
            "Payment %s" % rf,
            journal=self.journal_eur,
            account_number=IBAN_FJORD,
        )
        line.action_apply_automatically()
        self.assertEqual(item.ar_pending_amount, 1000.0)
        field = item._fields["ar_pending_amount"]
        self.assertEqual(item[field.get_currency_field(item)], self.eur)

    def test_eur_payment_of_two_invoices_posts_balanced(self):
        """A foreign-currency payment of two invoices posts balanced despite per-line rounding."""
        first = self._invoice(
            self.fjord, 50.0, currency=self.eur, date="2026-02-01", due="2026-02-05"
        )
        second = self._invoice(
            self.fjord, 50.0, currency=self.eur, date="2026-02-01", due="2026-02-06"
        )
        line = self._line(
            100.0,
            "Payment %s %s" % (first.name, second.name),
            journal=self.journal_eur,
            account_number=IBAN_FJORD,
            date="2026-02-10",
        )
        line.action_apply_automatically()
        self.assertRecordValues(
            line, [{"ar_match_confidence": "high", "ar_difference": 0.0}]
        )
        self.assertApplications(
            line, [(self._open_item(first), 50.0), (self._open_item(second), 50.0)]
        )
        self.assertEqual(line.action_post_applications(), line)
        liquidity, _suspense, other = line._seek_for_lines()
        self.assertAlmostEqual(liquidity.balance, 33.33)
        self.assertAlmostEqual(sum(other.mapped("balance")), -33.33)
        self.assertPayment(first, "paid", 0.0)
        self.assertPayment(second, "paid", 0.0)

    def test_eur_statement_line_with_usd_instructed_amount(self):
        """A line with an instructed amount in a third currency pays the invoice in the journal currency."""
        rf = self._rf()
        invoice = self._invoice(
            self.bakery,
            400.0,
            payment_reference=rf,
            currency=self.eur,
            date="2026-01-20",
        )
        item = self._open_item(invoice)
        self.assertAlmostEqual(item.balance, 500.0)
        # The bank converted at its own rate: 400.00 EUR = 510.00 USD.
        line = self._line(
            400.0,
            "Payment %s" % rf,
            journal=self.journal_eur,
            account_number=IBAN_BAKERY,
            foreign_currency_id=self.company.currency_id.id,
            amount_currency=510.0,
        )
        line.action_apply_automatically()
        self.assertApplications(line, [(item, 400.0)])
        self.assertEqual(line.action_post_applications(), line)
        self.assertTrue(line.is_reconciled)
        self.assertPayment(invoice, "paid", 0.0)
        self.assertEqual(item.amount_residual_currency, 0.0)
        # Nothing of the payment is left open on the customer's account.
        receivable = self.env["account.move.line"].search(
            [
                ("partner_id", "=", self.bakery.id),
                ("account_id", "=", item.account_id.id),
                ("parent_state", "=", "posted"),
            ]
        )
        self.assertAlmostEqual(sum(receivable.mapped("amount_residual")), 0.0, places=2)
        self.assertTrue(all(receivable.mapped("reconciled")))
