"""Regenerate ``xlsx_statement.xlsx``, the XLSX sample of ``tests/test_sheet.py``.

The sample is a binary file, so the script that writes it is kept next to it: run
``python3 ar_reconcile/tests/data/make_xlsx_sample.py`` after changing the data below. Dates and amounts
are typed cells (as Excel stores them), except one text date and one text amount, because
exports mix both.
"""

import pathlib
from datetime import datetime

import openpyxl

ROWS = [
    # Booking date, Value date, Text, Amount, Balance, Reference, Counterparty IBAN
    (
        datetime(2026, 5, 4),
        datetime(2026, 5, 4),
        "Payment invoice 2026/0042",
        1500.5,
        6500.5,
        "RF18539007547034",
        "NO93 8601 1117 947",
    ),
    (datetime(2026, 5, 5), datetime(2026, 5, 6), "Bank fee", -15, 6485.5, None, None),
    ("06.05.2026", None, "Card purchase", "-250,25", 6235.25, None, None),
    (
        datetime(2026, 5, 7),
        datetime(2026, 5, 7),
        "Payment KID",
        1000,
        7235.25,
        1234567890128,
        None,
    ),
]


def build(path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Statement"
    sheet.append(["Account statement NO93 8601 1117 947, May 2026"])
    sheet.append(
        [
            "Booking date",
            "Value date",
            "Text",
            "Amount",
            "Balance",
            "Reference",
            "Counterparty IBAN",
        ]
    )
    for row in ROWS:
        sheet.append(row)
    sheet.append([None, None, "Closing balance", None, 7235.25])
    for cell in sheet["A"][2:] + sheet["B"][2:]:
        cell.number_format = "DD.MM.YYYY"
    # Fixed metadata so that regenerating gives the same content.
    workbook.properties.created = workbook.properties.modified = datetime(2026, 5, 8)
    workbook.save(path)


if __name__ == "__main__":
    build(pathlib.Path(__file__).resolve().parent / "xlsx_statement.xlsx")
