"""ISO 20022 camt reader: mapping of every field, batch splitting, versions and bad
files."""

import io
import re
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from ar_reconcile_lib.messages import Amount
from ar_reconcile_lib.statements import (
    archive,
    camt,
    detect_format,
    iter_zip_statements,
    parse_statement_file,
)
from conftest import read_sample
from statement_text import refused
from stdnum import iban, iso11649

V02 = "camt053_v02_batch.xml"
V08 = "camt053_v08.xml"
KID054 = "camt054_v02_kid.xml"


def luhn_valid(number):
    """Norwegian MOD10 KID check, written out so the sample KIDs are verified
    independently."""
    digits = [int(d) for d in reversed(number)]
    total = sum(
        d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2)
        for i, d in enumerate(digits)
    )
    return total % 10 == 0


def parse_one(data):
    statements = camt.parse(data)
    assert len(statements) == 1
    return statements[0]


def by_ref(statement):
    return {t.unique_id: t for t in statement.transactions}


# -- sniff -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [V02, V08, KID054, "camt053_malformed.xml", "camt053_inconsistent_batch.xml"],
)
def test_sniff_samples(name):
    assert camt.sniff(read_sample(name))


def test_sniff_tolerates_bom_blanks_prefix_and_comment():
    data = (
        b"\xef\xbb\xbf  \n<?xml version='1.0'?>\n<!-- exported -->\n"
        b'<c:Document xmlns:c="urn:iso:std:iso:20022:tech:xsd:camt.052.001.13"><c:x/>'
    )
    assert camt.sniff(data)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b":20:STARTUMS\n:25:NO9386011117947\n:28C:1/1\n",
        b"OFXHEADER:100\nDATA:OFXSGML\n<OFX><BANKMSGSRSV1>",
        b"Date;Amount;Text\n2026-01-15;100,00;Payment\n",
        b'<?xml version="1.0"?>'
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"/>',
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.056.001.08"/>',
        b"<Document><BkToCstmrStmt/></Document>",
    ],
)
def test_sniff_rejects_other_content(data):
    assert not camt.sniff(data)


def test_sniff_reads_only_the_head():
    head = read_sample(V02)[:2000]
    assert camt.sniff(head + b"\x00garbage" * 100000)


# -- camt.053.001.02 -------------------------------------------------------------------


def test_v02_statement_header_and_balances():
    statement = parse_one(read_sample(V02))
    assert statement.file_format == "camt.053"
    assert statement.statement_id == "STMT-2026-01-15-001"
    assert statement.sequence_number == "15"
    assert statement.account_iban == "NO9386011117947"
    assert iban.is_valid(statement.account_iban)
    assert statement.account_number == ""
    assert statement.currency == "NOK"
    assert statement.date == date(2026, 1, 15)  # FrToDt/ToDtTm
    assert statement.opening_balance == Decimal("100000.00")
    assert statement.closing_balance == Decimal("102475.00")  # CLBD, not CLAV
    statement.check_balances()


def test_v02_skips_pending_and_splits_batch():
    statement = parse_one(read_sample(V02))
    amounts = [t.amount for t in statement.transactions]
    assert amounts == [
        Decimal(a)
        for a in (
            "12500.00",
            "4375.00",
            "-23750.00",
            "1500.00",
            "2500.50",
            "4999.50",
            "350.00",
        )
    ]
    assert all(isinstance(a, Decimal) for a in amounts)
    assert "2026011500006" not in {t.bank_reference for t in statement.transactions}
    assert Decimal("777.00") not in amounts


def test_v02_sepa_credit_with_rf_reference():
    credit = parse_one(read_sample(V02)).transactions[0]
    assert credit.date == date(2026, 1, 15)
    assert credit.value_date == date(2026, 1, 15)
    assert credit.amount == Decimal("12500.00")
    assert credit.partner_name == "Fjordline Handel AS"
    assert credit.account_number == "NO7215031234562"
    assert credit.counterparty_bic == "NDEANOKKXXX"
    assert credit.counterparty_address == "Strandkaien 12, 5013 Bergen, NO"
    assert credit.remittance_structured == "RF76INV202600001"
    assert iso11649.is_valid(credit.remittance_structured)
    assert credit.structured_ref_type == "SCOR/ISO"
    assert credit.referred_documents == ["INV/2026/00001"]
    assert credit.remittance_unstructured == ""
    assert (
        credit.payment_ref == "RF76INV202600001"
    )  # no free text: the structured reference
    assert credit.end_to_end_id == "E2E-FJORD-0001"
    assert credit.instruction_id == "INSTR-0001"
    assert credit.bank_reference == credit.unique_id == "2026011500001"
    assert credit.bank_transaction_code == "PMNT/RCDT/ESCT"
    assert not credit.is_reversal
    assert credit.foreign_amount is None and credit.foreign_currency == ""


