from odoo import api, fields, models

from ..lib.matching import codes


class ArPaymentApplication(models.Model):
    """How much of a statement line pays one open journal item, or goes to an account
    (text mapping, transferred difference). Posting turns these into reconciled journal
    items."""

    _name = "ar.payment.application"
    _description = "Payment Application"
    _order = "statement_line_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    statement_line_id = fields.Many2one(
        "account.bank.statement.line",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="statement_line_id.company_id", store=True, index=True
    )
    currency_id = fields.Many2one(related="statement_line_id.currency_id")
    move_line_id = fields.Many2one(
        "account.move.line",
        string="Open Entry",
        index="btree_not_null",
        check_company=True,
        ondelete="restrict",
    )
    move_id = fields.Many2one(related="move_line_id.move_id", string="Document")
    account_id = fields.Many2one(
        "account.account",
        check_company=True,
        help="Account posted to when the application pays no open entry (text mapping, "
        "difference).",
    )
    partner_id = fields.Many2one("res.partner", check_company=True)
    label = fields.Char()
    amount = fields.Monetary(
        required=True,
        help="Part of the line applied here, signed like the statement line.",
    )
    discount_amount = fields.Monetary(
        string="Discount",
        help="Early-payment discount granted on the entry with this payment.",
    )
    late_discount = fields.Boolean(
        help="The discount is granted after the discount date, within the grace period."
    )
    tolerance_amount = fields.Monetary(
        string="Payment Tolerance",
        help="Difference closed as payment tolerance: positive when the customer paid "
        "too little (a loss), negative when too much (a gain).",
    )
    rule_id = fields.Many2one("ar.payment.application.rule", ondelete="set null")
    text_mapping_id = fields.Many2one("ar.text.mapping", ondelete="set null")
    kind = fields.Selection(
        [
            ("entry", "Open Entry"),
            ("text_mapping", "Text Mapping"),
            ("difference", "Transferred Difference"),
        ],
        compute="_compute_kind",
        store=True,
    )
    manual = fields.Boolean(
        help="Chosen by a clerk: automatic application leaves it alone."
    )
    evidence_messages = fields.Json(
        copy=False,
        help="Why the application was proposed, as message codes with parameters.",
    )
    evidence = fields.Text(
        compute="_compute_evidence",
        inverse="_inverse_evidence",
        help="Why the engine proposed this application, in the reader's language.",
    )
    entry_residual = fields.Monetary(
        related="move_line_id.amount_residual",
        string="Open Amount",
        currency_field="company_currency_id",
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id")
    date_maturity = fields.Date(related="move_line_id.date_maturity", string="Due Date")

    _sql_constraints = [
        (
            "target_set",
            "CHECK (move_line_id IS NOT NULL OR account_id IS NOT NULL)",
            "An application pays an open entry or goes to an account.",
        ),
    ]

    @api.depends("move_line_id", "text_mapping_id")
    def _compute_kind(self):
        for application in self:
            application.kind = (
                "entry"
                if application.move_line_id
                else "text_mapping"
                if application.text_mapping_id
                else "difference"
            )

    @api.depends("evidence_messages", "currency_id")
    @api.depends_context("lang")
    def _compute_evidence(self):
        Message = self.env["ar.message"]
        for application in self:
            application.evidence = (
                Message._ar_render_many(
                    application.evidence_messages or [],
                    currency=application.currency_id,
                )
                or False
            )

    def _inverse_evidence(self):
        """Evidence written as text is kept as it is written (one plain-text note)."""
        for application in self:
            application.evidence_messages = (
                [codes.evidence(codes.NOTE_TEXT, text=application.evidence).to_json()]
                if application.evidence
                else False
            )

    def _ar_closed_amount(self):
        """What the application takes off its entry: payment, discount and tolerance."""
        self.ensure_one()
        return self.amount + self.discount_amount + self.tolerance_amount
