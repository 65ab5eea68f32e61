"""Payment Registration (Business Central's page, extended to vendors): the clerk ticks
the documents a customer paid (or the company paid a vendor), enters the date and the
amount, and posts real payments, settled with discounts and payment tolerance by
``ar.settlement``."""

import re
from collections import defaultdict

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..lib import settlement
from ..lib.messages import msg

DOCUMENT_TYPES = (
    "out_invoice",
    "out_refund",
    "out_receipt",
    "in_invoice",
    "in_refund",
    "in_receipt",
)
OPEN_ACCOUNT_TYPES = ("asset_receivable", "liability_payable")

# "1000", "1,000.50 5%", "1000 ±5%", "1000 +-5 %", "1000 +/- 5%"
_AMOUNT_SEARCH = re.compile(
    r"^\s*(?P<amount>-?[\d.,' ]*\d)\s*"
    r"(?:(?:±|\+/?-)?\s*(?P<percent>\d+(?:[.,]\d+)?)\s*%)?\s*$"
)


def _parse_amount(text):
    """``1000`` or ``1000 5%`` (± 5 %) → (amount, percent); None when it is not an
    amount."""
    match = _AMOUNT_SEARCH.match(text or "")
    if not match:
        return None
    raw = match.group("amount").replace("'", "").replace(" ", "")
    if "," in raw and "." in raw:
        raw = raw.replace(",", "")  # 1,000.50
    elif raw.count(",") == 1 and len(raw.split(",")[1]) != 3:
        raw = raw.replace(",", ".")  # 1000,5
    else:
        raw = raw.replace(",", "")  # 1,000
    try:
        amount = float(raw)
        percent = float((match.group("percent") or "0").replace(",", "."))
    except ValueError:
        return None
    return amount, percent


