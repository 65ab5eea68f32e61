from dataclasses import replace

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import settlement
from ..lib.messages import Amount, msg
from ..lib.settlement import codes


class ArPaymentRegistrationPost(models.TransientModel):
    """Confirm the journal and answer Business Central's warnings (late payment
    discount, payment tolerance) before the ticked rows become payments. Questions come
    in rounds, late discounts first, because the answer changes the balance the
    tolerance is about; before them, whether to pay documents bank lines apply."""

    _name = "ar.payment.registration.post"
    _description = "Post Registered Payments"
    _check_company_auto = True

    registration_ids = fields.Many2many(
        "ar.payment.registration", string="Rows", readonly=True
    )
    lump = fields.Boolean(string="Lump Payment", readonly=True)
    company_id = fields.Many2one(
        "res.company", compute="_compute_company_id", store=True
    )
    journal_id = fields.Many2one(
        "account.journal",
        compute="_compute_journal_id",
        store=True,
        readonly=False,
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash')), ('company_id', '=', company_id)]",
    )
    full_settlement = fields.Boolean(
        help="D365's full settlement: what the payments leave open on their documents "
        "is posted as extra cash discount and the documents close (an agreed write-off "
        "beyond tolerance).",
    )
    question_ids = fields.One2many(
        "ar.payment.registration.question", "wizard_id", string="Questions"
    )
    summary = fields.Text(readonly=True)
    payment_ids = fields.Many2many("account.payment", string="Payments", readonly=True)

    @api.depends("registration_ids")
    def _compute_company_id(self):
        for wizard in self:
            wizard.company_id = (
                wizard.registration_ids.company_id[:1] or self.env.company
            )

    @api.depends("company_id")
    def _compute_journal_id(self):
        for wizard in self:
            wizard.journal_id = self.env["account.journal"].search(
                [
                    *self.env["account.journal"]._check_company_domain(
                        wizard.company_id
                    ),
                    ("type", "=", "bank"),
                ],
                limit=1,
            )

    def _groups(self):
        return self._rows()._payment_groups(self.lump)

    def _rows(self):
        """The rows to pay: those a bank line applies only when the clerk said so."""
        skipped = self.question_ids.filtered(
            lambda q: q.kind == "bank_line" and q.bank_line_answer == "skip"
        ).registration_id
        return self.registration_ids - skipped

    def _refresh_all_questions(self):
        """Ask first whether to pay documents bank lines apply, then the settlement's
        questions on the rows to pay. Returns True when new questions were added."""
        asked = bool(self._ask_bank_lines())
        return self._refresh_questions() or asked

    def _ask_bank_lines(self):
        """One question per row whose document an unposted bank line already applies;
        returns the questions added."""
        asked = self.question_ids.filtered(lambda q: q.kind == "bank_line")
        rows = self.registration_ids - asked.registration_id
        applications = rows._bank_applications()
        Message = self.env["ar.message"]
        new = []
        for row in rows:
            mine = applications.filtered(
                lambda app, item=row.move_line_id: app.move_line_id == item
            )
            if mine:
                new.append(
                    {
                        "wizard_id": self.id,
                        "group_key": "bank:%d" % row.id,
                        "kind": "bank_line",
                        "registration_id": row.id,
                        "move_line_id": row.move_line_id.id,
                        "description": Message._ar_render_many(
                            [row._bank_message(app) for app in mine], separator=" "
                        ),
                    }
                )
        return self.env["ar.payment.registration.question"].create(new)

    def _answers(self):
        """The clerk's answers so far, as ClerkChoices per payment group."""
        answers = {}
        for key in set(self.question_ids.mapped("group_key")):
            questions = self.question_ids.filtered(lambda q, k=key: q.group_key == k)
            late = questions.filtered(lambda q: q.kind == "late_discount")
            tolerance = questions.filtered(lambda q: q.kind == "tolerance")[:1]
            answers[key] = settlement.ClerkChoices(
                accept_late_discount={
                    str(q.move_line_id.id)
                    for q in late
                    if q.late_discount_answer == "accept"
                },
                decline_late_discount={
                    str(q.move_line_id.id)
                    for q in late
                    if q.late_discount_answer == "decline"
                },
                post_tolerance=(tolerance.tolerance_answer == "post")
                if tolerance
                else None,
            )
        if self.full_settlement:
            for group in self._groups():
                key = group._group_key()
                answers[key] = replace(
                    answers.get(key, settlement.ClerkChoices()), full_settlement=True
                )
        return answers

    def _refresh_questions(self):
        """Settle every group with the answers given; ask what is still open. Returns
        True when new questions were added."""
        self.ensure_one()
        self.registration_ids._check_input()
        answers = self._answers()
        Message = self.env["ar.message"]
        new, descriptions = [], []
        for group in self._groups():
            key = group._group_key()
            outcome, settled = group._settle_group(answers.get(key))
            currency = group[0].payment_currency_id
            partner = group.partner_id.commercial_partner_id[:1].display_name
            for reference in outcome.late_discounts_to_accept:
                item = settled[reference].item
                doc = outcome.document(reference)
                new.append(
                    {
                        "wizard_id": self.id,
                        "group_key": key,
                        "kind": "late_discount",
                        "move_line_id": item.id,
                        "description": Message._ar_render(
                            msg(
                                codes.QUESTION_LATE_DISCOUNT,
                                partner=partner,
                                document=item.move_id.name,
                                amount=Amount(doc.discount_available),
                            ),
                            currency=currency,
                        ),
                    }
                )
            if outcome.needs_tolerance_confirmation:
                new.append(
                    {
                        "wizard_id": self.id,
                        "group_key": key,
                        "kind": "tolerance",
                        "description": Message._ar_render(
                            msg(
                                codes.QUESTION_TOLERANCE,
                                partner=partner,
                                documents=tuple(group.move_id.mapped("name")),
                                amount=Amount(outcome.tolerance_to_confirm),
                            ),
                            currency=currency,
                        ),
                    }
                )
            descriptions.append(
                msg(
                    codes.PAYMENT_HEADING,
                    amount=Amount(abs(outcome.payment_amount), currency.name),
                    partner=partner,
                    date=group[0].date_received,
                )
            )
            descriptions += self.env["ar.settlement"]._describe(
                outcome, settled, currency
            )
        self.env["ar.payment.registration.question"].create(new)
        # The wizard is read at once, by its user: rendered now, in their language.
        self.summary = Message._ar_render_many(descriptions)
        return bool(new)

    def _action_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Post Lump Payment") if self.lump else _("Post Payments"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_confirm(self):
        self.ensure_one()
        if self._refresh_all_questions():
            return self._action_reopen()
        if self.question_ids.filtered(
            lambda q: q.kind == "bank_line" and not q.bank_line_answer
        ):
            raise UserError(
                _("Say for each document a bank line applies whether to pay it here.")
            )
        rows = self._rows()
        if rows:
            self.payment_ids = rows._post(
                self.journal_id, lump=self.lump, answers=self._answers()
            )
        # Rows the clerk chose not to pay stay open, unticked.
        (self.registration_ids - rows).write({"payment_made": False})
        return {"type": "ir.actions.act_window_close"}


