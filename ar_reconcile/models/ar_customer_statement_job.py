import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

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
    _inherit = ["mail.thread"]
    _order = "id desc"

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

    @api.model
    def _batch_size(self):
        value = self.env["ir.config_parameter"].sudo().get_param(BATCH_SIZE_PARAM)
        try:
            return max(int(value or BATCH_SIZE), 1)
        except ValueError:
            return BATCH_SIZE

    @api.model
    def _cron_run(self, batch_size=None):
        """One batch of customers of the oldest waiting job; report the progress.

        Odoo's cron runner calls this again (in a new transaction) while customers
        remain."""
        jobs = self.search([("state", "in", ("queued", "running"))], order="id")
        if not jobs:
            return
        job = jobs[0]
        done = job._run_batch(batch_size or self._batch_size())
        remaining = sum(
            j.partners_total - j.cursor
            for j in jobs
            if j.state in ("queued", "running")
        )
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    def _todo(self):
        self.ensure_one()
        return self.partner_ids.sorted("id")[self.cursor :]

    def _run_batch(self, batch_size):
        """Process up to ``batch_size`` customers; return how many."""
        self.ensure_one()
        job = self.with_user(self.user_id).with_company(self.company_id)
        try:
            with self.env.cr.savepoint():
                count = job._process(job._todo()[:batch_size])
        except Exception as error:  # noqa: BLE001 pylint: disable=broad-except
            # Whatever stops the batch, the clerk must learn it: the job fails, what
            # earlier batches sent stays sent, nothing of this batch is written.
            _logger.info("Customer statement job %s failed: %s", self.id, error)
            self.env.invalidate_all()
            self._fail(error)
            return 0
        if self.state == "done":
            self._ar_notify_done()
        return count

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

    def _ar_notify(self, body):
        self.message_post(
            body=body,
            partner_ids=self.user_id.partner_id.ids,
            message_type="notification",
            subtype_xmlid="mail.mt_comment",
        )

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

    def _fail(self, error):
        message = error.args[0] if isinstance(error, UserError) else str(error)
        self.write({"state": "failed", "error": message})
        self._ar_notify(
            _(
                "The customer statements %(name)s stopped after %(count)s of "
                "%(total)s customers: %(error)s. What was sent so far stays sent; "
                "correct the cause and resume.",
                name=self.name,
                count=self.cursor,
                total=self.partners_total,
                error=message,
            )
        )

    def action_resume(self):
        """Run a failed job again from where it stopped."""
        for job in self.filtered(lambda j: j.state == "failed"):
            job.write({"state": "running", "error": False})
        self.env.ref(CRON)._trigger()
        return True

    def action_open_no_email(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Customers Without Email"),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("id", "in", self.no_email_partner_ids.ids)],
        }

    def _form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Customer Statements"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
        }
