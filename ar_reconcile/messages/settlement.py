"""Templates of the settlement domain's message codes (``lib/settlement``)."""

from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)

TEMPLATES = {
    # What a number is, inside a refusal.
    "settlement.field.amount": _lt("amount"),
    "settlement.field.payment_amount": _lt("payment amount"),
    "settlement.field.open_amount": _lt("open amount"),
    "settlement.field.discount_base": _lt("discount base"),
    "settlement.field.discount_percent": _lt("discount percent"),
    "settlement.field.rounding": _lt("rounding"),
    "settlement.field.document_amount": _lt("document amount"),
    "settlement.field.tolerance_percent": _lt("payment tolerance percent"),
    "settlement.field.tolerance_max_amount": _lt("maximum payment tolerance amount"),
    "settlement.field.document_open_amount": _lt("document %(document)s: open amount"),
    "settlement.field.document_max_tolerance": _lt(
        "document %(document)s: max tolerance"
    ),
    "settlement.field.document_discount_base": _lt(
        "document %(document)s: discount base"
    ),
    # Numbers.
    "settlement.error.not_a_number": _lt("%(what)s is not a number: %(value)s"),
    "settlement.error.not_finite": _lt(
        "%(what)s must be a finite number, not %(value)s"
    ),
    "settlement.error.rounding_not_positive": _lt(
        "rounding must be a positive quantum such as 0.01, not %(rounding)s"
    ),
    "settlement.error.not_on_quantum": _lt(
        "%(what)s %(amount)s is not a multiple of the rounding %(rounding)s"
    ),
    # Discount periods.
    "settlement.period.days": _lt("%(percent)s %% within %(days)s days"),
    "settlement.period.until": _lt("%(percent)s %% until %(until)s"),
    "settlement.error.period_days_or_date": _lt(
        "a discount period needs either a number of days or a date (exactly one), "
        "got days=%(days)s, until=%(until)s"
    ),
    "settlement.error.period_negative_days": _lt(
        "discount period days cannot be negative: %(days)s"
    ),
    "settlement.error.period_rate_range": _lt(
        "a discount period's rate must be above 0 %% and below 100 %%, "
        "not %(percent)s %%"
    ),
    "settlement.error.periods_not_increasing_days": _lt(
        "discount periods must be strictly increasing in days: '%(period)s' "
        "(period %(number)s) does not come after '%(previous)s' "
        "(period %(previous_number)s)"
    ),
    "settlement.error.periods_not_increasing_dates": _lt(
        "discount periods must be strictly increasing in dates: '%(period)s' "
        "(period %(number)s) does not come after '%(previous)s' "
        "(period %(previous_number)s)"
    ),
    "settlement.error.periods_not_decreasing_rate": _lt(
        "discount periods must be strictly decreasing in rate: '%(period)s' "
        "(period %(number)s) does not give less than '%(previous)s' "
        "(period %(previous_number)s)"
    ),
    "settlement.error.period_ends_before_document": _lt(
        "discount period %(number)s ('%(period)s') ends on %(last_date)s, "
        "before the document date %(document_date)s"
    ),
    "settlement.error.period_ends_not_after": _lt(
        "discount periods must be strictly increasing in dates: period %(number)s "
        "('%(period)s') ends on %(last_date)s, not after %(previous_date)s"
    ),
    "settlement.error.grace_negative": _lt(
        "the grace period cannot be negative: %(days)s days"
    ),
    # Discounts and tolerance of one document.
    "settlement.error.payment_before_document_date": _lt(
        "payment date %(payment_date)s is before the document date %(document_date)s"
    ),
    "settlement.error.discount_rate_range": _lt(
        "a discount rate must be from 0 %% to below 100 %%, not %(percent)s %%"
    ),
    "settlement.error.nothing_open_to_pay": _lt("the document has nothing open to pay"),
    "settlement.error.wrong_sign_for_invoice": _lt(
        "payment amount %(payment)s has the wrong sign for an invoice with "
        "%(open_amount)s open"
    ),
    "settlement.error.wrong_sign_for_credit_note": _lt(
        "payment amount %(payment)s has the wrong sign for a credit note with "
        "%(open_amount)s open"
    ),
    "settlement.error.discount_base_invalid": _lt(
        "the discount base %(base)s must have the sign of the open amount "
        "%(open_amount)s and not exceed it"
    ),
    "settlement.error.tolerance_percent_range": _lt(
        "payment tolerance percent must be from 0 to 100, not %(percent)s"
    ),
    "settlement.error.tolerance_max_negative": _lt(
        "maximum payment tolerance amount cannot be negative: %(amount)s"
    ),
    # Documents, choices and payments of a settlement.
    "settlement.error.document_no_reference": _lt(
        "a document needs a non-empty reference, not %(reference)s"
    ),
    "settlement.error.document_nothing_open": _lt(
        "document %(document)s has nothing open (0)"
    ),
    "settlement.error.document_tolerance_sign": _lt(
        "document %(document)s: max tolerance %(tolerance)s must carry the sign of the "
        "document (%(open_amount)s); credit notes have a negative tolerance"
    ),
    "settlement.error.choices_contradict": _lt(
        "documents both in %(first)s and %(second)s: %(documents)s"
    ),
    "settlement.error.no_documents": _lt(
        "a settlement needs at least one open document"
    ),
    "settlement.error.document_twice": _lt(
        "document %(document)s appears twice in the settlement"
    ),
    "settlement.error.payment_before_document": _lt(
        "payment date %(payment_date)s is before the date of document %(document)s "
        "(%(document_date)s)"
    ),
    "settlement.error.unknown_choices": _lt(
        "the clerk's choices name documents that are not settled here: %(documents)s"
    ),
    "settlement.error.negative_payment_for_invoices": _lt(
        "negative payment amount %(payment)s for an invoice settlement (net open "
        "amount %(net_open)s): money received for invoices is positive"
    ),
    "settlement.error.positive_payment_for_refunds": _lt(
        "positive payment amount %(payment)s for documents with a negative net open "
        "amount (%(net_open)s: credit notes to refund or vendor bills to pay): money "
        "paid out is negative"
    ),
    "settlement.error.sequence_out_of_order": _lt(
        "payment %(number)s (%(payment_date)s) is dated before the payment before it "
        "(%(previous_date)s); settle payments in date order"
    ),
    "settlement.error.sequence_already_settled": _lt(
        "payment %(number)s (%(payment_date)s): document %(document)s is already "
        "settled"
    ),
    # What a settlement does to each document.
    "settlement.doc.pays": _lt("%(document)s: pays %(applied)s"),
    "settlement.doc.discount": _lt("discount %(amount)s (%(percent)s %%)"),
    "settlement.doc.discount_available": _lt(
        "%(amount)s discount on the whole open amount"
    ),
    "settlement.doc.late_discount": _lt("late discount %(amount)s"),
    "settlement.doc.late_discount_to_accept": _lt("late discount %(amount)s to accept"),
    "settlement.doc.settlement_discount": _lt("settlement discount %(amount)s"),
    "settlement.doc.tolerance": _lt("payment tolerance %(amount)s"),
    "settlement.doc.closed": _lt("closed"),
    "settlement.doc.stays_open": _lt("%(amount)s stays open"),
    "settlement.doc.line": _lt("%(parts)s"),
    "settlement.payment.stays_open": _lt(
        "%(amount)s of the payment stays open as the partner's credit"
    ),
    "settlement.payment.tolerance_to_confirm": _lt(
        "A balance of %(amount)s can be posted as payment tolerance."
    ),
    # The Odoo layer's sentences around a settlement.
    "settlement.cannot_settle": _lt("Cannot settle: %(reason)s"),
    "settlement.text": _lt("%(text)s"),
    "settlement.document_error": _lt("%(document)s: %(error)s"),
    "settlement.payment_heading": _lt(
        "Payment of %(amount)s by %(partner)s on %(date)s:"
    ),
    "settlement.question.late_discount": _lt(
        "%(partner)s, %(document)s: paid after the discount date; late payment "
        "discount %(amount)s?"
    ),
    "settlement.question.tolerance": _lt(
        "%(partner)s, %(documents)s: a balance of %(amount)s is within the payment "
        "tolerance."
    ),
    # Centralized payments.
    "settlement.field.central_open_balance": _lt(
        "document %(document)s: open balance in the accounting currency"
    ),
    "settlement.field.central_applied": _lt("document %(document)s: amount paid"),
    "settlement.field.central_discount": _lt("document %(document)s: cash discount"),
    "settlement.field.central_tolerance": _lt(
        "document %(document)s: payment tolerance"
    ),
    "settlement.field.central_payment_balance": _lt(
        "document %(document)s: payment in the accounting currency"
    ),
    "settlement.error.central_currencies_differ": _lt(
        "%(document)s cannot be paid centrally: the paying company keeps its books in "
        "%(payment_currency)s and the invoice company in %(invoice_currency)s"
    ),
    "settlement.error.central_sign_mismatch": _lt(
        "%(document)s: the open amount %(amount)s and its balance %(balance)s have "
        "different signs"
    ),
    "settlement.error.central_wrong_sign": _lt(
        "%(document)s: a payment of %(amount)s cannot settle an open amount of "
        "%(open)s"
    ),
    "settlement.error.central_closes_too_much": _lt(
        "%(document)s: the settlement closes %(closed)s, more than the %(open)s open"
    ),
    "settlement.central.evidence": _lt(
        "Centralized payment: document of %(company)s, paid through %(paying)s"
    ),
    "settlement.central.not_set_up": _lt(
        "%(document)s belongs to %(company)s: set up intercompany accounting from "
        "%(paying)s to %(company)s (centralized payments), and work with both "
        "companies selected, before a bank line of %(paying)s can pay it."
    ),
}
