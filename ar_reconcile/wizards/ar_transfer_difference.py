from odoo import _, api, fields, models
from odoo.exceptions import UserError


class ArTransferDifference(models.TransientModel):
    """Post what the applications leave unexplained to an account (Business Central's
    Transfer Difference to Account): fees, exchange differences, overpayments."""

    _name = "ar.transfer.difference"
    _description = "Transfer Difference to Account"
    _check_company_auto = True

    statement_line_id = fields.Many2one(
        "account.bank.statement.line", required=True, readonly=True
    )
    company_id = fields.Many2one(related="statement_line_id.company_id", store=True)
    currency_id = fields.Many2one(related="statement_line_id.currency_id")
    amount = fields.Monetary(
        related="statement_line_id.ar_difference", string="Difference"
    )
    account_id = fields.Many2one(
        "account.account",
        required=True,
        check_company=True,
        domain="[('deprecated', '=', False)]",
    )
    partner_id = fields.Many2one("res.partner", check_company=True)
    label = fields.Char(compute="_compute_label", store=True, readonly=False)

    @api.depends("statement_line_id")
    def _compute_label(self):
        for wizard in self:
            wizard.label = wizard.statement_line_id.payment_ref

    def action_transfer(self):
        self.ensure_one()
        line = self.statement_line_id
        line._ar_check_open()
        if line.currency_id.is_zero(line.ar_difference):
            raise UserError(_("This line has no difference to transfer."))
        self.env["ar.payment.application"].create(
            {
                "statement_line_id": line.id,
                "sequence": 100,
                "account_id": self.account_id.id,
                "partner_id": self.partner_id.id or False,
                "label": self.label,
                "amount": line.ar_difference,
                "manual": True,
                "evidence": _(
                    "Difference transferred to %(account)s by %(user)s.",
                    account=self.account_id.display_name,
                    user=self.env.user.name,
                ),
            }
        )
        if line.ar_match_confidence == "none":
            line.ar_match_confidence = "manual"
        line._ar_settle()
        return {"type": "ir.actions.act_window_close"}
