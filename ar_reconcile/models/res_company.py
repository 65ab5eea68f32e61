from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib.matching.default_rules import DEFAULT_RULES


class ResCompany(models.Model):
    _inherit = "res.company"

    # Where reminder fees and interest (reminders and finance charge memos) are posted.
    ar_collections_journal_id = fields.Many2one(
        "account.journal",
        string="Collections Journal",
        check_company=True,
        domain="[('type', 'in', ('sale', 'general'))]",
        help="Journal of the entries that issuing reminders and finance charge memos "
        "posts (fees and interest on the customer's receivable).",
    )
    ar_reminder_fee_account_id = fields.Many2one(
        "account.account",
        string="Reminder Fee Account",
        check_company=True,
        domain="[('deprecated', '=', False), ('internal_group', '=', 'income')]",
    )
    ar_interest_account_id = fields.Many2one(
        "account.account",
        string="Interest Income Account",
        check_company=True,
        domain="[('deprecated', '=', False), ('internal_group', '=', 'income')]",
    )

    # Customer statements (BC 12.1): the aging columns and the letter's own texts;
    # empty texts print the standard wording in the customer's language.
    ar_statement_aging_days = fields.Char(
        string="Statement Aging Buckets (Days)",
        default="30,60,90",
        help="The limits of the aging columns of customer statements in days overdue, "
        "separated by commas: 30,60,90 gives Not due, 1-30, 31-60, 61-90 and Over 90 "
        "days.",
    )
    ar_statement_intro = fields.Html(
        string="Statement Introduction",
        translate=True,
        help="Printed above the items of customer statements, in the customer's "
        "language. Empty: the standard wording.",
    )
    ar_statement_closing = fields.Html(
        string="Statement Closing Text",
        translate=True,
        help="Printed below the aging of customer statements, in the customer's "
        "language. Empty: the standard wording.",
    )

    # Business Central's payment tolerance setup (bc-receivables.md 11.1).
    ar_payment_tolerance_percent = fields.Float(
        string="Payment Tolerance %",
        help="Largest difference, as a percentage of a document's total, that is "
        "closed as payment tolerance instead of being left open.",
    )
    ar_payment_tolerance_max_amount = fields.Monetary(
        string="Max. Payment Tolerance Amount",
        currency_field="currency_id",
        help="Cap of the payment tolerance of one document, in the company currency. "
        "With a percentage of 0 this amount is the tolerance; with an amount of 0 the "
        "percentage alone applies.",
    )
    ar_discount_grace_days = fields.Integer(
        string="Payment Discount Grace Period (Days)",
        help="Days after the last early-payment discount date during which the "
        "discount is still granted (as a late discount).",
    )
    ar_payment_tolerance_warning = fields.Boolean(
        string="Payment Tolerance Warning",
        help="Ask the clerk to confirm before a difference is posted as payment "
        "tolerance; otherwise the documents are closed automatically.",
    )
    ar_discount_tolerance_warning = fields.Boolean(
        string="Payment Discount Tolerance Warning",
        help="Ask the clerk to accept a discount taken after the discount date; "
        "otherwise it is granted automatically within the grace period.",
    )
    ar_tolerance_gain_account_id = fields.Many2one(
        "account.account",
        string="Payment Tolerance Gain Account",
        check_company=True,
        domain="[('deprecated', '=', False), ('internal_group', '=', 'income')]",
    )
    ar_tolerance_loss_account_id = fields.Many2one(
        "account.account",
        string="Payment Tolerance Loss Account",
        check_company=True,
        domain="[('deprecated', '=', False), ('internal_group', '=', 'expense')]",
    )

    # D365's centralized payments (d365-credit-collections.md 9.3).
    ar_centralized_payments = fields.Boolean(
        string="Centralized Payments",
        help="This company receives payments for other companies of the group: its "
        "bank lines also pay their open documents, as set up in Intercompany "
        "Accounting.",
    )
    ar_intercompany_accounting_ids = fields.One2many(
        "ar.intercompany.accounting",
        "company_id",
        string="Intercompany Accounting",
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._ar_create_missing_default_rules()
        return companies

    def _ar_create_missing_default_rules(self):
        """Give each company the default payment application rules it lacks.

        A default is missing when the company has no rule, active or archived, of its
        confidence and priority: an archived default stays archived and a company's
        own rule in that place is kept. Called for every new company; callable again
        for existing ones (a rule a manager deleted comes back). Returns the rules
        created.
        """
        Rule = (
            self.env["ar.payment.application.rule"]
            .sudo()
            .with_context(active_test=False)
        )
        taken = {
            (company.id, confidence, priority)
            for company, confidence, priority in Rule._read_group(
                [("company_id", "in", self.ids)],
                ["company_id", "match_confidence", "priority"],
            )
        }
        return Rule.create(
            [
                {
                    "company_id": company.id,
                    "match_confidence": rule.confidence,
                    "priority": rule.priority,
                    "related_party": rule.related_party,
                    "doc_match": rule.doc_match,
                    "amount_match": rule.amount_match,
                    "review_required": rule.review_required,
                    "apply_immediately": rule.apply_immediately,
                    "candidate_kind": rule.candidate_kind,
                }
                for company in self
                for rule in DEFAULT_RULES
                if (company.id, rule.confidence, rule.priority) not in taken
            ]
        )

    @api.constrains(
        "ar_payment_tolerance_percent",
        "ar_payment_tolerance_max_amount",
        "ar_discount_grace_days",
    )
    def _check_ar_payment_tolerance(self):
        for company in self:
            if not 0 <= company.ar_payment_tolerance_percent <= 100:
                raise ValidationError(
                    _(
                        "The payment tolerance percentage must be between 0 and 100, "
                        "not %(percent)s.",
                        percent=company.ar_payment_tolerance_percent,
                    )
                )
            if company.ar_payment_tolerance_max_amount < 0:
                raise ValidationError(
                    _("The maximum payment tolerance amount cannot be negative.")
                )
            if company.ar_discount_grace_days < 0:
                raise ValidationError(
                    _("The payment discount grace period cannot be negative.")
                )

    @api.constrains("ar_tolerance_gain_account_id", "ar_tolerance_loss_account_id")
    def _check_ar_tolerance_accounts_company(self):
        self._check_company(
            ["ar_tolerance_gain_account_id", "ar_tolerance_loss_account_id"]
        )
