import dataclasses

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib.statements.sheet import SheetMapping

COLUMN_HELP = (
    "Header name (case-insensitive) or 1-based column number; empty when not in the "
    "file."
)
# Selection keys must be words (Odoo derives XML ids from them); these are the
# characters.
SEPARATORS = {
    "comma": ",",
    "semicolon": ";",
    "tab": "\t",
    "pipe": "|",
    "dot": ".",
    "space": " ",
    "apostrophe": "'",
    "none": "",
}


class ArStatementImportMapping(models.Model):
    """How to read one bank's CSV or XLSX export; journals point to the mapping they
    use."""

    _name = "ar.statement.import.mapping"
    _description = "Bank Statement Import Mapping"
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        help="Leave empty to share the mapping between companies.",
    )
    journal_ids = fields.One2many(
        "account.journal", "ar_import_mapping_id", string="Journals"
    )
    encoding = fields.Selection(
        [
            ("utf-8", "UTF-8"),
            ("utf-16", "UTF-16"),
            ("iso-8859-1", "ISO-8859-1 (Latin-1)"),
            ("iso-8859-15", "ISO-8859-15 (Latin-9)"),
            ("cp1252", "Windows-1252"),
            ("cp865", "DOS Nordic (CP865)"),
        ],
        default="utf-8",
        required=True,
    )
    delimiter = fields.Selection(
        [
            ("comma", "Comma (,)"),
            ("semicolon", "Semicolon (;)"),
            ("tab", "Tab"),
            ("pipe", "Pipe (|)"),
        ],
        default="semicolon",
        required=True,
    )
    quotechar = fields.Char(
        string="Quote Character", size=1, default='"', required=True
    )
    header_rows = fields.Integer(
        default=1,
        help="Rows before the data. When columns are named, the last of these rows "
        "holds the names.",
    )
    footer_rows = fields.Integer(help="Rows after the data to ignore, such as totals.")
    date_format = fields.Char(
        default="%d.%m.%Y",
        required=True,
        help="Python date format, e.g. %d.%m.%Y or %Y-%m-%d.",
    )
    decimal_separator = fields.Selection(
        [("dot", "Dot (.)"), ("comma", "Comma (,)")], default="comma", required=True
    )
    thousands_separator = fields.Selection(
        [
            ("none", "None"),
            ("dot", "Dot (.)"),
            ("comma", "Comma (,)"),
            ("space", "Space"),
            ("apostrophe", "Apostrophe (')"),
        ],
        default="none",
        required=True,
    )
    amount_mode = fields.Selection(
        [
            ("signed", "One signed amount column"),
            ("debit_credit", "Separate debit and credit columns"),
            ("indicator", "Amount and a credit/debit indicator column"),
        ],
        default="signed",
        required=True,
    )
    inverse_sign = fields.Boolean(
        help="Tick when the bank shows money received as negative."
    )
    credit_value = fields.Char(string="Credit Indicator", default="C")
    debit_value = fields.Char(string="Debit Indicator", default="D")
    currency_id = fields.Many2one(
        "res.currency",
        help="Currency of the amounts when the file has no currency column.",
    )
    date_column = fields.Char(required=True, help=COLUMN_HELP)
    value_date_column = fields.Char(help=COLUMN_HELP)
    amount_column = fields.Char(help=COLUMN_HELP)
    debit_column = fields.Char(help=COLUMN_HELP)
    credit_column = fields.Char(help=COLUMN_HELP)
    indicator_column = fields.Char(help=COLUMN_HELP)
    currency_column = fields.Char(help=COLUMN_HELP)
    label_column = fields.Char(help=COLUMN_HELP)
    partner_name_column = fields.Char(
        string="Counterparty Name Column", help=COLUMN_HELP
    )
    account_number_column = fields.Char(
        string="Counterparty Account Column", help=COLUMN_HELP
    )
    reference_column = fields.Char(
        string="Structured Reference Column", help=COLUMN_HELP
    )
    transaction_id_column = fields.Char(
        string="Transaction ID Column", help=COLUMN_HELP
    )
    balance_column = fields.Char(string="Running Balance Column", help=COLUMN_HELP)
    transaction_code_column = fields.Char(help=COLUMN_HELP)
    end_to_end_column = fields.Char(string="End-to-End ID Column", help=COLUMN_HELP)
    notes_column = fields.Char(string="Remittance Text Column", help=COLUMN_HELP)

    @api.constrains(
        "amount_mode",
        "amount_column",
        "debit_column",
        "credit_column",
        "indicator_column",
    )
    def _check_amount_columns(self):
        required = {
            "signed": ["amount_column"],
            "debit_credit": ["debit_column", "credit_column"],
            "indicator": ["amount_column", "indicator_column"],
        }
        for mapping in self:
            missing = [
                mapping._fields[name].string
                for name in required[mapping.amount_mode]
                if not mapping[name]
            ]
            if missing:
                raise ValidationError(
                    _(
                        "Mapping %(name)s needs these columns: %(columns)s.",
                        name=mapping.name,
                        columns=", ".join(missing),
                    )
                )

    def write(self, vals):
        self._ar_check_shared_change()
        return super().write(vals)

    def unlink(self):
        self._ar_check_shared_change()
        return super().unlink()

    def _ar_check_shared_change(self):
        """A shared mapping (no company) reads the files of every journal using it: only
        someone working in all of their companies may change it, so a manager of one
        company cannot change how another company's statements are read."""
        if self.env.su:
            return
        for mapping in self.filtered(lambda m: not m.company_id):
            outside = mapping.sudo().journal_ids.company_id - self.env.companies
            if outside:
                raise UserError(
                    _(
                        "The import mapping %(mapping)s is shared with %(companies)s: "
                        "only a user working in those companies too can change it.",
                        mapping=mapping.name,
                        companies=", ".join(outside.sudo().mapped("name")),
                    )
                )

    @api.constrains("header_rows", "footer_rows")
    def _check_row_counts(self):
        if any(mapping.header_rows < 0 or mapping.footer_rows < 0 for mapping in self):
            raise ValidationError(_("Header and footer row counts cannot be negative."))

    def _to_sheet_mapping(self):
        """The database-free description the sheet reader works from."""
        self.ensure_one()
        values = {
            "currency": self.currency_id.name or "",
            "thousands_separator": SEPARATORS[self.thousands_separator],
            "decimal_separator": SEPARATORS[self.decimal_separator],
            "delimiter": SEPARATORS[self.delimiter],
            "quotechar": self.quotechar or '"',
        }
        for spec in dataclasses.fields(SheetMapping):
            if spec.name not in values:
                value = self[spec.name]
                # Char fields read False when empty; column names are compared trimmed.
                values[spec.name] = (
                    (value or "").strip() if isinstance(spec.default, str) else value
                )
        return SheetMapping(**values)
