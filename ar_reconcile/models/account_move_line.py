from odoo import api, fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    ar_application_ids = fields.One2many("ar.payment.application", "move_line_id", string="Payment Applications")
    # Stored on purpose: every new application rewrites the open entry's row, so two
    # transactions (a clerk and the cron) applying the same entry at once collide in
    # PostgreSQL and one of them is retried, seeing the other's application.
    ar_pending_amount = fields.Monetary(
        string="Applied, Not Posted",
        compute="_compute_ar_pending_amount",
        store=True,
        currency_field="company_currency_id",
        help="Amount of this open entry applied on bank statement lines that are not posted yet.",
    )

    @api.depends("ar_application_ids.amount", "ar_application_ids.statement_line_id.is_reconciled")
    def _compute_ar_pending_amount(self):
        for line in self:
            line.ar_pending_amount = sum(
                application.amount
                for application in line.ar_application_ids
                if not application.statement_line_id.is_reconciled
            )
