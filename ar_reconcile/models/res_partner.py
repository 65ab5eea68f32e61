from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    ar_block_payment_tolerance = fields.Boolean(
        string="Block Payment Tolerance",
        company_dependent=True,
        help="Never close this partner's documents with payment tolerance: "
        "their maximum payment tolerance is 0.",
    )
    # Business Central's "Blocked" on the customer card: credit management blocks
    # documents, collections leave a partner blocked for "All" alone.
    ar_blocked = fields.Selection(
        [("ship", "Ship"), ("invoice", "Invoice"), ("all", "All")],
        string="Blocked",
        company_dependent=True,
        help="Ship: no deliveries; Invoice: no new invoices or orders; All: no "
        "transactions at all, and no reminders or finance charges.",
    )
    ar_finance_charge_term_id = fields.Many2one(
        "ar.finance.charge.term",
        string="Finance Charge Terms",
        company_dependent=True,
        domain="[('company_id', '=', current_company_id)]",
        help="The interest this customer pays on overdue invoices, on finance charge "
        "memos and on reminders whose level calculates interest. Empty: no interest.",
    )
