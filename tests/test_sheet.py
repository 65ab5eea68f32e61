"""CSV/XLSX statements read through a :class:`SheetMapping`
(``lib/statements/sheet.py``)."""

import io
import time
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from ar_reconcile_lib.statements import StatementParseError, parse_statement_file, sheet
from ar_reconcile_lib.statements.sheet import SheetMapping, parse
from conftest import read_sample
from statement_text import english, refused

D = Decimal


def norwegian(**overrides):
    """The mapping of ``csv_semicolon_comma.csv`` (a Norwegian netbank export)."""
    values = dict(
        delimiter=";",
        date_format="%d.%m.%Y",
        decimal_separator=",",
        thousands_separator=".",
        currency="NOK",
        date_column="Dato",
        value_date_column="Rentedato",
        label_column="Tekst",
        amount_column="Beløp",
        balance_column="Saldo",
        reference_column="KID",
        partner_name_column="Motpart",
        account_number_column="Kontonummer",
        transaction_id_column="Arkivref",
    )
    values.update(overrides)
    return SheetMapping(**values)


def danish(**overrides):
    """The mapping of ``csv_debit_credit_latin1.csv``."""
    values = dict(
        encoding="iso-8859-1",
        delimiter=";",
        header_rows=2,
        footer_rows=1,
        date_format="%d/%m/%Y",
        decimal_separator=",",
        thousands_separator=".",
        amount_mode="debit_credit",
        date_column="Bogført",
        label_column="Tekst",
        debit_column="Debit",
        credit_column="Kredit",
        currency_column="Valuta",
        partner_name_column="Modtager",
    )
    values.update(overrides)
    return SheetMapping(**values)


def indicator(**overrides):
    """The mapping of ``csv_indicator.csv``."""
    values = dict(
        thousands_separator=",",
        amount_mode="indicator",
        date_column="date",
        label_column="DESCRIPTION",
        amount_column="Amount",
        indicator_column="Type",
        currency_column="Currency",
        reference_column="Reference",
        transaction_id_column="Transaction ID",
    )
    values.update(overrides)
    return SheetMapping(**values)


def parse_one(data, mapping, file_format="csv"):
    statements = parse(data, mapping, file_format)
    assert len(statements) == 1
    return statements[0]


def error_of(data, mapping, file_format="csv", code=None):
    """The refusal's message (checked to be of ``code`` when given)."""
    with pytest.raises(StatementParseError) as info:
        parse(data, mapping, file_format)
    message = info.value.message
    assert code is None or message.code == code, message
    return message


def text_of(data, mapping, file_format="csv", code=None):
    """The refusal in English."""
    return english(error_of(data, mapping, file_format, code))


def small(lines, **mapping):
    """Parse an inline ``;``-separated CSV with ``Date;Amount`` columns unless
    overridden."""
    values = dict(delimiter=";", date_column="Date", amount_column="Amount")
    values.update(mapping)
    return parse("\n".join(lines).encode(), SheetMapping(**values))


# --- signed amounts, header names, ordering, balances ---------------------------------


def test_norwegian_export_is_read_chronologically_with_balances():
    data = read_sample("csv_semicolon_comma.csv")
    assert data.startswith(
        b"\xef\xbb\xbf"
    )  # the BOM must not spoil the first column name
    statement = parse_one(data, norwegian())
    assert statement.file_format == "csv"
    assert statement.currency == "NOK"
    assert statement.date == date(2026, 3, 5)
    # The file is newest first; same-day rows keep their chronological (reversed) order.
    assert [(t.date, t.amount) for t in statement.transactions] == [
        (date(2026, 3, 2), D("12500.00")),
        (date(2026, 3, 3), D("-1234.56")),
        (date(2026, 3, 3), D("350.00")),
        (date(2026, 3, 5), D("-99.90")),
    ]
    assert statement.opening_balance == D("10000.00")
    assert statement.closing_balance == D("21515.54")
    statement.check_balances()

    credit, debit, transfer, fee = statement.transactions
    assert credit.value_date == date(2026, 3, 2)
    assert credit.payment_ref == "Innbetaling Bølgen & Moi AS"
    assert credit.partner_name == "Bølgen & Moi AS"
    assert credit.account_number == "12345678903"
    assert credit.remittance_structured == "1234567890128"
    assert credit.remittance_unstructured == "Innbetaling Bølgen & Moi AS"
    assert credit.unique_id == credit.bank_reference == "20260302000001"
    assert transfer.value_date == date(2026, 3, 4)
    assert transfer.partner_name == "Ærlig Øvre Ås"
    assert debit.payment_ref == "Varekjøp Rema 1000 Tromsø"
    assert debit.remittance_structured == ""
    assert fee.partner_name == "" and fee.account_number == ""


