"""CSV and XLSX bank exports, read through a saved column mapping.

Spreadsheet exports have no standard layout, so every bank needs a :class:`SheetMapping`
that says which column holds what and how dates and amounts are written. The Odoo model
that stores mappings builds a :class:`SheetMapping` from its fields and calls
:func:`parse`.

Errors name the row (1-based line of the file, or sheet row for XLSX) so a user can find
and fix the problem in the file or in the mapping.
"""

import codecs
import csv
import io
import itertools
import re
import unicodedata
import zipfile
from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from .. import money
from ..messages import msg
from .base import (
    ParsedStatement,
    ParsedTransaction,
    StatementParseError,
    currency_decimals,
    excess_decimals,
)

MAX_ROWS = 200_000  # rows of a CSV or XLSX statement (blank rows count)
_NUMBER = re.compile(r"\d+(?:\.\d+)?|\.\d+")
# An ISO currency code or a "kr" before or after the number: "NOK 100", "100 kr".
_CURRENCY_WORD_RE = re.compile(
    r"^(?:[A-Z]{3}|[Kk][Rr]\.?)(?=[\s\d(+\-\u2212\u2013.,])|"
    r"(?<=[\s\d).,\-])(?:[A-Z]{3}|[Kk][Rr]\.?|,-)$"
)
_MINUS_SIGNS = (
    "\u2212\u2013"  # typographic minus and en dash, as some exports write them
)


@dataclass
class SheetMapping:
    """How to read one bank's CSV/XLSX export (see the module docstring)."""

    encoding: str = "utf-8"  # python codec name; "utf-8" also accepts a BOM
    delimiter: str = ","  # one character; "\t" for tab
    quotechar: str = '"'
    header_rows: int = (
        1  # rows before the data; when >0 the LAST of them holds the column names
    )
    footer_rows: int = 0  # rows after the data to ignore (totals)
    date_format: str = "%Y-%m-%d"  # strptime format
    decimal_separator: str = "."
    thousands_separator: str = ""  # "", ".", ",", " ", "'"
    amount_mode: str = "signed"  # "signed" | "debit_credit" | "indicator"
    inverse_sign: bool = False  # bank exports money in as negative
    credit_value: str = (
        "C"  # value of indicator_column meaning money in (case-insensitive)
    )
    debit_value: str = "D"
    currency: str = ""  # statement currency when there is no currency column
    # Column references: a header name (case-insensitive, trimmed) or a 1-based column
    # number written as digits; "" = not mapped
    date_column: str = ""
    value_date_column: str = ""
    amount_column: str = ""
    debit_column: str = ""
    credit_column: str = ""
    indicator_column: str = ""
    currency_column: str = ""
    label_column: str = ""
    partner_name_column: str = ""
    account_number_column: str = ""
    reference_column: str = ""  # structured payment reference (KID, OCR, RF...)
    transaction_id_column: str = ""  # bank's unique id -> unique_id and bank_reference
    balance_column: str = ""  # running balance after each row
    transaction_code_column: str = ""
    end_to_end_column: str = ""
    notes_column: str = ""  # free text -> remittance_unstructured


_AMOUNT_COLUMNS = {
    "signed": ("amount_column",),
    "debit_credit": ("debit_column", "credit_column"),
    "indicator": ("amount_column", "indicator_column"),
}
# Message codes naming the columns a mapping must have.
_REQUIRED_COLUMN_LABELS = {
    "date_column": "statements.sheet.column.date",
    "amount_column": "statements.sheet.column.amount",
    "debit_column": "statements.sheet.column.debit",
    "credit_column": "statements.sheet.column.credit",
    "indicator_column": "statements.sheet.column.indicator",
}
_COLUMN_FIELDS = [f.name for f in fields(SheetMapping) if f.name.endswith("_column")]


