"""A Norwegian and a Swedish clerk walk the line review and Payment Registration in the
browser: the tours (``static/tests/tours/ar_nordic_tours.js``) find the labels, buttons
and evidence in the user's language, and amounts and dates in its format (nb_NO:
``12 345,50`` and ``15.02.2026``; sv_SE: ``12 345,50`` and ``2026-02-15``, with a
no-break space between the thousands)."""

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import IBAN_FJORD, PaymentApplicationCommon

LANGS = ("nb_NO", "sv_SE")


@tagged("post_install", "-at_install")
class TestNordicTours(PaymentApplicationCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in LANGS:
            cls.env["res.lang"]._activate_lang(code)
        # Menus, actions, views and field labels of the modules the screens show, as a
        # language installed from Settings loads them (texts of code are read from
        # the .po files when shown).
        cls.env["ir.module.module"].search(
            [("name", "in", ("base", "web", "account", "ar_reconcile"))]
        )._update_translations(list(LANGS), overwrite=True)

    def _clerk(self, lang):
        return self._user(
            f"clerk_{lang.lower()}",
            "account.group_account_invoice,ar_reconcile.group_ar_user",
            lang=lang,
            tz="UTC",  # the tour works out today's date in UTC too
        )

    def _review_data(self):
        """An invoice of 12 345.50 due 15 February 2026, paid in part (12 000.00) by a
        transfer from the customer's known account that names it: the engine proposes
        it with medium confidence, to review (BC Medium 2)."""
        invoice = self._invoice(self.fjord, 12345.50, due="2026-02-15")
        line = self._import_camt(
            [
                {
                    "amount": 12000.00,
                    "ref": "NORDIC-0001",
                    "iban": IBAN_FJORD,
                    "name": "Fjordline Handel AS",
                    "ustrd": f"Nordic tour {invoice.name}",
                }
            ]
        )
        self.assertRecordValues(
            line,
            [
                {
                    "ar_match_confidence": "medium",
                    "ar_review_required": True,
                    "ar_applied_amount": 12000.00,
                }
            ],
        )
        return invoice, line

    def _registration_data(self):
        """An invoice of 2 500.00 dated today with 2 % discount within 10 days."""
        term = self._payment_term("2 % 10 / 30 days", 2.0, 10)
        return self._invoice(
            self.bakery,
            2500.00,
            date=fields.Date.context_today(self.env.user),
            term=term,
        )

    def _walk(self, lang):
        clerk = self._clerk(lang)
        invoice, line = self._review_data()
        discounted = self._registration_data()

        action = self.env.ref("ar_reconcile.action_ar_payment_registration_open")
        self.start_tour(
            f"/odoo/action-{action.id}",
            f"ar_reconcile_nordic_registration_{lang}",
            login=clerk.login,
        )
        self.assertIn(discounted.payment_state, ("paid", "in_payment"))
        payment = self.env["account.payment"].search(
            [("partner_id", "=", self.bakery.id)]
        )
        self.assertEqual(payment.amount, 2450.00)
        self.assertEqual(payment.create_uid, clerk)

        action = self.env.ref("ar_reconcile.action_bank_statement_line_ar")
        self.start_tour(
            f"/odoo/action-{action.id}?view_type=list",
            f"ar_reconcile_nordic_review_{lang}",
            login=clerk.login,
        )
        self.assertTrue(line.is_reconciled)
        self.assertEqual(line.ar_application_state, "accepted")
        self.assertPayment(invoice, "partial", 345.50)

    def test_norwegian_clerk(self):
        self._walk("nb_NO")

    def test_swedish_clerk(self):
        self._walk("sv_SE")
