"""Reconciliation status of a bank journal on a date, as Business Central's Bank
Account Reconciliation page shows it (bc-receivables.md section 7), with a printable
report.

In Odoo every statement line is booked on the bank account at once, against the
suspense account until it is applied; a payment registered in Odoo waits on the
journal's outstanding receipts or payments account until its bank line arrives. So:

- *balance in the books* is the bank account without the statement lines not yet
  applied, plus the registered payments waiting on the outstanding accounts;
- the *statement ending balance* should then be the balance in the books, less the
  registered payments not yet on a statement, plus the statement lines not yet
  applied;
- the *difference* is what neither explains (an entry booked on the bank account by
  hand, a statement missing or with a wrong ending balance). It is zero when the
  bank account is reconciled.
"""

from odoo import api, fields, models

from ..models.ar_matching import PAYMENT_STATES


class ArBankReconciliationStatus(models.TransientModel):
    _name = "ar.bank.reconciliation.status"
    _description = "Bank Reconciliation Status"

    journal_id = fields.Many2one(
        "account.journal",
        string="Bank Journal",
        required=True,
        domain="[('type', '=', 'bank')]",
        default=lambda self: self.env["account.journal"].search(
            [
                ("type", "=", "bank"),
                *self.env["account.journal"]._check_company_domain(self.env.company),
            ],
            limit=1,
        ),
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    company_id = fields.Many2one(related="journal_id.company_id")
    currency_id = fields.Many2one("res.currency", compute="_compute_status")
    statement_id = fields.Many2one(
        "account.bank.statement",
        string="Last Statement",
        compute="_compute_status",
        help="The journal's last statement dated on or before the date.",
    )
    statement_balance = fields.Monetary(
        string="Statement Ending Balance", compute="_compute_status"
    )
    bank_account_balance = fields.Monetary(
        compute="_compute_status",
        help="Balance of the journal's bank account on the date, statement lines not "
        "yet applied included (Odoo books them against the suspense account).",
    )
    outstanding_receipts = fields.Monetary(
        string="Receipts Not Yet on a Statement",
        compute="_compute_status",
        help="Customer payments registered in Odoo that no bank line has matched yet.",
    )
    outstanding_payments = fields.Monetary(
        string="Payments Not Yet on a Statement",
        compute="_compute_status",
        help="Vendor payments registered in Odoo that no bank line has matched yet "
        "(negative).",
    )
    unapplied_amount = fields.Monetary(
        string="Statement Lines Not Yet Applied", compute="_compute_status"
    )
    unapplied_count = fields.Integer(
        string="Lines Not Yet Applied", compute="_compute_status"
    )
    book_balance = fields.Monetary(
        string="Balance in the Books",
        compute="_compute_status",
        help="The bank account without the statement lines not yet applied, plus the "
        "registered payments waiting for their bank line.",
    )
    expected_balance = fields.Monetary(
        string="Expected Statement Balance",
        compute="_compute_status",
        help="Balance in the books, less the registered payments not yet on a "
        "statement, plus the statement lines not yet applied.",
    )
    difference = fields.Monetary(
        compute="_compute_status",
        help="Statement ending balance less the expected statement balance: zero when "
        "the bank account is reconciled.",
    )
    outstanding_item_ids = fields.Many2many(
        "account.move.line",
        string="Registered Payments Not Yet on a Statement",
        compute="_compute_status",
    )
    unapplied_line_ids = fields.Many2many(
        "account.bank.statement.line",
        string="Statement Lines Not Yet Applied (Lines)",
        compute="_compute_status",
    )

    @api.depends("journal_id", "date")
    def _compute_status(self):
        for status in self:
            journal, day = status.journal_id, status.date
            if not journal or not day:
                status.update(status._empty_status())
                continue
            status.update(status._status(journal, day))

    def _empty_status(self):
        return {
            "currency_id": self.env.company.currency_id.id,
            "statement_id": False,
            "statement_balance": 0.0,
            "bank_account_balance": 0.0,
            "outstanding_receipts": 0.0,
            "outstanding_payments": 0.0,
            "unapplied_amount": 0.0,
            "unapplied_count": 0,
            "book_balance": 0.0,
            "expected_balance": 0.0,
            "difference": 0.0,
            "outstanding_item_ids": [fields.Command.clear()],
            "unapplied_line_ids": [fields.Command.clear()],
        }

    @api.model
    def _status(self, journal, day):
        """The figures of ``journal`` on ``day``: a few grouped reads, whatever the
        number of lines and payments."""
        company = journal.company_id
        currency = journal.currency_id or company.currency_id
        foreign = currency != company.currency_id
        Item = self.env["account.move.line"]
        statement = self.env["account.bank.statement"].search(
            [("journal_id", "=", journal.id), ("date", "<=", day)],
            order="date desc, id desc",
            limit=1,
        )
        [(bank_balance,)] = Item._read_group(
            [
                ("account_id", "=", journal.default_account_id.id),
                ("parent_state", "=", "posted"),
                ("date", "<=", day),
                ("company_id", "=", company.id),
            ],
            aggregates=["amount_currency:sum" if foreign else "balance:sum"],
        )
        unapplied = self.env["account.bank.statement.line"].search(
            [
                ("journal_id", "=", journal.id),
                ("date", "<=", day),
                ("state", "=", "posted"),
                ("is_reconciled", "=", False),
            ],
            order="date, id",
        )
        waiting = Item.search(
            [
                ("payment_id.journal_id", "=", journal.id),
                ("payment_id.state", "in", PAYMENT_STATES),
                ("parent_state", "=", "posted"),
                ("account_id.reconcile", "=", True),
                ("reconciled", "=", False),
                ("date", "<=", day),
            ],
            order="date, id",
        ).filtered(
            lambda item: item.account_id == item.payment_id.outstanding_account_id
        )
        residual = "amount_residual_currency" if foreign else "amount_residual"
        receipts = currency.round(
            sum(item[residual] for item in waiting if item[residual] > 0)
        )
        payments = currency.round(
            sum(item[residual] for item in waiting if item[residual] < 0)
        )
        unapplied_amount = currency.round(sum(unapplied.mapped("amount")))
        bank_balance = currency.round(bank_balance or 0.0)
        book_balance = currency.round(
            bank_balance - unapplied_amount + receipts + payments
        )
        expected = currency.round(book_balance - receipts - payments + unapplied_amount)
        statement_balance = statement.balance_end_real if statement else 0.0
        return {
            "currency_id": currency.id,
            "statement_id": statement.id,
            "statement_balance": statement_balance,
            "bank_account_balance": bank_balance,
            "outstanding_receipts": receipts,
            "outstanding_payments": payments,
            "unapplied_amount": unapplied_amount,
            "unapplied_count": len(unapplied),
            "book_balance": book_balance,
            "expected_balance": expected,
            "difference": currency.round(statement_balance - expected),
            "outstanding_item_ids": [fields.Command.set(waiting.ids)],
            "unapplied_line_ids": [fields.Command.set(unapplied.ids)],
        }

    def action_print(self):
        """The reconciliation report (PDF) of this status."""
        return self.env.ref(
            "ar_reconcile.action_report_bank_reconciliation_status"
        ).report_action(self)
