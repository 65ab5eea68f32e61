"""The scheduled action of automatic application: batches, progress and resumption.

The job runs as Odoo's cron worker runs it (``ir.cron._process_job``), with the registry
in test mode so that the worker's commits stay savepoints of the test transaction.
"""

from odoo.tests import tagged

from .common import IBAN_FJORD, PaymentApplicationCommon


@tagged("post_install", "-at_install")
class TestScheduledApplication(PaymentApplicationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cron = cls.env.ref("ar_reconcile.ir_cron_ar_apply_automatically")
        # One line per batch, so that a dozen lines need more than one run of the job.
        cls.cron.code = "model._cron_ar_apply_automatically(batch_size=1)"
        # Only this test's lines are waiting (the database may hold demo statements).
        Journal = cls.env["account.journal"].sudo()  # of every company
        Journal.search([("id", "!=", cls.journal.id)]).ar_auto_apply = False
        cls.invoices = [cls._invoice(cls.fjord, 100.0 + n) for n in range(3)]

    def _waiting_lines(self):
        """Twelve lines, in date order: three paying an invoice, nine nobody knows."""
        paying = [
            self._line(
                invoice.amount_total,
                invoice.name,
                date=f"2026-01-{10 + n:02d}",
                account_number=IBAN_FJORD,
            )
            for n, invoice in enumerate(self.invoices)
        ]
        unknown = [
            self._line(50.0 + n, f"Transfer {n}", date=f"2026-01-{13 + n:02d}")
            for n in range(9)
        ]
        return paying + unknown

    def _run_job(self):
        """One run of the job by a cron worker: at most ten batches, each committed."""
        self.env.flush_all()
        job = {
            **self.cron.read(load=None)[0],
            "done": 0,
            "remaining": 0,
            "timed_out_counter": 0,
        }
        self.registry.enter_test_mode(self.cr)
        try:
            self.registry["ir.cron"]._process_job(
                self.registry.db_name, self.registry.cursor(), job
            )
        finally:
            self.registry.leave_test_mode()
        self.env.invalidate_all()

    def _progress(self):
        """(done, remaining) of each batch this test's runs reported, in order."""
        return [
            (progress.done, progress.remaining)
            for progress in self.env["ir.cron.progress"].search(
                [("cron_id", "=", self.cron.id), ("id", ">", self.progress_before)],
                order="id",
            )
        ]

    def setUp(self):
        super().setUp()
        self.progress_before = max(self.env["ir.cron.progress"].search([]).ids or [0])

    def test_job_reports_progress_and_resumes_where_it_stopped(self):
        lines = self._waiting_lines()
        nextcall = self.cron.nextcall

        self._run_job()
        # A worker runs at most ten batches of a job, then leaves it to the next run.
        self.assertEqual(self._progress(), [(1, 11 - n) for n in range(10)])
        self.assertEqual(
            [line.ar_auto_applied for line in lines], [True] * 10 + [False] * 2
        )
        for line, invoice in zip(lines, self.invoices, strict=False):
            self.assertApplications(
                line, [(self._open_item(invoice), invoice.amount_total)]
            )
            self.assertEqual(line.ar_match_confidence, "high")
        self.assertEqual(
            set(line.ar_match_confidence for line in lines[3:10]), {"none"}
        )
        self.assertEqual(self.cron.nextcall, nextcall, "work remains: run again asap")

        self._run_job()
        self.assertEqual(self._progress()[10:], [(1, 1), (1, 0)])
        self.assertTrue(all(line.ar_auto_applied for line in lines))
        self.assertGreater(self.cron.nextcall, nextcall, "done: next regular run")

    def test_one_call_applies_one_batch_and_says_what_remains(self):
        lines = self._waiting_lines()
        Line = self.env["account.bank.statement.line"]
        self.assertEqual(Line._cron_ar_apply_automatically(batch_size=5), 7)
        self.assertEqual(
            [line.ar_auto_applied for line in lines], [True] * 5 + [False] * 7
        )
        self.assertEqual(Line._cron_ar_apply_automatically(batch_size=10), 0)
        self.assertTrue(all(line.ar_auto_applied for line in lines))
        self.assertEqual(Line._cron_ar_apply_automatically(), 0)
