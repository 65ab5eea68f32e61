"""Two transactions applying the same invoice at once, on real PostgreSQL connections.

A clerk and the scheduled action may apply two bank lines paying one invoice at the same
moment. The amount applied but not posted is stored on the invoice's open item, so both
transactions update that row: PostgreSQL lets the first commit and makes the second fail
with a serialization error; retried (as Odoo retries a request), the second sees the
first's application and leaves the invoice alone.
"""

import threading

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api, sql_db
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestConcurrentApplication(TransactionCase):
    def _env(self, cr):
        # Attach the registry directly: looking it up by name waits for the lock that
        # the test runner holds while it runs the tests.
        cr.transaction = api.Transaction(self.registry)
        return api.Environment(cr, SUPERUSER_ID, {})

    def _committed_scenario(self):
        """An invoice of 1,000 and two bank lines each claiming it, committed for all to
        see."""
        with sql_db.db_connect(self.env.cr.dbname).cursor() as cr:
            env = self._env(cr)
            company = env["res.company"].search(
                [("chart_template", "!=", False)], limit=1
            )
            env = env(context={"allowed_company_ids": company.ids})
            journal = env["account.journal"].create(
                {
                    "name": "Concurrency Bank",
                    "code": "CCYB",
                    "type": "bank",
                    "company_id": company.id,
                }
            )
            partner = env["res.partner"].create({"name": "Concurrent Customer AS"})
            invoice = env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "invoice_date": "2026-11-02",
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Service",
                                "quantity": 1,
                                "price_unit": 1000.0,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
            invoice.action_post()
            lines = env["account.bank.statement.line"].create(
                [
                    {
                        "journal_id": journal.id,
                        "date": "2026-11-20",
                        "amount": 1000.0,
                        "payment_ref": f"Invoice {invoice.name}",
                        "partner_id": partner.id,
                    }
                    for _ in range(2)
                ]
            )
            # Two real transactions are the point of this test.
            cr.commit()  # pylint: disable=invalid-commit
            return {
                "company": company.id,
                "journal": journal.id,
                "partner": partner.id,
                "invoice": invoice.id,
                "lines": lines.ids,
            }

    def _cleanup(self, ids):
        with sql_db.db_connect(self.env.cr.dbname).cursor() as cr:
            env = self._env(cr)(context={"allowed_company_ids": [ids["company"]]})
            lines = env["account.bank.statement.line"].browse(ids["lines"]).exists()
            lines.filtered("is_reconciled").action_undo_reconciliation()
            lines.ar_application_ids.unlink()
            lines.unlink()
            invoice = env["account.move"].browse(ids["invoice"])
            invoice.button_draft()
            invoice.with_context(force_delete=True).unlink()
            env["account.journal"].browse(ids["journal"]).unlink()
            env["res.partner"].browse(ids["partner"]).unlink()
            # Two real transactions are the point of this test.
            cr.commit()  # pylint: disable=invalid-commit

    def test_two_transactions_never_apply_one_invoice_twice(self):
        ids = self._committed_scenario()
        try:
            first_applied = threading.Event()
            second_started = threading.Event()
            outcome = {}

            def first():
                with sql_db.db_connect(self.env.cr.dbname).cursor() as cr:
                    env = self._env(cr)(
                        context={"allowed_company_ids": [ids["company"]]}
                    )
                    env["account.bank.statement.line"].browse(
                        ids["lines"][0]
                    ).action_apply_automatically()
                    env.flush_all()
                    first_applied.set()
                    # Hold the transaction open until the second one has computed its
                    # own proposal.
                    second_started.wait(10)
                    cr.execute("SELECT pg_sleep(1)")
                    # Two real transactions are the point of this test.
                    cr.commit()  # pylint: disable=invalid-commit

            def second():
                first_applied.wait(10)
                attempts = 0
                while True:
                    attempts += 1
                    with sql_db.db_connect(self.env.cr.dbname).cursor() as cr:
                        env = self._env(cr)(
                            context={"allowed_company_ids": [ids["company"]]}
                        )
                        try:
                            cr.execute(
                                "SELECT 1"
                            )  # the snapshot predates the first commit
                            second_started.set()
                            env["account.bank.statement.line"].browse(
                                ids["lines"][1]
                            ).action_apply_automatically()
                            env.flush_all()
                            # Two real transactions are the point of this test.
                            cr.commit()  # pylint: disable=invalid-commit
                            break
                        except SerializationFailure:
                            # what Odoo does with a request, then it retries
                            cr.rollback()
                            outcome["serialization_failures"] = (
                                outcome.get("serialization_failures", 0) + 1
                            )
                            if attempts >= 5:
                                raise
                outcome["attempts"] = attempts

            threads = [threading.Thread(target=first), threading.Thread(target=second)]
            with mute_logger(
                "odoo.sql_db"
            ):  # the expected serialization failure is logged
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(60)

            with sql_db.db_connect(self.env.cr.dbname).cursor() as cr:
                env = self._env(cr)(context={"allowed_company_ids": [ids["company"]]})
                invoice = env["account.move"].browse(ids["invoice"])
                receivable = invoice.line_ids.filtered(
                    lambda item: item.account_id.account_type == "asset_receivable"
                )
                first_line, second_line = env["account.bank.statement.line"].browse(
                    ids["lines"]
                )
                self.assertEqual(
                    outcome.get("serialization_failures"),
                    1,
                    "the second transaction must collide with the first on the open "
                    "item",
                )
                self.assertEqual(first_line.ar_application_ids.move_line_id, receivable)
                self.assertEqual(first_line.ar_applied_amount, 1000.0)
                self.assertFalse(
                    second_line.ar_application_ids,
                    "the invoice was already fully applied",
                )
                self.assertEqual(receivable.ar_pending_amount, 1000.0)
                self.assertEqual(
                    sum(receivable.ar_application_ids.mapped("amount")), 1000.0
                )
        finally:
            self._cleanup(ids)
