"""SWIFT MT940 reader: German DK ``?`` subfields, Dutch ``/KEY/`` and Nordic free
text."""

from datetime import date
from decimal import Decimal

import pytest
from ar_reconcile_lib.messages import Amount, msg
from ar_reconcile_lib.statements import (
    ofx,
    parse_statement_file,
    swift_mt940,
)
from conftest import read_sample
from statement_text import refused

SAMPLES = ["mt940_structured86.sta", "mt940_dutch.sta", "mt940_nordic_freetext.sta"]

MINIMAL = b""":20:REF1
:25:DE89370400440532013000
:28C:1/1
:60F:C260101EUR100,00
:61:2601020102C10,00NTRFNONREF//B1
:86:Free text
:62F:C260102EUR110,00
-
"""


@pytest.fixture(scope="module")
def german():
    return swift_mt940.parse(read_sample("mt940_structured86.sta"))


@pytest.fixture(scope="module")
def dutch():
    (statement,) = swift_mt940.parse(read_sample("mt940_dutch.sta"))
    return statement


@pytest.fixture(scope="module")
def nordic():
    (statement,) = swift_mt940.parse(read_sample("mt940_nordic_freetext.sta"))
    return statement


# --- sniffing


@pytest.mark.parametrize("name", SAMPLES + ["mt940_malformed.sta"])
def test_sniff_accepts_mt940(name):
    assert swift_mt940.sniff(read_sample(name))
    assert not ofx.sniff(read_sample(name))


@pytest.mark.parametrize(
    "name", ["ofx_v1_sgml.ofx", "ofx_v2_xml.ofx", "ofx_malformed.ofx"]
)
def test_sniff_rejects_ofx(name):
    assert not swift_mt940.sniff(read_sample(name))


def test_sniff_needs_account_and_balance_or_entry():
    assert not swift_mt940.sniff(b":20:REF\n:28C:1\n:60F:C260101EUR1,00\n")  # no :25:
    assert not swift_mt940.sniff(b":20:REF\n:25:DE89370400440532013000\n:86:text\n")
    assert not swift_mt940.sniff(b"Date;Amount\n2026-01-01;:20:\n")
    assert swift_mt940.sniff(MINIMAL)


# --- German DK structured :86:, two messages in one file


def test_german_statements(german):
    assert len(german) == 2
    first, second = german
    assert [s.file_format for s in german] == ["mt940", "mt940"]
    assert (first.statement_id, first.sequence_number) == ("STMT260303", "00012/001")
    assert (second.statement_id, second.sequence_number) == ("STMT260305", "00012/002")
    for statement in german:
        assert statement.account_iban == "DE89370400440532013000"
        assert statement.account_number == ""
        assert statement.currency == "EUR"
    # :60F:/:62M: then :60M:/:62F:
    assert first.opening_balance == Decimal("12500.00")
    assert first.closing_balance == second.opening_balance == Decimal("13690.00")
    assert second.closing_balance == Decimal("12924.75")
    assert first.date == date(2026, 3, 3)
    assert second.date == date(2026, 3, 5)
    assert [len(s.transactions) for s in german] == [3, 3]
    for statement in german:
        statement.check_balances()


def test_german_credit_with_eref_svwz_and_rf(german):
    line = german[0].transactions[0]
    assert line.date == date(2026, 3, 2)
    assert line.value_date == date(2026, 3, 2)
    assert line.amount == Decimal("1190.00")
    assert line.bank_transaction_code == "NTRF"
    assert line.bank_reference == line.unique_id == "2603020001234"
    assert line.instruction_id == ""  # NONREF
    assert line.end_to_end_id == "E2E-2026-0007"
    assert line.remittance_unstructured == "INV/2026/00007 RF18539007547034"
    assert line.remittance_structured == "RF18539007547034"
    assert line.structured_ref_type == "SCOR"
    assert line.payment_ref == "INV/2026/00007 RF18539007547034"
    assert line.additional_info == "SEPA-GUTSCHRIFT"  # ?00
    assert line.counterparty_bic == "COBADEFFXXX"  # ?30
    assert line.account_number == "DE44500105175407324931"  # ?31, not glued to the name
    assert line.partner_name == "Muster Handels GmbH"  # ?32
    assert not line.is_reversal and line.return_reason == ""


