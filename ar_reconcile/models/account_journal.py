from odoo import _, fields, models


class AccountJournal(models.Model):
    _inherit = "account.journal"

    ar_import_mapping_id = fields.Many2one(
        "ar.statement.import.mapping",
        string="CSV/XLSX Import Mapping",
        check_company=True,
        help="How this bank's CSV or XLSX statement exports are read. camt, MT940 and OFX files "
        "are recognised without a mapping.",
    )

    def _get_bank_statements_available_sources(self):
        return super()._get_bank_statements_available_sources() + [
            ("file_import", _("File Import")),
        ]

    def action_ar_import_statement(self):
        """Open the statement import wizard on this journal."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ar_reconcile.action_ar_statement_import"
        )
        action["context"] = {"default_journal_id": self.id}
        return action
