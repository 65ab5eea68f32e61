from odoo import fields, models


class AccountBankStatementLine(models.Model):
    _inherit = "account.bank.statement.line"

    # Odoo Community dropped the import id with statement import; the unique index is what
    # makes a second import of a transaction (also by a concurrent user) impossible.
    unique_import_id = fields.Char(string="Import ID", readonly=True, copy=False, index=True)
    ar_counterparty_bic = fields.Char(string="Counterparty BIC", readonly=True)
    ar_counterparty_address = fields.Char(string="Counterparty Address", readonly=True)
    ar_ultimate_party_name = fields.Char(
        string="Ultimate Party",
        readonly=True,
        help="The party on whose behalf the payment was made, when the bank reports one.",
    )
    ar_remittance_unstructured = fields.Text(string="Remittance Information", readonly=True)
    ar_remittance_structured = fields.Char(
        string="Structured Reference",
        readonly=True,
        index="btree_not_null",
        help="Creditor reference given by the payer: KID, OCR, RF, QR reference, ...",
    )
    ar_structured_ref_type = fields.Char(string="Reference Type", readonly=True)
    ar_referred_documents = fields.Char(
        string="Referred Documents",
        readonly=True,
        help="Document numbers the payer listed in the structured remittance.",
    )
    ar_end_to_end_id = fields.Char(string="End-to-End ID", readonly=True)
    ar_bank_reference = fields.Char(string="Bank Reference", readonly=True)
    ar_instruction_id = fields.Char(string="Instruction ID", readonly=True)
    ar_mandate_id = fields.Char(string="Mandate ID", readonly=True)
    ar_additional_info = fields.Text(string="Additional Information", readonly=True)
    ar_value_date = fields.Date(string="Value Date", readonly=True)
    ar_is_reversal = fields.Boolean(string="Reversal", readonly=True)
    ar_return_reason = fields.Char(string="Return Reason", readonly=True)
    ar_exchange_rate = fields.Float(string="Exchange Rate", digits=0, readonly=True)

    _sql_constraints = [
        (
            "ar_unique_import_id",
            "unique (unique_import_id)",
            "A bank transaction can only be imported once.",
        ),
    ]