def test_german_direct_debit(german):
    line = german[0].transactions[1]
    assert line.amount == Decimal("-250.50")  # D with funds code R
    assert line.date == line.value_date == date(2026, 3, 3)
    assert line.bank_transaction_code == "NDDT"
    assert line.instruction_id == "DD-2026-0042"  # :61: customer reference
    assert line.end_to_end_id == "LS-ENERGIE-0303"
    assert line.mandate_id == "M-778899"
    assert line.remittance_unstructured == "Strom Maerz 2026 Kd 4711"
    assert line.partner_name == "Stadtwerke Energie AG"
    assert line.account_number == "DE02100100100006820101"
    assert line.counterparty_bic == "DEUTDEFFXXX"
    assert line.additional_info == "SEPA-BASISLASTSCHRIFT"


def test_german_reversal_of_debit_is_positive(german):
    line = german[0].transactions[2]
    assert line.amount == Decimal("250.50")
    assert line.is_reversal
    assert line.return_reason == "MD06"  # ?34
    assert line.value_date == date(2026, 3, 3)
    assert line.date == date(2026, 3, 4)  # entry date wins
    assert line.bank_reference == "2603040009876"


def test_german_ultimate_party_and_continuation(german):
    line = german[1].transactions[0]
    assert line.amount == Decimal("500.00")
    assert line.date == line.value_date == date(2026, 3, 4)  # no entry date on the :61:
    assert line.end_to_end_id == "E2E-2026-0009"
    # the :61: customer reference repeats the EREF: it is not an instruction id too
    assert line.instruction_id == ""
    assert line.ultimate_party_name == "Nordlicht Filiale Hamburg"  # ABWA+
    assert line.partner_name == "Nordlicht Handelsgesellschaft mbH"  # ?32 + ?33
    assert (
        line.remittance_unstructured == "INV/2026/00009 Teilzahlung letzte Rate"
    )  # + ?60
    assert line.remittance_structured == ""


def test_german_reversal_of_credit_is_negative(german):
    line = german[1].transactions[1]
    assert line.amount == Decimal("-1190.00")
    assert line.is_reversal
    assert line.return_reason == "AC04"
    assert line.end_to_end_id == "E2E-2026-0007"
    assert line.remittance_unstructured == "Retoure INV/2026/00007"


def test_german_nonref_and_plain_purpose(german):
    line = german[1].transactions[2]
    assert line.amount == Decimal("-75.25")
    assert line.bank_transaction_code == "NCHG"
    assert line.bank_reference == "" and line.unique_id == ""  # //NONREF
    assert line.instruction_id == ""
    assert line.remittance_unstructured == "Kontofuehrung 02/2026"
    assert line.additional_info == "ENTGELTABSCHLUSS"
    assert line.partner_name == "" and line.end_to_end_id == ""


# --- Dutch /KEY/value/ dialect


def test_dutch_statement(dutch):
    assert dutch.account_iban == "NL20INGB0001234567"  # :25: carries a currency suffix
    assert dutch.statement_id == "P260316000000001"
    assert dutch.sequence_number == "00000"
    assert dutch.currency == "EUR"
    assert dutch.opening_balance == Decimal("1000.00")
    assert dutch.closing_balance == Decimal("2460.00")
    assert dutch.date == date(2026, 3, 16)
    assert [t.amount for t in dutch.transactions] == [
        Decimal("250.00"),
        Decimal("-89.95"),
        Decimal("1210.00"),
        Decimal("89.95"),
    ]
    dutch.check_balances()


