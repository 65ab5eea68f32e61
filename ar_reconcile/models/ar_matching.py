"""The Odoo side of ``lib/matching``: read statement lines, open items, partners, rules
and text mappings in bulk, run the engine, write its proposals in bulk.

An addon extends matching here, by ``_inherit = "ar.matching"``:

- :meth:`_ar_candidate_query` returns the SQL of the open items; extra columns it
  selects reach the engine in ``OpenEntry.extra`` (by column name);
- :meth:`_ar_payment_candidate_query` returns the SQL of the registered payments'
  outstanding items (the same columns, and ``ar_kind``);
- :meth:`_ar_line_extra` gives what a statement line carries for extra criteria
  (``StatementLine.extra``);
- :meth:`_ar_criteria` returns the extra criteria of the engine (see
  ``engine.apply_statement``), e.g. a direct-debit mandate shared by the line and the
  invoice, which counts as a document match.
"""

from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

from ..lib import money, settlement
from ..lib.accounts import sanitize_account_number
from ..lib.matching import codes, engine, payments, types
from ..lib.messages import msg

INVOICE_TYPES = ("out_invoice", "out_refund", "in_invoice", "in_refund")

# The columns every candidate query selects; any other column goes to OpenEntry.extra.
STANDARD_COLUMNS = frozenset(
    {
        "id",
        "partner_id",
        "currency_id",
        "amount_residual",
        "amount_residual_currency",
        "balance",
        "amount_currency",
        "pending",
        "date",
        "date_maturity",
        "move_name",
        "payment_reference",
        "ref",
        "invoice_date",
        "payment_term_id",
        "amount_untaxed",
        "amount_total",
    }
)
# States of a posted payment: in Community a payment whose invoices are paid is "Paid"
# before its bank line is matched; the outstanding item tells whether it is matched.
PAYMENT_STATES = ("in_process", "paid")
# Selected by the registered payments' query: the candidate's kind (not an extra).
KIND_COLUMN = "ar_kind"


