from odoo import _, fields, models

from ..lib import money
from ..lib.matching import types


class AccountJournal(models.Model):
    _inherit = "account.journal"

    ar_import_mapping_id = fields.Many2one(
        "ar.statement.import.mapping",
        string="CSV/XLSX Import Mapping",
        check_company=True,
        help="How this bank's CSV or XLSX statement exports are read. "
        "camt, MT940, OFX and Nets OCR giro files are recognised without a mapping.",
    )

    ar_auto_apply = fields.Boolean(
        string="Apply Payments Automatically",
        default=True,
        help="Run automatic payment application on the lines of every imported "
        "statement.",
    )
    ar_match_tolerance_type = fields.Selection(
        [("amount", "Amount"), ("percentage", "Percentage")],
        string="Match Tolerance Type",
        default="amount",
        required=True,
    )
    ar_match_tolerance_value = fields.Float(
        string="Match Tolerance",
        help="How far a payment may be from an open amount and still count as an "
        "amount match.",
    )
    ar_name_matching = fields.Selection(
        [
            ("similarity", "Similarity"),
            ("exact_permutations", "Exact, with permutations"),
            ("off", "Disabled"),
        ],
        string="Related-Party Name Matching",
        default="similarity",
        required=True,
    )
    ar_candidate_lookback_days = fields.Integer(
        string="Candidate Lookback (Days)",
        help="Only open entries dated at most this many days before the payment are "
        "candidates; 0 looks at all of them.",
    )

    _sql_constraints = [
        (
            "ar_match_tolerance_positive",
            "CHECK (ar_match_tolerance_value >= 0)",
            "The match tolerance cannot be negative.",
        ),
        (
            "ar_lookback_positive",
            "CHECK (ar_candidate_lookback_days >= 0)",
            "The candidate lookback cannot be negative.",
        ),
    ]

    def _ar_matching_settings(self, currency):
        """The engine's settings for this journal."""
        self.ensure_one()
        return types.Settings(
            tolerance_type=self.ar_match_tolerance_type,
            tolerance_value=money.exact(self.ar_match_tolerance_value or 0),
            name_matching=self.ar_name_matching,
            rounding=currency._ar_quantum(),
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
