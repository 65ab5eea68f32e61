"""Payment application: access rights of the receivables groups, company separation."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..lib.matching import default_rules
from .common import IBAN_FJORD, PaymentApplicationCommon


@tagged("post_install", "-at_install")
class TestPaymentApplicationSecurity(PaymentApplicationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        cls.invoice_user = cls._user("pa_invoicing", "account.group_account_invoice")
        cls.ar_user = cls._user("pa_ar_user", "ar_reconcile.group_ar_user")
        cls.ar_manager = cls._user("pa_ar_manager", "ar_reconcile.group_ar_manager")

    def _ready_line(self, amount=500.0):
        invoice = self._invoice(self.fjord, amount)
        statement = self.env["account.bank.statement"].create(
            {"name": "ST-1", "journal_id": self.journal.id}
        )
        line = self._line(
            amount, invoice.name, account_number=IBAN_FJORD, statement=statement
        )
        return invoice, line

    # ------------------------------------------------------------------
    # Rules
    # ------------------------------------------------------------------

    def test_user_reads_rules_but_cannot_change_them(self):
        Rule = self.env["ar.payment.application.rule"].with_user(self.ar_user)
        rules = Rule.search([])
        self.assertEqual(
            len(rules),
            len(default_rules.DEFAULT_RULES),  # 25 for documents, 9 for payments
            "the company has its own default rules",
        )
        self.assertEqual(rules.company_id, self.company)
        rule = self._default_rule("high_3").with_user(self.ar_user)
        self.assertEqual(rule.match_confidence, "high")
        self.assertEqual(rule.score, 3997)
        with self.assertRaises(AccessError):
            Rule.create(
                {"match_confidence": "low", "priority": 99, "related_party": "no"}
            )
        with self.assertRaises(AccessError):
            rule.write({"review_required": True})
        with self.assertRaises(AccessError):
            rule.unlink()
        self.assertFalse(self._default_rule("high_3").review_required)

    def test_manager_configures_rules(self):
        Rule = self.env["ar.payment.application.rule"].with_user(self.ar_manager)
        rule = Rule.create(
            {
                "match_confidence": "low",
                "priority": 99,
                "related_party": "no",
                "company_id": self.company.id,
            }
        )
        self.assertEqual(rule.score, 1901)
        rule.write({"priority": 98, "review_required": True})
        self.assertEqual(rule.score, 1902)
        default = self._default_rule("high_3").with_user(self.ar_manager)
        default.review_required = True
        rule.unlink()
        self.assertFalse(rule.exists())
        # The manager's change applies at once: Fully / Yes / One now waits for review.
        _invoice, line = self._ready_line()
        line.with_user(self.ar_manager).action_apply_automatically()
        self.assertRecordValues(
            line, [{"ar_match_confidence": "high", "ar_review_required": True}]
        )

    def test_journal_settings_are_for_managers(self):
        journal = self.journal.with_user(self.ar_user)
        with self.assertRaises(AccessError):
            journal.write({"ar_match_tolerance_value": 10.0})

    # ------------------------------------------------------------------
    # Applying and posting
    # ------------------------------------------------------------------

    def test_ar_user_applies_reviews_and_posts(self):
        invoice, line = self._ready_line()
        item = self._open_item(invoice)
        line = line.with_user(self.ar_user)
        line.action_apply_automatically()
        self.assertEqual(line.ar_match_confidence, "high")
        self.assertApplications(line, [(item, 500.0)])
        line.action_ar_remove_application()
        self.assertFalse(line.ar_application_ids)
        # Manual application through the wizard, then posting and undoing.
        wizard = (
            self.env["ar.manual.application"]
            .with_user(self.ar_user)
            .with_context(**line.action_ar_apply_manually()["context"])
            .create({})
        )
        wizard.candidate_ids.filtered(lambda c: c.move_line_id == item).write(
            {"selected": True, "amount_to_apply": 500.0}
        )
        wizard.action_apply()
        self.assertEqual(line.ar_application_state, "manual")
        self.assertEqual(line.action_post_applications(), line)
        self.assertPosted(line, [(item.account_id, -500.0, item)])
        self.assertPayment(invoice, "paid", 0.0)
        line.action_ar_undo()
        self.assertPayment(invoice, "not_paid", 500.0)
        line.action_post_applications()
        self.assertPayment(invoice, "paid", 0.0)

    def test_ar_user_imports_applies_and_posts(self):
        invoice = self._invoice(self.fjord, 640.0)
        line = self._import_camt(
            [
                {
                    "amount": 640.0,
                    "ref": "SEC-0001",
                    "iban": IBAN_FJORD,
                    "ustrd": invoice.name,
                }
            ],
            user=self.ar_user,
        )
        self.assertEqual(line.create_uid, self.ar_user)
        self.assertEqual(line.ar_match_confidence, "high")
        result = line.statement_id.with_user(self.ar_user).action_ar_post_applications()
        self.assertEqual(result["params"]["type"], "success")
        self.assertPosted(
            line,
            [(self._open_item(invoice).account_id, -640.0, self._open_item(invoice))],
        )
        self.assertPayment(invoice, "paid", 0.0)

    def test_ar_user_transfers_a_difference_and_maps_text(self):
        invoice, line = self._ready_line(500.0)
        line.amount = 520.0
        line = line.with_user(self.ar_user)
        line.action_apply_automatically()
        # Fully / Yes / No Matches: Medium, to review.
        self.assertRecordValues(
            line, [{"ar_match_confidence": "medium", "ar_difference": 20.0}]
        )
        line.action_ar_accept()
        self.env["ar.transfer.difference"].with_user(self.ar_user).create(
            {
                "statement_line_id": line.id,
                "account_id": self.account_writeoff.id,
            }
        ).action_transfer()
        self.assertEqual(line.ar_difference, 0.0)
        line.action_post_applications()
        self.assertPosted(
            line,
            [
                (self._open_item(invoice).account_id, -500.0, self._open_item(invoice)),
                (self.account_writeoff, -20.0, None),
            ],
        )
        mapping = (
            self.env["ar.text.mapping"]
            .with_user(self.ar_user)
            .create(
                {
                    "name": "Card fee",
                    "sign": "negative",
                    "payment_account_id": self.account_fees.id,
                }
            )
        )
        with self.assertRaises(AccessError):
            mapping.unlink()

    def test_invoicing_user_cannot_apply_or_post(self):
        invoice, line = self._ready_line()
        with self.assertRaises(AccessError):
            line.with_user(self.invoice_user).action_apply_automatically()
        self.assertEqual(line.ar_match_confidence, "none")
        line.action_apply_automatically()
        self.assertEqual(line.ar_match_confidence, "high")
        with self.assertRaises(AccessError):
            line.with_user(self.invoice_user).action_post_applications()
        with self.assertRaises(AccessError):
            line.with_user(self.invoice_user).action_ar_accept()
        with self.assertRaises(AccessError):
            line.with_user(self.invoice_user).action_ar_remove_application()
        with self.assertRaises(AccessError):
            line.statement_id.with_user(self.invoice_user).action_ar_post_applications()
        with self.assertRaises(AccessError):
            self.env["ar.payment.application.rule"].with_user(self.invoice_user).search(
                []
            )
        self.assertOpen(line)
        self.assertPayment(invoice, "not_paid", 500.0)


@tagged("post_install", "-at_install")
class TestPaymentApplicationMultiCompany(PaymentApplicationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._company_b_with_bank("company_2")
        cls.user_a = cls._user(
            "pa_user_a", "ar_reconcile.group_ar_user", company=cls.company
        )
        cls.user_b = cls._user(
            "pa_user_b", "ar_reconcile.group_ar_user", company=cls.company_b
        )
        cls.fees_b = (
            cls.env["account.account"]
            .with_company(cls.company_b)
            .create(
                {
                    "name": "Bank fees B",
                    "code": "627200",
                    "account_type": "expense",
                }
            )
        )

    def test_engine_ignores_entries_of_another_company(self):
        self.assertEqual(self.company_b.currency_id, self.company.currency_id)
        rf = self._rf()
        invoice_b = self._invoice(
            self.fjord, 700.0, payment_reference=rf, company=self.company_b
        )
        self.assertEqual(invoice_b.company_id, self.company_b)
        line = self._line(
            700.0, "Payment", ar_remittance_structured=rf, account_number=IBAN_FJORD
        )
        line.action_apply_automatically()
        self.assertEqual(line.ar_match_confidence, "none")
        self.assertFalse(line.ar_application_ids)
        self.assertEqual(self._open_item(invoice_b).ar_pending_amount, 0.0)
        # Nor in the manual application dialog.
        wizard = (
            self.env["ar.manual.application"]
            .with_context(default_statement_line_id=line.id)
            .create({})
        )
        self.assertNotIn(self._open_item(invoice_b), wizard.candidate_ids.move_line_id)

        # With an invoice of the same reference in the line's company, that one is
        # applied.
        invoice_a = self._invoice(self.fjord, 700.0, payment_reference=rf)
        line.action_apply_automatically()
        self.assertEqual(line.ar_match_confidence, "high")
        self.assertApplications(line, [(self._open_item(invoice_a), 700.0)])
        line.action_post_applications()
        self.assertPayment(invoice_a, "paid", 0.0)
        self.assertPayment(invoice_b, "not_paid", 700.0)

    def test_text_mappings_stay_in_their_company(self):
        self.env["ar.text.mapping"].create(
            {
                "name": "Account fee",
                "company_id": self.company_b.id,
                "sign": "negative",
                "payment_account_id": self.fees_b.id,
            }
        )
        line_a = self._line(-15.0, "Account fee")
        line_b = self._line(-15.0, "Account fee", journal=self.journal_b)
        (line_a + line_b).action_apply_automatically()
        self.assertEqual(line_a.ar_match_confidence, "none")
        self.assertEqual(line_b.ar_match_confidence, "text_mapping")
        self.assertApplications(line_b, [(self.fees_b, -15.0)])
        self.assertEqual(line_b.ar_application_ids.company_id, self.company_b)

    def test_records_of_another_company_are_invisible(self):
        mapping_b = self.env["ar.text.mapping"].create(
            {
                "name": "Account fee",
                "company_id": self.company_b.id,
                "sign": "negative",
                "payment_account_id": self.fees_b.id,
            }
        )
        line_b = self._line(-15.0, "Account fee", journal=self.journal_b)
        line_b.action_apply_automatically()
        application_b = line_b.ar_application_ids
        self.assertEqual(len(application_b), 1)

        Mapping = self.env["ar.text.mapping"].with_user(self.user_a)
        Application = self.env["ar.payment.application"].with_user(self.user_a)
        self.assertFalse(Mapping.search([("id", "=", mapping_b.id)]))
        self.assertFalse(Application.search([("id", "=", application_b.id)]))
        with self.assertRaises(AccessError):
            mapping_b.with_user(self.user_a).read(["name"])
        with self.assertRaises(AccessError):
            application_b.with_user(self.user_a).read(["amount"])
        # The user of company 2 sees them.
        self.assertEqual(
            self.env["ar.text.mapping"].with_user(self.user_b).search([]), mapping_b
        )
        self.assertEqual(
            self.env["ar.payment.application"].with_user(self.user_b).search([]),
            application_b,
        )

    def test_scheduled_action_applies_each_company_with_its_own_data(self):
        rf = self._rf()
        invoice_a = self._invoice(self.fjord, 300.0, payment_reference=rf)
        invoice_b = self._invoice(
            self.fjord, 300.0, payment_reference=rf, company=self.company_b
        )
        line_a = self._line(300.0, f"Payment {rf}")
        line_b = self._line(300.0, f"Payment {rf}", journal=self.journal_b)
        self.registry.enter_test_mode(self.cr)  # the cron commits outside test mode
        try:
            self.env[
                "account.bank.statement.line"
            ].sudo()._cron_ar_apply_automatically()
        finally:
            self.registry.leave_test_mode()
        self.assertApplications(line_a, [(self._open_item(invoice_a), 300.0)])
        self.assertApplications(line_b, [(self._open_item(invoice_b), 300.0)])
        self.assertEqual(line_b.ar_application_ids.company_id, self.company_b)
