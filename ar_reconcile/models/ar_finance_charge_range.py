from odoo import api, fields, models


class ArFinanceChargeRange(models.Model):
    """A range of finance charge terms (D365's interest code ranges): from ``start``
    days overdue (or from ``start`` of the open amount) on, ``rate`` percent."""

    _name = "ar.finance.charge.range"
    _description = "Finance Charge Interest Range"
    _order = "term_id, start, id"

    term_id = fields.Many2one(
        "ar.finance.charge.term", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="term_id.company_id", store=True)
    start = fields.Float(
        string="From",
        digits=(16, 2),
        required=True,
        help="Days overdue (the 1st day overdue is day 1) or open amount from which "
        "the rate applies.",
    )
    rate = fields.Float(string="Interest Rate (%)", digits=(16, 4), required=True)

    @api.constrains("start", "rate")
    def _check_ar_range(self):
        self.term_id._check_ar_terms()
