from odoo import _, fields, models


class AccountBankStatement(models.Model):
    _inherit = "account.bank.statement"

    ar_import_format = fields.Char(
        string="Imported From",
        readonly=True,
        copy=False,
        help="File format this statement was imported from "
        "(camt.053, MT940, OFX, CSV, ...).",
    )

    def action_ar_import_statement(self):
        """Import another file into this statement's journal."""
        self.ensure_one()
        return self.journal_id.action_ar_import_statement()

    def action_ar_apply_automatically(self):
        self.line_ids.action_apply_automatically()
        return True

    def action_ar_post_applications(self):
        posted = self.line_ids.action_post_applications()
        left = self.line_ids.filtered(lambda line: not line.is_reconciled)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if not left else "warning",
                "message": _(
                    "%(posted)s lines posted, %(left)s still open "
                    "(to review, with a difference or not applied).",
                    posted=len(posted),
                    left=len(left),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
