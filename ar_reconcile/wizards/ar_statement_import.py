import base64
import dataclasses
import hashlib
from collections import defaultdict
from decimal import Decimal

from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_amount, format_date

from ..lib.accounts import sanitize_account_number as _sanitize_account
from ..lib.statements import StatementParseError, parse_statement_file
from ..lib.statements.base import check_storable, content_fingerprint

# Formats whose running balance column (when the mapping has one) tells apart two
# transactions with the same content.
SHEET_FORMATS = ("csv", "xlsx")
# Above this many new lines, the lines are created in the background (config parameter).
BACKGROUND_THRESHOLD_PARAM = "ar_reconcile.import_background_threshold"
BACKGROUND_THRESHOLD = 500
# Lines listed in the result (per kind) before "and N more".
RESULT_LIST_LIMIT = 50


class ArStatementImport(models.TransientModel):
    """Reads a bank file into statements of one bank journal, never twice the same
    transaction, and never drops one silently."""

    _name = "ar.statement.import"
    _description = "Import Bank Statement"
    _check_company_auto = True

    journal_id = fields.Many2one(
        "account.journal",
        required=True,
        check_company=True,
        domain=[("type", "=", "bank")],
        default=lambda self: self._default_journal(),
    )
    company_id = fields.Many2one(related="journal_id.company_id", store=True)
    data_file = fields.Binary(string="Statement File", attachment=False)
    filename = fields.Char(string="File Name")
    state = fields.Selection(
        [("upload", "Upload"), ("unbalanced", "Balances Differ"), ("done", "Done")],
        default="upload",
        required=True,
    )
    file_format = fields.Char(readonly=True)
    statement_ids = fields.Many2many(
        "account.bank.statement", string="Statements", readonly=True
    )
    line_count = fields.Integer(string="Lines Created", readonly=True)
    duplicate_count = fields.Integer(string="Skipped as Duplicates", readonly=True)
    result_html = fields.Html(string="Result", readonly=True, sanitize=False)
    similar_ids = fields.One2many(
        "ar.statement.import.similar", "wizard_id", string="Lines Like Earlier Ones"
    )
    similar_pending_count = fields.Integer(compute="_compute_similar_pending_count")
    job_id = fields.Many2one(
        "ar.statement.import.job", string="Background Import", readonly=True
    )
    # Balances that do not add up: a manager's decision.
    balance_html = fields.Html(string="Balances", readonly=True, sanitize=False)
    allow_unbalanced = fields.Boolean(
        string="Import Although the Balances Differ",
        help="Only managers: the statement is kept as Odoo keeps an incomplete "
        "statement, showing the difference, and its chatter records the decision.",
    )
    # Statement index in the file -> statement created from it (for "import anyway").
    statement_map = fields.Json(readonly=True)

    @api.model
    def _default_journal(self):
        """The journal the user comes from (dashboard card or statement), if a bank."""
        journal_id = self.env.context.get("default_journal_id") or (
            self.env.context.get("active_model") == "account.journal"
            and self.env.context.get("active_id")
        )
        journal = self.env["account.journal"].browse(journal_id or [])
        return journal if journal.type == "bank" else journal.browse()

    @api.depends("similar_ids.state", "similar_ids.selected")
    def _compute_similar_pending_count(self):
        for wizard in self:
            wizard.similar_pending_count = len(
                wizard.similar_ids.filtered(lambda s: s.state == "held")
            )

    # ------------------------------------------------------------------
    # Reading the file
    # ------------------------------------------------------------------

    def _parse_error(self, error):
        """The refusal shown for a reader error."""
        return UserError(
            _(
                "%(file)s cannot be imported: %(reason)s",
                file=self.filename or _("The file"),
                reason=self.env["ar.message"]._ar_render(error.message),
            )
        )

    def _sheet_mapping(self):
        """The journal's mapping; amounts without a currency are in the journal's
        currency, so the reader checks their decimals against it (naming the row)."""
        mapping = self.journal_id.ar_import_mapping_id
        if not mapping:
            return None
        sheet_mapping = mapping._to_sheet_mapping()
        if not sheet_mapping.currency:
            journal = self.journal_id
            currency = journal.currency_id or journal.company_id.currency_id
            sheet_mapping = dataclasses.replace(sheet_mapping, currency=currency.name)
        return sheet_mapping

    def _parse(self, data, allow_unbalanced=False):
        """Statements of the file; with ``allow_unbalanced``, also those whose balances
        do not add up (returned with their ``balance_difference`` set by the reader)."""
        try:
            return parse_statement_file(
                data, self._sheet_mapping(), strict_balances=not allow_unbalanced
            )
        except StatementParseError as error:
            raise self._parse_error(error) from error

    @api.model
    def _is_manager(self):
        return self.env.user.has_group("ar_reconcile.group_ar_manager")

    # ------------------------------------------------------------------
    # Import
    # ------------------------------------------------------------------

    def action_import(self):
        self.ensure_one()
        journal = self.journal_id
        if journal.type != "bank":
            raise UserError(_("Statements can only be imported into bank journals."))
        if not self.data_file:
            raise UserError(_("Choose a statement file to import."))
        if self.allow_unbalanced and not self._is_manager():
            raise AccessError(
                _("Only receivables managers may import a file whose balances differ.")
            )
        data = base64.b64decode(self.data_file)
        try:
            parsed = self._parse(data)
        except UserError:
            if not self._is_manager():
                raise
            # A manager may decide to keep a file whose only fault is its balances.
            parsed = self._parse(data, allow_unbalanced=True)
            if not any(statement.balance_message for statement in parsed):
                raise
            if self.state == "upload" or not self.allow_unbalanced:
                return self._ask_about_balances(parsed)
        self._check_account_and_currency(parsed)
        self._check_amounts_fit(parsed)
        unbalanced = [
            index for index, statement in enumerate(parsed) if statement.balance_message
        ]
        plan = self._plan(parsed, data)
        statements, locked = self._create_statements(parsed, plan, data)
        self._record_balance_decision(parsed, unbalanced, plan, statements)
        if journal.ar_auto_apply:
            # In the background, these are the statements' first lines; the job
            # applies the others batch by batch.
            statements.line_ids.action_apply_automatically()
        if statements and journal.bank_statements_source == "undefined":
            # Receivables users may import, not configure journals: this only records
            # the source.
            journal.sudo().bank_statements_source = "file_import"
        self.similar_ids = [
            Command.create(vals) for vals in self._similar_vals(parsed, plan)
        ]
        created = sum(len(entry["new"]) for entry in plan)
        duplicates = sum(entry["skipped"] + len(entry["held"]) for entry in plan)
        self.write(
            {
                "state": "done",
                "file_format": ", ".join(sorted({s.file_format for s in parsed})),
                "statement_ids": [Command.set(statements.ids)],
                "line_count": created,
                "duplicate_count": duplicates,
                "result_html": self._result_html(
                    created, duplicates, self._notes(parsed, plan), locked
                ),
            }
        )
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Statement Import"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    @api.model
    def _import_id(self, journal, transaction_id):
        """Scope the bank's id to the journal: banks may reuse each other's ids."""
        return f"{journal.id}-{transaction_id}"

    # ------------------------------------------------------------------
    # Balances that do not add up (managers only)
    # ------------------------------------------------------------------

    def _ask_about_balances(self, parsed):
        """Show a manager the figures and let them confirm (nothing is written)."""
        self._check_account_and_currency(parsed)
        self._check_amounts_fit(parsed)
        rows = Markup()
        for statement in parsed:
            if not statement.balance_message:
                continue
            rows += Markup(
                "<tr><td>%s</td><td class='text-end'>%s</td><td class='text-end'>%s"
                "</td><td class='text-end'>%s</td><td class='text-end'>%s</td>"
                "<td class='text-end text-danger'>%s</td></tr>"
            ) % (
                statement.statement_id or self.filename or _("statement"),
                *(
                    self._format_amount(value)
                    for value in self._balance_figures(statement)
                ),
            )
        self.write(
            {
                "state": "unbalanced",
                "balance_html": Markup(
                    "<p>%s</p><table class='table table-sm'><thead><tr><th>%s</th>"
                    "<th class='text-end'>%s</th><th class='text-end'>%s</th>"
                    "<th class='text-end'>%s</th><th class='text-end'>%s</th>"
                    "<th class='text-end'>%s</th></tr></thead><tbody>%s</tbody></table>"
                )
                % (
                    _(
                        "The balances of this file do not add up. Import it only if "
                        "you know why (ask the bank otherwise): the statement then "
                        "shows the difference, and its chatter records your decision."
                    )
                    if any(s.balance_difference for s in parsed)
                    else _(
                        "This file gives no closing balance for a statement, so "
                        "nothing proves that no transaction is missing. Import it "
                        "only if you know why (ask the bank otherwise): the statement "
                        "then closes at the computed balance, and its chatter records "
                        "your decision."
                    ),
                    _("Statement"),
                    _("Opening Balance"),
                    _("Transactions"),
                    _("Computed Closing Balance"),
                    _("Closing Balance in the File"),
                    _("Difference"),
                    rows,
                ),
            }
        )
        return self._reopen()

    @api.model
    def _balance_figures(self, statement):
        """Opening, transactions, computed closing, the file's closing and the
        difference (the last two None when the file has no closing balance)."""
        total = sum((tx.amount for tx in statement.transactions), Decimal(0))
        opening = statement.opening_balance or Decimal(0)
        computed = opening + total
        closing = statement.closing_balance
        return (
            opening,
            total,
            computed,
            closing,
            None if closing is None else closing - computed,
        )

    def _format_amount(self, value):
        if value is None:
            return _("not in the file")
        journal = self.journal_id
        currency = journal.currency_id or journal.company_id.currency_id
        return format_amount(self.env, float(value), currency)

    def _record_balance_decision(self, parsed, unbalanced, plan, statements):
        """The chatter of a kept unbalanced statement says who decided, with figures."""
        if not unbalanced:
            return
        by_index = {entry["index"]: entry.get("statement_id") for entry in plan}
        for index in unbalanced:
            statement = statements.browse(by_index.get(index) or [])
            if not statement:
                continue
            opening, total, computed, closing, difference = (
                self._format_amount(value)
                for value in self._balance_figures(parsed[index])
            )
            if parsed[index].closing_balance_missing:
                statement.message_post(
                    body=_(
                        "Imported from %(file)s although the file gives no closing "
                        "balance for this statement, as decided by %(user)s: opening "
                        "balance %(opening)s plus transactions %(total)s gives "
                        "%(computed)s, taken as the closing balance.",
                        file=self.filename or _("the file"),
                        user=self.env.user.name,
                        opening=opening,
                        total=total,
                        computed=computed,
                    )
                )
                continue
            statement.message_post(
                body=_(
                    "Imported from %(file)s although its balances do not add up, as "
                    "decided by %(user)s: opening balance %(opening)s plus "
                    "transactions %(total)s gives %(computed)s, but the file states a "
                    "closing balance of %(closing)s (difference %(difference)s).",
                    file=self.filename or _("the file"),
                    user=self.env.user.name,
                    opening=opening,
                    total=total,
                    computed=computed,
                    closing=closing,
                    difference=difference,
                )
            )

    # ------------------------------------------------------------------
    # Which transactions are new, known, or look like known ones
    # ------------------------------------------------------------------

    def _plan(self, parsed, data):
        """Sort every transaction of the file into new, known (skipped) or held back.

        A bank's own id identifies a transaction. Without one, the content fingerprint
        does, together with the running balance when the file has one (a CSV mapping
        with a balance column); then two identical payments of one day are told apart
        even across files. Without a balance, a transaction whose content matches lines
        imported before cannot be told from them: it is held back and listed (which
        line it resembles) for the clerk to decide, unless the very same file was
        imported before.
        """
        journal = self.journal_id
        rows = []
        for index, statement in enumerate(parsed):
            running = (
                statement.opening_balance
                if statement.file_format in SHEET_FORMATS
                else None
            )
            for position, tx in enumerate(statement.transactions):
                balance = getattr(tx, "balance_after", None)
                if running is not None:
                    running += tx.amount
                    if balance is None:
                        balance = running
                hashed = tx.unique_id.startswith("h:")
                key = (
                    self._import_id(journal, "h:" + content_fingerprint(tx))
                    if hashed
                    else False
                )
                import_id = self._import_id(journal, tx.unique_id)
                if hashed and balance is not None:
                    import_id = f"{key}:b{balance.normalize()}"
                rows.append([index, position, tx, import_id, key, balance is not None])

        Line = self.env["account.bank.statement.line"].sudo()
        Line = Line.with_context(active_test=False)
        existing = {
            line["unique_import_id"]
            for line in Line.search_read(
                [("unique_import_id", "in", [row[3] for row in rows])],
                ["unique_import_id"],
            )
        }
        keys = {row[4] for row in rows if row[4]}
        by_key = defaultdict(list)
        if keys:
            for line in Line.search_read(
                [("ar_content_key", "in", list(keys))],
                ["ar_content_key", "unique_import_id", "statement_id"],
                order="id",
            ):
                by_key[line["ar_content_key"]].append(line)
        # Statements made from these very bytes before: their lines are these
        # transactions for sure.
        same_file = self._statements_of_the_same_file(data) if keys else set()

        def from_same_file(line):
            return bool(line["statement_id"]) and line["statement_id"][0] in same_file

        plan = [
            {"index": index, "new": [], "skipped": 0, "held": [], "skipped_total": 0}
            for index in range(len(parsed))
        ]
        seen = defaultdict(int)
        used = set(existing)
        for index, position, tx, import_id, key, has_balance in rows:
            entry = plan[index]
            if import_id in existing and (not key or has_balance):
                entry["skipped"] += 1
                entry["skipped_total"] += tx.amount
                continue
            if key:
                seen[key] += 1
                # The n-th occurrence in the file is taken for the n-th earlier line,
                # those from the same file first.
                earlier = sorted(
                    (
                        line
                        for line in by_key[key]
                        if not (has_balance and ":b" in line["unique_import_id"])
                    ),
                    key=lambda line: (not from_same_file(line), line["id"]),
                )
                if seen[key] <= len(earlier):
                    line = earlier[seen[key] - 1]
                    if from_same_file(line):
                        entry["skipped"] += 1
                    else:
                        entry["held"].append((position, line["id"]))
                    entry["skipped_total"] += tx.amount
                    continue
                if import_id in used:
                    import_id = self._free_import_id(key, used)
            used.add(import_id)
            entry["new"].append((position, import_id, key))
        return plan

    @api.model
    def _free_import_id(self, key, used):
        count = 2
        while "%s#%d" % (key, count) in used:
            count += 1
        return "%s#%d" % (key, count)

    def _statements_of_the_same_file(self, data):
        """Statements of this journal imported from these very bytes."""
        checksum = hashlib.sha1(data).hexdigest()
        return set(
            self.env["account.bank.statement"]
            .sudo()
            .search(
                [
                    ("journal_id", "=", self.journal_id.id),
                    ("attachment_ids.checksum", "=", checksum),
                ]
            )
            .ids
        )

    def _similar_vals(self, parsed, plan):
        vals_list = []
        journal = self.journal_id
        for entry in plan:
            statement = parsed[entry["index"]]
            for position, earlier_id in entry["held"]:
                tx = statement.transactions[position]
                vals_list.append(
                    {
                        "statement_index": entry["index"],
                        "position": position,
                        "date": tx.date,
                        "amount": float(tx.amount),
                        "currency_id": (
                            journal.currency_id or journal.company_id.currency_id
                        ).id,
                        "label": tx.payment_ref or tx.partner_name or "/",
                        "partner_name": tx.partner_name or False,
                        "earlier_line_id": earlier_id,
                    }
                )
        return vals_list

    # ------------------------------------------------------------------
    # Writing statements and lines
    # ------------------------------------------------------------------

    def _background_threshold(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(BACKGROUND_THRESHOLD_PARAM, BACKGROUND_THRESHOLD)
        )
        try:
            return max(int(value), 1)
        except ValueError:
            return BACKGROUND_THRESHOLD

    def _create_statements(self, parsed, plan, data):
        """Create the statements and their lines; large files in the background.

        Returns the statements and the lines Odoo booked on another date than the
        bank's.
        """
        entries = [entry for entry in plan if entry["new"]]
        statements = self.env["account.bank.statement"]
        if not entries:
            return statements, statements.line_ids
        # A statement links its source file only when given an existing attachment.
        attachment = self.env["ir.attachment"].create(
            {"name": self.filename or "statement", "raw": data}
        )
        total = sum(len(entry["new"]) for entry in entries)
        background = total > self._background_threshold()
        context = self._line_context(parsed)
        vals_list = []
        for entry in entries:
            statement = parsed[entry["index"]]
            # In the background, each statement starts with its first line (a statement
            # takes its journal from its lines); the job creates the others.
            items = entry["new"][:1] if background else entry["new"]
            line_commands = [
                Command.create(vals)
                for vals in self._line_vals_list(statement, entry, items, context)
            ]
            vals = self._prepare_statement_vals(statement, entry, line_commands)
            vals["attachment_ids"] = [Command.set(attachment.ids)]
            vals_list.append(vals)
        self.env.cr.cache.pop("ar_distribution_models", None)
        statements = (
            statements.with_context(ar_statement_import=True)
            .create(vals_list)
            .with_env(self.env)
        )
        for entry, statement in zip(entries, statements, strict=True):
            entry["statement_id"] = statement.id
        self.statement_map = {
            str(entry["index"]): entry["statement_id"] for entry in entries
        }
        if background:
            self.job_id = self.env["ar.statement.import.job"]._start(
                self, attachment, entries, total
            )
            return statements, statements.line_ids.browse()
        return statements, self._locked_lines(statements.line_ids)

    def _line_context(self, parsed):
        """What every line of the file needs from the database, read once."""
        journal = self.journal_id
        return {
            "partners": self._partners_by_account(parsed),
            "currencies": self._foreign_currencies(parsed),
            "journal_currency": journal.currency_id or journal.company_id.currency_id,
        }

    def _line_vals_list(self, statement, entry, items, context):
        """Line values of ``items`` (position, import id, content key) of ``entry``.

        Odoo orders the lines of one day by descending sequence: they are numbered
        backwards so that running balances follow the bank's order.
        """
        count = len(entry["new"])
        order = {item[0]: number for number, item in enumerate(entry["new"])}
        vals_list = []
        for position, import_id, key in items:
            vals = self._prepare_line_vals(
                statement.transactions[position],
                import_id,
                count - order.get(position, 0),
                context["partners"],
                context["currencies"],
            )
            vals["ar_content_key"] = key or False
            if entry.get("statement_id"):
                vals["statement_id"] = entry["statement_id"]
            vals_list.append(vals)
        return vals_list

    @api.model
    def _locked_lines(self, lines):
        """Lines Odoo booked on a later date than the bank's (a locked period)."""
        return lines.filtered(
            lambda line: line.ar_bank_date and line.date != line.ar_bank_date
        )

    def _check_account_and_currency(self, parsed):
        """Refuse a file made for another bank account or currency before anything is
        written."""
        journal = self.journal_id
        journal_account = _sanitize_account(journal.bank_account_id.acc_number)
        journal_currency = journal.currency_id or journal.company_id.currency_id
        for statement in parsed:
            file_accounts = [
                number
                for number in map(
                    _sanitize_account,
                    (statement.account_iban, statement.account_number),
                )
                if number
            ]
            if file_accounts and not journal_account:
                raise UserError(
                    _(
                        "The file is for bank account %(account)s, but journal "
                        "%(journal)s has no bank account. Set the account on the "
                        "journal, then import again.",
                        account=file_accounts[0],
                        journal=journal.display_name,
                    )
                )
            # A domestic number (BBAN) is the tail of the IBAN.
            if file_accounts and not any(
                number == journal_account
                or (len(number) >= 6 and journal_account.endswith(number))
                for number in file_accounts
            ):
                raise UserError(
                    _(
                        "The file is for bank account %(file_account)s, not for "
                        "%(journal_account)s of journal %(journal)s.",
                        file_account=file_accounts[0],
                        journal_account=journal_account,
                        journal=journal.display_name,
                    )
                )
            if (
                statement.currency
                and statement.currency.upper() != journal_currency.name
            ):
                raise UserError(
                    _(
                        "The file's statement %(statement)s is in %(file_currency)s, "
                        "but journal %(journal)s is in %(journal_currency)s.",
                        statement=statement.statement_id or "",
                        file_currency=statement.currency,
                        journal=journal.display_name,
                        journal_currency=journal_currency.name,
                    )
                )

    def _check_amounts_fit(self, parsed):
        """Refuse, before anything is written, an amount the ORM cannot hold exactly:
        one that does not survive the float unchanged, or one with more decimals than
        the journal's currency has."""
        journal = self.journal_id
        currency = journal.currency_id or journal.company_id.currency_id
        for statement in parsed:
            try:
                check_storable(statement, currency.name, currency.decimal_places)
            except StatementParseError as error:
                raise self._parse_error(error) from error

    def _partners_by_account(self, parsed):
        """Partners known by the counterparty account: one read for the whole file.

        An account number shared by several partners identifies none of them.
        """
        numbers = {
            _sanitize_account(tx.account_number)
            for statement in parsed
            for tx in statement.transactions
            if tx.account_number
        }
        if not numbers:
            return {}
        banks = self.env["res.partner.bank"].search(
            [
                ("sanitized_acc_number", "in", list(numbers)),
                ("company_id", "in", [False, self.journal_id.company_id.id]),
            ]
        )
        partners = defaultdict(set)
        for bank in banks:
            partners[bank.sanitized_acc_number].add(
                bank.partner_id.commercial_partner_id.id
            )
        return {number: ids.pop() for number, ids in partners.items() if len(ids) == 1}

    def _foreign_currencies(self, parsed):
        names = {
            tx.foreign_currency.upper()
            for statement in parsed
            for tx in statement.transactions
            if tx.foreign_currency
        }
        if not names:
            return {}
        return {
            currency.name: currency
            for currency in self.env["res.currency"].search(
                [("name", "in", list(names))]
            )
        }

    def _prepare_statement_vals(self, statement, entry, line_commands):
        """Statement values. When some transactions are not created (imported before or
        held back), the opening balance is moved by their amounts, so the statement adds
        up with the new lines whenever the file does."""
        journal = self.journal_id
        currency = journal.currency_id or journal.company_id.currency_id
        new_total = sum(
            statement.transactions[position].amount for position, *_rest in entry["new"]
        )
        vals = {
            "journal_id": journal.id,
            "reference": self.filename or False,
            "ar_import_format": statement.file_format,
            "line_ids": line_commands,
        }
        if statement.statement_id:
            vals["name"] = statement.statement_id
        if statement.opening_balance is not None:
            vals["balance_start"] = currency.round(
                float(statement.opening_balance + entry["skipped_total"])
            )
        if statement.closing_balance_missing:
            # Only a manager's decision gets here: the statement closes as computed.
            vals["balance_end_real"] = currency.round(
                float(statement.computed_closing_balance)
            )
        if statement.closing_balance is not None:
            vals["balance_end_real"] = float(statement.closing_balance)
            if statement.opening_balance is None:
                vals["balance_start"] = currency.round(
                    float(statement.closing_balance - new_total)
                )
        return vals

    def _prepare_line_vals(
        self, tx, import_id, sequence, partners_by_account, currencies
    ):
        account = _sanitize_account(tx.account_number)
        vals = {
            "journal_id": self.journal_id.id,
            "sequence": sequence,
            "date": tx.date,
            "ar_bank_date": tx.date,
            "amount": float(tx.amount),
            "payment_ref": tx.payment_ref or tx.partner_name or "/",
            "partner_name": tx.partner_name or False,
            "partner_id": partners_by_account.get(account, False),
            "account_number": tx.account_number or False,
            "transaction_type": tx.bank_transaction_code or False,
            "transaction_details": tx.details(),
            "unique_import_id": import_id,
            "ar_counterparty_bic": tx.counterparty_bic or False,
            "ar_counterparty_address": tx.counterparty_address or False,
            "ar_ultimate_party_name": tx.ultimate_party_name or False,
            "ar_remittance_unstructured": tx.remittance_unstructured or False,
            "ar_remittance_structured": tx.remittance_structured or False,
            "ar_structured_ref_type": tx.structured_ref_type or False,
            "ar_referred_documents": ", ".join(tx.referred_documents) or False,
            "ar_end_to_end_id": tx.end_to_end_id or False,
            "ar_bank_reference": tx.bank_reference or False,
            "ar_instruction_id": tx.instruction_id or False,
            "ar_mandate_id": tx.mandate_id or False,
            "ar_additional_info": tx.additional_info or False,
            "ar_value_date": tx.value_date or False,
            "ar_date_is_value_date": tx.date_is_value_date,
            "ar_is_reversal": tx.is_reversal,
            "ar_return_reason": tx.return_reason or False,
            "ar_exchange_rate": float(tx.exchange_rate) if tx.exchange_rate else False,
        }
        journal_currency = (
            self.journal_id.currency_id or self.journal_id.company_id.currency_id
        )
        foreign = currencies.get((tx.foreign_currency or "").upper())
        if foreign and foreign != journal_currency and tx.foreign_amount is not None:
            vals["foreign_currency_id"] = foreign.id
            vals["amount_currency"] = float(tx.foreign_amount)
        return vals

    # ------------------------------------------------------------------
    # Result
    # ------------------------------------------------------------------

    def _notes(self, parsed, plan):
        notes = []
        for entry in plan:
            statement = parsed[entry["index"]]
            label = statement.statement_id or self.filename or _("statement")
            skipped, held = entry["skipped"], len(entry["held"])
            if skipped and not entry["new"] and not held:
                notes.append(
                    _(
                        "%(statement)s: all %(count)s transactions were imported "
                        "before; nothing added.",
                        statement=label,
                        count=skipped,
                    )
                )
            elif skipped:
                notes.append(
                    _(
                        "%(statement)s: %(count)s transactions were imported before "
                        "and were skipped.",
                        statement=label,
                        count=skipped,
                    )
                )
            if held:
                notes.append(
                    _(
                        "%(statement)s: %(count)s transactions look like lines "
                        "imported before and were not imported. Check them below: "
                        "import them anyway if they are new payments.",
                        statement=label,
                        count=held,
                    )
                )
        if self.job_id:
            notes.append(
                _(
                    "%(count)s lines are being created in the background. You will be "
                    "notified when the import is done; its progress is shown on the "
                    "import job.",
                    count=self.job_id.lines_total - self.job_id.lines_done,
                )
            )
        return notes

    @api.model
    def _locked_notes(self, lines):
        """Which lines Odoo books on a later date than the bank's (a lock date)."""
        notes = []
        for line in lines[:RESULT_LIST_LIMIT]:
            notes.append(
                _(
                    "%(label)s (%(amount)s): the bank's date %(bank_date)s is in a "
                    "locked period; Odoo books it on %(date)s.",
                    label=line.payment_ref or "/",
                    amount=format_amount(self.env, line.amount, line.currency_id),
                    bank_date=format_date(self.env, line.ar_bank_date),
                    date=format_date(self.env, line.date),
                )
            )
        if len(lines) > RESULT_LIST_LIMIT:
            notes.append(
                _(
                    "... and %(count)s more lines booked after the lock date.",
                    count=len(lines) - RESULT_LIST_LIMIT,
                )
            )
        return notes

    @api.model
    def _result_html(self, created, duplicates, notes, locked=None):
        summary = _(
            "%(created)s lines created, %(duplicates)s skipped as duplicates.",
            created=created,
            duplicates=duplicates,
        )
        html = Markup("<p>%s</p>") % summary
        if notes:
            html += Markup("<ul>%s</ul>") % Markup().join(
                Markup("<li>%s</li>") % note for note in notes
            )
        if locked:
            html += Markup("<p>%s</p><ul>%s</ul>") % (
                _("Lines dated in a locked accounting period:"),
                Markup().join(
                    Markup("<li>%s</li>") % note for note in self._locked_notes(locked)
                ),
            )
        return html

    # ------------------------------------------------------------------
    # Import anyway: lines that look like earlier ones
    # ------------------------------------------------------------------

    def action_import_similar(self):
        """Import the selected held-back lines: the clerk says they are new payments."""
        self.ensure_one()
        todo = self.similar_ids.filtered(lambda s: s.state == "held" and s.selected)
        if not todo:
            raise UserError(_("Select the lines to import."))
        parsed = self._parse(
            base64.b64decode(self.data_file), allow_unbalanced=self.allow_unbalanced
        )
        context = self._line_context(parsed)
        statement_map = dict(self.statement_map or {})
        Line = self.env["account.bank.statement.line"]
        existing = {
            line["unique_import_id"]
            for line in Line.sudo()
            .with_context(active_test=False)
            .search_read(
                [("ar_content_key", "in", list(set(todo.mapped("content_key"))))],
                ["unique_import_id"],
            )
        }
        lines = Line.browse()
        for index, similar in self._group_by_statement(todo).items():
            statement = parsed[index]
            items = []
            for row in similar:
                tx = statement.transactions[row.position]
                key = self._import_id(self.journal_id, "h:" + content_fingerprint(tx))
                if key != row.content_key:
                    raise UserError(
                        _("The file changed since it was read: import it again.")
                    )
                import_id = self._free_import_id(key, existing)
                existing.add(import_id)
                items.append((row.position, import_id, key))
            entry = {"index": index, "new": items}
            vals_list = self._line_vals_list(statement, entry, items, context)
            added = sum(statement.transactions[item[0]].amount for item in items)
            record = self.env["account.bank.statement"].browse(
                statement_map.get(str(index)) or []
            )
            if record:
                for vals in vals_list:
                    vals["statement_id"] = record.id
                new_lines = Line.create(vals_list)
                # The held-back amounts had moved the opening balance: move it back.
                record.write(
                    {
                        "balance_start": record.balance_start - float(added),
                        "balance_end_real": record.balance_end_real,
                    }
                )
            else:
                skipped_total = sum(
                    (tx.amount for tx in statement.transactions), Decimal(0)
                ) - sum(
                    (statement.transactions[item[0]].amount for item in items),
                    Decimal(0),
                )
                vals = self._prepare_statement_vals(
                    statement,
                    {**entry, "skipped_total": skipped_total},
                    [Command.create(vals) for vals in vals_list],
                )
                attachment = self.statement_ids.attachment_ids[:1] or self.env[
                    "ir.attachment"
                ].create(
                    {
                        "name": self.filename or "statement",
                        "raw": base64.b64decode(self.data_file),
                    }
                )
                vals["attachment_ids"] = [Command.set(attachment.ids)]
                record = record.create(vals)
                statement_map[str(index)] = record.id
                new_lines = record.line_ids
            lines |= new_lines
            self.statement_ids = [Command.link(record.id)]
        todo.write({"state": "imported"})
        self.statement_map = statement_map
        if self.journal_id.ar_auto_apply:
            lines.action_apply_automatically()
        self.write(
            {
                "line_count": self.line_count + len(lines),
                "duplicate_count": self.duplicate_count - len(lines),
                "result_html": self.result_html
                + self._result_html(
                    len(lines),
                    0,
                    [
                        _(
                            "%(count)s lines imported although they look like earlier "
                            "ones, as decided by %(user)s.",
                            count=len(lines),
                            user=self.env.user.name,
                        )
                    ],
                    self._locked_lines(lines),
                ),
            }
        )
        return self._reopen()

    @api.model
    def _group_by_statement(self, similar):
        groups = defaultdict(lambda: similar.browse())
        for row in similar.sorted("position"):
            groups[row.statement_index] |= row
        return groups

    def action_open_statements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_bank_statement_tree"
        )
        action.update(
            {
                "domain": [("id", "in", self.statement_ids.ids)],
                "context": {"default_journal_id": self.journal_id.id},
            }
        )
        if len(self.statement_ids) == 1:
            action.update(
                {
                    "view_mode": "form",
                    "res_id": self.statement_ids.id,
                    "views": [(False, "form")],
                }
            )
        return action

    def action_open_job(self):
        self.ensure_one()
        return self.job_id._form_action()


