from odoo import api, fields, models
from odoo.exceptions import UserError

from ..lib import money
from ..lib.matching import codes
from ..lib.messages import Amount, msg
from ..lib.settlement import codes as settlement_codes


def _document_name(move):
    """A document's number, or its display name while it has none."""
    return move.name if move.name and move.name != "/" else move.display_name


def _amount(value, currency):
    """A float amount of ``currency`` as a message parameter, exact to its decimals."""
    return Amount(
        currency._ar_decimal(value),
        currency.name,
    )


def _not_covered(currency, open_amount, closed, exact=True):
    """Whether what is open on an entry no longer covers what an application takes off
    it (signed alike: invoices positive, credit notes negative). Not ``exact`` (paid
    from another currency, where the rates of the day make an exchange difference),
    only an entry with nothing left open for it is not covered."""
    if currency.is_zero(closed):
        return False
    if closed < 0:
        open_amount, closed = -open_amount, -closed
    if not exact:
        return currency.compare_amounts(open_amount, 0.0) <= 0
    return currency.compare_amounts(open_amount, closed) < 0


def _registered_payment(item):
    """The payment whose outstanding item ``item`` is (it waits for its bank line), or
    an empty recordset for any other item."""
    payment = item.payment_id
    if payment and item.account_id == payment.outstanding_account_id:
        return payment
    return item.env["account.payment"]


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
        # A draft document's open items are deleted and recreated when it is edited
        # (its payment terms): the application goes with its item. The item's unlink
        # override removes it first through the ORM and sends the line back to review
        # with a note; no database error (restrict) ever reaches the user.
        ondelete="cascade",
    )
    move_id = fields.Many2one(related="move_line_id.move_id", string="Document")
    document_company_id = fields.Many2one(
        related="move_line_id.company_id",
        string="Document Company",
        help="The company of the document: another company of the group when the "
        "line pays it centrally.",
    )
    account_id = fields.Many2one(
        "account.account",
        check_company=True,
        help="Account posted to when the application pays no open entry (text "
        "mapping, difference).",
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
    # What the document was when it was applied (or the clerk last accepted the line):
    # posting checks it against the document as it is then.
    document_partner_id = fields.Many2one(
        "res.partner",
        string="Proposed Document Partner",
        compute="_compute_document_snapshot",
        store=True,
        readonly=False,
    )
    document_currency_id = fields.Many2one(
        "res.currency",
        string="Proposed Document Currency",
        compute="_compute_document_snapshot",
        store=True,
        readonly=False,
    )
    document_amount = fields.Monetary(
        string="Proposed Entry Amount",
        currency_field="document_currency_id",
        compute="_compute_document_snapshot",
        store=True,
        readonly=False,
        help="The entry's amount (in its currency) when it was applied.",
    )

    _sql_constraints = [
        (
            "target_set",
            "CHECK (move_line_id IS NOT NULL OR account_id IS NOT NULL)",
            "An application pays an open entry or goes to an account.",
        ),
    ]

    def _check_company(self, fnames=None):
        """Odoo's company check, except that the open entry may be a document of
        another company that the line's company receives payments for (centralized
        payments, set up in Intercompany Accounting and visible to the user)."""
        if fnames is None or {"company_id", "company_ids"} & set(fnames):
            fnames = list(self._fields)
        others = [name for name in fnames if name not in ("move_line_id", "company_id")]
        super()._check_company(others)
        if "move_line_id" not in fnames:
            return
        local = self.filtered(
            lambda app: not app.move_line_id.company_id
            or app.move_line_id.company_id == app.company_id
        )
        super(ArPaymentApplication, local)._check_company(["move_line_id"])
        (self - local)._ar_check_central()

    def _ar_check_central(self):
        """Refuse applications on another company's entry that no centralized payment
        set-up allows for this user (nothing is written)."""
        Pairs = self.env["ar.intercompany.accounting"]
        pairs = {company: Pairs._ar_pairs(company) for company in self.company_id}
        for app in self:
            item = app.move_line_id
            if item.company_id.id not in pairs[app.company_id]:
                raise UserError(
                    self.env["ar.message"]._ar_render(
                        msg(
                            settlement_codes.CENTRAL_NOT_SET_UP,
                            document=_document_name(item.move_id),
                            company=item.company_id.name,
                            paying=app.company_id.name,
                        )
                    )
                )

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

    @api.model_create_multi
    def create(self, vals_list):
        applications = super().create(vals_list)
        # Now, not when first read: by then the document may have changed.
        applications.flush_recordset(
            ["document_partner_id", "document_currency_id", "document_amount"]
        )
        return applications

    @api.depends("move_line_id")
    def _compute_document_snapshot(self):
        for application in self:
            item = application.move_line_id
            application.document_partner_id = (
                item.move_id.commercial_partner_id
                or item.partner_id.commercial_partner_id
            )
            application.document_currency_id = item.currency_id
            application.document_amount = item.amount_currency

    def _ar_snapshot_documents(self):
        """The clerk saw the documents as they are now: posting compares with this."""
        self.filtered("move_line_id")._compute_document_snapshot()

    def _ar_available_amounts(self):
        """{application: (what is open on its entry for its statement line, what the
        application takes off it, whether both are exact)}, in the entry's currency: the
        entry's open amount less what other unposted statement lines apply to it. In
        bulk: the entries' applications are read in one go."""
        available = {}
        for application in self.filtered("move_line_id"):
            item = application.move_line_id
            others = sum(
                item._ar_from_application_currency(
                    other._ar_closed_amount(), other.currency_id
                )
                for other in item.ar_application_ids
                if other.statement_line_id != application.statement_line_id
                and not other.statement_line_id.is_reconciled
            )
            available[application] = (
                item.currency_id.round(item.amount_residual_currency - others),
                item.currency_id.round(
                    item._ar_from_application_currency(
                        application._ar_closed_amount(), application.currency_id
                    )
                ),
                application.currency_id == item.currency_id,
            )
        return available

    def _ar_drop_on_payments(self, code):
        """Remove these applications of registered payments' outstanding items (the
        payment was cancelled, reset or matched elsewhere: nothing is left to apply)
        and send their lines back to review with the note ``code`` (``document`` and
        ``amount``). Returns the other applications."""
        on_payments = self.filtered(lambda app: _registered_payment(app.move_line_id))
        if not on_payments:
            return self
        notes = {}
        for application in on_payments:
            notes.setdefault(application.statement_line_id.id, []).append(
                msg(
                    code,
                    document=_document_name(application.move_line_id.move_id),
                    amount=application._ar_amount(),
                )
            )
        lines = on_payments.statement_line_id.sudo()
        self.env["account.bank.statement.line"]._ar_send_back_to_review(notes)
        on_payments.sudo().unlink()
        lines._ar_reset_emptied()
        return self - on_payments

    @api.model
    def _ar_pending_on(self, items):
        """The applications of not yet posted statement lines on these journal items,
        whoever may see them: a change of the document concerns them all."""
        if not items:
            return self.sudo().browse()
        return self.sudo().search(
            [
                ("move_line_id", "in", items.ids),
                ("statement_line_id.is_reconciled", "=", False),
            ]
        )

    def _ar_amount(self):
        """The applied amount as a message parameter."""
        self.ensure_one()
        return Amount(money.exact(self.amount), self.currency_id.name)

    def _ar_closed_amount(self):
        """What the application takes off its entry: payment, discount and tolerance."""
        self.ensure_one()
        return self.amount + self.discount_amount + self.tolerance_amount
