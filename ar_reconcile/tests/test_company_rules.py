"""Payment application rules per company: a Receivables manager of one company cannot
change how the payments of another are applied; every company has its own defaults."""

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from ..lib.matching.default_rules import DEFAULT_RULES
from .common import PaymentApplicationCommon


@tagged("post_install", "-at_install")
class TestCompanyRules(PaymentApplicationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._company_b_with_bank("company_b")
        cls.manager_b = cls._user(
            "cr_manager_b", "ar_reconcile.group_ar_manager", company=cls.company_b
        )
        cls.Rule = cls.env["ar.payment.application.rule"]

    def _unknown_payer(self, journal=None, company=None):
        """A line paying the only open amount, without a payer or a reference: no
        party, no document, one amount match (Low 4 of the defaults)."""
        invoice = self._invoice(self.bakery, 333.0, company=company)
        line = self._line(333.0, "Payment", journal=journal)
        line.action_apply_automatically()
        return invoice, line

    def _rules_of(self, company):
        return {
            (rule.match_confidence, rule.priority): (
                rule.related_party,
                rule.doc_match,
                rule.amount_match,
                rule.review_required,
                rule.apply_immediately,
            )
            # The test user is not in the main company: read as the superuser.
            for rule in self.Rule.sudo().search([("company_id", "=", company.id)])
        }

    def test_every_company_has_its_own_default_rules(self):
        expected = {
            (rule.confidence, rule.priority): (
                rule.related_party,
                rule.doc_match,
                rule.amount_match,
                rule.review_required,
                rule.apply_immediately,
            )
            for rule in DEFAULT_RULES
        }
        main = self.env.ref("base.main_company")
        for company in (main, self.company, self.company_b):
            with self.subTest(company=company.name):
                self.assertEqual(self._rules_of(company), expected)
        self.assertEqual(
            self.env.ref("ar_reconcile.rule_high_3").sudo().company_id, main
        )
        self.assertFalse(
            self.Rule.sudo()
            .with_context(active_test=False)
            .search([("company_id", "=", False)])
        )

    def test_new_company_gets_the_defaults_once(self):
        company = self.env["res.company"].create({"name": "Company C"})
        rules = self.Rule.search([("company_id", "=", company.id)])
        self.assertEqual(len(rules), len(DEFAULT_RULES))
        self.assertFalse(company._ar_create_missing_default_rules())
        # A deleted default comes back; an archived one stays archived.
        high_3 = self._default_rule("high_3", company)
        low_5 = self._default_rule("low_5", company)
        high_3.unlink()
        low_5.active = False
        created = company._ar_create_missing_default_rules()
        self.assertRecordValues(
            created,
            [{"company_id": company.id, "match_confidence": "high", "priority": 3}],
        )
        self.assertFalse(low_5.active)
        self.assertEqual(
            self.Rule.search_count([("company_id", "=", company.id)]),
            len(DEFAULT_RULES) - 1,
        )

    def test_manager_of_another_company_cannot_change_our_matching(self):
        _invoice_a, line_a = self._unknown_payer()
        before = {
            "ar_match_confidence": "low",
            "ar_review_required": True,
            "ar_rule_id": self._default_rule("low_4").id,
        }
        self.assertRecordValues(line_a, [before])

        Rule = self.Rule.with_user(self.manager_b)
        self.assertEqual(Rule.search([]).company_id, self.company_b)
        low_4_a = self._default_rule("low_4").with_user(self.manager_b)
        with self.assertRaises(AccessError):
            low_4_a.write({"match_confidence": "high", "review_required": False})
        with self.assertRaises(AccessError):
            low_4_a.unlink()
        with self.assertRaises(AccessError):
            Rule.create(
                {
                    "company_id": self.company.id,
                    "match_confidence": "high",
                    "priority": 20,
                    "related_party": "no",
                    "doc_match": "no",
                    "amount_match": "one",
                }
            )

        # In company B the manager makes an unknown payer High, ready to post.
        low_4_b = self._default_rule("low_4", self.company_b).with_user(self.manager_b)
        low_4_b.write({"review_required": False})
        own = Rule.create(
            {
                "match_confidence": "high",
                "priority": 20,  # after the defaults (1-12 documents, 13-16 payments)
                "related_party": "no",
                "doc_match": "no",
                "amount_match": "one",
            }
        )
        self.assertEqual(own.company_id, self.company_b)
        _invoice_b, line_b = self._unknown_payer(self.journal_b, self.company_b)
        self.assertRecordValues(
            line_b,
            [
                {
                    "ar_match_confidence": "high",
                    "ar_review_required": False,
                    "ar_rule_id": own.id,
                }
            ],
        )

        # Company A's line is applied as before.
        line_a.action_apply_automatically()
        self.assertRecordValues(line_a, [before])
        self.assertTrue(self._default_rule("low_4").review_required)

    def test_each_priority_once_per_confidence_and_company(self):
        values = {
            "match_confidence": "low",
            "priority": 20,  # after the defaults (1-5 documents, 6-7 payments)
            "related_party": "no",
            "doc_match": "no",
            "amount_match": "none",
        }
        rule_a = self.Rule.create({**values, "company_id": self.company.id})
        rule_b = self.Rule.create({**values, "company_id": self.company_b.id})
        self.assertEqual((rule_a | rule_b).mapped("score"), [1980, 1980])
        with self.assertRaises(ValidationError):
            self.Rule.create({**values, "company_id": self.company_b.id})