class ArPaymentRegistrationQuestion(models.TransientModel):
    """One of Business Central's warnings, for one payment (and one document for a
    late discount), or whether to pay a document a bank line applies."""

    _name = "ar.payment.registration.question"
    _description = "Payment Registration Question"

    wizard_id = fields.Many2one(
        "ar.payment.registration.post", required=True, ondelete="cascade"
    )
    group_key = fields.Char(required=True)
    kind = fields.Selection(
        [
            ("late_discount", "Late payment discount"),
            ("tolerance", "Payment tolerance"),
            ("bank_line", "Applied on a bank line"),
        ],
        required=True,
    )
    move_line_id = fields.Many2one("account.move.line")
    registration_id = fields.Many2one("ar.payment.registration", ondelete="cascade")
    description = fields.Char(readonly=True)
    late_discount_answer = fields.Selection(
        [("accept", "Accept the late payment discount"), ("decline", "Do not accept")],
        string="Late Discount",
        default="accept",
    )
    tolerance_answer = fields.Selection(
        [
            ("post", "Post the balance as payment tolerance"),
            ("leave", "Leave a remaining amount"),
        ],
        string="Tolerance",
        default="post",
    )
    bank_line_answer = fields.Selection(
        [
            ("pay", "Pay it; the bank line goes back to review"),
            ("skip", "Do not pay it here"),
        ],
        string="Already on a Bank Line",
    )
