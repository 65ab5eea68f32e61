"""Nets OCR giro reader (Norwegian KID payments) and matching by KID.

The files are built here record by record after the Nets layout (80 characters each),
independently of netsgiro's writer; one test also reads a file netsgiro itself wrote.
"""

import ast
import pathlib
import re
from datetime import date
from decimal import Decimal

import netsgiro
import pytest
from ar_reconcile_lib import references
from ar_reconcile_lib.matching import codes, default_rules, engine
from ar_reconcile_lib.matching import types as T
from ar_reconcile_lib.messages import Amount, Message
from ar_reconcile_lib.statements import (
    StatementParseError,
    detect_format,
    nets_ocr,
    parse_statement_file,
)
from conftest import read_sample
from matching_text import english

D = Decimal
ACCOUNT = "86011117947"  # the agreement account (BBAN of NO93 8601 1117 947)
AGREEMENT = "001234567"
ASSIGNMENT = "0000042"
SETTLED = date(2026, 1, 20)
PAID = date(2026, 1, 18)
KID_MOD10 = references.make_kid("2026000012", "mod10")
KID_MOD11 = references.make_kid("000471102", "mod11")

STATEMENTS_TEMPLATES = (
    pathlib.Path(__file__).resolve().parent.parent
    / "ar_reconcile"
    / "messages"
    / "statements.py"
)


# --- building OCR files
# ------------------------------------------------------------------------


def _record(text):
    assert len(text) == 80, (len(text), text)
    return text


def transmission_start(number="0000007"):
    return _record(f"NY000010{'00008080'}{number}{'12345678'}" + "0" * 49)


def assignment_start(account=ACCOUNT, number=ASSIGNMENT, agreement=AGREEMENT):
    return _record(f"NY090020{agreement}{number}{account}" + "0" * 45)


def amount_item_1(kind, number, ore, kid="", day=SETTLED, sign="0", serial="00042"):
    return _record(
        f"NY09{kind:02d}30{number:07d}{day:%d%m%y}"
        f"0120" + "1" + serial + sign + f"{ore:017d}{kid:>25}" + "0" * 6
    )


def amount_item_2(kind, number, archive, payer="12079876540", form="0", day=PAID):
    return _record(
        f"NY09{kind:02d}31{number:07d}{form:>010}{archive:>09}"
        + "0" * 7
        + f"{day:%d%m%y}{payer:>011}"
        + "0" * 22
    )


def amount_item_3(kind, number, text):
    return _record(f"NY09{kind:02d}32{number:07d}{text:40}" + "0" * 25)


def assignment_end(count, records, ore, first=SETTLED, last=SETTLED):
    return _record(
        f"NY090088{count:08d}{records:08d}{ore:017d}"
        f"{SETTLED:%d%m%y}{first:%d%m%y}{last:%d%m%y}" + "0" * 21
    )


def transmission_end(count, records, ore):
    return _record(
        f"NY000089{count:08d}{records:08d}{ore:017d}{SETTLED:%d%m%y}" + "0" * 33
    )


PAYMENTS = [
    # (type, øre, KID, archive reference, payer account, text)
    (10, 125000, KID_MOD10, "100000001", "12079876540", ""),  # giro debited account
    (13, 1, KID_MOD11, "100000002", "00000000000", ""),  # 1 øre, payer unknown
    (21, 98765432, KID_MOD10, "100000003", "15031234562", "Faktura 2026-17 æøå"),
]


def assignment(payments=PAYMENTS, account=ACCOUNT, number=ASSIGNMENT, ore=None):
    """The records of an OCR giro assignment, control figures computed unless given."""
    body = []
    for index, (kind, amount, kid, archive, payer, text) in enumerate(payments, 1):
        sign = "-" if kind in (18, 20) else "0"
        body.append(amount_item_1(kind, index, amount, kid, sign=sign))
        body.append(amount_item_2(kind, index, archive, payer))
        if kind in (20, 21):
            body.append(amount_item_3(kind, index, text))
    if ore is None:
        ore = sum(
            -amount if kind in (18, 20) else amount for kind, amount, *_ in payments
        )
    return [
        assignment_start(account, number),
        *body,
        assignment_end(len(payments), len(body) + 2, ore),
    ]


