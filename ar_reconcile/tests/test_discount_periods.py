"""Several early-payment discount periods on a payment term, and their settlement in
Odoo.

Odoo's own early discount stays the first period and keeps working unchanged (invoice
lines, register-payment wizard); the further periods are ours, settled by
``ar.settlement`` with the discount split over base and taxes the way Odoo splits its
own.
"""

from datetime import date
from decimal import Decimal

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import float_compare

from ..lib import settlement
from ..models.ar_settlement import _ODOO_DISCOUNT_SPLIT
from .common import ArTestCommon

INVOICE_DATE = date(2024, 3, 1)
IN_FIRST_PERIOD = date(2024, 3, 4)  # within 5 days: 2 %
IN_SECOND_PERIOD = date(2024, 3, 10)  # after 5, within 14 days: 1 %


@tagged("post_install", "-at_install")
class TestDiscountPeriods(ArTestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.ar_discount_grace_days = 3
        cls.currency = cls.company.currency_id
        cls.tax_21 = cls.company_data["default_tax_sale"].copy(
            {"name": "VAT 21 %", "amount": 21.0}
        )
        cls.term_2_1 = cls._term(
            "2 % 5 days, 1 % 14 days, net 30", "included", [(1.0, 14)]
        )

    @classmethod
    def _term(cls, name, computation, further=(), percent=2.0, days=5):
        return cls._payment_term(name, percent, days, further, computation)

    def _document(self, term, amount=1000.0):
        return self._invoice(
            self.partner_a, amount, date=INVOICE_DATE, term=term, taxes=self.tax_21
        )

    @staticmethod
    def _receivable(invoice):
        return invoice.line_ids.filtered(
            lambda line: line.display_type == "payment_term"
        )

    def assertMoney(self, actual, expected, msg=None):
        self.assertEqual(
            float_compare(actual, expected, precision_rounding=self.currency.rounding),
            0,
            msg or f"{actual} != {expected}",
        )

    # ------------------------------------------------------------------
    # The payment term form and its constraints
    # ------------------------------------------------------------------

    def test_create_term_through_the_form(self):
        with Form(self.env["account.payment.term"]) as form:
            form.name = "Form: 2 % 5 days, 1 % 14 days"
            form.early_discount = True
            form.discount_percentage = 2.0
            form.discount_days = 5
            form.early_pay_discount_computation = "included"
            with form.ar_discount_period_ids.new() as period:
                period.discount_percentage = 1.0
                period.days = 14
        term = form.record
        self.assertRecordValues(
            term.ar_discount_period_ids, [{"discount_percentage": 1.0, "days": 14}]
        )
        self.assertEqual(
            term._ar_discount_schedule(),
            settlement.discount_schedule([(5, Decimal("2")), (14, Decimal("1"))]),
        )
        # The periods sit in the early discount block of the form and go with it.
        arch = self.env["account.payment.term"].get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        self.assertIn('name="ar_discount_period_ids"', arch)
        with Form(term) as form:
            form.early_pay_discount_computation = "excluded"
            with form.ar_discount_period_ids.edit(0) as period:
                period.days = 20
        self.assertEqual(term.ar_discount_period_ids.days, 20)
        # Without the early discount the rows stay visible, to be removed.
        with Form(term) as form:
            form.early_discount = False
            form.ar_discount_period_ids.remove(0)
        self.assertFalse(term.early_discount)
        self.assertFalse(term.ar_discount_period_ids)

    def test_invalid_term_through_the_form_is_not_saved(self):
        form = Form(self.env["account.payment.term"])
        form.name = "Form: rising rate"
        form.early_discount = True
        form.discount_percentage = 2.0
        form.discount_days = 5
        with form.ar_discount_period_ids.new() as period:
            period.discount_percentage = 3.0
            period.days = 14
        with (
            self.assertRaisesRegex(ValidationError, "strictly decreasing in rate"),
            self.env.cr.savepoint(),
        ):
            form.save()
        self.assertFalse(
            self.env["account.payment.term"].search(
                [("name", "=", "Form: rising rate")]
            )
        )

    def test_constraints(self):
        cases = [
            ("same days", {"further": [(1.0, 5)]}, "strictly increasing in days"),
            ("fewer days", {"further": [(1.0, 3)]}, "strictly increasing in days"),
            ("same rate", {"further": [(2.0, 14)]}, "strictly decreasing in rate"),
            ("higher rate", {"further": [(3.0, 14)]}, "strictly decreasing in rate"),
            (
                "third period not later",
                {"further": [(1.0, 14), (0.5, 14)]},
                "strictly increasing in days",
            ),
            (
                "mixed",
                {"computation": "mixed", "further": [(1.0, 14)]},
                r"mixed\), only one discount period",
            ),
            (
                "zero rate",
                {"further": [(0.0, 14)]},
                r"above 0 % and below 100 %, not 0 %",
            ),
            (
                "negative rate",
                {"further": [(-1.0, 14)]},
                r"above 0 % and below 100 %, not -1 %",
            ),
            (
                "hundred",
                {"percent": 100.0, "further": [(1.0, 14)]},
                r"above 0 % and below 100 %, not 100 %",
            ),
            (
                "above hundred",
                {"percent": 150.0, "further": [(1.0, 14)]},
                r"below 100 %, not 150 %",
            ),
        ]
        Term = self.env["account.payment.term"]
        for name, values, message in cases:
            with self.subTest(name):
                with (
                    self.assertRaisesRegex(ValidationError, message),
                    self.env.cr.savepoint(),
                ):
                    self._term(
                        f"bad {name}",
                        values.get("computation", "included"),
                        values["further"],
                        percent=values.get("percent", 2.0),
                    )
                self.assertFalse(Term.search([("name", "=", f"bad {name}")]))

        # A period without an early discount (the first period).
        with (
            self.assertRaisesRegex(ValidationError, "need an early discount"),
            self.env.cr.savepoint(),
        ):
            self.term_2_1.early_discount = False
        with (
            self.assertRaisesRegex(ValidationError, "need an early discount"),
            self.env.cr.savepoint(),
        ):
            Term.create(
                {
                    "name": "bad no early discount",
                    "early_discount": False,
                    "ar_discount_period_ids": [
                        Command.create({"discount_percentage": 1.0, "days": 14})
                    ],
                    "line_ids": [
                        Command.create(
                            {"value": "percent", "value_amount": 100.0, "nb_days": 30}
                        )
                    ],
                }
            )
        self.assertFalse(Term.search([("name", "=", "bad no early discount")]))
        # Mixed chosen later, or a period edited on its own: checked all the same.
        with (
            self.assertRaisesRegex(ValidationError, "only one discount period"),
            self.env.cr.savepoint(),
        ):
            self.term_2_1.early_pay_discount_computation = "mixed"
        with (
            self.assertRaisesRegex(ValidationError, "strictly increasing in days"),
            self.env.cr.savepoint(),
        ):
            self.term_2_1.ar_discount_period_ids.days = 4
        with (
            self.assertRaisesRegex(ValidationError, "strictly decreasing in rate"),
            self.env.cr.savepoint(),
        ):
            self.term_2_1.discount_percentage = 0.5
        self.term_2_1.invalidate_recordset()
        self.assertRecordValues(
            self.term_2_1,
            [
                {
                    "early_discount": True,
                    "discount_percentage": 2.0,
                    "early_pay_discount_computation": "included",
                }
            ],
        )
        self.assertEqual(self.term_2_1.ar_discount_period_ids.days, 14)
        # Mixed with the early discount alone stays Odoo's own, valid term.
        self.assertTrue(self._term("mixed alone", "mixed", percent=1.0, days=14))

    # ------------------------------------------------------------------
    # Invoices
    # ------------------------------------------------------------------

    def test_invoice_dates_and_schedule(self):
        invoice = self._document(self.term_2_1)
        # The last period (14 days) + 3 grace days.
        self.assertEqual(invoice.ar_discount_tolerance_date, date(2024, 3, 18))
        self.assertEqual(
            invoice._ar_discount_schedule(),
            settlement.discount_schedule([(5, Decimal(2)), (14, Decimal(1))]),
        )
        self.assertEqual(
            settlement.rate_on(
                invoice._ar_discount_schedule(), INVOICE_DATE, IN_SECOND_PERIOD
            ).percent,
            1,
        )
        self.term_2_1.ar_discount_period_ids.days = 20
        self.assertEqual(invoice.ar_discount_tolerance_date, date(2024, 3, 24))

    def test_odoo_early_discount_unchanged(self):
        """Odoo knows the first period only: its payment term line and its
        register-payment wizard behave as without the further periods."""
        for computation, discounted in (("included", 1185.80), ("excluded", 1190.0)):
            with self.subTest(computation):
                term = self._term(f"Odoo {computation}", computation, [(1.0, 14)])
                invoice = self._document(term)
                line = self._receivable(invoice)
                self.assertEqual(line.discount_date, date(2024, 3, 6))
                self.assertMoney(line.amount_currency, 1210.0)
                self.assertMoney(line.discount_amount_currency, discounted)

        invoice = self._document(self.term_2_1)
        late = (
            self.env["account.payment.register"]
            .with_context(
                active_model="account.move",
                active_ids=invoice.ids,
            )
            .create({"payment_date": IN_SECOND_PERIOD})
        )
        self.assertMoney(late.amount, 1210.0)  # Odoo's wizard grants no second period

        wizard = (
            self.env["account.payment.register"]
            .with_context(
                active_model="account.move",
                active_ids=invoice.ids,
            )
            .create({"payment_date": IN_FIRST_PERIOD})
        )
        self.assertMoney(wizard.amount, 1185.80)
        payment = wizard._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        epd = payment.move_id.line_ids.filtered(lambda line: line.display_type == "epd")
        self.assertMoney(sum(epd.mapped("balance")), 24.20)
        self.assertMoney(
            sum(epd.filtered("tax_repartition_line_id").mapped("balance")), 4.20
        )

    # ------------------------------------------------------------------
    # Settlement in the second period, per tax computation
    # ------------------------------------------------------------------

    def _settle_and_post(self, invoice, amount, payment_date):
        """Settle ``amount`` on the invoice, post the closing items with a liquidity
        item in the bank journal and reconcile the pairs. Returns the outcome, the vals
        and the entry."""
        Settlement = self.env["ar.settlement"]
        item = self._receivable(invoice)
        outcome, settled = Settlement._settle(item, amount, self.currency, payment_date)
        vals_list = Settlement._closing_vals(
            outcome, settled, self.currency, self.currency.round
        )
        total = sum(vals["balance"] for vals in vals_list)
        self.assertMoney(total, -amount, "the items balance with the liquidity amount")

        journal = self.company_data["default_journal_bank"]
        pairs = []
        lines = []
        for vals in vals_list:
            vals = dict(vals)
            pairs.append(vals.pop("ar_reconcile_with", None))
            lines.append(Command.create(vals))
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": journal.id,
                "date": payment_date,
                "line_ids": lines
                + [
                    Command.create(
                        {
                            "name": "Payment",
                            "account_id": journal.default_account_id.id,
                            "currency_id": self.currency.id,
                            "amount_currency": amount,
                            "balance": amount,
                        }
                    )
                ],
            }
        )
        entry.action_post()
        for item_id in filter(None, pairs):
            open_item = self.env["account.move.line"].browse(item_id)
            closing = entry.line_ids.filtered(
                lambda line, account=open_item.account_id: line.account_id == account
                and not line.reconciled
            )
            (open_item | closing).reconcile()
        return outcome, vals_list, entry

    def test_settlement_included(self):
        invoice = self._document(self.term_2_1)
        item = self._receivable(invoice)
        # Odoo's own (2 %) split, while the invoice is still open.
        odoo_split = getattr(invoice, _ODOO_DISCOUNT_SPLIT)()
        odoo_tax = sum(
            vals["amount_currency"] for vals in odoo_split["tax_lines"][item].values()
        )
        odoo_base = sum(
            vals["amount_currency"] for vals in odoo_split["base_lines"][item].values()
        )
        self.assertMoney(odoo_tax, 4.20)
        self.assertMoney(odoo_base, 20.0)
        outcome, vals_list, entry = self._settle_and_post(
            invoice, 1197.90, IN_SECOND_PERIOD
        )
        doc = outcome.documents[0]
        self.assertEqual(doc.discount, Decimal("12.10"))  # 1 % of 1,210
        self.assertEqual(doc.discount_percent, 1)
        self.assertTrue(doc.closed)

        receivable = [vals for vals in vals_list if vals.get("ar_reconcile_with")]
        self.assertEqual(len(receivable), 1)
        self.assertEqual(receivable[0]["ar_reconcile_with"], item.id)
        self.assertMoney(receivable[0]["amount_currency"], -1210.0)

        epd = [vals for vals in vals_list if vals.get("display_type") == "epd"]
        taxes = [vals for vals in epd if vals.get("tax_repartition_line_id")]
        bases = [vals for vals in epd if not vals.get("tax_repartition_line_id")]
        self.assertEqual(len(taxes), 1)
        self.assertEqual(len(bases), 1)
        tax_line = invoice.line_ids.filtered("tax_repartition_line_id")
        repartition = taxes[0]["tax_repartition_line_id"]
        self.assertEqual(
            self.env["account.tax.repartition.line"].browse(repartition).tax_id,
            self.tax_21,
        )
        self.assertEqual(taxes[0]["account_id"], tax_line.account_id.id)
        self.assertMoney(
            taxes[0]["amount_currency"], 2.10
        )  # the tax goes down by 21 % of 10
        self.assertMoney(bases[0]["amount_currency"], 10.0)
        self.assertEqual(bases[0]["tax_ids"], [Command.set(self.tax_21.ids)])
        self.assertEqual(
            bases[0]["account_id"],
            self.company.account_journal_early_pay_discount_loss_account_id.id,
        )
        # The same proportions as Odoo's own split.
        self.assertMoney(
            taxes[0]["amount_currency"] * odoo_base,
            bases[0]["amount_currency"] * odoo_tax,
        )

        self.assertEqual(invoice.payment_state, "paid")
        self.assertTrue(
            entry.line_ids.filtered(
                lambda line: line.account_id == item.account_id
            ).reconciled
        )
        entry_tax = entry.line_ids.filtered("tax_repartition_line_id")
        self.assertEqual(entry_tax.tax_repartition_line_id.id, repartition)
        self.assertMoney(
            entry_tax.balance, 2.10
        )  # a debit on output tax: the tax is reduced
        self.assertMoney(tax_line.balance + entry_tax.balance, -207.90)

    def test_settlement_excluded(self):
        term = self._term("excluded 2/5 1/14", "excluded", [(1.0, 14)])
        invoice = self._document(term)
        outcome, vals_list, entry = self._settle_and_post(
            invoice, 1200.0, IN_SECOND_PERIOD
        )
        doc = outcome.documents[0]
        self.assertEqual(doc.discount, Decimal("10.00"))  # 1 % of the untaxed 1,000
        epd = [vals for vals in vals_list if vals.get("display_type") == "epd"]
        self.assertEqual(len(epd), 1)
        self.assertFalse(epd[0].get("tax_repartition_line_id"))
        self.assertFalse(epd[0].get("tax_ids"))
        self.assertEqual(
            epd[0]["account_id"],
            self.company.account_journal_early_pay_discount_loss_account_id.id,
        )
        self.assertMoney(epd[0]["amount_currency"], 10.0)
        self.assertEqual(invoice.payment_state, "paid")
        self.assertFalse(entry.line_ids.filtered("tax_repartition_line_id"))

    def test_settlement_mixed(self):
        term = self._term("mixed 1/14", "mixed", percent=1.0, days=14)
        invoice = self._document(term)
        # Odoo computes the tax on the discounted base: 21 % of 990.
        self.assertMoney(invoice.amount_tax, 207.90)
        self.assertMoney(invoice.amount_total, 1207.90)
        outcome, vals_list, entry = self._settle_and_post(
            invoice, 1197.90, IN_SECOND_PERIOD
        )
        self.assertEqual(outcome.documents[0].discount, Decimal("10.00"))
        epd = [vals for vals in vals_list if vals.get("display_type") == "epd"]
        self.assertEqual(len(epd), 1)
        self.assertFalse(epd[0].get("tax_repartition_line_id"))
        self.assertMoney(epd[0]["amount_currency"], 10.0)
        self.assertEqual(invoice.payment_state, "paid")

    def test_settlement_first_period(self):
        """In the first period the settlement takes exactly Odoo's own discount."""
        invoice = self._document(self.term_2_1)
        outcome, vals_list, _entry = self._settle_and_post(
            invoice, 1185.80, IN_FIRST_PERIOD
        )
        self.assertEqual(outcome.documents[0].discount, Decimal("24.20"))
        epd = [vals for vals in vals_list if vals.get("display_type") == "epd"]
        self.assertMoney(
            sum(
                vals["amount_currency"]
                for vals in epd
                if vals.get("tax_repartition_line_id")
            ),
            4.20,
        )
        self.assertEqual(invoice.payment_state, "paid")

    def test_settlement_partial_then_second_period(self):
        """D365's partial payment discount, then the rest in the second period: each
        discount reduces the tax in proportion (21/121 of it), also once the invoice is
        partly paid."""
        invoice = self._document(self.term_2_1)
        outcome, vals_list, _entry = self._settle_and_post(
            invoice, 588.0, IN_FIRST_PERIOD
        )
        doc = outcome.documents[0]
        self.assertEqual(doc.discount, Decimal("12.00"))  # 588 / 0.98 x 0.02
        self.assertEqual(doc.remaining, Decimal("610.00"))
        epd = [vals for vals in vals_list if vals.get("display_type") == "epd"]
        self.assertMoney(
            sum(
                vals["amount_currency"]
                for vals in epd
                if vals.get("tax_repartition_line_id")
            ),
            2.08,
        )
        self.assertMoney(
            sum(
                vals["amount_currency"]
                for vals in epd
                if not vals.get("tax_repartition_line_id")
            ),
            9.92,
        )
        self.assertEqual(invoice.payment_state, "partial")
        self.assertMoney(invoice.amount_residual, 610.0)

        outcome, vals_list, _entry = self._settle_and_post(
            invoice, 603.90, IN_SECOND_PERIOD
        )
        self.assertEqual(outcome.documents[0].discount, Decimal("6.10"))  # 1 % of 610
        epd = [vals for vals in vals_list if vals.get("display_type") == "epd"]
        self.assertMoney(
            sum(
                vals["amount_currency"]
                for vals in epd
                if vals.get("tax_repartition_line_id")
            ),
            1.06,
        )
        self.assertMoney(
            sum(
                vals["amount_currency"]
                for vals in epd
                if not vals.get("tax_repartition_line_id")
            ),
            5.04,
        )
        self.assertMoney(sum(vals["balance"] for vals in epd), 6.10)
        self.assertEqual(invoice.payment_state, "paid")