class ArStatementImportSimilar(models.TransientModel):
    """A transaction of the file that looks like a line imported before: the clerk
    decides whether it is the same payment (leave it) or a new one (import anyway)."""

    _name = "ar.statement.import.similar"
    _description = "Bank Statement Import: Line Like an Earlier One"
    _order = "statement_index, position"

    wizard_id = fields.Many2one(
        "ar.statement.import", required=True, ondelete="cascade", index=True
    )
    statement_index = fields.Integer(required=True)
    position = fields.Integer(required=True)
    selected = fields.Boolean(string="Import", default=True)
    state = fields.Selection(
        [("held", "Not Imported"), ("imported", "Imported")],
        default="held",
        required=True,
    )
    date = fields.Date(readonly=True)
    amount = fields.Monetary(readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    label = fields.Char(readonly=True)
    partner_name = fields.Char(string="Counterparty", readonly=True)
    earlier_line_id = fields.Many2one(
        "account.bank.statement.line",
        string="Looks Like",
        readonly=True,
        ondelete="cascade",
    )
    earlier_date = fields.Date(related="earlier_line_id.date", string="Earlier Date")
    earlier_statement_id = fields.Many2one(
        related="earlier_line_id.statement_id", string="Earlier Statement"
    )
    content_key = fields.Char(related="earlier_line_id.ar_content_key")
