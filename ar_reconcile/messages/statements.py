"""Templates of the statements domain's message codes (``lib/statements``): why a bank
statement file cannot be read."""

from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)

TEMPLATES = {
    # Any format (lib/statements/__init__.py, base.py).
    "statements.file_empty": _lt("The file is empty."),
    "statements.xlsx_needs_mapping": _lt(
        "This is a spreadsheet (XLSX) file: set an import mapping on the journal so "
        "its columns can be read."
    ),
    "statements.unknown_format": _lt(
        "Unknown file format: the file is neither ISO 20022 camt.052/053/054, SWIFT "
        "MT940 nor OFX. For a CSV file, set an import mapping on the journal."
    ),
    "statements.no_transactions": _lt("The file contains no transactions."),
    "statements.statement_without_id": _lt("(no id)"),
    "statements.balance_mismatch": _lt(
        "Statement %(statement)s is inconsistent: opening balance %(opening)s plus "
        "transactions %(total)s gives %(computed)s, but the file states a closing "
        "balance of %(closing)s."
    ),
    "statements.closing_balance_missing": _lt(
        "Statement %(statement)s has no closing balance in the file, so nothing "
        "proves that no transaction is missing: opening balance %(opening)s plus "
        "transactions %(total)s gives %(computed)s. Ask the bank for a complete "
        "file, or have a receivables manager import it anyway."
    ),
    "statements.amount_not_a_number": _lt(
        "Transaction %(index)s of statement %(statement)s has the amount '%(value)s', "
        "which is not a number."
    ),
    "statements.amount_too_precise": _lt(
        "Transaction %(index)s of statement %(statement)s has the amount %(value)s, "
        "with more decimals than %(currency)s has (%(decimals)s). Amounts are never "
        "rounded on import: ask the bank for a corrected file."
    ),
    "statements.amount_beyond_float": _lt(
        "Transaction %(index)s of statement %(statement)s (%(date)s, %(label)s) has "
        "the amount %(value)s %(currency)s, more digits than Odoo stores exactly (15 "
        "significant digits). Nothing was imported: split the statement or ask the "
        "bank."
    ),
    "statements.amount_beyond_currency": _lt(
        "Transaction %(index)s of statement %(statement)s (%(date)s, %(label)s) has "
        "the amount %(value)s, with more decimals than %(currency)s has "
        "(%(decimals)s). Amounts are never rounded on import: correct the file."
    ),
    "statements.balance_beyond_float": _lt(
        "Statement %(statement)s has the balance %(value)s %(currency)s, more digits "
        "than Odoo stores exactly (15 significant digits). Nothing was imported: ask "
        "the bank."
    ),
    "statements.balance_too_precise": _lt(
        "Statement %(statement)s has the balance %(value)s, which is no amount in "
        "%(currency)s (%(decimals)s decimals). Ask the bank for a corrected file."
    ),
    "statements.entry_in_other_currency": _lt(
        "Transaction %(index)s of statement %(statement)s is in %(currency)s, but the "
        "account is in %(account_currency)s: a statement line must be in its "
        "account's currency. Ask the bank for the statement of the %(currency)s "
        "account."
    ),
    "statements.null_byte": _lt(
        "The file contains a null byte (at byte %(position)s): it is damaged or not a "
        "text file. Download it from the bank again."
    ),
    # ZIP archives (archive.py).
    "statements.zip.unreadable": _lt("The ZIP file cannot be opened: %(error)s."),
    "statements.zip.too_many_members": _lt(
        "The ZIP file holds %(count)s files, more than the %(limit)s that one import "
        "reads. Import it in parts."
    ),
    "statements.zip.too_large": _lt(
        "The ZIP file unpacks to more than %(limit)s MB, more than one import reads. "
        "Import its files in parts."
    ),
    "statements.zip.encrypted": _lt(
        "%(member)s in the ZIP file is encrypted: unpack it and import the file."
    ),
    "statements.zip.member_unreadable": _lt(
        "%(member)s in the ZIP file cannot be unpacked: %(error)s."
    ),
    "statements.zip.nested": _lt(
        "The ZIP file holds another ZIP file (%(member)s): unpack it and import the "
        "files inside."
    ),
    "statements.zip.member_error": _lt("%(member)s in the ZIP file: %(error)s"),
    # ISO 20022 camt (camt.py). A "where" message names the part of the file.
    "statements.camt.not_camt": _lt(
        "The file is XML but not an ISO 20022 camt.052/053/054 bank statement (its "
        "root element is %(root)s)."
    ),
    "statements.camt.no_message": _lt(
        "The camt file contains no bank-to-customer statement, report or notification "
        "(BkToCstmrStmt, BkToCstmrAcctRpt or BkToCstmrDbtCdtNtfctn)."
    ),
    "statements.camt.malformed_xml": _lt(
        "The camt file is not well-formed XML: %(error)s (line %(line)s)."
    ),
    "statements.camt.empty_xml": _lt(
        "The camt file is not well-formed XML: it has no content."
    ),
    "statements.camt.bad_date": _lt("%(what)s is not a valid date: '%(value)s'."),
    "statements.camt.bad_amount": _lt(
        "%(what)s has an unreadable amount '%(value)s': camt amounts are written with "
        "digits and a decimal point, without sign."
    ),
    "statements.camt.no_indicator": _lt(
        "%(what)s has no credit/debit indicator (CdtDbtInd): expected CRDT (credit) or "
        "DBIT (debit)."
    ),
    "statements.camt.bad_indicator": _lt(
        "%(what)s has an unknown credit/debit indicator '%(value)s': expected CRDT "
        "(credit) or DBIT (debit)."
    ),
    "statements.camt.no_amount": _lt("%(what)s has no amount."),
    "statements.camt.no_booking_date": _lt("%(what)s has no booking date."),
    "statements.camt.batch_detail_without_amount": _lt(
        "%(batch)s: transaction detail %(index)s has no amount, so the batch cannot be "
        "split into its payments."
    ),
    "statements.camt.batch_total_mismatch": _lt(
        "%(batch)s: the transaction details add up to %(total)s but the entry amount "
        "is %(amount)s."
    ),
    "statements.camt.entry_currency": _lt(
        "%(what)s is in %(currency)s, but the account is in %(account_currency)s: a "
        "statement line must be in its account's currency, and converting it would "
        "be a guess. Ask the bank for a statement in the account's currency."
    ),
    "statements.camt.only_pending": _lt(
        "The camt file holds %(count)s pending entries and no booked ones: nothing is "
        "booked on the account yet. Import the end-of-day statement (camt.053) once "
        "the bank has booked them."
    ),
    "statements.camt.bad_exchange_rate": _lt(
        "%(what)s has an unreadable exchange rate '%(value)s'."
    ),
    "statements.camt.where.balance": _lt(
        "the %(balance)s balance of statement %(statement)s"
    ),
    "statements.camt.where.unnamed_balance": _lt("unnamed"),
    "statements.camt.where.statement_date": _lt("the date of statement %(statement)s"),
    "statements.camt.where.entry": _lt("entry %(index)s of statement %(statement)s"),
    "statements.camt.where.detail": _lt("transaction detail %(index)s of %(entry)s"),
    "statements.camt.where.batch": _lt("batch %(what)s"),
    "statements.camt.where.batch_with_reference": _lt(
        "batch %(what)s (bank reference %(ref)s)"
    ),
    "statements.camt.where.booking_date": _lt("the booking date of %(what)s"),
    "statements.camt.where.value_date": _lt("the value date of %(what)s"),
    "statements.camt.where.instructed_amount": _lt("the instructed amount of %(what)s"),
    # SWIFT MT940 (swift_mt940.py).
    "statements.mt940.no_statement": _lt(
        "The MT940 file could not be read: it holds no statement (no :20: tag)."
    ),
    "statements.mt940.interim_report": _lt(
        "This is an MT942 interim transaction report, not a statement: it has no "
        "opening and closing balances. Import the bank's MT940 (or camt.053) "
        "statement instead."
    ),
    "statements.mt940.lines_lost": _lt(
        "the file has %(written)s transaction lines :61:, but only %(read)s could be "
        "read"
    ),
    "statements.mt940.unreadable": _lt("The MT940 file could not be read: %(reason)s."),
    "statements.mt940.unreadable_statement": _lt(
        "The MT940 file could not be read (statement %(statement)s): %(reason)s."
    ),
    "statements.mt940.line_malformed": _lt("%(line)s is malformed (%(value)s)"),
    "statements.mt940.line_malformed_because": _lt(
        "%(line)s is malformed (%(value)s: %(error)s)"
    ),
    "statements.mt940.library_error": _lt("%(error)s: %(detail)s"),
    "statements.mt940.account_missing": _lt("the account line :25: is missing"),
    "statements.mt940.opening_missing": _lt(
        "the opening balance line :60F: is missing"
    ),
    "statements.mt940.line.reference": _lt("statement reference line :20:"),
    "statements.mt940.line.account": _lt("account line :25:"),
    "statements.mt940.line.number": _lt("statement number line :28C:"),
    "statements.mt940.line.transaction": _lt("transaction line :61:"),
    "statements.mt940.line.details": _lt("transaction details line :86:"),
    "statements.mt940.line.balance": _lt("balance line :%(tag)s:"),
    "statements.mt940.line.other": _lt("line :%(tag)s:"),
    # OFX (ofx.py).
    "statements.ofx.unreadable": _lt("The OFX file could not be read: %(reason)s."),
    "statements.ofx.bank_error": _lt(
        "The OFX file holds the bank's error %(status)s instead of a statement: "
        "%(error)s. Download the statement again, or ask the bank."
    ),
    "statements.ofx.bad_transaction": _lt(
        "The OFX file could not be read: transaction %(index)s: %(error)s."
    ),
    "statements.ofx.amount_not_a_number": _lt(
        "The OFX file could not be read: the amount %(element)s '%(value)s' is not a "
        "number."
    ),
    "statements.ofx.no_statement": _lt(
        "The OFX file could not be read: it holds no bank or credit card statement."
    ),
    # CSV and XLSX through an import mapping (sheet.py).
    "statements.sheet.unsupported_format": _lt(
        "Unsupported spreadsheet format '%(file_format)s'."
    ),
    "statements.sheet.mixed_currencies": _lt(
        "The file has mixed currencies (%(currencies)s): import one currency per file."
    ),
    "statements.sheet.unknown_encoding": _lt(
        "Unknown encoding '%(encoding)s' in the import mapping."
    ),
    "statements.sheet.bad_encoding": _lt(
        "The file is not valid %(encoding)s (byte %(byte)s at position %(position)s). "
        "Set the encoding of the import mapping (for example ISO-8859-1 or "
        "Windows-1252)."
    ),
    "statements.sheet.bad_delimiter": _lt(
        "The delimiter and quote character of the import mapping must be single "
        "characters."
    ),
    "statements.sheet.bad_csv": _lt(
        "Row %(row)s: the file cannot be read as CSV (%(error)s)."
    ),
    "statements.sheet.bad_xlsx": _lt(
        "The file is not a readable XLSX workbook (%(error)s)."
    ),
    "statements.sheet.unknown_amount_mode": _lt(
        "Unknown amount mode '%(mode)s' in the import mapping."
    ),
    "statements.sheet.column_missing": _lt("The import mapping has no %(column)s."),
    "statements.sheet.column.date": _lt("date column"),
    "statements.sheet.column.amount": _lt("amount column"),
    "statements.sheet.column.debit": _lt("debit column"),
    "statements.sheet.column.credit": _lt("credit column"),
    "statements.sheet.column.indicator": _lt("indicator column"),
    "statements.sheet.column_number_below_one": _lt(
        "Column numbers in the import mapping start at 1, not %(column)s."
    ),
    "statements.sheet.column_name_without_header": _lt(
        "Column '%(column)s' of the mapping is a name, but the mapping has no header "
        "row: use column numbers or set the header rows."
    ),
    "statements.sheet.column_not_in_header": _lt(
        "Column '%(column)s' of the mapping is not in the file's header: %(header)s"
    ),
    "statements.sheet.too_few_cells": _lt(
        "Row %(row)s: has %(cells)s cells, but the mapping reads column %(column)s. "
        "Check the delimiter and the column numbers of the mapping."
    ),
    "statements.sheet.debit_and_credit": _lt(
        "Row %(row)s: both debit (%(debit)s) and credit (%(credit)s) are filled."
    ),
    "statements.sheet.neither_debit_nor_credit": _lt(
        "Row %(row)s: neither debit nor credit is filled."
    ),
    "statements.sheet.bad_indicator": _lt(
        "Row %(row)s: '%(value)s' in column %(column)s is neither '%(credit)s' "
        "(credit) nor '%(debit)s' (debit)."
    ),
    "statements.sheet.date_empty": _lt("Row %(row)s: the date is empty."),
    "statements.sheet.bad_date": _lt(
        "Row %(row)s: '%(value)s' is not a date in the format %(format)s"
    ),
    "statements.sheet.too_many_rows": _lt(
        "The file has more than %(limit)s rows, more than one import reads. Delete "
        "the empty rows at its end, or import it in parts."
    ),
    "statements.sheet.xlsx_entities": _lt(
        "The XLSX file is refused: its part %(part)s declares a document type or "
        "entities, which a workbook never needs and which can read files or exhaust "
        "memory. Save the workbook again from the spreadsheet program."
    ),
    "statements.sheet.null_byte": _lt(
        "Row %(row)s: the file contains a null byte: it is damaged, or its encoding "
        "is not %(encoding)s. Set the encoding of the import mapping."
    ),
    "statements.sheet.amount_empty": _lt("Row %(row)s: the amount is empty."),
    "statements.sheet.amount_too_precise": _lt(
        "Row %(row)s: the amount %(value)s has more decimals than %(currency)s has "
        "(%(decimals)s). Amounts are never rounded on import: correct the file."
    ),
    "statements.sheet.amount_not_a_number": _lt(
        "Row %(row)s: the amount cell holds %(value)s, which is not a number."
    ),
    "statements.sheet.amount_beyond_precision": _lt(
        "Row %(row)s: the amount %(value)s has more than 15 significant digits, more "
        "than a spreadsheet number holds exactly. Format the column as text in the "
        "export, or import the bank's own statement file."
    ),
    "statements.sheet.bad_amount": _lt(
        "Row %(row)s: '%(value)s' is not an amount (decimal separator '%(decimal)s', "
        "thousands separator '%(thousands)s')."
    ),
    # --- Nets OCR giro (lib/statements/nets_ocr.py) -----------------------------------
    "statements.nets_ocr.binary": _lt(
        "The file contains null bytes: it is not a Nets OCR giro text file, or it was "
        "damaged in transfer. Download the file again from the bank or Nets."
    ),
    "statements.nets_ocr.line_length": _lt(
        "Line %(line)s has %(length)s characters, but every record of a Nets OCR giro "
        "file has 80: the file was cut or changed after Nets wrote it. Download the "
        "file again from the bank or Nets."
    ),
    "statements.nets_ocr.unknown_record": _lt(
        'Line %(line)s is not a Nets OCR giro record (record type "%(record_type)s"). '
        "Download the file again from the bank or Nets."
    ),
    "statements.nets_ocr.bad_record": _lt(
        "Line %(line)s does not follow the Nets layout of a record of type "
        "%(record_type)s (letters where digits belong, an impossible date or a field "
        "out of place). Download the file again from the bank or Nets."
    ),
    "statements.nets_ocr.no_transmission_start": _lt(
        "The file does not start with a Nets transmission start record (NY000010), so "
        "it is not a complete Nets OCR giro file. Download the file again from the "
        "bank or Nets."
    ),
    "statements.nets_ocr.no_transmission_end": _lt(
        "The file ends before the end record of its transmission (record type 89): it "
        "is incomplete. Download the file again from the bank or Nets."
    ),
    "statements.nets_ocr.after_transmission_end": _lt(
        "Line %(line)s comes after the end record of the transmission: the file holds "
        "more than one transmission or was joined with another file. Import each Nets "
        "file on its own."
    ),
    "statements.nets_ocr.outside_assignment": _lt(
        "Line %(line)s (record type %(record_type)s) is outside any assignment: each "
        "assignment must start with a record of type 20. Download the file again from "
        "the bank or Nets."
    ),
    "statements.nets_ocr.assignment_not_ended": _lt(
        "Line %(line)s comes before the end record (type 88) of assignment "
        "%(assignment)s: the file is incomplete or damaged. Download the file again "
        "from the bank or Nets."
    ),
    "statements.nets_ocr.unexpected_record": _lt(
        "Line %(line)s: a record of type %(record_type)s does not belong here in a "
        "Nets OCR giro assignment. Download the file again from the bank or Nets."
    ),
    "statements.nets_ocr.incomplete_transaction": _lt(
        "Transaction %(transaction)s (line %(line)s) lacks its second amount record "
        "(type 31): the file is incomplete or damaged. Download the file again from "
        "the bank or Nets."
    ),
    "statements.nets_ocr.count_mismatch": _lt(
        "%(scope)s states %(stated)s transactions, but the file holds %(counted)s: it "
        "is incomplete or damaged. Download the file again from the bank or Nets."
    ),
    "statements.nets_ocr.records_mismatch": _lt(
        "%(scope)s states %(stated)s records, but the file holds %(counted)s: it is "
        "incomplete or damaged. Download the file again from the bank or Nets."
    ),
    "statements.nets_ocr.total_mismatch": _lt(
        "%(scope)s states a total of %(stated)s, but its transactions add up to "
        "%(counted)s: the file is damaged. Download the file again from the bank or "
        "Nets."
    ),
    "statements.nets_ocr.scope_assignment": _lt("Assignment %(assignment)s"),
    "statements.nets_ocr.scope_transmission": _lt("Transmission %(transmission)s"),
    "statements.nets_ocr.avtalegiro_only": _lt(
        "This Nets file holds only AvtaleGiro agreements or payment claims, no OCR "
        "giro payments: there is nothing to import into a bank journal."
    ),
}
