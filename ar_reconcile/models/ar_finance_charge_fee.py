from odoo import api, fields, models


class ArFinanceChargeFee(models.Model):
    """The additional fee of finance charge terms in one currency (BC's Currencies for
    Fin. Chrg. Terms)."""

    _name = "ar.finance.charge.fee"
    _description = "Finance Charge Fee per Currency"
    _order = "term_id, currency_id, id"

    term_id = fields.Many2one(
        "ar.finance.charge.term", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="term_id.company_id", store=True)
    currency_id = fields.Many2one("res.currency", required=True)
    amount = fields.Monetary(string="Additional Fee", required=True)

    @api.constrains("currency_id", "amount")
    def _check_ar_fee(self):
        self.term_id._check_ar_terms()