def test_columns_by_number_and_names_case_insensitive_and_trimmed():
    by_number = norwegian(
        date_column="1",
        value_date_column="2",
        label_column="3",
        amount_column="4",
        balance_column="5",
        reference_column="6",
        partner_name_column="7",
        account_number_column="8",
        transaction_id_column="9",
    )
    by_odd_names = norwegian(
        date_column=" dato ", amount_column="BELØP", label_column="tekst"
    )
    reference = parse_one(read_sample("csv_semicolon_comma.csv"), norwegian())
    for mapping in (by_number, by_odd_names):
        statement = parse_one(read_sample("csv_semicolon_comma.csv"), mapping)
        assert statement.transactions == reference.transactions
        assert statement.closing_balance == D("21515.54")


def test_no_header_row_uses_column_numbers():
    statement = small(
        ["01.01.2026;x;1,00", "02.01.2026;y;-2,00"],
        header_rows=0,
        date_column="1",
        label_column="2",
        amount_column="3",
        date_format="%d.%m.%Y",
        decimal_separator=",",
    )[0]
    assert [(t.payment_ref, t.amount) for t in statement.transactions] == [
        ("x", D("1.00")),
        ("y", D("-2.00")),
    ]
    with refused(
        "statements.sheet.column_name_without_header",
        "Column 'Date' of the mapping is a name, but the mapping has no header row",
    ) as error:
        small(["2026-01-01;1"], header_rows=0)
    assert error.params == {"column": "Date"}


def test_oldest_first_file_keeps_its_order_and_statement_without_balance_column():
    statement = small(
        ["Date;Amount;Text", "2026-01-01;1;a", "2026-01-01;2;b", "2026-01-03;3;c"],
        label_column="Text",
    )[0]
    assert [t.payment_ref for t in statement.transactions] == ["a", "b", "c"]
    assert statement.opening_balance is None and statement.closing_balance is None
    assert statement.currency == "" and statement.date == date(2026, 1, 3)


def test_unsorted_rows_are_sorted_by_date_stably():
    statement = small(
        [
            "Date;Amount;Text",
            "2026-01-02;1;a",
            "2026-01-01;2;b",
            "2026-01-02;3;c",
            "2026-01-03;4;d",
        ],
        label_column="Text",
    )[0]
    assert [t.payment_ref for t in statement.transactions] == ["b", "a", "c", "d"]


def test_inverse_sign_flips_amounts_and_balances():
    statement = parse_one(
        read_sample("csv_semicolon_comma.csv"), norwegian(inverse_sign=True)
    )
    assert [t.amount for t in statement.transactions] == [
        D("-12500.00"),
        D("1234.56"),
        D("-350.00"),
        D("99.90"),
    ]
    assert statement.opening_balance == D("-10000.00")
    assert statement.closing_balance == D("-21515.54")
    statement.check_balances()