def test_v02_kid_credit_with_notprovided_and_bban():
    kid = parse_one(read_sample(V02)).transactions[1]
    assert kid.amount == Decimal("4375.00")
    assert kid.value_date == date(2026, 1, 14)
    assert kid.remittance_structured == "202600000121"
    assert luhn_valid(kid.remittance_structured)
    assert kid.structured_ref_type == "SCOR"
    assert kid.end_to_end_id == ""  # NOTPROVIDED means none
    assert kid.partner_name == "Ola Nordmann"
    assert kid.account_number == "12079876540"
    assert kid.counterparty_address == "Storgata 1, 0155 Oslo"
    assert kid.counterparty_bic == ""
    assert kid.bank_transaction_code == "PMNT/RCDT/DMCT"
    assert kid.unique_id == "2026011500002"


def test_v02_debit_takes_creditor_side():
    debit = parse_one(read_sample(V02)).transactions[2]
    assert debit.amount == Decimal("-23750.00")
    assert debit.partner_name == "Nordic Paper Supply AB"
    assert debit.account_number == "SE4550000000058398257466"
    assert debit.counterparty_bic == "ESSESESS"
    assert debit.counterparty_address == "Industrigatan 4, 41104 Goteborg, SE"
    assert debit.remittance_unstructured == "Invoice 88123 Order 5521"
    assert debit.payment_ref == "Invoice 88123 Order 5521"
    assert debit.end_to_end_id == "E2E-PAY-2026-0042"
    assert debit.instruction_id == "PAY-2026-0042"
    assert debit.additional_info == "SEPA payment to supplier"
    assert debit.bank_transaction_code == "PMNT/ICDT/ESCT"


def test_v02_batch_entry_gives_one_line_per_transaction():
    batch = parse_one(read_sample(V02)).transactions[3:6]
    assert [t.amount for t in batch] == [
        Decimal("1500.00"),
        Decimal("2500.50"),
        Decimal("4999.50"),
    ]
    assert sum(t.amount for t in batch) == Decimal("9000.00")
    assert [t.partner_name for t in batch] == [
        "Bakeriet Solsiden AS",
        "Tromso Elektro AS",
        "Vestland Regnskap AS",
    ]
    assert [t.account_number for t in batch] == [
        "NO0297102233445",
        "NO3815941122334",
        "NO8330001234567",
    ]
    assert [t.remittance_structured for t in batch] == [
        "202600000295",
        "202600000360",
        "",
    ]
    assert all(luhn_valid(t.remittance_structured) for t in batch[:2])
    assert batch[2].remittance_unstructured == batch[2].payment_ref == "INV/2026/00003"
    assert [t.end_to_end_id for t in batch] == [
        "E2E-KID-0001",
        "E2E-KID-0002",
        "E2E-KID-0003",
    ]
    # The transaction-level bank reference wins; otherwise entry reference / position.
    assert [t.unique_id for t in batch] == [
        "2026011500004/1",
        "2026011500004-B2",
        "2026011500004/3",
    ]
    assert [t.bank_reference for t in batch] == [
        "2026011500004",
        "2026011500004-B2",
        "2026011500004",
    ]
    assert all(t.additional_info == "OCR/KID INNBETALINGER 3 STK" for t in batch)
    assert all(t.date == date(2026, 1, 15) for t in batch)


def test_v02_entry_without_details_or_reference():
    interest = parse_one(read_sample(V02)).transactions[6]
    assert interest.amount == Decimal("350.00")
    assert interest.unique_id == ""  # left to assign_import_ids
    assert interest.bank_reference == ""
    assert interest.bank_transaction_code == "RENTE"
    assert interest.additional_info == interest.payment_ref == "Kreditrenter"
    assert interest.partner_name == ""


