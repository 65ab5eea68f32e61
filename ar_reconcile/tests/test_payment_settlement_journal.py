"""Discounts and payment tolerance in the payment reconciliation journal, posted for
real.

The figures are D365's worked vectors (d365-credit-collections.md 9.2, V1-V10) and
Business Central's single-invoice table (bc-receivables.md 11.5); every posted entry is
checked item by item: receivable closed, discount, tolerance, exchange difference.
"""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PaymentApplicationCommon


@tagged("post_install", "-at_install")
class TestSettlementInReconciliationJournal(PaymentApplicationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.discount_loss = cls.env["account.account"].create(
            {
                "name": "Cash discounts granted",
                "code": "709100",
                "account_type": "expense",
            }
        )
        cls.discount_gain = cls.env["account.account"].create(
            {
                "name": "Cash discounts received",
                "code": "609100",
                "account_type": "income_other",
            }
        )
        cls.tolerance_loss = cls.env["account.account"].create(
            {
                "name": "Payment tolerance loss",
                "code": "658100",
                "account_type": "expense",
            }
        )
        cls.tolerance_gain = cls.env["account.account"].create(
            {
                "name": "Payment tolerance gain",
                "code": "758200",
                "account_type": "income_other",
            }
        )
        discount_accounts = {
            "account_journal_early_pay_discount_loss_account_id": cls.discount_loss.id,
            "account_journal_early_pay_discount_gain_account_id": cls.discount_gain.id,
        }
        cls.company.write(
            {
                **discount_accounts,
                "ar_tolerance_loss_account_id": cls.tolerance_loss.id,
                "ar_tolerance_gain_account_id": cls.tolerance_gain.id,
            }
        )
        cls.term_1_14 = cls._payment_term("1 % 14 days", 1.0, 14)
        cls.term_2_10 = cls._payment_term("2 % 10 days", 2.0, 10)
        cls.term_2_5_1_14 = cls._payment_term(
            "2 % 5 days, 1 % 14 days", 2.0, 5, [(1.0, 14)]
        )

    def _doc(
        self,
        amount,
        term=None,
        date="2026-06-25",
        move_type="out_invoice",
        partner=None,
        **values,
    ):
        return self._invoice(
            partner or self.fjord,
            amount,
            move_type=move_type,
            date=date,
            term=term,
            **values,
        )

    def _pay(self, amount, date, *moves, partner=None):
        """A bank line from the documents' partner quoting their numbers, applied
        automatically."""
        line = self._line(
            amount,
            "Payment "
            + " ".join(
                moves.mapped("name")
                if hasattr(moves, "mapped")
                else [m.name for m in moves]
            ),
            date=date,
            partner_id=(partner or moves[0].partner_id).id,
        )
        line.action_apply_automatically()
        return line

    def _items(self, line):
        """The posted counterparts as (account, balance), sorted by account code and
        balance."""
        _liquidity, _suspense, other = line._seek_for_lines()
        return sorted((item.account_id.code, round(item.balance, 2)) for item in other)

    def assertSettled(self, line, expected, residuals):
        """Post ``line`` and check its counterparts [(account, balance)] and the
        documents' residuals {move: residual}."""
        self.assertFalse(
            line.ar_late_discount_pending or line.ar_tolerance_to_confirm,
            line.ar_settlement_summary,
        )
        if (
            line.ar_review_required
        ):  # the match itself was uncertain (a partial payment): the clerk agrees
            line.action_ar_accept()
        self.assertEqual(line.ar_difference, 0.0)
        self.assertEqual(line.action_post_applications(), line)
        self.assertEqual(
            self._items(line),
            sorted((account.code, balance) for account, balance in expected),
        )
        for move, residual in residuals.items():
            self.assertAlmostEqual(
                move.amount_residual, residual, places=2, msg=move.name
            )
            state = (
                "paid"
                if not residual
                else "not_paid"
                if residual == move.amount_total
                else "partial"
            )
            self.assertEqual(move.payment_state, state, move.name)

    # ------------------------------------------------------------------
    # D365 vectors (reference 9.2)
    # ------------------------------------------------------------------

    def test_v1_partial_payments_in_the_discount_period(self):
        receivable = self.account_receivable
        invoice = self._doc(1000.0, self.term_1_14)
        first = self._pay(500.0, "2026-07-02", invoice)
        self.assertRecordValues(
            first.ar_application_ids, [{"amount": 500.0, "discount_amount": 5.05}]
        )
        self.assertSettled(
            first,
            [(receivable, -505.05), (self.discount_loss, 5.05)],
            {invoice: 494.95},
        )

        other = self._doc(1000.0, self.term_1_14)
        second = self._pay(495.0, "2026-07-02", other)
        self.assertSettled(
            second, [(receivable, -500.0), (self.discount_loss, 5.0)], {other: 500.0}
        )
        final = self._pay(495.0, "2026-07-08", other)
        self.assertSettled(
            final, [(receivable, -500.0), (self.discount_loss, 5.0)], {other: 0.0}
        )

    def test_v2_rest_paid_after_the_discount_date(self):
        invoice = self._doc(1000.0, self.term_1_14)
        first = self._pay(297.0, "2026-07-02", invoice)
        self.assertSettled(
            first,
            [(self.account_receivable, -300.0), (self.discount_loss, 3.0)],
            {invoice: 700.0},
        )
        late = self._pay(700.0, "2026-07-11", invoice)
        self.assertSettled(late, [(self.account_receivable, -700.0)], {invoice: 0.0})

    def test_v3_several_discount_periods(self):
        invoice = self._doc(1000.0, self.term_2_5_1_14)
        self.assertEqual(str(invoice.ar_discount_tolerance_date), "2026-07-09")
        first = self._pay(294.0, "2026-06-28", invoice)
        self.assertSettled(
            first,
            [(self.account_receivable, -300.0), (self.discount_loss, 6.0)],
            {invoice: 700.0},
        )
        second = self._pay(693.0, "2026-07-08", invoice)
        self.assertSettled(
            second,
            [(self.account_receivable, -700.0), (self.discount_loss, 7.0)],
            {invoice: 0.0},
        )

    def test_v4_credit_note_carries_its_discount(self):
        invoice = self._doc(1000.0, self.term_1_14)
        credit_note = self._doc(100.0, self.term_1_14, move_type="out_refund")
        line = self._line(891.0, "Payment", date="2026-06-29", partner_id=self.fjord.id)
        action = line.action_ar_apply_manually()
        wizard = (
            self.env["ar.manual.application"]
            .with_context(**action["context"])
            .create({})
        )
        for candidate in wizard.candidate_ids:
            if candidate.move_line_id.move_id in invoice | credit_note:
                candidate.selected = True
                candidate.amount_to_apply = (
                    990.0 if candidate.move_id == invoice else -99.0
                )
            else:
                candidate.selected = False
        wizard.action_apply()
        self.assertRecordValues(
            line.ar_application_ids,
            [
                {"amount": 990.0, "discount_amount": 10.0},
                {"amount": -99.0, "discount_amount": -1.0},
            ],
        )
        self.assertSettled(
            line,
            [
                (self.account_receivable, -1000.0),
                (self.discount_loss, 10.0),
                # Odoo books a credit note's early payment discount on the discount gain
                # account.
                (self.account_receivable, 100.0),
                (self.discount_gain, -1.0),
            ],
            {invoice: 0.0, credit_note: 0.0},
        )

    def _v5_invoices(self):
        fti_10040 = self._doc(1000.0, self.term_1_14, date="2026-05-15")
        fti_10041 = self._doc(1000.0, self.term_1_14)
        fti_10042 = self._doc(1000.0, self.term_2_5_1_14)
        return fti_10040, fti_10041, fti_10042

    def test_v5_one_payment_three_invoices(self):
        # 29 June: 1,000 + 990 + 980; 1 July: FTI-10042's 2 % period is over, 1,000 +
        # 990 + 990.
        for day, total, discount_10042 in (
            ("2026-06-29", 2970.0, 20.0),
            ("2026-07-01", 2980.0, 10.0),
        ):
            with self.subTest(day=day):
                fti_10040, fti_10041, fti_10042 = self._v5_invoices()
                line = self._pay(total, day, fti_10040, fti_10041, fti_10042)
                # The discounted total is an amount match: no review needed.
                self.assertRecordValues(
                    line, [{"ar_match_confidence": "high", "ar_review_required": False}]
                )
                receivable = self.account_receivable
                self.assertSettled(
                    line,
                    [
                        (receivable, -1000.0),
                        (receivable, -1000.0),
                        (receivable, -1000.0),
                        (self.discount_loss, 10.0),
                        (self.discount_loss, discount_10042),
                    ],
                    {fti_10040: 0.0, fti_10041: 0.0, fti_10042: 0.0},
                )

    def test_settlement_summary_is_stored_as_codes_and_rendered_for_the_reader(self):
        invoice = self._doc(2500.0, self.term_2_10)
        line = self._line(
            1250.0, "Payment", date="2026-06-26", partner_id=self.fjord.id
        )
        action = line.action_ar_apply_manually()
        wizard = (
            self.env["ar.manual.application"]
            .with_context(**action["context"])
            .create({})
        )
        for candidate in wizard.candidate_ids:
            candidate.selected = candidate.move_id == invoice
            candidate.amount_to_apply = 1250.0 if candidate.selected else 0.0
        wizard.action_apply()
        (message,) = line.ar_settlement_messages
        self.assertEqual(message["code"], "settlement.doc.line")
        english = line.with_context(lang="en_US").ar_settlement_summary
        # 1,250 / 0.98 x 0.02 = 25.51 discount; 2,500 - 1,250 - 25.51 stays open.
        for text in (
            f"{invoice.name}: pays ",
            "1,250.00",
            "discount ",
            "25.51",
            "(2 %)",
            "1,224.49",
            "stays open",
        ):
            self.assertIn(text, english)
        self.env["res.lang"]._activate_lang("nb_NO")
        norwegian = line.with_context(lang="nb_NO").ar_settlement_summary
        self.assertIn("1\N{NO-BREAK SPACE}250,00", norwegian)
        self.assertIn("1\N{NO-BREAK SPACE}224,49", norwegian)
        self.assertIn("25,51", norwegian)

    def test_v6_half_of_each_invoice_applied_by_hand(self):
        fti_10040, fti_10041, fti_10042 = self._v5_invoices()
        line = self._line(
            1485.0, "Payment", date="2026-06-29", partner_id=self.fjord.id
        )
        action = line.action_ar_apply_manually()
        wizard = (
            self.env["ar.manual.application"]
            .with_context(**action["context"])
            .create({})
        )
        amounts = {fti_10040: 500.0, fti_10041: 495.0, fti_10042: 490.0}
        for candidate in wizard.candidate_ids:
            candidate.selected = candidate.move_id in amounts
            candidate.amount_to_apply = amounts.get(candidate.move_id, 0.0)
        wizard.action_apply()
        by_move = {app.move_id: app for app in line.ar_application_ids}
        self.assertEqual(
            [by_move[move].discount_amount for move in amounts], [0.0, 5.0, 10.0]
        )
        self.assertIn(
            "20.00", line.ar_settlement_summary, "the whole discount available is shown"
        )
        receivable = self.account_receivable
        self.assertSettled(
            line,
            [
                (receivable, -500.0),
                (receivable, -500.0),
                (receivable, -500.0),
                (self.discount_loss, 5.0),
                (self.discount_loss, 10.0),
            ],
            {fti_10040: 500.0, fti_10041: 500.0, fti_10042: 500.0},
        )

    def test_v9_full_settlement_posts_the_rest_as_discount(self):
        invoice = self._doc(1000.0)
        line = self._pay(990.0, "2026-06-29", invoice)
        line.action_ar_full_settlement()
        self.assertRecordValues(
            line.ar_application_ids, [{"amount": 990.0, "discount_amount": 10.0}]
        )
        self.assertSettled(
            line,
            [(self.account_receivable, -1000.0), (self.discount_loss, 10.0)],
            {invoice: 0.0},
        )

    def test_v7_unmarked_payment_oldest_first_then_better_discount(self):
        fti_10040, fti_10041, fti_10042 = self._v5_invoices()
        line = self._pay(1485.0, "2026-06-29", fti_10040, fti_10041, fti_10042)
        self.assertSettled(
            line,
            [
                (self.account_receivable, -1000.0),
                (self.account_receivable, -494.90),
                (self.discount_loss, 9.90),
            ],
            {fti_10040: 0.0, fti_10041: 1000.0, fti_10042: 505.10},
        )

    def test_v8_tolerance_closes_the_invoice(self):
        self.company.ar_payment_tolerance_max_amount = 1.0
        invoice = self._doc(1000.0)
        self.assertEqual(invoice.ar_max_payment_tolerance, 1.0)
        line = self._pay(999.90, "2026-06-29", invoice)
        self.assertRecordValues(
            line.ar_application_ids, [{"amount": 999.90, "tolerance_amount": 0.10}]
        )
        self.assertSettled(
            line,
            [(self.account_receivable, -1000.0), (self.tolerance_loss, 0.10)],
            {invoice: 0.0},
        )

    def test_v10_simple_discount(self):
        invoice = self._doc(100.0, self.term_2_10)
        line = self._pay(98.0, "2026-07-01", invoice)
        self.assertRecordValues(
            line, [{"ar_match_confidence": "high", "ar_review_required": False}]
        )
        self.assertSettled(
            line,
            [(self.account_receivable, -100.0), (self.discount_loss, 2.0)],
            {invoice: 0.0},
        )
        half = self._doc(100.0, self.term_2_10)
        self.assertSettled(
            self._pay(49.0, "2026-07-01", half),
            [(self.account_receivable, -50.0), (self.discount_loss, 1.0)],
            {half: 50.0},
        )

    # ------------------------------------------------------------------
    # Business Central's table (reference 11.5): invoice 1,000, discount 20 until 01/15,
    # max tolerance 5, grace period 5 days (tolerance date 01/20)
    # ------------------------------------------------------------------

    def _bc_invoice(self):
        self.company.write(
            {"ar_payment_tolerance_max_amount": 5.0, "ar_discount_grace_days": 5}
        )
        invoice = self._doc(1000.0, self.term_2_10, date="2026-01-05")
        self.assertEqual(invoice.ar_max_payment_tolerance, 5.0)
        self.assertEqual(str(invoice.ar_discount_tolerance_date), "2026-01-20")
        return invoice

    def test_bc_table_in_the_discount_period(self):
        receivable, discount = self.account_receivable, self.discount_loss
        for paid, tolerance in ((985.0, -5.0), (980.0, 0.0), (975.0, 5.0)):
            invoice = self._bc_invoice()
            expected = [(receivable, -1000.0), (discount, 20.0)]
            if tolerance:
                expected.append(
                    (
                        self.tolerance_loss if tolerance > 0 else self.tolerance_gain,
                        tolerance,
                    )
                )
            self.assertSettled(
                self._pay(paid, "2026-01-15", invoice), expected, {invoice: 0.0}
            )

    def test_bc_table_in_the_grace_period(self):
        receivable, discount = self.account_receivable, self.discount_loss
        for paid, tolerance in ((985.0, -5.0), (980.0, 0.0), (975.0, 5.0)):
            invoice = self._bc_invoice()
            line = self._pay(paid, "2026-01-18", invoice)
            self.assertTrue(line.ar_application_ids.late_discount)
            expected = [(receivable, -1000.0), (discount, 20.0)]
            if tolerance:
                expected.append(
                    (
                        self.tolerance_loss if tolerance > 0 else self.tolerance_gain,
                        tolerance,
                    )
                )
            self.assertSettled(line, expected, {invoice: 0.0})
            self.assertIn(
                "Late payment discount",
                line.move_id.line_ids.mapped("name")[-1]
                + " ".join(line.move_id.line_ids.mapped("name")),
            )

    def test_bc_table_after_the_tolerance_date(self):
        receivable = self.account_receivable
        for paid, tolerance in ((1005.0, -5.0), (1000.0, 0.0), (995.0, 5.0)):
            invoice = self._bc_invoice()
            expected = [(receivable, -1000.0)]
            if tolerance:
                expected.append(
                    (
                        self.tolerance_loss if tolerance > 0 else self.tolerance_gain,
                        tolerance,
                    )
                )
            self.assertSettled(
                self._pay(paid, "2026-01-21", invoice), expected, {invoice: 0.0}
            )
        invoice = self._bc_invoice()
        self.assertSettled(
            self._pay(985.0, "2026-01-21", invoice),
            [(receivable, -985.0)],
            {invoice: 15.0},
        )

    # ------------------------------------------------------------------
    # Warnings, blocked partner, currencies, bad input
    # ------------------------------------------------------------------

    def test_late_discount_warning_accept_and_decline(self):
        self.company.ar_discount_tolerance_warning = True
        accepted = self._bc_invoice()
        line = self._pay(980.0, "2026-01-18", accepted)
        self.assertTrue(line.ar_late_discount_pending)
        self.assertTrue(line.ar_review_required)
        self.assertFalse(
            line.action_post_applications(), "nothing posts while the question is open"
        )
        line.action_ar_accept_late_discount()
        self.assertFalse(line.ar_late_discount_pending)
        self.assertEqual(line.ar_late_discount_answer, "accept")
        self.assertSettled(
            line,
            [(self.account_receivable, -1000.0), (self.discount_loss, 20.0)],
            {accepted: 0.0},
        )

        declined = self._bc_invoice()
        line = self._pay(980.0, "2026-01-18", declined)
        line.action_ar_decline_late_discount()
        self.assertRecordValues(
            line.ar_application_ids, [{"amount": 980.0, "discount_amount": 0.0}]
        )
        self.assertSettled(line, [(self.account_receivable, -980.0)], {declined: 20.0})

    def test_tolerance_warning_post_and_leave_open(self):
        self.company.write(
            {
                "ar_payment_tolerance_max_amount": 1.0,
                "ar_payment_tolerance_warning": True,
            }
        )
        posted = self._doc(1000.0)
        line = self._pay(999.90, "2026-06-29", posted)
        self.assertAlmostEqual(line.ar_tolerance_to_confirm, 0.10)
        self.assertTrue(line.ar_review_required)
        line.action_ar_post_tolerance()
        self.assertSettled(
            line,
            [(self.account_receivable, -1000.0), (self.tolerance_loss, 0.10)],
            {posted: 0.0},
        )

        left = self._doc(1000.0)
        line = self._pay(999.90, "2026-06-29", left)
        line.action_ar_leave_balance_open()
        self.assertEqual(line.ar_tolerance_answer, "leave")
        self.assertSettled(line, [(self.account_receivable, -999.90)], {left: 0.10})

    def test_blocked_partner_gets_no_tolerance(self):
        self.company.ar_payment_tolerance_max_amount = 1.0
        self.bakery.with_company(self.company).ar_block_payment_tolerance = True
        invoice = self._doc(1000.0, partner=self.bakery)
        self.assertEqual(invoice.ar_max_payment_tolerance, 0.0)
        line = self._pay(999.90, "2026-06-29", invoice)
        self.assertSettled(line, [(self.account_receivable, -999.90)], {invoice: 0.10})

    def test_vendor_bill_paid_with_discount(self):
        bill = self._doc(
            1000.0, self.term_2_10, move_type="in_invoice", partner=self.paper
        )
        line = self._pay(-980.0, "2026-06-30", bill)
        self.assertRecordValues(
            line.ar_application_ids, [{"amount": -980.0, "discount_amount": -20.0}]
        )
        self.assertSettled(
            line,
            [(self.account_payable, 1000.0), (self.discount_gain, -20.0)],
            {bill: 0.0},
        )

    def test_discount_with_tax_included_reduces_the_tax(self):
        tax = self.company_data["default_tax_sale"]  # 15 %
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.fjord.id,
                "invoice_date": "2026-06-25",
                "invoice_payment_term_id": self.term_2_5_1_14.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Goods",
                            "quantity": 1,
                            "price_unit": 1000.0,
                            "tax_ids": [Command.set(tax.ids)],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        self.assertEqual(invoice.amount_total, 1150.0)
        line = self._pay(1138.50, "2026-07-08", invoice)  # 1 % period: 11.50 off
        self.assertRecordValues(line.ar_application_ids, [{"discount_amount": 11.50}])
        tax_account = tax.invoice_repartition_line_ids.filtered("account_id").account_id
        self.assertSettled(
            line,
            [
                (self.account_receivable, -1150.0),
                (self.discount_loss, 10.0),
                (tax_account, 1.50),
            ],
            {invoice: 0.0},
        )
        tax_item = line.move_id.line_ids.filtered(
            lambda item: item.account_id == tax_account
        )
        self.assertTrue(
            tax_item.tax_repartition_line_id, "the discount reduces the tax"
        )

    def test_foreign_currency_invoice_paid_in_company_currency(self):
        eur = self.eur
        self.env["res.currency.rate"].create(
            [
                {
                    "name": day,
                    "rate": rate,
                    "currency_id": eur.id,
                    "company_id": self.company.id,
                }
                for day, rate in (("2026-06-25", 0.9), ("2026-06-30", 0.8))
            ]
        )
        invoice = self._doc(1000.0, self.term_2_10, currency=eur)
        item = self._open_item(invoice)
        self.assertAlmostEqual(item.balance, 1111.11, places=2)
        # On 30 June 1,000 EUR are 1,250 USD; 2 % off is 25 USD.
        line = self._pay(1225.0, "2026-06-30", invoice)
        self.assertRecordValues(
            line.ar_application_ids, [{"amount": 1225.0, "discount_amount": 25.0}]
        )
        self.assertSettled(
            line,
            [(self.account_receivable, -1250.0), (self.discount_loss, 25.0)],
            {invoice: 0.0},
        )
        receivable = line.move_id.line_ids.filtered(
            lambda i: i.account_id == self.account_receivable
        )
        self.assertRecordValues(
            receivable, [{"currency_id": eur.id, "amount_currency": -1000.0}]
        )
        exchange = (
            item.full_reconcile_id.exchange_move_id
            | item.matched_credit_ids.exchange_move_id
        )
        self.assertTrue(exchange, "the rate change is booked as exchange difference")
        gain = exchange.line_ids.filtered(
            lambda i: i.account_id == self.company.income_currency_exchange_account_id
        )
        self.assertAlmostEqual(abs(gain.balance), 138.89, places=2)

    def test_payment_dated_before_the_invoice_is_refused(self):
        invoice = self._doc(1000.0, self.term_2_10, date="2026-06-25")
        line = self._line(
            980.0,
            "Payment " + invoice.name,
            date="2026-06-20",
            partner_id=self.fjord.id,
        )
        action = line.action_ar_apply_manually()
        wizard = (
            self.env["ar.manual.application"]
            .with_context(**action["context"])
            .create({})
        )
        self.assertNotIn(
            self._open_item(invoice),
            wizard.candidate_ids.move_line_id,
            "an invoice dated after the payment is no candidate",
        )
        with self.assertRaisesRegex(
            UserError, "payment date 06/20/2026 is before the date of document INV/"
        ):
            self.env["ar.settlement"]._settle(
                self._open_item(invoice), 980.0, self.company.currency_id, line.date
            )
        self.assertFalse(line.action_post_applications())
        self.assertEqual(invoice.amount_residual, 1000.0)

    def test_a_refused_settlement_is_stored_as_codes(self):
        """The reason a line cannot settle is kept as codes, rendered for the reader."""
        invoice = self._doc(1000.0, self.term_2_10, date="2026-06-25")
        line = self._line(980.0, "Payment", date="2026-06-20", partner_id=self.fjord.id)
        self.env["ar.payment.application"].create(
            {
                "statement_line_id": line.id,
                "move_line_id": self._open_item(invoice).id,
                "amount": 980.0,
                "manual": True,
            }
        )
        line._ar_settle()
        (message,) = line.ar_settlement_messages
        self.assertEqual(message["code"], "settlement.cannot_settle")
        reason = message["params"]["reason"]["v"]
        self.assertEqual(reason["code"], "settlement.error.payment_before_document")
        self.assertEqual(reason["params"]["document"], invoice.display_name)
        self.assertTrue(line.ar_review_required)
        self.assertIn(
            f"Cannot settle: payment date 06/20/2026 is before the date of document "
            f"{invoice.display_name} (06/25/2026)",
            line.with_context(lang="en_US").ar_settlement_summary,
        )
        self.env["res.lang"]._activate_lang("nb_NO")
        self.assertIn(
            "20.06.2026", line.with_context(lang="nb_NO").ar_settlement_summary
        )

    def test_negative_payment_for_an_invoice_is_refused(self):
        invoice = self._doc(1000.0)
        with self.assertRaisesRegex(UserError, "negative payment amount"):
            self.env["ar.settlement"]._settle(
                self._open_item(invoice),
                -50.0,
                self.company.currency_id,
                invoice.invoice_date,
            )
        self.assertEqual(invoice.amount_residual, 1000.0)