# --- amount text ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, decimal_separator, thousands_separator, expected",
    [
        ("1.234,56", ",", ".", "1234.56"),
        ("1 234,56", ",", " ", "1234.56"),
        (
            "1\u00a0234,56",
            ",",
            ".",
            "1234.56",
        ),  # spaces are stripped whatever the mapping
        ("1,234.56", ".", ",", "1234.56"),
        ("1'234.50", ".", "'", "1234.50"),
        ("1234,5", ",", "", "1234.5"),
        (",5", ",", "", "0.5"),
        ("-12.50", ".", "", "-12.50"),
        ("+12.50", ".", "", "12.50"),
        ("12.50-", ".", "", "-12.50"),
        ("(12.50)", ".", "", "-12.50"),
        ("\u221212.50", ".", "", "-12.50"),
        ("kr 99,90", ",", ".", "99.90"),
        ("NOK -1.000,00", ",", ".", "-1000.00"),
        ("€-5", ".", "", "-5"),
        ("$ (1,000.00)", ".", ",", "-1000.00"),
        ("0", ".", "", "0"),
    ],
)
def test_amount_text(text, decimal_separator, thousands_separator, expected):
    statement = small(
        ["Date|Amount", f"2026-01-01|{text}"],
        delimiter="|",
        decimal_separator=decimal_separator,
        thousands_separator=thousands_separator,
    )[0]
    amount = statement.transactions[0].amount
    assert amount == D(expected) and str(amount) == expected


@pytest.mark.parametrize(
    "text, decimal_separator, thousands_separator",
    [
        ("1.234,56", ",", ""),  # a thousands dot the mapping does not know: no guess
        ("12,34", ".", ""),
        ("1.234.56", ".", ""),
        ("abc", ".", ""),
        ("12-34", ".", ""),
        ("--5", ".", ""),
    ],
)
def test_bad_amount_names_the_row(text, decimal_separator, thousands_separator):
    message = error_of(
        f"Date|Amount\n2026-01-01|1\n2026-01-02|{text}\n".encode(),
        SheetMapping(
            delimiter="|",
            date_column="Date",
            amount_column="Amount",
            decimal_separator=decimal_separator,
            thousands_separator=thousands_separator,
        ),
        code="statements.sheet.bad_amount",
    )
    assert message.params == {
        "row": 3,
        "value": text,
        "decimal": decimal_separator,
        "thousands": thousands_separator,
    }
    assert english(message) == (
        f"Row 3: '{text}' is not an amount (decimal separator '{decimal_separator}', "
        f"thousands separator '{thousands_separator}')."
    )


def test_empty_amount_is_an_error():
    with refused("statements.sheet.amount_empty", r"^Row 2: the amount is empty\.$"):
        small(["Date;Amount;Text", "2026-01-01;;x"])


# --- debit/credit columns -------------------------------------------------------------


def test_debit_credit_latin1_with_title_line_footer_and_currency_column():
    statement = parse_one(read_sample("csv_debit_credit_latin1.csv"), danish())
    assert statement.currency == "DKK"
    # Debit given negative (-1.250,00) or positive (84,56) is money out; "0,00" counts
    # as empty.
    assert [(t.date, t.amount, t.partner_name) for t in statement.transactions] == [
        (date(2026, 3, 10), D("12000.00"), "Høj & Sø ApS"),
        (date(2026, 3, 11), D("-1250.00"), "Ejendomsselskabet Ærø"),
        (date(2026, 3, 12), D("-84.56"), ""),
        (date(2026, 3, 12), D("850.00"), "Åbenrå Træ"),
    ]
    assert statement.opening_balance is None and statement.closing_balance is None
    assert statement.date == date(2026, 3, 12)


def test_footer_rows_matter():
    message = text_of(
        read_sample("csv_debit_credit_latin1.csv"),
        danish(footer_rows=0),
        code="statements.sheet.bad_date",
    )
    assert message == "Row 7: 'Total' is not a date in the format %d/%m/%Y"


def test_debit_credit_inverse_sign():
    statement = parse_one(
        read_sample("csv_debit_credit_latin1.csv"), danish(inverse_sign=True)
    )
    assert [t.amount for t in statement.transactions] == [
        D("-12000.00"),
        D("1250.00"),
        D("84.56"),
        D("-850.00"),
    ]