def test_v02_through_parse_statement_file_ids_are_stable():
    first = parse_statement_file(read_sample(V02))
    second = parse_statement_file(read_sample(V02))
    ids = [t.unique_id for t in first[0].transactions]
    assert ids == [t.unique_id for t in second[0].transactions]
    assert len(set(ids)) == len(ids) == 7
    assert ids[:6] == [
        "2026011500001",
        "2026011500002",
        "2026011500003",
        "2026011500004/1",
        "2026011500004-B2",
        "2026011500004/3",
    ]
    assert ids[6].startswith("h:")


def test_version_04_namespace_reads_the_same():
    data = read_sample(V02).replace(b"camt.053.001.02", b"camt.053.001.04")
    assert camt.sniff(data)
    assert parse_one(data).transactions == parse_one(read_sample(V02)).transactions


# -- camt.053.001.08 -------------------------------------------------------------------


def test_v08_statement_header_and_signed_balances():
    statement = parse_one(read_sample(V08))
    assert statement.file_format == "camt.053"
    assert statement.statement_id == "NDEA-STMT-20260202"
    assert statement.sequence_number == "33"
    assert statement.account_iban == "NO9386011117947"
    assert statement.currency == "NOK"
    assert statement.opening_balance == Decimal("-5000.00")  # PRCD, DBIT
    assert statement.closing_balance == Decimal("14900.00")
    assert statement.date == date(2026, 2, 2)  # no FrToDt: the closing balance date
    statement.check_balances()


def test_v08_skips_info_and_pending():
    statement = parse_one(read_sample(V08))
    assert [t.unique_id for t in statement.transactions] == [
        "NDEA20260202-0001",
        "NDEA20260202-0002",
        "NDEA20260202-0003",
        "NDEA20260202-0004",
        "NDEA20260202-0005/1",
        "NDEA20260202-0005/2",
    ]
    assert sum(t.amount for t in statement.transactions) == Decimal("19900.00")


def test_v08_party_names_bicfi_ultimate_debtor_and_proprietary_code():
    credit = by_ref(parse_one(read_sample(V08)))["NDEA20260202-0001"]
    assert credit.date == date(2026, 2, 2)  # BookgDt/DtTm
    assert credit.amount == Decimal("8000.00")
    assert credit.partner_name == "Berliner Holzhandel GmbH"
    assert credit.ultimate_party_name == "Holzhandel Nord GmbH"
    assert credit.account_number == "DE89370400440532013000"
    assert credit.counterparty_bic == "COBADEFFXXX"
    assert credit.counterparty_address == "Hauptstrasse 5, 10115 Berlin, DE"
    assert credit.bank_transaction_code == "NTRF+166 (DK)"
    assert credit.remittance_unstructured == credit.payment_ref == "INV/2026/00007"
    assert credit.end_to_end_id == "E2E-BH-7781"


def test_v08_foreign_currency_credit():
    credit = by_ref(parse_one(read_sample(V08)))["NDEA20260202-0002"]
    assert credit.amount == Decimal("10650.00")
    assert credit.value_date == date(2026, 2, 3)
    assert credit.foreign_amount == Decimal("1000.00")
    assert credit.foreign_currency == "USD"
    assert credit.exchange_rate == Decimal("10.65")
    assert credit.partner_name == "Acme Corp Inc"
    assert credit.account_number == "123456789"
    assert credit.counterparty_bic == "CHASUS33XXX"
    assert credit.counterparty_address == "500 Main Street, Springfield IL 62701"
    assert credit.remittance_structured == "RF49INV202600002"
    assert credit.structured_ref_type == "SCOR/ISO"
    assert iso11649.is_valid("RF81INV202600008")
    assert credit.additional_info == "Other creditor reference: RF81INV202600008"
    assert credit.bank_transaction_code == "PMNT/RCDT/XBCT"


def test_v08_reversal_keeps_sign_and_names_the_original_payer():
    reversal = by_ref(parse_one(read_sample(V08)))["NDEA20260202-0003"]
    assert reversal.is_reversal
    assert reversal.amount == Decimal("-500.00")
    assert reversal.partner_name == "Fjordline Handel AS"  # not our own company
    assert reversal.account_number == "NO7215031234562"
    assert reversal.additional_info == "Reversal of credit NDEA20260130-0044"
    assert reversal.payment_ref == "INV/2026/00004"


