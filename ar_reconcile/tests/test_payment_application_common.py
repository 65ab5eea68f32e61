"""Former home of :class:`PaymentApplicationCommon`, now in ``common.py``."""

from .common import (  # noqa: F401
    IBAN_BAKERY,
    IBAN_FJORD,
    IBAN_PAPER,
    INVOICE_DATE,
    PAYMENT_DATE,
    PaymentApplicationCommon,
)