def test_debit_and_credit_both_filled_or_both_empty():
    mapping = dict(
        amount_mode="debit_credit",
        amount_column="",
        debit_column="Debit",
        credit_column="Credit",
    )
    with refused(
        "statements.sheet.debit_and_credit",
        r"^Row 3: both debit \(5\) and credit \(7\) are filled\.$",
    ) as error:
        small(["Date;Debit;Credit", "2026-01-01;;1", "2026-01-02;5;7"], **mapping)
    assert error.params == {"row": 3, "debit": "5", "credit": "7"}
    with refused(
        "statements.sheet.neither_debit_nor_credit",
        r"^Row 2: neither debit nor credit is filled\.$",
    ):
        small(["Date;Debit;Credit", "2026-01-01;;"], **mapping)
    statement = small(["Date;Debit;Credit", "2026-01-01;0;0"], **mapping)[0]
    assert statement.transactions[0].amount == 0


# --- amount + indicator column --------------------------------------------------------


def test_indicator_with_quoted_fields_and_embedded_commas():
    statement = parse_one(read_sample("csv_indicator.csv"), indicator())
    assert statement.currency == "EUR"
    assert [(t.amount, t.payment_ref, t.unique_id) for t in statement.transactions] == [
        (D("1250.00"), "Payment, invoice INV/2026/0001", "TX-0001"),
        (D("-45.10"), 'Card purchase, "Office Depot", Paris', "TX-0002"),
        (D("300.00"), "Refund", "TX-0003"),  # indicator "c": case-insensitive
        (D("-2000.00"), "Transfer out, rent", "TX-0004"),
    ]
    assert statement.transactions[0].remittance_structured == "RF18539007547034"
    assert statement.transactions[0].bank_reference == "TX-0001"


def test_indicator_custom_values_and_sign_of_amount_ignored():
    mapping = dict(
        amount_mode="indicator",
        indicator_column="Dir",
        credit_value="in",
        debit_value="OUT",
    )
    lines = ["Date;Amount;Dir", "2026-01-01;-5;IN", "2026-01-02;5;out"]
    statement = small(lines, **mapping)[0]
    assert [t.amount for t in statement.transactions] == [D(5), D(-5)]


def test_unknown_indicator_value():
    message = text_of(
        read_sample("csv_indicator.csv").replace(b",c,", b",X,"),
        indicator(),
        code="statements.sheet.bad_indicator",
    )
    assert (
        message
        == "Row 4: 'X' in column 'Type' is neither 'C' (credit) nor 'D' (debit)."
    )


# --- text fields, currencies ----------------------------------------------------------


def test_label_notes_partner_fallbacks():
    lines = [
        "Date;Amount;Label;Notes;Payer;Account;Code;E2E",
        "2026-01-01;1;Label A;Invoice 17;Payer A;no93 8601 1117 947;PMNT;E2E-1",
        "2026-01-02;2;;Invoice 18;Payer B;;;",
        "2026-01-03;3;;;Payer C;;;",
        "2026-01-04;4;Same;Same;;;;",
    ]
    statement = small(
        lines,
        label_column="Label",
        notes_column="Notes",
        partner_name_column="Payer",
        account_number_column="Account",
        transaction_code_column="Code",
        end_to_end_column="E2E",
    )[0]
    first, second, third, fourth = statement.transactions
    assert (first.payment_ref, first.remittance_unstructured) == (
        "Label A",
        "Invoice 17 Label A",
    )
    assert first.account_number == "NO9386011117947"
    assert first.bank_transaction_code == "PMNT" and first.end_to_end_id == "E2E-1"
    assert first.unique_id == "" and first.bank_reference == ""
    assert (second.payment_ref, second.remittance_unstructured) == (
        "Invoice 18",
        "Invoice 18",
    )
    assert (third.payment_ref, third.remittance_unstructured) == ("Payer C", "")
    assert fourth.remittance_unstructured == "Same"


def test_currency_column_wins_and_mixed_currencies_are_refused():
    statement = small(
        ["Date;Amount;Cur", "2026-01-01;1;eur", "2026-01-02;2;"],
        currency_column="Cur",
        currency="NOK",
    )[0]
    assert statement.currency == "EUR"
    with refused("statements.sheet.mixed_currencies") as error:
        small(
            ["Date;Amount;Cur", "2026-01-01;1;NOK", "2026-01-02;2;EUR"],
            currency_column="Cur",
        )
    assert error.params == {"currencies": ("EUR", "NOK")}


# --- layout: header, footer, blank lines, delimiters ----------------------------------


