"""A currency's own payment tolerance (Business Central's Change Payment Tolerance with
a currency code), per company."""

from decimal import Decimal

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import ArTestCommon


@tagged("post_install", "-at_install")
class TestCurrencyPaymentTolerance(ArTestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 1 USD = 2 EUR (the test common's rates); the company tolerance is 1 %, at most
        # 5 USD.
        cls.eur = cls.setup_other_currency("EUR")
        cls.company.write(
            {
                "ar_payment_tolerance_percent": 1.0,
                "ar_payment_tolerance_max_amount": 5.0,
            }
        )
        cls.company_b = cls.setup_other_company(name="company_2")["company"]
        cls.company_b.write(
            {
                "ar_payment_tolerance_percent": 1.0,
                "ar_payment_tolerance_max_amount": 0.0,
            }
        )

    @classmethod
    def _document(cls, amount, currency, company=None, move_type="out_invoice"):
        return cls._invoice(
            cls.partner_a,
            amount,
            move_type=move_type,
            date="2024-03-01",
            currency=currency,
            company=company,
        )

    def _own_eur(self, percent=2.0, max_amount=8.0, company=None):
        self.eur.with_company(company or self.company).write(
            {
                "ar_own_payment_tolerance": True,
                "ar_payment_tolerance_percent": percent,
                "ar_payment_tolerance_max_amount": max_amount,
            }
        )

    def test_currency_with_its_own_tolerance(self):
        before = self._document(1000.0, self.eur)
        # The company's: min(1 % of 1,000 EUR, 5 USD = 10 EUR).
        self.assertEqual(before.ar_max_payment_tolerance, 10.0)
        self._own_eur(2.0, 8.0)
        # EUR's own: min(2 % x amount, 8 EUR), no conversion; recomputed on change.
        self.assertEqual(before.ar_max_payment_tolerance, 8.0)
        self.assertEqual(self._document(300.0, self.eur).ar_max_payment_tolerance, 6.0)
        self.assertEqual(
            self._document(
                1000.0, self.eur, move_type="out_refund"
            ).ar_max_payment_tolerance,
            -8.0,
        )
        # Other currencies keep the company's.
        self.assertEqual(
            self._document(1000.0, self.company.currency_id).ar_max_payment_tolerance,
            5.0,
        )

        self.eur.with_company(
            self.company
        ).ar_payment_tolerance_percent = 0.0  # the maximum only
        self.assertEqual(before.ar_max_payment_tolerance, 8.0)
        self.eur.with_company(self.company).write(
            {
                "ar_payment_tolerance_percent": 0.5,
                "ar_payment_tolerance_max_amount": 0.0,
            }
        )  # the percentage only
        self.assertEqual(before.ar_max_payment_tolerance, 5.0)
        self.eur.with_company(
            self.company
        ).ar_payment_tolerance_percent = 0.0  # own: none at all
        self.assertEqual(before.ar_max_payment_tolerance, 0.0)
        self.eur.with_company(
            self.company
        ).ar_own_payment_tolerance = False  # back to the company's
        self.assertEqual(before.ar_max_payment_tolerance, 10.0)

    def test_company_dependent(self):
        self._own_eur(2.0, 8.0)
        self.assertFalse(self.eur.with_company(self.company_b).ar_own_payment_tolerance)
        self.assertEqual(
            self.eur.with_company(self.company_b).ar_payment_tolerance_max_amount, 0.0
        )
        # Company B has no own EUR tolerance: its 1 % without maximum applies, not 8
        # EUR.
        invoice_b = self._document(1000.0, self.eur, company=self.company_b)
        self.assertEqual(invoice_b.ar_max_payment_tolerance, 10.0)
        # ... and its own, set later, stays its own.
        self._own_eur(3.0, 12.0, company=self.company_b)
        self.assertEqual(invoice_b.ar_max_payment_tolerance, 12.0)
        self.assertEqual(self._document(1000.0, self.eur).ar_max_payment_tolerance, 8.0)
        self.assertEqual(
            self.eur.with_company(self.company).ar_payment_tolerance_percent, 2.0
        )

    def test_invalid_values(self):
        for values, message in [
            ({"ar_payment_tolerance_percent": 100.5}, "between 0 and 100"),
            ({"ar_payment_tolerance_percent": -1.0}, "between 0 and 100"),
            ({"ar_payment_tolerance_max_amount": -0.01}, "cannot be negative"),
        ]:
            with (
                self.subTest(values=values),
                self.assertRaisesRegex(ValidationError, message),
            ):
                with self.env.cr.savepoint():
                    self.eur.with_company(self.company).write(values)
        self.eur.invalidate_recordset()
        self.assertEqual(
            self.eur.with_company(self.company).ar_payment_tolerance_percent, 0.0
        )

    def test_currency_form_and_access(self):
        manager = new_test_user(
            self.env,
            login="ar_currency_manager",
            groups="base.group_user,account.group_account_manager",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        with Form(self.eur.with_user(manager)) as form:
            form.ar_own_payment_tolerance = True
            form.ar_payment_tolerance_percent = 2.5
            form.ar_payment_tolerance_max_amount = 7.0
        self.assertRecordValues(
            self.eur.with_company(self.company),
            [
                {
                    "ar_own_payment_tolerance": True,
                    "ar_payment_tolerance_percent": 2.5,
                    "ar_payment_tolerance_max_amount": 7.0,
                }
            ],
        )

        # Receivables users see the values, read-only.
        ar_user = new_test_user(
            self.env,
            login="ar_currency_user",
            groups="base.group_user,ar_reconcile.group_ar_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        form = Form(self.eur.with_user(ar_user))
        self.assertEqual(form.ar_payment_tolerance_percent, 2.5)
        with self.assertRaisesRegex(AssertionError, "readonly"):
            form.ar_payment_tolerance_percent = 9.0
        with self.assertRaises(AccessError):
            self.eur.with_user(ar_user).ar_payment_tolerance_percent = 9.0

        # A settings administrator who is no receivables manager cannot change the
        # policy.
        admin = new_test_user(
            self.env,
            login="ar_currency_admin",
            groups="base.group_user,base.group_system",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        self.assertFalse(admin.has_group("ar_reconcile.group_ar_manager"))
        with self.assertRaisesRegex(AccessError, "receivables managers"):
            self.eur.with_user(admin).ar_payment_tolerance_percent = 9.0
        self.eur.with_user(admin).symbol = "€"  # the rest of the currency stays theirs
        self.assertEqual(
            self.eur.with_company(self.company).ar_payment_tolerance_percent, 2.5
        )

    def test_amounts_as_exact_decimals_at_the_currency_precision(self):
        """``_ar_decimal`` reads an Odoo float as the amount it stands for, on the
        currency's quantum, the way the settlement receives every amount."""
        usd = self.company.currency_id
        self.assertEqual(usd._ar_quantum(), Decimal("0.01"))
        self.assertEqual(str(usd._ar_decimal(1234.5)), "1234.50")
        self.assertEqual(str(usd._ar_decimal(0.1 + 0.2)), "0.30")
        self.assertEqual(str(usd._ar_decimal(2.675)), "2.68")  # Odoo rounds half up
        self.assertEqual(str(usd._ar_decimal(12345678901234.57)), "12345678901234.57")
        self.eur.rounding = 0.05
        self.assertEqual(self.eur._ar_quantum(), Decimal("0.05"))
        self.assertEqual(str(self.eur._ar_decimal(10.03)), "10.05")
        self.eur.rounding = 1.0
        self.assertEqual(str(self.eur._ar_decimal(-99.5)), "-100")
