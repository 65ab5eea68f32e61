from odoo import _, api, fields, models


class AccountBankStatement(models.Model):
    # The chatter records decisions taken at import (balances that do not add up).
    _name = "account.bank.statement"
    _inherit = ["account.bank.statement", "mail.thread"]

    ar_import_format = fields.Char(
        string="Imported From",
        readonly=True,
        copy=False,
        help="File format this statement was imported from "
        "(camt.053, MT940, OFX, CSV, ...).",
    )

    ar_import_job_id = fields.Many2one(
        "ar.statement.import.job",
        string="Import in Progress",
        compute="_compute_ar_import_job_id",
        help="The background import still creating this statement's lines.",
    )

    @api.depends("line_ids")
    def _compute_ar_import_job_id(self):
        jobs = self.env["ar.statement.import.job"].search(
            [
                ("statement_ids", "in", self.ids),
                ("state", "in", ("queued", "running", "failed")),
            ]
        )
        by_statement = {
            statement.id: job for job in jobs for statement in job.statement_ids
        }
        for statement in self:
            statement.ar_import_job_id = by_statement.get(statement.id, jobs.browse())

    def action_ar_open_import_job(self):
        self.ensure_one()
        return self.ar_import_job_id._form_action()

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