def parse(
    data: bytes, mapping: SheetMapping, file_format: str = "csv"
) -> list[ParsedStatement]:
    """Read ``data`` as one statement: a list holding a single
    :class:`ParsedStatement`."""
    if file_format not in ("csv", "xlsx"):
        raise StatementParseError(
            "statements.sheet.unsupported_format", file_format=str(file_format)
        )
    header_rows = max(int(mapping.header_rows or 0), 0)
    if file_format == "xlsx":
        rows = _iter_xlsx(data, header_rows, int(mapping.footer_rows or 0))
    else:
        rows = iter(_read_csv(data, mapping))
    try:
        # The header is checked before any data row is read: a wrong mapping on a
        # huge sheet is refused at once.
        head = list(itertools.islice(rows, header_rows))
        if len(head) < header_rows:
            raise StatementParseError("statements.no_transactions")
        header = [_text(cell) for cell in head[-1][1]] if header_rows else None
        columns = _resolve_columns(mapping, header)
        # Blank lines (a final newline, padding rows) are dropped before the footer is
        # cut, so footer_rows counts only the lines a user sees as totals.
        body = []
        for count, (line, cells) in enumerate(rows, 1):
            if count > MAX_ROWS:
                raise StatementParseError(
                    "statements.sheet.too_many_rows", limit=MAX_ROWS
                )
            if any(_text(c) for c in cells):
                body.append((line, cells))
    finally:
        close = getattr(rows, "close", None)
        if close:
            close()
    if mapping.footer_rows:
        body = body[: max(len(body) - int(mapping.footer_rows), 0)]
    if not body:
        raise StatementParseError("statements.no_transactions")
    if file_format == "xlsx":
        # Spreadsheets do not store trailing empty cells: they are empty, not missing.
        width = max(columns.values(), default=-1) + 1
        body = [
            (line, list(cells) + [None] * (width - len(cells))) for line, cells in body
        ]

    entries = [_read_row(line, cells, columns, mapping, header) for line, cells in body]
    currencies = {currency for _tx, _balance, currency in entries if currency}
    if len(currencies) > 1:
        raise StatementParseError(
            "statements.sheet.mixed_currencies", currencies=tuple(sorted(currencies))
        )
    if entries[0][0].date > entries[-1][0].date:
        entries.reverse()  # newest first: reversing keeps same-day rows chronological
    entries.sort(
        key=lambda entry: entry[0].date
    )  # stable: file order within a day stays

    opening = closing = None
    if "balance_column" in columns:
        first_tx, first_balance, _c = entries[0]
        closing = entries[-1][1]
        opening = first_balance - first_tx.amount if first_balance is not None else None
    transactions = [tx for tx, _balance, _currency in entries]
    return [
        ParsedStatement(
            file_format=file_format,
            transactions=transactions,
            currency=currencies.pop()
            if currencies
            else (mapping.currency or "").strip().upper(),
            date=transactions[-1].date,
            opening_balance=opening,
            closing_balance=closing,
        )
    ]


# --- reading the cells ----------------------------------------------------------------


def _read_csv(data, mapping):
    """Return ``[(line_number, cells)]``; the line number is where the record starts."""
    try:
        encoding = codecs.lookup(mapping.encoding or "utf-8").name
    except LookupError:
        raise StatementParseError(
            "statements.sheet.unknown_encoding", encoding=mapping.encoding
        ) from None
    try:
        # A UTF-8 BOM (Excel writes one) would otherwise stick to the first column name.
        text = data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    except UnicodeDecodeError as error:
        raise StatementParseError(
            "statements.sheet.bad_encoding",
            encoding=mapping.encoding,
            byte=f"0x{error.object[error.start]:02x}",
            position=error.start,
        ) from None
    null = text.find("\x00")
    if null >= 0:
        raise StatementParseError(
            "statements.sheet.null_byte",
            row=text.count("\n", 0, null) + 1,
            encoding=mapping.encoding,
        )
    delimiter = mapping.delimiter or ""
    delimiter = {"\\t": "\t", "tab": "\t"}.get(delimiter.lower(), delimiter)
    if len(delimiter) != 1 or len(mapping.quotechar or "") > 1:
        raise StatementParseError("statements.sheet.bad_delimiter")
    quoting = (
        {"quotechar": mapping.quotechar}
        if mapping.quotechar
        else {"quoting": csv.QUOTE_NONE}
    )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, **quoting)
    rows = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        raise StatementParseError(
            "statements.sheet.bad_csv", row=start, error=str(error)
        ) from None
    return rows


