import logging

from odoo import api, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class ArBackgroundJob(models.AbstractModel):
    """Work too long for one request, done in batches by a scheduled action.

    A job model (with ``state``, ``user_id``, ``company_id`` and ``error``) names its
    scheduled action and batch size and says how to process one batch, how much is
    left and what its failure tells the clerk. Each batch runs in its own savepoint as
    the requesting user: a failing batch writes nothing, the job fails and can be
    resumed from the last committed batch.
    """

    _name = "ar.background.job"
    _description = "Receivables Background Job"

    _ar_cron_xmlid = None
    _ar_batch_size_param = None
    _ar_batch_size_default = 100

    # ------------------------------------------------------------------
    # What a job model provides
    # ------------------------------------------------------------------

    def _ar_process(self, batch_size):
        """Process up to ``batch_size`` items of this job; return how many."""
        raise NotImplementedError

    def _ar_remaining(self):
        """Items of this job still to process."""
        raise NotImplementedError

    def _ar_failure_message(self, error):
        """What the clerk reads when the job stops on ``error`` (a text)."""
        raise NotImplementedError

    def _ar_notify_done(self):
        """Tell the clerk that the job is done."""

    def _ar_form_title(self):
        return self._description

    # ------------------------------------------------------------------
    # Running (scheduled action)
    # ------------------------------------------------------------------

    @api.model
    def _batch_size(self):
        value = (
            self.env["ir.config_parameter"].sudo().get_param(self._ar_batch_size_param)
        )
        try:
            return max(int(value or self._ar_batch_size_default), 1)
        except ValueError:
            return self._ar_batch_size_default

    @api.model
    def _cron_run(self, batch_size=None):
        """One batch of the oldest waiting job; report the progress.

        Odoo's cron runner calls this again (in a new transaction) while work remains.
        """
        jobs = self.search([("state", "in", ("queued", "running"))], order="id")
        if not jobs:
            return
        done = jobs[0]._run_batch(batch_size or self._batch_size())
        remaining = sum(
            job._ar_remaining() for job in jobs if job.state in ("queued", "running")
        )
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    def _run_batch(self, batch_size):
        """Process up to ``batch_size`` items; return how many."""
        self.ensure_one()
        job = self.with_user(self.user_id).with_company(self.company_id)
        try:
            with self.env.cr.savepoint():
                count = job._ar_process(batch_size)
        except Exception as error:  # noqa: BLE001 pylint: disable=broad-except
            # Whatever stops the batch, the clerk must learn it: the job fails, what
            # earlier batches did stays, nothing of this batch is written.
            _logger.info("%s %s failed: %s", self._description, self.id, error)
            self.env.invalidate_all()
            self._fail(error)
            return 0
        if self.state == "done":
            self._ar_notify_done()
        return count

    def _fail(self, error):
        message = error.args[0] if isinstance(error, UserError) else str(error)
        self.write({"state": "failed", "error": message})
        self._ar_notify(self._ar_failure_message(message))

    def action_resume(self):
        """Run a failed job again from where it stopped."""
        for job in self.filtered(lambda j: j.state == "failed"):
            job.write({"state": "running", "error": False})
        self.env.ref(self._ar_cron_xmlid)._trigger()
        return True

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

    def _form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self._ar_form_title(),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
        }
