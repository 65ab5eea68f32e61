"""Reminder fees (BC bc-receivables.md 12.3, Additional Fee Setup). The vectors are
worked out by hand from the rules quoted in each test's docstring."""

from decimal import Decimal

import pytest
from ar_reconcile_lib import collections as K
from ar_reconcile_lib.collections import codes as C
from collections_text import refused

D = Decimal
T = K.FeeTier


def single(*tiers):
    return K.FeeRule(K.SINGLE_DYNAMIC, tiers=tiers)


def accumulated(*tiers):
    return K.FeeRule(K.ACCUMULATED_DYNAMIC, tiers=tiers)


def test_fixed_fee_is_the_amount_whatever_the_remaining_amount():
    rule = K.FeeRule(K.FIXED, amount=D("50"))
    assert K.fee_amount(rule, D("10")) == D("50.00")
    assert K.fee_amount(rule, D("99999")) == D("50.00")


# Single Dynamic: descending scan, first tier with remaining >= threshold gives
# fixed + remaining x % / 100, capped at max (if > 0), floored at min.
SINGLE = single(
    T(D(0), fixed=D(10)),
    T(D(1000), fixed=D(20), percent=D(1), max_fee=D(50)),
    T(D(5000), percent=D(2), min_fee=D(80), max_fee=D(200)),
)


@pytest.mark.parametrize(
    ("remaining", "fee", "rule"),
    [
        ("500", "10.00", "below 1000 only the 0 tier applies: fixed 10"),
        ("2500", "45.00", "tier 1000: 20 + 2500 x 1 % = 45 (under max 50)"),
        ("4000", "50.00", "tier 1000: 20 + 40 = 60, capped at max 50"),
        ("5000", "100.00", "remaining = threshold reaches the tier: 5000 x 2 %"),
        ("12000", "200.00", "tier 5000: 240, capped at max 200"),
        ("1234.56", "32.35", "20 + 12.3456 rounded to the cent"),
        ("1000.50", "30.01", "20 + 10.005: the half cent rounds up (not to even)"),
    ],
)
def test_single_dynamic(remaining, fee, rule):
    assert K.fee_amount(SINGLE, D(remaining)) == D(fee), rule


def test_single_dynamic_floors_at_the_minimum_and_no_tier_means_no_fee():
    floored = single(T(D(0), percent=D(1), min_fee=D(15)))
    assert K.fee_amount(floored, D(800)) == D("15.00")  # 8 -> floor 15
    assert K.fee_amount(floored, D(2000)) == D("20.00")  # 20 > 15
    unreached = single(T(D(100), fixed=D(5)))
    assert K.fee_amount(unreached, D(50)) == D("0.00")


# Accumulated Dynamic: progressive brackets; per tier (descending) with remaining >=
# threshold: fixed + (remaining - threshold) x % / 100, capped and floored per tier;
# remaining := threshold; the fee is the sum.
ACCUMULATED = accumulated(
    T(D(0), percent=D(5)),
    T(D(1000), percent=D(3)),
    T(D(5000), fixed=D(10), percent=D(1), max_fee=D(60)),
)


@pytest.mark.parametrize(
    ("remaining", "fee", "rule"),
    [
        ("800", "40.00", "one bracket: 800 x 5 %"),
        ("1000", "50.00", "1000 reaches tier 1000 with 0 above it; then 1000 x 5 %"),
        ("3000", "110.00", "2000 x 3 % = 60, then 1000 x 5 % = 50"),
        ("20000", "230.00", "10 + 15000 x 1 % = 160 capped 60; 4000 x 3 %; 50"),
    ],
)
def test_accumulated_dynamic(remaining, fee, rule):
    assert K.fee_amount(ACCUMULATED, D(remaining)) == D(fee), rule


def test_the_document_currency_has_its_own_rule_else_the_company_rule_converted():
    """BC: use the tiers of the document currency if any; otherwise the LCY tiers on
    the converted amount, and convert the fee back."""
    company_rule = single(T(D(0), fixed=D(5), percent=D(1)))
    fees = {"EUR": company_rule, "NOK": K.FeeRule(K.FIXED, amount=D(70))}
    assert K.additional_fee(fees, D(11500), "NOK", company_currency="EUR") == D("70.00")
    # 11500 SEK at 11.5 SEK per EUR = 1000 EUR -> 5 + 10 = 15 EUR -> 172.50 SEK.
    assert K.additional_fee(
        fees, D(11500), "SEK", company_currency="EUR", rate=D("11.5")
    ) == D("172.50")
    with refused(C.NO_FEE_FOR_CURRENCY, "no fee in SEK"):
        K.additional_fee(fees, D(11500), "SEK", company_currency="EUR")
    with refused(C.NO_FEE_FOR_CURRENCY):
        K.additional_fee({"NOK": company_rule}, D(1), "SEK", company_currency="EUR")
    assert K.additional_fee({}, D(100), "SEK") == D("0.00")


def test_a_fee_rounds_to_the_currency_quantum():
    rule = single(T(D(0), percent=D("2.5")))
    assert K.fee_amount(rule, D(1010), quantum=D(1)) == D("25")  # 25.25 -> 25
    assert K.fee_amount(rule, D(1030), quantum=D("0.05")) == D("25.75")


def test_overlapping_and_unsorted_tiers_are_refused():
    with refused(C.TIERS_OVERLAP, "same threshold 1000"):
        single(T(D(0)), T(D(1000), fixed=D(1)), T(D(1000), fixed=D(2)))
    with refused(C.TIERS_UNSORTED, "1000 comes after 5000"):
        single(T(D(0)), T(D(5000)), T(D(1000)))
    with refused(C.DYNAMIC_WITHOUT_TIERS):
        K.FeeRule(K.ACCUMULATED_DYNAMIC)
    with refused(C.UNKNOWN_FEE_METHOD, "progressive"):
        K.FeeRule("progressive")


@pytest.mark.parametrize(
    ("kwargs", "code", "text"),
    [
        ({"threshold": D(-1)}, C.NEGATIVE, "threshold cannot be negative: -1"),
        ({"fixed": D("-0.01")}, C.NEGATIVE, "fixed fee cannot be negative"),
        ({"percent": D(-2)}, C.NEGATIVE, "fee percent cannot be negative"),
        ({"percent": D(101)}, C.PERCENT_ABOVE_100, "above 100 %"),
        ({"min_fee": D(-5)}, C.NEGATIVE, "minimum fee"),
        ({"max_fee": D(-5)}, C.NEGATIVE, "maximum fee"),
        ({"min_fee": D(60), "max_fee": D(50)}, C.TIER_MIN_ABOVE_MAX, "60 is above"),
        ({"fixed": 2.5}, C.FLOAT_AMOUNT, "not the binary number 2.5"),
        ({"fixed": "ten"}, C.NOT_A_NUMBER, "fixed fee is not a number"),
    ],
)
def test_bad_tier_values_are_refused(kwargs, code, text):
    values = {"threshold": D(0), **kwargs}
    with refused(code, text):
        T(**values)


def test_a_minimum_without_maximum_is_valid_and_a_negative_fixed_rule_refused():
    assert T(D(0), min_fee=D(60)).max_fee == 0  # max 0 = no cap, min may be anything
    with refused(C.NEGATIVE, "additional fee"):
        K.FeeRule(K.FIXED, amount=D(-10))