def test_v08_returned_direct_debit():
    returned = by_ref(parse_one(read_sample(V08)))["NDEA20260202-0004"]
    assert returned.amount == Decimal("-1250.00")
    assert not returned.is_reversal
    assert returned.return_reason == "AM04: Insufficient funds"
    assert returned.mandate_id == "MNDT-2025-017"
    assert returned.end_to_end_id == "SDD-2026-0113"
    assert returned.instruction_id == "SDD-INSTR-0113"
    assert returned.partner_name == "Kari Hansen"
    assert returned.account_number == "NO7112345678903"
    assert returned.counterparty_bic == "DNBANOKKXXX"
    assert returned.bank_transaction_code == "PMNT/IDDT/UPDD"


def test_v08_batch_uses_txdtls_amounts():
    transactions = by_ref(parse_one(read_sample(V08)))
    first, second = (
        transactions["NDEA20260202-0005/1"],
        transactions["NDEA20260202-0005/2"],
    )
    assert (first.amount, second.amount) == (Decimal("1800.00"), Decimal("1200.00"))
    assert (first.partner_name, second.partner_name) == (
        "Hansen Bygg AS",
        "Lie Transport AS",
    )
    assert (first.mandate_id, second.mandate_id) == ("MNDT-2025-001", "MNDT-2025-002")
    assert (
        first.payment_ref == "SEPA DD collection PMT-SDD-0202"
    )  # entry info before name
    assert second.payment_ref == "INV/2026/00006"
    assert first.bank_transaction_code == "PMNT/IDDT/ESDD"


def test_v08_full_import():
    statements = parse_statement_file(read_sample(V08))
    assert len(statements[0].transactions) == 6


# -- camt.052 and camt.054 -------------------------------------------------------------


def test_camt052_report():
    data = (
        read_sample(V08)
        .replace(b"camt.053.001.08", b"camt.052.001.08")
        .replace(b"BkToCstmrStmt>", b"BkToCstmrAcctRpt>")
        .replace(b"<Stmt>", b"<Rpt>")
        .replace(b"</Stmt>", b"</Rpt>")
    )
    assert camt.sniff(data)
    statement = parse_one(data)
    assert statement.file_format == "camt.052"
    assert len(statement.transactions) == 6


def test_camt054_kid_notification():
    statement = parse_one(read_sample(KID054))
    assert statement.file_format == "camt.054"
    assert statement.statement_id == "NETS-OCR-20260120-01"
    assert statement.account_iban == "NO9386011117947"
    assert statement.currency == "NOK"  # no Acct/Ccy: taken from the amounts
    assert statement.date == date(2026, 1, 20)  # CreDtTm
    assert statement.opening_balance is None and statement.closing_balance is None
    transactions = statement.transactions
    assert [t.amount for t in transactions] == [
        Decimal("1250.00"),
        Decimal("980.00"),
        Decimal("3100.00"),
        Decimal("640.00"),
    ]
    kids = [t.remittance_structured for t in transactions]
    assert kids == ["1234567890128", "202600000436", "202600000501", "202600000675"]
    assert all(luhn_valid(k) for k in kids)
    assert [t.partner_name for t in transactions] == [
        "Bakeriet Solsiden AS",
        "Tromso Elektro AS",
        "Vestland Regnskap AS",
        "Per Olsen",
    ]
    assert [t.account_number for t in transactions] == [
        "97102233445",
        "15941122334",
        "30001234567",
        "12345678903",
    ]
    # Batch lines keep the Nets archive reference; the last entry (no Sts) is booked.
    assert [t.unique_id for t in transactions] == [
        "NETS-OCR-7001",
        "NETS-OCR-7002",
        "NETS-OCR-7003",
        "NETS-20260120-0002",
    ]
    assert transactions[3].bank_reference == "NETS-OCR-7004"
    assert all(t.end_to_end_id == "" for t in transactions)
    assert parse_statement_file(read_sample(KID054))[0].transactions == transactions


# -- smaller variations ----------------------------------------------------------------


def test_batch_without_detail_amounts_stays_one_line():
    data = re.sub(rb"<AmtDtls>.*?</AmtDtls>", b"", read_sample(V02), flags=re.S)
    transactions = parse_one(data).transactions
    assert len(transactions) == 5
    batch = transactions[3]
    assert batch.amount == Decimal("9000.00")
    assert batch.unique_id == "2026011500004"
    assert batch.partner_name == ""
    assert (
        batch.additional_info == "OCR/KID INNBETALINGER 3 STK | Batch of 3 transactions"
    )
    assert batch.payment_ref == "OCR/KID INNBETALINGER 3 STK"