def test_blank_lines_are_skipped_and_row_numbers_are_file_lines():
    data = b'Date;Amount;Text\n\n2026-01-01;1;"two\nlines"\n\n2026-01-02;oops;x\n'
    assert text_of(
        data,
        SheetMapping(
            delimiter=";",
            date_column="Date",
            amount_column="Amount",
            label_column="Text",
        ),
    ).startswith("Row 6: 'oops'")
    statement = small(["Date;Amount", "", "2026-01-01;1", ";", "2026-01-02;2", "", ""])[
        0
    ]
    assert [t.amount for t in statement.transactions] == [1, 2]


def test_tab_delimiter_and_quotechar():
    data = b"Date\tAmount\tText\n2026-01-01\t1\t'a\tb'\n"
    for delimiter in ("\t", "\\t"):
        statement = parse_one(
            data,
            SheetMapping(
                delimiter=delimiter,
                quotechar="'",
                date_column="Date",
                amount_column="Amount",
                label_column="Text",
            ),
        )
        assert statement.transactions[0].payment_ref == "a\tb"


def test_no_quote_character_reads_quotes_as_text():
    statement = small(
        ["Date;Amount;Text", '2026-01-01;1;"a"'], quotechar="", label_column="Text"
    )
    assert statement[0].transactions[0].payment_ref == '"a"'


def test_header_rows_last_one_names_the_columns():
    lines = [
        "Statement for 1234",
        "Period;January",
        "Date;Amount",
        "2026-01-01;1",
        "Total;1",
        "Generated by netbank",
    ]
    statement = small(lines, header_rows=3, footer_rows=2)[0]
    assert [(t.date, t.amount) for t in statement.transactions] == [
        (date(2026, 1, 1), 1)
    ]


def test_no_transactions():
    for lines in (["Date;Amount"], ["Date;Amount", "", ""], ["Date;Amount", "Total;0"]):
        footer = 1 if "Total;0" in lines else 0
        with refused("statements.no_transactions"):
            small(lines, footer_rows=footer)
    with refused("statements.no_transactions"):
        small([""], header_rows=2)


def test_row_with_too_few_cells():
    with refused(
        "statements.sheet.too_few_cells",
        r"^Row 3: has 2 cells, but the mapping reads column 3\. ",
    ) as error:
        small(
            ["Date;Text;Amount", "2026-01-01;a;1", "2026-01-02;b"], label_column="Text"
        )
    assert error.params == {"row": 3, "cells": 2, "column": 3}


# --- mapping and file errors ----------------------------------------------------------


def test_missing_mapped_column_lists_the_header():
    message = error_of(
        read_sample("csv_semicolon_comma.csv"),
        norwegian(amount_column="Amount"),
        code="statements.sheet.column_not_in_header",
    )
    assert message.params["header"][:3] == ("Dato", "Rentedato", "Tekst")
    assert english(message) == (
        "Column 'Amount' of the mapping is not in the file's header: Dato, Rentedato, "
        "Tekst, Beløp, Saldo, KID, Motpart, Kontonummer, Arkivref"
    )


def test_required_columns_of_the_mapping():
    data = read_sample("csv_semicolon_comma.csv")
    assert (
        text_of(data, norwegian(date_column=""))
        == "The import mapping has no date column."
    )
    assert (
        text_of(data, norwegian(amount_column=""))
        == "The import mapping has no amount column."
    )
    assert (
        text_of(data, norwegian(amount_mode="debit_credit", debit_column="Beløp"))
        == "The import mapping has no credit column."
    )
    assert (
        text_of(data, norwegian(amount_mode="indicator"))
        == "The import mapping has no indicator column."
    )
    assert (
        text_of(data, norwegian(amount_mode="split"))
        == "Unknown amount mode 'split' in the import mapping."
    )
    assert (
        text_of(data, norwegian(date_column="0"))
        == "Column numbers in the import mapping start at 1, not 0."
    )


