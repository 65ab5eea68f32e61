"""Early-payment discounts over several periods and payment tolerance, no database.

Customers rarely pay exactly: they take a discount a few days late, pay a few cents
short, pay half now and half later, or pay three invoices with one transfer. This module
is the arithmetic that decides, for one payment and the documents it settles, how much
of the payment goes on each document, how much discount is taken, how much payment
tolerance is posted (and on which side), and what stays open. It combines two documented
designs:

* Dynamics 365 Finance, ``d365-credit-collections.md`` section 9: a discount on a
  *partial* payment P at rate d is ``P / (1 - d) * d``; several discount periods per
  payment term; credit notes carry their discount too; an unmarked payment over several
  documents settles the oldest document first and, on equal dates, the one with the
  better discount first; "full settlement" posts a forgiven rest as extra cash discount.
* Business Central, ``bc-receivables.md`` section 11: a maximum payment tolerance per
  document, ``min(% x amount, maximum)``; a grace period after the last discount date
  ("payment discount tolerance"); when the difference left after payment plus discount
  is within the *sum* of the tolerances of the applied documents, every document closes,
  the underpayment being posted on the document and the overpayment on the payment;
  optional warnings that let the clerk keep the balance open or refuse a late discount.

Conventions
-----------
* Money is ``Decimal``, never ``float`` (a float is refused with ``TypeError``). Every
  computed amount is rounded explicitly to the ``rounding`` quantum (the currency's
  rounding, ``0.01`` by default; ``0.05`` and ``1`` work too) with ``ROUND_HALF_UP``,
  commercial rounding. The references name no rounding mode and none of their vectors
  falls on a half cent (485 / 0.98 x 0.02 = 9.8979... -> 9.90), so they hold either way.
* Amounts are signed the Odoo way, as in :mod:`.matching.types`: customer invoices and
  money received are positive, customer credit notes negative (vendor bills and money
  paid negative, vendor refunds positive). A settlement has a direction, the sign of the
  net open amount of its documents; the payment has that sign. Documents of the opposite
  sign (credit notes within an invoice settlement) are "counter documents": they add
  their value to the payment.
* Percentages are percents (``Decimal("2")`` is 2 %), as on an Odoo payment term.
* Payment tolerance, and the tolerance to confirm, are signed
  ``difference = amount due - amount paid``: for a customer, positive when it paid too
  little (the company writes the rest off: a loss), negative when it paid too much (the
  company keeps it: a gain). In the Odoo sign a positive tolerance is always a debit on
  the tolerance loss account, so the same rule serves vendor bills (paying 995 of a
  1,000 bill gives -5, a gain). This is the sign of Business Central's "Payment
  Tolerance G/L" column (985 paid for 980 due: -5).

The package is split by concern: :mod:`.common` (decimal context, checks, rounding),
:mod:`.discounts`, :mod:`.tolerance`, :mod:`.types` (value objects), :mod:`.allocation`
(``settle_payment``), :mod:`.describe` and :mod:`.codes` (its messages). Every refusal
is a :class:`~..messages.MessageError` with a code of :mod:`.codes`.

Nothing here imports ``odoo``: the Odoo layer converts journal items to
:class:`OpenDocument` and the returned :class:`SettlementOutcome` to journal entries.
"""

from . import codes, intercompany
from .allocation import settle_in_sequence, settle_payment
from .codes import CODES
from .common import (
    CENT,
    GAIN,
    LOSS,
    POSTED_ON_DOCUMENT,
    POSTED_ON_PAYMENT,
    round_money,
)
from .describe import describe
from .discounts import (
    NO_DISCOUNT,
    DiscountedPayment,
    DiscountPeriod,
    DiscountRate,
    DiscountSchedule,
    DiscountWindow,
    amount_due_with_discount,
    discount_schedule,
    discount_steps,
    discount_tolerance_date,
    discount_windows,
    last_discount_date,
    partial_payment_discount,
    rate_on,
)
from .tolerance import max_payment_tolerance
from .types import (
    ClerkChoices,
    DocumentSettlement,
    OpenDocument,
    SettlementOutcome,
    SettlementPolicy,
)

__all__ = [
    "codes",
    "intercompany",
    "CENT",
    "GAIN",
    "LOSS",
    "NO_DISCOUNT",
    "POSTED_ON_DOCUMENT",
    "POSTED_ON_PAYMENT",
    "ClerkChoices",
    "DiscountPeriod",
    "DiscountRate",
    "DiscountSchedule",
    "DiscountWindow",
    "DiscountedPayment",
    "DocumentSettlement",
    "OpenDocument",
    "SettlementOutcome",
    "SettlementPolicy",
    "CODES",
    "amount_due_with_discount",
    "describe",
    "discount_schedule",
    "discount_steps",
    "discount_tolerance_date",
    "discount_windows",
    "last_discount_date",
    "max_payment_tolerance",
    "partial_payment_discount",
    "rate_on",
    "round_money",
    "settle_in_sequence",
    "settle_payment",
]