def test_batch_with_some_amounts_missing_is_refused():
    data = read_sample(V02).replace(
        b'<TxAmt>\n                <Amt Ccy="NOK">2500.50</Amt>\n'
        b"              </TxAmt>",
        b"",
    )
    with refused("statements.camt.batch_detail_without_amount") as error:
        camt.parse(data)
    assert error.params["index"] == 2
    assert error.text.startswith("batch entry 4 of statement STMT-2026-01-15-001")


def test_proprietary_reference_type_qrr():
    data = read_sample(V02).replace(b"<Cd>SCOR</Cd>", b"<Prtry>QRR</Prtry>")
    transactions = parse_one(data).transactions
    assert transactions[0].structured_ref_type == "QRR/ISO"
    assert transactions[1].structured_ref_type == "QRR"


def test_payment_ref_is_trimmed():
    data = read_sample(V02).replace(b"Invoice 88123", b"x" * 400)
    debit = parse_one(data).transactions[2]
    assert len(debit.payment_ref) == 300
    assert debit.remittance_unstructured == "x" * 400 + " Order 5521"


def test_entity_expansion_and_external_entities_are_not_resolved():
    data = (
        read_sample(V02)
        .replace(
            b"<Document ",
            b'<!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
            b"<Document ",
            1,
        )
        .replace(b"<Ustrd>Order 5521</Ustrd>", b"<Ustrd>&xxe;</Ustrd>")
    )
    debit = parse_one(data).transactions[2]
    assert "root" not in debit.remittance_unstructured
    assert debit.remittance_unstructured == "Invoice 88123"


# -- malformed files -------------------------------------------------------------------


def test_truncated_file():
    expected = r"not well-formed XML: Premature end.*\(line \d+\)"
    with refused("statements.camt.malformed_xml", expected) as error:
        parse_statement_file(read_sample("camt053_malformed.xml"))
    assert error.params["line"] > 1


def test_not_xml_at_all():
    with refused("statements.camt.malformed_xml"):
        camt.parse(b"this is not a bank file")


def test_xml_but_not_camt():
    data = b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"/>'
    with refused("statements.camt.not_camt", "not an ISO 20022 camt") as error:
        camt.parse(data)
    assert error.params == {
        "root": "{urn:iso:std:iso:20022:tech:xsd:pain.001.001.09}Document"
    }


def test_camt_without_statement():
    data = (
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">'
        b"<Foo/></Document>"
    )
    with refused("statements.camt.no_message"):
        camt.parse(data)


def test_inconsistent_batch():
    with refused("statements.camt.batch_total_mismatch") as error:
        parse_statement_file(read_sample("camt053_inconsistent_batch.xml"))
    assert error.params["total"] == Amount(Decimal("150.00"), "NOK")
    assert error.params["amount"] == Amount(Decimal("200.00"), "NOK")
    assert error.text == (
        "batch entry 1 of statement STMT-2026-01-21-BATCH (bank reference "
        "2026012100001): the transaction details add up to 150.00 but the entry amount "
        "is 200.00."
    )


def test_bad_balance_is_caught_by_the_balance_check_only():
    data = read_sample("camt053_bad_balance.xml")
    statement = parse_one(data)
    assert statement.opening_balance == Decimal("1000.00")
    assert statement.closing_balance == Decimal("1300.00")
    with refused("statements.balance_mismatch") as error:
        parse_statement_file(data)
    assert error.params == {
        "statement": "STMT-2026-01-21-BAL",
        "opening": Amount(Decimal("1000.00"), "NOK"),
        "total": Amount(Decimal("250.00"), "NOK"),
        "computed": Amount(Decimal("1250.00"), "NOK"),
        "closing": Amount(Decimal("1300.00"), "NOK"),
        "difference": Amount(Decimal("50.00"), "NOK"),
    }


def _first_entry_amount_replaced(new):
    return read_sample("camt053_bad_balance.xml").replace(
        b'<Amt Ccy="NOK">250.00</Amt>\n        <CdtDbtInd>',
        new + b"\n        <CdtDbtInd>",
        1,
    )


