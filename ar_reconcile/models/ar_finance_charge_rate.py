from odoo import api, fields, models


class ArFinanceChargeRate(models.Model):
    """A dated interest rate of finance charge terms (BC's Finance Charge Interest
    Rates): from its start date on, this rate per period replaces the terms' rate."""

    _name = "ar.finance.charge.rate"
    _description = "Finance Charge Interest Rate"
    _order = "term_id, start_date, id"

    term_id = fields.Many2one(
        "ar.finance.charge.term", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="term_id.company_id", store=True)
    start_date = fields.Date(required=True)
    rate = fields.Float(string="Interest Rate (%)", digits=(16, 4), required=True)
    period_days = fields.Integer(
        string="Interest Period (Days)", default=360, required=True
    )

    @api.constrains("start_date", "rate", "period_days")
    def _check_ar_rate(self):
        # Editing a rate alone does not write the terms' one2many: check them here.
        self.term_id._check_ar_terms()
