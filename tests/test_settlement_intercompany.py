"""Centralized payments: the split of a settlement between the paying company and the
invoice company (database-free), number for number against D365 Finance's worked
examples 1, 3 and 4 (``../shared/reference/d365-credit-collections.md`` section 9.3,
from ``AR/centralized-payments-accounts-receivable.md``; all companies in USD)."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from ar_reconcile_lib import settlement as S
from ar_reconcile_lib.settlement import codes as C
from ar_reconcile_lib.settlement import intercompany as IC
from settlement_text import refused

D = Decimal
INVOICE_RATE = D("1.2062")  # EUR -> USD on the invoice date
PAYMENT_RATE = D("1.2277")  # EUR -> USD on the payment date


def document(open_amount, open_balance, applied, payment_balance, **kw):
    values = {
        "reference": "FTI-1",
        "open_amount": D(open_amount),
        "open_balance": D(open_balance),
        "applied": D(applied),
        "discount": D(0),
        "tolerance": D(0),
        "payment_balance": D(payment_balance),
        "payment_currency": "USD",
        "invoice_currency": "USD",
    }
    values.update(
        {key: D(v) if key in ("discount", "tolerance") else v for key, v in kw.items()}
    )
    return IC.CentralizedDocument(**values)


def test_at_rate_gives_the_documents_dollar_amounts():
    assert IC.at_rate(D("600.00"), INVOICE_RATE) == D("723.72")
    assert IC.at_rate(D("600.00"), PAYMENT_RATE) == D("736.62")
    assert IC.at_rate(D("638.22"), INVOICE_RATE) == D("769.82")
    assert IC.at_rate(D("626.22"), PAYMENT_RATE) == D("768.81")
    assert IC.at_rate(D("12.00"), INVOICE_RATE) == D("14.47")


def test_example_1_same_currency_no_exchange_difference():
    """Payment 600 in Fabrikam settles Fabrikam East's invoice of 600: due to 600 in
    Fabrikam, due from 600 against the receivable in East, nothing else."""
    split = IC.split_centralized(document("600.00", "600.00", "600.00", "600.00"))
    assert split.closed_balance == D("600.00")
    assert split.due_to_balance == D("600.00")
    assert split.due_from_balance == D("600.00")
    assert split.discount_balance == split.tolerance_balance == 0
    assert split.exchange_difference == 0


def test_example_3_gain_in_the_paying_company():
    """EUR 600 at 1.2062 (723.72 USD) paid at 1.2277 (736.62 USD): realised gain 12.90
    in Fabrikam, the paying company; East closes its receivable of 723.72 with due from
    723.72 and books no exchange difference."""
    split = IC.split_centralized(
        document(
            "600.00",
            IC.at_rate(D("600.00"), INVOICE_RATE),
            "600.00",
            IC.at_rate(D("600.00"), PAYMENT_RATE),
        )
    )
    assert split.closed_balance == D("723.72")
    assert split.due_from_balance == D("723.72")
    assert split.due_to_balance == D("736.62")
    assert split.payment_exchange_difference == D("12.90")
    assert split.invoice_exchange_difference == 0
    # What stays due between the companies agrees: 736.62 - 12.90 = 723.72.
    assert split.due_to_balance - split.payment_exchange_difference == (
        split.due_from_balance
    )


def test_example_3_gain_in_the_invoice_company_when_set_up_so():
    split = IC.split_centralized(
        document("600.00", "723.72", "600.00", "736.62"),
        exchange_company=IC.INVOICE_COMPANY,
    )
    assert split.due_from_balance == split.due_to_balance == D("736.62")
    assert split.invoice_exchange_difference == D("12.90")
    assert split.payment_exchange_difference == 0
    assert split.exchange_difference == D("12.90")


def test_example_4_discount_in_the_invoice_company_gain_in_the_paying_company():
    """Invoice 600 + tax 38.22 = 638.22 EUR (769.82 USD), 2 % discount on the 600 net:
    paid 626.22 EUR (768.81 USD). Discount 12.00 EUR = 14.47 USD in East; gain 13.46 USD
    in Fabrikam. The settlement itself comes from ``settle_payment``."""
    day = date(2026, 1, 20)
    outcome = S.settle_payment(
        D("626.22"),
        day,
        [
            S.OpenDocument(
                "FTI-1",
                date(2026, 1, 15),
                D("638.22"),
                S.discount_schedule([(10, 2)]),
                D(0),
                D("600.00"),
            )
        ],
    )
    (doc,) = outcome.documents
    assert doc.applied == D("626.22")
    assert doc.total_discount == D("12.00")
    assert doc.remaining == 0
    split = IC.split_centralized(
        document(
            "638.22",
            IC.at_rate(D("638.22"), INVOICE_RATE),
            doc.applied,
            IC.at_rate(doc.applied, PAYMENT_RATE),
            discount=doc.total_discount,
        )
    )
    assert split.closed_balance == D("769.82")
    assert split.discount_balance == D("14.47")
    assert split.applied_balance == D("755.35")
    assert split.due_from_balance == D("755.35")
    assert split.due_to_balance == D("768.81")
    assert split.payment_exchange_difference == D("13.46")
    # East: due from + discount close the receivable exactly.
    assert split.due_from_balance + split.discount_balance == split.closed_balance


def test_partial_payment_takes_its_share_of_the_balance():
    split = IC.split_centralized(document("600.00", "723.72", "300.00", "368.31"))
    assert split.closed_balance == D("361.86")
    assert split.payment_exchange_difference == D("6.45")


def test_credit_note_and_vendor_bill_signs():
    """A vendor bill paid centrally (negative): the loss is negative."""
    split = IC.split_centralized(document("-600.00", "-723.72", "-600.00", "-736.62"))
    assert split.due_from_balance == D("-723.72")
    assert split.payment_exchange_difference == D("-12.90")


def test_refusals():
    with refused("keeps its books in EUR and the invoice company in USD"):
        IC.split_centralized(
            document("600.00", "600.00", "600.00", "600.00", payment_currency="EUR")
        )
    with refused("closes 700.00, more than the 600.00 open", C.CENTRAL_CLOSES_TOO_MUCH):
        IC.split_centralized(document("600.00", "600.00", "700.00", "700.00"))
    with refused("a payment of -600.00 cannot settle", C.CENTRAL_WRONG_SIGN):
        IC.split_centralized(document("600.00", "600.00", "-600.00", "-600.00"))
    with refused("different signs", C.CENTRAL_SIGN_MISMATCH):
        IC.split_centralized(document("600.00", "-600.00", "600.00", "600.00"))
    with refused("nothing|open", C.DOCUMENT_NOTHING_OPEN):
        IC.split_centralized(document("0", "0", "0", "0"))
    with refused("not a number"):
        IC.split_centralized(
            replace(document("600.00", "1", "600.00", "600.00"), open_balance="x")
        )
    with pytest.raises(TypeError):
        IC.split_centralized(
            document("600.00", "600.00", "600.00", "600.00"), exchange_company="x"
        )
    with pytest.raises(TypeError):
        IC.split_centralized(
            replace(document("600.00", "1", "600.00", "600.00"), open_balance=600.0)
        )