def transmission(*assignments, count=None, records=None, ore=None):
    """Lines of a whole transmission around ``assignments`` (lists of records)."""
    lines = [line for records_ in assignments for line in records_]
    if count is None:
        count = sum(int(records_[-1][8:16]) for records_ in assignments)
    if ore is None:
        ore = sum(int(records_[-1][24:41]) for records_ in assignments)
    if records is None:
        records = len(lines) + 2
    return [transmission_start(), *lines, transmission_end(count, records, ore)]


def ocr_file(lines, encoding="latin-1", newline="\r\n"):
    return (newline.join(lines) + newline).encode(encoding)


# --- reading
# ------------------------------------------------------------------------------------


def test_detected_from_its_first_record():
    data = ocr_file(transmission(assignment()))
    assert nets_ocr.sniff(data)
    assert nets_ocr.sniff(b"\xef\xbb\xbf\r\n" + data)
    assert detect_format(data) == "nets_ocr"
    others = ("camt053_v02_batch.xml", "mt940_nordic_freetext.sta", "ofx_v2_xml.ofx")
    for name in others:
        assert not nets_ocr.sniff(read_sample(name))
        assert detect_format(read_sample(name)) != "nets_ocr"
    assert not nets_ocr.sniff(b"NY090020" + data[8:])  # an assignment is no file start


def test_one_statement_per_assignment_of_the_agreement_account():
    (statement,) = nets_ocr.parse(ocr_file(transmission(assignment())))
    assert statement.file_format == "nets_ocr"
    assert statement.account_number == ACCOUNT and statement.account_iban == ""
    assert statement.currency == "NOK"
    assert statement.statement_id == f"{AGREEMENT}-{ASSIGNMENT}"
    assert statement.sequence_number == "0000007"  # the transmission number
    assert statement.date == SETTLED
    assert statement.opening_balance is None and statement.closing_balance is None
    assert len(statement.transactions) == 3


def test_amounts_exact_from_ore_with_kid_date_and_payer():
    (statement,) = nets_ocr.parse(ocr_file(transmission(assignment())))
    first, cent, text = statement.transactions
    assert [t.amount for t in statement.transactions] == [
        D("1250.00"),
        D("0.01"),
        D("987654.32"),
    ]
    assert all(isinstance(t.amount, Decimal) for t in statement.transactions)
    assert str(first.amount) == "1250.00"  # two decimals, no float on the way
    assert [t.remittance_structured for t in statement.transactions] == [
        KID_MOD10,
        KID_MOD11,
        KID_MOD10,
    ]
    assert {t.structured_ref_type for t in statement.transactions} == {"KID"}
    assert {t.date for t in statement.transactions} == {SETTLED}
    assert first.value_date is None
    assert first.bank_date == PAID
    assert first.account_number == "12079876540"
    assert cent.account_number == ""  # all zeros: the payer's account is not known
    assert first.bank_reference == "100000001"  # archive reference
    assert first.bank_transaction_code == "NETS/10"
    assert first.payment_ref == f"KID {KID_MOD10}"
    assert first.remittance_unstructured == "" and not first.is_reversal
    assert text.remittance_unstructured == "Faktura 2026-17 æøå"
    assert text.bank_transaction_code == "NETS/21"


def test_batch_and_assignment_identifiers_are_kept_on_the_line():
    (statement,) = nets_ocr.parse(ocr_file(transmission(assignment())))
    details = statement.transactions[0].details()
    assert details["agreement_id"] == AGREEMENT
    assert details["assignment_number"] == ASSIGNMENT
    assert details["transaction_number"] == 1
    assert details["transaction_type"] == 10
    assert details["settlement"] == "0120100042"  # centre, day code, part, serial
    assert details["bank_date"] == "2026-01-18"
    assert details["amount"] == "1250.00"
    assert details["remittance_structured"] == KID_MOD10


