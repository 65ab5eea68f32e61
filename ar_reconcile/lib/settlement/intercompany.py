"""Centralized payments: one company receives the money, another company's document is
settled (D365 Finance, ``d365-credit-collections.md`` section 9.3).

The paying company books the bank line against its *due to* account (it holds cash that
belongs to the invoice company); the invoice company books an intercompany entry, its
*due from* account (the paying company owes it the cash) against the customer's
receivable, which closes the document. The cash discount and the payment tolerance are
booked in the invoice's company, at the document's own rate, so the document closes
without any exchange difference there; the exchange gain or loss of the payment is
booked in the company D365's *Post currency exchange gain or loss* names, by default the
payment's.

:func:`split_centralized` works out the balances of both entries for one settled
document. Both companies keep their books in one currency (the *accounting currency*):
an exchange difference between two currencies of account cannot be moved from one
company to the other.

Signs are Odoo's (see the package docstring): a customer invoice and the money received
are positive. For a customer invoice the paying company credits *due to* and the invoice
company debits *due from*; a positive ``exchange_difference`` is a gain (posted as a
credit), a negative one a loss.

D365's example 3: EUR 600 invoiced at 1.2062 (723.72 USD), paid at 1.2277 (736.62 USD):
the invoice company books due from 723.72 against its receivable of 723.72; the paying
company books due to 736.62 against the bank and moves 12.90 from due to into realised
gain, so that both companies agree on 723.72 between them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..messages import MessageError
from . import codes as C
from .common import CENT, ZERO, _check_rounding, _decimal, _exact_arithmetic, _sign
from .common import round_money as _round

# Where the exchange difference of a centralized payment is posted (D365's "Post
# currency exchange gain or loss" on the intercompany accounting set-up).
PAYMENT_COMPANY = "payment"
INVOICE_COMPANY = "invoice"
EXCHANGE_COMPANIES = (PAYMENT_COMPANY, INVOICE_COMPANY)


@dataclass(frozen=True)
class CentralizedDocument:
    """One document of another company settled by the payment.

    * ``open_amount``: what is open on it, in its own currency (signed);
    * ``open_balance``: the same in the invoice company's accounting currency, at the
      document's own rate (Odoo's residual balance);
    * ``applied``, ``discount``, ``tolerance``: what the payment, the cash discount and
      the payment tolerance close on it, in the document's currency;
    * ``payment_balance``: what the payment books for ``applied`` in the paying
      company's accounting currency, at the payment's rate (the bank's own rate);
    * ``payment_currency`` and ``invoice_currency``: the two companies' accounting
      currencies (codes), which must be the same.
    """

    reference: str
    open_amount: Decimal
    open_balance: Decimal
    applied: Decimal
    discount: Decimal
    tolerance: Decimal
    payment_balance: Decimal
    payment_currency: str
    invoice_currency: str


@dataclass(frozen=True)
class CentralizedSplit:
    """The balances of a centralized settlement of one document, in the accounting
    currency (signed the Odoo way, see the module docstring).

    Invoice company: the receivable item closing the document is
    ``-closed_balance``, the discount ``discount_balance`` and the tolerance
    ``tolerance_balance`` (debits for an invoice), due from ``due_from_balance`` (a
    debit), and, when the exchange difference is the invoice company's,
    ``invoice_exchange_difference`` (a credit when positive: a gain).

    Paying company: due to ``-due_to_balance`` against the bank, and
    ``payment_exchange_difference`` moved from due to into realised gain (positive) or
    loss (negative).
    """

    reference: str
    closed_balance: Decimal
    discount_balance: Decimal
    tolerance_balance: Decimal
    applied_balance: Decimal
    due_from_balance: Decimal
    due_to_balance: Decimal
    payment_exchange_difference: Decimal
    invoice_exchange_difference: Decimal

    @property
    def exchange_difference(self):
        """The whole exchange difference, wherever it is posted."""
        return self.payment_exchange_difference + self.invoice_exchange_difference


def _amount(value, field, reference):
    return _decimal(value, (field, {"document": reference}))


@_exact_arithmetic
def split_centralized(document, exchange_company=PAYMENT_COMPANY, rounding=CENT):
    """The :class:`CentralizedSplit` of ``document`` (a :class:`CentralizedDocument`).

    What the document closes (payment, discount and tolerance) is its open balance when
    it closes in full, else that share of it, rounded to ``rounding``; the discount and
    the tolerance are their share of the open balance, and the payment is what is left
    of what closes: the invoice company books no exchange difference unless
    ``exchange_company`` is :data:`INVOICE_COMPANY`.

    Refuses (``MessageError``) two accounting currencies, a document with nothing open,
    and a settlement closing more than is open or of the other sign.
    """
    rounding = _check_rounding(rounding)
    reference = document.reference
    if exchange_company not in EXCHANGE_COMPANIES:
        raise TypeError(f"exchange_company is one of {EXCHANGE_COMPANIES}")
    if document.payment_currency != document.invoice_currency:
        raise MessageError(
            C.CENTRAL_CURRENCIES_DIFFER,
            document=reference,
            payment_currency=document.payment_currency,
            invoice_currency=document.invoice_currency,
        )
    open_amount = _amount(document.open_amount, C.FIELD_DOCUMENT_OPEN_AMOUNT, reference)
    open_balance = _amount(
        document.open_balance, C.FIELD_CENTRAL_OPEN_BALANCE, reference
    )
    applied = _amount(document.applied, C.FIELD_CENTRAL_APPLIED, reference)
    discount = _amount(document.discount, C.FIELD_CENTRAL_DISCOUNT, reference)
    tolerance = _amount(document.tolerance, C.FIELD_CENTRAL_TOLERANCE, reference)
    payment_balance = _amount(
        document.payment_balance, C.FIELD_CENTRAL_PAYMENT_BALANCE, reference
    )
    if not open_amount or not open_balance:
        raise MessageError(C.DOCUMENT_NOTHING_OPEN, document=reference)
    if _sign(open_amount) != _sign(open_balance):
        raise MessageError(
            C.CENTRAL_SIGN_MISMATCH,
            document=reference,
            amount=open_amount,
            balance=open_balance,
        )
    closed = applied + discount + tolerance
    if _sign(applied) not in (0, _sign(open_amount)) or _sign(payment_balance) not in (
        0,
        _sign(applied),
    ):
        raise MessageError(
            C.CENTRAL_WRONG_SIGN, document=reference, amount=applied, open=open_amount
        )
    if abs(closed) > abs(open_amount) or _sign(closed) not in (0, _sign(open_amount)):
        raise MessageError(
            C.CENTRAL_CLOSES_TOO_MUCH,
            document=reference,
            closed=closed,
            open=open_amount,
        )

    def share(amount):
        return _round(open_balance * amount / open_amount, rounding)

    closed_balance = open_balance if closed == open_amount else share(closed)
    discount_balance = share(discount) if discount else ZERO
    tolerance_balance = share(tolerance) if tolerance else ZERO
    applied_balance = closed_balance - discount_balance - tolerance_balance
    difference = payment_balance - applied_balance
    if exchange_company == PAYMENT_COMPANY:
        # The companies agree on the document's rate between them.
        due_from, payment_fx, invoice_fx = applied_balance, difference, ZERO
    else:
        # They agree on the payment's rate; the invoice company closes the difference.
        due_from, payment_fx, invoice_fx = payment_balance, ZERO, difference
    return CentralizedSplit(
        reference=reference,
        closed_balance=closed_balance,
        discount_balance=discount_balance,
        tolerance_balance=tolerance_balance,
        applied_balance=applied_balance,
        due_from_balance=due_from,
        due_to_balance=payment_balance,
        payment_exchange_difference=payment_fx,
        invoice_exchange_difference=invoice_fx,
    )


@_exact_arithmetic
def at_rate(amount, rate, rounding=CENT):
    """``amount`` of a foreign currency in the accounting currency at ``rate``
    (accounting currency per unit), rounded half up: 600.00 EUR at 1.2062 is 723.72."""
    amount = _decimal(amount, C.FIELD_AMOUNT)
    rate = _decimal(rate, C.FIELD_AMOUNT)
    return _round(amount * rate, _check_rounding(rounding))
