import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import money
from ..lib.matching import types


class ArTextMapping(models.Model):
    """Recurring receipts and expenses without an open document (fees, rent, interest,
    ...): a text found on the line posts it to an account or to a partner's
    receivable/payable."""

    _name = "ar.text.mapping"
    _description = "Text-to-Account Mapping"
    _order = "sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
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
            try:
                re.compile(mapping.name)
            except re.error as error:
                raise ValidationError(
                    _(
                        "%(text)s is not a valid regular expression: %(error)s",
                        text=mapping.name,
                        error=error,
                    )
                ) from error

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
