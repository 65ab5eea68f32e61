"""Centralized payments: D365 Finance's *Intercompany accounting* set-up for one pair
of companies (``d365-credit-collections.md`` section 9.3).

A record says that the bank lines of ``company_id`` (the legal entity of the payment)
may pay the documents of ``invoice_company_id``, with the accounts and the journal the
two intercompany entries use: the paying company books the bank line against its *due
to* account (it holds the invoice company's money), the invoice company books its *due
from* account against the customer's receivable in its intercompany journal and closes
the document. The cash discount is always the invoice company's (it reduces the
invoice's tax); the exchange gain or loss goes where ``exchange_company`` says.

A user sees a set-up (and so pays across it) only when allowed in both companies.
"""

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib.messages import MessageError
from ..lib.settlement import intercompany


class ArIntercompanyAccounting(models.Model):
    _name = "ar.intercompany.accounting"
    _description = "Intercompany Accounting for Centralized Payments"
    _order = "company_id, invoice_company_id"
    _rec_names_search = ["company_id", "invoice_company_id"]

    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        string="Legal Entity of the Payment",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        help="The company whose bank lines receive the money for the group.",
    )
    invoice_company_id = fields.Many2one(
        "res.company",
        string="Legal Entity of the Invoice",
        required=True,
        index=True,
        help="The company whose open documents the paying company's bank lines pay.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    due_to_account_id = fields.Many2one(
        "account.account",
        required=True,
        domain="[('company_ids', 'in', company_id), ('reconcile', '=', True)]",
        help="In the paying company: what it owes the invoice company for the money "
        "it received on its behalf (the bank line is booked against it).",
    )
    due_from_account_id = fields.Many2one(
        "account.account",
        required=True,
        domain="[('company_ids', 'in', invoice_company_id), ('reconcile', '=', True)]",
        help="In the invoice company: what the paying company owes it; booked against "
        "the customer's receivable, which closes the document.",
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Intercompany Journal",
        required=True,
        domain="[('company_id', '=', invoice_company_id), ('type', '=', 'general')]",
        help="The invoice company's journal of the intercompany entries.",
    )
    exchange_company = fields.Selection(
        [
            (intercompany.PAYMENT_COMPANY, "Legal entity of the payment"),
            (intercompany.INVOICE_COMPANY, "Legal entity of the invoice"),
        ],
        string="Post Currency Exchange Gain or Loss",
        required=True,
        default=intercompany.PAYMENT_COMPANY,
        help="Where the realised exchange difference of a foreign-currency document "
        "paid centrally is posted. The cash discount is always posted in the "
        "invoice's company.",
    )

    _sql_constraints = [
        (
            "pair_unique",
            "UNIQUE (company_id, invoice_company_id)",
            "A pair of companies has one intercompany accounting set-up.",
        ),
    ]

    @api.depends("company_id", "invoice_company_id")
    def _compute_display_name(self):
        for record in self:
            record.display_name = (
                f"{record.company_id.name} \N{RIGHTWARDS ARROW} "
                f"{record.invoice_company_id.name}"
            )

    @api.constrains(
        "company_id",
        "invoice_company_id",
        "due_to_account_id",
        "due_from_account_id",
        "journal_id",
    )
    def _check_pair(self):
        for record in self:
            paying, invoicing = record.company_id, record.invoice_company_id
            if paying == invoicing:
                raise ValidationError(
                    _("Centralized payments pay the documents of another company.")
                )
            if paying.currency_id != invoicing.currency_id:
                raise ValidationError(
                    _(
                        "%(paying)s keeps its books in %(paying_currency)s and "
                        "%(invoicing)s in %(invoicing_currency)s: centralized payments "
                        "need one accounting currency.",
                        paying=paying.name,
                        paying_currency=paying.currency_id.name,
                        invoicing=invoicing.name,
                        invoicing_currency=invoicing.currency_id.name,
                    )
                )
            for account, company in (
                (record.due_to_account_id, paying),
                (record.due_from_account_id, invoicing),
            ):
                if company not in account.sudo().company_ids:
                    raise ValidationError(
                        _(
                            "The account %(account)s is not an account of "
                            "%(company)s.",
                            account=account.display_name,
                            company=company.name,
                        )
                    )
                if not account.reconcile:
                    raise ValidationError(
                        _(
                            "The account %(account)s must allow reconciliation: the "
                            "intercompany balances are matched when the companies "
                            "settle.",
                            account=account.display_name,
                        )
                    )
            if record.journal_id.company_id != invoicing:
                raise ValidationError(
                    _(
                        "The intercompany journal must be a journal of %(company)s.",
                        company=invoicing.name,
                    )
                )

    @api.model
    def _ar_pairs(self, paying_company):
        """{invoice company id: set-up} of the companies whose documents the bank lines
        of ``paying_company`` may pay for this user: the company takes part in
        centralized payments and the user is allowed in both companies (the record
        rule hides other set-ups; the companies must also be selected)."""
        if not paying_company.ar_centralized_payments:
            return {}
        allowed = self.env.companies
        pairs = self.search(
            [
                ("company_id", "=", paying_company.id),
                ("invoice_company_id", "in", allowed.ids),
            ]
        )
        return {pair.invoice_company_id.id: pair for pair in pairs}

    # ------------------------------------------------------------------
    # Posting (called by the statement line's posting)
    # ------------------------------------------------------------------

    @api.model
    def _ar_post_central(self, entries):
        """Post the invoice companies' side of centralized payments and the paying
        company's exchange difference; return the pairs to reconcile (each invoice
        company's receivable item with the document it closes).

        ``entries``: (statement line, its due-to item, document settlement, settled
        item, set-up) per document of another company. Per statement line and invoice
        company one intercompany entry in the set-up's journal: due from against the
        customer's receivable, the cash discount (split over base and tax as Odoo
        splits an early payment discount) and the payment tolerance, at the
        document's own rate. The exchange difference is posted with Odoo's exchange
        difference entry on the due-to item (paying company) or, when the set-up says
        so, in the intercompany entry (invoice company).
        """
        grouped, exchanges = {}, []
        for line, due_to, doc, info, pair in entries:
            split = self._ar_split(line, due_to, doc, info, pair)
            group = grouped.setdefault((line.id, pair.id), (line, pair, [], []))
            for vals in pair._ar_invoice_company_vals(line, doc, info, split):
                target = vals.pop("ar_reconcile_with", None)
                if target:
                    group[3].append((target, vals))
                group[2].append(vals)
            if split.payment_exchange_difference:
                exchanges.append((line, due_to, split.payment_exchange_difference))
        plan = []
        for line, pair, item_vals, targets in grouped.values():
            move = (
                self.env["account.move"]
                .with_company(pair.invoice_company_id)
                .with_context(skip_invoice_sync=True)
                .create(
                    {
                        "move_type": "entry",
                        "journal_id": pair.journal_id.id,
                        "date": line.date,
                        "ref": _(
                            "Centralized payment %(entry)s of %(company)s",
                            entry=line.move_id.name,
                            company=line.company_id.name,
                        ),
                        "ar_central_statement_line_id": line.id,
                        "line_ids": [Command.create(vals) for vals in item_vals],
                    }
                )
            )
            move._post(soft=False)
            plan += self._ar_pairs_in(move, targets)
        for line, due_to, difference in exchanges:
            # Odoo's exchange difference entry, reconciled with the due-to item: what
            # stays due to the invoice company is what it books as due from.
            exchange = due_to._prepare_exchange_difference_move_vals(
                [{"amount_residual": -float(difference)}],
                exchange_date=line.date,
            )
            exchange["move_values"]["ar_central_statement_line_id"] = line.id
            self.env["account.move.line"]._create_exchange_difference_moves([exchange])
        return plan

    @api.model
    def _ar_pairs_in(self, move, targets):
        """[open item + the item of ``move`` created from its vals] for ``targets``
        ([(open item id, vals)])."""
        plan, used = [], self.env["account.move.line"]
        lines = move.line_ids.sorted("id")
        for item_id, vals in targets:
            found = lines.filtered(
                lambda i, v=vals, u=used: i not in u
                and i.account_id.id == v["account_id"]
                and i.currency_id.id == v["currency_id"]
                and not i.currency_id.compare_amounts(
                    i.amount_currency, v["amount_currency"]
                )
            )[:1]
            used |= found
            plan.append(self.env["account.move.line"].browse(item_id) + found)
        return plan

    @api.model
    def _ar_split(self, line, due_to, doc, info, pair):
        """The lib's split of one document paid centrally by ``line``, whose due-to
        item ``due_to`` is posted (its balance is what the payment books)."""
        item = info.item
        item_currency = item.currency_id
        closed = float(doc.open_before - doc.remaining)
        closed_currency = (
            item_currency.round(closed * info.ratio)
            if doc.remaining
            else info.open_amount_currency
        )
        discount = item_currency.round(float(doc.total_discount) * info.ratio)
        tolerance = item_currency.round(float(doc.tolerance) * info.ratio)
        open_balance = item.amount_residual
        if item_currency.compare_amounts(
            info.open_amount_currency, item.amount_residual_currency
        ):
            # Other unposted lines apply part of it: their share of the balance.
            open_balance = item.company_currency_id.round(
                item.amount_residual
                * info.open_amount_currency
                / item.amount_residual_currency
            )
        to_decimal = item_currency._ar_decimal
        company_currency = line.company_id.currency_id
        try:
            return intercompany.split_centralized(
                intercompany.CentralizedDocument(
                    reference=item.move_id.name,
                    open_amount=to_decimal(info.open_amount_currency),
                    open_balance=company_currency._ar_decimal(open_balance),
                    applied=to_decimal(closed_currency - discount - tolerance),
                    discount=to_decimal(discount),
                    tolerance=to_decimal(tolerance),
                    payment_balance=company_currency._ar_decimal(-due_to.balance),
                    payment_currency=company_currency.name,
                    invoice_currency=item.company_currency_id.name,
                ),
                exchange_company=pair.exchange_company,
                rounding=company_currency._ar_quantum(),
            )
        except MessageError as error:
            raise UserError(self.env["ar.message"]._ar_render(error.message)) from None

    def _ar_invoice_company_vals(self, line, doc, info, split):
        """The journal items of the invoice company's intercompany entry for one
        document: its receivable item (``ar_reconcile_with`` the open item), the
        discount and tolerance items, due from, and the exchange difference when it
        is the invoice company's."""
        self.ensure_one()
        Settlement = self.env["ar.settlement"]
        item = info.item
        company = self.invoice_company_id
        currency = line.currency_id
        closed = float(doc.open_before - doc.remaining)
        closed_currency = (
            item.currency_id.round(closed * info.ratio)
            if doc.remaining
            else info.open_amount_currency
        )
        label = line.payment_ref or item.move_id.name
        vals_list = [
            {
                "account_id": item.account_id.id,
                "partner_id": item.partner_id.id,
                "name": label,
                "currency_id": item.currency_id.id,
                "amount_currency": -closed_currency,
                "balance": -float(split.closed_balance),
                "ar_reconcile_with": item.id,
            }
        ]
        if doc.total_discount:
            vals_list += Settlement._discount_vals(
                doc, info, lambda _amount: float(split.discount_balance)
            )
        if doc.tolerance:
            vals_list.append(
                Settlement._tolerance_vals(
                    doc, info, currency, lambda _amount: float(split.tolerance_balance)
                )
            )
        foreign = currency != company.currency_id
        due_from = float(split.due_from_balance)
        vals_list.append(
            {
                "account_id": self.due_from_account_id.id,
                "partner_id": self.company_id.partner_id.id,
                "name": label,
                "currency_id": currency.id,
                "amount_currency": float(doc.applied) if foreign else due_from,
                "balance": due_from,
            }
        )
        difference = float(split.invoice_exchange_difference)
        if difference:
            account = (
                company.income_currency_exchange_account_id
                if difference > 0
                else company.expense_currency_exchange_account_id
            )
            if not account:
                raise UserError(
                    _(
                        "Set the exchange gain and loss accounts of %(company)s "
                        "before it books the exchange difference of a centralized "
                        "payment.",
                        company=company.name,
                    )
                )
            vals_list.append(
                {
                    "account_id": account.id,
                    "partner_id": item.partner_id.id,
                    "name": _("Currency exchange rate difference"),
                    "currency_id": currency.id,
                    "amount_currency": 0.0 if foreign else -difference,
                    "balance": -difference,
                }
            )
        return vals_list
