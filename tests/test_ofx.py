"""OFX reader: 1.x SGML and 2.x XML through ofxparse."""

from datetime import date
from decimal import Decimal

import pytest
from ar_reconcile_lib.statements import (
    ofx,
    parse_statement_file,
    swift_mt940,
)
from conftest import read_sample
from statement_text import refused


@pytest.fixture(scope="module")
def sgml():
    (statement,) = ofx.parse(read_sample("ofx_v1_sgml.ofx"))
    return statement


@pytest.fixture(scope="module")
def xml():
    (statement,) = ofx.parse(read_sample("ofx_v2_xml.ofx"))
    return statement


@pytest.mark.parametrize(
    "name", ["ofx_v1_sgml.ofx", "ofx_v2_xml.ofx", "ofx_malformed.ofx"]
)
def test_sniff_accepts_ofx(name):
    assert ofx.sniff(read_sample(name))


@pytest.mark.parametrize(
    "name", ["mt940_structured86.sta", "mt940_dutch.sta", "mt940_nordic_freetext.sta"]
)
def test_sniff_rejects_mt940(name):
    assert not ofx.sniff(read_sample(name))


def test_sniff_rejects_other_xml():
    assert not ofx.sniff(b'<?xml version="1.0"?><Document><BkToCstmrStmt/></Document>')
    assert ofx.sniff(b"<ofx><bankmsgsrsv1/></ofx>")


def test_sgml_statement(sgml):
    assert sgml.file_format == "ofx"
    assert sgml.account_number == "4120789456"
    assert sgml.account_iban == ""
    assert sgml.currency == "USD"  # <CURDEF>usd
    assert sgml.opening_balance is None
    assert sgml.closing_balance == Decimal("8708.33")
    assert sgml.date == date(2026, 3, 31)  # LEDGERBAL DTASOF
    assert len(sgml.transactions) == 4
    sgml.check_balances()  # no opening balance: nothing to contradict


def test_sgml_credit(sgml):
    line = sgml.transactions[0]
    assert line.date == date(2026, 3, 3)  # not shifted by [-5:EST]
    assert line.amount == Decimal("1250.00")
    assert line.unique_id == line.bank_reference == "202603030001"
    assert line.partner_name == "ACME SUPPLY CO"
    assert line.remittance_unstructured == "ACH PMT INV/2026/00007"
    assert line.payment_ref == "ACME SUPPLY CO: ACH PMT INV/2026/00007"
    assert line.bank_transaction_code == "CREDIT"
    assert line.instruction_id == ""


def test_sgml_debit_with_cp1252_name(sgml):
    line = sgml.transactions[1]
    assert line.amount == Decimal("-42.17")
    assert line.date == date(2026, 3, 5)
    assert line.partner_name == "CAFÉ DU MONDE"  # CHARSET:1252 byte 0xC9
    assert line.bank_transaction_code == "DEBIT"
    assert line.payment_ref == "CAFÉ DU MONDE: POS PURCHASE"


def test_sgml_check_and_refnum(sgml):
    check, deposit = sgml.transactions[2:]
    assert check.amount == Decimal("-600.00")
    assert check.bank_transaction_code == "CHECK"
    assert check.instruction_id == "1042"  # CHECKNUM
    assert check.date == date(2026, 3, 10)
    assert check.payment_ref == "CHECK 1042"
    assert deposit.amount == Decimal("3100.50")  # "3,100.50"
    assert deposit.instruction_id == "DEP-77812"  # REFNUM
    assert deposit.bank_transaction_code == "DEP"
    assert (
        deposit.payment_ref == "MOBILE DEPOSIT"
    )  # memo equal to the name is not repeated


def test_xml_statement(xml):
    assert xml.account_iban == "DE89370400440532013000"
    assert xml.account_number == ""
    assert xml.currency == "EUR"
    assert xml.closing_balance == Decimal("13680.10")
    assert xml.opening_balance is None
    assert xml.date == date(2026, 3, 10)


def test_xml_transactions_utf8_and_local_dates(xml):
    credit, fee = xml.transactions
    # 2026-03-10 00:00 CET would be 2026-03-09 in UTC: the bank's date is kept
    assert credit.date == date(2026, 3, 10)
    assert credit.amount == Decimal("1190.00")
    assert credit.partner_name == "Müller & Söhne GmbH"  # UTF-8 without an SGML header
    assert credit.remittance_unstructured == "INV/2026/00007 RF18539007547034"
    assert credit.unique_id == "DE-2026-0310-001"
    assert fee.amount == Decimal("-9.90")
    assert fee.partner_name == "Kontoführung"
    assert fee.bank_transaction_code == "FEE"
    assert fee.payment_ref == "Kontoführung"


def test_charset_none_and_latin1():
    data = read_sample("ofx_v1_sgml.ofx").replace(b"CHARSET:1252", b"CHARSET:NONE")
    (statement,) = ofx.parse(data)
    assert statement.transactions[1].partner_name == "CAFÉ DU MONDE"  # cp1252 fallback
    data = read_sample("ofx_v1_sgml.ofx").replace(
        b"CHARSET:1252", b"CHARSET:ISO-8859-1"
    )
    (statement,) = ofx.parse(data)
    assert statement.transactions[1].partner_name == "CAFÉ DU MONDE"


def test_parse_statement_file_dispatches_ofx():
    statements = parse_statement_file(read_sample("ofx_v1_sgml.ofx"))
    assert [t.unique_id for t in statements[0].transactions] == [
        "202603030001",
        "202603050002",
        "202603100003",
        "202603200004",
    ]
    assert not swift_mt940.sniff(read_sample("ofx_v2_xml.ofx"))


def test_malformed_amount():
    with refused("statements.ofx.unreadable") as error:
        ofx.parse(read_sample("ofx_malformed.ofx"))
    assert error.params["reason"].startswith("Invalid Transaction Amount: 'six hundred")


def test_no_statement():
    with refused("statements.ofx.no_statement"):
        ofx.parse(
            b"OFXHEADER:100\nDATA:OFXSGML\n\n"
            b"<OFX><SIGNONMSGSRSV1></SIGNONMSGSRSV1></OFX>"
        )
    message = "The OFX file could not be read: The ofx file is empty"
    with refused("statements.ofx.unreadable", message):
        ofx.parse(b"OFXHEADER:100\n\n<HTML></HTML>")
