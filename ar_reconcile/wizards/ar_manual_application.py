from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..lib.matching import codes, types


class ArManualApplication(models.TransientModel):
    """Business Central's Payment Application page: the line's candidate open entries
    ranked by the engine, with their evidence; the clerk ticks entries and may edit the
    amounts."""

    _name = "ar.manual.application"
    _description = "Apply Payment Manually"

    statement_line_id = fields.Many2one(
        "account.bank.statement.line", required=True, readonly=True
    )
    company_id = fields.Many2one(related="statement_line_id.company_id", store=True)
    currency_id = fields.Many2one(related="statement_line_id.currency_id")
    amount = fields.Monetary(
        related="statement_line_id.amount", string="Statement Amount"
    )
    payment_ref = fields.Char(related="statement_line_id.payment_ref")
    candidate_ids = fields.One2many(
        "ar.manual.application.candidate", "wizard_id", string="Candidates"
    )
    applied_amount = fields.Monetary(compute="_compute_applied_amount")
    difference = fields.Monetary(compute="_compute_applied_amount")

    @api.depends("candidate_ids.selected", "candidate_ids.amount_to_apply", "amount")
    def _compute_applied_amount(self):
        for wizard in self:
            applied = sum(
                wizard.candidate_ids.filtered("selected").mapped("amount_to_apply")
            )
            wizard.applied_amount = applied
            wizard.difference = wizard.amount - applied

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        line = self.env["account.bank.statement.line"].browse(
            values.get("statement_line_id")
        )
        if line and "candidate_ids" in fields_list:
            values["candidate_ids"] = [
                Command.create(vals) for vals in self._candidate_vals(line)
            ]
        return values

    @api.model
    def _candidate_vals(self, line):
        """Candidates ranked by the engine; entries already applied on the line come
        first, ticked."""
        own = {
            application.move_line_id.id: application.amount
            for application in line.ar_application_ids
            if application.move_line_id
        }
        ranked, entries = self.env["ar.matching"]._ar_rank(line, limit=50)
        central = self.env["ar.matching"]._ar_central_evidence(
            line, [entry.id for entry, *_rest in ranked]
        )
        vals_list = []
        for entry, score, confidence, _rule_id, criteria in ranked:
            vals_list.append(
                {
                    "move_line_id": entry.id,
                    "open_amount": float(entry.residual),
                    "score": score,
                    "confidence": confidence,
                    "evidence_messages": central.get(entry.id, [])
                    + [m.to_json() for m in codes.explain(criteria)],
                    "selected": entry.id in own,
                    "amount_to_apply": own.get(entry.id, 0.0),
                }
            )
        ranked_ids = {vals["move_line_id"] for vals in vals_list}
        # Credit notes (or, for a refund, invoices) of the paying partner: Business
        # Central applies a payment to invoices and credit memos together, the credit
        # adding to it.
        partner = (line.partner_id or line.ar_partner_id).commercial_partner_id
        for entry in entries:
            if (
                partner
                and entry.partner_id == partner.id
                and entry.id not in ranked_ids
                and entry.id not in own
                and (entry.residual > 0) != (line.amount > 0)
                # a registered payment of the other direction is no credit: it waits
                # for a bank line of its own
                and entry.kind == types.KIND_DOCUMENT
            ):
                vals_list.append(
                    {
                        "move_line_id": entry.id,
                        "open_amount": float(entry.residual),
                        "score": 0,
                        "confidence": "none",
                        "evidence_messages": [
                            codes.evidence(
                                codes.CANDIDATE_SAME_PARTNER_CREDIT
                                if line.amount > 0
                                else codes.CANDIDATE_SAME_PARTNER_DEBIT
                            ).to_json()
                        ],
                        "selected": False,
                        "amount_to_apply": 0.0,
                    }
                )
        ranked_ids = {vals["move_line_id"] for vals in vals_list}
        for move_line_id, amount in own.items():
            if move_line_id not in ranked_ids:
                vals_list.insert(
                    0,
                    {
                        "move_line_id": move_line_id,
                        "selected": True,
                        "amount_to_apply": amount,
                        "open_amount": amount,
                    },
                )
        vals_list.sort(key=lambda vals: not vals["selected"])
        return vals_list

    def action_apply(self):
        self.ensure_one()
        line = self.statement_line_id
        line._ar_check_open()
        chosen = self.candidate_ids.filtered("selected")
        currency = self.currency_id
        # What is open now, read again: never what the browser sent back.
        entries, _partner_ids = self.env["ar.matching"]._ar_open_entries(
            line, line.journal_id, currency, release_own=True
        )
        open_amounts = {entry.id: float(entry.residual) for entry in entries}
        for candidate in chosen:
            amount = candidate.amount_to_apply
            open_amount = open_amounts.get(candidate.move_line_id.id, 0.0)
            if currency.is_zero(amount) or amount * open_amount < 0:
                raise UserError(
                    _(
                        "Enter an amount with the sign of the open amount of %s.",
                        candidate.move_id.name,
                    )
                )
            if currency.compare_amounts(abs(amount), abs(open_amount)) > 0:
                raise UserError(
                    _(
                        "%(document)s is only open for %(open)s.",
                        document=candidate.move_id.name,
                        open=open_amount,
                    )
                )
        total = sum(chosen.mapped("amount_to_apply"))
        if (
            currency.compare_amounts(abs(total), abs(line.amount)) > 0
            or total * line.amount < 0
        ):
            raise UserError(_("The applied amounts exceed the statement amount."))
        line.ar_application_ids.unlink()
        self.env["ar.payment.application"].create(
            [
                {
                    "statement_line_id": line.id,
                    "sequence": sequence,
                    "move_line_id": candidate.move_line_id.id,
                    "amount": candidate.amount_to_apply,
                    "manual": True,
                    "evidence_messages": candidate.evidence_messages,
                }
                for sequence, candidate in enumerate(chosen, start=1)
            ]
        )
        line.write(
            {
                "ar_match_confidence": "none",
                "ar_application_state": "manual" if chosen else "none",
                "ar_review_required": False,
                "ar_rule_id": False,
                "ar_partner_id": chosen.move_line_id.partner_id.commercial_partner_id[
                    :1
                ].id,
                "ar_match_messages": [
                    codes.evidence(
                        codes.NOTE_APPLIED_MANUALLY, user=self.env.user.name
                    ).to_json()
                ]
                if chosen
                else False,
            }
        )
        line._ar_settle()
        return {"type": "ir.actions.act_window_close"}