def test_dutch_credit_transfer(dutch):
    line = dutch.transactions[0]
    assert line.partner_name == "J. de Vries BV"
    assert line.account_number == "NL91ABNA0417164300"
    assert line.counterparty_bic == "ABNANL2A"
    assert line.end_to_end_id == "E2E-NL-0001"
    assert line.instruction_id == ""  # the :61: reference is the EREF
    assert line.remittance_unstructured == "Factuur INV/2026/00007 RF71 2348 231"
    assert line.remittance_structured == "RF712348231"  # spaced RF, check digits valid
    assert line.payment_ref == "Factuur INV/2026/00007 RF71 2348 231"
    assert line.bank_reference == line.unique_id == "PREF-0000000001"
    # /TRTP/ plus the :61: supplementary details line
    assert line.additional_info == "SEPA OVERBOEKING; /TRCD/00100/"


def test_dutch_direct_debit(dutch):
    line = dutch.transactions[1]
    assert line.partner_name == "KPN B.V."
    assert line.mandate_id == "MANDATE-77"  # /MARF/
    assert line.end_to_end_id == "KPN-2026-03"
    assert line.remittance_unstructured == "Abonnement maart 2026"
    assert line.account_number == "NL58INGB0000123456"
    assert line.bank_transaction_code == "NDDT"


def test_dutch_structured_reference(dutch):
    line = dutch.transactions[2]
    assert line.remittance_structured == "1234567890123456"  # /REMI/STRD/CUR/
    assert line.structured_ref_type == "CUR"
    assert line.remittance_unstructured == ""
    assert line.payment_ref == "1234567890123456"
    assert line.end_to_end_id == ""  # NOTPROVIDED
    assert line.partner_name == "Bakkerij Jansen"


def test_dutch_return(dutch):
    line = dutch.transactions[3]
    assert line.is_reversal
    assert line.amount == Decimal("89.95")
    assert line.return_reason == "MD06"  # /RTRN/
    # the statement-level :86:/SUM/ after :62F: is not glued onto the last transaction
    assert "SUM" not in line.remittance_unstructured + line.additional_info


# --- Nordic free text in cp1252


def test_nordic_statement(nordic):
    assert nordic.account_iban == "NO9386011117947"
    assert nordic.currency == "NOK"
    assert nordic.statement_id == "940NO20260402"
    assert nordic.sequence_number == "91/1"
    assert nordic.opening_balance == Decimal("25000.00")
    assert nordic.closing_balance == Decimal("32050.50")
    assert nordic.date == date(2026, 4, 2)
    nordic.check_balances()


def test_nordic_free_text_keeps_letters(nordic):
    first, second, third = nordic.transactions
    assert first.remittance_unstructured == (
        "Innbetaling fra Bjørn Åsmund Ærø AS Faktura INV/2026/00012"
    )
    assert first.payment_ref == first.remittance_unstructured
    assert first.partner_name == ""
    assert first.amount == Decimal("4500.00")
    assert second.remittance_unstructured == "Husleie april Grünerløkka Eiendom AS"
    assert second.amount == Decimal("-1200.00")
    assert second.bank_transaction_code == "NMSC"
    assert third.remittance_unstructured == (
        "Betaling fra Søstrene Hæstad, ref RF18 5390 0754 7034"
    )
    assert third.remittance_structured == "RF18539007547034"
    assert [t.unique_id for t in nordic.transactions] == [
        "NO2604010001",
        "NO2604020002",
        "NO2604020003",
    ]


def test_kref_fills_instruction_id_only_without_a_61_reference():
    details = b":86:166?00GUTSCHRIFT?20KREF+ORDER-55SVWZ+Rg 12?32Foo AG"
    (statement,) = swift_mt940.parse(MINIMAL.replace(b":86:Free text", details))
    line = statement.transactions[0]
    assert (line.instruction_id, line.remittance_unstructured) == ("ORDER-55", "Rg 12")
    data = MINIMAL.replace(b"NONREF//B1", b"CUST1//B1").replace(
        b":86:Free text", details
    )
    (statement,) = swift_mt940.parse(data)
    assert statement.transactions[0].instruction_id == "CUST1"


def test_utf8_is_preferred_over_cp1252():
    data = MINIMAL.replace(b"Free text", "Bjørn Ærø".encode())
    (statement,) = swift_mt940.parse(data)
    assert statement.transactions[0].remittance_unstructured == "Bjørn Ærø"