class ArPaymentRegistration(models.Model):
    """One row per user and open receivable or payable item. Rows are the clerk's
    worksheet (ticks, dates, amounts survive between visits) and are kept in step with
    the open items
    by :meth:`action_open`, in bulk."""

    _name = "ar.payment.registration"
    _description = "Payment Registration"
    _order = "due_date, id"
    _check_company_auto = True

    user_id = fields.Many2one(
        "res.users",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.user,
    )
    move_line_id = fields.Many2one(
        "account.move.line",
        string="Open Item",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="move_line_id.company_id", store=True, index=True
    )
    move_id = fields.Many2one(
        related="move_line_id.move_id", string="Document", store=True
    )
    partner_id = fields.Many2one(related="move_line_id.partner_id", store=True)
    document_type = fields.Selection(
        related="move_id.move_type", string="Document Type", store=True
    )
    partner_type = fields.Selection(
        [("customer", "Customer"), ("vendor", "Vendor")],
        compute="_compute_document_fields",
        store=True,
    )
    document_date = fields.Date(compute="_compute_document_fields", store=True)
    due_date = fields.Date(related="move_line_id.date_maturity", store=True)
    currency_id = fields.Many2one(related="move_line_id.currency_id", store=True)
    discount_tolerance_date = fields.Date(related="move_id.ar_discount_tolerance_date")
    amount_remaining = fields.Monetary(
        string="Remaining Amount",
        compute="_compute_amount_remaining",
        store=True,
        help="What is still open, from the partner's side: invoices and bills "
        "positive, credit notes and refunds negative.",
    )
    amount_due_with_discount = fields.Monetary(
        string="Rem. Amount Incl. Discount",
        compute="_compute_amount_due_with_discount",
        store=True,
        help="What closes the document if paid on the date received (today when "
        "empty): the remaining amount minus the discount in force, grace period "
        "included.",
    )
    discount_date = fields.Date(
        string="Pmt. Discount Date",
        compute="_compute_amount_due_with_discount",
        store=True,
        help="Last day of the discount period in force on the date received.",
    )
    payment_made = fields.Boolean()
    date_received = fields.Date(default=fields.Date.context_today)
    payment_currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_payment_currency_id",
        store=True,
        readonly=False,
        help="Currency of the money received or paid; by default the document's.",
    )
    amount_received = fields.Monetary(
        currency_field="payment_currency_id",
        compute="_compute_amount_received",
        store=True,
        readonly=False,
        help="In the payment currency. Ticking Payment Made proposes the remaining "
        "amount including the discount on the date received.",
    )
    bank_applied_amount = fields.Monetary(
        related="move_line_id.ar_pending_amount",
        string="Applied on Bank Lines",
        help="Applied to this document on bank statement lines that are not posted "
        "yet: paying it here too pays it twice unless the bank line is changed.",
    )
    bank_line_ids = fields.Many2many(
        "account.bank.statement.line",
        string="Bank Lines Applying It",
        compute="_compute_bank_lines",
        help="Bank statement lines, not posted yet, that apply this document.",
    )
    bank_line_note = fields.Char(string="Bank Lines", compute="_compute_bank_lines")
    search_amount = fields.Char(
        string="Amount",
        compute="_compute_search_amount",
        search="_search_amount",
        help="Type an amount, optionally with a tolerance: 1000, 1000 5% or 1000 ±5%.",
    )

    _sql_constraints = [
        (
            "user_item_unique",
            "unique(user_id, move_line_id)",
            "An open item appears once per user.",
        ),
    ]

    # ------------------------------------------------------------------ computes

    @api.depends("move_line_id.account_type", "move_id.invoice_date", "move_id.date")
    def _compute_document_fields(self):
        for row in self:
            row.partner_type = (
                "vendor"
                if row.move_line_id.account_type == "liability_payable"
                else "customer"
            )
            row.document_date = row.move_id.invoice_date or row.move_id.date

    def _sign(self):
        """Row amounts are seen from the partner: Odoo signs vendor documents the other
        way."""
        self.ensure_one()
        return -1 if self.partner_type == "vendor" else 1

    @api.depends("move_line_id.amount_residual_currency", "partner_type")
    def _compute_amount_remaining(self):
        for row in self:
            row.amount_remaining = (
                row._sign() * row.move_line_id.amount_residual_currency
            )

    @api.depends(
        "date_received",
        "move_line_id.amount_residual_currency",
        "move_id.invoice_payment_term_id",
        "company_id.ar_discount_grace_days",
        "amount_remaining",
    )
    def _compute_amount_due_with_discount(self):
        today = fields.Date.context_today(self)
        groups = defaultdict(list)
        for row in self:
            row.amount_due_with_discount = row.amount_remaining
            row.discount_date = False
            if row.move_line_id:
                groups[row.currency_id, row.date_received or today].append(row.id)
        # One settlement conversion per currency and date, not per row.
        for (currency, on_date), row_ids in groups.items():
            rows = self.browse(row_ids)
            documents, _settled = self.env["ar.settlement"]._open_documents(
                rows.move_line_id, currency, on_date
            )
            by_reference = {document.reference: document for document in documents}
            for row in rows:
                document = by_reference.get(str(row.move_line_id.id))
                if not document or not document.discounts.periods:
                    continue
                grace = row.company_id.ar_discount_grace_days
                try:
                    due = settlement.amount_due_with_discount(
                        document,
                        on_date,
                        grace,
                        rounding=currency._ar_quantum(),
                    )
                    rate = settlement.rate_on(
                        document.discounts, document.document_date, on_date, grace
                    )
                except ValueError:
                    # Date received before the document: posting names the problem.
                    continue
                row.amount_due_with_discount = row._sign() * float(due)
                row.discount_date = rate.discount_date

    @api.depends("currency_id")
    def _compute_payment_currency_id(self):
        for row in self:
            row.payment_currency_id = row.payment_currency_id or row.currency_id

    @api.depends(
        "payment_made",
        "date_received",
        "payment_currency_id",
        "amount_due_with_discount",
    )
    def _compute_amount_received(self):
        for row in self:
            if not row.payment_made:
                row.amount_received = 0.0
            elif (
                row.payment_currency_id == row.currency_id
                or not row.payment_currency_id
            ):
                row.amount_received = row.amount_due_with_discount
            else:
                row.amount_received = row.currency_id._convert(
                    row.amount_due_with_discount,
                    row.payment_currency_id,
                    row.company_id,
                    row.date_received or fields.Date.context_today(row),
                )

    @api.depends("move_line_id.ar_pending_amount")
    def _compute_bank_lines(self):
        applications = self._bank_applications()
        Message = self.env["ar.message"]
        for row in self:
            mine = applications.filtered(
                lambda app, item=row.move_line_id: app.move_line_id == item
            )
            row.bank_line_ids = mine.statement_line_id
            row.bank_line_note = (
                Message._ar_render_many(
                    [row._bank_message(app, short=True) for app in mine],
                    separator=", ",
                )
                if mine
                else False
            )

    def _bank_applications(self):
        """Applications of unposted bank lines on these rows' items, in one query."""
        return self.env["ar.payment.application"]._ar_pending_on(self.move_line_id)

    def _bank_message(self, application, short=False):
        return msg(
            "posting.registration_applied_short"
            if short
            else "posting.registration_applied",
            document=self.move_id.display_name,
            line=application.statement_line_id.sudo().display_name,
            amount=application._ar_amount(),
        )

    def _compute_search_amount(self):
        self.search_amount = False

    def _search_amount(self, operator, value):
        if operator not in ("ilike", "=", "like"):
            raise UserError(_("Search an amount such as 1000 or 1000 ±5%."))
        parsed = _parse_amount(value)
        if parsed is None:
            raise UserError(
                _(
                    "“%(text)s” is not an amount: type 1000, 1000 5%% or 1000 ±5%%.",
                    text=value,
                )
            )
        amount, percent = parsed
        margin = abs(amount) * percent / 100
        low, high = abs(amount) - margin, abs(amount) + margin
        ranges = []
        for field in ("amount_remaining", "amount_due_with_discount"):
            for lo, hi in ((low, high), (-high, -low)):
                ranges.append(
                    ["&", (field, ">=", lo - 0.005), (field, "<=", hi + 0.005)]
                )
        domain = ranges[0]
        for extra in ranges[1:]:
            domain = ["|", *domain, *extra]
        return domain

    # ------------------------------------------------------------------ the list

    @api.model
    def _open_items_domain(self):
        return [
            ("company_id", "in", self.env.companies.ids),
            ("parent_state", "=", "posted"),
            ("account_type", "in", OPEN_ACCOUNT_TYPES),
            ("move_id.move_type", "in", DOCUMENT_TYPES),
            ("reconciled", "=", False),
            ("amount_residual_currency", "!=", 0.0),
        ]

    @api.model
    def _sync(self):
        """Give the user a row per open item of the current companies: create the
        missing rows, drop those whose item is no longer open, and move unticked rows to
        today."""
        items = self.env["account.move.line"].search(self._open_items_domain())
        rows = self.search(
            [
                ("user_id", "=", self.env.uid),
                ("company_id", "in", self.env.companies.ids),
            ]
        )
        open_ids = set(items.ids)
        closed = rows.filtered(lambda row: row.move_line_id.id not in open_ids)
        closed.unlink()
        missing = items - (rows - closed).move_line_id
        self.create(
            [{"move_line_id": item.id, "user_id": self.env.uid} for item in missing]
        )
        today = fields.Date.context_today(self)
        (rows - closed).filtered(
            lambda row: not row.payment_made and row.date_received != today
        ).write({"date_received": today})

    @api.model
    def action_open(self):
        """Menu entry point: refresh the user's rows and show them."""
        self._sync()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ar_reconcile.action_ar_payment_registration"
        )
        action["domain"] = [("user_id", "=", self.env.uid)]
        return action

    # ------------------------------------------------------------------ posting

    def action_post_payments(self):
        return self._open_post_wizard(lump=False)

    def action_post_lump_payment(self):
        return self._open_post_wizard(lump=True)

    def _rows_to_post(self):
        rows = self or self.search([("user_id", "=", self.env.uid)])
        rows = rows.filtered("payment_made")
        if not rows:
            raise UserError(_("Tick Payment Made on the rows to post."))
        return rows

    def _open_post_wizard(self, lump):
        rows = self._rows_to_post()
        wizard = self.env["ar.payment.registration.post"].create(
            {
                "registration_ids": [Command.set(rows.ids)],
                "lump": lump,
            }
        )
        wizard._refresh_all_questions()
        return wizard._action_reopen()

    def _check_input(self):
        """Bad input stops the whole batch before anything is written."""
        if len(self.company_id) > 1:
            raise UserError(_("Post the payments of one company at a time."))
        for row in self:
            document = row.move_id.display_name
            item = row.move_line_id
            if item.reconciled or item.currency_id.is_zero(
                item.amount_residual_currency
            ):
                raise UserError(
                    _(
                        "%(document)s is already paid: refresh the list.",
                        document=document,
                    )
                )
            if not row.date_received:
                raise UserError(
                    _("%(document)s: enter the date received.", document=document)
                )
            if row.date_received < row.document_date:
                raise UserError(
                    _(
                        "%(document)s: the date received %(date)s is before the "
                        "document date %(document_date)s.",
                        document=document,
                        date=row.date_received,
                        document_date=row.document_date,
                    )
                )
            if not row.payment_currency_id or row.payment_currency_id.is_zero(
                row.amount_received
            ):
                raise UserError(
                    _(
                        "%(document)s: enter the amount received (it is 0).",
                        document=document,
                    )
                )
            if (row.amount_received > 0) != (row.amount_remaining > 0):
                raise UserError(
                    _(
                        "%(document)s: the amount received %(amount)s has the wrong "
                        "sign: the remaining amount is %(remaining)s (amounts are "
                        "negative only for credit notes and refunds).",
                        document=document,
                        amount=row.amount_received,
                        remaining=row.amount_remaining,
                    )
                )

    def _payment_groups(self, lump):
        """Each row alone, or (lump) the rows of one partner, side, date and currency
        together.

        A lump payment is the sum of its rows' amounts, settled over their documents
        the way the settlement allocates one payment (oldest first, then the better
        discount, D365 V7), not row by row: the customer paid one amount for all of
        them."""
        if not lump:
            return [row for row in self]
        groups = defaultdict(list)
        for row in self.sorted(lambda row: (row.document_date, row.id)):
            key = (
                row.company_id,
                row.partner_id.commercial_partner_id,
                row.partner_type,
                row.date_received,
                row.payment_currency_id,
            )
            groups[key].append(row.id)
        return [self.browse(ids) for ids in groups.values()]

    def _group_key(self):
        return ",".join(str(row_id) for row_id in sorted(self.ids))

    def _settle_group(self, choices=None):
        """Settle one payment group; returns (outcome, settled) from
        ``ar.settlement``."""
        first = self[0]
        amount = first._sign() * sum(self.mapped("amount_received"))
        if first.payment_currency_id.is_zero(amount):
            raise UserError(
                _(
                    "The rows of %(partner)s on %(date)s net to zero: there is no "
                    "payment to post.",
                    partner=first.partner_id.display_name,
                    date=first.date_received,
                )
            )
        return self.env["ar.settlement"]._settle(
            self.move_line_id,
            amount,
            first.payment_currency_id,
            first.date_received,
            choices=choices,
        )

    def _payment_vals(self, journal, outcome):
        first = self[0]
        amount = float(outcome.payment_amount)
        return {
            "company_id": first.company_id.id,
            "partner_id": first.partner_id.commercial_partner_id.id,
            "partner_type": "customer"
            if first.partner_type == "customer"
            else "supplier",
            "payment_type": "inbound" if amount > 0 else "outbound",
            "amount": abs(amount),
            "currency_id": first.payment_currency_id.id,
            "date": first.date_received,
            "journal_id": journal.id,
            "destination_account_id": self.move_line_id[0].account_id.id,
            "memo": ", ".join(self.move_line_id.move_id.mapped("name")),
        }

    def _payment_entry(self, payment, outcome, settled):
        """Give ``payment`` the entry that closes the settled items; returns the pairs
        [(open item id, vals of the item closing it)] to reconcile once it is posted."""
        first = self[0]
        company = first.company_id
        currency = first.payment_currency_id
        date = first.date_received
        if not payment.outstanding_account_id:
            payment.outstanding_account_id = payment._get_outstanding_account(
                payment.payment_type
            )

        def to_balance(value):
            return currency._convert(value, company.currency_id, company, date)

        closing = self.env["ar.settlement"]._closing_vals(
            outcome, settled, currency, to_balance, label=payment.memo
        )
        pairs = [
            (vals.pop("ar_reconcile_with"), vals)
            for vals in closing
            if "ar_reconcile_with" in vals
        ]
        liquidity, counterpart = payment._prepare_move_line_default_vals()[:2]
        liquidity_balance = liquidity["debit"] - liquidity["credit"]
        rest = -liquidity_balance - sum(vals["balance"] for vals in closing)
        counterpart = {
            k: v for k, v in counterpart.items() if k not in ("debit", "credit")
        }
        if outcome.payment_remaining:
            # The overpayment beyond tolerance stays open on the payment: the partner's
            # credit.
            counterpart["balance"] = rest
            counterpart["amount_currency"] = (
                rest
                if currency == company.currency_id
                else -float(outcome.payment_remaining)
            )
            line_vals = [liquidity, counterpart, *closing]
        else:
            if not company.currency_id.is_zero(rest) and pairs:
                pairs[-1][1]["balance"] += (
                    rest  # conversion rounding: the exchange difference takes it
                )
            line_vals = [liquidity, *closing]
        payment._generate_journal_entry(
            line_ids=[Command.create(vals) for vals in line_vals]
        )
        return pairs

    @api.model
    def _reconcile_pairs(self, payment, pairs):
        """[open item + the payment item closing it] for each pair."""
        plan, used = [], self.env["account.move.line"]
        lines = payment.move_id.line_ids.sorted("id")
        items = self.env["account.move.line"]
        for item_id, vals in pairs:
            item = items.browse(item_id)
            line = lines.filtered(
                lambda i, v=vals, u=used: i not in u
                and i.account_id.id == v["account_id"]
                and i.currency_id.id == v["currency_id"]
                and i.currency_id.compare_amounts(
                    i.amount_currency, v["amount_currency"]
                )
                == 0
            )[:1]
            used |= line
            plan.append(item + line)
        return plan

    def _post(self, journal, lump=False, answers=None):
        """Post the ticked rows. ``answers`` ({group key: ClerkChoices}) answer the
        warnings. Everything is settled and checked first, so bad input posts
        nothing."""
        if not journal:
            raise UserError(_("Choose the bank or cash journal of the payments."))
        if (
            journal.type not in ("bank", "cash")
            or journal.company_id not in self.company_id[:1].parent_ids
        ):
            raise UserError(
                _(
                    "Choose a bank or cash journal of %(company)s.",
                    company=self.company_id[:1].name,
                )
            )
        # Another clerk (or the bank journal) paying the same documents waits here, then
        # finds them paid below: a document is never paid twice.
        self.env["account.move.line"].flush_model()
        self.env.cr.execute(
            "SELECT id FROM account_move_line WHERE id IN %s FOR UPDATE",
            [tuple(self.move_line_id.ids)],
        )
        self.move_line_id.invalidate_recordset()
        self._check_input()
        answers = answers or {}
        settled_groups = []
        for group in self._payment_groups(lump):
            outcome, settled = group._settle_group(answers.get(group._group_key()))
            if not outcome.is_final:
                raise UserError(
                    _("Answer the payment tolerance and late discount questions first.")
                )
            settled_groups.append((group, outcome, settled))
        # In bulk: one create, one post, one reconciliation plan for the whole batch.
        payments = self.env["account.payment"].create(
            [
                group._payment_vals(journal, outcome)
                for group, outcome, _settled in settled_groups
            ]
        )
        all_pairs = [
            group._payment_entry(payment, outcome, settled)
            for payment, (group, outcome, settled) in zip(
                payments, settled_groups, strict=False
            )
        ]
        payments.action_post()
        plan = [
            pair
            for payment, pairs in zip(payments, all_pairs, strict=False)
            for pair in self._reconcile_pairs(payment, pairs)
        ]
        # A bank line applying a paid document goes back to review (the clerk was
        # asked).
        self.env["account.move.line"].with_context(
            ar_paid_by_registration=True
        )._reconcile_plan(plan)
        # Rows of closed items go; rows still open start afresh.
        open_rows = self.filtered(lambda row: not row.move_line_id.reconciled)
        (self - open_rows).unlink()
        open_rows.write(
            {"payment_made": False, "date_received": fields.Date.context_today(self)}
        )
        return payments
