from odoo import api, fields, models

from ..lib import settlement
from .ar_settlement import _dec


class AccountMove(models.Model):
    _inherit = "account.move"

    ar_max_payment_tolerance = fields.Monetary(
        string="Max. Payment Tolerance",
        compute="_compute_ar_max_payment_tolerance",
        store=True,
        currency_field="currency_id",
        help="Largest difference closed as payment tolerance when this document is paid: the "
        "smaller of the tolerance percentage of the total and the maximum amount: the "
        "currency's own when it has them, else the company's (converted at the invoice "
        "date). Negative on credit notes, 0 for a partner with payment tolerance blocked.",
    )
    ar_discount_tolerance_date = fields.Date(
        string="Discount Tolerance Date",
        compute="_compute_ar_discount_tolerance_date",
        store=True,
        help="Last early-payment discount date plus the company's payment discount grace period; "
        "empty when the payment term gives no discount.",
    )

    @api.depends(
        "move_type",
        "amount_total",
        "currency_id",
        "invoice_date",
        "commercial_partner_id.ar_block_payment_tolerance",
        "company_id.ar_payment_tolerance_percent",
        "company_id.ar_payment_tolerance_max_amount",
        "currency_id.ar_own_payment_tolerance",
        "currency_id.ar_payment_tolerance_percent",
        "currency_id.ar_payment_tolerance_max_amount",
    )
    def _compute_ar_max_payment_tolerance(self):
        converted = {}  # one rate look-up per company, currency and date, not per document
        for move in self:
            company = move.company_id
            partner = move.commercial_partner_id.with_company(company)
            if (
                not move.is_invoice(include_receipts=True)
                or partner.ar_block_payment_tolerance
            ):
                move.ar_max_payment_tolerance = 0.0
                continue
            # Company-dependent: the currency's own tolerance in the document's company.
            currency = (move.currency_id or company.currency_id).with_company(company)
            own = currency._ar_payment_tolerance()
            if own:
                percent, max_amount = own
            else:
                percent = company.ar_payment_tolerance_percent
                date = move.invoice_date or fields.Date.context_today(move)
                key = (company, currency, date)
                if key not in converted:
                    converted[key] = company.currency_id._convert(
                        company.ar_payment_tolerance_max_amount, currency, company, date
                    )
                max_amount = converted[key]
            sign = -1 if move.move_type in ("out_refund", "in_refund") else 1
            tolerance = settlement.max_payment_tolerance(
                _dec(sign * move.amount_total),
                _dec(percent),
                _dec(currency.round(max_amount)),
                rounding=_dec(currency.rounding),
            )
            move.ar_max_payment_tolerance = float(tolerance)

    @api.depends(
        "move_type",
        "invoice_date",
        "invoice_payment_term_id.early_discount",
        "invoice_payment_term_id.discount_days",
        "invoice_payment_term_id.ar_discount_period_ids.days",
        "company_id.ar_discount_grace_days",
    )
    def _compute_ar_discount_tolerance_date(self):
        for move in self:
            schedule = move._ar_discount_schedule()
            if (
                move.is_invoice(include_receipts=True)
                and move.invoice_date
                and schedule.periods
            ):
                move.ar_discount_tolerance_date = settlement.discount_tolerance_date(
                    schedule, move.invoice_date, move.company_id.ar_discount_grace_days
                )
            else:
                move.ar_discount_tolerance_date = False

    def _ar_discount_schedule(self):
        """The early-payment discount periods of this invoice's payment term. Odoo grants an
        early discount only on a single-instalment term, so the schedule is the invoice's."""
        self.ensure_one()
        term = self.invoice_payment_term_id
        if not term or not self.is_invoice(include_receipts=True):
            return settlement.NO_DISCOUNT
        return term._ar_discount_schedule()
