"""Exact money: floats as Odoo stores them, quanta, rounding and comparisons."""

from decimal import Decimal, localcontext

import pytest
from ar_reconcile_lib import money
from ar_reconcile_lib.messages import MessageError

D = Decimal


@pytest.mark.parametrize(
    "value, expected",
    [
        (0.1, "0.1"),  # the amount typed, not 0.1000000000000000055511151231257827
        (1234.56, "1234.56"),
        (-0.3, "-0.3"),
        (1e-05, "0.00001"),
        (12345678901234.57, "12345678901234.57"),
        (7, "7"),
        ("  1000.50 ", "1000.50"),
        (D("2.675"), "2.675"),
    ],
)
def test_exact(value, expected):
    assert money.exact(value) == D(expected)
    assert str(money.exact(value)) == expected


def test_exact_refuses_what_is_no_amount():
    with pytest.raises(MessageError) as info:
        money.exact("12,50 kr")
    assert info.value.message.code == money.NOT_A_NUMBER
    assert info.value.message.params == {"value": "12,50 kr"}
    for value in (True, None, [1]):
        with pytest.raises(TypeError):
            money.exact(value)


@pytest.mark.parametrize(
    "value, quantum, expected",
    [
        ("1000", "0.01", "1000.00"),
        (1234.5, 0.01, "1234.50"),
        ("1.05", "0.05", "1.05"),
        ("15", "1", "15"),
        ("-0.00", "0.01", "0.00"),  # never "-0.00"
    ],
)
def test_quantize(value, quantum, expected):
    assert str(money.quantize(value, quantum)) == expected


def test_quantize_refuses_an_amount_off_the_quantum():
    for value, quantum in (("0.125", "0.01"), ("1.02", "0.05"), (0.1 + 0.2, 0.01)):
        with pytest.raises(MessageError) as info:
            money.quantize(value, quantum)
        assert info.value.message.code == money.NOT_ON_QUANTUM
    for quantum in ("0", "-0.01", "NaN"):
        with pytest.raises(MessageError) as info:
            money.quantize("1", quantum)
        assert info.value.message.code == money.BAD_QUANTUM
    with pytest.raises(MessageError) as info:
        money.quantize("Infinity", "0.01")
    assert info.value.message.code == money.NOT_FINITE


@pytest.mark.parametrize(
    "value, quantum, expected",
    [
        ("2.675", "0.01", "2.68"),  # half up, where the float 2.675 would round down
        ("-2.675", "0.01", "-2.68"),
        ("1.025", "0.05", "1.05"),
        ("1.024", "0.05", "1.00"),
        ("-0.001", "0.01", "0.00"),
        ("12.5", "1", "13"),
    ],
)
def test_round_half_up(value, quantum, expected):
    assert str(money.round_half_up(value, quantum)) == expected


@pytest.mark.parametrize(
    "rounding, expected",
    [(0.01, "0.01"), (0.05, "0.05"), (1.0, "1"), (10.0, "10"), (0.001, "0.001")],
)
def test_as_quantum(rounding, expected):
    assert str(money.as_quantum(rounding)) == expected


def test_the_callers_decimal_context_changes_nothing():
    with localcontext() as context:
        context.prec = 3
        assert money.round_half_up("123456.785", "0.01") == D("123456.79")
        assert money.quantize("123456.78", "0.01") == D("123456.78")


def test_comparisons_are_exact():
    assert money.equal(0.1, "0.10")
    assert not money.equal(0.1 + 0.2, 0.3)  # 0.30000000000000004
    assert money.compare("1000.00", 999.99) == 1
    assert money.compare(D("-5"), "-5.00") == 0
    assert money.compare(-5, "0") == -1
    assert money.is_zero(-0.0) and money.is_zero("0.00")
    assert not money.is_zero("0.001")
