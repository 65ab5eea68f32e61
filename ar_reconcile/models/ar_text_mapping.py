from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import money
from ..lib.matching import patterns, types

MANAGER_GROUP = "ar_reconcile.group_ar_manager"
TODO = "mail.mail_activity_data_todo"


class ArTextMapping(models.Model):
    """Recurring receipts and expenses without an open document (fees, rent, interest,
    ...): a text found on the line posts it to an account or to a partner's
    receivable/payable.

    A mapping posts lines without a review, so only Receivables managers create and
    change mappings. A Receivables user *proposes* one (from a statement line's Map
    Text dialog): the proposal waits, with a To-Do activity for the managers of its
    company, until a manager approves or rejects it. Matching applies approved mappings
    only (``_ar_applicable``). Regular expressions run with RE2, in linear time
    (``lib/matching/patterns.py``).
    """

    _name = "ar.text.mapping"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Text-to-Account Mapping"
    _order = "sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [
            ("proposed", "Proposed"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        required=True,
        readonly=True,
        copy=False,
        index=True,
        default=lambda self: "approved" if self._ar_is_manager() else "proposed",
        help="Matching applies approved mappings only. A Receivables user's mapping is "
        "a proposal until a Receivables manager approves it.",
    )
    name = fields.Char(string="Text to Find", required=True)
    match_type = fields.Selection(
        [("contains", "Contains (case-insensitive)"), ("regex", "Regular expression")],
        default="contains",
        required=True,
    )
    sign = fields.Selection(
        [
            ("any", "Receipts and payments"),
            ("positive", "Receipts only"),
            ("negative", "Payments only"),
        ],
        default="any",
        required=True,
    )
    min_amount = fields.Float(
        string="Minimum Amount", help="On the absolute amount; 0 for no minimum."
    )
    max_amount = fields.Float(
        string="Maximum Amount", help="On the absolute amount; 0 for no maximum."
    )
    target_type = fields.Selection(
        [("account", "Account"), ("partner", "Partner")],
        default="account",
        required=True,
    )
    receipt_account_id = fields.Many2one(
        "account.account",
        string="Account for Receipts",
        check_company=True,
        domain="[('deprecated', '=', False)]",
    )
    payment_account_id = fields.Many2one(
        "account.account",
        string="Account for Payments",
        check_company=True,
        domain="[('deprecated', '=', False)]",
    )
    partner_id = fields.Many2one("res.partner", check_company=True)
    label = fields.Char(
        help="Label of the posted journal item; the line's label when empty."
    )

    @api.constrains("match_type", "name")
    def _check_regex(self):
        for mapping in self.filtered(lambda m: m.match_type == "regex"):
            refusal = patterns.validate(mapping.name)
            if refusal:
                raise ValidationError(self.env["ar.message"]._ar_render(refusal))

    @api.constrains(
        "target_type", "receipt_account_id", "payment_account_id", "partner_id", "sign"
    )
    def _check_target(self):
        for mapping in self:
            if mapping.target_type == "partner" and not mapping.partner_id:
                raise ValidationError(_("Mapping %s needs a partner.", mapping.name))
            if mapping.target_type == "account":
                if mapping.sign != "negative" and not mapping.receipt_account_id:
                    raise ValidationError(
                        _("Mapping %s needs an account for receipts.", mapping.name)
                    )
                if mapping.sign != "positive" and not mapping.payment_account_id:
                    raise ValidationError(
                        _("Mapping %s needs an account for payments.", mapping.name)
                    )

    # ------------------------------------------------------------------
    # Proposals and approval
    # ------------------------------------------------------------------

    def _ar_is_manager(self):
        return self.env.su or self.env.user.has_group(MANAGER_GROUP)

    @api.model_create_multi
    def create(self, vals_list):
        if not self._ar_is_manager():
            if any(vals.get("state", "proposed") != "proposed" for vals in vals_list):
                raise UserError(
                    _(
                        "Only a Receivables manager can create an approved text "
                        "mapping; yours is saved as a proposal for a manager to "
                        "approve."
                    )
                )
        mappings = super().create(vals_list)
        mappings.filtered(lambda m: m.state == "proposed")._ar_notify_managers()
        return mappings

    def write(self, vals):
        if not self._ar_is_manager():
            if "state" in vals:
                raise UserError(
                    _(
                        "Only a Receivables manager can approve or reject a text "
                        "mapping."
                    )
                )
            decided = self.filtered(lambda m: m.state != "proposed")
            if decided:
                raise UserError(
                    _(
                        "Only a Receivables manager can change the text mapping "
                        "%(mapping)s: it has been approved or rejected.",
                        mapping=decided[0].name,
                    )
                )
        return super().write(vals)

    def _ar_notify_managers(self):
        """A To-Do for each Receivables manager of a proposal's company."""
        if not self:
            return
        managers = (
            self.env.ref(MANAGER_GROUP)
            .sudo()
            .users.filtered(lambda user: user.active and not user.share)
        )
        for mapping in self:
            for manager in managers.filtered(
                lambda user, m=mapping: m.company_id in user.company_ids
            ):
                mapping.activity_schedule(
                    TODO,
                    user_id=manager.id,
                    summary=_("Approve the text mapping %(text)s", text=mapping.name),
                    note=_(
                        "%(user)s proposes to post lines whose text matches "
                        "%(text)s. Approve or reject the mapping.",
                        user=self.env.user.name,
                        text=mapping.name,
                    ),
                )

    def _ar_decide(self, state):
        if not self._ar_is_manager():
            raise UserError(
                _("Only a Receivables manager can approve or reject a text mapping.")
            )
        self.write({"state": state})
        self.activity_feedback([TODO])

    def action_ar_approve(self):
        """Approve the mappings: matching applies them from now on."""
        self._ar_decide("approved")

    def action_ar_reject(self):
        """Reject the proposals: matching never applies them."""
        self._ar_decide("rejected")

    @api.model
    def _ar_applicable(self, company):
        """The mappings matching applies to the lines of ``company``: its approved,
        active ones."""
        return self.search(
            [("company_id", "=", company.id), ("state", "=", "approved")]
        )

    def _target_account(self, amount):
        """The account a line of ``amount`` posts to."""
        self.ensure_one()
        if self.target_type == "account":
            return self.receipt_account_id if amount > 0 else self.payment_account_id
        partner = self.partner_id.with_company(self.company_id)
        return (
            partner.property_account_receivable_id
            if amount > 0
            else partner.property_account_payable_id
        )

    def _to_engine_mapping(self):
        self.ensure_one()
        return types.TextMapping(
            id=self.id,
            text=self.name,
            is_regex=self.match_type == "regex",
            sign=self.sign,
            min_amount=money.exact(self.min_amount) if self.min_amount else None,
            max_amount=money.exact(self.max_amount) if self.max_amount else None,
            partner_id=self.partner_id.id if self.target_type == "partner" else None,
        )
