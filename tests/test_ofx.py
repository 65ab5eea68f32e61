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
    with refused("statements.ofx.amount_not_a_number") as error:
        ofx.parse(read_sample("ofx_malformed.ofx"))
    assert error.params["element"] == "TRNAMT"
    assert error.params["value"].startswith("six hundred")


def test_no_statement():
    with refused("statements.ofx.no_statement"):
        ofx.parse(
            b"OFXHEADER:100\nDATA:OFXSGML\n\n"
            b"<OFX><SIGNONMSGSRSV1></SIGNONMSGSRSV1></OFX>"
        )
    message = "The OFX file could not be read: The ofx file is empty"
    with refused("statements.ofx.unreadable", message):
        ofx.parse(b"OFXHEADER:100\n\n<HTML></HTML>")


# --- leniency and refusals: small files written here


def small_ofx(
    transactions, curdef="<CURDEF>EUR", balance="<BALAMT>100.00<DTASOF>20260331"
):
    return (
        "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nENCODING:USASCII\nCHARSET:1252\n\n"
        "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>"
        "<DTSERVER>20260301</SONRS></SIGNONMSGSRSV1>"
        "<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>"
        f"<STMTRS>{curdef}<BANKACCTFROM><BANKID>1<ACCTID>4711<ACCTTYPE>CHECKING"
        "</BANKACCTFROM><BANKTRANLIST><DTSTART>20260301<DTEND>20260331"
        + "".join(
            f"<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20260310<TRNAMT>{amount}"
            f"<FITID>{fitid}<NAME>{name}</STMTTRN>"
            for amount, fitid, name in transactions
        )
        + f"</BANKTRANLIST><LEDGERBAL>{balance}</LEDGERBAL>"
        "</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"
    ).encode()


def test_small_ofx_reads():
    (statement,) = ofx.parse(small_ofx([("12.50", "A1", "Payer")]))
    assert statement.currency == "EUR"
    assert [
        (t.amount, t.unique_id, t.partner_name) for t in statement.transactions
    ] == [(Decimal("12.50"), "A1", "Payer")]


def test_empty_curdef_name_and_fitid_are_absent_not_fatal():
    data = small_ofx([("12.34", "", "")], curdef="<CURDEF>", balance="<BALAMT><DTASOF>")
    (statement,) = ofx.parse(data)
    assert statement.currency == ""
    assert statement.closing_balance is None
    (line,) = statement.transactions
    assert line.amount == Decimal("12.34") and line.unique_id == ""
    (statement,) = parse_statement_file(data)
    assert statement.transactions[0].unique_id.startswith("h:")
    # A balance with a date but no amount is damaged, not absent.
    with refused("statements.ofx.unreadable", "ledger balance amount was empty"):
        ofx.parse(small_ofx([("1.00", "A1", "x")], balance="<BALAMT><DTASOF>20260331"))


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-inf", "1e3"])
def test_amounts_that_are_no_number(value):
    with refused("statements.ofx.amount_not_a_number") as error:
        ofx.parse(small_ofx([(value, "A1", "Payer")]))
    assert error.params == {"element": "TRNAMT", "value": value}


def test_a_transaction_ofxparse_would_skip_refuses_the_file():
    with refused("statements.ofx.bad_transaction") as error:
        ofx.parse(small_ofx([("12.00", "A1", "x"), ("$20", "A2", "y")]))
    assert error.params["index"] == 2
    assert "$20" in error.params["error"]


def test_more_decimals_than_the_currency():
    with refused("statements.amount_too_precise") as error:
        parse_statement_file(small_ofx([("100.505", "A1", "Payer")]))
    assert error.params["value"] == "100.505"


def test_sign_on_and_server_errors_carry_the_banks_text():
    data = small_ofx([]).replace(
        b"<SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>",
        b"<SONRS><STATUS><CODE>15500<SEVERITY>ERROR<MESSAGE>Wrong password</STATUS>",
    )
    with refused("statements.ofx.bank_error") as error:
        ofx.parse(data)
    assert error.params == {"status": "15500", "error": "Wrong password"}
    data = small_ofx([]).replace(
        b"<TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS>",
        b"<TRNUID>1<STATUS><CODE>2000<SEVERITY>ERROR<MESSAGE>General Server Error"
        b"</STATUS><STMTRS>",
    )
    with refused("statements.ofx.bank_error", "General Server Error"):
        ofx.parse(data)


def test_null_byte():
    with refused("statements.null_byte"):
        ofx.parse(small_ofx([("1.00", "A\x001", "x")]))


def _investment(transactions, currency="USD"):
    return (
        "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n"
        "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>"
        "<DTSERVER>20260301</SONRS></SIGNONMSGSRSV1><INVSTMTMSGSRSV1><INVSTMTTRNRS>"
        "<TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><INVSTMTRS>"
        "<DTASOF>20260331<CURDEF>USD<INVACCTFROM><BROKERID>b.com<ACCTID>X1"
        "</INVACCTFROM><INVTRANLIST><DTSTART>20260301<DTEND>20260331"
        + "".join(transactions).replace("{currency}", currency)
        + "</INVTRANLIST></INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1></OFX>\n"
    ).encode()


BANK_IN_INVESTMENT = (
    "<INVBANKTRAN><STMTTRN><TRNTYPE>CHECK<DTPOSTED>20260305<TRNAMT>-15.00"
    "<FITID>I1<NAME>Check 1001<CURRENCY><CURRATE>1<CURSYM>{currency}</CURRENCY>"
    "</STMTTRN><SUBACCTFUND>CASH</INVBANKTRAN>"
)
TRADE = (
    "<BUYSTOCK><INVBUY><INVTRAN><FITID>T1<DTTRADE>20260305</INVTRAN>"
    "<SECID><UNIQUEID>123<UNIQUEIDTYPE>CUSIP</SECID><UNITS>1<UNITPRICE>10"
    "<TOTAL>-10<SUBACCTSEC>CASH<SUBACCTFUND>CASH</INVBUY><BUYTYPE>BUY</BUYSTOCK>"
)


def test_bank_transactions_of_an_investment_cash_account_are_read():
    (statement,) = ofx.parse(_investment([BANK_IN_INVESTMENT]))
    assert statement.account_number == "X1"
    (line,) = statement.transactions
    assert line.amount == Decimal("-15.00") and line.unique_id == "I1"


def test_an_entry_in_another_currency_than_its_account_is_refused():
    with refused("statements.entry_in_other_currency") as error:
        ofx.parse(_investment([BANK_IN_INVESTMENT], currency="CAD"))
    assert error.params == {
        "index": 1,
        "statement": "X1",
        "currency": "CAD",
        "account_currency": "USD",
    }


def test_an_investment_statement_with_trades_is_no_bank_statement():
    with refused("statements.ofx.no_statement"):
        ofx.parse(_investment([BANK_IN_INVESTMENT, TRADE]))
