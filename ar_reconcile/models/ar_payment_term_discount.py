from odoo import api, fields, models


class ArPaymentTermDiscount(models.Model):
    """A further early-payment discount period of a payment term.

    Odoo's own ``discount_percentage`` / ``discount_days`` stay the first (best) period,
    so Odoo's invoice computations, its register-payment wizard and its "mixed" tax
    reduction keep working unchanged; these rows add the later, smaller steps (2 %
    within 5 days, then 1 % within 14 days).
    """

    _name = "ar.payment.term.discount"
    _description = "Further Early-Payment Discount Period"
    _order = "payment_term_id, days, id"

    payment_term_id = fields.Many2one(
        "account.payment.term", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="payment_term_id.company_id", store=True)
    discount_percentage = fields.Float(string="Discount %", required=True)
    days = fields.Integer(
        string="Within (Days)",
        required=True,
        help="Days after the invoice date during which this discount is granted, that "
        "day included.",
    )

    @api.constrains("discount_percentage", "days")
    def _check_term_discount_periods(self):
        # Editing a period directly does not write the term's one2many, so its check
        # would not run: run it here.
        self.payment_term_id._check_ar_discount_periods()
