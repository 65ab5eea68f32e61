from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestReviewTour(HttpCase):
    """The review screen works for a clerk: open a line to review, accept, post it."""

    def test_review_accept_post(self):
        company = self.env.ref("base.main_company")
        journal = self.env["account.journal"].create(
            {
                "name": "AR Tour Bank",
                "code": "ARTB",
                "type": "bank",
                "company_id": company.id,
            }
        )
        partner = self.env["res.partner"].create({"name": "Tour Customer"})
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "company_id": company.id,
                "invoice_date": "2026-11-01",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Service",
                            "quantity": 1,
                            "price_unit": 640.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": journal.id,
                "date": "2026-11-20",
                "amount": 640.0,
                "payment_ref": "AR tour payment",
            }
        )
        receivable = invoice.line_ids.filtered(
            lambda item: item.account_id.account_type == "asset_receivable"
        )
        self.env["ar.payment.application"].create(
            {
                "statement_line_id": line.id,
                "move_line_id": receivable.id,
                "amount": 640.0,
            }
        )
        line.write(
            {
                "ar_match_confidence": "medium",
                "ar_review_required": True,
                "ar_match_details": "Amount match: tour evidence",
            }
        )

        action = self.env.ref("ar_reconcile.action_bank_statement_line_ar")
        self.start_tour(
            f"/odoo/action-{action.id}?view_type=list",
            "ar_reconcile_review_tour",
            login="admin",
        )

        self.assertTrue(line.is_reconciled)
        self.assertEqual(line.ar_application_state, "accepted")
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
