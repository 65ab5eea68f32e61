"""Bank statement file readers: detect the format from the content, then parse it.

Every reader returns a list of :class:`~.base.ParsedStatement`; errors are
:class:`~.base.StatementParseError` carrying a ``statements.*`` message code (templates
in ``ar_reconcile/messages/statements.py``).
"""

from . import camt, nets_ocr, ofx, sheet, swift_mt940
from .base import (
    ParsedStatement,
    ParsedTransaction,
    StatementParseError,
    assign_import_ids,
)

__all__ = [
    "ParsedStatement",
    "ParsedTransaction",
    "StatementParseError",
    "detect_format",
    "parse_statement_file",
]

# Order matters: the most specific signatures first, CSV (the fallback) is not sniffed.
_READERS = [
    ("camt", camt),
    ("mt940", swift_mt940),
    ("ofx", ofx),
    ("nets_ocr", nets_ocr),
]


def detect_format(data):
    """Return ``camt``, ``mt940``, ``ofx``, ``xlsx`` or ``None`` (possibly CSV)."""
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    for name, reader in _READERS:
        if reader.sniff(data):
            return name
    return None


def parse_statement_file(data, sheet_mapping=None):
    """Parse ``data`` (bytes) into statements, import ids assigned, balances checked.

    ``sheet_mapping`` (a :class:`~.sheet.SheetMapping`) is needed for CSV and XLSX
    files, and lets a CSV file that sniffs as nothing else be read.
    """
    if not data or not data.strip():
        raise StatementParseError("statements.file_empty")
    file_format = detect_format(data)
    if file_format in ("xlsx", None):
        if sheet_mapping is None:
            if file_format == "xlsx":
                raise StatementParseError("statements.xlsx_needs_mapping")
            raise StatementParseError("statements.unknown_format")
        statements = sheet.parse(data, sheet_mapping, file_format=file_format or "csv")
    else:
        statements = dict(_READERS)[file_format].parse(data)
    if not any(statement.transactions for statement in statements):
        raise StatementParseError("statements.no_transactions")
    for statement in statements:
        statement.check_balances()
    return assign_import_ids(statements)
