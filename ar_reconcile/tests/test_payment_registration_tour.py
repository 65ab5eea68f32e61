from odoo import Command, fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestPaymentRegistrationTour(HttpCase):
    """Payment Registration works in the browser: tick, amount, post, the invoice is
    paid with its discount and a payment tolerance."""

    def test_register_a_discounted_payment(self):
        company = self.env.ref("base.main_company")
        loss = self.env["account.account"].create(
            {
                "name": "Tour tolerance loss",
                "code": "658900",
                "account_type": "expense",
                "company_ids": [Command.set(company.ids)],
            }
        )
        gain = self.env["account.account"].create(
            {
                "name": "Tour tolerance gain",
                "code": "758900",
                "account_type": "income_other",
                "company_ids": [Command.set(company.ids)],
            }
        )
        company.write(
            {
                "ar_payment_tolerance_percent": 0.0,
                "ar_payment_tolerance_max_amount": 1.0,
                "ar_payment_tolerance_warning": False,
                "ar_discount_tolerance_warning": False,
                "ar_tolerance_loss_account_id": loss.id,
                "ar_tolerance_gain_account_id": gain.id,
            }
        )
        self.env["account.journal"].create(
            {
                "name": "AR Tour Bank",
                "code": "ARTR",
                "type": "bank",
                "company_id": company.id,
            }
        )
        term = self.env["account.payment.term"].create(
            {
                "name": "2 % 10 days",
                "early_discount": True,
                "discount_percentage": 2.0,
                "discount_days": 10,
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 100.0, "nb_days": 30}
                    )
                ],
            }
        )
        partner = self.env["res.partner"].create({"name": "Tour Payer"})
        today = fields.Date.context_today(company)
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "company_id": company.id,
                "invoice_date": today,
                "invoice_payment_term_id": term.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Service",
                            "quantity": 1,
                            "price_unit": 500.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()

        action = self.env.ref("ar_reconcile.action_ar_payment_registration_open")
        self.start_tour(
            f"/odoo/action-{action.id}", "ar_payment_registration_tour", login="admin"
        )

        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        payment = self.env["account.payment"].search([("partner_id", "=", partner.id)])
        self.assertEqual(payment.amount, 489.50)
        names = " ".join(payment.move_id.line_ids.mapped("name"))
        self.assertIn("Early payment discount", names)
        self.assertIn("Payment tolerance", names)