class ArManualApplicationCandidate(models.TransientModel):
    _name = "ar.manual.application.candidate"
    _description = "Candidate Open Entry"
    _order = "selected desc, score desc, id"

    wizard_id = fields.Many2one(
        "ar.manual.application", required=True, ondelete="cascade"
    )
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    move_line_id = fields.Many2one("account.move.line", required=True, readonly=True)
    move_id = fields.Many2one(related="move_line_id.move_id", string="Document")
    partner_id = fields.Many2one(related="move_line_id.partner_id")
    company_id = fields.Many2one(
        related="move_line_id.company_id",
        help="The document's company: another company of the group when the line "
        "would pay it centrally.",
    )
    date_maturity = fields.Date(related="move_line_id.date_maturity", string="Due Date")
    open_amount = fields.Monetary(readonly=True)
    score = fields.Integer(readonly=True)
    confidence = fields.Char(readonly=True)
    evidence_messages = fields.Json(readonly=True)
    evidence = fields.Text(compute="_compute_evidence")
    selected = fields.Boolean(string="Apply")
    amount_to_apply = fields.Monetary()

    @api.depends("evidence_messages", "currency_id")
    @api.depends_context("lang")
    def _compute_evidence(self):
        Message = self.env["ar.message"]
        for candidate in self:
            candidate.evidence = (
                Message._ar_render_many(
                    candidate.evidence_messages or [], currency=candidate.currency_id
                )
                or False
            )

    @api.onchange("selected")
    def _onchange_selected(self):
        """Ticking an entry applies what is left of the payment, up to the entry's open
        amount."""
        for candidate in self:
            if not candidate.selected:
                candidate.amount_to_apply = 0.0
                continue
            if candidate.amount_to_apply:
                continue
            if (candidate.open_amount > 0) != (candidate.wizard_id.amount > 0):
                candidate.amount_to_apply = (
                    candidate.open_amount
                )  # a credit note counts in full
                continue
            others = sum(
                (candidate.wizard_id.candidate_ids - candidate)
                .filtered("selected")
                .mapped("amount_to_apply")
            )
            left = candidate.wizard_id.amount - others
            sign = 1 if left >= 0 else -1
            candidate.amount_to_apply = sign * min(
                abs(left), abs(candidate.open_amount)
            )
