from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import collections as lib
from ..lib import money
from ..lib.messages import MessageError


def ar_exact(value):
    """A float rate, amount or range start as the Decimal a person typed (8.0 -> 8,
    1.5 -> 1.5): what the database-free finance charges compute with, and what their
    messages show."""
    number = money.exact(value)
    integral = number.to_integral_value()
    return integral if number == integral else number.normalize()


class ArFinanceChargeTerm(models.Model):
    """Business Central's Finance Charge Terms (``bc-receivables.md`` 12.6) with D365's
    interest code ranges (``d365-credit-collections.md`` 8.1): how much interest an
    overdue customer pays, and the fee of a finance charge memo. A partner gets its
    terms on the partner form (company-dependent); reminder levels that calculate
    interest use the same terms. :meth:`_ar_lib_terms` gives the database-free
    :class:`~ar_reconcile.lib.collections.FinanceChargeTerms`, which validates them."""

    _name = "ar.finance.charge.term"
    _description = "Finance Charge Terms"
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id")
    rate = fields.Float(
        string="Interest Rate (%)",
        digits=(16, 4),
        help="Percent per interest period, used on the days no dated rate covers "
        "(and as the rate below the first range).",
    )
    period_days = fields.Integer(
        string="Interest Period (Days)",
        default=360,
        required=True,
        help="The rate is per this many days: 360 or 365 for a yearly rate, 30 for a "
        "monthly one.",
    )
    method = fields.Selection(
        [
            ("average_daily_balance", "Average Daily Balance"),
            ("balance_due", "Balance Due"),
        ],
        string="Interest Calculation Method",
        default="average_daily_balance",
        required=True,
        help="Average Daily Balance: the rate per period on the open balance of each "
        "day overdue, following partial payments. Balance Due: the rate once on the "
        "open amount, whatever the number of days.",
    )
    interest_on = fields.Selection(
        [
            ("open", "Open Entries"),
            ("closed", "Closed Entries"),
            ("all", "All Entries"),
        ],
        string="Interest Calculation",
        default="open",
        required=True,
        help="Open: interest on what is still unpaid. Closed: interest on invoices "
        "paid late, for the days they were overdue. All: both.",
    )
    grace_days = fields.Integer(
        string="Grace Period (Days)",
        help="Interest is charged only on entries overdue for more than this many "
        "days; it then runs from the due date.",
    )
    due_days = fields.Integer(
        string="Memo Due (Days)",
        help="A finance charge memo is due this many days after its date.",
    )
    minimum_amount = fields.Monetary(
        string="Minimum Amount",
        currency_field="company_currency_id",
        help="No memo when its interest, in the company currency, is below this.",
    )
    fee_amount = fields.Monetary(
        string="Additional Fee",
        currency_field="company_currency_id",
        help="Fee of each memo in the company currency; a currency below with its own "
        "fee uses that one, any other currency this fee converted.",
    )
    fee_ids = fields.One2many(
        "ar.finance.charge.fee",
        "term_id",
        string="Fees per Currency",
        copy=True,
    )
    rate_ids = fields.One2many(
        "ar.finance.charge.rate",
        "term_id",
        string="Dated Interest Rates",
        copy=True,
        help="Rates from a start date on (statutory rates that change on 1 January "
        "and 1 July): the days of an entry are split where a rate starts.",
    )
    range_by = fields.Selection(
        [("days", "Days Overdue"), ("amount", "Amount")],
        string="Ranges By",
        default="days",
        required=True,
    )
    range_ids = fields.One2many(
        "ar.finance.charge.range",
        "term_id",
        string="Interest Ranges",
        copy=True,
        help="A rate from a number of days overdue (or an amount) on, in ascending "
        "order; they replace the rate above and cannot be combined with dated rates.",
    )
    beginning_text = fields.Text(
        translate=True,
        help="Printed above the lines of a finance charge memo. Placeholders: "
        "{document_date}, {due_date}, {rate}, {interest}, {fee}, {total}, {currency}, "
        "{company}.",
    )
    ending_text = fields.Text(
        translate=True,
        help="Printed below the lines of a finance charge memo, with the same "
        "placeholders as the beginning text.",
    )

    @api.constrains(
        "rate",
        "period_days",
        "grace_days",
        "due_days",
        "minimum_amount",
        "fee_amount",
        "fee_ids",
        "rate_ids",
        "range_ids",
        "range_by",
    )
    def _check_ar_terms(self):
        for term in self:
            if term.due_days < 0:
                raise ValidationError(
                    _(
                        "Finance charge terms %(terms)s: the memo due days cannot be "
                        "negative.",
                        terms=term.display_name,
                    )
                )
            if term.rate_ids and term.range_ids:
                raise ValidationError(
                    _(
                        "Finance charge terms %(terms)s: use either dated rates or "
                        "interest ranges, not both.",
                        terms=term.display_name,
                    )
                )
            currencies = term.fee_ids.currency_id
            if len(currencies) != len(term.fee_ids):
                raise ValidationError(
                    _(
                        "Finance charge terms %(terms)s: each currency can have one "
                        "fee only.",
                        terms=term.display_name,
                    )
                )
            try:
                term._ar_lib_terms()
            except MessageError as error:
                raise ValidationError(
                    _(
                        "Finance charge terms %(terms)s: %(error)s",
                        terms=term.display_name,
                        error=self.env["ar.message"]._ar_render(error.message),
                    )
                ) from None

    def _ar_lib_terms(self):
        """The terms as the database-free
        :class:`~ar_reconcile.lib.collections.FinanceChargeTerms` (raises its
        ``MessageError`` when they are not valid): amounts in the company currency,
        fees by currency code."""
        self.ensure_one()
        company_currency = self.company_id.currency_id
        fees = {
            fee.currency_id.name: ar_exact(fee.amount)
            for fee in self.fee_ids
            if fee.currency_id
        }
        if self.fee_amount and company_currency.name not in fees:
            fees[company_currency.name] = ar_exact(self.fee_amount)
        ranges = self.range_ids.sorted(lambda r: (r.start, r.id))
        return lib.FinanceChargeTerms(
            rate=ar_exact(self.rate),
            period_days=self.period_days,
            method=self.method,
            grace_days=self.grace_days,
            minimum_amount=ar_exact(self.minimum_amount),
            fees=fees,
            rates=tuple(
                lib.InterestRate(rate.start_date, ar_exact(rate.rate), rate.period_days)
                for rate in self.rate_ids
            ),
            ranges=tuple(
                lib.InterestRange(ar_exact(item.start), ar_exact(item.rate))
                for item in ranges
            ),
            range_by=self.range_by,
            interest_on=self.interest_on,
            company_currency=company_currency.name,
        )
