"""Templates of the collections domain's message codes (``lib/collections``):
reminders, finance charges (interest), customer statements."""

from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)

TEMPLATES = {
    # What a number is, inside a refusal.
    "collections.field.threshold": _lt("threshold"),
    "collections.field.fixed": _lt("fixed fee"),
    "collections.field.percent": _lt("fee percent"),
    "collections.field.min_fee": _lt("minimum fee"),
    "collections.field.max_fee": _lt("maximum fee"),
    "collections.field.grace_days": _lt("grace period (days)"),
    "collections.field.due_days": _lt("reminder due date (days)"),
    "collections.field.max_reminders": _lt("maximum number of reminders"),
    "collections.field.minimum_amount": _lt("minimum amount"),
    "collections.field.rate": _lt("interest rate"),
    "collections.field.period_days": _lt("interest period (days)"),
    "collections.field.fee": _lt("additional fee"),
    "collections.field.amount": _lt("amount"),
    # Numbers and money.
    "collections.error.not_a_number": _lt("%(what)s is not a number: %(value)s"),
    "collections.error.negative": _lt("%(what)s cannot be negative: %(value)s"),
    "collections.error.not_positive": _lt("%(what)s must be above zero: %(value)s"),
    "collections.error.percent_above_100": _lt(
        "%(what)s cannot be above 100 %%: %(value)s"
    ),
    "collections.error.float_amount": _lt(
        "%(what)s must be an exact decimal amount, not the binary number %(value)s"
    ),
    "collections.error.rounding_not_positive": _lt(
        "rounding must be a positive quantum such as 0.01, not %(rounding)s"
    ),
    # Fees.
    "collections.error.unknown_fee_method": _lt(
        "unknown additional fee calculation type: %(method)s"
    ),
    "collections.error.tiers_overlap": _lt(
        "two additional fee tiers have the same threshold %(threshold)s"
    ),
    "collections.error.tiers_unsorted": _lt(
        "the additional fee tiers must be in ascending order of threshold: "
        "%(threshold)s comes after %(previous)s"
    ),
    "collections.error.tier_min_above_max": _lt(
        "additional fee tier from %(threshold)s: the minimum fee %(min_fee)s is above "
        "the maximum fee %(max_fee)s"
    ),
    "collections.error.dynamic_without_tiers": _lt(
        "a dynamic additional fee needs at least one tier"
    ),
    "collections.error.no_fee_for_currency": _lt(
        "the reminder level has no fee in %(currency)s and no exchange rate to "
        "convert the fee of the company currency"
    ),
    # Reminder terms and runs.
    "collections.error.terms_without_levels": _lt("the reminder terms have no levels"),
    "collections.error.levels_not_consecutive": _lt(
        "the reminder levels must be numbered 1, 2, 3... without gaps, not %(levels)s"
    ),
    "collections.error.partner_without_terms": _lt(
        "customer %(partner)s has no reminder terms"
    ),
    "collections.error.run_date_in_future": _lt(
        "the date %(date)s is after today (%(today)s)"
    ),
    "collections.error.reminded_without_date": _lt(
        "document %(document)s has a reminder level but no reminder due date"
    ),
    "collections.error.interest_without_terms": _lt(
        "reminder level %(level)s calculates interest, but customer %(partner)s has "
        "no finance charge terms"
    ),
    # Why a partner and currency get no reminder or memo.
    "collections.skip.blocked": _lt("the customer is blocked"),
    "collections.skip.draft_exists": _lt(
        "the customer already has a reminder that is not issued"
    ),
    "collections.skip.nothing_overdue": _lt("nothing is overdue past the grace period"),
    "collections.skip.total_not_positive": _lt("the total %(total)s is not above zero"),
    "collections.skip.below_minimum": _lt(
        "the amount %(amount)s is below the minimum amount %(minimum)s"
    ),
    "collections.skip.max_reminders": _lt(
        "the overdue documents have had the maximum number of reminders "
        "(%(max_reminders)s)"
    ),
    # Finance charges.
    "collections.error.unknown_interest_method": _lt(
        "unknown interest calculation method: %(method)s"
    ),
    "collections.error.rates_same_start": _lt(
        "two interest rates start on the same date %(start)s"
    ),
    "collections.error.unknown_interest_on": _lt(
        "interest is calculated on open, closed or all entries, not %(entries)s"
    ),
    "collections.error.unknown_range_basis": _lt(
        "interest ranges are by days or by amount, not %(basis)s"
    ),
    "collections.error.ranges_unsorted": _lt(
        "the interest ranges must be in ascending order: %(start)s comes after "
        "%(previous)s"
    ),
    "collections.error.missing_rate": _lt(
        "no exchange rate for %(currency)s to compare with the minimum amount or "
        "convert the fee in %(company_currency)s"
    ),
    "collections.skip.interest_below_minimum": _lt(
        "the interest %(interest)s is below the minimum amount %(minimum)s"
    ),
    "collections.skip.no_interest": _lt("no entry bears interest"),
    "collections.interest.detail": _lt(
        "%(days)s days from %(start)s on %(base)s at %(rate)s per %(period_days)s "
        "days: %(amount)s"
    ),
    # Waive, reinstate, reverse.
    "collections.error.nothing_to_waive": _lt(
        "nothing is left of the charge of %(charged)s: it is paid, waived or written "
        "off"
    ),
    "collections.error.waive_above_limit": _lt(
        "the amount to waive %(amount)s is above the limit %(limit)s"
    ),
    "collections.error.nothing_to_reinstate": _lt(
        "nothing was waived that can be reinstated"
    ),
    # Statements.
    "collections.error.unknown_statement_mode": _lt(
        "a statement shows open items or all activity, not %(mode)s"
    ),
    "collections.error.buckets_not_increasing": _lt(
        "the aging buckets must be increasing numbers of days above zero, "
        "not %(buckets)s"
    ),
    "collections.error.buckets_not_numbers": _lt(
        "the aging buckets must be whole numbers of days separated by commas, such "
        "as 30, 60, 90, not %(text)s"
    ),
    "collections.error.period_reversed": _lt(
        "the statement period starts on %(start)s, after its end %(end)s"
    ),
    "collections.error.currency_mixed": _lt(
        "document %(document)s is in %(currency)s, the statement in "
        "%(statement_currency)s"
    ),
    "collections.bucket.not_due": _lt("Not due"),
    "collections.bucket.range": _lt("%(low)s-%(high)s days"),
    "collections.bucket.over": _lt("Over %(days)s days"),
}
