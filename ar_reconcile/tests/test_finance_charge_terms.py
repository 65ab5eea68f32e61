"""Finance charge terms: what a manager configures becomes the database-free terms the
memos and the reminders compute with; bad terms are refused with the reason; each
company keeps its own terms; a partner gets its terms per company."""

from datetime import date
from decimal import Decimal

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from ..lib import collections as lib
from .common import ArTestCommon


@tagged("post_install", "-at_install")
class TestFinanceChargeTerms(ArTestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Term = cls.env["ar.finance.charge.term"]
        cls.eur = cls.setup_other_currency("EUR")
        cls.manager = cls._user("fct_manager", "ar_reconcile.group_ar_manager")
        cls.clerk = cls._user("fct_clerk", "ar_reconcile.group_ar_user")

    def _term(self, **values):
        return self.Term.create({"name": "Statutory", "rate": 8.0, **values})

    def test_manager_configures_terms_in_the_form(self):
        form = Form(self.Term.with_user(self.manager))
        form.name = "Late payment interest"
        form.method = "average_daily_balance"
        form.rate = 12.0
        form.period_days = 365
        form.grace_days = 5
        form.minimum_amount = 10.0
        form.fee_amount = 7.5
        with form.rate_ids.new() as rate:
            rate.start_date = date(2026, 7, 1)
            rate.rate = 12.5
            rate.period_days = 365
        with form.rate_ids.new() as rate:
            rate.start_date = date(2026, 1, 1)
            rate.rate = 12.25
            rate.period_days = 365
        with form.fee_ids.new() as fee:
            fee.currency_id = self.eur
            fee.amount = 5.0
        term = form.save()

        terms = term._ar_lib_terms()
        self.assertIsInstance(terms, lib.FinanceChargeTerms)
        self.assertEqual(terms.rate, Decimal("12"))
        self.assertEqual(terms.period_days, 365)
        self.assertEqual(terms.method, lib.AVERAGE_DAILY_BALANCE)
        self.assertEqual(terms.grace_days, 5)
        self.assertEqual(terms.minimum_amount, Decimal("10"))
        self.assertEqual(terms.company_currency, self.company.currency_id.name)
        self.assertEqual(
            terms.fees,
            {self.company.currency_id.name: Decimal("7.5"), "EUR": Decimal("5")},
        )
        # Dated rates in date order, exactly as typed.
        self.assertEqual(
            [(r.start, r.rate, r.period_days) for r in terms.rates],
            [
                (date(2026, 1, 1), Decimal("12.25"), 365),
                (date(2026, 7, 1), Decimal("12.5"), 365),
            ],
        )

    def test_ranges_by_days(self):
        term = self._term(
            range_by="days",
            range_ids=[
                Command.create({"start": 61, "rate": 2.0}),
                Command.create({"start": 0, "rate": 1.5}),
            ],
        )
        terms = term._ar_lib_terms()
        self.assertEqual(terms.range_by, lib.RANGE_BY_DAYS)
        self.assertEqual(
            [(r.start, r.rate) for r in terms.ranges],
            [(Decimal(0), Decimal("1.5")), (Decimal(61), Decimal(2))],
        )

    def test_negative_rate_refused(self):
        with self.assertRaisesRegex(
            ValidationError, "Statutory: interest rate cannot be negative: -1"
        ):
            self._term(rate=-1.0)
        term = self._term()
        with self.assertRaisesRegex(ValidationError, "cannot be negative: -0.5"):
            term.rate_ids = [
                Command.create({"start_date": "2026-01-01", "rate": -0.5}),
            ]

    def test_negative_range_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative: -3"):
            self._term(range_ids=[Command.create({"start": 0, "rate": -3.0})])

    def test_zero_period_refused(self):
        with self.assertRaisesRegex(
            ValidationError, "interest period \\(days\\) must be above zero: 0"
        ):
            self._term(period_days=0)

    def test_two_rates_on_the_same_date_refused(self):
        with self.assertRaisesRegex(
            ValidationError, "two interest rates start on the same date 01/01/2026"
        ):
            self._term(
                rate_ids=[
                    Command.create({"start_date": "2026-01-01", "rate": 8.0}),
                    Command.create({"start_date": "2026-01-01", "rate": 9.0}),
                ]
            )

    def test_overlapping_ranges_refused(self):
        with self.assertRaisesRegex(
            ValidationError, "the interest ranges must be in ascending order: 30"
        ):
            self._term(
                range_ids=[
                    Command.create({"start": 30, "rate": 1.0}),
                    Command.create({"start": 30, "rate": 2.0}),
                ]
            )
        term = self._term(range_ids=[Command.create({"start": 30, "rate": 1.0})])
        # Editing a range alone is checked too.
        with self.assertRaises(ValidationError):
            term.range_ids.create({"term_id": term.id, "start": 30, "rate": 3.0})

    def test_dated_rates_and_ranges_not_combined(self):
        with self.assertRaisesRegex(ValidationError, "not both"):
            self._term(
                rate_ids=[Command.create({"start_date": "2026-01-01", "rate": 8.0})],
                range_ids=[Command.create({"start": 0, "rate": 1.0})],
            )

    def test_one_fee_per_currency(self):
        with self.assertRaisesRegex(ValidationError, "one fee only"):
            self._term(
                fee_ids=[
                    Command.create({"currency_id": self.eur.id, "amount": 5.0}),
                    Command.create({"currency_id": self.eur.id, "amount": 6.0}),
                ]
            )

    def test_clerk_reads_but_does_not_configure(self):
        term = self._term()
        self.assertEqual(term.with_user(self.clerk).rate, 8.0)
        with self.assertRaises(AccessError):
            term.with_user(self.clerk).rate = 9.0
        with self.assertRaises(AccessError):
            self.Term.with_user(self.clerk).create({"name": "Mine", "rate": 1.0})

    def test_each_company_keeps_its_terms(self):
        self._company_b_with_bank("Finance B")
        manager_b = self._user(
            "fct_manager_b", "ar_reconcile.group_ar_manager", company=self.company_b
        )
        term = self._term()
        own = self.Term.with_user(manager_b).create({"name": "B terms", "rate": 5.0})
        self.assertEqual(own.company_id, self.company_b)
        self.assertEqual(
            self.Term.with_user(manager_b).search([]), own, "company A's terms hidden"
        )
        with self.assertRaises(AccessError):
            term.with_user(manager_b).rate = 1.0

    def test_partner_terms_are_per_company(self):
        self._company_b_with_bank("Finance B2")
        term = self._term()
        term_b = self.Term.with_company(self.company_b).create(
            {"name": "B", "rate": 4.0, "company_id": self.company_b.id}
        )
        partner = self._partner("Late Payer")
        partner.ar_finance_charge_term_id = term
        partner.with_company(self.company_b).ar_finance_charge_term_id = term_b
        self.assertEqual(partner.ar_finance_charge_term_id, term)
        self.assertEqual(
            partner.with_company(self.company_b).ar_finance_charge_term_id, term_b
        )
        # On the partner form, in the Collections group of the Accounting tab.
        with Form(
            self._partner("Other"), view="account.view_partner_property_form"
        ) as f:
            f.ar_finance_charge_term_id = term
        self.assertIn(
            'name="ar_finance_charge_term_id"',
            self.env["res.partner"].get_view(
                self.env.ref("account.view_partner_property_form").id
            )["arch"],
        )