def _iter_xlsx(data, header_rows=0, footer_rows=0):
    """Yield ``(sheet_row, values)`` of the first worksheet, values typed as stored.

    The workbook is read in openpyxl's read-only (streaming) mode, after its XML
    parts are checked for entity declarations (openpyxl parses with lxml, which would
    resolve them). Before the first row after the ``header_rows`` is read, the size
    the sheet declares is checked against :data:`MAX_ROWS`.
    """
    import openpyxl  # only XLSX imports need it

    _check_workbook_parts(data)
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True
        )
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError) as error:
        raise StatementParseError(
            "statements.sheet.bad_xlsx", error=str(error)
        ) from None
    try:
        sheet = workbook.worksheets[0]
        declared = sheet.max_row or 0  # what the sheet's <dimension> says
        # Read every cell whatever the dimension says: a too small one would cut
        # columns off.
        sheet.reset_dimensions()
        rows = enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)
        try:
            for line, cells in rows:
                if line == header_rows + 1:
                    if declared - header_rows - footer_rows > MAX_ROWS:
                        raise StatementParseError(
                            "statements.sheet.too_many_rows", limit=MAX_ROWS
                        )
                yield line, cells
        except StatementParseError:
            raise
        except (ValueError, KeyError, SyntaxError) as error:
            raise StatementParseError(
                "statements.sheet.bad_xlsx", error=str(error)
            ) from None
    finally:
        workbook.close()


_XLSX_PART_HEAD = 64 * 1024
_DECLARATION_RE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.I)
_ROOT_START_RE = re.compile(rb"<[A-Za-z_]")


