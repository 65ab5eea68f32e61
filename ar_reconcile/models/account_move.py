from collections import defaultdict

from odoo import api, fields, models

from ..lib import money, settlement
from ..lib.messages import msg
from .ar_payment_application import _document_name

# Fields of a document whose change makes a proposal on it doubtful: the message code of
# the note and how the old and new values read in it.
_WATCHED_FIELDS = {
    "partner_id": "posting.partner_changed",
    "currency_id": "posting.currency_changed",
    "invoice_payment_term_id": "posting.terms_changed",
}


# While ar_reconcile creates the lines of an import batch, the sequence format of each
# (journal, date, type) is looked up once (see account.bank.statement.line.create).
SEQUENCE_FORMAT_MEMO = "ar_reconcile.sequence_formats"


class AccountMove(models.Model):
    _inherit = "account.move"

    # Entries on hold or disputed are listed on reminders but never trigger a reminder,
    # a fee or interest (bc-receivables.md 12.4; D365 collection status).
    ar_collection_hold = fields.Boolean(
        string="On Hold (Collections)",
        copy=False,
        tracking=True,
        help="Never send a reminder or charge interest for this document while it is "
        "on hold.",
    )
    ar_hold_reason = fields.Char(string="Hold Reason", copy=False, tracking=True)
    ar_disputed = fields.Boolean(
        string="Disputed",
        copy=False,
        tracking=True,
        help="The customer disputes this document: no reminders or interest until the "
        "dispute is resolved.",
    )
    ar_dispute_reason = fields.Char(string="Dispute Reason", copy=False, tracking=True)

    ar_max_payment_tolerance = fields.Monetary(
        string="Max. Payment Tolerance",
        compute="_compute_ar_max_payment_tolerance",
        store=True,
        currency_field="currency_id",
        help="Largest difference closed as payment tolerance when this document is "
        "paid: the smaller of the tolerance percentage of the total and the "
        "maximum amount: the currency's own when it has them, else the company's "
        "(converted at the invoice date). Negative on credit notes, 0 for a "
        "partner with payment tolerance blocked.",
    )
    ar_discount_tolerance_date = fields.Date(
        string="Discount Tolerance Date",
        compute="_compute_ar_discount_tolerance_date",
        store=True,
        help="Last early-payment discount date plus the company's payment discount "
        "grace period; empty when the payment term gives no discount.",
    )
    # The inverse of the payment registration rows' stored ``move_id``: with it, a
    # change to a move finds its rows from the prefetched moves in one query for all
    # of them, instead of one search per move (creating statement lines writes each
    # new move once, which cost two searches per line).
    ar_central_statement_line_id = fields.Many2one(
        "account.bank.statement.line",
        string="Centralized Payment Line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The bank line of another company of the group that this intercompany "
        "entry (centralized payment) books.",
    )
    ar_payment_registration_ids = fields.One2many(
        "ar.payment.registration", "move_id", string="Payment Registration Rows"
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
        # one rate look-up per company, currency and date, not per document
        converted = {}
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
                currency._ar_decimal(sign * move.amount_total),
                money.exact(percent),
                currency._ar_decimal(max_amount),
                rounding=currency._ar_quantum(),
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
        """The early-payment discount periods of this invoice's payment term. Odoo
        grants an early discount only on a single-instalment term, so the schedule is
        the invoice's."""
        self.ensure_one()
        term = self.invoice_payment_term_id
        if not term or not self.is_invoice(include_receipts=True):
            return settlement.NO_DISCOUNT
        return term._ar_discount_schedule()

    # ------------------------------------------------------------------
    # A document changing under a proposal: the bank lines applying it go back to review
    # ------------------------------------------------------------------

    def _ar_pending_applications(self):
        """Applications of not yet posted statement lines on these documents' items."""
        return self.env["ar.payment.application"]._ar_pending_on(self.line_ids)

    def _ar_notify_pending(self, code, applications=None, **params):
        """Send the statement lines applying these documents back to review with the
        note ``code`` (its parameters: ``document``, ``amount`` and ``params``)."""
        applications = (
            self._ar_pending_applications() if applications is None else applications
        )
        notes = defaultdict(list)
        for application in applications:
            notes[application.statement_line_id.id].append(
                msg(
                    code,
                    document=_document_name(application.move_line_id.move_id),
                    amount=application._ar_amount(),
                    **params,
                )
            )
        self.env["account.bank.statement.line"]._ar_send_back_to_review(notes)

    def _get_next_sequence_format(self):
        """Within an import batch, entries of one journal, date and type reuse the
        format (prefix, period, last number) Odoo found for the first of them: Odoo's
        transaction cache of locked sequence numbers (``_locked_increment``) then
        numbers the next ones without a query each. A stale number is safe: Odoo's
        locking increments until a free one is found."""
        memo = self.env.cr.precommit.data.get(SEQUENCE_FORMAT_MEMO)
        if memo is None:
            return super()._get_next_sequence_format()
        key = (
            self.journal_id.id,
            self.date,
            self.move_type,
            bool(self.origin_payment_id or self.env.context.get("is_payment")),
        )
        if key not in memo:
            memo[key] = super()._get_next_sequence_format()
        format_string, format_values = memo[key]
        return format_string, dict(format_values)

    def button_draft(self):
        res = super().button_draft()
        if not self.env.context.get("ar_cancelling"):
            applications = self._ar_pending_applications()._ar_drop_on_payments(
                "posting.payment_reset"
            )
            self._ar_notify_pending("posting.document_reset", applications)
        return res

    def button_cancel(self):
        res = super(AccountMove, self.with_context(ar_cancelling=True)).button_cancel()
        applications = self._ar_pending_applications()._ar_drop_on_payments(
            "posting.payment_cancelled"
        )
        self._ar_notify_pending("posting.document_cancelled", applications)
        return res

    def _post(self, soft=True):
        """A document posted again after an edit: check the proposals on it now, so that
        the bank line says what changed (posting checks again anyway)."""
        posted = super()._post(soft=soft)
        applications = posted._ar_pending_applications()
        if applications:
            lines = applications.statement_line_id
            lines._ar_send_back_to_review(lines._ar_verify_documents())
        return posted

    def write(self, vals):
        watched = [name for name in _WATCHED_FIELDS if name in vals]
        if not watched or not self.ids:
            return super().write(vals)
        applications = self._ar_pending_applications()
        if not applications:
            return super().write(vals)
        # Read before the write: editing the terms deletes the items and so the
        # applications (see account.move.line.unlink).
        before = [
            (
                application.statement_line_id.id,
                application.move_line_id.move_id,
                {name: application.move_line_id.move_id[name] for name in watched},
            )
            for application in applications
        ]
        res = super().write(vals)
        notes = defaultdict(list)
        for line_id, move, old_values in before:
            for name, old in old_values.items():
                if move[name] != old:
                    notes[line_id].append(
                        msg(
                            _WATCHED_FIELDS[name],
                            document=_document_name(move),
                            old=old.display_name or "",
                            new=move[name].display_name or "",
                        )
                    )
        self.env["account.bank.statement.line"]._ar_send_back_to_review(notes)
        return res

    def unlink(self):
        # Items removed with their document are noted as the document's deletion.
        return super(
            AccountMove,
            self.with_context(ar_deleted_move_ids=frozenset(self.ids)),
        ).unlink()

    def _reverse_moves(self, default_values_list=None, cancel=False):
        reverse_moves = super(
            AccountMove, self.with_context(ar_reversing=True)
        )._reverse_moves(default_values_list=default_values_list, cancel=cancel)
        applications = self._ar_pending_applications()
        notes = defaultdict(list)
        for application in applications:
            move = application.move_line_id.move_id
            reversal = reverse_moves.filtered(
                lambda reverse, m=move: reverse.reversed_entry_id == m
            )
            notes[application.statement_line_id.id].append(
                msg(
                    "posting.document_reversed",
                    document=_document_name(move),
                    reversal=", ".join(map(_document_name, reversal)),
                    amount=application._ar_amount(),
                )
            )
        self.env["account.bank.statement.line"]._ar_send_back_to_review(notes)
        return reverse_moves.with_env(self.env)