class ArMatching(models.AbstractModel):
    _name = "ar.matching"
    _description = "Payment Application Matching"

    # ------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------

    @api.model
    def _ar_apply(self, lines, journal):
        """Propose applications for ``lines`` (of ``journal``) and write them; the
        automatic proposals they had before are replaced."""
        company = journal.company_id
        currency = journal.currency_id or company.currency_id
        # Earlier automatic proposals go first: their amounts go back to the open items.
        lines.ar_application_ids.filtered(lambda app: not app.manual).unlink()
        lines.flush_recordset()
        entries, partner_ids = self._ar_open_entries(lines, journal, currency)
        engine_lines = [self._ar_engine_line(line) for line in lines]
        mappings = self.env["ar.text.mapping"]._ar_applicable(company)
        proposals = engine.apply_statement(
            engine_lines,
            entries,
            self._ar_engine_partners(lines, partner_ids),
            self.env["ar.payment.application.rule"]._engine_rules(company),
            journal._ar_matching_settings(currency),
            [mapping._to_engine_mapping() for mapping in mappings],
            criteria=self._ar_criteria(company),
        )
        self._ar_write_proposals(
            lines,
            proposals,
            mappings,
            {line.id: line.amount for line in engine_lines},
        )

    @api.model
    def _ar_rank(self, line, limit=50):
        """The candidates of one line for the manual application, best first, and the
        open entries they were ranked among: ``(ranked, entries)`` (see
        ``engine.rank_candidates``). The line's own proposals do not make its
        candidates less open."""
        journal = line.journal_id
        company = journal.company_id
        currency = journal.currency_id or company.currency_id
        entries, partner_ids = self._ar_open_entries(
            line, journal, currency, release_own=True
        )
        ranked = engine.rank_candidates(
            self._ar_engine_line(line, keep_manual=False),
            entries,
            self._ar_engine_partners(line, partner_ids),
            self.env["ar.payment.application.rule"]._engine_rules(company),
            journal._ar_matching_settings(currency),
            limit=limit,
            criteria=self._ar_criteria(company),
        )
        return ranked, entries

    # ------------------------------------------------------------------
    # Extension points
    # ------------------------------------------------------------------

    @api.model
    def _ar_criteria(self, company):
        """Extra criteria of the engine for ``company``: functions of the open entries
        returning a finder ``finder(line) -> [(entry id, Message)]``; the entries found
        count as referenced by the line. Their message codes must be declared
        (``codes.register``) and have templates (extend ``ar.message._ar_templates``).

        Here: a registered payment's check number (check printing installed) and its
        batch's reference (batch payments installed)."""
        fields_ = self.env["account.payment"]._fields
        criteria = []
        if "check_number" in fields_:
            criteria.append(payments.check_number_criterion)
        if "batch_payment_id" in fields_:
            criteria.append(payments.batch_reference_criterion)
        return criteria

    @api.model
    def _ar_line_extra(self, line):
        """What a statement line tells the extra criteria (``StatementLine.extra``)."""
        return {}

    @api.model
    def _ar_date_currency_conditions(self, lines, journal, currency):
        """What every candidate query asks of a journal item: dated on or before the
        latest line and within the journal's lookback, in the lines' currency when it
        is not the company's."""
        dates = lines.mapped("date")
        conditions = [SQL("line.date <= %s", max(dates))]
        if currency != journal.company_id.currency_id:
            conditions.append(SQL("line.currency_id = %s", currency.id))
        if journal.ar_candidate_lookback_days:
            conditions.append(
                SQL(
                    "line.date >= %s",
                    fields.Date.subtract(
                        min(dates), days=journal.ar_candidate_lookback_days
                    ),
                )
            )
        return conditions

    @api.model
    def _ar_candidate_query(self, lines, journal, currency):
        """The SQL of the open items ``lines`` may pay: receivable and payable items of
        posted invoices, credit notes, bills and refunds. It selects at least
        :data:`STANDARD_COLUMNS` (by those names); an override may add columns, which
        the engine receives in ``OpenEntry.extra``."""
        company = journal.company_id
        conditions = self._ar_date_currency_conditions(lines, journal, currency)
        # Centralized payments: the documents of the companies the journal's company
        # receives money for, as far as the user may act for them.
        company_ids = (
            company.id,
            *self.env["ar.intercompany.accounting"]._ar_pairs(company),
        )
        return SQL(
            """
            SELECT line.id,
                   COALESCE(partner.commercial_partner_id, line.partner_id)
                       AS partner_id,
                   line.currency_id, line.amount_residual,
                   line.amount_residual_currency, line.balance, line.amount_currency,
                   COALESCE(line.ar_pending_amount, 0) AS pending,
                   line.date, line.date_maturity, move.name AS move_name,
                   move.payment_reference, move.ref, move.invoice_date,
                   move.invoice_payment_term_id AS payment_term_id,
                   move.amount_untaxed, move.amount_total
              FROM account_move_line line
              JOIN account_move move ON move.id = line.move_id
              JOIN account_account account ON account.id = line.account_id
         LEFT JOIN res_partner partner ON partner.id = line.partner_id
             WHERE line.company_id IN %s
               AND line.parent_state = 'posted'
               AND NOT line.reconciled
               AND account.account_type IN ('asset_receivable', 'liability_payable')
               AND move.move_type IN %s
               AND %s
            """,
            company_ids,
            INVOICE_TYPES,
            SQL(" AND ").join(conditions),
        )

    @api.model
    def _ar_payment_candidate_query(self, lines, journal, currency):
        """The SQL of the registered payments ``lines`` may be the bank side of: the
        items on the outstanding receipts or payments account of the posted payments of
        ``journal`` that no bank line has matched yet (the item is not reconciled). The
        same columns as :meth:`_ar_candidate_query`: number, payment reference and memo
        as ``move_name``, ``payment_reference`` and ``ref``; ``ar_kind`` says "payment";
        ``check_number`` and ``batch_reference`` are extras (NULL without check
        printing or batch payments)."""
        company = journal.company_id
        Payment = self.env["account.payment"]
        conditions = self._ar_date_currency_conditions(lines, journal, currency)
        check = (
            SQL("payment.check_number")
            if "check_number" in Payment._fields
            else SQL("NULL::varchar")
        )
        batch_join, batch = SQL(""), SQL("NULL::varchar")
        if "batch_payment_id" in Payment._fields:
            batch_table = self.env[Payment._fields["batch_payment_id"].comodel_name]
            batch_join = SQL(
                "LEFT JOIN %s batch ON batch.id = payment.batch_payment_id",
                SQL.identifier(batch_table._table),
            )
            batch = SQL("batch.name")
        return SQL(
            """
            SELECT line.id,
                   COALESCE(partner.commercial_partner_id, line.partner_id)
                       AS partner_id,
                   line.currency_id, line.amount_residual,
                   line.amount_residual_currency, line.balance, line.amount_currency,
                   COALESCE(line.ar_pending_amount, 0) AS pending,
                   line.date, line.date_maturity,
                   COALESCE(payment.name, move.name) AS move_name,
                   payment.payment_reference, payment.memo AS ref,
                   NULL::date AS invoice_date, NULL::integer AS payment_term_id,
                   NULL::numeric AS amount_untaxed, NULL::numeric AS amount_total,
                   %s AS ar_kind, payment.id AS payment_id,
                   %s AS check_number, %s AS batch_reference
              FROM account_payment payment
              JOIN account_move move ON move.id = payment.move_id
              JOIN account_move_line line
                ON line.move_id = move.id
               AND line.account_id = payment.outstanding_account_id
              JOIN account_account account ON account.id = line.account_id
         LEFT JOIN res_partner partner ON partner.id = line.partner_id
                %s
             WHERE payment.journal_id = %s
               AND payment.state IN %s
               AND line.company_id = %s
               AND line.parent_state = 'posted'
               AND account.reconcile
               AND NOT line.reconciled
               AND %s
            """,
            types.KIND_PAYMENT,
            check,
            batch,
            batch_join,
            journal.id,
            PAYMENT_STATES,
            company.id,
            SQL(" AND ").join(conditions),
        )

    # ------------------------------------------------------------------
    # Reading
    # ------------------------------------------------------------------

    @api.model
    def _ar_open_entries(self, lines, journal, currency, release_own=False):
        """The engine's open entries for ``lines`` and the ids of their partners: one
        query, however many lines and entries.

        A journal in the company currency pays documents in any currency, compared on
        their open amount in company currency (Odoo books the exchange difference when
        reconciling); a foreign-currency journal pays documents in its own currency.
        The open amount is net of what not yet posted statement lines apply, except,
        with ``release_own``, what ``lines`` apply themselves (they are re-applied).
        """
        company = journal.company_id
        foreign = currency != company.currency_id
        self.env["account.move.line"].flush_model()
        self.env["account.move"].flush_model()
        self.env["account.payment"].flush_model()
        self.env.cr.execute(self._ar_candidate_query(lines, journal, currency))
        rows = self.env.cr.dictfetchall()
        self.env.cr.execute(self._ar_payment_candidate_query(lines, journal, currency))
        rows += self.env.cr.dictfetchall()
        own = defaultdict(float)
        if release_own:
            for application in lines.ar_application_ids.filtered("move_line_id"):
                own[application.move_line_id.id] += application.amount
        company_currency_id = company.currency_id.id
        discounts = self._ar_discount_lookup(
            company, {row["payment_term_id"] for row in rows if row["payment_term_id"]}
        )
        entries, partner_ids = [], set()
        for row in rows:
            residual, pending = row["amount_residual"], row["pending"]
            if foreign:
                residual = row["amount_residual_currency"]
            elif row["currency_id"] != company_currency_id and row["amount_currency"]:
                # Pending amounts are in the entry's currency: at the entry's own rate.
                pending = pending * row["balance"] / row["amount_currency"]
            available = currency.round(residual - pending + own[row["id"]])
            if currency.is_zero(available):
                continue
            partner_ids.add(row["partner_id"])
            entries.append(self._ar_open_entry(row, available, currency, discounts))
        partner_ids.discard(None)
        return entries, partner_ids

    @api.model
    def _ar_open_entry(self, row, available, currency, discounts):
        """One row of the candidate query as the engine's entry, ``available`` open."""
        return types.OpenEntry(
            id=row["id"],
            partner_id=row["partner_id"],
            residual=money.exact(available),
            date=row["date"],
            due_date=row["date_maturity"],
            document_number=row["move_name"] or "",
            payment_reference=row["payment_reference"] or "",
            external_reference=row["ref"] or "",
            kind=row.get(KIND_COLUMN) or types.KIND_DOCUMENT,
            discount_steps=discounts(
                row["payment_term_id"],
                row["invoice_date"],
                available,
                currency,
                row["amount_untaxed"],
                row["amount_total"],
            ),
            extra={
                name: value
                for name, value in row.items()
                if name not in STANDARD_COLUMNS and name != KIND_COLUMN
            },
        )

    @api.model
    def _ar_discount_lookup(self, company, term_ids):
        """A function giving an entry's discount periods for the engine: ((last date,
        amount that pays it in full by then), ...), the grace period added to the last
        one, so that a discounted payment (also a late one) scores as an amount
        match."""
        terms = self.env["account.payment.term"].browse(term_ids)
        schedules = {term.id: (term, term._ar_discount_schedule()) for term in terms}
        grace = company.ar_discount_grace_days

        def steps(term_id, invoice_date, available, currency, untaxed, total):
            term, schedule = schedules.get(term_id, (None, settlement.NO_DISCOUNT))
            if not schedule.periods or not invoice_date:
                return ()
            return settlement.discount_steps(
                schedule,
                invoice_date,
                money.exact(available),
                discount_base=term._ar_discount_base(
                    available, untaxed, total, currency
                ),
                grace_days=grace,
                rounding=currency._ar_quantum(),
            )

        return steps

    @api.model
    def _ar_engine_partners(self, lines, partner_ids):
        """Partners owning candidate entries or the lines' counterparty accounts, with
        their bank accounts, read in bulk."""
        numbers = {
            sanitize_account_number(line.account_number)
            for line in lines
            if line.account_number
        }
        partner_ids = set(partner_ids) | set(lines.partner_id.commercial_partner_id.ids)
        banks = self.env["res.partner.bank"].search_fetch(
            [
                "|",
                ("partner_id.commercial_partner_id", "in", list(partner_ids)),
                ("sanitized_acc_number", "in", list(numbers)),
            ],
            ["sanitized_acc_number", "partner_id"],
        )
        accounts = defaultdict(set)
        for bank in banks:
            accounts[bank.partner_id.commercial_partner_id.id].add(
                bank.sanitized_acc_number
            )
        partners = self.env["res.partner"].browse(partner_ids | set(accounts))
        return [
            types.Partner(
                id=values["id"],
                name=values["name"] or "",
                bank_accounts=tuple(sorted(accounts[values["id"]])),
                city=values["city"] or "",
                street=values["street"] or "",
            )
            for values in partners.read(["name", "city", "street"], load=None)
        ]

    @api.model
    def _ar_engine_line(self, line, keep_manual=True):
        """The line for the engine; by default what manual applications leave of it."""
        manual = (
            sum(line.ar_application_ids.filtered("manual").mapped("amount"))
            if keep_manual
            else 0
        )
        texts = (
            line.payment_ref,
            line.ar_remittance_unstructured,
            line.ar_additional_info,
            line.ar_end_to_end_id,
            line.ar_referred_documents,
            line.ar_instruction_id,
        )
        return types.StatementLine(
            id=line.id,
            amount=line.currency_id._ar_decimal(line.amount - manual),
            date=line.date,
            partner_id=line.partner_id.commercial_partner_id.id or None,
            partner_name=line.partner_name or "",
            account_number=sanitize_account_number(line.account_number),
            structured_reference=line.ar_remittance_structured or "",
            structured_reference_type=line.ar_structured_ref_type or "",
            texts=tuple(text for text in texts if text),
            extra=self._ar_line_extra(line),
        )

    # ------------------------------------------------------------------
    # Writing
    # ------------------------------------------------------------------

    @api.model
    def _ar_central_evidence(self, lines, entry_ids):
        """{entry id: [evidence]} for the entries of another company than the lines'
        (centralized payments): the evidence says whose document it is. One read of
        the entries' companies."""
        paying = lines.company_id[:1]
        items = self.env["account.move.line"].browse(entry_ids)
        return {
            item.id: [
                msg(
                    settlement.codes.CENTRAL_EVIDENCE,
                    company=item.company_id.name,
                    paying=paying.name,
                ).to_json()
            ]
            for item in items
            if item.company_id != paying
        }

    @api.model
    def _ar_write_proposals(self, lines, proposals, mappings, remaining):
        """Store the proposals; ``remaining`` is what manual applications leave of each
        line. Evidence and notes are stored as messages, rendered when read."""
        by_id = {line.id: line for line in lines}
        mapping_by_id = {mapping.id: mapping for mapping in mappings}
        central = self._ar_central_evidence(
            lines,
            [app.entry_id for proposal in proposals for app in proposal.applications],
        )
        application_vals = []
        for proposal in proposals:
            line = by_id[proposal.line_id]
            evidence = [m.to_json() for m in codes.explain(proposal.criteria)]
            for sequence, application in enumerate(proposal.applications, start=1):
                application_vals.append(
                    {
                        "statement_line_id": line.id,
                        "sequence": sequence,
                        "move_line_id": application.entry_id,
                        "amount": float(application.amount),
                        "rule_id": proposal.rule_id,
                        "evidence_messages": central.get(application.entry_id, [])
                        + evidence,
                    }
                )
            mapping = mapping_by_id.get(proposal.text_mapping_id)
            if mapping:
                application_vals.append(
                    {
                        "statement_line_id": line.id,
                        "account_id": mapping._target_account(line.amount).id,
                        "partner_id": mapping.partner_id.id or False,
                        "text_mapping_id": mapping.id,
                        "label": mapping.label or line.payment_ref,
                        "amount": float(remaining[line.id]),
                        "evidence_messages": evidence,
                    }
                )
            messages = evidence + [note.to_json() for note in proposal.notes]
            line.write(
                {
                    "ar_auto_applied": True,
                    "ar_match_confidence": proposal.confidence
                    if proposal.score
                    else "none",
                    "ar_application_state": "proposed" if proposal.score else "none",
                    "ar_review_required": proposal.review_required
                    if proposal.score
                    else False,
                    "ar_rule_id": proposal.rule_id
                    if isinstance(proposal.rule_id, int)
                    else False,
                    "ar_partner_id": proposal.partner_id or False,
                    "ar_match_messages": messages or False,
                }
            )
        self.env["ar.payment.application"].create(application_vals)
