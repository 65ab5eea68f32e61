from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    ar_block_payment_tolerance = fields.Boolean(
        string="Block Payment Tolerance",
        company_dependent=True,
        help="Never close this partner's documents with payment tolerance: "
        "their maximum payment tolerance is 0.",
    )
