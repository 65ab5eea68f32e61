"""Turn open journal items and a payment into a settlement, and a settlement into
journal items: the Odoo side of ``lib/settlement``, shared by the payment reconciliation
journal and payment registration."""

from dataclasses import dataclass, replace

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero

from ..lib import settlement
from ..lib.messages import Message, MessageError, msg
from ..lib.settlement import codes

# Odoo's split of an early payment discount over base, tax and term items.
_ODOO_DISCOUNT_SPLIT = (
    "_get_invoice_counterpart_amls_for_early_payment_discount_per_payment_term_line"
)


def _percent_text(percent):
    """2 for Decimal("2.00"), 1.5 for Decimal("1.50")."""
    return format(percent.normalize(), "f")


class ArSettlementError(UserError):
    """A settlement refused: the UserError shown, and its message (``ar_message``) to
    store and render again in another reader's language."""

    def __init__(self, text, message):
        super().__init__(text)
        self.ar_message = message


def _with_names(message, names):
    """``message`` with every ``document`` parameter that is a settlement reference
    replaced by the document's number: the library names documents by item id."""
    params = {}
    for key, value in message.params.items():
        if isinstance(value, Message):
            value = _with_names(value, names)
        elif key == "document" and value in names:
            value = names[value]
        params[key] = value
    return replace(message, params=params)


@dataclass
class SettledItem:
    """What the settlement needs to know about an open item to post it back."""

    item: object  # account.move.line
    open_amount: float  # in the payment currency
    open_amount_currency: float  # in the item's currency
    ratio: float  # item currency per payment currency, at the payment date


