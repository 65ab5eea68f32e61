import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date, get_lang

from ..lib.collections import (
    ALL_ACTIVITY,
    CREDIT_NOTE,
    INVOICE,
    OPEN_ITEMS,
    PAYMENT,
    StatementItem,
    customer_statements,
    overdue,
    parse_buckets,
)
from ..lib.collections.types import ZERO
from ..lib.messages import MessageError

_logger = logging.getLogger(__name__)

# A journal entry on the receivable that is neither invoice, credit note nor payment
# (an opening balance, a write-off, an exchange difference).
OTHER = "entry"
REPORT = "ar_reconcile.action_report_customer_statement"
TEMPLATE = "ar_reconcile.mail_template_customer_statement"


class ArCustomerStatement(models.AbstractModel):
    """Customer statements (BC 12.1): the receivable items of a batch of customers
    read in bulk, the arithmetic done by ``lib.collections``, the result formatted in
    each customer's language for the report, the PDF rendered and emailed.

    ``options`` is a dict that travels from the wizard to the report and the
    background job: ``mode`` (open_items / all_activity), ``date_to`` (the statement
    and aging date), ``date_from`` (all activity: the period's first day), ``buckets``
    (aging limits in days) and ``company_id``.
    """

    _name = "ar.customer.statement"
    _description = "Customer Statement"

    # ------------------------------------------------------------------
    # Options
    # ------------------------------------------------------------------

    @api.model
    def _ar_options(self, mode, date_to, date_from=False, aging_days=False):
        """Checked options; a wrong period or wrong buckets is a UserError."""
        if mode not in (OPEN_ITEMS, ALL_ACTIVITY):
            raise UserError(_("Choose open items or all activity."))
        if not date_to:
            raise UserError(_("Enter the statement date."))
        date_to = fields.Date.to_date(date_to)
        date_from = fields.Date.to_date(date_from) if date_from else False
        if mode == ALL_ACTIVITY and not date_from:
            raise UserError(
                _("A statement of all activity needs the first day of its period.")
            )
        if mode == ALL_ACTIVITY and date_from > date_to:
            raise UserError(
                _(
                    "The period starts on %(start)s, after the statement date "
                    "%(end)s: enter a start date on or before the statement date.",
                    start=format_date(self.env, date_from),
                    end=format_date(self.env, date_to),
                )
            )
        try:
            buckets = parse_buckets(aging_days)
        except MessageError as error:
            raise UserError(
                _(
                    "Aging buckets: %(error)s.",
                    error=self.env["ar.message"]._ar_render(error.message),
                )
            ) from None
        return {
            "mode": mode,
            "date_to": fields.Date.to_string(date_to),
            "date_from": fields.Date.to_string(date_from)
            if mode == ALL_ACTIVITY
            else False,
            "buckets": list(buckets),
            "company_id": self.env.company.id,
        }

    @api.model
    def _ar_default_options(self):
        """Open items today with the company's buckets (the report printed alone)."""
        return self._ar_options(
            OPEN_ITEMS,
            fields.Date.context_today(self),
            aging_days=self.env.company.ar_statement_aging_days,
        )

    # ------------------------------------------------------------------
    # Reading and computing
    # ------------------------------------------------------------------

    @api.model
    def _ar_item_domain(self, partners, options):
        """The receivable items of the customers' statements in the company: posted,
        dated up to the statement date; for open items only those open on it (not
        reconciled, or reconciled by an application after it)."""
        end = options["date_to"]
        domain = [
            ("company_id", "=", options["company_id"]),
            ("parent_state", "=", "posted"),
            ("account_id.account_type", "=", "asset_receivable"),
            ("partner_id", "child_of", partners.ids),
            ("date", "<=", end),
        ]
        if options["mode"] == OPEN_ITEMS:
            domain += [
                "|",
                "|",
                ("reconciled", "=", False),
                ("matched_debit_ids.max_date", ">", end),
                ("matched_credit_ids.max_date", ">", end),
            ]
        return domain

    @api.model
    def _ar_compute(self, partners, options):
        """``({partner id: (lib Statement, ...)}, {item id: account.move.line})``
        for the commercial ``partners``: a handful of queries whatever the number of
        items (items, their documents, their applications, currencies)."""
        partners = partners.commercial_partner_id
        if not partners:
            return {}, {}
        Line = self.env["account.move.line"].with_company(options["company_id"])
        lines = Line.search_fetch(
            self._ar_item_domain(partners, options),
            [
                "move_id",
                "move_name",
                "move_type",
                "payment_id",
                "date",
                "date_maturity",
                "amount_currency",
                "currency_id",
                "partner_id",
                "name",
                "ref",
            ],
            order="date, move_name, id",
        )
        applications = {}
        if lines:
            partials = self.env["account.partial.reconcile"].search_fetch(
                [
                    "|",
                    ("debit_move_id", "in", lines.ids),
                    ("credit_move_id", "in", lines.ids),
                    ("max_date", "<=", options["date_to"]),
                ],
                [
                    "debit_move_id",
                    "credit_move_id",
                    "debit_amount_currency",
                    "credit_amount_currency",
                    "max_date",
                ],
            )
            for partial in partials:
                debit, credit = partial.debit_move_id, partial.credit_move_id
                applications.setdefault(debit.id, []).append(
                    (
                        partial.max_date,
                        -debit.currency_id._ar_decimal(partial.debit_amount_currency),
                    )
                )
                applications.setdefault(credit.id, []).append(
                    (
                        partial.max_date,
                        credit.currency_id._ar_decimal(partial.credit_amount_currency),
                    )
                )
        items = []
        by_id = {}
        for line in lines:
            by_id[line.id] = line
            currency = line.currency_id
            items.append(
                StatementItem(
                    customer=line.partner_id.commercial_partner_id.id,
                    ref=line.move_name or "",
                    date=line.date,
                    amount=currency._ar_decimal(line.amount_currency),
                    currency=currency.name,
                    due_date=line.date_maturity,
                    kind=self._ar_kind(line),
                    applications=tuple(applications.get(line.id, ())),
                    key=line.id,
                )
            )
        try:
            result = customer_statements(
                items,
                fields.Date.to_date(options["date_to"]),
                start=fields.Date.to_date(options["date_from"])
                if options.get("date_from")
                else None,
                mode=options["mode"],
                buckets=tuple(options["buckets"]),
            )
        except MessageError as error:
            raise UserError(self.env["ar.message"]._ar_render(error.message)) from None
        return result, by_id

    @api.model
    def _ar_kind(self, line):
        move_type = line.move_type
        if move_type in ("out_invoice", "out_receipt", "in_refund"):
            return INVOICE
        if move_type in ("out_refund", "in_invoice", "in_receipt"):
            return CREDIT_NOTE
        if (
            line.payment_id
            or line.move_id.origin_payment_id
            or (line.move_id.statement_line_id)
        ):
            return PAYMENT
        return OTHER

    @api.model
    def _ar_kind_label(self, kind):
        return {
            INVOICE: _("Invoice"),
            CREDIT_NOTE: _("Credit Note"),
            PAYMENT: _("Payment"),
        }.get(kind, _("Journal Entry"))

    # ------------------------------------------------------------------
    # Formatting for the report
    # ------------------------------------------------------------------

    @api.model
    def _ar_lang(self, partner):
        """The customer's language if it is active, else the user's."""
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        if partner.lang in installed:
            return partner.lang
        return get_lang(self.env).code

    @api.model
    def _ar_documents(self, partners, options):
        """``{partner id: document}``: what the report prints of each customer,
        every text, amount and date already in the customer's language."""
        statements, lines = self._ar_compute(partners, options)
        company = self.env["res.company"].browse(options["company_id"])
        currencies = {
            currency.name: currency
            for currency in self.env["res.currency"]
            .with_context(active_test=False)
            .search(
                [
                    (
                        "name",
                        "in",
                        list(
                            {s.currency for group in statements.values() for s in group}
                        ),
                    )
                ]
            )
        }
        documents = {}
        for partner in partners:
            lang = self._ar_lang(partner)
            this = self.with_context(lang=lang)
            Message = self.env["ar.message"].with_context(lang=lang)
            env = this.env

            def amount(value, currency, Message=Message):
                return Message._ar_format_amount(value, currency)

            def day(value, env=env):
                return format_date(env, value) if value else ""

            sections = []
            for computed in statements.get(partner.commercial_partner_id.id, ()):
                currency = currencies[computed.currency]
                rows = []
                for row in computed.lines:
                    line = lines[row.entry.key]
                    rows.append(
                        {
                            "date": day(row.entry.date),
                            "number": row.entry.ref,
                            "kind": this._ar_kind_label(row.entry.kind),
                            "description": line.ref or line.name or "",
                            "due": day(row.entry.due_date)
                            if row.entry.kind in (INVOICE, OTHER)
                            else "",
                            "original": amount(row.entry.amount, currency),
                            "amount": amount(row.amount, currency),
                            "balance": amount(row.balance, currency),
                            "overdue": bool(
                                row.entry.due_date
                                and row.entry.due_date < computed.end
                                and row.entry.open_amount
                            ),
                        }
                    )
                sections.append(
                    {
                        "currency": currency.name,
                        "opening": amount(computed.opening_balance, currency),
                        "closing": amount(computed.closing_balance, currency),
                        "overdue": amount(overdue(computed), currency),
                        "aging_total": amount(
                            sum((b.amount for b in computed.aging), ZERO), currency
                        ),
                        "lines": rows,
                        "aging": [
                            {
                                "label": Message._ar_render(bucket.label),
                                "amount": amount(bucket.amount, currency),
                            }
                            for bucket in computed.aging
                        ],
                    }
                )
            texts = company.with_context(lang=lang)
            documents[partner.id] = {
                "lang": lang,
                "mode": options["mode"],
                "date": day(fields.Date.to_date(options["date_to"])),
                "start": day(fields.Date.to_date(options["date_from"]))
                if options.get("date_from")
                else "",
                "intro": texts.ar_statement_intro,
                "closing_text": texts.ar_statement_closing,
                "sections": sections,
            }
        return documents

    # ------------------------------------------------------------------
    # PDF and email
    # ------------------------------------------------------------------

    @api.model
    def _ar_render_pdf(self, partners, options):
        """``(content, extension)`` of the statements of ``partners`` in one file."""
        content, report_type = self.env["ir.actions.report"]._render_qweb_pdf(
            REPORT, partners.ids, data={"ar_statement_options": options}
        )
        return content, "pdf" if report_type == "pdf" else report_type

    @api.model
    def _ar_file_name(self, partner, options, extension):
        return "{} - {} {}.{}".format(
            _("Statement"),
            partner.commercial_partner_id.name,
            options["date_to"],
            extension,
        )

    @api.model
    def _ar_recipient(self, partner):
        """Who receives the statement: the customer's invoice address when it has an
        email, else the customer."""
        invoice_contacts = partner.child_ids.filtered(
            lambda child: child.type == "invoice" and child.email
        )
        return invoice_contacts[:1] or partner

    @api.model
    def _ar_send(self, partners, options):
        """Queue one email per customer with its statement attached.

        Returns ``{"sent": partners, "no_email": partners, "empty": partners}``: a
        customer without an email address (on itself or its invoice address) gets
        nothing, nor does one whose statement would be empty; the others go out.
        """
        partners = partners.commercial_partner_id
        statements, _lines = self._ar_compute(partners, options)
        empty = partners.filtered(lambda p: p.id not in statements)
        recipients = {p.id: self._ar_recipient(p) for p in partners - empty}
        no_email = (partners - empty).filtered(lambda p: not recipients[p.id].email)
        to_send = partners - empty - no_email
        if not to_send:
            return {"sent": to_send, "no_email": no_email, "empty": empty}
        company = self.env["res.company"].browse(options["company_id"])
        template = (
            self.env.ref(TEMPLATE)
            .sudo()
            .with_context(
                ar_statement_date=options["date_to"],
                ar_statement_company=company.name,
                ar_statement_email_from=company.email_formatted
                or self.env.user.email_formatted,
            )
        )
        rendered = template._generate_template(
            to_send.ids, ("subject", "body_html", "email_from", "reply_to")
        )
        # The statement is kept on the customer: a clerk who may send statements
        # attaches it there without the right to edit the customer itself.
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": self._ar_file_name(partner, options, extension),
                        "raw": content,
                        "res_model": "res.partner",
                        "res_id": partner.id,
                        "mimetype": "application/pdf"
                        if extension == "pdf"
                        else "text/html",
                    }
                    for partner in to_send
                    for content, extension in [self._ar_render_pdf(partner, options)]
                ]
            )
        )
        self.env["mail.mail"].sudo().create(
            [
                {
                    "subject": rendered[partner.id]["subject"],
                    "body_html": rendered[partner.id]["body_html"],
                    "email_from": rendered[partner.id].get("email_from")
                    or company.email_formatted,
                    "reply_to": rendered[partner.id].get("reply_to") or False,
                    "recipient_ids": [(4, recipients[partner.id].id)],
                    "model": "res.partner",
                    "res_id": partner.id,
                    "message_type": "email_outgoing",
                    "attachment_ids": [(4, attachment.id)],
                    "auto_delete": template.auto_delete,
                }
                for partner, attachment in zip(to_send, attachments, strict=True)
            ]
        )
        return {"sent": to_send, "no_email": no_email, "empty": empty}


class ReportCustomerStatement(models.AbstractModel):
    _name = "report.ar_reconcile.report_customer_statement"
    _description = "Customer Statement Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        options = (data or {}).get("ar_statement_options")
        Statement = self.env["ar.customer.statement"]
        if not options:
            options = Statement._ar_default_options()
        company = self.env["res.company"].browse(options["company_id"])
        Statement = Statement.with_company(company)
        partners = self.env["res.partner"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": partners,
            "company": company,
            "ar_documents": Statement._ar_documents(partners, options),
        }
