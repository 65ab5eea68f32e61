"""Payment and discount tolerance settings, and what they give every invoice."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import ArTestCommon


@tagged("post_install", "-at_install")
class TestPaymentToleranceSettings(ArTestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The test common gives the company a cash basis tax (its "armageddon" tax):
        # Odoo turns Cash Basis on for such a company (chart template), and its settings
        # form refuses, with a warning, to leave it off.
        cls.company.tax_exigibility = True
        # 1 USD = 2 EUR from 2017 on (the test common's rates).
        cls.eur = cls.setup_other_currency("EUR")
        cls.company.write(
            {
                "ar_payment_tolerance_percent": 1.0,
                "ar_payment_tolerance_max_amount": 5.0,
            }
        )
        cls.term_2_10 = cls._payment_term("2 % 10 days, net 30", 2.0, 10)
        cls.company_b = cls.setup_other_company(name="company_2")["company"]

    @classmethod
    def _document(
        cls,
        amount,
        move_type="out_invoice",
        partner=None,
        currency=None,
        term=None,
        post=True,
    ):
        return cls._invoice(
            partner or cls.partner_a,
            amount,
            move_type=move_type,
            date="2024-03-01",
            currency=currency or cls.company.currency_id,
            term=term,
            post=post,
        )

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------

    def test_settings_round_trip(self):
        gain = self.company_data["default_account_revenue"]
        loss = self.company_data["default_account_expense"]
        with Form(self.env["res.config.settings"]) as settings:
            self.assertEqual(settings.ar_payment_tolerance_percent, 1.0)
            settings.ar_payment_tolerance_percent = 2.5
            settings.ar_payment_tolerance_max_amount = 12.5
            settings.ar_discount_grace_days = 3
            settings.ar_payment_tolerance_warning = True
            settings.ar_discount_tolerance_warning = True
            settings.ar_tolerance_gain_account_id = gain
            settings.ar_tolerance_loss_account_id = loss
        settings.record.execute()
        self.assertRecordValues(
            self.company,
            [
                {
                    "ar_payment_tolerance_percent": 2.5,
                    "ar_payment_tolerance_max_amount": 12.5,
                    "ar_discount_grace_days": 3,
                    "ar_payment_tolerance_warning": True,
                    "ar_discount_tolerance_warning": True,
                    "ar_tolerance_gain_account_id": gain.id,
                    "ar_tolerance_loss_account_id": loss.id,
                }
            ],
        )
        again = Form(self.env["res.config.settings"])
        self.assertEqual(again.ar_discount_grace_days, 3)
        self.assertEqual(again.ar_tolerance_loss_account_id, loss)

    def test_invalid_settings(self):
        for values, message in [
            ({"ar_payment_tolerance_percent": 100.5}, "between 0 and 100"),
            ({"ar_payment_tolerance_percent": -1.0}, "between 0 and 100"),
            (
                {"ar_payment_tolerance_max_amount": -0.01},
                "maximum payment tolerance amount cannot be negative",
            ),
            ({"ar_discount_grace_days": -1}, "grace period cannot be negative"),
        ]:
            with (
                self.subTest(values=values),
                self.assertRaisesRegex(ValidationError, message),
            ):
                with self.env.cr.savepoint():
                    self.company.write(values)
        self.company.ar_payment_tolerance_percent = (
            100.0  # the bounds themselves are valid
        )
        with (
            self.assertRaisesRegex(ValidationError, "between 0 and 100"),
            self.env.cr.savepoint(),
        ):
            with Form(self.env["res.config.settings"]) as settings:
                settings.ar_payment_tolerance_percent = 150.0
            settings.record.execute()
        self.assertEqual(self.company.ar_payment_tolerance_percent, 100.0)

    def test_tolerance_account_of_another_company_is_refused(self):
        account_b = (
            self.env["account.account"]
            .with_company(self.company_b)
            .create(
                {
                    "name": "Tolerance B",
                    "code": "799999",
                    "account_type": "income",
                }
            )
        )
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            self.company.ar_tolerance_gain_account_id = account_b

    def test_other_company_user_neither_sees_nor_changes_the_settings(self):
        admin_b = new_test_user(
            self.env,
            login="admin_b",
            groups="base.group_user,base.group_system,account.group_account_manager",
            company_id=self.company_b.id,
            company_ids=[Command.set(self.company_b.ids)],
        )
        with Form(self.env["res.config.settings"].with_user(admin_b)) as settings:
            self.assertEqual(settings.company_id, self.company_b)
            self.assertEqual(settings.ar_payment_tolerance_percent, 0.0)
            self.assertEqual(settings.ar_payment_tolerance_max_amount, 0.0)
            settings.ar_payment_tolerance_percent = 3.0
        settings.record.execute()
        self.assertEqual(self.company_b.ar_payment_tolerance_percent, 3.0)
        self.assertEqual(self.company.ar_payment_tolerance_percent, 1.0)
        self.assertEqual(self.company.ar_payment_tolerance_max_amount, 5.0)

        accountant_b = new_test_user(
            self.env,
            login="accountant_b",
            groups="base.group_user,account.group_account_manager",
            company_id=self.company_b.id,
            company_ids=[Command.set(self.company_b.ids)],
        )
        with self.assertRaises(AccessError):
            self.company.with_user(accountant_b).read(["ar_payment_tolerance_percent"])
        with self.assertRaises(AccessError):
            self.company.with_user(accountant_b).write(
                {"ar_payment_tolerance_percent": 50.0}
            )
        self.assertEqual(self.company.ar_payment_tolerance_percent, 1.0)

    # ------------------------------------------------------------------
    # Maximum payment tolerance per document (BC rules)
    # ------------------------------------------------------------------

    def test_max_payment_tolerance(self):
        self.assertEqual(self._document(1000.0).ar_max_payment_tolerance, 5.0)
        self.assertEqual(self._document(200.0).ar_max_payment_tolerance, 2.0)
        self.assertEqual(
            self._document(200.0, "out_refund").ar_max_payment_tolerance, -2.0
        )
        self.assertEqual(
            self._document(1000.0, "in_invoice").ar_max_payment_tolerance, 5.0
        )
        self.assertEqual(
            self._document(200.0, "in_refund").ar_max_payment_tolerance, -2.0
        )
        draft = self._document(333.33, post=False)
        self.assertEqual(draft.ar_max_payment_tolerance, 3.33)

        invoice, credit_note = (
            self._document(1000.0),
            self._document(200.0, "out_refund"),
        )
        self.company.ar_payment_tolerance_percent = 0.0  # the maximum only
        self.assertEqual(self._document(200.0).ar_max_payment_tolerance, 5.0)
        self.assertEqual(invoice.ar_max_payment_tolerance, 5.0)
        self.assertEqual(credit_note.ar_max_payment_tolerance, -5.0)
        self.company.write(
            {
                "ar_payment_tolerance_percent": 1.0,
                "ar_payment_tolerance_max_amount": 0.0,
            }
        )  # the percentage only
        self.assertEqual(invoice.ar_max_payment_tolerance, 10.0)
        self.assertEqual(credit_note.ar_max_payment_tolerance, -2.0)
        self.company.ar_payment_tolerance_percent = 0.0  # no tolerance at all
        self.assertEqual(invoice.ar_max_payment_tolerance, 0.0)

    def test_blocked_partner_has_no_tolerance(self):
        invoice = self._document(1000.0, partner=self.partner_b)
        self.assertEqual(invoice.ar_max_payment_tolerance, 5.0)
        self.partner_b.with_company(self.company).ar_block_payment_tolerance = True
        self.assertEqual(invoice.ar_max_payment_tolerance, 0.0)
        self.assertEqual(
            self._document(
                200.0, "out_refund", partner=self.partner_b
            ).ar_max_payment_tolerance,
            0.0,
        )
        # Company-dependent: blocked in this company only.
        self.assertFalse(
            self.partner_b.with_company(self.company_b).ar_block_payment_tolerance
        )
        self.assertEqual(self._document(1000.0).ar_max_payment_tolerance, 5.0)

    def test_foreign_currency_document(self):
        # The maximum of 5.00 USD is 10.00 EUR at the invoice date (1 USD = 2 EUR).
        self.assertEqual(
            self._document(2000.0, currency=self.eur).ar_max_payment_tolerance, 10.0
        )
        self.assertEqual(
            self._document(600.0, currency=self.eur).ar_max_payment_tolerance, 6.0
        )
        self.assertEqual(
            self._document(
                2000.0, "out_refund", currency=self.eur
            ).ar_max_payment_tolerance,
            -10.0,
        )

    # ------------------------------------------------------------------
    # Discount tolerance date
    # ------------------------------------------------------------------

    def test_discount_tolerance_date(self):
        self.company.ar_discount_grace_days = 3
        invoice = self._document(1000.0, term=self.term_2_10)
        credit_note = self._document(1000.0, "out_refund", term=self.term_2_10)
        without_discount = self._document(1000.0)
        # 2024-03-01 + 10 discount days = 2024-03-11, + 3 grace days.
        self.assertEqual(invoice.ar_discount_tolerance_date, date(2024, 3, 14))
        self.assertEqual(credit_note.ar_discount_tolerance_date, date(2024, 3, 14))
        self.assertFalse(without_discount.ar_discount_tolerance_date)

        self.company.ar_discount_grace_days = 0
        self.assertEqual(invoice.ar_discount_tolerance_date, date(2024, 3, 11))
        self.company.ar_discount_grace_days = 5
        self.assertEqual(invoice.ar_discount_tolerance_date, date(2024, 3, 16))

        documents = invoice | credit_note | without_discount
        Move = self.env["account.move"]
        self.assertEqual(
            Move.search(
                [
                    ("id", "in", documents.ids),
                    ("ar_discount_tolerance_date", ">=", "2024-03-16"),
                ]
            ),
            invoice | credit_note,
        )
        self.assertFalse(
            Move.search(
                [
                    ("id", "in", documents.ids),
                    ("ar_discount_tolerance_date", ">", "2024-03-16"),
                ]
            )
        )
        self.assertEqual(
            Move.search(
                [
                    ("id", "in", documents.ids),
                    ("ar_discount_tolerance_date", "=", False),
                ]
            ),
            without_discount,
        )
