from odoo import _, api, fields, models

BATCH_SIZE_PARAM = "ar_reconcile.statement_batch_size"
BATCH_SIZE = 50
CRON = "ar_reconcile.ir_cron_ar_customer_statement"


class ArCustomerStatementJob(models.Model):
    """Customer statements of many customers, sent or printed in the background.

    A scheduled action takes the customers in batches (``cursor`` says how many are
    done, written in the batch's own transaction); each batch reads its customers'
    items in bulk, queues their emails or renders one PDF of the batch, and reports
    the progress. The clerk is notified when the job is done.
    """

    _name = "ar.customer.statement.job"
    _description = "Customer Statement Run"
    _inherit = ["mail.thread", "ar.background.job"]
    _order = "id desc"
    _ar_cron_xmlid = CRON
    _ar_batch_size_param = BATCH_SIZE_PARAM
    _ar_batch_size_default = BATCH_SIZE

    name = fields.Char(required=True, readonly=True)
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("running", "Running"),
            ("done", "Done"),
            ("failed", "Failed"),
        ],
        default="queued",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    action = fields.Selection(
        [("send", "Send by Email"), ("print", "Print")],
        required=True,
        readonly=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Requested By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    mode = fields.Selection(
        [("open_items", "Open Items"), ("all_activity", "All Activity")],
        required=True,
        readonly=True,
    )
    date_from = fields.Date(string="Period Start", readonly=True)
    date_to = fields.Date(string="Statement Date", required=True, readonly=True)
    aging_days = fields.Char(string="Aging Buckets (Days)", readonly=True)
    partner_ids = fields.Many2many(
        "res.partner",
        "ar_customer_statement_job_partner_rel",
        "job_id",
        "partner_id",
        string="Customers",
        readonly=True,
    )
    no_email_partner_ids = fields.Many2many(
        "res.partner",
        "ar_customer_statement_job_no_email_rel",
        "job_id",
        "partner_id",
        string="Customers Without Email",
        readonly=True,
        help="Customers that got no statement because neither they nor their invoice "
        "address have an email address.",
    )
    cursor = fields.Integer(readonly=True, help="Customers processed so far.")
    partners_total = fields.Integer(string="Number of Customers", readonly=True)
    sent_count = fields.Integer(string="Sent", readonly=True)
    empty_count = fields.Integer(
        string="Nothing to Show",
        readonly=True,
        help="Customers whose statement would be empty (nothing open, no activity).",
    )
    progress = fields.Float(compute="_compute_progress", string="Progress (%)")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "ar_customer_statement_job_attachment_rel",
        "job_id",
        "attachment_id",
        string="Printed Statements",
        readonly=True,
    )
    error = fields.Text(readonly=True)
    date_done = fields.Datetime(string="Finished", readonly=True)

    @api.depends("cursor", "partners_total")
    def _compute_progress(self):
        for job in self:
            job.progress = (
                100.0 * job.cursor / job.partners_total if job.partners_total else 100.0
            )

    # ------------------------------------------------------------------
    # Options and starting
    # ------------------------------------------------------------------

    def _options(self):
        self.ensure_one()
        return (
            self.env["ar.customer.statement"]
            .with_company(self.company_id)
            ._ar_options(self.mode, self.date_to, self.date_from, self.aging_days)
        )

    def _start(self):
        self.env.ref(CRON)._trigger()
        return self

    # ------------------------------------------------------------------
    # Running (scheduled action)
    # ------------------------------------------------------------------

    def _ar_remaining(self):
        return self.partners_total - self.cursor

    def _todo(self):
        self.ensure_one()
        return self.partner_ids.sorted("id")[self.cursor :]

    def _ar_process(self, batch_size):
        return self._process(self._todo()[:batch_size])

    def _process(self, partners):
        options = self._options()
        Statement = self.env["ar.customer.statement"]
        values = {}
        if self.action == "send":
            result = Statement._ar_send(partners, options)
            values.update(
                sent_count=self.sent_count + len(result["sent"]),
                empty_count=self.empty_count + len(result["empty"]),
                no_email_partner_ids=[(4, p.id) for p in result["no_email"]],
            )
        else:
            statements, _lines = Statement._ar_compute(partners, options)
            printed = partners.filtered(lambda p: p.id in statements)
            values["empty_count"] = self.empty_count + len(partners - printed)
            values["sent_count"] = self.sent_count + len(printed)
            if printed:
                content, extension = Statement._ar_render_pdf(printed, options)
                first = self.cursor + 1
                attachment = self.env["ir.attachment"].create(
                    {
                        "name": f"{self.name} {first}-{self.cursor + len(partners)}"
                        f".{extension}",
                        "raw": content,
                        "res_model": self._name,
                        "res_id": self.id,
                        "mimetype": "application/pdf"
                        if extension == "pdf"
                        else "text/html",
                    }
                )
                values["attachment_ids"] = [(4, attachment.id)]
        cursor = self.cursor + len(partners)
        done = cursor >= self.partners_total
        values.update(
            cursor=cursor,
            state="done" if done else "running",
            date_done=fields.Datetime.now() if done else False,
        )
        self.write(values)
        return len(partners)

    # ------------------------------------------------------------------
    # Telling the clerk
    # ------------------------------------------------------------------

    def _ar_summary(self):
        self.ensure_one()
        if self.action == "send":
            text = _(
                "%(sent)s of %(total)s customer statements are queued for sending.",
                sent=self.sent_count,
                total=self.partners_total,
            )
        else:
            text = _(
                "%(printed)s of %(total)s customer statements are printed; the PDF "
                "files are attached to the run.",
                printed=self.sent_count,
                total=self.partners_total,
            )
        if self.empty_count:
            text += " " + _(
                "%(count)s customers have nothing to show (nothing open, no activity) "
                "and got no statement.",
                count=self.empty_count,
            )
        if self.no_email_partner_ids:
            text += " " + _(
                "%(count)s customers have no email address and got no statement: "
                "%(names)s. Add an email address (or an invoice address with one) "
                "and send again, or print their statements.",
                count=len(self.no_email_partner_ids),
                names=", ".join(self.no_email_partner_ids[:20].mapped("display_name")),
            )
        return text

    def _ar_notify_done(self):
        self._ar_notify(self._ar_summary())

    def _ar_failure_message(self, error):
        return _(
            "The customer statements %(name)s stopped after %(count)s of "
            "%(total)s customers: %(error)s. What was sent so far stays sent; "
            "correct the cause and resume.",
            name=self.name,
            count=self.cursor,
            total=self.partners_total,
            error=error,
        )

    def action_open_no_email(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Customers Without Email"),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("id", "in", self.no_email_partner_ids.ids)],
        }

    def _ar_form_title(self):
        return _("Customer Statements")