def test_bad_date_names_row_and_format():
    mapping = SheetMapping(
        delimiter=";",
        date_format="%d.%m.%Y",
        decimal_separator=",",
        date_column="Dato",
        amount_column="Beløp",
    )
    assert (
        text_of(
            read_sample("csv_bad_date.csv"), mapping, code="statements.sheet.bad_date"
        )
        == "Row 5: '31.02.2026' is not a date in the format %d.%m.%Y"
    )
    with refused("statements.sheet.date_empty") as error:
        small(["Date;Amount", ";1"])
    assert error.params == {"row": 2}


def test_wrong_encoding_is_explained():
    message = error_of(
        read_sample("csv_debit_credit_latin1.csv"),
        danish(encoding="utf-8"),
        code="statements.sheet.bad_encoding",
    )
    assert message.params == {"encoding": "utf-8", "byte": "0xf8", "position": 36}
    assert english(message) == (
        "The file is not valid utf-8 (byte 0xf8 at position 36). Set the encoding of "
        "the import mapping (for example ISO-8859-1 or Windows-1252)."
    )
    assert (
        text_of(b"x", danish(encoding="klingon"))
        == "Unknown encoding 'klingon' in the import mapping."
    )


def test_windows_1252_encoding():
    data = "Date;Amount;Text\n2026-01-01;1;Café €\n".encode("cp1252")
    statement = parse_one(
        data,
        SheetMapping(
            encoding="Windows-1252",
            delimiter=";",
            date_column="Date",
            amount_column="Amount",
            label_column="Text",
        ),
    )
    assert statement.transactions[0].payment_ref == "Café €"


# --- XLSX -----------------------------------------------------------------------------


def xlsx_mapping(**overrides):
    values = dict(
        header_rows=2,
        footer_rows=1,
        date_format="%d.%m.%Y",
        decimal_separator=",",
        currency="nok",
        date_column="Booking date",
        value_date_column="Value date",
        label_column="Text",
        amount_column="Amount",
        balance_column="Balance",
        reference_column="Reference",
        account_number_column="Counterparty IBAN",
        delimiter="not used",
        encoding="not used either",
    )
    values.update(overrides)
    return SheetMapping(**values)


def test_xlsx_typed_and_text_cells():
    statement = parse_one(read_sample("xlsx_statement.xlsx"), xlsx_mapping(), "xlsx")
    assert statement.file_format == "xlsx"
    assert statement.currency == "NOK"
    assert [(t.date, t.value_date, t.amount) for t in statement.transactions] == [
        (date(2026, 5, 4), date(2026, 5, 4), D("1500.5")),
        (date(2026, 5, 5), date(2026, 5, 6), D("-15")),
        (date(2026, 5, 6), None, D("-250.25")),  # text date and text amount
        (date(2026, 5, 7), date(2026, 5, 7), D("1000")),
    ]
    assert all(isinstance(t.amount, Decimal) for t in statement.transactions)
    first, _fee, _card, kid = statement.transactions
    assert first.remittance_structured == "RF18539007547034"
    assert first.account_number == "NO9386011117947"
    assert kid.remittance_structured == "1234567890128"  # a number cell, read as digits
    assert statement.opening_balance == D("5000.0")
    assert statement.closing_balance == D("7235.25")
    assert statement.date == date(2026, 5, 7)
    statement.check_balances()


def test_xlsx_by_column_number_and_errors():
    statement = parse_one(
        read_sample("xlsx_statement.xlsx"),
        xlsx_mapping(
            date_column="1",
            amount_column="4",
            label_column="3",
            value_date_column="",
            balance_column="",
            reference_column="",
            account_number_column="",
        ),
        "xlsx",
    )
    assert [t.payment_ref for t in statement.transactions] == [
        "Payment invoice 2026/0042",
        "Bank fee",
        "Card purchase",
        "Payment KID",
    ]
    assert (
        text_of(read_sample("xlsx_statement.xlsx"), xlsx_mapping(footer_rows=0), "xlsx")
        == "Row 7: the date is empty."
    )
    assert text_of(b"PK\x03\x04 not a zip", xlsx_mapping(), "xlsx").startswith(
        "The file is not a readable XLSX workbook"
    )


# --- through parse_statement_file -----------------------------------------------------