def _check_workbook_parts(data):
    """Refuse an XLSX whose XML parts declare a DOCTYPE or entities (an external
    entity reads files or URLs, an entity bomb eats memory): a workbook never needs
    them. A declaration must come before the root element, so each part is read up to
    its first element only."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise StatementParseError(
            "statements.sheet.bad_xlsx", error=str(error)
        ) from None
    with archive:
        for info in archive.infolist():
            if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
                continue
            try:
                with archive.open(info) as part:
                    head = part.read(_XLSX_PART_HEAD)
            except (zipfile.BadZipFile, NotImplementedError, OSError) as error:
                raise StatementParseError(
                    "statements.sheet.bad_xlsx", error=str(error)
                ) from None
            if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head[:64]:
                head = head.decode("utf-16", "replace").encode("utf-8", "replace")
            root = _ROOT_START_RE.search(head)
            prolog = head[: root.start()] if root else head
            if _DECLARATION_RE.search(prolog) or (
                not root and len(head) == _XLSX_PART_HEAD
            ):
                raise StatementParseError(
                    "statements.sheet.xlsx_entities", part=info.filename
                )


def _text(value):
    """A cell as trimmed text; typed XLSX cells are written the way a user would type
    them."""
    if value is None:
        return ""
    if isinstance(value, datetime) and value.time() != datetime.min.time():
        return value.isoformat()
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a KID or account number typed as a number
    return str(value).strip()


# --- mapping the columns --------------------------------------------------------------


def _resolve_columns(mapping, header):
    """Map each mapped field name (``date_column``...) to a 0-based cell index."""
    if mapping.amount_mode not in _AMOUNT_COLUMNS:
        raise StatementParseError(
            "statements.sheet.unknown_amount_mode", mode=str(mapping.amount_mode)
        )
    for name in ("date_column",) + _AMOUNT_COLUMNS[mapping.amount_mode]:
        if not (getattr(mapping, name) or "").strip():
            raise StatementParseError(
                "statements.sheet.column_missing",
                column=msg(_REQUIRED_COLUMN_LABELS[name]),
            )
    lookup = {}
    for index, name in enumerate(header or []):
        lookup.setdefault(name.casefold(), index)  # the first of duplicated names wins
    # Amount columns of the other modes stay unread: a mapping may keep them filled.
    unused = {name for names in _AMOUNT_COLUMNS.values() for name in names}
    unused -= set(_AMOUNT_COLUMNS[mapping.amount_mode])
    columns = {}
    for name in _COLUMN_FIELDS:
        ref = (getattr(mapping, name) or "").strip()
        if name in unused or not ref:
            continue
        if ref.isdigit():
            if int(ref) < 1:
                raise StatementParseError(
                    "statements.sheet.column_number_below_one", column=ref
                )
            columns[name] = int(ref) - 1
        elif ref.casefold() in lookup:
            columns[name] = lookup[ref.casefold()]
        elif header is None:
            raise StatementParseError(
                "statements.sheet.column_name_without_header", column=ref
            )
        else:
            raise StatementParseError(
                "statements.sheet.column_not_in_header",
                column=ref,
                header=tuple(name for name in header if name),
            )
    return columns


# --- converting one row ---------------------------------------------------------------


def _read_row(line, cells, columns, mapping, header):
    """Return ``(ParsedTransaction, balance or None, currency or "")`` for one data
    row."""
    needed = max(columns.values()) + 1
    if len(cells) < needed:
        raise StatementParseError(
            "statements.sheet.too_few_cells", row=line, cells=len(cells), column=needed
        )

    def cell(name):
        return cells[columns[name]] if name in columns else None

    def text(name):
        return _text(cell(name))

    def label_of(name):
        index = columns[name]
        named = header and index < len(header) and header[index]
        return f"'{header[index]}'" if named else str(index + 1)

    booking_date = _date(line, cell("date_column"), mapping, required=True)
    if mapping.amount_mode == "debit_credit":
        debit = _amount(line, cell("debit_column"), mapping)
        credit = _amount(line, cell("credit_column"), mapping)
        if debit and credit:
            raise StatementParseError(
                "statements.sheet.debit_and_credit",
                row=line,
                debit=text("debit_column"),
                credit=text("credit_column"),
            )
        if debit is None and credit is None:
            raise StatementParseError(
                "statements.sheet.neither_debit_nor_credit", row=line
            )
        # Banks write debits positive or negative: the column, not the sign, means money
        # out.
        amount = (credit or Decimal(0)) - abs(debit or Decimal(0))
    else:
        amount = _amount(line, cell("amount_column"), mapping, required=True)
    if mapping.amount_mode == "indicator":
        indicator = text("indicator_column").casefold()
        if indicator == mapping.credit_value.strip().casefold():
            amount = abs(amount)
        elif indicator == mapping.debit_value.strip().casefold():
            amount = -abs(amount)
        else:
            raise StatementParseError(
                "statements.sheet.bad_indicator",
                row=line,
                value=text("indicator_column"),
                column=label_of("indicator_column"),
                credit=mapping.credit_value,
                debit=mapping.debit_value,
            )
    balance = _amount(line, cell("balance_column"), mapping)
    if mapping.inverse_sign:
        # The whole file uses the inverted convention, so its running balance does too;
        # flipping both keeps opening + transactions = closing.
        amount = -amount
        balance = -balance if balance is not None else None

    currency = text("currency_column").upper() or (mapping.currency or "").upper()
    for value in (amount, balance):
        if value is not None and excess_decimals(value, currency.strip()):
            raise StatementParseError(
                "statements.sheet.amount_too_precise",
                row=line,
                value=str(value),
                currency=currency.strip(),
                decimals=currency_decimals(currency.strip()),
            )
    label, notes, partner = (
        text("label_column"),
        text("notes_column"),
        text("partner_name_column"),
    )
    transaction_id = text("transaction_id_column")
    transaction = ParsedTransaction(
        date=booking_date,
        value_date=_date(line, cell("value_date_column"), mapping),
        amount=amount + 0,  # normalise -0 from a flipped zero
        payment_ref=label or notes or partner,
        partner_name=partner,
        account_number="".join(text("account_number_column").split()).upper(),
        remittance_structured=text("reference_column"),
        remittance_unstructured=" ".join(
            part for part in (notes, label if label != notes else "") if part
        ),
        unique_id=transaction_id,
        bank_reference=transaction_id,
        bank_transaction_code=text("transaction_code_column"),
        end_to_end_id=text("end_to_end_column"),
    )
    return transaction, balance, text("currency_column").upper()


def _date(line, value, mapping, required=False):
    """A typed XLSX date as is, text through ``mapping.date_format``; empty gives
    ``None``."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = _text(value)
    if not raw:
        if required:
            raise StatementParseError("statements.sheet.date_empty", row=line)
        return None
    try:
        return datetime.strptime(raw, mapping.date_format).date()
    except ValueError:
        raise StatementParseError(
            "statements.sheet.bad_date", row=line, value=raw, format=mapping.date_format
        ) from None


