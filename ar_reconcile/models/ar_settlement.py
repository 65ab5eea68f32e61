"""Turn open journal items and a payment into a settlement, and a settlement into journal
items: the Odoo side of ``lib/settlement.py``, shared by the payment reconciliation journal
and payment registration."""

from dataclasses import dataclass
from decimal import Decimal

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero

from ..lib import settlement
from ..lib.messages import Amount, msg


def _dec(value):
    return Decimal(str(value))


def _percent_text(percent):
    """2 for Decimal("2.00"), 1.5 for Decimal("1.50")."""
    return format(percent.normalize(), "f")


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
        """The company's settings; tolerance is blocked when any paying partner blocks it."""
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
        """One :class:`settlement.OpenDocument` per open receivable or payable item, in the
        payment ``currency``, and the :class:`SettledItem` behind each reference.

        ``open_amounts`` ({item id: amount in the item's currency}) overrides the residual,
        e.g. to leave out what other unposted statement lines already apply. An item in
        another currency is converted at the payment date: the customer owes the foreign
        amount, and Odoo books the exchange difference when the item is reconciled.
        """
        open_amounts = open_amounts or {}
        documents, settled = [], {}
        for item in items:
            if item.parent_state != "posted" or item.reconciled:
                continue  # reset to draft, cancelled or paid elsewhere: nothing to settle
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
                # The document's tolerance, shared over its instalments, in the payment currency.
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
                        open_amount=_dec(open_amount),
                        discounts=schedule,
                        max_tolerance=_dec(tolerance),
                        discount_base=discount_base,
                    )
                )
            except ValueError as error:
                raise UserError(
                    _(
                        "%(document)s: %(error)s",
                        document=move.display_name,
                        error=error,
                    )
                ) from None
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
    ):
        """Settle ``amount`` (signed the Odoo way: received positive, paid out negative) on
        ``items`` at ``payment_date``. Returns the outcome and the settled items by reference.
        Bad input (a payment dated before a document, a negative amount for invoices, ...)
        raises a UserError naming the problem; nothing is written here either way."""
        if not items:
            raise UserError(_("Select at least one open document to settle."))
        company = items.company_id
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
                _dec(currency.round(amount)),
                payment_date,
                documents,
                policy=policy,
                choices=choices or settlement.ClerkChoices(),
                rounding=_dec(currency.rounding),
            )
        except ValueError as error:
            raise UserError(self._readable_error(error, settled)) from None
        return outcome, settled

    @api.model
    def _readable_error(self, error, settled):
        """The library names documents by item id; the clerk knows them by number."""
        message = str(error)
        for reference, info in settled.items():
            message = message.replace(
                f"document {reference}", info.item.move_id.display_name
            )
        return message

    @api.model
    def _closing_vals(self, outcome, settled, currency, to_balance, label=""):
        """Journal items that post a settlement, without the liquidity item: per document a
        receivable (payable) item closing what the settlement takes, in the document's own
        currency, then its discount (split over base and taxes the way Odoo splits an early
        payment discount, so the tax stays right) and its payment tolerance.

        ``to_balance`` converts an amount of the payment ``currency`` to company currency.
        Each receivable item carries ``ar_reconcile_with``, the open item it closes; the
        caller removes the key, creates the items and reconciles the pairs.
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
        odoo_split = move._get_invoice_counterpart_amls_for_early_payment_discount_per_payment_term_line()
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
            # Odoo scales its split to the share still open, then puts the rest of the whole
            # discount on its biggest base item (meant as a rounding fix): on a partly paid
            # invoice, scaled to our discount, that would reduce too little tax. Take it out.
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
                    "Set the early payment discount accounts in the Accounting settings before a "
                    "discount can be posted on %(document)s.",
                    document=move.name,
                )
            )
        # Odoo's split is for its own (first period, whole document) discount: scale it to
        # the discount taken, keeping the proportions between base and taxes. The rounding
        # rest goes on the biggest base item, as Odoo puts it, so the tax stays as computed.
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
                    "Set the payment tolerance gain and loss accounts in the Accounting settings "
                    "before a payment tolerance can be posted on %(document)s.",
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
    def _describe(self, outcome, settled, currency):
        """What the settlement does, as messages (``lib.messages``) to render in the
        reader's language: one per document, then what stays open of the payment.
        Amounts are in the payment ``currency`` (a ``res.currency``)."""

        def money(value):
            return Amount(Decimal(value), currency.name)

        lines = []
        for doc in outcome.documents:
            move = settled[doc.reference].item.move_id
            parts = [
                msg(
                    "settlement.summary.pays",
                    document=move.name,
                    applied=money(doc.applied),
                )
            ]
            if doc.discount:
                parts.append(
                    msg(
                        "settlement.summary.discount",
                        amount=money(doc.discount),
                        percent=doc.discount_percent.normalize(),
                    )
                )
            if (
                doc.discount_available
                and doc.discount_available != doc.total_discount
                and not doc.late_discount_pending
            ):
                parts.append(
                    msg(
                        "settlement.summary.discount_whole",
                        amount=money(doc.discount_available),
                    )
                )
            if doc.late_discount:
                parts.append(
                    msg(
                        "settlement.summary.late_discount",
                        amount=money(doc.late_discount),
                    )
                )
            if doc.late_discount_pending:
                parts.append(
                    msg(
                        "settlement.summary.late_discount_to_accept",
                        amount=money(doc.discount_available),
                    )
                )
            if doc.extra_discount:
                parts.append(
                    msg(
                        "settlement.summary.extra_discount",
                        amount=money(doc.extra_discount),
                    )
                )
            if doc.tolerance:
                parts.append(
                    msg("settlement.summary.tolerance", amount=money(doc.tolerance))
                )
            parts.append(
                msg("settlement.summary.closed")
                if doc.closed
                else msg("settlement.summary.stays_open", amount=money(doc.remaining))
            )
            lines.append(msg("settlement.summary.document", parts=tuple(parts)))
        if outcome.payment_remaining:
            lines.append(
                msg(
                    "settlement.summary.payment_credit",
                    amount=money(outcome.payment_remaining),
                )
            )
        if outcome.needs_tolerance_confirmation:
            lines.append(
                msg(
                    "settlement.summary.tolerance_balance",
                    amount=money(outcome.tolerance_to_confirm),
                )
            )
        return lines
