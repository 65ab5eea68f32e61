import base64
from collections import defaultdict

from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..lib.accounts import sanitize_account_number as _sanitize_account
from ..lib.statements import StatementParseError, parse_statement_file


class ArStatementImport(models.TransientModel):
    """Reads a bank file into statements of one bank journal, never twice the same transaction."""

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
        [("upload", "Upload"), ("done", "Done")], default="upload", required=True
    )
    file_format = fields.Char(readonly=True)
    statement_ids = fields.Many2many(
        "account.bank.statement", string="Statements", readonly=True
    )
    line_count = fields.Integer(string="Lines Created", readonly=True)
    duplicate_count = fields.Integer(string="Skipped as Duplicates", readonly=True)
    result_html = fields.Html(string="Result", readonly=True, sanitize=False)

    @api.model
    def _default_journal(self):
        """The journal the user comes from (dashboard card or statement), if it is a bank."""
        journal_id = self.env.context.get("default_journal_id") or (
            self.env.context.get("active_model") == "account.journal"
            and self.env.context.get("active_id")
        )
        journal = self.env["account.journal"].browse(journal_id or [])
        return journal if journal.type == "bank" else journal.browse()

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
        data = base64.b64decode(self.data_file)
        mapping = journal.ar_import_mapping_id
        try:
            parsed = parse_statement_file(
                data, mapping._to_sheet_mapping() if mapping else None
            )
        except StatementParseError as error:
            raise UserError(
                _(
                    "%(file)s cannot be imported: %(reason)s",
                    file=self.filename or _("The file"),
                    reason=self.env["ar.message"]._ar_render(error.message),
                )
            ) from error
        self._check_account_and_currency(parsed)

        import_ids = {
            tx.unique_id: self._import_id(journal, tx.unique_id)
            for statement in parsed
            for tx in statement.transactions
        }
        existing = set(
            self.env["account.bank.statement.line"]
            .sudo()
            .with_context(active_test=False)
            .search([("unique_import_id", "in", list(import_ids.values()))])
            .mapped("unique_import_id")
        )
        partners_by_account = self._partners_by_account(parsed)
        currencies = self._foreign_currencies(parsed)

        statement_vals_list, notes = [], []
        created_lines = duplicates = 0
        for statement in parsed:
            new_transactions = [
                tx
                for tx in statement.transactions
                if import_ids[tx.unique_id] not in existing
            ]
            skipped = len(statement.transactions) - len(new_transactions)
            duplicates += skipped
            label = statement.statement_id or self.filename or _("statement")
            if not new_transactions:
                notes.append(
                    _(
                        "%(statement)s: all %(count)s transactions were imported before; nothing added.",
                        statement=label,
                        count=skipped,
                    )
                )
                continue
            if skipped:
                notes.append(
                    _(
                        "%(statement)s: %(count)s transactions were imported before and were skipped.",
                        statement=label,
                        count=skipped,
                    )
                )
            # Odoo orders the lines of one day by descending sequence: number them backwards
            # so that running balances follow the bank's order.
            line_commands = [
                Command.create(
                    self._prepare_line_vals(
                        tx,
                        import_ids[tx.unique_id],
                        sequence,
                        partners_by_account,
                        currencies,
                    )
                )
                for sequence, tx in zip(
                    range(len(new_transactions), 0, -1), new_transactions, strict=False
                )
            ]
            created_lines += len(line_commands)
            statement_vals_list.append(
                self._prepare_statement_vals(
                    statement, line_commands, partial=bool(skipped)
                )
            )

        if statement_vals_list:
            # A statement links its source file only when given an existing attachment.
            attachment = self.env["ir.attachment"].create(
                {"name": self.filename or "statement", "raw": data}
            )
            for vals in statement_vals_list:
                vals["attachment_ids"] = [Command.set(attachment.ids)]
        statements = self.env["account.bank.statement"].create(statement_vals_list)
        if journal.ar_auto_apply:
            statements.line_ids.action_apply_automatically()
        if statements and journal.bank_statements_source == "undefined":
            # Receivables users may import, not configure journals: this only records the source.
            journal.sudo().bank_statements_source = "file_import"
        self.write(
            {
                "state": "done",
                "file_format": ", ".join(sorted({s.file_format for s in parsed})),
                "statement_ids": [Command.set(statements.ids)],
                "line_count": created_lines,
                "duplicate_count": duplicates,
                "result_html": self._result_html(created_lines, duplicates, notes),
            }
        )
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
        """Scope the bank's id to the journal: two banks may reuse each other's references."""
        return "%s-%s" % (journal.id, transaction_id)

    def _check_account_and_currency(self, parsed):
        """Refuse a file made for another bank account or currency before anything is written."""
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
                        "The file is for bank account %(account)s, but journal %(journal)s has no "
                        "bank account. Set the account on the journal, then import again.",
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
                        "The file is for bank account %(file_account)s, not for %(journal_account)s "
                        "of journal %(journal)s.",
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
                        "The file's statement %(statement)s is in %(file_currency)s, but journal "
                        "%(journal)s is in %(journal_currency)s.",
                        statement=statement.statement_id or "",
                        file_currency=statement.currency,
                        journal=journal.display_name,
                        journal_currency=journal_currency.name,
                    )
                )

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

    def _prepare_statement_vals(self, statement, line_commands, partial=False):
        """Statement values; with ``partial`` (some transactions imported before) the opening
        balance is what the closing balance leaves for the new lines, so the statement adds up."""
        journal = self.journal_id
        currency = journal.currency_id or journal.company_id.currency_id
        new_total = sum(command[2]["amount"] for command in line_commands)
        vals = {
            "journal_id": journal.id,
            "reference": self.filename or False,
            "ar_import_format": statement.file_format,
            "line_ids": line_commands,
        }
        if statement.statement_id:
            vals["name"] = statement.statement_id
        if statement.opening_balance is not None:
            vals["balance_start"] = float(statement.opening_balance)
        if statement.closing_balance is not None:
            vals["balance_end_real"] = float(statement.closing_balance)
            if statement.opening_balance is None or partial:
                vals["balance_start"] = currency.round(
                    float(statement.closing_balance) - new_total
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

    @api.model
    def _result_html(self, created, duplicates, notes):
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
        return html

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