def _amount(line, value, mapping, required=False):
    """Parse an amount cell into a Decimal, ``None`` when empty (unless ``required``).

    Text accepts the mapping's separators, a leading or trailing minus, parentheses for
    negatives, spaces and currency symbols or codes ("kr", "NOK", "€"). Anything else is
    an error rather than a guess, since a misread separator would silently scale the
    amount.
    """
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return _typed_amount(line, value)
    raw = _text(value)
    if not raw:
        if required:
            raise StatementParseError("statements.sheet.amount_empty", row=line)
        return None
    # A currency code or "kr" before or after the number; any other letter (1e3,
    # 12abc34, 100 CR) makes it no amount: dropping letters changed 1e3 into 13.
    text = _CURRENCY_WORD_RE.sub("", raw.strip())
    if any(char.isalpha() for char in text):
        raise _bad_amount(line, raw, mapping)
    text = "".join(
        "-" if char in _MINUS_SIGNS else char
        for char in text
        if not (char.isspace() or unicodedata.category(char) == "Sc")
    )
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    if text.startswith(("-", "+")):
        negative, text = negative or text[0] == "-", text[1:]
    elif text.endswith("-"):
        negative, text = True, text[:-1]
    if mapping.thousands_separator.strip():
        text = text.replace(mapping.thousands_separator, "")
    if mapping.decimal_separator != ".":
        if "." in text:  # a dot that is neither separator: refuse instead of guessing
            text = "?"
        text = text.replace(mapping.decimal_separator, ".")
    if not _NUMBER.fullmatch(text):
        raise _bad_amount(line, raw, mapping)
    try:
        amount = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern guarantees a number
        raise _bad_amount(line, raw, mapping) from None
    return -amount if negative else amount


def _typed_amount(line, value):
    """A number typed in an XLSX cell. Excel stores it as a double: one with more than
    15 significant digits is not the amount that was typed, and NaN or infinity are
    no amount at all."""
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise StatementParseError(
                "statements.sheet.amount_not_a_number", row=line, value=str(value)
            )
        amount = money.exact(value)
        if len(amount.as_tuple().digits) > 15:
            raise StatementParseError(
                "statements.sheet.amount_beyond_precision", row=line, value=repr(value)
            )
        return amount
    return money.exact(value)


def _bad_amount(line, raw, mapping):
    return StatementParseError(
        "statements.sheet.bad_amount",
        row=line,
        value=raw,
        decimal=mapping.decimal_separator,
        thousands=mapping.thousands_separator,
    )
