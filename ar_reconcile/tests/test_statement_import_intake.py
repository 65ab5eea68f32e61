"""Intake that drops nothing silently: lines like earlier ones, files whose balances
differ, locked periods and large files imported in the background."""

import base64
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import ArStatementImportCommon

HEADER = "Dato;Tekst;Beløp;Saldo;Arkivref\n"


def _csv(*rows):
    """A small netbank CSV: rows of (date, text, amount, balance, archive reference)."""
    return (HEADER + "".join(";".join(row) + "\n" for row in rows)).encode()


class IntakeCommon(ArStatementImportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ar_user = cls._user("intake_user", "ar_reconcile.group_ar_user")
        cls.ar_manager = cls._user("intake_manager", "ar_reconcile.group_ar_manager")

    def _simple_mapping(self, balance=False, reference=False):
        return self._mapping(
            name="Simple CSV",
            currency_id=self.nok.id,
            date_column="Dato",
            label_column="Tekst",
            amount_column="Beløp",
            balance_column="Saldo" if balance else False,
            transaction_id_column="Arkivref" if reference else False,
        )

    def _journal_lines(self, journal):
        return self.env["account.bank.statement.line"].search(
            [("journal_id", "=", journal.id)], order="id"
        )


@tagged("post_install", "-at_install")
class TestStatementImportSimilarLines(IntakeCommon):
    # Export 1 (morning): payment A. Export 2 (afternoon): payment B, identical to A,
    # and a payment C. The bank gives no references.
    MORNING = _csv(("02.03.2026", "Innbetaling Kari Nordmann", "100,00", "1100,00", ""))
    AFTERNOON = _csv(
        ("02.03.2026", "Innbetaling Kari Nordmann", "100,00", "1200,00", ""),
        ("02.03.2026", "Innbetaling Ola", "50,00", "1250,00", ""),
    )

    def test_identical_payment_in_the_next_export_is_listed(self):
        """Without a balance column, B cannot be told from A: it is held back and
        listed with the line it resembles, and imported when the clerk says so."""
        self.journal_nok.ar_import_mapping_id = self._simple_mapping()
        first = self._import(self.journal_nok, "morning.csv", data=self.MORNING)
        self.assertEqual(first.line_count, 1)
        line_a = first.statement_ids.line_ids

        second = self._import(self.journal_nok, "afternoon.csv", data=self.AFTERNOON)
        self.assertRecordValues(second, [{"line_count": 1, "duplicate_count": 1}])
        self.assertEqual(
            self._lines(second.statement_ids).mapped("payment_ref"),
            ["Innbetaling Ola"],
        )
        self.assertRecordValues(
            second.similar_ids,
            [
                {
                    "date": date(2026, 3, 2),
                    "amount": 100.0,
                    "label": "Innbetaling Kari Nordmann",
                    "earlier_line_id": line_a.id,
                    "earlier_date": date(2026, 3, 2),
                    "state": "held",
                    "selected": True,
                }
            ],
        )
        self.assertIn(
            "afternoon.csv: 1 transactions look like lines imported before and were "
            "not imported.",
            second.result_html,
        )

        # Held back, not decided, the same file again: held back again, never dropped.
        undecided = self._import(self.journal_nok, "afternoon.csv", data=self.AFTERNOON)
        self.assertRecordValues(undecided, [{"line_count": 0, "duplicate_count": 2}])
        self.assertEqual(undecided.similar_ids.earlier_line_id, line_a)

        second.action_import_similar()
        self.assertEqual(second.similar_ids.state, "imported")
        self.assertRecordValues(second, [{"line_count": 2, "duplicate_count": 0}])
        lines = self._journal_lines(self.journal_nok)
        self.assertEqual(lines.mapped("amount"), [100.0, 50.0, 100.0])
        self.assertEqual(len(set(lines.mapped("unique_import_id"))), 3)
        self.assertEqual(lines[2].statement_id, second.statement_ids)
        self.assertEqual(lines[2].ar_content_key, line_a.ar_content_key)
        self.assertIn("1 lines imported although they look like", second.result_html)
        with self.assertRaisesRegex(UserError, "Select the lines to import"):
            second.action_import_similar()

        # The afternoon file once more: the same bytes, nothing new, nothing listed.
        again = self._import(self.journal_nok, "afternoon.csv", data=self.AFTERNOON)
        self.assertRecordValues(again, [{"line_count": 0, "duplicate_count": 2}])
        self.assertFalse(again.similar_ids)

    def test_whole_day_export_adds_the_second_of_two_identical_payments(self):
        self.journal_nok.ar_import_mapping_id = self._simple_mapping()
        self._import(self.journal_nok, "morning.csv", data=self.MORNING)
        whole_day = _csv(
            ("02.03.2026", "Innbetaling Kari Nordmann", "100,00", "1100,00", ""),
            ("02.03.2026", "Innbetaling Kari Nordmann", "100,00", "1200,00", ""),
        )
        wizard = self._import(self.journal_nok, "day.csv", data=whole_day)
        # Two in the file, one known: one is new for sure, the other may be A.
        self.assertRecordValues(wizard, [{"line_count": 1, "duplicate_count": 1}])
        self.assertEqual(len(wizard.similar_ids), 1)
        self.assertEqual(len(self._journal_lines(self.journal_nok)), 2)

    def test_running_balance_tells_identical_payments_apart(self):
        """With a balance column, B's balance differs from A's: B is a new line."""
        self.journal_nok.ar_import_mapping_id = self._simple_mapping(balance=True)
        first = self._import(self.journal_nok, "morning.csv", data=self.MORNING)
        self.assertEqual(first.line_count, 1)
        second = self._import(self.journal_nok, "afternoon.csv", data=self.AFTERNOON)
        self.assertRecordValues(second, [{"line_count": 2, "duplicate_count": 0}])
        self.assertFalse(second.similar_ids)
        self.assertRecordValues(
            second.statement_ids,
            [
                {
                    "balance_start": 1100.0,
                    "balance_end_real": 1250.0,
                    "is_complete": True,
                }
            ],
        )
        # Both exports again, as one file: everything is known for sure.
        both = _csv(
            ("02.03.2026", "Innbetaling Kari Nordmann", "100,00", "1100,00", ""),
            ("02.03.2026", "Innbetaling Kari Nordmann", "100,00", "1200,00", ""),
            ("02.03.2026", "Innbetaling Ola", "50,00", "1250,00", ""),
        )
        again = self._import(self.journal_nok, "both.csv", data=both)
        self.assertRecordValues(again, [{"line_count": 0, "duplicate_count": 3}])
        self.assertFalse(again.similar_ids)
        self.assertEqual(len(self._journal_lines(self.journal_nok)), 3)

    def test_lines_imported_without_balance_are_listed_after_the_balance_column(self):
        """Lines imported before the mapping had a balance column are not taken as
        different from the same transactions read with their balance."""
        mapping = self._simple_mapping()
        self.journal_nok.ar_import_mapping_id = mapping
        self._import(self.journal_nok, "morning.csv", data=self.MORNING)
        mapping.balance_column = "Saldo"
        # Another export of the same morning (not the same bytes).
        wizard = self._import(
            self.journal_nok, "morning-2.csv", data=self.MORNING + b"\n"
        )
        self.assertRecordValues(wizard, [{"line_count": 0, "duplicate_count": 1}])
        self.assertEqual(len(wizard.similar_ids), 1)

    def test_similar_lines_into_a_new_statement(self):
        """All of a file held back: importing them anyway creates its statement."""
        self.journal_nok.ar_import_mapping_id = self._simple_mapping()
        self._import(self.journal_nok, "morning.csv", data=self.MORNING)
        copy = _csv(("02.03.2026", "Innbetaling Kari Nordmann", "100,00", "", ""))
        wizard = self._import(self.journal_nok, "copy.csv", data=copy)
        self.assertFalse(wizard.statement_ids)
        wizard.action_import_similar()
        self.assertEqual(len(wizard.statement_ids), 1)
        self.assertEqual(wizard.statement_ids.line_ids.amount, 100.0)
        self.assertEqual(wizard.statement_ids.attachment_ids.name, "copy.csv")


@tagged("post_install", "-at_install")
class TestStatementImportUnbalanced(IntakeCommon):
    def test_user_gets_the_refusal(self):
        self.assertImportRefused(
            self.journal_nok,
            "camt053_bad_balance.xml",
            r"Statement STMT-2026-01-21-BAL is inconsistent",
            user=self.ar_user,
        )
        wizard = (
            self.env["ar.statement.import"]
            .with_user(self.ar_user)
            .create(
                {
                    "journal_id": self.journal_nok.id,
                    "data_file": base64.b64encode(
                        self._sample("camt053_bad_balance.xml")
                    ),
                    "allow_unbalanced": True,
                }
            )
        )
        with self.assertRaises(AccessError):
            wizard.action_import()

    def test_manager_imports_it_anyway(self):
        before = self._counts()
        wizard = self._import(
            self.journal_nok, "camt053_bad_balance.xml", user=self.ar_manager
        )
        self.assertEqual(wizard.state, "unbalanced")
        self.assertEqual(self._counts(), before, "asking writes nothing")
        for figure in ("1,000.00", "250.00", "1,250.00", "1,300.00", "50.00"):
            self.assertIn(figure, wizard.balance_html)

        # Not confirmed: asked again, nothing written.
        wizard.action_import()
        self.assertEqual(wizard.state, "unbalanced")
        self.assertEqual(self._counts(), before)

        form = Form(wizard)
        form.allow_unbalanced = True
        form.save()
        wizard.action_import()
        self.assertEqual(wizard.state, "done")
        statement = wizard.statement_ids
        self.assertRecordValues(
            statement,
            [
                {
                    "balance_start": 1000.0,
                    "balance_end": 1250.0,
                    "balance_end_real": 1300.0,
                    "is_complete": False,
                }
            ],
        )
        message = statement.message_ids.filtered(
            lambda m: "balances do not add up" in (m.body or "")
        )
        self.assertEqual(len(message), 1)
        for text in ("intake_manager", "1,000.00", "1,250.00", "1,300.00", "50.00"):
            self.assertIn(text, message.body)

    # Two MT940 messages; the bank left the closing balance out of the second (as in a
    # de Volksbank export).
    WITHOUT_CLOSING = b"""{1:F01SNSBNL2AXXXX0000000000}{2:O940SNSBNL2AXXXXN}{4:
:20:0000000000
:25:NO9386011117947
:28C:361/1
:60F:C260302NOK1000,00
:61:2603020302C250,00NTRFNONREF//A1
:86:Innbetaling Kari
:62F:C260302NOK1250,00
-}
{1:F01SNSBNL2AXXXX0000000000}{2:O940SNSBNL2AXXXXN}{4:
:20:0000000000
:25:NO9386011117947
:28C:362/1
:60F:C260303NOK1250,00
:61:2603030303C40,00NTRFNONREF//A2
:86:Innbetaling Ola
:61:2603030303D15,50NTRFNONREF//A3
:86:Gebyr
-}
"""

    def test_missing_closing_balance_is_refused_to_a_user(self):
        self.assertImportRefused(
            self.journal_nok,
            "volksbank.940",
            r"Statement 0000000000 has no closing balance in the file, so nothing "
            r"proves that no transaction is missing: opening balance kr\xa01,250\.00 "
            r"plus transactions kr\xa024\.50 gives kr\xa01,274\.50\.",
            data=self.WITHOUT_CLOSING,
            user=self.ar_user,
        )

    def test_manager_imports_a_statement_without_closing_balance(self):
        before = self._counts()
        wizard = self._import(
            self.journal_nok,
            "volksbank.940",
            data=self.WITHOUT_CLOSING,
            user=self.ar_manager,
        )
        self.assertEqual(wizard.state, "unbalanced")
        self.assertEqual(self._counts(), before, "asking writes nothing")
        self.assertIn("no closing balance", wizard.balance_html)
        self.assertIn("not in the file", wizard.balance_html)
        self.assertIn("1,274.50", wizard.balance_html)

        form = Form(wizard)
        form.allow_unbalanced = True
        form.save()
        wizard.action_import()
        self.assertEqual(wizard.state, "done")
        first, second = wizard.statement_ids.sorted("id")
        self.assertRecordValues(
            first + second,
            [
                {"balance_start": 1000.0, "balance_end_real": 1250.0},
                {"balance_start": 1250.0, "balance_end_real": 1274.5},
            ],
        )
        self.assertTrue(second.is_complete)
        self.assertEqual(second.line_ids.mapped("amount"), [40.0, -15.5])
        noted = second.message_ids.filtered(
            lambda m: "gives no closing balance" in (m.body or "")
        )
        self.assertEqual(len(noted), 1)
        for text in ("intake_manager", "1,250.00", "24.50", "1,274.50"):
            self.assertIn(text, noted.body)
        self.assertFalse(
            first.message_ids.filtered(lambda m: "closing balance" in (m.body or ""))
        )


@tagged("post_install", "-at_install")
class TestStatementImportLockDate(IntakeCommon):
    def test_line_in_a_locked_period_keeps_the_bank_date(self):
        self.journal_nok.ar_import_mapping_id = self._simple_mapping(reference=True)
        self.company.fiscalyear_lock_date = date(2026, 3, 3)
        data = _csv(
            ("02.03.2026", "Innbetaling Kari", "100,00", "", "A1"),
            ("05.03.2026", "Innbetaling Ola", "50,00", "", "A2"),
        )
        wizard = self._import(self.journal_nok, "locked.csv", data=data)
        lines = self._lines(wizard.statement_ids)
        # Odoo books the locked line on a date after the lock date of its choosing.
        booked = lines[0].date
        self.assertGreater(booked, date(2026, 3, 3))
        self.assertRecordValues(
            lines,
            [
                {"date": booked, "ar_bank_date": date(2026, 3, 2)},
                {"date": date(2026, 3, 5), "ar_bank_date": date(2026, 3, 5)},
            ],
        )
        self.assertIn("Lines dated in a locked accounting period", wizard.result_html)
        self.assertRegex(
            wizard.result_html,
            r"Innbetaling Kari \(.*100\.00.*\): the bank&#39;s date 03/02/2026 is in a "
            r"locked period; Odoo books it on " + booked.strftime("%m/%d/%Y") + r"\.",
        )
        self.assertNotIn("Innbetaling Ola (", wizard.result_html)


@tagged("post_install", "-at_install")
class TestStatementImportBackground(IntakeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("ar_reconcile.import_background_threshold", 5)
        params.set_param("ar_reconcile.import_batch_size", 4)
        cls.cron = cls.env.ref("ar_reconcile.ir_cron_ar_statement_import")

    def _large_file(self, count, days=20):
        balance = 1000
        rows = []
        for number in range(1, count + 1):
            balance += number
            rows.append(
                (
                    "%02d.03.2026" % (1 + number % days),
                    "Innbetaling %d" % number,
                    "%d,00" % number,
                    "%d,00" % balance,
                    "REF%05d" % number,
                )
            )
        # Sorted by date as a bank lists them, balances running in that order.
        rows.sort(key=lambda row: row[0])
        balance = 1000
        for index, row in enumerate(rows):
            balance += int(row[2].split(",")[0])
            rows[index] = row[:3] + ("%d,00" % balance,) + row[4:]
        return _csv(*rows)

    def test_large_file_is_imported_in_the_background(self):
        self.journal_nok.ar_import_mapping_id = self._simple_mapping(
            balance=True, reference=True
        )
        self.journal_nok.ar_auto_apply = False
        wizard = self._import(
            self.journal_nok, "large.csv", data=self._large_file(12), user=self.ar_user
        )
        job = wizard.job_id
        statement = wizard.statement_ids
        self.assertRecordValues(
            job,
            [
                {
                    "state": "queued",
                    "user_id": self.ar_user.id,
                    "lines_total": 12,
                    "lines_done": 1,
                    "company_id": self.company.id,
                }
            ],
        )
        self.assertEqual(job.statement_ids, statement)
        self.assertEqual(job.attachment_id, statement.attachment_ids)
        self.assertEqual(len(statement.line_ids), 1)
        self.assertEqual(statement.ar_import_job_id, job)
        self.assertIn(
            "11 lines are being created in the background", wizard.result_html
        )
        self.assertTrue(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)])
        )

        # A limited batch.
        self.assertEqual(job._run_batch(3), 3)
        self.assertRecordValues(job, [{"state": "running", "lines_done": 4}])
        self.assertAlmostEqual(job.progress, 100 * 4 / 12)

        # A run that dies before its commit leaves nothing behind.
        with self.assertRaises(InterruptedError), self.env.cr.savepoint():
            job._run_batch(4)
            self.assertEqual(len(statement.line_ids), 8)
            raise InterruptedError
        self.env.invalidate_all()
        self.assertRecordValues(job, [{"lines_done": 4, "cursor": 3}])
        self.assertEqual(len(statement.line_ids), 4)

        # The scheduled action resumes where the committed batches ended.
        self.cron.method_direct_trigger()
        progress = self.env["ir.cron.progress"].search(
            [("cron_id", "=", self.cron.id)], order="id desc", limit=1
        )
        self.assertRecordValues(progress, [{"done": 4, "remaining": 4}])
        self.cron.method_direct_trigger()
        self.assertRecordValues(job, [{"state": "done", "lines_done": 12}])
        self.assertEqual(job.progress, 100.0)

        lines = statement.line_ids
        self.assertEqual(len(lines), 12)
        self.assertEqual(len(set(lines.mapped("unique_import_id"))), 12)
        self.assertEqual(
            sorted(lines.mapped("amount")), [float(n) for n in range(1, 13)]
        )
        self.env.invalidate_all()
        self.assertRecordValues(
            statement,
            [
                {
                    "balance_start": 1000.0,
                    "balance_end_real": 1078.0,
                    "is_complete": True,
                }
            ],
        )
        self.assertFalse(statement.ar_import_job_id)
        notification = job.message_ids.filtered(
            lambda m: self.ar_user.partner_id in m.partner_ids
        )
        self.assertEqual(len(notification), 1)
        self.assertIn("12 lines created", notification.body)

        # The same file again: nothing is queued, nothing added.
        again = self._import(
            self.journal_nok, "large.csv", data=self._large_file(12), user=self.ar_user
        )
        self.assertRecordValues(
            again, [{"line_count": 0, "duplicate_count": 12, "job_id": False}]
        )

    def test_failed_batch_tells_the_user_and_resumes(self):
        self.journal_nok.ar_import_mapping_id = self._simple_mapping(reference=True)
        self.journal_nok.ar_auto_apply = False
        wizard = self._import(
            self.journal_nok, "large.csv", data=self._large_file(8), user=self.ar_user
        )
        job = wizard.job_id
        # Another import took one of the planned lines meanwhile: skipped, never twice.
        planned = job.plan[0]["new"][2]
        self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.journal_nok.id,
                "date": "2026-03-01",
                "amount": 1.0,
                "payment_ref": "concurrent",
                "unique_import_id": planned[1],
            }
        )
        # The mapping is changed meanwhile so that the file no longer reads: the batch
        # fails, the clerk learns it.
        mapping = self.journal_nok.ar_import_mapping_id
        mapping.date_format = "%Y-%m-%d"
        self.assertEqual(job._run_batch(10), 0)
        self.assertEqual(job.state, "failed")
        self.assertTrue(job.error)
        self.assertEqual(len(wizard.statement_ids.line_ids), 1)
        notification = job.message_ids.filtered(
            lambda m: self.ar_user.partner_id in m.partner_ids
        )
        self.assertIn("stopped after 1 of 8 lines", notification.body)

        mapping.date_format = "%d.%m.%Y"
        job.action_resume()
        job._run_batch(10)
        self.assertEqual(job.state, "done")
        self.assertEqual(len(wizard.statement_ids.line_ids), 7)

    def test_batch_queries_do_not_grow_with_the_lines(self):
        self.journal_nok.ar_import_mapping_id = self._simple_mapping(reference=True)
        self.journal_nok.ar_auto_apply = False
        wizard = self._import(
            self.journal_nok,
            "large.csv",
            # One day: currency rates and the like are read once per date.
            data=self._large_file(60, days=1),
            user=self.ar_user,
        )
        job = wizard.job_id
        job._run_batch(5)  # warm the caches
        self.env.flush_all()
        # Nothing grows with the lines: the import, partners, payment registration
        # rows, analytic distribution models, and Odoo's own numbering and balance
        # check of the new journal entries cost the same for 10 lines as for 40.
        with self.assertQueryCount(36):
            job._run_batch(10)
            self.env.flush_all()
        with self.assertQueryCount(36):
            job._run_batch(40)
            self.env.flush_all()
        # ... and the entries are numbered as Odoo numbers them: one after the other
        # in the journal's sequence, none twice.
        moves = wizard.statement_ids.line_ids.move_id
        numbers = sorted(moves.mapped("sequence_number"))
        self.assertEqual(len(set(moves.mapped("name"))), len(moves))
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + len(moves))))
        self.assertEqual(len(set(moves.mapped("sequence_prefix"))), 1)