def test_missing_entry_amount():
    with refused(
        "statements.camt.no_amount", "^entry 1 of statement STMT-2026-01-21-BAL has no"
    ):
        camt.parse(_first_entry_amount_replaced(b""))


def test_unparsable_amount():
    with refused("statements.camt.bad_amount", "^entry 1 of .*") as error:
        camt.parse(_first_entry_amount_replaced(b'<Amt Ccy="NOK">250,00</Amt>'))
    assert error.params["value"] == "250,00"


def test_unparsable_booking_date():
    data = read_sample("camt053_bad_balance.xml").replace(
        b"<BookgDt>\n          <Dt>2026-01-21</Dt>",
        b"<BookgDt>\n          <Dt>2026-13-41</Dt>",
    )
    with refused(
        "statements.camt.bad_date",
        "^the booking date of entry 1 of statement STMT-2026-01-21-BAL is not a valid",
    ) as error:
        camt.parse(data)
    assert error.params["value"] == "2026-13-41"


def test_unknown_credit_debit_indicator():
    data = read_sample("camt053_bad_balance.xml").replace(
        b"<CdtDbtInd>CRDT</CdtDbtInd>\n        <Sts>",
        b"<CdtDbtInd>PLUS</CdtDbtInd>\n        <Sts>",
    )
    with refused("statements.camt.bad_indicator") as error:
        camt.parse(data)
    assert error.params["value"] == "PLUS"


def test_more_decimals_than_the_currency_is_refused():
    data = _first_entry_amount_replaced(b'<Amt Ccy="NOK">250.005</Amt>')
    with refused("statements.amount_too_precise") as error:
        parse_statement_file(data)
    assert error.params["value"] == "250.005"
    assert error.params["currency"] == "NOK"
    assert error.params["statement"] == "STMT-2026-01-21-BAL"


# -- dialects and refusals: small files written here -------------------------------


def small_camt(entries, account_currency="EUR", opening="100.00", closing=None):
    """A camt.053.001.08 statement of ``entries`` (``Ntry`` XML fragments)."""
    balances = "".join(
        f'<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{amount}'
        "</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>"
        for code, amount in (("OPBD", opening), ("CLBD", closing))
        if amount is not None
    )
    currency = f"<Ccy>{account_currency}</Ccy>" if account_currency else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">'
        "<BkToCstmrStmt><GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-03-31T20:00:00"
        "</CreDtTm></GrpHdr><Stmt><Id>S1</Id><CreDtTm>2026-03-31T20:00:00</CreDtTm>"
        f"<Acct><Id><IBAN>NO9386011117947</IBAN></Id>{currency}</Acct>"
        f"{balances}{''.join(entries)}</Stmt></BkToCstmrStmt></Document>"
    ).encode()


def entry(
    amount="10.00",
    sign="CRDT",
    status="BOOK",
    booked="<BookgDt><Dt>2026-03-10</Dt></BookgDt>",
    valued="<ValDt><Dt>2026-03-11</Dt></ValDt>",
    currency="EUR",
    details="",
    extra="",
):
    return (
        f'<Ntry><Amt Ccy="{currency}">{amount}</Amt><CdtDbtInd>{sign}</CdtDbtInd>'
        f"{extra}<Sts><Cd>{status}</Cd></Sts>{booked}{valued}"
        "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd>"
        f"</Fmly></Domn></BkTxCd><NtryDtls>{details}</NtryDtls></Ntry>"
    )


def test_entry_without_booking_date_takes_the_value_date_and_says_so():
    (statement,) = camt.parse(small_camt([entry(booked="")]))
    (line,) = statement.transactions
    assert line.date == date(2026, 3, 11)
    assert line.date_is_value_date
    (statement,) = camt.parse(small_camt([entry()]))
    assert statement.transactions[0].date == date(2026, 3, 10)
    assert not statement.transactions[0].date_is_value_date


def test_report_of_pending_entries_only():
    data = small_camt([entry(status="PDNG"), entry(status="PDNG")])
    with refused("statements.camt.only_pending") as error:
        parse_statement_file(data)
    assert error.params == {"count": 2}
    # A pending entry beside booked ones is left out, as before.
    data = small_camt([entry(status="PDNG"), entry()], closing="110.00")
    (statement,) = parse_statement_file(data)
    assert len(statement.transactions) == 1


