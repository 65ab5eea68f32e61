from odoo import api, fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    ar_application_ids = fields.One2many(
        "ar.payment.application", "move_line_id", string="Payment Applications"
    )
    # Stored on purpose: every new application rewrites the open entry's row, so two
    # transactions (a clerk and the cron) applying the same entry at once collide in
    # PostgreSQL and one of them is retried, seeing the other's application.
    ar_pending_amount = fields.Monetary(
        string="Applied, Not Posted",
        compute="_compute_ar_pending_amount",
        store=True,
        currency_field="currency_id",
        help="Amount of this open entry applied on bank statement lines that are not posted yet, "
        "in the entry's currency.",
    )

    @api.depends(
        "ar_application_ids.amount",
        "ar_application_ids.discount_amount",
        "ar_application_ids.tolerance_amount",
        "ar_application_ids.statement_line_id.is_reconciled",
    )
    def _compute_ar_pending_amount(self):
        for line in self:
            pending = sum(
                line._ar_from_application_currency(
                    application._ar_closed_amount(), application.currency_id
                )
                for application in line.ar_application_ids
                if not application.statement_line_id.is_reconciled
            )
            line.ar_pending_amount = line.currency_id.round(pending)

    def _ar_from_application_currency(self, amount, currency):
        """An amount applied from a company-currency journal, in this entry's currency, at the
        entry's own rate (so that paying the whole balance pays the whole amount)."""
        self.ensure_one()
        if currency == self.currency_id or not self.balance:
            return amount
        return amount * self.amount_currency / self.balance
