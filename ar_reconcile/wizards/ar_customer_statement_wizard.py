from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

PRINT_LIMIT_PARAM = "ar_reconcile.statement_print_limit"
PRINT_LIMIT = 50


class ArCustomerStatementWizard(models.TransientModel):
    """Customer Statements (BC 12.1): open items on a date, or all activity of a
    period, with aging, for selected customers or every customer with entries;
    printed or emailed. One customer runs at once; a batch runs in the background."""

    _name = "ar.customer.statement.wizard"
    _description = "Customer Statements"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    target = fields.Selection(
        [
            ("selected", "Selected Customers"),
            ("all", "All Customers with Entries"),
        ],
        string="Customers",
        required=True,
        default=lambda self: "selected" if self._default_partner_ids() else "all",
        help="All Customers with Entries: every customer with receivable entries in "
        "this company up to the statement date; those with nothing to show get no "
        "statement.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Selected Customers",
        default=lambda self: self._default_partner_ids(),
        domain="[('parent_id', '=', False), "
        "('company_id', 'in', (company_id, False))]",
    )
    mode = fields.Selection(
        [("open_items", "Open Items"), ("all_activity", "All Activity")],
        string="Show",
        required=True,
        default="open_items",
        help="Open Items: what is open on the statement date. All Activity: the "
        "opening balance, every invoice, credit note and payment of the period, and "
        "the closing balance.",
    )
    date_from = fields.Date(
        string="Period Start",
        default=lambda self: fields.Date.context_today(self).replace(day=1),
    )
    date_to = fields.Date(
        string="Statement Date",
        required=True,
        default=fields.Date.context_today,
        help="The last day of the statement and the date the items are aged on.",
    )
    aging_days = fields.Char(
        string="Aging Buckets (Days)",
        required=True,
        default=lambda self: self.env.company.ar_statement_aging_days or "30,60,90",
        help="The limits of the aging columns in days overdue, separated by commas: "
        "30,60,90 gives Not due, 1-30, 31-60, 61-90 and Over 90 days.",
    )
    no_email_warning = fields.Char(compute="_compute_no_email_warning")

    @api.model
    def _default_partner_ids(self):
        context = self.env.context
        if context.get("active_model") == "res.partner" and context.get("active_ids"):
            partners = self.env["res.partner"].browse(context["active_ids"])
            return partners.commercial_partner_id
        return self.env["res.partner"]

    @api.depends("partner_ids", "target")
    def _compute_no_email_warning(self):
        Statement = self.env["ar.customer.statement"]
        for wizard in self:
            missing = (
                wizard.partner_ids.filtered(
                    lambda p: not Statement._ar_recipient(p).email
                )
                if wizard.target == "selected"
                else False
            )
            wizard.no_email_warning = (
                _(
                    "No email address: %(names)s. They get no statement by email; "
                    "print theirs.",
                    names=", ".join(missing[:10].mapped("display_name")),
                )
                if missing
                else False
            )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _options(self):
        self.ensure_one()
        return (
            self.env["ar.customer.statement"]
            .with_company(self.company_id)
            ._ar_options(self.mode, self.date_to, self.date_from, self.aging_days)
        )

    def _partners(self, options):
        """The customers of the run (commercial partners), in id order."""
        self.ensure_one()
        if self.target == "selected":
            partners = self.partner_ids.commercial_partner_id
            if not partners:
                raise UserError(
                    _("Select the customers, or choose All Customers with Entries.")
                )
            return partners.sorted("id")
        Line = self.env["account.move.line"]
        groups = Line._read_group(
            [
                ("company_id", "=", self.company_id.id),
                ("parent_state", "=", "posted"),
                ("account_id.account_type", "=", "asset_receivable"),
                ("partner_id", "!=", False),
                ("date", "<=", options["date_to"]),
            ],
            ["partner_id"],
        )
        partners = (
            self.env["res.partner"]
            .browse([partner.id for (partner,) in groups])
            .commercial_partner_id
        )
        if not partners:
            raise UserError(
                _(
                    "No customer has receivable entries in %(company)s up to "
                    "%(date)s.",
                    company=self.company_id.name,
                    date=format_date(self.env, self.date_to),
                )
            )
        return partners.sorted("id")

    def _start_job(self, action, partners, options):
        mode_label = dict(self._fields["mode"].selection)[self.mode]
        job = self.env["ar.customer.statement.job"].create(
            {
                "name": _(
                    "Statements %(date)s (%(mode)s)",
                    date=format_date(self.env, self.date_to),
                    mode=mode_label,
                ),
                "action": action,
                "company_id": self.company_id.id,
                "mode": self.mode,
                "date_from": options["date_from"],
                "date_to": self.date_to,
                "aging_days": ",".join(str(b) for b in options["buckets"]),
                "partner_ids": [(6, 0, partners.ids)],
                "partners_total": len(partners),
            }
        )
        job._start()
        return job._form_action()

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------

    def action_print(self):
        """Print at once (up to the print limit); a larger batch is printed in the
        background and its PDF files attached to the run."""
        self.ensure_one()
        options = self._options()
        partners = self._partners(options)
        limit = int(
            self.env["ir.config_parameter"].sudo().get_param(PRINT_LIMIT_PARAM)
            or PRINT_LIMIT
        )
        if len(partners) > limit:
            return self._start_job("print", partners, options)
        Statement = self.env["ar.customer.statement"].with_company(self.company_id)
        statements, _lines = Statement._ar_compute(partners, options)
        printable = partners.filtered(lambda p: p.id in statements)
        if not printable:
            raise UserError(self._nothing_message())
        return self.env.ref(
            "ar_reconcile.action_report_customer_statement"
        ).report_action(printable, data={"ar_statement_options": options})

    def action_send(self):
        """Email one customer at once; several in the background."""
        self.ensure_one()
        options = self._options()
        partners = self._partners(options)
        if len(partners) > 1:
            return self._start_job("send", partners, options)
        Statement = self.env["ar.customer.statement"].with_company(self.company_id)
        result = Statement._ar_send(partners, options)
        if result["empty"]:
            raise UserError(self._nothing_message())
        if result["no_email"]:
            raise UserError(
                _(
                    "%(customer)s has no email address, nor has its invoice address: "
                    "nothing was sent. Add an email address to the customer, or print "
                    "the statement.",
                    customer=partners.display_name,
                )
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "The statement of %(customer)s is queued for sending.",
                    customer=partners.display_name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _nothing_message(self):
        if self.mode == "open_items":
            return _(
                "Nothing is open on %(date)s for the selected customers: there is no "
                "statement to make.",
                date=format_date(self.env, self.date_to),
            )
        return _(
            "The selected customers have no activity and no balance from %(start)s to "
            "%(end)s: there is no statement to make.",
            start=format_date(self.env, self.date_from),
            end=format_date(self.env, self.date_to),
        )