def test_import_ids_are_unique_and_stable():
    data = ocr_file(transmission(assignment()))
    ids = [t.unique_id for s in parse_statement_file(data) for t in s.transactions]
    assert len(set(ids)) == 3
    assert ids[0] == f"nets:{AGREEMENT}:{ASSIGNMENT}:20260120:0000001"
    assert ids == [
        t.unique_id for s in parse_statement_file(data) for t in s.transactions
    ]


def test_a_mod11_kid_with_the_check_character_dash():
    kid = references.make_kid("000471105", "mod11")
    assert kid.endswith("-")
    payments = [(10, 45000, kid, "100000001", "12079876540", "")]
    (statement,) = nets_ocr.parse(ocr_file(transmission(assignment(payments))))
    (line,) = statement.transactions
    assert line.remittance_structured == kid and line.amount == D("450.00")
    (proposal,) = _run([_engine_line(line)], [_entry("INV-1", "450.00", kid)])
    assert proposal.confidence == T.CONFIDENCE_HIGH
    doc = next(c for c in proposal.criteria if c.name == "doc_match")
    assert doc.evidence.code == codes.DOC_STRUCTURED_KID
    # Anywhere else a dash is damage.
    damaged = assignment(payments)
    damaged[1] = damaged[1][:60] + "-" + damaged[1][61:]
    assert _refusal(transmission(damaged)).code == "statements.nets_ocr.bad_record"


def test_reversal_is_negative():
    payments = [
        (10, 50000, KID_MOD10, "100000001", "12079876540", ""),
        (18, 20000, KID_MOD10, "100000002", "12079876540", ""),
        (20, 5000, "", "100000003", "12079876540", "Retur feil beløp"),
    ]
    (statement,) = nets_ocr.parse(ocr_file(transmission(assignment(payments))))
    giro, reversal, text = statement.transactions
    assert [t.amount for t in statement.transactions] == [
        D("500.00"),
        D("-200.00"),
        D("-50.00"),
    ]
    assert not giro.is_reversal and reversal.is_reversal and text.is_reversal
    assert text.remittance_structured == "" and text.structured_ref_type == ""
    assert text.payment_ref == "Retur feil beløp"


def test_a_stated_sum_of_unsigned_amounts_is_accepted_too():
    payments = [
        (10, 50000, KID_MOD10, "100000001", "12079876540", ""),
        (18, 20000, KID_MOD10, "100000002", "12079876540", ""),
    ]
    records = assignment(payments, ore=70000)
    (statement,) = nets_ocr.parse(ocr_file(transmission(records)))
    assert sum(t.amount for t in statement.transactions) == D("300.00")


def test_two_assignments_two_statements():
    other = [(10, 30000, KID_MOD11, "200000001", "12079876540", "")]
    statements = nets_ocr.parse(
        ocr_file(
            transmission(assignment(), assignment(other, "15031234562", "0000043"))
        )
    )
    assert [(s.account_number, s.statement_id) for s in statements] == [
        (ACCOUNT, f"{AGREEMENT}-{ASSIGNMENT}"),
        ("15031234562", f"{AGREEMENT}-0000043"),
    ]
    assert [len(s.transactions) for s in statements] == [3, 1]


def test_avtalegiro_agreements_are_skipped():
    agreements = [
        _record("NY212420" + "0" * 9 + "0000099" + ACCOUNT + "0" * 45),
        _record(f"NY219470{1:07d}0{KID_MOD10:>25}J" + "0" * 38),
        _record("NY212488" + f"{1:08d}{3:08d}" + "0" * 56),
    ]
    statements = nets_ocr.parse(ocr_file(transmission(assignment(), agreements)))
    assert [s.statement_id for s in statements] == [f"{AGREEMENT}-{ASSIGNMENT}"]
    with pytest.raises(StatementParseError) as caught:
        nets_ocr.parse(ocr_file(transmission(agreements)))
    assert caught.value.message.code == "statements.nets_ocr.avtalegiro_only"


