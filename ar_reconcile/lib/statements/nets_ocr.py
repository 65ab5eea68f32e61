"""Nets OCR giro (Norway): the KID payments credited to an agreement account.

An OCR giro file ("OCR-fil") is a Nets transmission of fixed 80-character records:
transmission start (``10``), then per assignment ("oppdrag", one settlement to one
agreement account) an assignment start (``20``), two or three records per payment
(``30`` amount, date and KID; ``31`` archive reference, bank date and the payer's
account; ``32`` free text on the "with text" types) and an assignment end (``88``),
then a transmission end (``89``). The end records state how many transactions and
records came before them and their total in øre: every one of these control figures
is checked, so a cut or damaged file is refused instead of imported short.

The records are decoded by ``netsgiro``'s own record classes (layout, numeric fields,
dates); the structure around them is walked here, so every refusal names its line.
Each OCR giro assignment becomes one :class:`ParsedStatement` of its agreement account
in NOK; each payment one line with its KID as structured reference (type ``KID``; the
check digit is the matching engine's business), the amount exact from its øre, the
Nets settlement date as date and the payer's account when the file gives one. What has
no common field (agreement and assignment, settlement batch, form number, bank date) is
kept on the line's details. AvtaleGiro assignments (agreement lists, claims) carry no
payment and are skipped after their records have been read.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from netsgiro import records as ocr_records
from netsgiro.enums import RecordType, ServiceCode

from ..messages import Amount, msg
from .base import ParsedStatement, ParsedTransaction, StatementParseError

__all__ = ["FILE_FORMAT", "OcrTransaction", "parse", "sniff"]

FILE_FORMAT = "nets_ocr"
CURRENCY = "NOK"  # OCR giro settles in Norwegian kroner only
REFERENCE_TYPE = "KID"
RECORD_LENGTH = 80
_SIGNATURE = b"NY000010"  # format code, service 00, transmission type 00, record 10
_BOM = b"\xef\xbb\xbf"
# The KID of an amount item 1, right-aligned; a MOD11 KID whose check is 10 ends in "-".
_KID_FIELD = slice(49, 74)
_KID_DASH_RE = re.compile(r" *[0-9]+-")
# Transaction types whose amounts go back to the payer (Nets: "tilbakeføring").
_REVERSALS = (18, 20)
_CLASSES = {
    cls.RECORD_TYPE: cls
    for cls in (
        ocr_records.TransmissionStart,
        ocr_records.TransmissionEnd,
        ocr_records.AssignmentStart,
        ocr_records.AssignmentEnd,
        ocr_records.TransactionAmountItem1,
        ocr_records.TransactionAmountItem2,
        ocr_records.TransactionAmountItem3,
        ocr_records.TransactionSpecification,
        ocr_records.AvtaleGiroAgreement,
    )
}
_TRANSACTION_RECORDS = (
    RecordType.TRANSACTION_AMOUNT_ITEM_1,
    RecordType.TRANSACTION_AMOUNT_ITEM_2,
    RecordType.TRANSACTION_AMOUNT_ITEM_3,
    RecordType.TRANSACTION_SPECIFICATION,
    RecordType.TRANSACTION_AGREEMENTS,
)


@dataclass
class OcrTransaction(ParsedTransaction):
    """A payment of an OCR giro file, with what Nets gives beside the common fields.

    These fields end up in the line's transaction details, as the bank's file said
    them: the agreement and assignment of the payment, its transaction number in the
    assignment, the settlement batch it was credited in ("delavregning": centre, day
    code, partial settlement number and serial), the form number and the date the
    payer's bank received it.
    """

    agreement_id: str = ""
    assignment_number: str = ""
    transaction_number: int = 0
    transaction_type: int = 0
    settlement: str = ""
    form_number: str = ""
    bank_date: date | None = None


def sniff(data):
    """Tell whether ``data`` starts like a Nets transmission (``NY000010``)."""
    return data[:256].removeprefix(_BOM).lstrip().startswith(_SIGNATURE)


def parse(data):
    """One :class:`ParsedStatement` per OCR giro assignment of the transmission."""
    records = [_record(number, line) for number, line in _lines(data)]
    return _Walker(records).statements()


# --- records
# ------------------------------------------------------------------------------


def _lines(data):
    """(line number, text) of the non-blank lines, decoded as UTF-8 or else Latin-1.

    Nets writes ISO 8859-1; a file passed through another system may be UTF-8, which
    is tried first because Latin-1 decodes any byte (and would make ``ø`` two
    characters, so the record one too long).
    """
    if b"\x00" in data:
        raise StatementParseError("statements.nets_ocr.binary")
    data = data.removeprefix(_BOM)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]


class _Record:
    """A decoded record and the line it came from."""

    __slots__ = ("line", "record", "type")

    def __init__(self, line, record_type, record):
        self.line, self.type, self.record = line, record_type, record


def _record(number, line):
    if len(line) != RECORD_LENGTH:
        raise StatementParseError(
            "statements.nets_ocr.line_length", line=number, length=len(line)
        )
    code = line[6:8]
    try:
        record_type = RecordType(int(code)) if code.isdigit() else None
    except ValueError:
        record_type = None
    if not line.startswith("NY") or record_type is None:
        raise StatementParseError(
            "statements.nets_ocr.unknown_record", line=number, record_type=code
        )
    kid_dash = record_type == RecordType.TRANSACTION_AMOUNT_ITEM_1 and bool(
        _KID_DASH_RE.fullmatch(line[_KID_FIELD])
    )
    if kid_dash:  # netsgiro's pattern takes digits only: parse with a digit there
        position = _KID_FIELD.stop - 1
        line = line[:position] + "0" + line[position + 1 :]
    try:
        record = _CLASSES[record_type].from_string(line)
        if kid_dash:
            record.kid = record.kid[:-1] + "-"
    except (ValueError, TypeError) as exc:
        # netsgiro's layout patterns and converters (dates, numbers, lengths)
        raise StatementParseError(
            "statements.nets_ocr.bad_record", line=number, record_type=code
        ) from exc
    return _Record(number, record_type, record)


# --- structure
# ----------------------------------------------------------------------------


def _amount(ore):
    """Øre (an int) as exact kroner."""
    return Decimal(ore).scaleb(-2)


def _assignment_scope(start):
    return msg(
        "statements.nets_ocr.scope_assignment", assignment=start.assignment_number
    )


def _check_controls(scope, end, transactions, records, total=None):
    """Compare an end record's control figures with what came before it."""
    if end.num_transactions != transactions:
        raise StatementParseError(
            "statements.nets_ocr.count_mismatch",
            scope=scope,
            stated=end.num_transactions,
            counted=transactions,
        )
    if end.num_records != records:
        raise StatementParseError(
            "statements.nets_ocr.records_mismatch",
            scope=scope,
            stated=end.num_records,
            counted=records,
        )
    if total is not None and (end.total_amount or 0) not in total:
        raise StatementParseError(
            "statements.nets_ocr.total_mismatch",
            scope=scope,
            stated=Amount(_amount(end.total_amount or 0), CURRENCY),
            counted=Amount(_amount(total[0]), CURRENCY),
        )


