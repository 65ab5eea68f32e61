from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    ar_payment_tolerance_percent = fields.Float(
        related="company_id.ar_payment_tolerance_percent", readonly=False
    )
    ar_payment_tolerance_max_amount = fields.Monetary(
        related="company_id.ar_payment_tolerance_max_amount", readonly=False
    )
    ar_discount_grace_days = fields.Integer(
        related="company_id.ar_discount_grace_days", readonly=False
    )
    ar_payment_tolerance_warning = fields.Boolean(
        related="company_id.ar_payment_tolerance_warning", readonly=False
    )
    ar_discount_tolerance_warning = fields.Boolean(
        related="company_id.ar_discount_tolerance_warning", readonly=False
    )
    ar_tolerance_gain_account_id = fields.Many2one(
        related="company_id.ar_tolerance_gain_account_id",
        readonly=False,
        check_company=True,
    )
    ar_tolerance_loss_account_id = fields.Many2one(
        related="company_id.ar_tolerance_loss_account_id",
        readonly=False,
        check_company=True,
    )
    ar_centralized_payments = fields.Boolean(
        related="company_id.ar_centralized_payments", readonly=False
    )

    ar_collections_journal_id = fields.Many2one(
        related="company_id.ar_collections_journal_id", readonly=False
    )
    ar_reminder_fee_account_id = fields.Many2one(
        related="company_id.ar_reminder_fee_account_id", readonly=False
    )
    ar_interest_account_id = fields.Many2one(
        related="company_id.ar_interest_account_id", readonly=False
    )
    ar_statement_aging_days = fields.Char(
        related="company_id.ar_statement_aging_days", readonly=False
    )
    ar_statement_intro = fields.Html(
        related="company_id.ar_statement_intro", readonly=False
    )
    ar_statement_closing = fields.Html(
        related="company_id.ar_statement_closing", readonly=False
    )

    def action_ar_intercompany_accounting(self):
        """The intercompany accounting set-ups of the centralized payments."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ar_reconcile.action_ar_intercompany_accounting"
        )
        action["context"] = {"default_company_id": self.company_id.id}
        return action