@pytest.mark.parametrize(
    "encoding, newline", [("latin-1", "\r\n"), ("utf-8", "\n"), ("utf-8-sig", "\n")]
)
def test_encodings_and_line_ends(encoding, newline):
    data = ocr_file(transmission(assignment()), encoding, newline)
    (statement,) = nets_ocr.parse(data)
    assert statement.transactions[2].remittance_unstructured.endswith("æøå")


def test_a_file_written_by_netsgiro_reads_the_same():
    sent = netsgiro.Transmission(
        number="0000007", data_transmitter="00008080", data_recipient="12345678"
    )
    group = sent.add_assignment(
        service_code=netsgiro.ServiceCode.OCR_GIRO,
        assignment_type=netsgiro.AssignmentType.TRANSACTIONS,
        agreement_id=AGREEMENT,
        number=ASSIGNMENT,
        account=ACCOUNT,
        date=SETTLED,
    )
    group.transactions.append(
        netsgiro.Transaction(
            service_code=netsgiro.ServiceCode.OCR_GIRO,
            type=netsgiro.TransactionType.FROM_GIRO_DEBITED_ACCOUNT,
            number=1,
            date=SETTLED,
            amount=D("4375.50"),
            kid=KID_MOD10,
            reference="100000009",
            text=None,
            centre_id="01",
            day_code=20,
            partial_settlement_number=1,
            partial_settlement_serial_number="00042",
            sign="0",
            form_number="0000000000",
            bank_date=PAID,
            debit_account="12079876540",
            filler=None,
        )
    )
    sent.date = SETTLED
    (statement,) = nets_ocr.parse(sent.to_ocr().encode("latin-1"))
    (line,) = statement.transactions
    assert line.amount == D("4375.50") and line.remittance_structured == KID_MOD10
    assert (line.date, line.account_number) == (SETTLED, "12079876540")
    assert statement.account_number == ACCOUNT


# --- refusals
# -----------------------------------------------------------------------------------


def _lines():
    return transmission(assignment())


def _replace(lines, index, new):
    lines = list(lines)
    lines[index] = new
    return lines


def _refusal(lines_or_data):
    data = (
        lines_or_data if isinstance(lines_or_data, bytes) else ocr_file(lines_or_data)
    )
    with pytest.raises(StatementParseError) as caught:
        parse_statement_file(data)
    assert isinstance(caught.value.message, Message)
    return caught.value.message


def test_null_bytes():
    data = ocr_file(_lines())
    message = _refusal(data[:100] + b"\x00" + data[100:])
    assert message.code == "statements.nets_ocr.binary"


def test_a_cut_line():
    message = _refusal(_replace(_lines(), 3, _lines()[3][:60]))
    assert message == Message(
        "statements.nets_ocr.line_length", {"line": 4, "length": 60}
    )


@pytest.mark.parametrize("record_type", ["99", "4A", "00"])
def test_an_unknown_record_type(record_type):
    line = _lines()[2]
    message = _refusal(_replace(_lines(), 2, line[:6] + record_type + line[8:]))
    assert message == Message(
        "statements.nets_ocr.unknown_record",
        {"line": 3, "record_type": record_type},
    )


def test_not_a_nets_line():
    line = _lines()[2]
    message = _refusal(_replace(_lines(), 2, "XX" + line[2:]))
    assert message.code == "statements.nets_ocr.unknown_record"


@pytest.mark.parametrize(
    "index, position, text",
    [
        (2, 32, "00000000001250A0"),  # a letter in the amount
        (2, 15, "320126"),  # 32 January
        (3, 15, "ABCDEFGHIJ"),  # letters in the form number
        (1, 8, "ABCDEFGHI"),  # letters in the agreement id
    ],
)
def test_a_damaged_record(index, position, text):
    line = _lines()[index]
    damaged = line[:position] + text + line[position + len(text) :]
    message = _refusal(_replace(_lines(), index, damaged))
    assert message == Message(
        "statements.nets_ocr.bad_record",
        {"line": index + 1, "record_type": line[6:8]},
    )


