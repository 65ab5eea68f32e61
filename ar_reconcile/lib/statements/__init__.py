"""Bank statement file readers: detect the format from the content, then parse it.

Every reader returns a list of :class:`~.base.ParsedStatement`; errors are
:class:`~.base.StatementParseError` carrying a ``statements.*`` message code (templates
in ``ar_reconcile/messages/statements.py``).
"""

from . import archive, camt, nets_ocr, ofx, sheet, swift_mt940
from .base import (
    ParsedStatement,
    ParsedTransaction,
    StatementParseError,
    assign_import_ids,
    check_amounts,
)

__all__ = [
    "ParsedStatement",
    "ParsedTransaction",
    "StatementParseError",
    "detect_format",
    "iter_zip_statements",
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
    """Return ``camt``, ``mt940``, ``ofx``, ``xlsx``, ``zip`` or ``None`` (possibly
    CSV)."""
    if archive.is_zip(data):
        return "xlsx" if archive.is_workbook(data) else "zip"
    for name, reader in _READERS:
        if reader.sniff(data):
            return name
    return None


def parse_statement_file(data, sheet_mapping=None, strict_balances=True):
    """Parse ``data`` (bytes) into statements, import ids assigned, balances checked.

    ``sheet_mapping`` (a :class:`~.sheet.SheetMapping`) is needed for CSV and XLSX
    files, and lets a CSV file that sniffs as nothing else be read. A ZIP archive
    gives the statements of all its files (see :func:`iter_zip_statements`).

    A statement whose balances contradict its transactions is refused
    (``statements.balance_mismatch``, with the figures); with ``strict_balances=False``
    it is returned with ``balance_difference`` and ``balance_message`` set instead, for
    a manager to import anyway.
    """
    if not data or not data.strip():
        raise StatementParseError("statements.file_empty")
    if detect_format(data) == "zip":
        statements = [
            statement
            for _name, member_statements in iter_zip_statements(
                data, sheet_mapping, strict_balances
            )
            for statement in member_statements
        ]
    else:
        statements = _read(data, sheet_mapping, strict_balances)
    if not any(statement.transactions for statement in statements):
        raise StatementParseError("statements.no_transactions")
    return assign_import_ids(statements)


# Refusals a receivables manager may overrule (parse again with strict_balances=False).
BALANCE_QUESTIONS = frozenset(
    {"statements.balance_mismatch", "statements.closing_balance_missing"}
)


def iter_zip_statements(data, sheet_mapping=None, strict_balances=True):
    """Yield ``(member name, statements)`` for every file of a ZIP archive, each read
    and checked like a file of its own (a statement without transactions is kept: the
    archive as a whole must have some). An error names the member (a balance
    mismatch, which names its statement, is raised as for a single file). Bounded by
    :data:`archive.MAX_MEMBERS` and :data:`archive.MAX_TOTAL_SIZE`."""
    for name, content in archive.members(data):
        try:
            if not content.strip():
                raise StatementParseError("statements.file_empty")
            statements = _read(content, sheet_mapping, strict_balances)
        except StatementParseError as error:
            if error.message.code in BALANCE_QUESTIONS:
                raise  # names its statement; the same refusal as for one file
            raise StatementParseError(
                "statements.zip.member_error", member=name, error=error.message
            ) from error
        for statement in statements:
            statement.source_name = name
        yield name, statements


def _read(data, sheet_mapping, strict_balances):
    """One file's statements, amounts and balances checked (no import ids)."""
    file_format = detect_format(data)
    if file_format == "zip":
        raise StatementParseError("statements.zip.nested", member="")
    if file_format in ("xlsx", None):
        if sheet_mapping is None:
            if file_format == "xlsx":
                raise StatementParseError("statements.xlsx_needs_mapping")
            raise StatementParseError("statements.unknown_format")
        statements = sheet.parse(data, sheet_mapping, file_format=file_format or "csv")
    else:
        statements = dict(_READERS)[file_format].parse(data)
    for statement in statements:
        check_amounts(statement)
        statement.check_balances(strict=strict_balances)
    return statements
