from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import money, settlement
from ..lib.messages import MessageError


def _percent(value):
    """A float percent as the Decimal a person typed (2.0 -> 2, 1.5 -> 1.5), so that
    error messages read "2 % within 5 days"."""
    percent = money.exact(value)
    integral = percent.to_integral_value()
    return integral if percent == integral else percent.normalize()


class AccountPaymentTerm(models.Model):
    _inherit = "account.payment.term"

    ar_discount_period_ids = fields.One2many(
        "ar.payment.term.discount",
        "payment_term_id",
        string="Further Discount Periods",
        copy=True,
        help="Smaller discounts for later payments, after the early discount above: "
        "each period must end later and give less than the one before.",
    )

    @api.constrains(
        "early_discount",
        "discount_percentage",
        "discount_days",
        "early_pay_discount_computation",
        "ar_discount_period_ids",
    )
    def _check_ar_discount_periods(self):
        for term in self:
            if not term.ar_discount_period_ids:
                continue
            if not term.early_discount:
                raise ValidationError(
                    _(
                        "Payment term %(term)s: further discount periods need an early "
                        "discount (the first period).",
                        term=term.display_name,
                    )
                )
            if term.early_pay_discount_computation == "mixed":
                # The invoice's tax is reduced once, for one rate: a second rate would
                # leave the tax wrong for every payment in it.
                raise ValidationError(
                    _(
                        "Payment term %(term)s: with the tax reduced on the invoice "
                        "(mixed), only one discount period is possible, because the "
                        "invoice's tax is computed for one discount rate.",
                        term=term.display_name,
                    )
                )
            try:
                term._ar_discount_schedule()
            except MessageError as error:
                raise ValidationError(
                    _(
                        "Payment term %(term)s: %(error)s",
                        term=term.display_name,
                        error=self.env["ar.message"]._ar_render(error.message),
                    )
                ) from None

    def _ar_discount_schedule(self):
        """The term's discount periods, validated: Odoo's early discount, then the
        further ones."""
        self.ensure_one()
        if not self.early_discount:
            return settlement.NO_DISCOUNT
        periods = [(self.discount_days, _percent(self.discount_percentage))]
        periods += [
            (period.days, _percent(period.discount_percentage))
            for period in self.ar_discount_period_ids.sorted(lambda p: (p.days, p.id))
        ]
        return settlement.discount_schedule(periods)

    def _ar_discount_base(self, open_amount, untaxed, total, currency):
        """The part of ``open_amount`` the discount percent applies to, or None for all
        of it: with Odoo's "tax excluded" and "mixed" computations, the untaxed share
        only."""
        self.ensure_one()
        if self.early_pay_discount_computation in ("excluded", "mixed") and total:
            return currency._ar_decimal(open_amount * untaxed / total)
        return None
