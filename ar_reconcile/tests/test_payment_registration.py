"""Payment Registration: D365 settlement vectors V1-V10 and Business Central's payment
tolerance table (bc-receivables.md 11.5), posted for real and checked journal item by
item; the warning when a bank line already applies a document."""

from datetime import date
from functools import partial

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import ArTestCommon

# JUN(15) is 15 June 2024, and so on.
JUN = partial(date, 2024, 6)
JUL = partial(date, 2024, 7)
JAN = partial(date, 2024, 1)


@tagged("post_install", "-at_install")
class TestPaymentRegistration(ArTestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.eur = cls.setup_other_currency(
            "EUR"
        )  # 1 USD = 3 EUR in 2016, 2 EUR from 2017
        Account = cls.env["account.account"]
        cls.epd_loss = Account.create(
            {"name": "Discounts granted", "code": "681000", "account_type": "expense"}
        )
        cls.epd_gain = Account.create(
            {"name": "Discounts received", "code": "781000", "account_type": "income"}
        )
        cls.tol_loss = Account.create(
            {"name": "Tolerance loss", "code": "682000", "account_type": "expense"}
        )
        cls.tol_gain = Account.create(
            {"name": "Tolerance gain", "code": "782000", "account_type": "income"}
        )
        cls.company.write(
            {
                "account_journal_early_pay_discount_loss_account_id": cls.epd_loss.id,
                "account_journal_early_pay_discount_gain_account_id": cls.epd_gain.id,
                "ar_tolerance_loss_account_id": cls.tol_loss.id,
                "ar_tolerance_gain_account_id": cls.tol_gain.id,
                "ar_payment_tolerance_percent": 0.0,
                "ar_payment_tolerance_max_amount": 0.0,
            }
        )
        cls.receivable = cls.company_data["default_account_receivable"]
        cls.payable = cls.company_data["default_account_payable"]
        cls.bank = cls.company_data["default_journal_bank"]
        cls.receipts = (
            cls.bank.inbound_payment_method_line_ids[:1].payment_account_id
            or cls.company.account_journal_payment_debit_account_id
        )
        cls.term_1_14 = cls._payment_term("1 % 14 days", 1.0, 14)
        cls.term_2_10 = cls._payment_term("2 % 10 days", 2.0, 10)
        cls.term_2_5_1_14 = cls._payment_term(
            "2 % 5 days, 1 % 14 days", 2.0, 5, [(1.0, 14)]
        )
        cls.Registration = cls.env["ar.payment.registration"]

    @classmethod
    def _document(
        cls,
        amount,
        invoice_date,
        term=None,
        move_type="out_invoice",
        partner=None,
        currency=None,
    ):
        return cls._invoice(
            partner or cls.partner_a,
            amount,
            move_type=move_type,
            date=invoice_date,
            currency=currency or cls.company.currency_id,
            # No term: due at once, whatever the partner's default term.
            invoice_payment_term_id=term.id if term else False,
        )

    # ------------------------------------------------------------------ helpers

    def _rows(self, *moves):
        """The user's rows of these documents, in the documents' order (after a
        refresh)."""
        self.Registration.action_open()
        rows = self.Registration.search(
            [("move_id", "in", [move.id for move in moves])]
        )
        return rows.sorted(
            lambda row: [move.id for move in moves].index(row.move_id.id)
        )

    def _tick(self, row, on_date, amount=None):
        values = {"payment_made": True, "date_received": on_date}
        if amount is not None:
            values["amount_received"] = amount
        row.write(values)
        return row

    def _post(self, rows, lump=False, answers=(), journal=None):
        """Post through the dialog; ``answers`` are given in rounds (a list of
        {field: value} per round, applied to the questions in order)."""
        action = (
            rows.action_post_lump_payment() if lump else rows.action_post_payments()
        )
        wizard = rows.env["ar.payment.registration.post"].browse(action["res_id"])
        if journal is not None:
            wizard.journal_id = journal
        for round_answers in answers:
            unanswered = wizard.question_ids.sorted("id")[-len(round_answers) :]
            for question, values in zip(unanswered, round_answers, strict=False):
                question.write(values)
            result = wizard.action_confirm()
            if result.get("res_model") != wizard._name:
                break
        else:
            result = wizard.action_confirm()
            self.assertEqual(
                result["type"],
                "ir.actions.act_window_close",
                wizard.question_ids.mapped("description"),
            )
        return wizard.payment_ids

    def _assert_lines(self, payment, expected):
        """``expected``: (account, balance) per journal item, any order."""
        lines = payment.move_id.line_ids
        self.assertEqual(payment.state in ("in_process", "paid"), True)
        self.assertEqual(payment.move_id.state, "posted")
        actual = sorted(
            (line.account_id.code, round(line.balance, 2)) for line in lines
        )
        wanted = sorted(
            (account.code, round(balance, 2)) for account, balance in expected
        )
        self.assertEqual(actual, wanted)

    def _residual(self, move):
        return move.line_ids.filtered(
            lambda i: i.display_type == "payment_term"
        ).amount_residual_currency

    # ------------------------------------------------------------------ the list

    def test_list_shows_open_customer_and_vendor_documents(self):
        invoice = self._document(1000.0, JUN(25), self.term_2_5_1_14)
        credit_note = self._document(100.0, JUN(25), self.term_1_14, "out_refund")
        bill = self._document(
            500.0, JUN(25), self.term_2_10, "in_invoice", self.partner_b
        )
        refund = self._document(50.0, JUN(25), None, "in_refund", self.partner_b)
        paid = self._document(10.0, JUN(25))
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=paid.ids
        ).create({})._create_payments()
        rows = self._rows(invoice, credit_note, bill, refund, paid)
        self.assertEqual(rows.move_id, invoice | credit_note | bill | refund)
        rows.write({"date_received": JUN(28)})
        self.assertRecordValues(
            rows[0],
            [
                {
                    "due_date": date(2024, 7, 25),
                    "document_date": JUN(25),
                    "payment_made": False,
                    "amount_received": 0.0,
                    "date_received": JUN(28),
                    "currency_id": self.company.currency_id.id,
                    "partner_id": self.partner_a.id,
                }
            ],
        )
        self.assertRecordValues(
            rows,
            [
                {
                    "partner_type": "customer",
                    "document_type": "out_invoice",
                    "amount_remaining": 1000.0,
                    "amount_due_with_discount": 980.0,
                    "discount_date": JUN(30),
                },
                {
                    "partner_type": "customer",
                    "document_type": "out_refund",
                    "amount_remaining": -100.0,
                    "amount_due_with_discount": -99.0,
                    "discount_date": JUL(9),
                },
                {
                    "partner_type": "vendor",
                    "document_type": "in_invoice",
                    "amount_remaining": 500.0,
                    "amount_due_with_discount": 490.0,
                    "discount_date": JUL(5),
                },
                {
                    "partner_type": "vendor",
                    "document_type": "in_refund",
                    "amount_remaining": -50.0,
                    "amount_due_with_discount": -50.0,
                    "discount_date": False,
                },
            ],
        )
        self.assertEqual(rows[0].discount_tolerance_date, JUL(9))
        rows[0].date_received = JUL(1)  # the 1 % period is in force
        self.assertRecordValues(
            rows[0], [{"amount_due_with_discount": 990.0, "discount_date": JUL(9)}]
        )
        # Refresh is idempotent and drops rows whose item was paid elsewhere.
        self.assertEqual(self._rows(invoice, credit_note, bill, refund), rows)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=refund.ids
        ).create({})._create_payments()
        self.assertEqual(self._rows(invoice, credit_note, bill, refund), rows[:3])

    def test_menu_action_and_views(self):
        invoice = self._document(1000.0, JUN(25))
        action = self.env.ref("ar_reconcile.action_ar_payment_registration_open").run()
        self.assertEqual(action["res_model"], "ar.payment.registration")
        rows = self.Registration.search(action["domain"])
        self.assertIn(invoice, rows.move_id)
        menu = self.env.ref("ar_reconcile.menu_ar_payment_registration")
        self.assertEqual(
            menu.parent_id, self.env.ref("account.menu_finance_receivables")
        )
        views = self.Registration.get_views(
            [(False, "list"), (False, "form"), (False, "search")]
        )
        self.assertIn("action_post_lump_payment", views["views"]["list"]["arch"])
        self.env["ar.payment.registration.post"].get_views([(False, "form")])

    def test_ticking_proposes_the_discounted_amount_in_the_form(self):
        invoice = self._document(1000.0, JUN(25), self.term_2_5_1_14)
        row = self._rows(invoice)
        with Form(row) as form:
            form.date_received = JUN(28)
            self.assertEqual(form.amount_received, 0.0)
            form.payment_made = True
            self.assertEqual(form.amount_received, 980.0)
            form.date_received = JUL(8)
            self.assertEqual(form.amount_received, 990.0)
            form.amount_received = 500.0
        self.assertRecordValues(row, [{"payment_made": True, "amount_received": 500.0}])

    def test_search_by_number_and_by_amount_with_tolerance(self):
        today = fields.Date.context_today(self.Registration)
        in_range = self._document(1045.0, today)
        out_of_range = self._document(1060.0, today)
        discounted = self._document(
            1080.0, today, self.term_2_10
        )  # 1,058.40 with discount
        discount_only = self._document(
            1100.0, today, self._payment_term("10 %", 10.0, 10)
        )  # 990 with discount
        credit_note = self._document(1000.0, today, None, "out_refund")
        self._rows(in_range, out_of_range, discounted, discount_only, credit_note)

        def found(text):
            return self.Registration.search([("search_amount", "ilike", text)]).move_id

        self.assertEqual(found("1000"), credit_note)
        self.assertEqual(found("1000 5%"), in_range | discount_only | credit_note)
        self.assertEqual(found("1000 ±5%"), in_range | discount_only | credit_note)
        self.assertEqual(
            found("1,000.00 +- 6 %"),
            in_range | out_of_range | discounted | discount_only | credit_note,
        )
        self.assertEqual(found("1058.40"), discounted)
        self.assertEqual(found("1080 2%"), out_of_range | discounted | discount_only)
        with self.assertRaisesRegex(UserError, "is not an amount"):
            found("a thousand")
        number = discounted.name
        rows = self.Registration.search([("move_id.name", "ilike", number[-3:])])
        self.assertIn(discounted, rows.move_id)
        self.assertEqual(
            self.Registration.search([("move_id.name", "ilike", number)]).move_id,
            discounted,
        )

    # ------------------------------------------------------------------ D365 vectors

    def test_v1_partial_payments_in_the_discount_period(self):
        invoice = self._document(1000.0, JUN(25), self.term_1_14)
        row = self._tick(self._rows(invoice), JUL(2), 500.0)
        payment = self._post(row)
        self.assertRecordValues(
            payment,
            [{"payment_type": "inbound", "partner_type": "customer", "amount": 500.0}],
        )
        self._assert_lines(
            payment,
            [(self.receipts, 500.0), (self.receivable, -505.05), (self.epd_loss, 5.05)],
        )
        self.assertAlmostEqual(self._residual(invoice), 494.95)

        other = self._document(1000.0, JUN(25), self.term_1_14)
        row = self._tick(self._rows(other), JUL(2), 495.0)
        payment = self._post(row)
        self._assert_lines(
            payment,
            [(self.receipts, 495.0), (self.receivable, -500.0), (self.epd_loss, 5.0)],
        )
        self.assertAlmostEqual(self._residual(other), 500.0)
        row = self._rows(other)
        self.assertRecordValues(
            row, [{"payment_made": False, "amount_remaining": 500.0}]
        )
        self._tick(row, JUL(8))
        self.assertEqual(row.amount_received, 495.0)
        payment = self._post(row)
        self._assert_lines(
            payment,
            [(self.receipts, 495.0), (self.receivable, -500.0), (self.epd_loss, 5.0)],
        )
        self.assertEqual(other.payment_state, "paid")
        self.assertFalse(row.exists(), "the row of a paid document goes")

    def test_v2_rest_paid_after_the_discount_date(self):
        invoice = self._document(1000.0, JUN(25), self.term_1_14)
        payment = self._post(self._tick(self._rows(invoice), JUL(2), 297.0))
        self._assert_lines(
            payment,
            [(self.receipts, 297.0), (self.receivable, -300.0), (self.epd_loss, 3.0)],
        )
        row = self._tick(self._rows(invoice), JUL(11))
        self.assertEqual(row.amount_received, 700.0, "no discount after 9 July")
        payment = self._post(row)
        self._assert_lines(payment, [(self.receipts, 700.0), (self.receivable, -700.0)])
        self.assertEqual(invoice.payment_state, "paid")

    def test_v3_two_discount_periods(self):
        invoice = self._document(1000.0, JUN(25), self.term_2_5_1_14)
        payment = self._post(self._tick(self._rows(invoice), JUN(28), 294.0))
        self._assert_lines(
            payment,
            [(self.receipts, 294.0), (self.receivable, -300.0), (self.epd_loss, 6.0)],
        )
        self.assertAlmostEqual(self._residual(invoice), 700.0)
        payment = self._post(self._tick(self._rows(invoice), JUL(8), 693.0))
        self._assert_lines(
            payment,
            [(self.receipts, 693.0), (self.receivable, -700.0), (self.epd_loss, 7.0)],
        )
        self.assertEqual(invoice.payment_state, "paid")

    def test_v4_lump_payment_of_invoice_and_credit_note(self):
        invoice = self._document(1000.0, JUN(25), self.term_1_14)
        credit_note = self._document(100.0, JUN(25), self.term_1_14, "out_refund")
        rows = self._rows(invoice, credit_note)
        for row in rows:
            self._tick(row, JUL(2))
        self.assertEqual(rows.mapped("amount_received"), [990.0, -99.0])
        payment = self._post(rows, lump=True)
        self.assertEqual(len(payment), 1)
        self.assertEqual(payment.amount, 891.0)
        self._assert_lines(
            payment,
            [
                (self.receipts, 891.0),
                (self.receivable, -1000.0),
                (self.epd_loss, 10.0),
                (self.receivable, 100.0),
                (self.epd_gain, -1.0),  # Odoo books a refund's discount as a gain
            ],
        )
        self.assertEqual(
            (invoice | credit_note).mapped("payment_state"), ["paid", "paid"]
        )

    def _v5_invoices(self):
        return (
            self._document(1000.0, date(2024, 5, 15), self.term_1_14),
            self._document(1000.0, JUN(25), self.term_1_14),
            self._document(1000.0, JUN(25), self.term_2_5_1_14),
        )

    def test_v6_half_of_each_invoice_as_separate_payments(self):
        fti_10040, fti_10041, fti_10042 = self._v5_invoices()
        rows = self._rows(fti_10040, fti_10041, fti_10042)
        for row, amount in zip(rows, (500.0, 495.0, 490.0), strict=False):
            self._tick(row, JUN(29), amount)
        payments = self._post(rows)
        self.assertEqual(len(payments), 3)
        by_amount = {payment.amount: payment for payment in payments}
        self._assert_lines(
            by_amount[500.0], [(self.receipts, 500.0), (self.receivable, -500.0)]
        )
        self._assert_lines(
            by_amount[495.0],
            [(self.receipts, 495.0), (self.receivable, -500.0), (self.epd_loss, 5.0)],
        )
        self._assert_lines(
            by_amount[490.0],
            [(self.receipts, 490.0), (self.receivable, -500.0), (self.epd_loss, 10.0)],
        )
        for move in (fti_10040, fti_10041, fti_10042):
            self.assertAlmostEqual(self._residual(move), 500.0)

    def test_v5_one_lump_payment_three_invoices(self):
        for day, total, discounts in [
            (JUN(29), 2970.0, (0.0, 10.0, 20.0)),
            (JUL(1), 2980.0, (0.0, 10.0, 10.0)),
        ]:
            with self.subTest(day=day):
                invoices = self._v5_invoices()
                rows = self._rows(*invoices)
                for row in rows:
                    self._tick(row, day)
                self.assertEqual(sum(rows.mapped("amount_received")), total)
                payment = self._post(rows, lump=True)
                self.assertEqual(payment.amount, total)
                expected = [(self.receipts, total)] + [(self.receivable, -1000.0)] * 3
                expected += [
                    (self.epd_loss, discount) for discount in discounts if discount
                ]
                self._assert_lines(payment, expected)
                self.assertEqual([inv.payment_state for inv in invoices], ["paid"] * 3)

    def test_v7_lump_payment_oldest_first_then_better_discount(self):
        fti_10040, fti_10041, fti_10042 = self._v5_invoices()
        rows = self._rows(fti_10040, fti_10041, fti_10042)
        for row in rows:
            self._tick(row, JUN(29), 495.0)
        payment = self._post(rows, lump=True)
        self._assert_lines(
            payment,
            [
                (self.receipts, 1485.0),
                (self.receivable, -1000.0),
                (self.receivable, -494.90),
                (self.epd_loss, 9.90),
            ],
        )
        self.assertEqual(fti_10040.payment_state, "paid")
        self.assertAlmostEqual(self._residual(fti_10042), 505.10)
        self.assertAlmostEqual(self._residual(fti_10041), 1000.0)
        self.assertEqual(
            self._rows(fti_10040, fti_10041, fti_10042).move_id, fti_10041 | fti_10042
        )

    def test_v8_underpayment_within_tolerance(self):
        self.company.write(
            {
                "ar_payment_tolerance_percent": 1.0,
                "ar_payment_tolerance_max_amount": 5.0,
            }
        )
        invoice = self._document(1000.0, JUN(25))
        payment = self._post(self._tick(self._rows(invoice), JUL(2), 999.90))
        self._assert_lines(
            payment,
            [
                (self.receipts, 999.90),
                (self.receivable, -1000.0),
                (self.tol_loss, 0.10),
            ],
        )
        self.assertEqual(invoice.payment_state, "paid")

    def test_v9_full_settlement_posts_the_rest_as_discount(self):
        invoice = self._document(1000.0, JUN(25))
        rows = self._tick(self._rows(invoice), JUL(2), 990.0)
        action = rows.action_post_payments()
        wizard = rows.env["ar.payment.registration.post"].browse(action["res_id"])
        wizard.full_settlement = True
        self.assertEqual(wizard.action_confirm()["type"], "ir.actions.act_window_close")
        discount = self.company.account_journal_early_pay_discount_loss_account_id
        self._assert_lines(
            wizard.payment_ids,
            [(self.receipts, 990.0), (self.receivable, -1000.0), (discount, 10.0)],
        )
        self.assertEqual(invoice.payment_state, "paid")

    def test_v8_blocked_partner_leaves_the_difference_open(self):
        self.company.write(
            {
                "ar_payment_tolerance_percent": 1.0,
                "ar_payment_tolerance_max_amount": 5.0,
            }
        )
        self.partner_b.with_company(self.company).ar_block_payment_tolerance = True
        invoice = self._document(1000.0, JUN(25), partner=self.partner_b)
        payment = self._post(self._tick(self._rows(invoice), JUL(2), 999.90))
        receivable = self.partner_b.property_account_receivable_id
        self._assert_lines(payment, [(self.receipts, 999.90), (receivable, -999.90)])
        self.assertAlmostEqual(self._residual(invoice), 0.10)

    def test_v10_simple_discount(self):
        for amount, discount, residual in [(98.0, 2.0, 0.0), (49.0, 1.0, 50.0)]:
            with self.subTest(amount=amount):
                invoice = self._document(100.0, JUN(25), self.term_2_10)
                payment = self._post(self._tick(self._rows(invoice), JUL(5), amount))
                self._assert_lines(
                    payment,
                    [
                        (self.receipts, amount),
                        (self.receivable, -(amount + discount)),
                        (self.epd_loss, discount),
                    ],
                )
                self.assertAlmostEqual(self._residual(invoice), residual)

    # ------------------------------------------------------------------ BC 11.5

    def _bc_invoice(self):
        """Invoice 1,000, 2 % (20) until 15 Jan, grace 5 days (20 Jan), max tolerance
        5."""
        self.company.write(
            {
                "ar_payment_tolerance_percent": 1.0,
                "ar_payment_tolerance_max_amount": 5.0,
                "ar_discount_grace_days": 5,
            }
        )
        invoice = self._document(1000.0, JAN(5), self.term_2_10)
        self.assertEqual(invoice.ar_max_payment_tolerance, 5.0)
        self.assertEqual(invoice.ar_discount_tolerance_date, JAN(20))
        return invoice

    def test_bc_payment_tolerance_table(self):
        rows = [
            # (date, paid, discount, tolerance, left open on the invoice)
            (JAN(10), 985.0, 20.0, -5.0, 0.0),
            (JAN(10), 980.0, 20.0, 0.0, 0.0),
            (JAN(10), 975.0, 20.0, 5.0, 0.0),
            (JAN(18), 980.0, 20.0, 0.0, 0.0),  # late discount, granted without warning
            (JAN(25), 1005.0, 0.0, -5.0, 0.0),
            (JAN(25), 1000.0, 0.0, 0.0, 0.0),
            (JAN(25), 995.0, 0.0, 5.0, 0.0),
            (JAN(25), 985.0, 0.0, 0.0, 15.0),
        ]
        for on_date, paid, discount, tolerance, left in rows:
            with self.subTest(date=on_date, paid=paid):
                invoice = self._bc_invoice()
                payment = self._post(self._tick(self._rows(invoice), on_date, paid))
                expected = [(self.receipts, paid), (self.receivable, -(1000.0 - left))]
                if discount:
                    expected.append((self.epd_loss, discount))
                if tolerance:
                    expected.append(
                        (self.tol_loss if tolerance > 0 else self.tol_gain, tolerance)
                    )
                self._assert_lines(payment, expected)
                self.assertAlmostEqual(self._residual(invoice), left)

    def test_bc_late_discount_warning_both_answers(self):
        self.company.ar_discount_tolerance_warning = True
        accepted = self._bc_invoice()
        payment = self._post(
            self._tick(self._rows(accepted), JAN(18), 980.0),
            answers=[[{"late_discount_answer": "accept"}]],
        )
        self._assert_lines(
            payment,
            [(self.receipts, 980.0), (self.receivable, -1000.0), (self.epd_loss, 20.0)],
        )
        self.assertEqual(accepted.payment_state, "paid")

        declined = self._bc_invoice()
        payment = self._post(
            self._tick(self._rows(declined), JAN(18), 980.0),
            answers=[[{"late_discount_answer": "decline"}]],
        )
        self._assert_lines(payment, [(self.receipts, 980.0), (self.receivable, -980.0)])
        self.assertAlmostEqual(self._residual(declined), 20.0)

    def test_bc_tolerance_warning_both_answers(self):
        self.company.ar_payment_tolerance_warning = True
        posted = self._bc_invoice()
        row = self._tick(self._rows(posted), JAN(25), 995.0)
        action = row.action_post_payments()
        wizard = self.env["ar.payment.registration.post"].browse(action["res_id"])
        self.assertEqual(wizard.journal_id, self.bank)
        self.assertRecordValues(
            wizard.question_ids, [{"kind": "tolerance", "tolerance_answer": "post"}]
        )
        self.assertIn("5", wizard.question_ids.description)
        wizard.action_confirm()
        self._assert_lines(
            wizard.payment_ids,
            [(self.receipts, 995.0), (self.receivable, -1000.0), (self.tol_loss, 5.0)],
        )

        left_open = self._bc_invoice()
        row = self._tick(self._rows(left_open), JAN(25), 995.0)
        wizard = self.env["ar.payment.registration.post"].browse(
            row.action_post_payments()["res_id"]
        )
        with Form(wizard) as dialog:
            self.assertEqual(dialog.journal_id, self.bank)
            with dialog.question_ids.edit(0) as question:
                question.tolerance_answer = "leave"
        wizard.action_confirm()
        self._assert_lines(
            wizard.payment_ids, [(self.receipts, 995.0), (self.receivable, -995.0)]
        )
        self.assertAlmostEqual(self._residual(left_open), 5.0)

    def test_bc_both_warnings_asked_in_rounds(self):
        """985 in the grace period: accepting the late discount leaves 5 overpaid,
        which is then the payment tolerance question (BC asks the late discount
        first)."""
        self.company.write(
            {
                "ar_discount_tolerance_warning": True,
                "ar_payment_tolerance_warning": True,
            }
        )
        invoice = self._bc_invoice()
        row = self._tick(self._rows(invoice), JAN(18), 985.0)
        wizard = self.env["ar.payment.registration.post"].browse(
            row.action_post_payments()["res_id"]
        )
        self.assertEqual(wizard.question_ids.mapped("kind"), ["late_discount"])
        result = wizard.action_confirm()
        self.assertEqual(
            result["res_id"], wizard.id, "the tolerance question comes next"
        )
        self.assertEqual(
            wizard.question_ids.mapped("kind"), ["late_discount", "tolerance"]
        )
        self.assertFalse(wizard.payment_ids)
        wizard.action_confirm()
        self._assert_lines(
            wizard.payment_ids,
            [
                (self.receipts, 985.0),
                (self.receivable, -1000.0),
                (self.epd_loss, 20.0),
                (self.tol_gain, -5.0),
            ],
        )

    # ------------------------------------------------- vendors, credit, currencies

    def test_vendor_bill_paid_with_discount(self):
        bill = self._document(
            1000.0, JUN(25), self.term_2_10, "in_invoice", self.partner_b
        )
        row = self._tick(self._rows(bill), JUL(2))
        self.assertEqual(row.amount_received, 980.0)
        payment = self._post(row)
        self.assertRecordValues(
            payment,
            [{"payment_type": "outbound", "partner_type": "supplier", "amount": 980.0}],
        )
        outstanding = payment.outstanding_account_id
        self._assert_lines(
            payment,
            [
                (outstanding, -980.0),
                (self.partner_b.property_account_payable_id, 1000.0),
                (self.epd_gain, -20.0),
            ],
        )
        self.assertEqual(bill.payment_state, "paid")

    def test_discount_on_a_taxed_invoice_reduces_the_tax(self):
        term = self._payment_term("2 % 10 days, tax included", 2.0, 10)
        term.early_pay_discount_computation = "included"
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.partner_a.id,
                "invoice_date": JUN(25),
                "invoice_payment_term_id": term.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "line",
                            "quantity": 1,
                            "price_unit": 1000.0,
                            "tax_ids": [Command.set(self.tax_sale_a.ids)],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        self.assertEqual(invoice.amount_total, 1150.0)
        row = self._tick(self._rows(invoice), JUL(2))
        self.assertEqual(row.amount_received, 1127.0)
        payment = self._post(row)
        tax_account = self.company_data["default_account_tax_sale"]
        self._assert_lines(
            payment,
            [
                (self.receipts, 1127.0),
                (self.receivable, -1150.0),
                (self.epd_loss, 20.0),
                (tax_account, 3.0),
            ],
        )
        base = payment.move_id.line_ids.filtered(
            lambda i: i.account_id == self.epd_loss
        )
        self.assertEqual(base.tax_ids, self.tax_sale_a)
        self.assertEqual(invoice.payment_state, "paid")

    def test_refresh_reads_in_bulk(self):
        """Refreshing the list costs about the same for 2 documents as for 12."""

        def refresh_queries(count):
            moves = [
                self._document(100.0 + index, JUN(25), self.term_2_5_1_14)
                for index in range(count)
            ]
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            rows = self._rows(*moves)
            self.assertEqual(len(rows), count)
            return self.env.cr.sql_log_count - before

        few, many = refresh_queries(2), refresh_queries(12)
        self.assertLess(
            many - few, 10, f"{few} queries for 2 documents, {many} for 12 more"
        )

    def test_overpayment_beyond_tolerance_stays_as_credit(self):
        invoice = self._document(1000.0, JUN(25))
        payment = self._post(self._tick(self._rows(invoice), JUL(2), 1050.0))
        self._assert_lines(
            payment,
            [
                (self.receipts, 1050.0),
                (self.receivable, -1000.0),
                (self.receivable, -50.0),
            ],
        )
        self.assertEqual(invoice.payment_state, "paid")
        credit = payment.move_id.line_ids.filtered(
            lambda i: i.account_id == self.receivable and not i.reconciled
        )
        self.assertRecordValues(
            credit, [{"amount_residual": -50.0, "partner_id": self.partner_a.id}]
        )

    def test_foreign_currency_invoice_paid_in_company_currency(self):
        invoice = self._document(
            1000.0, date(2016, 6, 1), currency=self.eur
        )  # 333.33 USD at 3 EUR
        row = self._rows(invoice)
        self.assertEqual(row.currency_id, self.eur)
        self.assertEqual(row.amount_remaining, 1000.0)
        row.payment_currency_id = self.company.currency_id
        self._tick(row, date(2017, 6, 1))
        self.assertEqual(row.amount_received, 500.0)  # 1,000 EUR at 2 EUR per USD
        payment = self._post(row)
        self.assertEqual(payment.currency_id, self.company.currency_id)
        self._assert_lines(payment, [(self.receipts, 500.0), (self.receivable, -500.0)])
        closing = payment.move_id.line_ids.filtered(
            lambda i: i.account_id == self.receivable
        )
        self.assertRecordValues(
            closing, [{"currency_id": self.eur.id, "amount_currency": -1000.0}]
        )
        self.assertEqual(invoice.payment_state, "paid")
        self.assertTrue(closing.full_reconcile_id)
        exchange = (
            closing.full_reconcile_id.reconciled_line_ids.move_id
            - invoice
            - payment.move_id
        )
        self.assertTrue(exchange, "the exchange difference is booked")
        self.assertAlmostEqual(
            sum(
                exchange.line_ids.filtered(
                    lambda i: i.account_id == self.receivable
                ).mapped("balance")
            ),
            166.67,
        )

    # ---------------------------------------------------------- bad input, access

    def test_bad_input_posts_nothing(self):
        good = self._document(100.0, JUN(25))
        bad = self._document(200.0, JUN(25))
        rows = self._rows(good, bad)
        Payment = self.env["account.payment"]
        count = Payment.search_count([])
        cases = [
            (
                {"date_received": JUN(20), "amount_received": 200.0},
                "before the document date",
            ),
            ({"date_received": JUL(1), "amount_received": -200.0}, "wrong sign"),
            (
                {"date_received": JUL(1), "amount_received": 0.0},
                "enter the amount received",
            ),
        ]
        self._tick(rows[0], JUL(1), 100.0)
        for values, message in cases:
            with self.subTest(message=message):
                rows[1].write({"payment_made": True, **values})
                with self.assertRaisesRegex(UserError, message):
                    self._post(rows)
                with self.assertRaisesRegex(UserError, message):
                    rows._post(self.bank)
        rows[1].write({"amount_received": 200.0, "date_received": JUL(1)})
        with self.assertRaisesRegex(UserError, "journal"):
            self._post(rows, journal=self.env["account.journal"])
        with self.assertRaisesRegex(UserError, "Tick Payment Made"):
            rows.write({"payment_made": False})
            rows.action_post_payments()
        self.assertEqual(Payment.search_count([]), count)
        self.assertEqual((good | bad).mapped("payment_state"), ["not_paid", "not_paid"])

    def test_a_document_paid_meanwhile_is_not_paid_twice(self):
        invoice = self._document(100.0, JUN(25))
        mine = self._tick(self._rows(invoice), JUL(1))
        clerk = new_test_user(
            self.env,
            login="ar_clerk_2",
            groups="base.group_user,ar_reconcile.group_ar_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        Registration = self.Registration.with_user(clerk)
        theirs = Registration.search(
            Registration.action_open()["domain"] + [("move_id", "=", invoice.id)]
        )
        theirs.write({"payment_made": True, "date_received": JUL(1)})
        # A bank line applied to the same invoice, not posted yet.
        line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.bank.id,
                "date": JUL(1),
                "amount": 100.0,
                "payment_ref": invoice.name,
                "partner_id": invoice.partner_id.id,
            }
        )
        line.action_apply_automatically()
        line.filtered("ar_review_required").action_ar_accept()
        self.assertTrue(line.ar_application_ids)

        self._post(theirs, answers=[[{"bank_line_answer": "pay"}]])
        self.assertEqual(invoice.payment_state, "paid")
        Payment = self.env["account.payment"]
        count = Payment.search_count([])
        with self.assertRaisesRegex(UserError, "already paid"):
            mine.action_post_payments()
        self.assertEqual(Payment.search_count([]), count)
        self.assertFalse(
            line.action_post_applications(), "the bank line waits for review instead"
        )
        self.assertTrue(line.ar_review_required)
        self.assertFalse(line.is_reconciled)

    def _applied_on_bank(self, invoice):
        """A bank line, accepted and not posted, that applies ``invoice``."""
        line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.bank.id,
                "date": JUL(1),
                "amount": invoice.amount_total,
                "payment_ref": invoice.name,
                "partner_id": invoice.partner_id.id,
            }
        )
        line.action_apply_automatically()
        line.filtered("ar_review_required").action_ar_accept()
        self.assertTrue(line._ar_is_ready())
        return line

    def test_row_shows_the_bank_line_applying_it(self):
        invoice = self._document(100.0, JUN(25))
        other = self._document(70.0, JUN(25))
        line = self._applied_on_bank(invoice)
        row, free = self._rows(invoice, other)
        self.assertAlmostEqual(row.bank_applied_amount, 100.0)
        self.assertEqual(row.bank_line_ids, line)
        self.assertIn(line.display_name, row.bank_line_note)
        self.assertIn("100.00", row.bank_line_note)
        self.assertFalse(free.bank_applied_amount)
        self.assertFalse(free.bank_line_ids)
        self.assertFalse(free.bank_line_note)

    def test_paying_a_document_a_bank_line_applies_asks_first_no(self):
        """Answering no leaves the row unpaid and the bank line as it was."""
        invoice = self._document(100.0, JUN(25))
        other = self._document(70.0, JUN(25))
        line = self._applied_on_bank(invoice)
        rows = self._rows(invoice, other)
        for row in rows:
            self._tick(row, JUL(1))
        action = rows.action_post_payments()
        wizard = self.env["ar.payment.registration.post"].browse(action["res_id"])
        question = wizard.question_ids.filtered(lambda q: q.kind == "bank_line")
        self.assertEqual(len(question), 1)
        self.assertEqual(question.registration_id, rows[0])
        self.assertIn(line.display_name, question.description)
        self.assertIn(invoice.name, question.description)
        with self.assertRaisesRegex(UserError, "whether to pay it"):
            wizard.action_confirm()
        question.bank_line_answer = "skip"
        result = wizard.action_confirm()
        self.assertEqual(result["type"], "ir.actions.act_window_close")
        self.assertEqual(other.payment_state, "paid")
        self.assertEqual(invoice.payment_state, "not_paid")
        self.assertFalse(rows[0].payment_made)
        self.assertFalse(line.ar_review_required)
        self.assertEqual(line.action_post_applications(), line)
        self.assertEqual(invoice.payment_state, "paid")

    def test_paying_a_document_a_bank_line_applies_asks_first_yes(self):
        """Answering yes pays it and sends the bank line back to review, saying why."""
        invoice = self._document(100.0, JUN(25))
        line = self._applied_on_bank(invoice)
        payment = self._post(
            self._tick(self._rows(invoice), JUL(1)),
            answers=[[{"bank_line_answer": "pay"}]],
        )
        self.assertTrue(payment)
        self.assertEqual(invoice.payment_state, "paid")
        self.assertTrue(line.ar_review_required)
        self.assertIn(
            "posting.paid_by_registration",
            [note["code"] for note in line.ar_review_notes],
        )
        self.assertIn(invoice.name, line.ar_review_note)
        self.assertFalse(line.action_post_applications())
        self.assertFalse(line.is_reconciled)

    def test_each_user_sees_own_rows_of_own_companies(self):
        invoice = self._document(100.0, JUN(25))
        mine = self._tick(self._rows(invoice), JUL(1))
        clerk = new_test_user(
            self.env,
            login="ar_clerk",
            groups="base.group_user,ar_reconcile.group_ar_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        Registration = self.Registration.with_user(clerk)
        action = Registration.action_open()
        theirs = Registration.search(action["domain"] + [("move_id", "=", invoice.id)])
        self.assertEqual(len(theirs), 1)
        self.assertNotEqual(theirs, mine)
        self.assertFalse(theirs.payment_made)
        self.assertFalse(Registration.search([("id", "=", mine.id)]))
        with self.assertRaises(AccessError):
            mine.with_user(clerk).read(["amount_received"])
        theirs.write({"payment_made": True, "date_received": JUL(1)})
        payment = self._post(theirs)
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(payment.create_uid, clerk)

        other = self.setup_other_company(name="Other AR")["company"]
        outsider = new_test_user(
            self.env,
            login="ar_outsider",
            groups="base.group_user,ar_reconcile.group_ar_user",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        rows = self.Registration.with_user(outsider).with_company(other)
        rows.action_open()
        self.assertFalse(rows.search([]))
