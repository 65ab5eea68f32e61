"""Centralized payments (D365 Finance, ``d365-credit-collections.md`` section 9.3): the
bank lines of the paying company (Fabrikam, the main test company) pay the invoices of
Fabrikam East, with due-to and due-from entries in both companies, the cash discount in
East and the exchange difference in Fabrikam. Examples 1, 3 and 4 posted for real and
checked item by item in each company; only a user allowed in both companies applies
across them; nothing is posted twice."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import PaymentApplicationCommon

INVOICE_DAY = "2026-01-15"
PAYMENT_DAY = "2026-01-20"
INVOICE_RATE = 1.2062  # USD per EUR from 2026-01-05
PAYMENT_RATE = 1.2277  # USD per EUR from 2026-01-20


@tagged("post_install", "-at_install")
class TestCentralizedPayments(PaymentApplicationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fabrikam = cls.company
        cls.east = cls.setup_other_company(
            name="Fabrikam East", currency_id=cls.usd.id
        )["company"]
        both = cls.fabrikam + cls.east
        for company in both:
            cls.env["res.currency.rate"].create(
                [
                    {
                        "currency_id": cls.eur.id,
                        "company_id": company.id,
                        "name": day,
                        "inverse_company_rate": rate,
                    }
                    for day, rate in (
                        ("2026-01-05", INVOICE_RATE),
                        (PAYMENT_DAY, PAYMENT_RATE),
                    )
                ]
            )
        cls.due_to_east = (
            cls.env["account.account"]
            .with_company(cls.fabrikam)
            .create(
                {
                    "name": "Due to Fabrikam East",
                    "code": "209100",
                    "account_type": "liability_current",
                    "reconcile": True,
                }
            )
        )
        cls.due_from_fabrikam = (
            cls.env["account.account"]
            .with_company(cls.east)
            .create(
                {
                    "name": "Due from Fabrikam",
                    "code": "139100",
                    "account_type": "asset_current",
                    "reconcile": True,
                }
            )
        )
        cls.ic_journal = cls.env["account.journal"].create(
            {
                "name": "Intercompany",
                "code": "ICO",
                "type": "general",
                "company_id": cls.east.id,
            }
        )
        cls.fabrikam.ar_centralized_payments = True
        cls.setup = cls.env["ar.intercompany.accounting"].create(
            {
                "company_id": cls.fabrikam.id,
                "invoice_company_id": cls.east.id,
                "due_to_account_id": cls.due_to_east.id,
                "due_from_account_id": cls.due_from_fabrikam.id,
                "journal_id": cls.ic_journal.id,
            }
        )
        # Northwind Traders: one party for both companies (D365's global address book).
        cls.northwind = cls._partner("Northwind Traders")
        cls.clerk = new_test_user(
            cls.env,
            login="central_clerk",
            groups="base.group_user,account.group_account_user",
            company_id=cls.fabrikam.id,
            company_ids=[Command.set(both.ids)],
        )
        cls.fabrikam_clerk = new_test_user(
            cls.env,
            login="fabrikam_clerk",
            groups="base.group_user,account.group_account_user",
            company_id=cls.fabrikam.id,
            company_ids=[Command.set(cls.fabrikam.ids)],
        )
        cls.east_ar = (
            cls.env["res.partner"]
            ._fields["property_account_receivable_id"]
            .get_company_dependent_fallback(
                cls.env["res.partner"].with_company(cls.east)
            )
        )

    # ------------------------------------------------------------------ helpers

    def _east_invoice(self, amount, currency=None, **values):
        return self._invoice(
            self.northwind,
            amount,
            date=INVOICE_DAY,
            currency=currency,
            company=self.east,
            **values,
        )

    def _as(self, user, *companies):
        companies = companies or (self.fabrikam, self.east)
        return {
            "user": user,
            "context": dict(
                self.env.context, allowed_company_ids=[c.id for c in companies]
            ),
        }

    def _apply_and_post(self, line, user=None, companies=()):
        env = self.env(**self._as(user or self.clerk, *companies))
        line = line.with_env(env)
        line.action_apply_automatically()
        self.assertTrue(line.ar_application_ids, "the East invoice is a candidate")
        self.assertFalse(line.ar_review_required, line.ar_match_details)
        posted = line.action_post_applications()
        self.assertEqual(posted, line)
        return line

    def _central_moves(self, line):
        return (
            self.env["account.move"]
            .with_context(allowed_company_ids=(self.fabrikam + self.east).ids)
            .search([("ar_central_statement_line_id", "=", line.id)], order="id")
        )

    def assertItems(self, items, expected):
        """``expected``: [(account, balance, amount_currency, reconciled)] in any
        order."""
        got = sorted(
            (
                item.account_id.id,
                round(item.balance, 2),
                round(item.amount_currency, 2),
                item.reconciled,
            )
            for item in items
        )
        want = sorted(
            (account.id, balance, amount_currency, reconciled)
            for account, balance, amount_currency, reconciled in expected
        )
        self.assertEqual(got, want)

    # ------------------------------------------------------------------ set-up

    def test_setup_is_refused_when_inconsistent(self):
        vals = self.setup.copy_data()[0]
        self.setup.unlink()
        Setup = self.env["ar.intercompany.accounting"]
        misc = self.company_data["default_journal_misc"]
        for bad, message in (
            (
                {"due_from_account_id": self.due_to_east.id},
                "not an account of Fabrikam East",
            ),
            ({"invoice_company_id": self.fabrikam.id}, "another company"),
            ({"journal_id": misc.id}, "must be a journal of Fabrikam East"),
            (
                {
                    "due_to_account_id": self.due_to_east.copy(
                        {"code": "209300", "reconcile": False}
                    ).id
                },
                "must allow reconciliation",
            ),
        ):
            with (
                self.subTest(message=message),
                self.assertRaisesRegex(UserError, message),
                self.env.cr.savepoint(),
            ):
                Setup.create({**vals, **bad})
        self.assertEqual(
            Setup.create(vals).display_name,
            f"{self.fabrikam.name} \N{RIGHTWARDS ARROW} Fabrikam East",
        )

    # ------------------------------------------------------------------ examples

    def test_example_1_payment_of_an_invoice_of_another_company(self):
        """Fabrikam receives 600.00 for Northwind's Fabrikam East invoice of 600.00."""
        invoice = self._east_invoice(600.0)
        line = self._line(600.0, f"Northwind {invoice.name}", date=PAYMENT_DAY)
        self.env["account.bank.statement.line"].browse(line.ids)
        line = self._apply_and_post(line)
        app = line.ar_application_ids
        self.assertEqual(app.move_line_id, self._open_item(invoice))
        self.assertEqual(app.document_company_id, self.east)
        self.assertIn("document of Fabrikam East", app.evidence)
        # Fabrikam: the bank against Due to Fabrikam East (it holds East's money).
        liquidity, _suspense, other = line._seek_for_lines()
        self.assertEqual(liquidity.balance, 600.0)
        self.assertItems(other, [(self.due_to_east, -600.0, -600.0, False)])
        self.assertEqual(other.partner_id, self.east.partner_id)
        # Fabrikam East: Due from Fabrikam against the receivable, which closes the
        # invoice.
        (east_move,) = self._central_moves(line)
        self.assertEqual(east_move.company_id, self.east)
        self.assertEqual(east_move.journal_id, self.ic_journal)
        self.assertEqual(east_move.state, "posted")
        self.assertItems(
            east_move.line_ids,
            [
                (self.due_from_fabrikam, 600.0, 600.0, False),
                (self.east_ar, -600.0, -600.0, True),
            ],
        )
        self.assertPayment(invoice, "paid", 0.0)
        receivable = east_move.line_ids.filtered(
            lambda item: item.account_id == self.east_ar
        )
        self.assertEqual(
            receivable.matched_debit_ids.debit_move_id, self._open_item(invoice)
        )

    def test_example_3_exchange_gain_in_the_paying_company(self):
        """EUR 600 invoiced at 1.2062 (723.72 USD) and paid at 1.2277 (736.62 USD): the
        realised gain of 12.90 USD is Fabrikam's; East books no exchange
        difference."""
        invoice = self._east_invoice(600.0, currency=self.eur)
        self.assertAlmostEqual(self._open_item(invoice).balance, 723.72, places=2)
        line = self._line(600.0, f"Northwind {invoice.name}", journal=self.journal_eur)
        line = self._apply_and_post(line)
        liquidity, _suspense, other = line._seek_for_lines()
        self.assertAlmostEqual(liquidity.balance, 736.62, places=2)
        self.assertItems(other, [(self.due_to_east, -736.62, -600.0, False)])
        # Fabrikam's exchange difference entry: Due to East 12.90 against the gain.
        exchange = self._central_moves(line).filtered(
            lambda move: move.company_id == self.fabrikam
        )
        self.assertEqual(
            exchange.journal_id, self.fabrikam.currency_exchange_journal_id
        )
        self.assertItems(
            exchange.line_ids,
            [
                (self.due_to_east, 12.90, 0.0, True),
                (self.fabrikam.income_currency_exchange_account_id, -12.90, 0.0, False),
            ],
        )
        # What Fabrikam still owes East is what East books as due from.
        self.assertAlmostEqual(other.amount_residual, -723.72, places=2)
        self.assertAlmostEqual(other.amount_residual_currency, -600.0, places=2)
        east_move = self._central_moves(line).filtered(
            lambda move: move.company_id == self.east
        )
        self.assertItems(
            east_move.line_ids,
            [
                (self.due_from_fabrikam, 723.72, 600.0, False),
                (self.east_ar, -723.72, -600.0, True),
            ],
        )
        self.assertPayment(invoice, "paid", 0.0)
        east_exchange = self.env["account.move.line"].search(
            [
                ("company_id", "=", self.east.id),
                (
                    "account_id",
                    "in",
                    (
                        self.east.income_currency_exchange_account_id
                        + self.east.expense_currency_exchange_account_id
                    ).ids,
                ),
            ]
        )
        self.assertFalse(east_exchange, "no exchange difference in the invoice company")

    def test_example_3_exchange_gain_in_the_invoice_company_when_set_up_so(self):
        """D365's other choice of *Post currency exchange gain or loss*: the companies
        agree on the payment's rate and East books the 12.90 USD gain."""
        self.setup.exchange_company = "invoice"
        invoice = self._east_invoice(600.0, currency=self.eur)
        line = self._line(600.0, f"Northwind {invoice.name}", journal=self.journal_eur)
        line = self._apply_and_post(line)
        _liquidity, _suspense, other = line._seek_for_lines()
        self.assertItems(other, [(self.due_to_east, -736.62, -600.0, False)])
        (east_move,) = self._central_moves(line)
        self.assertEqual(east_move.company_id, self.east)
        self.assertItems(
            east_move.line_ids,
            [
                (self.due_from_fabrikam, 736.62, 600.0, False),
                (self.east_ar, -723.72, -600.0, True),
                (self.east.income_currency_exchange_account_id, -12.90, 0.0, False),
            ],
        )
        self.assertPayment(invoice, "paid", 0.0)

    def test_example_4_discount_in_the_invoice_company_gain_in_the_paying_one(self):
        """Invoice 600 + tax 38.22 = 638.22 EUR (769.82 USD), 2 % discount on the 600
        net; paid 626.22 EUR (768.81 USD): discount 12.00 EUR = 14.47 USD in East, gain
        13.46 USD in Fabrikam."""
        tax = self.env["account.tax"].create(
            {
                "name": "Sales tax 6.37 %",
                "amount": 6.37,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": self.east.id,
            }
        )
        term = self._payment_term("2 % 10 days", 2, 10, computation="excluded")
        invoice = self._east_invoice(600.0, currency=self.eur, taxes=tax, term=term)
        self.assertAlmostEqual(invoice.amount_total, 638.22, places=2)
        self.assertAlmostEqual(self._open_item(invoice).balance, 769.82, places=2)
        line = self._line(626.22, f"Northwind {invoice.name}", journal=self.journal_eur)
        line = self._apply_and_post(line)
        self.assertAlmostEqual(line.ar_application_ids.discount_amount, 12.0)
        liquidity, _suspense, other = line._seek_for_lines()
        self.assertAlmostEqual(liquidity.balance, 768.81, places=2)
        self.assertItems(other, [(self.due_to_east, -768.81, -626.22, False)])
        moves = self._central_moves(line)
        exchange = moves.filtered(lambda move: move.company_id == self.fabrikam)
        self.assertItems(
            exchange.line_ids,
            [
                (self.due_to_east, 13.46, 0.0, True),
                (self.fabrikam.income_currency_exchange_account_id, -13.46, 0.0, False),
            ],
        )
        east_move = moves.filtered(lambda move: move.company_id == self.east)
        discount = self.east.account_journal_early_pay_discount_loss_account_id
        self.assertItems(
            east_move.line_ids,
            [
                (self.due_from_fabrikam, 755.35, 626.22, False),
                (discount, 14.47, 12.0, False),
                (self.east_ar, -769.82, -638.22, True),
            ],
        )
        self.assertPayment(invoice, "paid", 0.0)

    # ------------------------------------------------------------------ access

    def test_only_a_user_allowed_in_both_companies_applies_across_them(self):
        invoice = self._east_invoice(600.0)
        item = self._open_item(invoice)
        line = self._line(600.0, f"Northwind {invoice.name}")
        # Allowed in Fabrikam only: East's invoice is no candidate, the set-up is
        # hidden, and applying it by hand is refused.
        for env in (
            self.env(**self._as(self.fabrikam_clerk, self.fabrikam)),
            # Allowed in both but working in Fabrikam alone.
            self.env(**self._as(self.clerk, self.fabrikam)),
        ):
            mine = line.with_env(env)
            mine.action_apply_automatically()
            self.assertFalse(mine.ar_application_ids)
            ranked, _entries = env["ar.matching"]._ar_rank(mine)
            self.assertNotIn(item.id, [entry.id for entry, *_rest in ranked])
            with self.assertRaises(UserError):
                env["ar.payment.application"].create(
                    {
                        "statement_line_id": line.id,
                        "move_line_id": item.id,
                        "amount": 600.0,
                        "manual": True,
                    }
                )
        self.assertFalse(
            self.env["ar.intercompany.accounting"]
            .with_user(self.fabrikam_clerk)
            .search([])
        )
        # Proposed for the clerk of both companies, it cannot be posted by a clerk of
        # Fabrikam alone.
        both = line.with_env(self.env(**self._as(self.clerk)))
        both.action_apply_automatically()
        self.assertEqual(both.ar_application_ids.move_line_id, item)
        fabrikam_only = line.with_env(self.env(**self._as(self.clerk, self.fabrikam)))
        with self.assertRaises(UserError):
            fabrikam_only.action_post_applications()
        self.assertFalse(line.is_reconciled)
        self.assertPayment(invoice, "not_paid", 600.0)

    def test_manual_application_shows_the_company(self):
        invoice = self._east_invoice(250.0)
        line = self._line(250.0, "Northwind")
        env = self.env(**self._as(self.clerk))
        wizard = (
            env["ar.manual.application"]
            .with_context(default_statement_line_id=line.id)
            .create({})
        )
        candidate = wizard.candidate_ids.filtered(
            lambda c: c.move_line_id == self._open_item(invoice)
        )
        self.assertEqual(candidate.company_id, self.east)
        self.assertIn("document of Fabrikam East", candidate.evidence)
        candidate.write({"selected": True, "amount_to_apply": 250.0})
        wizard.action_apply()
        line.with_env(env).action_post_applications()
        self.assertTrue(line.is_reconciled)
        self.assertPayment(invoice, "paid", 0.0)

    # ------------------------------------------------------------------ twice

    def test_nothing_is_posted_twice_and_undo_reverses_both_companies(self):
        invoice = self._east_invoice(600.0, currency=self.eur)
        line = self._line(600.0, f"Northwind {invoice.name}", journal=self.journal_eur)
        line = self._apply_and_post(line)
        moves = self._central_moves(line)
        self.assertEqual(len(moves), 2)  # East's entry, Fabrikam's exchange difference
        # Posting again changes nothing; a second bank line finds nothing open.
        self.assertFalse(line.action_post_applications())
        self.assertEqual(self._central_moves(line), moves)
        again = self._line(
            600.0, f"Northwind {invoice.name}", journal=self.journal_eur
        ).with_env(line.env)
        again.action_apply_automatically()
        self.assertFalse(again.ar_application_ids)
        # Undo: the invoice opens again in East, both entries are reversed.
        line.action_ar_undo()
        self.assertFalse(line.is_reconciled)
        self.assertPayment(invoice, "not_paid", 600.0)
        for move in moves:
            self.assertTrue(move.reversal_move_ids, move.name)
        due_to = self.env["account.move.line"].search(
            [("account_id", "=", self.due_to_east.id), ("parent_state", "=", "posted")]
        )
        self.assertAlmostEqual(sum(due_to.mapped("balance")), 0.0, places=2)
        # And it posts again, once.
        line.action_post_applications()
        self.assertTrue(line.is_reconciled)
        self.assertPayment(invoice, "paid", 0.0)
        self.assertEqual(
            len(
                self._central_moves(line).filtered(
                    lambda move: not move.reversed_entry_id
                )
                - moves
            ),
            2,
        )
