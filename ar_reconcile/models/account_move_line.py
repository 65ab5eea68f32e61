from collections import defaultdict

from odoo import api, fields, models

from ..lib.messages import msg
from .ar_payment_application import _amount, _document_name, _not_covered


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    ar_application_ids = fields.One2many(
        "ar.payment.application", "move_line_id", string="Payment Applications"
    )
    # Stored on purpose: every new application rewrites the open entry's row, so two
    # transactions (a clerk and the cron) applying the same entry at once collide in
    # PostgreSQL and one of them is retried, seeing the other's application.
    ar_pending_amount = fields.Monetary(
        string="Applied, Not Posted",
        compute="_compute_ar_pending_amount",
        store=True,
        currency_field="currency_id",
        help="Amount of this open entry applied on bank statement lines that are not "
        "posted yet, in the entry's currency.",
    )

    @api.depends(
        "ar_application_ids.amount",
        "ar_application_ids.discount_amount",
        "ar_application_ids.tolerance_amount",
        "ar_application_ids.statement_line_id.is_reconciled",
    )
    def _compute_ar_pending_amount(self):
        for line in self:
            pending = sum(
                line._ar_from_application_currency(
                    application._ar_closed_amount(), application.currency_id
                )
                for application in line.ar_application_ids
                if not application.statement_line_id.is_reconciled
            )
            line.ar_pending_amount = line.currency_id.round(pending)

    def _ar_from_application_currency(self, amount, currency):
        """An amount applied from a company-currency journal, in this entry's currency,
        at the entry's own rate (so that paying the whole balance pays the whole
        amount)."""
        self.ensure_one()
        if currency == self.currency_id or not self.balance:
            return amount
        return amount * self.amount_currency / self.balance

    # ------------------------------------------------------------------
    # An item changing under a proposal: the bank lines applying it go back to review
    # ------------------------------------------------------------------

    def unlink(self):
        """Applications go with their item, through the ORM so that the lines' applied
        amounts follow, and their lines go back to review saying why."""
        applications = self.env["ar.payment.application"]._ar_pending_on(self)
        if applications:
            deleted = self.env.context.get("ar_deleted_move_ids") or ()
            notes = defaultdict(list)
            for application in applications:
                move = application.move_line_id.move_id
                notes[application.statement_line_id.id].append(
                    msg(
                        "posting.document_deleted"
                        if move.id in deleted
                        else "posting.item_replaced",
                        document=_document_name(move),
                        amount=application._ar_amount(),
                    )
                )
            self.env["account.bank.statement.line"]._ar_send_back_to_review(notes)
            lines = applications.statement_line_id.sudo()
            applications.unlink()
            lines._ar_reset_emptied()
        return super().unlink()

    def _reconcile_plan(self, reconciliation_plan):
        """An item paid elsewhere (a payment, another bank line, a manual
        reconciliation) no longer covers what unposted statement lines apply to it: they
        go back to review. Payment Registration sends them back whatever it leaves
        open: the clerk chose to pay a document a bank line applies."""
        res = super()._reconcile_plan(reconciliation_plan)
        if self.env.context.get("ar_reversing"):
            return res  # the reversal notes the lines itself
        items = _plan_items(self.browse(), reconciliation_plan)
        applications = self.env["ar.payment.application"]._ar_pending_on(items)
        # The statement lines being posted now reconcile their own items.
        applications = applications.filtered(
            lambda app: app.statement_line_id.move_id not in items.move_id
        )
        if not applications:
            return res
        # A registered payment matched elsewhere (another bank line, by hand): its
        # proposals have nothing left to apply.
        applications = applications.filtered(
            lambda app: not app.move_line_id.reconciled
        ) | applications.filtered(
            lambda app: app.move_line_id.reconciled
        )._ar_drop_on_payments("posting.payment_matched_elsewhere")
        if not applications:
            return res
        by_registration = self.env.context.get("ar_paid_by_registration")
        notes = defaultdict(list)
        available = applications._ar_available_amounts()
        for application, (open_amount, closed, exact) in available.items():
            item = application.move_line_id
            document = _document_name(item.move_id)
            if by_registration:
                note = msg(
                    "posting.paid_by_registration",
                    document=document,
                    applied=application._ar_amount(),
                )
            elif _not_covered(item.currency_id, open_amount, closed, exact):
                note = msg(
                    "posting.paid_elsewhere",
                    document=document,
                    open=_amount(open_amount, item.currency_id),
                    applied=_amount(closed, item.currency_id),
                )
            else:
                continue
            notes[application.statement_line_id.id].append(note)
        self.env["account.bank.statement.line"]._ar_send_back_to_review(notes)
        return res


def _plan_items(items, plan):
    """Every journal item of a reconciliation plan (recordsets and nested plans)."""
    for step in plan:
        items |= (
            step if isinstance(step, models.BaseModel) else _plan_items(items, step)
        )
    return items
