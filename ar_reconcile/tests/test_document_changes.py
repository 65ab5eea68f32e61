"""A document that changes under a proposal (reset and edited, cancelled, deleted,
reversed, paid elsewhere) never posts unseen: its bank line goes back to review with a
note saying why, posting checks every applied document again, and no user meets a
database error."""

import pathlib
import re

from odoo import Command
from odoo.tests import tagged

from ..messages import posting
from .common import IBAN_FJORD, PaymentApplicationCommon


@tagged("post_install", "-at_install")
class TestDocumentChanges(PaymentApplicationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.suomen = cls._partner("Suomen Puu Oy")
        cls.term_30 = cls.env.ref("account.account_payment_term_30days")
        cls.term_split = cls.env["account.payment.term"].create(
            {
                "name": "Half now, half in 30 days",
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 50.0, "nb_days": 0}
                    ),
                    Command.create(
                        {"value": "percent", "value_amount": 50.0, "nb_days": 30}
                    ),
                ],
            }
        )

    # ------------------------------------------------------------------ helpers

    def _proposed(self, amount=1250.0, partner=None):
        """A reviewed bank line of Fjordline proposing one invoice, ready to post."""
        invoice = self._invoice(partner or self.fjord, amount)
        line = self._line(amount, invoice.name, account_number=IBAN_FJORD)
        line.action_apply_automatically()
        self.assertApplications(line, [(self._open_item(invoice), amount)])
        line.filtered("ar_review_required").action_ar_accept()
        self.assertTrue(line._ar_is_ready())
        return invoice, line

    def _codes(self, line):
        return [note["code"] for note in line.ar_review_notes or []]

    def assertSentBack(self, line, *codes):
        """The line waits for review, not posted, its note holding ``codes``."""
        self.assertTrue(line.ar_review_required)
        self.assertOpen(line)
        for code in codes:
            self.assertIn(code, self._codes(line))
        self.assertTrue(line.ar_review_note)
        self.assertNotIn("posting.", line.ar_review_note, "every code has a template")

    def _edit(self, invoice, **values):
        """Reset to draft, change, post again, as a clerk does in the invoice form."""
        invoice.button_draft()
        invoice.write(values)
        invoice.action_post()

    # -------------------------------------------------------------- the cases

    def test_customer_changed_under_the_proposal(self):
        """Fjordline's money never pays Suomen's invoice without review."""
        invoice, line = self._proposed()
        self._edit(invoice, partner_id=self.suomen.id)
        self.assertEqual(invoice.commercial_partner_id, self.suomen)

        self.assertFalse(line.action_post_applications())
        self.assertSentBack(
            line,
            "posting.document_reset",
            "posting.partner_changed",
            "posting.check_partner",
        )
        self.assertIn("Suomen Puu Oy", line.ar_review_note)
        self.assertIn("Fjordline Handel AS", line.ar_review_note)
        self.assertIn("Suomen Puu Oy", line.ar_review_hint)
        self.assertPayment(invoice, "not_paid", 1250.0)

        # A line whose flag was cleared (a hook missed, an import) is checked again.
        line.ar_review_required = False
        self.assertFalse(line.action_post_applications())
        self.assertSentBack(line, "posting.check_partner")
        self.assertPayment(invoice, "not_paid", 1250.0)

        # The clerk who accepts it after reading the note takes the decision.
        line.action_ar_accept()
        self.assertEqual(line.action_post_applications(), line)
        self.assertPayment(invoice, "paid", 0.0)

    def test_amount_changed_under_the_proposal(self):
        """1,250 becomes 1,300: the line does not post and leave 50 open unseen."""
        invoice, line = self._proposed()
        self._edit(
            invoice,
            invoice_line_ids=[
                Command.update(invoice.invoice_line_ids.id, {"price_unit": 1300.0})
            ],
        )
        self.assertEqual(invoice.amount_total, 1300.0)
        self.assertFalse(line.action_post_applications())
        self.assertSentBack(line, "posting.document_reset", "posting.check_amount")
        self.assertIn("1,300.00", line.ar_review_note)
        self.assertIn("1,250.00", line.ar_review_note)
        self.assertPayment(invoice, "not_paid", 1300.0)

        line.ar_review_required = False
        self.assertFalse(line.action_post_applications())
        self.assertSentBack(line, "posting.check_amount")

    def test_delete_a_proposed_draft_invoice(self):
        """No database error: the application goes, the line says why."""
        invoice, line = self._proposed()
        name = invoice.name
        invoice.button_draft()
        invoice.unlink()
        self.assertFalse(invoice.exists())
        self.assertFalse(line.ar_application_ids)
        self.assertAlmostEqual(line.ar_difference, 1250.0)
        self.assertSentBack(line, "posting.document_deleted")
        self.assertIn(name, line.ar_review_note)
        self.assertFalse(line.action_post_applications())

    def test_an_accepted_line_emptied_is_proposed_again(self):
        """An accepted line whose only document is deleted proposes nothing: it is no
        longer "accepted", so automatic application looks at it again."""
        invoice, line = self._proposed()
        line.action_ar_accept()
        self.assertEqual(line.ar_application_state, "accepted")
        invoice.button_draft()
        invoice.unlink()
        self.assertEqual(line.ar_application_state, "none")
        self.assertEqual(line.ar_match_confidence, "none")
        self.assertFalse(line.ar_auto_applied)
        self.assertSentBack(line, "posting.document_deleted")

    def test_payment_terms_changed_under_the_proposal(self):
        """A new due date: the line goes back to review before anything posts."""
        invoice, line = self._proposed()
        self._edit(invoice, invoice_payment_term_id=self.term_30.id)
        self.assertFalse(line.action_post_applications())
        self.assertSentBack(line, "posting.document_reset", "posting.terms_changed")
        self.assertIn("30 Days", line.ar_review_note)
        self.assertPayment(invoice, "not_paid", 1250.0)

    def test_terms_change_deletes_a_proposed_item(self):
        """Odoo deletes the open items a draft invoice no longer needs when its terms
        change: the application goes with its item, no database error."""
        invoice = self._invoice(self.fjord, 1250.0, term=self.term_split)
        items = invoice.line_ids.filtered(lambda i: i.display_type == "payment_term")
        self.assertEqual(len(items), 2)
        line = self._line(1250.0, invoice.name)
        self.env["ar.payment.application"].create(
            [
                {
                    "statement_line_id": line.id,
                    "move_line_id": item.id,
                    "amount": 625.0,
                    "manual": True,
                }
                for item in items
            ]
        )
        self.assertTrue(line._ar_is_ready())
        self._edit(invoice, invoice_payment_term_id=self.term_30.id)
        self.assertEqual(len(items.exists()), 1)
        self.assertEqual(len(line.ar_application_ids), 1)
        self.assertAlmostEqual(line.ar_difference, 625.0)
        self.assertSentBack(line, "posting.terms_changed", "posting.item_replaced")
        self.assertFalse(line.action_post_applications())
        self.assertPayment(invoice, "not_paid", 1250.0)

    def test_terms_split_under_the_proposal(self):
        """The item kept, now half the invoice: the line does not post 1,250 on it."""
        invoice, line = self._proposed()
        self._edit(invoice, invoice_payment_term_id=self.term_split.id)
        self.assertEqual(
            len(invoice.line_ids.filtered(lambda i: i.display_type == "payment_term")),
            2,
        )
        self.assertFalse(line.action_post_applications())
        self.assertSentBack(line, "posting.terms_changed")
        self.assertIn("Half now, half in 30 days", line.ar_review_note)
        line.ar_review_required = False
        self.assertFalse(line.action_post_applications())
        self.assertTrue(
            {"posting.check_amount", "posting.check_open_amount"}
            & set(self._codes(line))
        )
        self.assertPayment(invoice, "not_paid", 1250.0)

    def test_currency_changed_under_the_proposal(self):
        invoice, line = self._proposed()
        self._edit(invoice, currency_id=self.eur.id)
        self.assertFalse(line.action_post_applications())
        self.assertSentBack(line, "posting.currency_changed")
        line.ar_review_required = False
        self.assertFalse(line.action_post_applications())
        self.assertSentBack(line, "posting.check_currency")

    def test_cancelled_under_the_proposal(self):
        invoice, line = self._proposed()
        invoice.button_cancel()
        self.assertEqual(invoice.state, "cancel")
        self.assertSentBack(line, "posting.document_cancelled")
        self.assertNotIn("posting.document_reset", self._codes(line))
        line.ar_review_required = False
        self.assertFalse(line.action_post_applications())
        self.assertSentBack(line, "posting.check_cancelled")

    def test_draft_document_is_not_paid(self):
        invoice, line = self._proposed()
        invoice.button_draft()
        self.assertSentBack(line, "posting.document_reset")
        line.ar_review_required = False
        self.assertFalse(line.action_post_applications())
        self.assertSentBack(line, "posting.check_not_posted")

    def test_reversed_under_the_proposal(self):
        invoice, line = self._proposed()
        reversal = invoice._reverse_moves(cancel=True)
        self.assertEqual(reversal.state, "posted")
        self.assertSentBack(line, "posting.document_reversed")
        self.assertNotIn("posting.paid_elsewhere", self._codes(line))
        self.assertIn(reversal.name, line.ar_review_note)
        line.ar_review_required = False
        self.assertFalse(line.action_post_applications())
        self.assertSentBack(line, "posting.check_open_amount")

    def test_paid_by_odoos_register_payment(self):
        invoice, line = self._proposed()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"payment_date": "2026-01-18"})._create_payments()
        self.assertSentBack(line, "posting.paid_elsewhere")
        self.assertIn("0.00", line.ar_review_note)
        line.ar_review_required = False
        self.assertFalse(line.action_post_applications())
        self.assertSentBack(line, "posting.check_open_amount")

    def test_paid_by_a_manual_reconciliation(self):
        invoice, line = self._proposed()
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": "2026-01-18",
                "line_ids": [
                    Command.create(
                        {
                            "account_id": self.account_receivable.id,
                            "partner_id": self.fjord.id,
                            "balance": -1000.0,
                        }
                    ),
                    Command.create(
                        {"account_id": self.account_revenue.id, "balance": 1000.0}
                    ),
                ],
            }
        )
        entry.action_post()
        (
            self._open_item(invoice)
            + entry.line_ids.filtered(
                lambda item: item.account_id == self.account_receivable
            )
        ).reconcile()
        self.assertSentBack(line, "posting.paid_elsewhere")
        self.assertIn("250.00", line.ar_review_note)

    def test_applied_on_another_bank_line(self):
        """A second bank line applying the same invoice cannot post it twice: posting
        it stops with the reason, the first line still posts."""
        invoice, line = self._proposed()
        other = self._line(1250.0, "cash")
        self.env["ar.payment.application"].create(
            {
                "statement_line_id": other.id,
                "move_line_id": self._open_item(invoice).id,
                "amount": 1250.0,
                "manual": True,
            }
        )
        self.assertFalse(other.action_post_applications())
        self.assertSentBack(other, "posting.check_open_amount")
        other.action_ar_remove_application()
        self.assertEqual(line.action_post_applications(), line)
        self.assertPayment(invoice, "paid", 0.0)

    def test_partial_payment_elsewhere_leaving_enough_changes_nothing(self):
        """Two bank lines share an invoice: posting one leaves the other's good."""
        invoice = self._invoice(self.fjord, 1000.0)
        item = self._open_item(invoice)
        first, second = self._line(600.0, "a"), self._line(400.0, "b")
        self.env["ar.payment.application"].create(
            [
                {
                    "statement_line_id": line.id,
                    "move_line_id": item.id,
                    "amount": line.amount,
                    "manual": True,
                }
                for line in first + second
            ]
        )
        self.assertEqual(first.action_post_applications(), first)
        self.assertFalse(second.ar_review_required)
        self.assertEqual(second.action_post_applications(), second)
        self.assertPayment(invoice, "paid", 0.0)

    def test_a_billing_user_changing_an_invoice_sends_the_line_back(self):
        """Whoever edits the invoice, the bank line is flagged: a billing user without
        access to bank lines meets no access or database error."""
        invoice, line = self._proposed()
        billing = self._user("ar_billing", "account.group_account_invoice")
        mine = invoice.with_user(billing)
        mine.button_draft()
        mine.write({"partner_id": self.suomen.id})
        mine.action_post()
        mine.button_draft()
        mine.unlink()
        self.assertSentBack(line, "posting.partner_changed", "posting.document_deleted")
        self.assertFalse(line.ar_application_ids)

    # -------------------------------------------------------------- posting re-checks

    def test_posting_checks_each_document_and_posts_the_rest(self):
        """A snapshot that no longer matches stops its line only."""
        good_invoice, good = self._proposed(100.0)
        _inv, partner = self._proposed(200.0)
        _inv, currency = self._proposed(300.0)
        _inv, amount = self._proposed(400.0)
        partner.ar_application_ids.document_partner_id = self.suomen
        currency.ar_application_ids.document_currency_id = self.eur
        amount.ar_application_ids.document_amount = 450.0
        lines = good + partner + currency + amount
        posted = lines.action_post_applications()
        self.assertEqual(posted, good)
        self.assertPayment(good_invoice, "paid", 0.0)
        self.assertSentBack(partner, "posting.check_partner")
        self.assertSentBack(currency, "posting.check_currency")
        self.assertSentBack(amount, "posting.check_amount")
        self.assertIn("450.00", amount.ar_review_note)

    def test_note_renders_in_the_readers_language(self):
        invoice, line = self._proposed()
        self._edit(
            invoice,
            invoice_line_ids=[
                Command.update(invoice.invoice_line_ids.id, {"price_unit": 1300.0})
            ],
        )
        self.env["res.lang"]._activate_lang("nb_NO")
        norwegian = line.with_context(lang="nb_NO").ar_review_note
        self.assertIn("1\N{NO-BREAK SPACE}300,00", norwegian)
        self.assertIn("1,300.00", line.with_context(lang="en_US").ar_review_note)

    def test_every_posting_code_has_a_template(self):
        """The codes the Odoo layer stores as notes or questions all render."""
        root = pathlib.Path(__file__).resolve().parent.parent
        used = set()
        for path in [*root.glob("models/*.py"), *root.glob("wizards/*.py")]:
            used |= set(re.findall(r'"(posting\.[a-z_]+)"', path.read_text()))
        self.assertGreater(len(used), 15)
        self.assertEqual(used - set(posting.TEMPLATES), set())

    # ------------------------------------------------------------------ in bulk

    def test_hooks_read_and_write_in_bulk(self):
        """Sending lines back and checking them costs the same for 2 lines as for 6."""
        pairs = [self._proposed(100.0 + index) for index in range(10)]
        moves = self.env["account.move"].browse([inv.id for inv, _line in pairs])
        lines = self.env["account.bank.statement.line"].browse(
            [line.id for _inv, line in pairs]
        )

        def run(moves, lines):
            self.env.invalidate_all()
            moves._ar_notify_pending("posting.document_reset")
            lines._ar_send_back_to_review(lines._ar_verify_documents())
            self.env.flush_all()

        run(moves[:2], lines[:2])  # caches warmed
        start = self.env.cr.sql_log_count
        run(moves[2:4], lines[2:4])
        two = self.env.cr.sql_log_count - start
        with self.assertQueryCount(two):
            run(moves[4:], lines[4:])
        self.assertTrue(all(lines.mapped("ar_review_required")))
        self.assertEqual(lines.mapped(lambda line: len(line.ar_review_notes)), [1] * 10)
