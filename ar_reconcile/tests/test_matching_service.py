"""The matching service (``ar.matching``): evidence in the reader's language, the
extension points for further criteria, the application state and its migration."""

import importlib.util
import pathlib
from datetime import date
from decimal import Decimal
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.base.models.res_bank import sanitize_account_number as odoo_sanitize

from ..lib.accounts import sanitize_account_number
from ..lib.matching import codes
from ..lib.messages import Amount
from .common import IBAN_FJORD, PaymentApplicationCommon

MIGRATION = (
    pathlib.Path(__file__).resolve().parent.parent
    / "migrations"
    / "18.0.1.1.0"
    / "post-application-state.py"
)
MANDATE_CODE = "matching.doc.mandate"


def mandate_criterion(entries):
    """The direct-debit criterion the SEPA issue will add: the line's mandate is the
    mandate of the entry's customer."""
    by_mandate = {}
    for entry in entries:
        if entry.extra.get("mandate"):
            by_mandate.setdefault(entry.extra["mandate"], []).append(entry.id)

    def finder(line):
        mandate = line.extra.get("mandate")
        return [
            (entry_id, codes.evidence(MANDATE_CODE, mandate=mandate))
            for entry_id in by_mandate.get(mandate, ())
        ]

    return finder


@tagged("post_install", "-at_install")
class TestMatchingService(PaymentApplicationCommon):
    def _pay_fjord(self, amount=1250.0, **values):
        line = self._line(
            amount,
            payment_ref="Innbetaling",
            account_number=IBAN_FJORD,
            partner_name="Fjordline Handel AS",
            **values,
        )
        line.action_apply_automatically()
        return line

    # ------------------------------------------------------------------
    # Evidence as messages, rendered when read
    # ------------------------------------------------------------------

    def test_evidence_is_stored_as_messages_and_read_in_the_user_language(self):
        invoice = self._invoice(self.fjord, 1250.0)
        line = self._pay_fjord()
        self.assertApplications(line, [(self._open_item(invoice), 1250.0)])
        application = line.ar_application_ids
        self.assertEqual(
            [m["code"] for m in application.evidence_messages],
            [
                codes.CRITERION_RELATED_PARTY,
                codes.CRITERION_DOC_MATCH,
                codes.CRITERION_AMOUNT_MATCH,
            ],
        )
        self.assertIn("open amount $\xa01,250.00 is inside", line.ar_match_details)

        self.env["res.lang"]._activate_lang("nb_NO")
        line.ar_match_messages = [
            *line.ar_match_messages,
            codes.evidence(
                codes.AMOUNT_DISCOUNTED,
                amount=Amount(Decimal("1250.00")),
                until=date(2026, 1, 5),
            ).to_json(),
        ]
        norwegian = line.with_context(lang="nb_NO")
        details = norwegian.ar_match_details
        # Norwegian words (i18n/nb.po), Norwegian number and date formats
        self.assertIn(
            "Beløp: Åpent beløp $\xa01\xa0250,00 er innenfor intervallet", details
        )
        self.assertIn("(kontantrabatt til og med 05.01.2026)", details)
        self.assertNotIn("1,250.00", details)
        self.assertIn(
            "$\xa01\xa0250,00", norwegian.ar_application_ids.evidence.split("\n")[2]
        )
        # The same stored messages still read in English for an English reader.
        self.assertIn("(discount until 01/05/2026)", line.ar_match_details)

    def test_every_engine_code_has_a_template(self):
        templates = self.env["ar.message"]._ar_templates()
        self.assertFalse(codes.CODES - set(templates))
        for code in codes.CODES:
            self.assertNotEqual(
                self.env["ar.message"]._ar_render(codes.Message(code, {})), code
            )

    def test_a_text_written_to_the_details_becomes_a_note(self):
        self._invoice(self.fjord, 1250.0)
        line = self._pay_fjord()
        before = line.ar_match_details
        line.ar_match_details = before + "\nChecked by phone."
        self.assertEqual(line.ar_match_messages[-1]["code"], codes.NOTE_TEXT)
        self.assertEqual(len(line.ar_match_messages), 4)
        self.assertEqual(line.ar_match_details, before + "\nChecked by phone.")
        line.ar_match_details = "Something else"
        self.assertEqual(
            line.ar_match_messages,
            [
                {
                    "code": codes.NOTE_TEXT,
                    "params": {"text": "Something else"},
                }
            ],
        )

    # ------------------------------------------------------------------
    # Extension points: candidate query and further criteria
    # ------------------------------------------------------------------

    def test_an_extra_criterion_changes_the_proposal(self):
        """What the SEPA issue will do: the candidate query reads the invoice's
        mandate (here its reference stands in for it), the line gives its own, and a
        criterion matching both raises the document match from No to Yes: of two
        invoices of the amount, Medium to review becomes High for the right one."""
        invoice = self._invoice(self.fjord, 1250.0, ref="MD-FJORD-1")
        self._invoice(self.fjord, 1250.0, ref="MD-FJORD-2")
        plain = self._pay_fjord(ar_mandate_id="MD-FJORD-1")
        self.assertEqual(plain.ar_match_confidence, "medium")
        self.assertTrue(plain.ar_review_required)
        plain.action_ar_remove_application()

        Matching = type(self.env["ar.matching"])
        Message = type(self.env["ar.message"])
        candidate_query = Matching._ar_candidate_query
        templates = Message._ar_templates

        def query_with_mandate(matching, lines, journal, currency):
            return SQL(
                "SELECT candidate.*, candidate.ref AS mandate FROM (%s) candidate",
                candidate_query(matching, lines, journal, currency),
            )

        codes.register(MANDATE_CODE)
        self.addCleanup(codes.CODES.discard, MANDATE_CODE)
        with (
            patch.object(Matching, "_ar_candidate_query", query_with_mandate),
            patch.object(
                Matching,
                "_ar_line_extra",
                lambda matching, line: {"mandate": line.ar_mandate_id},
            ),
            patch.object(
                Matching, "_ar_criteria", lambda matching, company: [mandate_criterion]
            ),
            patch.object(
                Message,
                "_ar_templates",
                lambda message: {
                    **templates(message),
                    MANDATE_CODE: "The mandate %(mandate)s is the invoice's.",
                },
            ),
        ):
            plain.action_apply_automatically()
            self.assertRecordValues(
                plain,
                [
                    {
                        "ar_match_confidence": "high",
                        "ar_application_state": "proposed",
                        "ar_review_required": False,
                    }
                ],
            )
            self.assertApplications(plain, [(self._open_item(invoice), 1250.0)])
            self.assertIn(
                "Doc match: The mandate MD-FJORD-1 is the invoice's.",
                plain.ar_match_details,
            )

    def test_candidate_rows_are_read_by_name(self):
        invoice = self._invoice(self.fjord, 1250.0, ref="PO-77")
        line = self._line(1250.0)
        entries, partner_ids = self.env["ar.matching"]._ar_open_entries(
            line, self.journal, self.journal.currency_id or self.company.currency_id
        )
        (entry,) = (e for e in entries if e.id == self._open_item(invoice).id)
        self.assertEqual(
            (entry.document_number, entry.external_reference, entry.residual),
            (invoice.name, "PO-77", Decimal("1250.0")),
        )
        self.assertEqual(entry.extra, {})
        self.assertIn(self.fjord.id, partner_ids)

    def test_reading_costs_the_same_for_one_line_or_many(self):
        """The adapter reads lines, open items and partners in bulk: the number of
        queries does not grow with the lines."""
        for amount in (100.0, 200.0, 300.0, 400.0, 500.0):
            self._invoice(self.fjord, amount)
            self._invoice(self.bakery, amount)
        lines = self.env["account.bank.statement.line"].browse(
            [
                self._line(amount, account_number=IBAN_FJORD, partner_name=name).id
                for amount, name in (
                    (100.0, "Fjordline"),
                    (200.0, "Bakeriet Solsiden"),
                    (300.0, "Nordic Paper"),
                    (400.0, "Fjordline"),
                    (500.0, "Ukjent"),
                )
            ]
        )
        Matching = self.env["ar.matching"]
        currency = self.journal.currency_id or self.company.currency_id

        def queries(records):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            _entries, partner_ids = Matching._ar_open_entries(
                records, self.journal, currency
            )
            Matching._ar_engine_partners(records, partner_ids)
            for record in records:
                Matching._ar_engine_line(record)
            return self.env.cr.sql_log_count - before

        queries(lines)  # warm the caches (rules, currencies) a first call fills
        self.assertEqual(queries(lines[:1].with_prefetch()), queries(lines))

    def test_one_sanitizer_with_odoo_rule(self):
        for number in ("no72 1503-1234.562", "1234_5678", "øst 12", ""):
            self.assertEqual(
                sanitize_account_number(number), odoo_sanitize(number) or ""
            )

    # ------------------------------------------------------------------
    # Application state
    # ------------------------------------------------------------------

    def test_application_state_beside_the_confidence(self):
        self._invoice(self.fjord, 1250.0)
        self._invoice(self.fjord, 1250.0, date="2026-01-06")
        line = self._pay_fjord()
        self.assertRecordValues(
            line,
            [{"ar_match_confidence": "medium", "ar_application_state": "proposed"}],
        )
        line.action_ar_accept()
        # Accepting keeps the confidence the proposal had.
        self.assertRecordValues(
            line,
            [{"ar_match_confidence": "medium", "ar_application_state": "accepted"}],
        )
        line.action_ar_remove_application()
        self.assertRecordValues(
            line, [{"ar_match_confidence": "none", "ar_application_state": "none"}]
        )
        nothing = self._line(17.0, payment_ref="Ukjent")
        nothing.action_apply_automatically()
        self.assertRecordValues(
            nothing, [{"ar_match_confidence": "none", "ar_application_state": "none"}]
        )

    def test_migration_splits_state_from_confidence(self):
        spec = importlib.util.spec_from_file_location("ar_migration_1_1", MIGRATION)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)

        self._invoice(self.fjord, 1250.0)
        self._invoice(self.fjord, 1250.0, date="2026-01-06")
        accepted = self._pay_fjord()
        rule = accepted.ar_rule_id
        self.assertTrue(rule)
        manual = self._line(300.0)
        self.env["ar.payment.application"].create(
            {
                "statement_line_id": manual.id,
                "account_id": self.account_fees.id,
                "amount": 300.0,
                "manual": True,
            }
        )
        proposed = self._pay_fjord(amount=17.0)
        lines = accepted + manual + proposed
        lines.flush_recordset()
        cr = self.env.cr
        # The schema of 18.0.1.0.0: the state inside the confidence, texts stored.
        cr.execute(
            "ALTER TABLE account_bank_statement_line ADD COLUMN IF NOT EXISTS "
            "ar_match_details text"
        )
        cr.execute(
            "ALTER TABLE ar_payment_application ADD COLUMN IF NOT EXISTS evidence text"
        )
        for line, confidence in (
            (accepted, "accepted"),
            (manual, "manual"),
            (proposed, "low"),
        ):
            cr.execute(
                "UPDATE account_bank_statement_line SET ar_match_confidence = %s, "
                "ar_application_state = 'none', ar_match_details = %s, "
                "ar_match_messages = NULL WHERE id = %s",
                [confidence, f"Old text {line.id}", line.id],
            )
        cr.execute(
            "UPDATE ar_payment_application SET evidence = 'Old evidence', "
            "evidence_messages = NULL WHERE statement_line_id = %s",
            [accepted.id],
        )
        migration.migrate(cr, "18.0.1.0.0")
        lines.invalidate_recordset()
        lines.ar_application_ids.invalidate_recordset()
        self.assertRecordValues(
            lines,
            [
                {
                    "ar_application_state": "accepted",
                    "ar_match_confidence": rule.match_confidence,
                    "ar_match_details": f"Old text {accepted.id}",
                },
                {
                    "ar_application_state": "manual",
                    "ar_match_confidence": "none",
                    "ar_match_details": f"Old text {manual.id}",
                },
                {
                    "ar_application_state": "proposed",
                    "ar_match_confidence": "low",
                    "ar_match_details": f"Old text {proposed.id}",
                },
            ],
        )
        self.assertEqual(accepted.ar_application_ids.evidence, "Old evidence")