def test_no_transmission_start():
    # Read as OCR only when asked to: the file no longer sniffs as one.
    with pytest.raises(StatementParseError) as caught:
        nets_ocr.parse(ocr_file(_lines()[1:]))
    assert caught.value.message.code == "statements.nets_ocr.no_transmission_start"


def test_no_transmission_end():
    assert _refusal(_lines()[:-1]).code == "statements.nets_ocr.no_transmission_end"
    # cut inside the assignment
    assert _refusal(_lines()[:5]).code == "statements.nets_ocr.no_transmission_end"


def test_a_record_after_the_transmission_end():
    lines = _lines() + [_lines()[0]]
    message = _refusal(lines)
    assert message == Message(
        "statements.nets_ocr.after_transmission_end", {"line": len(lines)}
    )


def test_a_transaction_outside_an_assignment():
    lines = _lines()
    moved = [lines[0], lines[2], *lines[1:2], *lines[3:]]
    message = _refusal(moved)
    assert message == Message(
        "statements.nets_ocr.outside_assignment", {"line": 2, "record_type": "30"}
    )


def test_an_assignment_without_end():
    lines = _lines()
    second = assignment(number="0000043")
    message = _refusal([*lines[:-2], *second, *lines[-1:]])
    assert message == Message(
        "statements.nets_ocr.assignment_not_ended",
        {"line": len(lines) - 1, "assignment": ASSIGNMENT},
    )


def test_a_transaction_without_its_second_record():
    lines = _lines()
    del lines[3]  # the 31 record of transaction 1
    message = _refusal(lines)
    assert message == Message(
        "statements.nets_ocr.incomplete_transaction", {"line": 3, "transaction": 1}
    )


def test_records_of_a_transaction_out_of_order():
    lines = _lines()
    lines[2], lines[3] = lines[3], lines[2]
    message = _refusal(lines)
    assert message == Message(
        "statements.nets_ocr.unexpected_record", {"line": 3, "record_type": "31"}
    )


def test_a_wrong_record_type_in_an_ocr_assignment():
    lines = _lines()
    spec = _record("NY212149" + f"{1:07d}" + "4" + "001" + "1" + " " * 40 + "0" * 20)
    message = _refusal([*lines[:4], spec, *lines[4:]])
    assert message == Message(
        "statements.nets_ocr.unexpected_record", {"line": 5, "record_type": "49"}
    )


def _assignment_scope():
    return Message("statements.nets_ocr.scope_assignment", {"assignment": ASSIGNMENT})


def test_an_assignment_missing_a_transaction():
    records = assignment()
    # Drop transaction 2 (records 30 and 31) but keep the end record's figures.
    message = _refusal(transmission([*records[:3], *records[5:]], count=3, ore=0))
    assert message == Message(
        "statements.nets_ocr.count_mismatch",
        {"scope": _assignment_scope(), "stated": 3, "counted": 2},
    )


def test_an_assignment_with_a_wrong_record_count():
    records = assignment()
    end = records[-1]
    records[-1] = end[:16] + f"{8:08d}" + end[24:]  # 2 + 2 + 3 records and 2
    message = _refusal(transmission(records))
    assert message == Message(
        "statements.nets_ocr.records_mismatch",
        {"scope": _assignment_scope(), "stated": 8, "counted": 9},
    )


def test_an_assignment_with_a_wrong_total():
    records = assignment(ore=98890432)  # one øre short
    message = _refusal(transmission(records))
    assert message == Message(
        "statements.nets_ocr.total_mismatch",
        {
            "scope": _assignment_scope(),
            "stated": Amount(D("988904.32"), "NOK"),
            "counted": Amount(D("988904.33"), "NOK"),
        },
    )