def test_reversed_debit_keeps_the_party_the_file_gives():
    detail = (
        "<TxDtls><Refs><EndToEndId>E2E-7</EndToEndId></Refs>"
        "<RltdPties><Cdtr><Nm>Test Customer</Nm></Cdtr><CdtrAcct><Id>"
        "<IBAN>NL46ABNA0499998748</IBAN></Id></CdtrAcct></RltdPties>"
        "<RtrInf><Rsn><Cd>AC06</Cd></Rsn></RtrInf></TxDtls>"
    )
    (statement,) = camt.parse(small_camt([entry(sign="DBIT", details=detail)]))
    (line,) = statement.transactions
    assert line.amount == Decimal("-10.00")
    assert line.partner_name == "Test Customer"
    assert line.account_number == "NL46ABNA0499998748"
    assert line.return_reason == "AC06"


def test_batch_identifiers_are_kept():
    details = (
        "<Btch><MsgId>RUN-1</MsgId><PmtInfId>PMT-42</PmtInfId><NbOfTxs>3</NbOfTxs>"
        "</Btch>"
    )
    (statement,) = camt.parse(small_camt([entry(amount="30.00", details=details)]))
    (line,) = statement.transactions
    assert line.batch_payment_info_id == "PMT-42"
    assert line.batch_transaction_count == 3
    assert line.batch_message_id == "RUN-1"
    assert line.details()["batch_payment_info_id"] == "PMT-42"
    detail = "<TxDtls><Refs><MsgId>M9</MsgId><PmtInfId>P9</PmtInfId></Refs></TxDtls>"
    (statement,) = camt.parse(small_camt([entry(details=detail)]))
    assert statement.transactions[0].batch_payment_info_id == "P9"


def test_statement_currency_is_the_accounts_and_other_currencies_are_refused():
    (statement,) = camt.parse(small_camt([entry()], account_currency=""))
    assert statement.currency == "EUR"  # from the balances, not the first entry
    with refused("statements.camt.entry_currency") as error:
        camt.parse(small_camt([entry(), entry(currency="USD")]))
    assert error.params["currency"] == "USD"
    assert error.params["account_currency"] == "EUR"
    assert error.params["what"].params["index"] == 2
    with refused("statements.camt.entry_currency"):
        camt.parse(small_camt([entry()], account_currency="NOK"))


# -- ZIP archives ------------------------------------------------------------------


def zipped(*members, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


def test_zip_of_camt_files_yields_all_statements():
    first = small_camt([entry()], closing="110.00")
    second = small_camt([entry("5.00"), entry("1.00")], closing="106.00").replace(
        b"<Id>S1</Id>", b"<Id>S2</Id>"
    )
    data = zipped(("a.xml", first), ("__MACOSX/._a.xml", b"junk"), ("b.xml", second))
    assert detect_format(data) == "zip"
    members = list(iter_zip_statements(data))
    assert [(name, [s.statement_id for s in sts]) for name, sts in members] == [
        ("a.xml", ["S1"]),
        ("b.xml", ["S2"]),
    ]
    statements = parse_statement_file(data)
    assert [len(s.transactions) for s in statements] == [1, 2]
    assert [s.source_name for s in statements] == ["a.xml", "b.xml"]
    ids = [t.unique_id for s in statements for t in s.transactions]
    assert len(set(ids)) == 3  # unique over the whole archive


def test_zip_errors_name_the_member_and_keep_bounds():
    good = small_camt([entry()], closing="110.00")
    with refused("statements.zip.member_error", "^notes.txt in the ZIP file") as e:
        parse_statement_file(zipped(("a.xml", good), ("notes.txt", b"hello")))
    assert e.params["error"].code == "statements.unknown_format"
    with refused("statements.balance_mismatch"):
        parse_statement_file(zipped(("a.xml", small_camt([entry()], closing="1.00"))))
    with refused("statements.zip.nested"):
        parse_statement_file(zipped(("inner.zip", zipped(("a.xml", good)))))
    with refused("statements.zip.too_many_members"):
        list(archive.members(zipped(*[(f"{n}.xml", good) for n in range(4)]), 3))
    bomb = zipped(("big.xml", b"<" + b" " * 5_000_000))
    assert len(bomb) < 50_000
    with refused("statements.zip.too_large"):
        list(archive.members(bomb, max_total_size=1_000_000))
    with refused("statements.no_transactions"):
        parse_statement_file(zipped(("a.xml", small_camt([]))))