def test_invalid_rf_is_not_taken():
    (statement,) = swift_mt940.parse(
        MINIMAL.replace(b"Free text", b"ref RF19539007547034")
    )
    assert statement.transactions[0].remittance_structured == ""


# --- envelopes, domestic accounts, whole-file entry point


def test_swift_envelope_and_domestic_account():
    data = (
        b"{1:F01COBADEFFAXXX0000000000}{2:O9400000260102COBADEFFAXXX00000000002601020000N}{4:\r\n"
        + MINIMAL.replace(b"DE89370400440532013000", b"37040044/0532013000")
        .replace(b"\n", b"\r\n")
        .replace(b"\r\n-\r\n", b"\r\n-}{5:{CHK:0123456789AB}}\r\n")
    )
    assert swift_mt940.sniff(data)
    (statement,) = swift_mt940.parse(data)
    assert statement.account_iban == ""
    assert statement.account_number == "37040044/0532013000"
    line = statement.transactions[0]
    assert line.remittance_unstructured == "Free text"  # trailer not glued on
    assert line.bank_reference == "B1"


def test_parse_statement_file_assigns_ids():
    statements = parse_statement_file(read_sample("mt940_structured86.sta"))
    ids = [t.unique_id for s in statements for t in s.transactions]
    assert ids[:5] == [
        "2603020001234",
        "2603030005678",
        "2603040009876",
        "2603040001111",
        "2603040002222",
    ]
    assert ids[5].startswith("h:")  # NONREF: content hash
    statements = parse_statement_file(read_sample("mt940_nordic_freetext.sta"))
    assert statements[0].currency == "NOK"


# --- errors


def test_malformed_balance():
    with refused("statements.mt940.unreadable_statement") as error:
        swift_mt940.parse(read_sample("mt940_malformed.sta"))
    reason = error.params["reason"]
    assert reason.code == "statements.mt940.line_malformed"
    assert reason.params == {
        "line": msg("statements.mt940.line.balance", tag="60F"),
        "value": "C26XX01EUR12500,00",
    }
    assert error.text == (
        "The MT940 file could not be read (statement STMT260303): balance line :60F: "
        "is malformed (C26XX01EUR12500,00)."
    )
    with refused("statements.mt940.unreadable_statement"):
        parse_statement_file(read_sample("mt940_malformed.sta"))


def test_malformed_transaction_line():
    data = MINIMAL.replace(b":61:2601020102C10,00", b":61:2601020102X10,00")
    with refused(
        "statements.mt940.unreadable_statement", "transaction line :61: is malformed"
    ) as error:
        swift_mt940.parse(data)
    assert error.params["reason"].params["line"].code == (
        "statements.mt940.line.transaction"
    )


def test_impossible_date():
    data = MINIMAL.replace(b":60F:C260101", b":60F:C261301")
    message = r"balance line :60F: is malformed \(C261301EUR100,00: month"
    with refused("statements.mt940.unreadable_statement", message) as error:
        swift_mt940.parse(data)
    assert error.params["reason"].code == "statements.mt940.line_malformed_because"


def test_missing_account():
    data = MINIMAL.replace(b":25:DE89370400440532013000\n", b"")
    message = r"statement REF1\): the account line :25: is missing"
    with refused("statements.mt940.unreadable_statement", message) as error:
        swift_mt940.parse(data)
    assert error.params == {
        "statement": "REF1",
        "reason": msg("statements.mt940.account_missing"),
    }


def test_missing_balances():
    with refused("statements.mt940.unreadable_statement") as error:
        swift_mt940.parse(MINIMAL.replace(b":60F:C260101EUR100,00\n", b""))
    assert error.params["reason"] == msg("statements.mt940.opening_missing")


