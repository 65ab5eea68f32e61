from markupsafe import Markup

from odoo import _, api, fields, models

BATCH_SIZE_PARAM = "ar_reconcile.import_batch_size"
BATCH_SIZE = 200
# The last file read, per worker: the batches of one job read the file once.
_PARSED_CACHE = {}


class ArStatementImportJob(models.Model):
    """A large statement file whose lines are created in batches by a scheduled action.

    The file is kept as an attachment and read again when the job resumes; ``plan`` says
    which transactions become lines and ``cursor`` how many of them exist, both written
    in the batch's own transaction: an interrupted batch leaves nothing behind and the
    next run starts where the last committed batch ended.
    """

    _name = "ar.statement.import.job"
    _description = "Bank Statement Import Job"
    _inherit = ["mail.thread", "ar.background.job"]
    _order = "id desc"
    _check_company_auto = True
    _ar_cron_xmlid = "ar_reconcile.ir_cron_ar_statement_import"
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
    user_id = fields.Many2one(
        "res.users",
        string="Imported By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    journal_id = fields.Many2one(
        "account.journal", required=True, readonly=True, check_company=True
    )
    company_id = fields.Many2one(
        related="journal_id.company_id", store=True, index=True
    )
    attachment_id = fields.Many2one(
        "ir.attachment", string="File", readonly=True, ondelete="restrict"
    )
    filename = fields.Char(readonly=True)
    allow_unbalanced = fields.Boolean(readonly=True)
    statement_ids = fields.Many2many(
        "account.bank.statement", string="Statements", readonly=True
    )
    # [{"index": statement index in the file, "statement_id": id,
    #   "new": [[position, import id, content key], ...]}, ...]
    plan = fields.Json(readonly=True, copy=False)
    cursor = fields.Integer(
        readonly=True, help="Planned lines created so far, in plan order."
    )
    lines_total = fields.Integer(string="Lines to Create", readonly=True)
    lines_done = fields.Integer(string="Lines Created", readonly=True)
    progress = fields.Float(compute="_compute_progress", string="Progress (%)")
    error = fields.Text(readonly=True)
    date_done = fields.Datetime(string="Finished", readonly=True)
    locked_html = fields.Html(
        string="Lines in a Locked Period",
        compute="_compute_locked_html",
        sanitize=False,
    )

    @api.depends("lines_done", "lines_total")
    def _compute_progress(self):
        for job in self:
            job.progress = (
                100.0 * job.lines_done / job.lines_total if job.lines_total else 100.0
            )

    @api.depends("state", "statement_ids")
    def _compute_locked_html(self):
        Wizard = self.env["ar.statement.import"]
        for job in self:
            locked = (
                Wizard._locked_lines(job.statement_ids.line_ids)
                if job.state == "done"
                else False
            )
            job.locked_html = (
                Markup("<ul>%s</ul>")
                % Markup().join(
                    Markup("<li>%s</li>") % note
                    for note in Wizard._locked_notes(locked)
                )
                if locked
                else False
            )

    # ------------------------------------------------------------------
    # Starting
    # ------------------------------------------------------------------

    @api.model
    def _start(self, wizard, attachment, entries, total):
        """Queue the lines of ``entries`` (each statement has its first line)."""
        job = self.create(
            {
                "name": wizard.filename or attachment.name,
                "journal_id": wizard.journal_id.id,
                "attachment_id": attachment.id,
                "filename": wizard.filename,
                "allow_unbalanced": wizard.allow_unbalanced,
                "statement_ids": [(6, 0, [entry["statement_id"] for entry in entries])],
                "plan": [
                    {
                        "index": entry["index"],
                        "statement_id": entry["statement_id"],
                        "new": [list(item) for item in entry["new"]],
                    }
                    for entry in entries
                ],
                "lines_total": total,
                "lines_done": len(entries),
            }
        )
        self.env.ref("ar_reconcile.ir_cron_ar_statement_import")._trigger()
        return job

    def _todo(self):
        """(plan entry, item) of the lines still to create, in plan order."""
        self.ensure_one()
        return [
            (entry, item) for entry in self.plan or [] for item in entry["new"][1:]
        ][self.cursor :]

    # ------------------------------------------------------------------
    # Running (scheduled action)
    # ------------------------------------------------------------------

    def _ar_remaining(self):
        return self.lines_total - self.lines_done

    def _ar_process(self, batch_size):
        return self._create_batch(batch_size)

    def _create_batch(self, batch_size):
        todo = self._todo()[:batch_size]
        parsed = self._parsed()
        wizard = self.env["ar.statement.import"].new(
            {
                "journal_id": self.journal_id.id,
                "filename": self.filename,
                "allow_unbalanced": self.allow_unbalanced,
            }
        )
        context = wizard._line_context(parsed)
        Line = self.env["account.bank.statement.line"]
        existing = set(
            Line.sudo()
            .with_context(active_test=False)
            .search([("unique_import_id", "in", [item[1] for _e, item in todo])])
            .mapped("unique_import_id")
        )
        vals_list = []
        for entry, item in todo:
            if item[1] in existing:
                continue  # already there (a concurrent import): never twice
            vals_list.extend(
                wizard._line_vals_list(
                    parsed[entry["index"]], entry, [tuple(item)], context
                )
            )
        self.env.cr.cache.pop("ar_distribution_models", None)
        lines = Line.with_context(ar_statement_import=True).create(vals_list)
        lines = lines.with_env(self.env)
        if self.journal_id.ar_auto_apply:
            lines.action_apply_automatically()
        cursor = self.cursor + len(todo)
        self.write(
            {
                "state": "running" if cursor < self._planned_count() else "done",
                "cursor": cursor,
                "lines_done": self.lines_done + len(todo),
                "date_done": fields.Datetime.now()
                if cursor >= self._planned_count()
                else False,
            }
        )
        return len(lines)

    def _planned_count(self):
        return sum(len(entry["new"]) - 1 for entry in self.plan or [])

    def _parsed(self):
        """The file's statements, read once per worker and job."""
        mapping = self.journal_id.ar_import_mapping_id
        key = (self.id, self.attachment_id.checksum, mapping.id, mapping.write_date)
        if key not in _PARSED_CACHE:
            _PARSED_CACHE.clear()
            wizard = self.env["ar.statement.import"].new(
                {"journal_id": self.journal_id.id, "filename": self.filename}
            )
            _PARSED_CACHE[key] = wizard._parse(
                self.attachment_id.sudo().raw, allow_unbalanced=self.allow_unbalanced
            )
        return _PARSED_CACHE[key]

    # ------------------------------------------------------------------
    # Telling the clerk
    # ------------------------------------------------------------------

    def _ar_notify_done(self):
        self._ar_notify(
            _(
                "The import of %(file)s is done: %(count)s lines created in "
                "%(statements)s.",
                file=self.name,
                count=self.lines_done,
                statements=", ".join(self.statement_ids.mapped("display_name")),
            )
        )

    def _ar_failure_message(self, error):
        return _(
            "The import of %(file)s stopped after %(count)s of %(total)s lines: "
            "%(error)s. The lines created so far are kept; correct the cause and "
            "resume the import.",
            file=self.name,
            count=self.lines_done,
            total=self.lines_total,
            error=error,
        )

    def _ar_form_title(self):
        return _("Statement Import")

    def action_open_statements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_bank_statement_tree"
        )
        action["domain"] = [("id", "in", self.statement_ids.ids)]
        return action


class AccountAnalyticDistributionModel(models.Model):
    _inherit = "account.analytic.distribution.model"

    @api.model
    def _get_applicable_models(self, vals):
        """During a statement import batch, the same search once per batch.

        Odoo searches the distribution models for every journal item of every new
        statement line (two searches per line); the models do not change while a batch
        creates lines, so each distinct search is made once per transaction.
        """
        if not self.env.context.get("ar_statement_import"):
            return super()._get_applicable_models(vals)
        cache = self.env.cr.cache.setdefault("ar_distribution_models", {})
        key = (self.env.company.id, repr(sorted(vals.items())))
        if key not in cache:
            cache[key] = super()._get_applicable_models(vals).ids
        return self.browse(cache[key])