@pytest.mark.parametrize(
    "overrides, code, stated, counted",
    [
        ({"count": 4}, "statements.nets_ocr.count_mismatch", 4, 3),
        ({"records": 12}, "statements.nets_ocr.records_mismatch", 12, 11),
        (
            {"ore": 1},
            "statements.nets_ocr.total_mismatch",
            Amount(D("0.01"), "NOK"),
            Amount(D("988904.33"), "NOK"),
        ),
    ],
)
def test_a_transmission_with_wrong_control_figures(overrides, code, stated, counted):
    message = _refusal(transmission(assignment(), **overrides))
    scope = Message(
        "statements.nets_ocr.scope_transmission", {"transmission": "0000007"}
    )
    assert message == Message(
        code, {"scope": scope, "stated": stated, "counted": counted}
    )


def test_the_real_world_layout_of_the_end_record_is_what_the_builder_writes():
    """Guard of the builder: its end records say what an honest file says."""
    lines = _lines()
    assert lines[-2][8:16] == "00000003" and lines[-2][16:24] == "00000009"
    assert lines[-1][16:24] == "00000011"
    assert int(lines[-1][24:41]) == 125000 + 1 + 98765432


# --- messages
# ----------------------------------------------------------------------------------


def _templates():
    tree = ast.parse(STATEMENTS_TEMPLATES.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and node.targets[0].id == "TEMPLATES":
            return {
                key.value: value.args[0].value
                for key, value in zip(node.value.keys, node.value.values, strict=True)
            }
    raise AssertionError("no TEMPLATES in messages/statements.py")


def _codes_used():
    """{code: keyword names} of the codes the reader raises or nests."""
    tree = ast.parse(pathlib.Path(nets_ocr.__file__).read_text(encoding="utf-8"))
    used = {}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", None) in ("StatementParseError", "msg")
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            params = {keyword.arg for keyword in node.keywords}
            assert used.setdefault(node.args[0].value, params) == params
    return used


def test_every_code_of_the_reader_has_a_template_with_its_parameters():
    used, templates = _codes_used(), _templates()
    assert len(used) == 17
    assert set(used) == {code for code in templates if ".nets_ocr." in code}
    for code, params in used.items():
        assert params == set(re.findall(r"%\((\w+)\)s", templates[code])), code
        assert not re.search(r"%[^(%]", templates[code]), code


# --- matching by KID
# ---------------------------------------------------------------------------


def _engine_line(transaction, id="L"):
    return T.StatementLine(
        id,
        transaction.amount,
        transaction.date,
        account_number=transaction.account_number,
        structured_reference=transaction.remittance_structured,
        structured_reference_type=transaction.structured_ref_type,
        texts=(transaction.payment_ref,),
    )


def _run(lines, entries):
    partners = [T.Partner(1, "Fjordkraft Elektro AS"), T.Partner(2, "Bakeriet AS")]
    return engine.apply_statement(
        lines, entries, partners, default_rules.DEFAULT_RULES, T.Settings()
    )


def _entry(id, amount, ref, partner=1, doc=""):
    day = date(2026, 1, 5)
    return T.OpenEntry(id, partner, D(amount), day, day, doc, ref)


def test_an_ocr_payment_is_applied_by_kid_at_high_confidence():
    (statement,) = nets_ocr.parse(ocr_file(transmission(assignment())))
    giro = statement.transactions[0]
    entries = [
        _entry("INV-1", "1250.00", KID_MOD10),
        _entry("INV-2", "1250.00", references.make_kid("2026000029")),
        _entry("INV-3", "1250.00", "", partner=2),
    ]
    (proposal,) = _run([_engine_line(giro)], entries)
    assert proposal.confidence == T.CONFIDENCE_HIGH
    assert [(a.entry_id, a.amount) for a in proposal.applications] == [
        ("INV-1", D("1250.00"))
    ]
    assert not proposal.review_required
    doc = next(c for c in proposal.criteria if c.name == "doc_match")
    assert doc.outcome == T.DOC_YES
    assert doc.evidence.code == codes.DOC_STRUCTURED_KID
    assert english(doc.evidence) == (
        f"The payment reference {KID_MOD10} equals the line's KID {KID_MOD10}, "
        "whose check digit is valid."
    )


def test_a_mod11_kid_and_a_printed_payment_reference():
    (statement,) = nets_ocr.parse(ocr_file(transmission(assignment())))
    cent = statement.transactions[1]
    printed = " ".join(re.findall(".{1,4}", KID_MOD11))  # "0004 7110 2x"
    (proposal,) = _run([_engine_line(cent)], [_entry("INV-1", "0.01", printed)])
    assert proposal.confidence == T.CONFIDENCE_HIGH
    doc = next(c for c in proposal.criteria if c.name == "doc_match")
    assert doc.evidence.code == codes.DOC_STRUCTURED_KID


def test_kid_evidence_needs_a_valid_check_digit_and_the_kid_type():
    bad_kid = next(
        KID_MOD10[:-1] + digit
        for digit in "0123456789"
        if not references.is_valid(KID_MOD10[:-1] + digit, "kid")
    )
    entries = [_entry("INV-1", "100.00", bad_kid), _entry("INV-2", "100.00", KID_MOD10)]
    lines = [
        T.StatementLine(
            "BAD",
            D("100.00"),
            SETTLED,
            structured_reference=bad_kid,
            structured_reference_type="KID",
        ),
        T.StatementLine(
            "SCOR",
            D("100.00"),
            SETTLED,
            structured_reference=KID_MOD10,
            structured_reference_type="SCOR",
        ),
    ]
    bad, scor = _run(lines, entries)
    # Still the reference the invoice asked for, word for word: matched, not as a KID.
    for proposal, entry_id in ((bad, "INV-1"), (scor, "INV-2")):
        assert [a.entry_id for a in proposal.applications] == [entry_id]
        doc = next(c for c in proposal.criteria if c.name == "doc_match")
        assert doc.evidence.code == codes.DOC_STRUCTURED


def test_a_kid_of_another_invoice_is_no_document_match():
    (statement,) = nets_ocr.parse(ocr_file(transmission(assignment())))
    giro = statement.transactions[0]
    other_kid = references.make_kid("2026000029")
    (proposal,) = _run([_engine_line(giro)], [_entry("INV-1", "1250.00", other_kid)])
    doc = next(c for c in proposal.criteria if c.name == "doc_match")
    assert doc.outcome == T.DOC_NO
    assert proposal.confidence != T.CONFIDENCE_HIGH


def test_a_kid_found_in_free_text_keeps_its_own_evidence():
    """Only the file's own KID field is evidenced as the line's KID."""
    lines = [T.StatementLine("L", D("100.00"), SETTLED, texts=(f"KID {KID_MOD10}",))]
    (proposal,) = _run(lines, [_entry("INV-1", "100.00", KID_MOD10)])
    doc = next(c for c in proposal.criteria if c.name == "doc_match")
    assert [a.entry_id for a in proposal.applications] == ["INV-1"]
    assert doc.evidence.code == codes.DOC_CHECK_DIGIT


def test_an_avtalegiro_claim_file_is_no_statement():
    """Payment claims we send to Nets (written here by netsgiro) carry no payment."""
    sent = netsgiro.Transmission(
        number="0000001", data_transmitter="00008080", data_recipient="12345678"
    )
    claims = sent.add_assignment(
        service_code=netsgiro.ServiceCode.AVTALEGIRO,
        assignment_type=netsgiro.AssignmentType.TRANSACTIONS,
        number="0000002",
        account=ACCOUNT,
        agreement_id=AGREEMENT,
    )
    claims.add_payment_request(
        kid=KID_MOD10,
        due_date=date(2027, 1, 5),
        amount=D("100.00"),
        payer_name="Ola",
        bank_notification="Faktura 2026-17",
    )
    claims.add_payment_request(kid=KID_MOD11, due_date=date(2027, 1, 6), amount=D(50))
    message = _refusal(sent.to_ocr().encode("latin-1"))
    assert message.code == "statements.nets_ocr.avtalegiro_only"