class ArSettlement(models.AbstractModel):
    _name = "ar.settlement"
    _description = "Payment Settlement with Discounts and Tolerance"

    @api.model
    def _policy(self, company, partners):
        """The company's settings; tolerance is blocked when any paying partner blocks
        it."""
        blocked = any(
            partner.with_company(company).ar_block_payment_tolerance
            for partner in partners.commercial_partner_id
        )
        return settlement.SettlementPolicy(
            grace_days=company.ar_discount_grace_days,
            tolerance_warning=company.ar_payment_tolerance_warning,
            late_discount_warning=company.ar_discount_tolerance_warning,
            tolerance_blocked=blocked,
        )

    @api.model
    def _open_documents(self, items, currency, payment_date, open_amounts=None):
        """One :class:`settlement.OpenDocument` per open receivable or payable item, in
        the payment ``currency``, and the :class:`SettledItem` behind each reference.

        ``open_amounts`` ({item id: amount in the item's currency}) overrides the
        residual, e.g. to leave out what other unposted statement lines already apply.
        An item in another currency is converted at the payment date: the customer owes
        the foreign amount, and Odoo books the exchange difference when the item is
        reconciled.
        """
        open_amounts = open_amounts or {}
        documents, settled = [], {}
        for item in items:
            if item.parent_state != "posted" or item.reconciled:
                # Reset to draft, cancelled or paid elsewhere: nothing to settle.
                continue
            company = item.company_id
            move = item.move_id
            item_currency = item.currency_id
            open_currency = open_amounts.get(item.id, item.amount_residual_currency)
            if item_currency == currency:
                open_amount = open_currency
            elif (
                currency == company.currency_id and item_currency == company.currency_id
            ):
                open_amount = open_currency
            else:
                open_amount = item_currency._convert(
                    open_currency, currency, company, payment_date
                )
            open_amount = currency.round(open_amount)
            if currency.is_zero(open_amount):
                continue
            ratio = open_currency / open_amount
            reference = str(item.id)
            schedule = settlement.NO_DISCOUNT
            discount_base = None
            terms = move.line_ids.filtered(
                lambda line: line.display_type == "payment_term"
            )
            if move.is_invoice(include_receipts=True) and len(terms) == 1:
                schedule = move._ar_discount_schedule()
                if schedule.periods:
                    discount_base = move.invoice_payment_term_id._ar_discount_base(
                        open_amount, move.amount_untaxed, move.amount_total, currency
                    )
            tolerance = 0.0
            if move.is_invoice(include_receipts=True) and move.amount_total and terms:
                # The document's tolerance, shared over its instalments, in the payment
                # currency.
                share = abs(item.amount_currency) / sum(
                    abs(line.amount_currency) for line in terms
                )
                tolerance = abs(move.ar_max_payment_tolerance) * share
                if move.currency_id != currency:
                    tolerance = move.currency_id._convert(
                        tolerance, currency, company, payment_date
                    )
                tolerance = currency.round(tolerance) * (1 if open_amount > 0 else -1)
            try:
                documents.append(
                    settlement.OpenDocument(
                        reference=reference,
                        document_date=move.invoice_date or item.date,
                        open_amount=currency._ar_decimal(open_amount),
                        discounts=schedule,
                        max_tolerance=currency._ar_decimal(tolerance),
                        discount_base=discount_base,
                    )
                )
            except MessageError as error:
                self._ar_raise(
                    msg(
                        codes.DOCUMENT_ERROR,
                        document=move.display_name,
                        error=_with_names(error.message, {reference: move.name}),
                    ),
                    currency,
                )
            settled[reference] = SettledItem(item, open_amount, open_currency, ratio)
        return documents, settled

    @api.model
    def _settle(
        self,
        items,
        amount,
        currency,
        payment_date,
        choices=None,
        open_amounts=None,
        partners=None,
        paying_company=None,
    ):
        """Settle ``amount`` (signed the Odoo way: received positive, paid out negative)
        on ``items`` at ``payment_date``. Returns the outcome and the settled items by
        reference. Bad input (a payment dated before a document, a negative amount for
        invoices, ...) raises a UserError naming the problem; nothing is written here
        either way."""
        if not items:
            raise UserError(_("Select at least one open document to settle."))
        company = items.company_id
        if paying_company and company - paying_company:
            # Centralized payments: the paying company's bank line settles documents of
            # the companies it receives payments for, under its own settings.
            pairs = self.env["ar.intercompany.accounting"]._ar_pairs(paying_company)
            if not set((company - paying_company).ids) <= set(pairs):
                raise UserError(
                    _("A payment settles documents of one company at a time.")
                )
            company = paying_company
        if len(company) != 1:
            raise UserError(_("A payment settles documents of one company at a time."))
        documents, settled = self._open_documents(
            items, currency, payment_date, open_amounts
        )
        if not documents:
            raise UserError(_("The selected documents have nothing left to pay."))
        policy = self._policy(
            company, partners if partners is not None else items.partner_id
        )
        try:
            outcome = settlement.settle_payment(
                currency._ar_decimal(amount),
                payment_date,
                documents,
                policy=policy,
                choices=choices or settlement.ClerkChoices(),
                rounding=currency._ar_quantum(),
            )
        except MessageError as error:
            self._ar_raise(
                _with_names(error.message, self._ar_names(settled)), currency
            )
        return outcome, settled

    @api.model
    def _ar_names(self, settled):
        """{reference: document number}: the clerk knows documents by number."""
        return {
            reference: info.item.move_id.display_name
            for reference, info in settled.items()
        }

    @api.model
    def _ar_raise(self, message, currency=None):
        """Refuse with ``message`` rendered for the user (nothing is written)."""
        text = self.env["ar.message"]._ar_render(message, currency=currency)
        raise ArSettlementError(text, message) from None

    @api.model
    def _closing_vals(self, outcome, settled, currency, to_balance, label=""):
        """Journal items that post a settlement, without the liquidity item: per
        document a receivable (payable) item closing what the settlement takes, in the
        document's own currency, then its discount (split over base and taxes the way
        Odoo splits an early payment discount, so the tax stays right) and its payment
        tolerance.

        ``to_balance`` converts an amount of the payment ``currency`` to company
        currency. Each receivable item carries ``ar_reconcile_with``, the open item it
        closes; the caller removes the key, creates the items and reconciles the pairs.
        """
        vals_list = []
        for doc in outcome.documents:
            info = settled[doc.reference]
            item = info.item
            move = item.move_id
            closed = doc.open_before - doc.remaining
            if not closed:
                continue
            closed = float(closed)
            if doc.remaining:
                closed_currency = item.currency_id.round(closed * info.ratio)
            else:
                closed_currency = info.open_amount_currency
            vals_list.append(
                {
                    "account_id": item.account_id.id,
                    "partner_id": item.partner_id.id,
                    "name": label or move.name,
                    "currency_id": item.currency_id.id,
                    "amount_currency": -closed_currency,
                    "balance": -to_balance(closed),
                    "ar_reconcile_with": item.id,
                }
            )
            if doc.total_discount:
                vals_list += self._discount_vals(doc, info, to_balance)
            if doc.tolerance:
                vals_list.append(self._tolerance_vals(doc, info, currency, to_balance))
        return vals_list

    @api.model
    def _discount_vals(self, doc, info, to_balance):
        item, move = info.item, info.item.move_id
        item_currency = item.currency_id
        discount = float(doc.total_discount)
        discount_currency = item_currency.round(discount * info.ratio)
        what = (
            _("Late payment discount")
            if doc.late_discount
            else _("Settlement discount")
            if doc.extra_discount and not doc.discount
            else _("Early payment discount")
        )
        name = _(
            "%(what)s %(percent)s %% on %(document)s",
            what=what,
            percent=_percent_text(doc.discount_percent),
            document=move.name,
        )
        odoo_split = getattr(move, _ODOO_DISCOUNT_SPLIT)()
        keyed = [
            (key, {**dict(grouping), **vals})
            for key in ("base_lines", "tax_lines", "term_lines")
            for grouping, vals in odoo_split[key][item].items()
        ]
        parts = [part for _key, part in keyed]
        weights = [part["amount_currency"] for part in parts]
        bases = [
            index for index, (key, _part) in enumerate(keyed) if key == "base_lines"
        ]
        if bases and move.amount_total:
            # Odoo scales its split to the share still open, then puts the rest of the
            # whole discount on its biggest base item (meant as a rounding fix): on a
            # partly paid invoice, scaled to our discount, that would reduce too little
            # tax. Take it out.
            paid_share = 1 - abs(item.amount_residual_currency / move.amount_total)
            if not float_is_zero(paid_share, precision_digits=6):
                biggest = max(bases, key=lambda index: weights[index])
                weights[biggest] -= (
                    item.amount_currency - item.discount_amount_currency
                ) * paid_share
        total = sum(weights)
        if not parts or float_is_zero(total, precision_rounding=item_currency.rounding):
            account = (
                move.company_id.account_journal_early_pay_discount_loss_account_id
                if move.is_inbound(include_receipts=True)
                else move.company_id.account_journal_early_pay_discount_gain_account_id
            )
            parts = [{"account_id": account.id, "partner_id": item.partner_id.id}]
            weights, bases, total = [1.0], [], 1.0
        if not all(part.get("account_id") for part in parts):
            raise UserError(
                _(
                    "Set the early payment discount accounts in the Accounting "
                    "settings before a discount can be posted on %(document)s.",
                    document=move.name,
                )
            )
        # Odoo's split is for its own (first period, whole document) discount: scale it
        # to the discount taken, keeping the proportions between base and taxes. The
        # rounding rest goes on the biggest base item, as Odoo puts it, so the tax stays
        # as computed.
        company_currency = move.company_id.currency_id
        discount_balance = to_balance(discount)
        rest = max(bases or range(len(parts)), key=lambda index: abs(weights[index]))
        amounts = {}
        for index, weight in enumerate(weights):
            if index != rest:
                amounts[index] = (
                    item_currency.round(discount_currency * weight / total),
                    company_currency.round(discount_balance * weight / total),
                )
        amounts[rest] = (
            discount_currency - sum(amount for amount, _balance in amounts.values()),
            discount_balance - sum(balance for _amount, balance in amounts.values()),
        )
        vals_list = []
        for index, part in enumerate(parts):
            vals = {
                key: value
                for key, value in part.items()
                if key not in ("balance", "debit", "credit")
            }
            vals.update(
                {
                    "name": name,
                    "partner_id": part.get("partner_id") or item.partner_id.id,
                    "currency_id": item_currency.id,
                    "amount_currency": amounts[index][0],
                    "balance": amounts[index][1],
                    "display_type": "epd",
                }
            )
            vals_list.append(vals)
        return vals_list

    @api.model
    def _tolerance_vals(self, doc, info, currency, to_balance):
        move = info.item.move_id
        company = move.company_id
        loss = doc.tolerance > 0
        account = (
            company.ar_tolerance_loss_account_id
            if loss
            else company.ar_tolerance_gain_account_id
        )
        if not account:
            raise UserError(
                _(
                    "Set the payment tolerance gain and loss accounts in the "
                    "Accounting settings before a payment tolerance can be posted on "
                    "%(document)s.",
                    document=move.name,
                )
            )
        side = (
            _("underpayment")
            if doc.tolerance_posted_on == settlement.POSTED_ON_DOCUMENT
            else _("overpayment")
        )
        return {
            "account_id": account.id,
            "partner_id": info.item.partner_id.id,
            "name": _(
                "Payment tolerance (%(side)s) on %(document)s",
                side=side,
                document=move.name,
            ),
            "currency_id": currency.id,
            "amount_currency": float(doc.tolerance),
            "balance": to_balance(float(doc.tolerance)),
        }

    @api.model
    def _describe(self, outcome, settled, currency=None):
        """What the settlement does, as messages (one line per document, then the
        payment's rest and a balance to confirm): render them with ``ar.message`` or
        store their ``to_json()``. Amounts name ``currency`` (the payment's), or none:
        the renderer's currency."""
        names = {
            reference: info.item.move_id.name for reference, info in settled.items()
        }
        return settlement.describe(
            outcome, names=names, currency=currency.name if currency else None
        )
