from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..lib import money

_AR_TOLERANCE_FIELDS = (
    "ar_own_payment_tolerance",
    "ar_payment_tolerance_percent",
    "ar_payment_tolerance_max_amount",
)


class ResCurrency(models.Model):
    _inherit = "res.currency"

    # Business Central's "Change Payment Tolerance" with a currency code
    # (bc-receivables.md 11.1): a currency may have its own tolerance.
    # Company-dependent, because currencies are shared by all companies while
    # tolerances are each company's policy.
    ar_own_payment_tolerance = fields.Boolean(
        string="Own Payment Tolerance",
        company_dependent=True,
        help="Documents in this currency use the percentage and maximum below instead "
        "of the company's payment tolerance (whose maximum is converted from the "
        "company currency).",
    )
    ar_payment_tolerance_percent = fields.Float(
        string="Payment Tolerance % (Currency)",
        company_dependent=True,
        help="Largest difference, as a percentage of a document's total, closed as "
        "payment tolerance on documents in this currency.",
    )
    ar_payment_tolerance_max_amount = fields.Float(
        string="Max. Payment Tolerance Amount (Currency)",
        company_dependent=True,
        help="Cap of the payment tolerance of one document, in this currency. With a "
        "percentage of 0 this amount is the tolerance; with an amount of 0 the "
        "percentage alone applies.",
    )

    @api.constrains(*_AR_TOLERANCE_FIELDS)
    def _check_ar_payment_tolerance(self):
        for currency in self:
            if not 0 <= currency.ar_payment_tolerance_percent <= 100:
                raise ValidationError(
                    _(
                        "The payment tolerance percentage of %(currency)s must be "
                        "between 0 and 100, not %(percent)s.",
                        currency=currency.name,
                        percent=currency.ar_payment_tolerance_percent,
                    )
                )
            if currency.ar_payment_tolerance_max_amount < 0:
                raise ValidationError(
                    _(
                        "The maximum payment tolerance amount of %(currency)s cannot "
                        "be negative.",
                        currency=currency.name,
                    )
                )

    def write(self, vals):
        # Accounting administrators may write currencies anyway; a settings
        # administrator who is no receivables manager must not change the receivables
        # tolerance policy.
        if (
            any(name in vals for name in _AR_TOLERANCE_FIELDS)
            and not self.env.su
            and not self.env.user.has_group("ar_reconcile.group_ar_manager")
        ):
            raise AccessError(
                _(
                    "Only receivables managers can change a currency's payment "
                    "tolerance."
                )
            )
        return super().write(vals)

    def _ar_payment_tolerance(self):
        """``(percent, max amount in this currency)`` when the currency has its own
        payment tolerance in the current company, else None (the company's settings
        apply)."""
        self.ensure_one()
        if not self.ar_own_payment_tolerance:
            return None
        return self.ar_payment_tolerance_percent, self.round(
            self.ar_payment_tolerance_max_amount
        )

    def _ar_quantum(self):
        """The currency's rounding as an exact Decimal (``0.01``, ``0.05``, ``1``): the
        quantum of the database-free settlement."""
        self.ensure_one()
        return money.as_quantum(self.rounding)

    def _ar_decimal(self, value):
        """An Odoo float amount in this currency as the exact Decimal it stands for, at
        the currency's precision: read through its shortest representation
        (``1234.5`` -> ``Decimal("1234.50")``, ``0.1 + 0.2`` -> ``0.30``) and rounded
        half up like :meth:`round`, but in decimal, so that a large amount keeps its
        last cent (``round`` gives 12,345,678,901,234.58 for ...234.57)."""
        self.ensure_one()
        return money.round_half_up(money.exact(value), self._ar_quantum())