def test_parse_statement_file_csv_end_to_end():
    statements = parse_statement_file(
        read_sample("csv_semicolon_comma.csv"), sheet_mapping=norwegian()
    )
    assert [t.unique_id for t in statements[0].transactions] == [
        "20260302000001",
        "20260303000002",
        "20260303000003",
        "20260305000004",
    ]
    statements = parse_statement_file(
        read_sample("csv_debit_credit_latin1.csv"), sheet_mapping=danish()
    )
    ids = [t.unique_id for t in statements[0].transactions]
    assert all(i.startswith("h:") for i in ids) and len(set(ids)) == 4


def test_parse_statement_file_detects_xlsx():
    statements = parse_statement_file(
        read_sample("xlsx_statement.xlsx"), sheet_mapping=xlsx_mapping()
    )
    assert statements[0].file_format == "xlsx"
    assert len(statements[0].transactions) == 4
    with refused("statements.xlsx_needs_mapping", "set an import mapping"):
        parse_statement_file(read_sample("xlsx_statement.xlsx"))


def test_parse_statement_file_csv_errors():
    with refused("statements.unknown_format", "Unknown file format"):
        parse_statement_file(read_sample("csv_indicator.csv"))
    with refused("statements.sheet.bad_date", r"^Row 5: '31\.02\.2026' is not a date"):
        parse_statement_file(
            read_sample("csv_bad_date.csv"),
            sheet_mapping=SheetMapping(
                delimiter=";",
                date_format="%d.%m.%Y",
                decimal_separator=",",
                date_column="Dato",
                amount_column="Beløp",
            ),
        )


# --- amounts are never misread ----------------------------------------------------


@pytest.mark.parametrize(
    "text", ["1e3", "12abc34,00", "100 CR", "DR 100", "1,5e2", "0x10", "NaN", "inf"]
)
def test_letters_in_an_amount_make_it_no_amount(text):
    message = error_of(
        f"Date;Amount\n2026-01-01;1\n2026-01-02;{text}\n".encode(),
        SheetMapping(delimiter=";", date_column="Date", amount_column="Amount"),
        code="statements.sheet.bad_amount",
    )
    assert message.params["row"] == 3
    assert message.params["value"] == text


def test_more_decimals_than_the_currency_is_refused_with_the_row():
    with refused("statements.sheet.amount_too_precise") as error:
        small(["Date;Amount", "2026-01-01;1", "2026-01-02;100.505"], currency="USD")
    assert error.params == {
        "row": 3,
        "value": "100.505",
        "currency": "USD",
        "decimals": 2,
    }
    with refused("statements.sheet.amount_too_precise") as error:
        small(
            ["Date;Amount;Cur", "2026-01-02;100.5;JPY"],
            currency_column="Cur",
        )
    assert error.params["decimals"] == 0
    # Trailing zeros are not more decimals.
    statement = small(["Date;Amount", "2026-01-02;100.500"], currency="USD")[0]
    assert statement.transactions[0].amount == D("100.500")


def test_typed_numbers_that_are_no_exact_amount():
    mapping = SheetMapping()
    with refused("statements.sheet.amount_not_a_number"):
        sheet._amount(4, float("nan"), mapping)
    with refused("statements.sheet.amount_not_a_number"):
        sheet._amount(4, float("-inf"), mapping)
    with refused("statements.sheet.amount_beyond_precision") as error:
        sheet._amount(4, 12345678901234.567, mapping)
    assert error.params["row"] == 4
    assert sheet._amount(4, 12345678901.25, mapping) == D("12345678901.25")
    assert sheet._amount(4, 7, mapping) == D(7)


def test_very_large_amount_as_text_stays_exact():
    statement = small(["Date;Amount", "2026-01-02;12345678901234.57"])[0]
    assert statement.transactions[0].amount == D("12345678901234.57")


# --- hostile and huge workbooks: written by hand here -----------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.'
    'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def _row(number, *values):
    cells = "".join(
        f'<c r="{column}{number}" t="inlineStr"><is><t>{value}</t></is></c>'
        for column, value in zip("ABC", values, strict=False)
    )
    return f'<row r="{number}">{cells}</row>'


