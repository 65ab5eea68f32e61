"""Templates of the statements domain's message codes (``lib/statements``)."""

from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)

TEMPLATES = {
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
