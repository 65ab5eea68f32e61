from odoo import fields, models


class AccountBankStatement(models.Model):
    _inherit = "account.bank.statement"

    ar_import_format = fields.Char(
        string="Imported From",
        readonly=True,
        copy=False,
        help="File format this statement was imported from (camt.053, MT940, OFX, CSV, ...).",
    )

    def action_ar_import_statement(self):
        """Import another file into this statement's journal."""
        self.ensure_one()
        return self.journal_id.action_ar_import_statement()