class _Walker:
    """Walks the records in file order: transmission, assignments, transactions."""

    def __init__(self, records):
        self.records = records

    def statements(self):
        records = self.records
        if not records or records[0].type != RecordType.TRANSMISSION_START:
            raise StatementParseError("statements.nets_ocr.no_transmission_start")
        start = records[0].record
        statements, skipped, total, transactions = [], 0, 0, 0
        position = 1
        while position < len(records):
            item = records[position]
            if item.type == RecordType.TRANSMISSION_END:
                break
            if item.type != RecordType.ASSIGNMENT_START:
                raise StatementParseError(
                    "statements.nets_ocr.outside_assignment",
                    line=item.line,
                    record_type="%02d" % item.type,
                )
            position, statement, counts = self._assignment(position)
            transactions += counts[0]
            total += counts[1]
            if statement is None:
                skipped += 1
            else:
                statements.append(statement)
        else:
            raise StatementParseError("statements.nets_ocr.no_transmission_end")
        end_item = records[position]
        if position + 1 < len(records):
            raise StatementParseError(
                "statements.nets_ocr.after_transmission_end",
                line=records[position + 1].line,
            )
        end = end_item.record
        scope = msg(
            "statements.nets_ocr.scope_transmission",
            transmission=start.transmission_number,
        )
        _check_controls(scope, end, transactions, len(records), (total,))
        if skipped and not statements:
            raise StatementParseError("statements.nets_ocr.avtalegiro_only")
        for statement in statements:
            statement.sequence_number = start.transmission_number
            statement.date = statement.date or end.nets_date
        return statements

    def _assignment(self, position):
        """Read the assignment starting at ``position``.

        Return the position after its end record, its statement (None for an
        AvtaleGiro assignment) and (transactions, stated total in øre).
        """
        records = self.records
        start = records[position].record
        groups = []  # [[_Record, ...]] per transaction, in file order
        end_position = position + 1
        while True:
            if end_position >= len(records):
                raise StatementParseError("statements.nets_ocr.no_transmission_end")
            item = records[end_position]
            if item.type == RecordType.ASSIGNMENT_END:
                break
            if item.type not in _TRANSACTION_RECORDS:
                raise StatementParseError(
                    "statements.nets_ocr.assignment_not_ended",
                    line=item.line,
                    assignment=start.assignment_number,
                )
            number = item.record.transaction_number
            if groups and groups[-1][0].record.transaction_number == number:
                groups[-1].append(item)
            else:
                groups.append([item])
            end_position += 1
        end = records[end_position].record
        if end.service_code != start.service_code:
            raise StatementParseError(
                "statements.nets_ocr.unexpected_record",
                line=records[end_position].line,
                record_type="88",
            )
        scope = _assignment_scope(start)
        record_count = end_position - position + 1
        if start.service_code != ServiceCode.OCR_GIRO:
            # AvtaleGiro: agreements and claims, no money received; counted, not read.
            _check_controls(scope, end, len(groups), record_count)
            return end_position + 1, None, (len(groups), end.total_amount or 0)
        transactions = [self._transaction(start, group) for group in groups]
        signed = sum(round(t.amount * 100) for t in transactions)
        unsigned = sum(round(abs(t.amount) * 100) for t in transactions)
        # Whether Nets nets reversals in the stated sum or adds them up unsigned is not
        # something a file without reversals can tell: either is taken, nothing else.
        _check_controls(scope, end, len(groups), record_count, (signed, unsigned))
        statement = ParsedStatement(
            file_format=FILE_FORMAT,
            transactions=transactions,
            statement_id=f"{start.agreement_id}-{start.assignment_number}",
            account_number=start.assignment_account,
            currency=CURRENCY,
            date=end.nets_date,
        )
        return end_position + 1, statement, (len(groups), end.total_amount or 0)

    def _transaction(self, start, group):
        """One payment from its ``30``, ``31`` and optional ``32`` records."""
        first = group[0]
        expected = [
            RecordType.TRANSACTION_AMOUNT_ITEM_1,
            RecordType.TRANSACTION_AMOUNT_ITEM_2,
            RecordType.TRANSACTION_AMOUNT_ITEM_3,
        ]
        for index, item in enumerate(group):
            if (
                index >= len(expected)
                or item.type != expected[index]
                or item.record.service_code != ServiceCode.OCR_GIRO
                or item.record.transaction_type != first.record.transaction_type
            ):
                raise StatementParseError(
                    "statements.nets_ocr.unexpected_record",
                    line=item.line,
                    record_type="%02d" % item.type,
                )
        if len(group) < 2:
            raise StatementParseError(
                "statements.nets_ocr.incomplete_transaction",
                line=first.line,
                transaction=first.record.transaction_number,
            )
        item1, item2 = group[0].record, group[1].record
        text = (group[2].record.text or "") if len(group) > 2 else ""
        kind = int(item1.transaction_type)
        reversal = kind in _REVERSALS or item1.sign == "-"
        amount = _amount(item1.amount)
        kid = item1.kid or ""
        debit_account = item2.debit_account or ""
        return OcrTransaction(
            date=item1.nets_date,
            amount=-amount if reversal else amount,
            payment_ref=f"KID {kid}" if kid else text,
            account_number="" if not debit_account.strip("0") else debit_account,
            remittance_unstructured=text,
            remittance_structured=kid,
            structured_ref_type=REFERENCE_TYPE if kid else "",
            bank_reference=item2.reference or "",
            bank_transaction_code="NETS/%02d" % kind,
            is_reversal=reversal,
            unique_id="nets:%s:%s:%s:%07d"
            % (
                start.agreement_id,
                start.assignment_number,
                item1.nets_date.strftime("%Y%m%d"),
                item1.transaction_number,
            ),
            agreement_id=start.agreement_id or "",
            assignment_number=start.assignment_number,
            transaction_number=item1.transaction_number,
            transaction_type=kind,
            settlement="%s%02d%d%s"
            % (
                item1.centre_id,
                item1.day_code,
                item1.partial_settlement_number,
                item1.partial_settlement_serial_number,
            ),
            form_number=item2.form_number or "",
            bank_date=item2.bank_date,
        )