def workbook(rows, dimension=None, prolog="", body_rows=None):
    """An XLSX of ``rows`` (tuples of texts); ``body_rows`` (an iterable of row XML)
    is streamed after them."""
    dimension = dimension or f"A1:B{len(rows)}"
    sheet = "".join(
        [
            f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="http://'
            'schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<dimension ref="{dimension}"/><sheetData>',
            *(_row(n, *values) for n, values in enumerate(rows, 1)),
            *(body_rows or ()),
            "</sheetData></worksheet>",
        ]
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


XLSX_MAPPING = SheetMapping(date_column="Date", amount_column="Amount")


def test_hand_written_workbook_reads():
    data = workbook([("Date", "Amount"), ("2026-03-02", "10.50")])
    (statement,) = parse_statement_file(data, sheet_mapping=XLSX_MAPPING)
    assert statement.file_format == "xlsx"
    assert [t.amount for t in statement.transactions] == [D("10.50")]


def test_workbook_with_an_external_entity_or_an_entity_bomb_is_refused():
    external = '<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    data = workbook([("Date", "Amount"), ("2026-03-02", "&x;")], prolog=external)
    with refused("statements.sheet.xlsx_entities") as error:
        parse_statement_file(data, sheet_mapping=XLSX_MAPPING)
    assert error.params == {"part": "xl/worksheets/sheet1.xml"}
    bomb = (
        '<!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaa">'
        + "".join(
            f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">'
            for n in range(8)
        )
        + "]>"
    )
    data = workbook([("Date", "Amount"), ("2026-03-02", "&i;")], prolog=bomb)
    with refused("statements.sheet.xlsx_entities"):
        parse_statement_file(data, sheet_mapping=XLSX_MAPPING)
    # Hidden after a long comment, the declaration is still before the root.
    padded = "<!--" + " " * 70_000 + "-->" + external
    with refused("statements.sheet.xlsx_entities"):
        parse(workbook([("Date", "Amount")], prolog=padded), XLSX_MAPPING, "xlsx")


def test_two_million_rows_are_refused_quickly_header_first():
    body = (
        f'<row r="{n}"><c r="A{n}"><v>46083</v></c><c r="B{n}"><v>1</v></c></row>'
        for n in range(2, 2_000_002)
    )
    data = workbook([("Dato", "Beløp")], dimension="A1:B2000001", body_rows=body)
    started = time.monotonic()
    with refused("statements.sheet.column_not_in_header"):
        parse(data, XLSX_MAPPING, "xlsx")
    started_size = time.monotonic()
    with refused("statements.sheet.too_many_rows") as error:
        parse(data, SheetMapping(date_column="Dato", amount_column="Beløp"), "xlsx")
    assert error.params == {"limit": sheet.MAX_ROWS}
    assert started_size - started < 5
    assert time.monotonic() - started_size < 5


def test_rows_beyond_the_limit_are_refused_when_the_sheet_does_not_say(monkeypatch):
    monkeypatch.setattr(sheet, "MAX_ROWS", 3)
    rows = [("Date", "Amount")] + [("2026-03-02", "1.00")] * 4
    with refused("statements.sheet.too_many_rows"):
        parse(workbook(rows, dimension="A1"), XLSX_MAPPING, "xlsx")
    with refused("statements.sheet.too_many_rows"):
        small(["Date;Amount"] + ["2026-03-02;1"] * 4)
    assert len(small(["Date;Amount"] + ["2026-03-02;1"] * 3)[0].transactions) == 3


def test_null_byte_in_a_csv():
    with refused("statements.sheet.null_byte") as error:
        small(["Date;Amount", "2026-03-02;1", "2026-03-03;2\x00"])
    assert error.params == {"row": 3, "encoding": "utf-8"}
    # UTF-16 has zero bytes that are no null characters.
    data = "Date;Amount\n2026-03-02;1\n".encode("utf-16")
    (statement,) = parse(
        data,
        SheetMapping(
            encoding="utf-16", delimiter=";", date_column="Date", amount_column="Amount"
        ),
    )
    assert statement.transactions[0].amount == D(1)
