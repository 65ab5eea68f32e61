"""What a settlement does, as messages: one line per document, then the payment's rest
and a balance the clerk may post as tolerance."""

from __future__ import annotations

from ..messages import Amount, msg
from . import codes as C


def describe(outcome, names=None, currency=None):
    """The lines that explain ``outcome``, as :class:`~..messages.Message` items.

    ``names`` ({reference: document number}) names the documents as the clerk knows them
    (the reference by default); ``currency`` is the ISO code of the amounts, None for
    the currency the renderer is given.
    """
    names = names or {}

    def amount(value):
        return Amount(value, currency)

    lines = []
    for doc in outcome.documents:
        parts = [
            msg(
                C.DOC_PAYS,
                document=names.get(doc.reference, doc.reference),
                applied=amount(doc.applied),
            )
        ]
        if doc.discount:
            parts.append(
                msg(
                    C.DOC_DISCOUNT,
                    amount=amount(doc.discount),
                    percent=doc.discount_percent.normalize(),
                )
            )
        if (
            doc.discount_available
            and doc.discount_available != doc.total_discount
            and not doc.late_discount_pending
        ):
            parts.append(
                msg(C.DOC_DISCOUNT_AVAILABLE, amount=amount(doc.discount_available))
            )
        if doc.late_discount:
            parts.append(msg(C.DOC_LATE_DISCOUNT, amount=amount(doc.late_discount)))
        if doc.late_discount_pending:
            parts.append(
                msg(
                    C.DOC_LATE_DISCOUNT_TO_ACCEPT,
                    amount=amount(doc.discount_available),
                )
            )
        if doc.extra_discount:
            parts.append(
                msg(C.DOC_SETTLEMENT_DISCOUNT, amount=amount(doc.extra_discount))
            )
        if doc.tolerance:
            parts.append(msg(C.DOC_TOLERANCE, amount=amount(doc.tolerance)))
        parts.append(
            msg(C.DOC_CLOSED)
            if doc.closed
            else msg(C.DOC_STAYS_OPEN, amount=amount(doc.remaining))
        )
        lines.append(msg(C.DOC_LINE, parts=tuple(parts)))
    if outcome.payment_remaining:
        lines.append(
            msg(C.PAYMENT_STAYS_OPEN, amount=amount(outcome.payment_remaining))
        )
    if outcome.needs_tolerance_confirmation:
        lines.append(
            msg(C.TOLERANCE_TO_CONFIRM, amount=amount(outcome.tolerance_to_confirm))
        )
    return tuple(lines)
