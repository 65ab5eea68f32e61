from collections import defaultdict
from dataclasses import replace

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import settlement
from ..lib.matching import codes
from ..lib.messages import msg
from .account_move import SEQUENCE_FORMAT_MEMO
from .ar_matching import PAYMENT_STATES
from .ar_payment_application import (
    _amount,
    _document_name,
    _not_covered,
    _registered_payment,
)

CONFIDENCE_SELECTION = [
    ("none", "None"),
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
    ("text_mapping", "High - Text Mapping"),
]
APPLICATION_STATE_SELECTION = [
    ("none", "Not Applied"),
    ("proposed", "Proposed"),
    ("manual", "Applied Manually"),
    ("accepted", "Accepted"),
]
# States automatic application leaves alone: a clerk decided.
CLERK_STATES = ("manual", "accepted")


def _noteworthy(outcome):
    """Whether a settlement does more than pay its documents exactly."""
    return bool(
        outcome.payment_remaining
        or outcome.tolerance_to_confirm
        or any(
            doc.total_discount
            or doc.tolerance
            or doc.remaining
            or doc.late_discount_pending
            for doc in outcome.documents
        )
    )


class AccountBankStatementLine(models.Model):
    _inherit = "account.bank.statement.line"

    # Odoo Community dropped the import id with statement import; the unique index is
    # what makes a second import of a transaction (also by a concurrent user)
    # impossible.
    unique_import_id = fields.Char(
        string="Import ID", readonly=True, copy=False, index=True
    )
    ar_counterparty_bic = fields.Char(string="Counterparty BIC", readonly=True)
    ar_counterparty_address = fields.Char(string="Counterparty Address", readonly=True)
    ar_ultimate_party_name = fields.Char(
        string="Ultimate Party",
        readonly=True,
        help="The party on whose behalf the payment was made, when the bank reports "
        "one.",
    )
    ar_remittance_unstructured = fields.Text(
        string="Remittance Information", readonly=True
    )
    ar_remittance_structured = fields.Char(
        string="Structured Reference",
        readonly=True,
        index="btree_not_null",
        help="Creditor reference given by the payer: KID, OCR, RF, QR reference, ...",
    )
    ar_structured_ref_type = fields.Char(string="Reference Type", readonly=True)
    ar_referred_documents = fields.Char(
        string="Referred Documents",
        readonly=True,
        help="Document numbers the payer listed in the structured remittance.",
    )
    ar_end_to_end_id = fields.Char(string="End-to-End ID", readonly=True)
    ar_bank_reference = fields.Char(string="Bank Reference", readonly=True)
    ar_instruction_id = fields.Char(string="Instruction ID", readonly=True)
    ar_mandate_id = fields.Char(string="Mandate ID", readonly=True)
    ar_additional_info = fields.Text(string="Additional Information", readonly=True)
    ar_value_date = fields.Date(string="Value Date", readonly=True)
    ar_date_is_value_date = fields.Boolean(
        string="Booked on the Value Date",
        readonly=True,
        copy=False,
        help="The bank gave no booking date: the line is dated on its value date.",
    )
    ar_is_reversal = fields.Boolean(string="Reversal", readonly=True)
    ar_return_reason = fields.Char(string="Return Reason", readonly=True)
    ar_exchange_rate = fields.Float(string="Exchange Rate", digits=0, readonly=True)
    ar_content_key = fields.Char(
        string="Content Key",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Fingerprint of the transaction's content (date, amount, counterparty, "
        "texts) for files without bank references: finds lines that look like ones "
        "imported before.",
    )
    ar_bank_date = fields.Date(
        string="Bank Date",
        readonly=True,
        copy=False,
        help="Booking date the bank gave. Differs from the date when the bank's date "
        "is in a locked accounting period and Odoo books the line on a later date.",
    )

    _sql_constraints = [
        (
            "ar_unique_import_id",
            "unique (unique_import_id)",
            "A bank transaction can only be imported once.",
        ),
    ]

    # ------------------------------------------------------------------
    # Payment application: proposals, review, posting
    # ------------------------------------------------------------------

    ar_match_confidence = fields.Selection(
        CONFIDENCE_SELECTION,
        string="Match Confidence",
        default="none",
        required=True,
        index=True,
        copy=False,
        help="How sure automatic application is of its proposal.",
    )
    ar_application_state = fields.Selection(
        APPLICATION_STATE_SELECTION,
        string="Application",
        default="none",
        required=True,
        index=True,
        copy=False,
        help="Proposed: by automatic application. Applied Manually and Accepted: a "
        "clerk decided, and automatic application leaves the line alone.",
    )
    ar_application_ids = fields.One2many(
        "ar.payment.application", "statement_line_id", string="Applications", copy=False
    )
    ar_applied_amount = fields.Monetary(
        string="Applied Amount", compute="_compute_ar_applied_amount", store=True
    )
    ar_difference = fields.Monetary(
        string="Difference",
        compute="_compute_ar_applied_amount",
        store=True,
        help="Statement amount minus applied amount: what is still unexplained.",
    )
    ar_review_required = fields.Boolean(
        string="Review Required", copy=False, index=True
    )
    ar_review_notes = fields.Json(
        string="Review Notes (codes)",
        copy=False,
        readonly=True,
        help="Why the line went back to review: message codes with their parameters, "
        "rendered in the reader's language.",
    )
    ar_review_note = fields.Text(
        string="Review Note", compute="_compute_ar_review_note"
    )
    ar_review_hint = fields.Char(string="Why Review", compute="_compute_ar_review_note")
    ar_rule_id = fields.Many2one(
        "ar.payment.application.rule", string="Rule", copy=False
    )
    ar_partner_id = fields.Many2one(
        "res.partner",
        string="Proposed Partner",
        copy=False,
        help="Counterparty found by payment application; set on the line when it is "
        "posted.",
    )
    ar_match_messages = fields.Json(
        string="Match Messages",
        copy=False,
        help="Evidence and notes of the application as message codes with parameters.",
    )
    ar_match_details = fields.Text(
        string="Match Details",
        compute="_compute_ar_match_details",
        inverse="_inverse_ar_match_details",
        help="Why the line is applied as it is, in the reader's language.",
    )
    ar_auto_applied = fields.Boolean(
        string="Automatic Application Done",
        copy=False,
        index=True,
        help="Automatic application has looked at this line (the scheduled action "
        "skips it).",
    )
    ar_applied_entries = fields.Char(
        string="Applied Entries", compute="_compute_ar_applied_entries"
    )
    # Discount and payment tolerance (bc-receivables.md 11): what the settlement does,
    # and the clerk's answers when the company wants to be asked.
    ar_settlement_messages = fields.Json(
        string="Settlement Messages",
        copy=False,
        readonly=True,
        help="What the settlement does to the applied documents, as message codes with "
        "parameters.",
    )
    ar_settlement_summary = fields.Text(
        string="Settlement",
        compute="_compute_ar_settlement_summary",
        help="What the settlement does to the applied documents, in the reader's "
        "language.",
    )
    ar_late_discount_pending = fields.Boolean(
        string="Late Discount to Accept",
        copy=False,
        readonly=True,
        help="The payment takes an early-payment discount after its date, within the "
        "grace period: accept it or not before posting.",
    )
    ar_tolerance_to_confirm = fields.Monetary(
        string="Balance to Confirm as Tolerance",
        copy=False,
        readonly=True,
        help="A difference within the payment tolerance of the applied documents: post "
        "it as payment tolerance, or leave it open.",
    )
    ar_late_discount_answer = fields.Selection(
        [("accept", "Accepted"), ("decline", "Not Accepted")],
        string="Late Discount",
        copy=False,
    )
    ar_full_settlement = fields.Boolean(
        string="Full Settlement",
        copy=False,
        help="D365's full settlement: what the payment leaves open on its documents is "
        "posted as extra cash discount, so they close (an agreed write-off beyond the "
        "tolerance).",
    )
    ar_tolerance_answer = fields.Selection(
        [("post", "Posted as Tolerance"), ("leave", "Left Open")],
        string="Tolerance Balance",
        copy=False,
    )

    @api.model_create_multi
    def create(self, vals_list):
        """The lines of a statement import are created as one batch: the journal
        entries of one journal and date share the sequence format Odoo found for the
        first of them (``account.move._get_next_sequence_format``), and their balance
        is checked once for the batch instead of once per entry. Outside an import,
        Odoo's own behaviour is unchanged."""
        if not self.env.context.get("ar_statement_import"):
            return super().create(vals_list)
        Move = self.env["account.move"]
        container = {"records": Move}
        memo = self.env.cr.precommit.data
        memo[SEQUENCE_FORMAT_MEMO] = {}
        try:
            # Odoo's own balance check, for the whole batch: nested checks of the
            # entries created inside are skipped, this one runs at the end.
            with Move._check_balanced(container):
                lines = super().create(vals_list)
                container["records"] = lines.move_id
        finally:
            memo.pop(SEQUENCE_FORMAT_MEMO, None)
        return lines

    @api.depends("amount", "ar_application_ids.amount")
    def _compute_ar_applied_amount(self):
        for line in self:
            applied = sum(line.ar_application_ids.mapped("amount"))
            line.ar_applied_amount = applied
            line.ar_difference = line.currency_id.round(line.amount - applied)

    @api.depends("ar_settlement_messages", "currency_id")
    @api.depends_context("lang")
    def _compute_ar_settlement_summary(self):
        Message = self.env["ar.message"]
        for line in self:
            line.ar_settlement_summary = (
                Message._ar_render_many(
                    line.ar_settlement_messages or [], currency=line.currency_id
                )
                or False
            )

    @api.depends("ar_match_messages", "currency_id")
    @api.depends_context("lang")
    def _compute_ar_match_details(self):
        Message = self.env["ar.message"]
        for line in self:
            line.ar_match_details = (
                Message._ar_render_many(
                    line.ar_match_messages or [], currency=line.currency_id
                )
                or False
            )

    def _inverse_ar_match_details(self):
        """A text written here becomes a note: appended when it extends what the line
        shows (a note added below the evidence), the only message otherwise."""
        Message = self.env["ar.message"]
        for line in self:
            messages = list(line.ar_match_messages or [])
            shown = Message._ar_render_many(messages, currency=line.currency_id)
            text = line.ar_match_details or ""
            if shown and text.startswith(shown):
                text = text[len(shown) :].strip("\n")
            else:
                messages = []
            if text:
                messages.append(codes.evidence(codes.NOTE_TEXT, text=text).to_json())
            line.ar_match_messages = messages or False

    def _ar_add_match_note(self, message):
        """Add a note (a ``lib.messages.Message``) below the lines' match details."""
        for line in self:
            line.ar_match_messages = [
                *(line.ar_match_messages or []),
                message.to_json(),
            ]

    @api.depends("ar_review_notes", "ar_review_required")
    @api.depends_context("lang")
    def _compute_ar_review_note(self):
        Message = self.env["ar.message"]
        for line in self:
            notes = line.ar_review_notes if line.ar_review_required else None
            line.ar_review_note = (
                Message._ar_render_many(notes, currency=line.currency_id)
                if notes
                else False
            )
            line.ar_review_hint = (
                line.ar_review_note.replace("\n", " ") if notes else False
            )

    @api.depends("ar_application_ids.move_line_id")
    def _compute_ar_applied_entries(self):
        for line in self:
            line.ar_applied_entries = ", ".join(
                name
                for name in line.ar_application_ids.move_line_id.move_id.mapped("name")
                if name
            )

    # ------------------------------------------------------------------
    # Automatic application
    # ------------------------------------------------------------------

    def action_apply_automatically(self):
        """Run the engine on these lines; lines applied by hand or accepted stay as they
        are."""
        todo = self.filtered(
            lambda line: not line.is_reconciled
            and line.ar_application_state not in CLERK_STATES
        )
        lines_by_journal = defaultdict(lambda: self.browse())
        for line in todo:
            lines_by_journal[line.journal_id] |= line
        for journal, lines in lines_by_journal.items():
            lines._ar_apply_automatically(journal)
        return True

    def _ar_apply_automatically(self, journal):
        self.env["ar.matching"]._ar_apply(self, journal)
        self._ar_settle()

    # ------------------------------------------------------------------
    # Review
    # ------------------------------------------------------------------

    def action_ar_accept(self):
        """The clerk agrees with the proposal: it no longer waits for review."""
        self._ar_check_open()
        self.ar_application_ids._ar_snapshot_documents()
        self.filtered("ar_application_ids").write(
            {"ar_application_state": "accepted", "ar_review_required": False}
        )
        return True

    def action_ar_remove_application(self):
        self._ar_check_open()
        self.ar_application_ids.unlink()
        self.write(
            {
                "ar_match_confidence": "none",
                "ar_application_state": "none",
                "ar_review_required": False,
                "ar_rule_id": False,
                "ar_match_messages": False,
                "ar_settlement_messages": False,
                "ar_late_discount_pending": False,
                "ar_tolerance_to_confirm": 0.0,
                "ar_late_discount_answer": False,
                "ar_tolerance_answer": False,
                "ar_full_settlement": False,
            }
        )
        return True

    def _ar_check_open(self):
        if self.filtered("is_reconciled"):
            raise UserError(
                _("Posted statement lines cannot change; undo the posting first.")
            )

    # ------------------------------------------------------------------
    # Posting
    # ------------------------------------------------------------------

    def _ar_is_ready(self):
        self.ensure_one()
        return (
            not self.is_reconciled
            and self.ar_application_ids
            and not self.ar_review_required
            and self.currency_id.is_zero(self.ar_difference)
        )

    # ------------------------------------------------------------------
    # Settlement: discount and payment tolerance
    # ------------------------------------------------------------------

    def _ar_settlement_groups(self):
        """The applications settled together.

        Each manual application alone (the clerk chose its amount, D365's "amount to
        settle"), the automatic ones as one payment over their documents (settled oldest
        first, the better discount first).
        """
        self.ensure_one()
        entry_apps = self.ar_application_ids.filtered("move_line_id")
        other = sum((self.ar_application_ids - entry_apps).mapped("amount"))
        manual = entry_apps.filtered("manual")
        automatic = entry_apps - manual
        groups = [(app, app.amount) for app in manual]
        if automatic:
            groups.append(
                (automatic, self.amount - other - sum(manual.mapped("amount")))
            )
        return groups

    def _ar_settle(self):
        """Work out the discount and payment tolerance of each line's applications.

        Store them with the application amounts, and ask the clerk when the company
        wants it (late discount, balance within tolerance). Returns
        {line: [(outcome, settled items)]}.

        A line the settlement refuses (paid before the invoice date, a payment of the
        wrong sign) goes to review with the reason; nothing else changes on it.
        """
        Settlement = self.env["ar.settlement"]
        results = {}
        for line in self.filtered(lambda line: not line.is_reconciled):
            line_vals = {
                "ar_late_discount_pending": False,
                "ar_tolerance_to_confirm": 0.0,
                "ar_settlement_messages": False,
            }
            outcomes, summaries, app_vals = [], [], []
            try:
                for apps, amount in line._ar_settlement_groups():
                    if len(apps.move_line_id) != len(apps):
                        # One entry applied twice on a line: left as the clerk made it.
                        continue
                    outcome, settled = Settlement._settle(
                        apps.move_line_id,
                        amount,
                        line.currency_id,
                        line.date,
                        choices=line._ar_clerk_choices(apps),
                        open_amounts=line._ar_open_amounts(apps),
                        partners=line.partner_id
                        or line.ar_partner_id
                        or apps.move_line_id.partner_id,
                        paying_company=line.company_id,
                    )
                    outcomes.append((outcome, settled))
                    if _noteworthy(outcome):  # a plain exact payment needs no words
                        summaries += [
                            message.to_json()
                            for message in Settlement._describe(outcome, settled)
                        ]
                    by_item = {app.move_line_id.id: app for app in apps}
                    for doc in outcome.documents:
                        app = by_item[settled[doc.reference].item.id]
                        app_vals.append(
                            (
                                app,
                                {
                                    "amount": float(doc.applied),
                                    "discount_amount": float(doc.total_discount),
                                    "late_discount": bool(doc.late_discount),
                                    "tolerance_amount": float(doc.tolerance),
                                },
                            )
                        )
                    line_vals["ar_late_discount_pending"] |= (
                        outcome.needs_late_discount_acceptance
                    )
                    line_vals["ar_tolerance_to_confirm"] += float(
                        outcome.tolerance_to_confirm
                    )
            except UserError as error:
                reason = getattr(error, "ar_message", None) or msg(
                    settlement.codes.TEXT, text=error.args[0]
                )
                cannot = msg(settlement.codes.CANNOT_SETTLE, reason=reason)
                line.write(
                    {
                        "ar_review_required": True,
                        "ar_settlement_messages": [cannot.to_json()],
                    }
                )
                continue
            for app, vals in app_vals:
                if any(app[name] != value for name, value in vals.items()):
                    app.write(vals)
            line_vals["ar_settlement_messages"] = summaries or False
            if (
                line_vals["ar_late_discount_pending"]
                or line_vals["ar_tolerance_to_confirm"]
            ):
                line_vals["ar_review_required"] = True
            changed = {
                name: value for name, value in line_vals.items() if line[name] != value
            }
            if changed:
                line.write(changed)
            results[line] = outcomes
        return results

    def _ar_clerk_choices(self, apps):
        references = frozenset(str(item_id) for item_id in apps.move_line_id.ids)
        return settlement.ClerkChoices(
            accept_late_discount=references
            if self.ar_late_discount_answer == "accept"
            else frozenset(),
            decline_late_discount=references
            if self.ar_late_discount_answer == "decline"
            else frozenset(),
            post_tolerance={"post": True, "leave": False}.get(self.ar_tolerance_answer),
            full_settlement=self.ar_full_settlement,
        )

    def _ar_open_amounts(self, apps):
        """What is open on each applied entry for this line.

        Its residual less what other unposted statement lines already settle on it (in
        the entry's currency).
        """
        open_amounts = {}
        for app in apps:
            item = app.move_line_id
            own = item._ar_from_application_currency(
                app._ar_closed_amount(), app.currency_id
            )
            open_amounts[item.id] = item.currency_id.round(
                item.amount_residual_currency - (item.ar_pending_amount - own)
            )
        return open_amounts

    def _ar_answer(self, **answers):
        self._ar_check_open()
        self.write({**answers, "ar_review_required": False})
        self._ar_settle()
        return True

    def action_ar_accept_late_discount(self):
        """Business Central's "Accept the late payment discount"."""
        return self._ar_answer(ar_late_discount_answer="accept")

    def action_ar_decline_late_discount(self):
        """ "Do not accept the late payment discount": the customer still owes it."""
        return self._ar_answer(ar_late_discount_answer="decline")

    def action_ar_post_tolerance(self):
        """ "Post the balance as payment tolerance": the documents close."""
        return self._ar_answer(ar_tolerance_answer="post")

    def action_ar_leave_balance_open(self):
        """ "Leave a remaining amount": the balance stays open on the document or
        payment."""
        return self._ar_answer(ar_tolerance_answer="leave")

    def action_ar_full_settlement(self):
        """Close the applied documents.

        What stays open is posted as extra cash discount.
        """
        return self._ar_answer(ar_full_settlement=True)

    def _ar_settlement_snapshot(self):
        return {
            app.id: (
                app.move_line_id.id,
                app.amount,
                app.discount_amount,
                app.tolerance_amount,
            )
            for app in self.ar_application_ids
        }

    def action_post_applications(self):
        """Post the lines that are ready; lines still to review or with a difference
        stay open.

        Every applied document is checked again first (partner, state, company,
        currency, amount, what is open): a line whose document changed goes back to
        review with the reason, the others post. The suspense item of each line's
        journal entry is replaced by one counterpart per application (with its discount
        and tolerance items), then every counterpart is reconciled with its open entry
        in one batch. The settlement is worked out again on what is open now: a line
        whose figures changed since the clerk saw them waits for review instead.
        """
        ready = self.filtered(lambda line: line._ar_is_ready())
        if not ready:
            return self.env["account.bank.statement.line"]
        # A second poster (user or cron) waits here, then sees the lines reconciled and
        # stops.
        self.env.cr.execute(
            "SELECT id FROM account_bank_statement_line WHERE id IN %s FOR UPDATE",
            [tuple(ready.ids)],
        )
        ready.invalidate_recordset(["is_reconciled"])
        ready = ready.filtered(lambda line: line._ar_is_ready())
        # The open items too: a payment registered on them meanwhile is seen below.
        items = ready.ar_application_ids.move_line_id
        if items:
            self.env.cr.execute(
                "SELECT id FROM account_move_line WHERE id IN %s FOR UPDATE",
                [tuple(items.ids)],
            )
            items.invalidate_recordset()
        # The documents must still be what was proposed: partner, state, company,
        # currency and open amount, not only the applied amounts.
        problems = ready._ar_verify_documents()
        if problems:
            self._ar_send_back_to_review(problems)
            ready = ready.filtered(lambda line: line.id not in problems)
        before = ready._ar_settlement_snapshot()
        outcomes = ready._ar_settle()
        after = ready._ar_settlement_snapshot()
        changed = {}
        for line in ready:
            if line not in outcomes or any(
                before.get(app.id, (None,))[0] != after[app.id][0]
                or not all(
                    line.currency_id.is_zero(a - b)
                    for a, b in zip(before[app.id][1:], after[app.id][1:], strict=False)
                )
                for app in line.ar_application_ids
            ):
                changed[line.id] = [msg("posting.check_figures_changed")]
        self._ar_send_back_to_review(changed)
        ready = ready.filtered(
            lambda line: line.id not in changed and line._ar_is_ready()
        )
        plan = ready._ar_replace_suspense_lines(outcomes)
        if plan:
            self.env["account.move.line"]._reconcile_plan(plan)
        return ready

    def _ar_verify_documents(self):
        """{line id: [Message]} for the lines whose applied documents are no longer what
        was proposed: posted, receivable or payable, of the line's company, of the
        proposed partner, in the proposed currency and amount, with what the line takes
        off them still open for it."""
        problems = defaultdict(list)
        apps = self.ar_application_ids.filtered("move_line_id")
        available = apps._ar_available_amounts()
        Pairs = self.env["ar.intercompany.accounting"]
        central = {company: Pairs._ar_pairs(company) for company in self.company_id}
        for app in apps:
            item, move = app.move_line_id, app.move_line_id.move_id
            line = app.statement_line_id
            document = _document_name(move)
            found = None
            payment = _registered_payment(item)
            if move.state == "cancel":
                found = msg("posting.check_cancelled", document=document)
            elif move.state != "posted":
                found = msg("posting.check_not_posted", document=document)
            elif payment and payment.state not in PAYMENT_STATES:
                found = msg(
                    "posting.check_payment_state",
                    document=document,
                    state=dict(
                        payment._fields["state"]._description_selection(self.env)
                    ).get(payment.state, payment.state),
                )
            elif not payment and item.account_type not in (
                "asset_receivable",
                "liability_payable",
            ):
                found = msg("posting.check_account", document=document)
            elif (
                move.company_id != line.company_id
                and move.company_id.id not in central[line.company_id]
            ):
                found = msg(
                    "posting.check_company",
                    document=document,
                    company=move.company_id.name,
                )
            elif (
                app.document_partner_id
                and move.commercial_partner_id != app.document_partner_id
            ):
                found = msg(
                    "posting.check_partner",
                    document=document,
                    partner=move.commercial_partner_id.display_name or "",
                    proposed=app.document_partner_id.display_name,
                )
            elif (
                app.document_currency_id
                and item.currency_id != app.document_currency_id
            ):
                found = msg(
                    "posting.check_currency",
                    document=document,
                    currency=item.currency_id.name,
                    proposed=app.document_currency_id.name,
                )
            elif app.document_currency_id and item.currency_id.compare_amounts(
                item.amount_currency, app.document_amount
            ):
                found = msg(
                    "posting.check_amount",
                    document=document,
                    amount=_amount(item.amount_currency, item.currency_id),
                    proposed=_amount(app.document_amount, item.currency_id),
                )
            else:
                open_amount, closed, exact = available[app]
                if _not_covered(item.currency_id, open_amount, closed, exact):
                    found = msg(
                        "posting.check_open_amount",
                        document=document,
                        open=_amount(open_amount, item.currency_id),
                        applied=_amount(closed, item.currency_id),
                    )
            if found:
                problems[line.id].append(found)
        return dict(problems)

    @api.model
    def _ar_send_back_to_review(self, notes):
        """Send lines back to review with the reason: ``notes`` is {line id: [Message]}.

        A note adds to those of a line already in review and replaces older ones of a
        line the clerk has reviewed since. Done as the system (a billing user editing an
        invoice cannot edit bank lines, yet the bank line must not post unseen); every
        line is written in the cache and flushed in one UPDATE."""
        if not notes:
            return
        lines = self.sudo().browse(list(notes)).exists()
        lines = lines.filtered(lambda line: not line.is_reconciled)
        for line in lines:
            kept = list(line.ar_review_notes or []) if line.ar_review_required else []
            for message in notes[line.id]:
                note = message.to_json()
                if note not in kept:
                    kept.append(note)
            line.ar_review_notes = kept
        lines.ar_review_required = True

    def _ar_reset_emptied(self):
        """Lines whose last application went with its document's item propose nothing
        any more: back to "none", so that automatic application looks at them again
        (an accepted or manual line would otherwise be left alone for good). Their
        review note stays."""
        emptied = self.filtered(
            lambda line: not line.ar_application_ids and not line.is_reconciled
        )
        if emptied:
            emptied.write(
                {
                    "ar_match_confidence": "none",
                    "ar_application_state": "none",
                    "ar_rule_id": False,
                    "ar_auto_applied": False,
                }
            )

    def _ar_replace_suspense_lines(self, outcomes):
        """Rebuild the lines' entries as liquidity item plus the counterparts of the
        applications, all entries in one batch (one unlink, one create, one balance
        check), and return the pairs to reconcile. The liquidity item is recreated
        rather than written, with the partner the line paid: a write per item would log
        a message per entry."""
        vals_list, pairs, old_items = [], [], self.env["account.move.line"]
        central = []  # (line, index of its due-to item, doc, settled item, set-up)
        lines_by_partner = defaultdict(lambda: self.env["account.bank.statement.line"])
        for line in self:
            liquidity, suspense, _other = line._seek_for_lines()
            partner = (
                line.partner_id
                or line.ar_partner_id
                or line.ar_application_ids.move_line_id.partner_id[:1]
            )
            if partner and not line.partner_id:
                lines_by_partner[partner] |= line
            liquidity_vals = line._prepare_move_line_default_vals()[0]
            liquidity_vals["partner_id"] = partner.id
            vals_list.append(liquidity_vals)
            line_outcomes, line_central = line._ar_split_central(outcomes.get(line, []))
            for vals in line._ar_counterpart_vals(
                suspense, line_outcomes, line_central
            ):
                target = vals.pop("ar_reconcile_with", None)
                if target:
                    pairs.append((len(vals_list), target))
                central_index = vals.pop("ar_central", None)
                if central_index is not None:
                    central.append((line, len(vals_list), *line_central[central_index]))
                vals_list.append(vals)
            old_items |= liquidity | suspense
        moves = self.move_id.with_context(
            skip_account_move_synchronization=True,
            skip_readonly_check=True,
            force_delete=True,
            # Replacing a bank line's suspense item is not an edit worth a chatter
            # message per item, unless the company keeps an audit trail.
            tracking_disable=not any(
                self.company_id.mapped("check_account_audit_trail")
            ),
        )
        with moves._check_balanced({"records": moves}):
            old_items.with_env(moves.env).unlink()
            items = moves.env["account.move.line"].create(vals_list)
        for partner, lines in lines_by_partner.items():
            lines.with_context(
                skip_account_move_synchronization=True
            ).partner_id = partner
        targets = self.env["account.move.line"].browse(
            [target for _index, target in pairs]
        )
        plan = [
            items[index] + target
            for (index, _target), target in zip(pairs, targets, strict=False)
        ]
        if central:
            plan += self.env["ar.intercompany.accounting"]._ar_post_central(
                [
                    (line, items[index], doc, info, pair)
                    for line, index, doc, info, pair in central
                ]
            )
        return plan

    def _ar_split_central(self, outcomes):
        """Split the line's settlements into its own company's part and the documents
        of other companies it pays centrally: ``(outcomes, [(doc, settled item,
        intercompany set-up)])``."""
        self.ensure_one()
        pairs = None
        own_outcomes, central = [], []
        for outcome, settled in outcomes:
            own = []
            for doc in outcome.documents:
                info = settled[doc.reference]
                company = info.item.company_id
                if company == self.company_id:
                    own.append(doc)
                    continue
                if pairs is None:
                    pairs = self.env["ar.intercompany.accounting"]._ar_pairs(
                        self.company_id
                    )
                if company.id not in pairs:
                    raise UserError(
                        self.env["ar.message"]._ar_render(
                            msg(
                                settlement.codes.CENTRAL_NOT_SET_UP,
                                document=_document_name(info.item.move_id),
                                company=company.name,
                                paying=self.company_id.name,
                            )
                        )
                    )
                central.append((doc, info, pairs[company.id]))
            if len(own) == len(outcome.documents):
                own_outcomes.append((outcome, settled))
            elif own:
                own_outcomes.append((replace(outcome, documents=tuple(own)), settled))
        return own_outcomes, central

    def _ar_counterpart_vals(self, suspense, outcomes, central=()):
        """The journal items replacing the suspense item: each settlement's receivable
        items with their discount and tolerance, the due-to items of the documents of
        other companies paid centrally (``central``: (doc, settled item, set-up)), then
        the applications to accounts (text mappings, transferred differences). Together
        worth exactly the suspense item."""
        self.ensure_one()

        def to_balance(amount):
            # Applications are in the journal's currency; the bank's own rate gives the
            # balance.
            return self._prepare_counterpart_amounts_using_st_line_rate(
                self.currency_id, None, amount
            )["balance"]

        counterparts = []
        for outcome, settled in outcomes:
            counterparts += self.env["ar.settlement"]._closing_vals(
                outcome,
                settled,
                self.currency_id,
                to_balance,
                label=self.payment_ref or "",
            )
        for index, (doc, _info, pair) in enumerate(central):
            counterparts.append(
                {
                    "account_id": pair.due_to_account_id.id,
                    "partner_id": pair.invoice_company_id.partner_id.id,
                    "name": self.payment_ref or "",
                    "currency_id": self.currency_id.id,
                    "amount_currency": -float(doc.applied),
                    "balance": to_balance(-float(doc.applied)),
                    "ar_central": index,
                }
            )
        for application in self.ar_application_ids.filtered(
            lambda app: not app.move_line_id
        ):
            counterparts.append(
                {
                    "move_id": self.move_id.id,
                    "account_id": application.account_id.id,
                    "partner_id": application.partner_id.id or False,
                    "name": application.label or self.payment_ref,
                    "currency_id": self.currency_id.id,
                    "amount_currency": -application.amount,
                    "balance": to_balance(-application.amount),
                }
            )
        for vals in counterparts:
            vals["move_id"] = self.move_id.id
        # Rounding each conversion apart may leave a cent: an item in the journal's
        # currency takes it, so the entry balances exactly as the suspense item did.
        delta = suspense.balance - sum(vals["balance"] for vals in counterparts)
        if not self.company_id.currency_id.is_zero(delta):
            same = [
                vals
                for vals in counterparts
                if vals["currency_id"] == self.currency_id.id
            ]
            target = (same or counterparts)[-1]
            target["balance"] += delta
            if (
                self.currency_id == self.company_id.currency_id
                and target["currency_id"] == self.currency_id.id
            ):
                target["amount_currency"] = target["balance"]
        return counterparts

    def action_ar_undo(self):
        """Undo the posting: the invoices open again, the line goes back to the suspense
        account and keeps its applications for another try."""
        self.filtered("is_reconciled").action_undo_reconciliation()
        return True

    def action_undo_reconciliation(self):
        """Also reverse the entries a centralized payment posted for the line: the
        invoice company's intercompany entry (its document opens again) and the
        paying company's exchange difference."""
        central = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("ar_central_statement_line_id", "in", self.ids),
                    ("state", "=", "posted"),
                    ("reversal_move_ids", "=", False),
                ]
            )
        )
        result = super().action_undo_reconciliation()
        for move in central.sudo(False):
            move = move.with_company(move.company_id)
            move.line_ids.remove_move_reconcile()
            move._reverse_moves(
                [
                    {
                        "date": move.date,
                        "ref": _("Reversal of: %(entry)s", entry=move.name),
                    }
                ],
                cancel=True,
            )
        return result

    # ------------------------------------------------------------------
    # Import hook and scheduled action
    # ------------------------------------------------------------------

    @api.model
    def _cron_ar_apply_automatically(self, batch_size=200):
        """Apply one batch of the lines automatic application has not looked at yet.

        The scheduled action never commits: it reports its progress to ``ir.cron``,
        which commits each batch as its own transaction and calls again while lines
        remain (a later run resumes with the lines still not looked at). Returns how
        many remain.
        """
        domain = [
            ("is_reconciled", "=", False),
            ("ar_auto_applied", "=", False),
            ("ar_application_state", "not in", CLERK_STATES),
            ("journal_id.ar_auto_apply", "=", True),
        ]
        lines = self.search(domain, limit=batch_size, order="date, id")
        lines.action_apply_automatically()
        # Looked at, even where the engine wrote nothing: a batch always makes progress.
        lines.filtered(lambda line: not line.ar_auto_applied).ar_auto_applied = True
        remaining = self.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=len(lines), remaining=remaining)
        return remaining

    # ------------------------------------------------------------------
    # Dialogs
    # ------------------------------------------------------------------

    def _ar_dialog(self, model, name):
        self.ensure_one()
        self._ar_check_open()
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_statement_line_id": self.id},
        }

    def action_ar_apply_manually(self):
        return self._ar_dialog("ar.manual.application", _("Apply Manually"))

    def action_ar_transfer_difference(self):
        return self._ar_dialog(
            "ar.transfer.difference", _("Transfer Difference to Account")
        )

    def action_ar_map_text(self):
        """Open a text mapping prefilled from this line, as Business Central's Map Text
        to Account."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Map Text to Account"),
            "res_model": "ar.text.mapping",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_name": (self.payment_ref or self.partner_name or "").strip()[
                    :100
                ],
                "default_sign": "positive" if self.amount > 0 else "negative",
                "default_company_id": self.company_id.id,
                "default_target_type": "partner" if self.partner_id else "account",
                "default_partner_id": self.partner_id.commercial_partner_id.id,
            },
        }