def test_missing_closing_balance_is_a_balance_question():
    """A message without :62F: (de Volksbank) is refused like a balance mismatch and
    read with strict_balances=False: nothing proves no transaction is missing."""
    data = MINIMAL.replace(b":62F:C260102EUR110,00\n", b"")
    with refused("statements.closing_balance_missing") as error:
        parse_statement_file(data)
    assert error.params == {
        "statement": "REF1",
        "opening": Amount(Decimal("100.00"), "EUR"),
        "total": Amount(Decimal("10.00"), "EUR"),
        "computed": Amount(Decimal("110.00"), "EUR"),
    }
    (statement,) = parse_statement_file(data, strict_balances=False)
    assert statement.closing_balance is None
    assert statement.closing_balance_missing
    assert statement.computed_closing_balance == Decimal("110.00")
    assert statement.balance_message == error.message
    assert statement.balance_difference is None
    assert statement.date == statement.transactions[-1].date


def test_no_statement():
    with refused("statements.mt940.no_statement"):
        swift_mt940.parse(b":25:DE89370400440532013000\n")


# --- balances that do not add up


def test_balance_mismatch_carries_the_figures_and_can_be_read_anyway():
    data = MINIMAL.replace(b":62F:C260102EUR110,00", b":62F:C260102EUR111,00")
    with refused("statements.balance_mismatch") as error:
        parse_statement_file(data)
    assert error.params == {
        "statement": "REF1",
        "opening": Amount(Decimal("100.00"), "EUR"),
        "total": Amount(Decimal("10.00"), "EUR"),
        "computed": Amount(Decimal("110.00"), "EUR"),
        "closing": Amount(Decimal("111.00"), "EUR"),
        "difference": Amount(Decimal("1.00"), "EUR"),
    }
    (statement,) = parse_statement_file(data, strict_balances=False)
    assert statement.balance_difference == Decimal("1.00")
    assert statement.balance_message == error.message
    assert [t.amount for t in statement.transactions] == [Decimal("10.00")]
    (statement,) = parse_statement_file(MINIMAL, strict_balances=False)
    assert statement.balance_difference is None
    assert statement.balance_message is None


# --- amounts, dialects and damaged files


def test_amounts_with_a_decimal_point_are_read_exactly():
    data = (
        MINIMAL.replace(b":60F:C260101EUR100,00", b":60F:C260101EUR100.00")
        .replace(b":61:2601020102C10,00", b":61:2601020102C10.50")
        .replace(b":62F:C260102EUR110,00", b":62F:C260102EUR110.50")
    )
    (statement,) = parse_statement_file(data)
    assert statement.opening_balance == Decimal("100.00")
    assert statement.closing_balance == Decimal("110.50")
    assert [t.amount for t in statement.transactions] == [Decimal("10.50")]


def test_a_balance_with_something_after_its_amount_is_refused():
    data = MINIMAL.replace(b":62F:C260102EUR110,00", b":62F:C260102EUR110,00.5")
    with refused("statements.mt940.unreadable_statement", "balance line :62F:"):
        swift_mt940.parse(data)


def test_very_large_amounts_stay_exact():
    data = (
        MINIMAL.replace(b"C260101EUR100,00", b"C260101EUR0,00")
        .replace(b"C10,00", b"C12345678901234,57")
        .replace(b"C260102EUR110,00", b"C260102EUR12345678901234,57")
    )
    (statement,) = parse_statement_file(data)
    assert statement.transactions[0].amount == Decimal("12345678901234.57")


def test_de_volksbank_iban_in_the_customer_reference():
    data = MINIMAL.replace(
        b":61:2601020102C10,00NTRFNONREF//B1",
        b":61:2601020102C10,00NOVBNL49RABO0166416932",
    )
    (statement,) = swift_mt940.parse(data)
    (line,) = statement.transactions
    assert line.amount == Decimal("10.00")
    assert line.bank_transaction_code == "NOVB"
    assert line.instruction_id == "NL49RABO0166416932"


def test_ing_statement_number_wrapped_and_a_dash_inside_the_details():
    data = MINIMAL.replace(b":28C:1/1", b":28C:0000\n0").replace(
        b":86:Free text", b":86:/EREF/EV1//MARF/MND\n-\nEV01//REMI/USTD//Invoice 7/"
    )
    (statement,) = swift_mt940.parse(data)
    assert statement.sequence_number == "00000"
    (line,) = statement.transactions
    assert line.mandate_id.startswith("MND")
    assert line.remittance_unstructured == "Invoice 7"
    assert statement.closing_balance == Decimal("110.00")


