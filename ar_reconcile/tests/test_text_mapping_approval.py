"""Text mappings: a Receivables user proposes, a Receivables manager approves or
rejects; matching applies approved mappings only."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import PaymentApplicationCommon


@tagged("post_install", "-at_install")
class TestTextMappingApproval(PaymentApplicationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ar_user = cls._user("tm_ar_user", "ar_reconcile.group_ar_user")
        cls.other_user = cls._user("tm_other_user", "ar_reconcile.group_ar_user")
        cls.ar_manager = cls._user("tm_ar_manager", "ar_reconcile.group_ar_manager")
        cls.company_b = cls.setup_other_company(name="company_tm_b")["company"]
        cls.manager_b = cls._user(
            "tm_manager_b", "ar_reconcile.group_ar_manager", company=cls.company_b
        )

    def _propose(self, line, text, user=None):
        """The Map Text dialog of ``line``, saved by ``user`` (the Receivables user)."""
        action = line.with_user(user or self.ar_user).action_ar_map_text()
        self.assertEqual(action["res_model"], "ar.text.mapping")
        form = Form(
            self.env["ar.text.mapping"]
            .with_user(user or self.ar_user)
            .with_context(**action["context"])
        )
        form.name = text
        form.payment_account_id = self.account_fees
        return form.save()

    def _todo(self, mapping):
        return mapping.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
        )

    def test_user_proposes_and_manager_approves(self):
        line = self._line(-49.0, "Card terminal fee 01/2026")
        mapping = self._propose(line, "Card terminal fee")
        self.assertRecordValues(
            mapping, [{"state": "proposed", "company_id": self.company.id}]
        )
        todo = self._todo(mapping)
        self.assertIn(self.ar_manager, todo.user_id)
        self.assertNotIn(self.manager_b, todo.user_id, "a manager of another company")
        self.assertNotIn(self.ar_user, todo.user_id)
        # Not applied while it is a proposal.
        line.with_user(self.ar_user).action_apply_automatically()
        self.assertEqual(line.ar_match_confidence, "none")
        # The user may still correct the proposal, not approve it.
        mapping.with_user(self.ar_user).name = "card terminal fee"
        with self.assertRaises(UserError):
            mapping.with_user(self.ar_user).action_ar_approve()
        with self.assertRaises(UserError):
            mapping.with_user(self.ar_user).write({"state": "approved"})
        with self.assertRaises(AccessError):
            mapping.with_user(self.other_user).write({"name": "fee"})
        self.assertRecordValues(
            mapping, [{"state": "proposed", "name": "card terminal fee"}]
        )

        mapping.with_user(self.ar_manager).action_ar_approve()
        self.assertEqual(mapping.state, "approved")
        self.assertFalse(self._todo(mapping), "the To-Do is done")
        line.with_user(self.ar_user).action_apply_automatically()
        self.assertEqual(line.ar_match_confidence, "text_mapping")
        self.assertApplications(line, [(self.account_fees, -49.0)])
        # After approval the user cannot change the pattern any more.
        with self.assertRaises(UserError):
            mapping.with_user(self.ar_user).write({"name": "fee"})
        self.assertEqual(mapping.name, "card terminal fee")
        # The manager can.
        mapping.with_user(self.ar_manager).name = "Card terminal"
        self.assertEqual(mapping.name, "Card terminal")

    def test_manager_rejects_a_proposal(self):
        line = self._line(-15.0, "Account fee March")
        mapping = self._propose(line, "Account fee")
        mapping.with_user(self.ar_manager).action_ar_reject()
        self.assertEqual(mapping.state, "rejected")
        self.assertFalse(self._todo(mapping))
        line.action_apply_automatically()
        self.assertEqual(line.ar_match_confidence, "none")
        with self.assertRaises(UserError):
            mapping.with_user(self.ar_user).write({"name": "Account"})
        self.assertEqual(
            self.env["ar.text.mapping"]._ar_applicable(self.company),
            self.env["ar.text.mapping"],
        )

    def test_user_cannot_create_an_approved_mapping_nor_edit_rules(self):
        Mapping = self.env["ar.text.mapping"].with_user(self.ar_user)
        with self.assertRaises(UserError):
            Mapping.create(
                {
                    "name": "Interest",
                    "state": "approved",
                    "sign": "positive",
                    "receipt_account_id": self.account_revenue.id,
                }
            )
        self.assertFalse(
            self.env["ar.text.mapping"].search([("name", "=", "Interest")])
        )
        rule = self._default_rule("low_4").with_user(self.ar_user)
        with self.assertRaises(AccessError):
            rule.write({"match_confidence": "high"})
        with self.assertRaises(AccessError):
            rule.create({"match_confidence": "high", "priority": 13})

    def test_manager_mapping_is_approved_at_once(self):
        mapping = self._propose(
            self._line(-20.0, "Bank fee"), "Bank fee", user=self.ar_manager
        )
        self.assertEqual(mapping.state, "approved")
        self.assertFalse(mapping.activity_ids)
        self.assertEqual(
            self.env["ar.text.mapping"]._ar_applicable(self.company), mapping
        )
        self.assertFalse(self.env["ar.text.mapping"]._ar_applicable(self.company_b))

    def test_regex_mapping_runs_in_linear_time(self):
        """``(a+)+$`` would backtrack for minutes in Python's ``re``; RE2 does not."""
        mapping = self.env["ar.text.mapping"].create(
            {
                "name": "(a+)+$",
                "match_type": "regex",
                "sign": "negative",
                "payment_account_id": self.account_fees.id,
            }
        )
        miss = self._line(-10.0, "a" * 29 + "!")
        hit = self._line(-10.0, "x" + "a" * 29)
        (miss + hit).action_apply_automatically()
        self.assertEqual(miss.ar_match_confidence, "none")
        self.assertRecordValues(
            hit,
            [{"ar_match_confidence": "text_mapping", "ar_difference": 0.0}],
        )
        self.assertEqual(hit.ar_application_ids.text_mapping_id, mapping)

    def test_pattern_that_needs_backtracking_is_refused(self):
        Mapping = self.env["ar.text.mapping"].with_user(self.ar_manager)
        values = {
            "match_type": "regex",
            "sign": "negative",
            "payment_account_id": self.account_fees.id,
        }
        for pattern, reason in (
            (r"(fee)\1", "run in linear time"),
            ("[fee", "is not a valid regular expression"),
            ("a" * 201, "at most 200 are allowed"),
        ):
            with self.subTest(pattern=pattern[:10]):
                with self.assertRaises(ValidationError) as refused:
                    Mapping.create({**values, "name": pattern})
                self.assertIn(reason, str(refused.exception))
        self.assertFalse(
            self.env["ar.text.mapping"].search([("match_type", "=", "regex")])
        )