def test_supplementary_details_wrapped_over_lines():
    data = MINIMAL.replace(
        b":61:2601020102C10,00NTRFNONREF//B1",
        b":61:2601020102C10,00NTRFEREF//00000000001\n005\n/TRCD/00100/",
    )
    (statement,) = swift_mt940.parse(data)
    assert statement.transactions[0].amount == Decimal("10.00")


def test_mt942_is_an_interim_report_not_a_statement():
    data = b""":20:REP1
:25:DE89370400440532013000
:28C:1/1
:34F:EURD0,00
:13D:2601021730+0100
:61:2601020102C10,00NTRFNONREF//B1
:86:Free text
:90C:1EUR10,00
-
"""
    assert swift_mt940.sniff(data)
    with refused("statements.mt940.interim_report"):
        parse_statement_file(data)
    with refused("statements.mt940.interim_report"):
        swift_mt940.parse(b"{1:F01X}{2:O942X}{4:\n" + MINIMAL + b"-}")


def test_byte_order_mark_is_still_mt940():
    data = b"\xef\xbb\xbf" + MINIMAL
    assert swift_mt940.sniff(data)
    (statement,) = parse_statement_file(data)
    assert statement.file_format == "mt940"


def test_null_byte_is_refused():
    data = MINIMAL.replace(b"Free text", b"Free\x00text")
    with refused("statements.null_byte") as error:
        parse_statement_file(data)
    assert error.params == {"position": MINIMAL.index(b"Free text") + 4}


def test_a_transaction_line_the_library_cannot_place_is_not_dropped():
    # The :86: of the first transaction swallows what looks like a :61: when the
    # details tag is not known: the count of :61: lines must match what was read.
    statement = swift_mt940._parse_message(MINIMAL.decode())
    assert len(statement.transactions) == 1
    data = MINIMAL.replace(b":86:Free text", b":86:Free text\n:61:")
    with refused("statements.mt940.unreadable_statement") as error:
        swift_mt940.parse(data)
    assert error.params["reason"].code in (
        "statements.mt940.lines_lost",
        "statements.mt940.line_malformed",
    )


def test_more_decimals_than_the_currency_is_refused():
    data = MINIMAL.replace(b"C10,00", b"C10,005").replace(b"EUR110,00", b"EUR110,005")
    with refused("statements.amount_too_precise") as error:
        parse_statement_file(data)
    assert error.params == {
        "index": 1,
        "statement": "REF1",
        "value": "10.005",
        "currency": "EUR",
        "decimals": 2,
    }
    data = MINIMAL.replace(b"EUR100,00", b"EUR99,995").replace(
        b"EUR110,00", b"EUR109,995"
    )
    with refused("statements.balance_too_precise"):
        parse_statement_file(data)


def test_rabobank_batch_reference_is_kept():
    data = MINIMAL.replace(
        b":86:Free text",
        b":86:/PREF/M000000003333333//REMI/USTD//TOTAAL 1 VZ/",
    )
    (statement,) = swift_mt940.parse(data)
    assert statement.transactions[0].batch_payment_info_id == "M000000003333333"


def test_transaction_lines_without_a_type_code_are_all_read():
    # An old Rabobank export: :61: lines without the 4-character type code. The
    # library merged such a line into the next one, losing a transaction.
    data = b""":20:940S030102
:25:NL34RABO0142623393 EUR
:28C:0
:60F:C021231EUR000000001000,00
:61:030102C000000000400,00
:86:first payment
:61:030102D000000000034,61
:86:second payment
:62F:C030102EUR000000001365,39
-
"""
    (statement,) = parse_statement_file(data)
    assert [t.amount for t in statement.transactions] == [
        Decimal("400.00"),
        Decimal("-34.61"),
    ]
    assert [t.remittance_unstructured for t in statement.transactions] == [
        "first payment",
        "second payment",
    ]
