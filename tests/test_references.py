"""Structured payment references: published test numbers, error detection, text search.

Every check digit is also recomputed here by an independent, deliberately naive
implementation, so a shared mistake between the module and stdnum would still show.
"""

import pytest
from ar_reconcile_lib import references
from stdnum import luhn

# --- independent reference implementations
# ----------------------------------------------------


def luhn_ok(number):
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def kid_mod11_check(payload):
    weights = [2, 3, 4, 5, 6, 7]
    total = sum(int(ch) * weights[i % 6] for i, ch in enumerate(reversed(payload)))
    check = 11 - total % 11
    return {11: "0", 10: "-"}.get(check, str(check))


def fi_check(payload):
    weights = [7, 3, 1]
    total = sum(int(ch) * weights[i % 3] for i, ch in enumerate(reversed(payload)))
    return str((10 - total % 10) % 10)


def be_ok(number):
    rest = int(number[:10]) % 97
    return int(number[10:]) == (rest if rest else 97)


def ch_qr_ok(number):
    table = [0, 9, 4, 6, 8, 2, 7, 1, 3, 5]
    carry = 0
    for ch in number[:-1]:
        carry = table[(carry + int(ch)) % 10]
    return len(number) == 27 and (10 - carry) % 10 == int(number[-1])


def rf_ok(number):
    rotated = number[4:] + number[:4]
    as_digits = "".join(str(int(ch, 36)) for ch in rotated)
    return number[:2] == "RF" and int(as_digits) % 97 == 1


# --- published numbers
# -----------------------------------------------------------------------

# (kind, reference as published, normalized, independent check)
VALID = [
    # ISO 11649 example, also python-stdnum's iso11649 doctest.
    ("rf", "RF18 5390 0754 7034", "RF18539007547034", rf_ok),
    ("rf", "RF18539007547034", "RF18539007547034", rf_ok),
    # SIX "Implementation Guidelines QR-bill" example QR-reference (stdnum.ch.esr
    # doctest).
    (
        "ch_qr",
        "21 00000 00003 13947 14300 09017",
        "210000000003139471430009017",
        ch_qr_ok,
    ),
    # Belgian OGM-VCS: python-stdnum 2.x be.ogm_vcs doctest, and a bank statement
    # example.
    ("be", "+++010/8068/17183+++", "010806817183", be_ok),
    ("be", "+++090/9337/55493+++", "090933755493", be_ok),
    ("be", "***090/9337/55493***", "090933755493", be_ok),
    # Finnish reference guide (Finance Finland), as quoted in formats-libs.md §2.2.
    ("fi", "1232", "1232", lambda n: fi_check(n[:-1]) == n[-1]),
    ("fi", "1234 5672", "12345672", lambda n: fi_check(n[:-1]) == n[-1]),
    # Nets KID MOD10 examples (formats-libs.md §2.2) and Wikipedia's "Luhn algorithm"
    # example.
    ("kid", "12344", "12344", luhn_ok),
    ("kid", "79927398713", "79927398713", luhn_ok),
    # Nets KID MOD11 examples (formats-libs.md §2.2).
    ("kid", "12343", "12343", lambda n: kid_mod11_check(n[:-1]) == n[-1]),
    (
        "kid",
        "123456701123458",
        "123456701123458",
        lambda n: kid_mod11_check(n[:-1]) == n[-1],
    ),
    # MOD11 with remainder 1: the check "digit" is "-" (Nets). Constructed, checked
    # above.
    ("kid", "1000005-", "1000005-", lambda n: kid_mod11_check(n[:-1]) == "-"),
    # Bankgirot OCR: Luhn only, and with the length digit (7 digits, so "7" before the
    # check).
    ("ocr_se", "79927398713", "79927398713", luhn_ok),
    ("ocr_se", "1234574", "1234574", luhn_ok),
]


@pytest.mark.parametrize("kind,published,normalized,independent", VALID)
def test_published_numbers_are_valid(kind, published, normalized, independent):
    assert references.normalize(published) == normalized
    assert independent(normalized), "the published number fails the independent check"
    assert references.is_valid(published, kind)
    assert kind in references.validate(published)


def test_luhn_matches_stdnum():
    for number in (
        "12344",
        "79927398713",
        "1234574",
        "2026000022",
        "1234567897",
        "1234567890",
    ):
        assert luhn_ok(number) == luhn.is_valid(number)


def test_stdnum_invalid_examples():
    # python-stdnum doctests: these two are the published invalid variants.
    assert not references.is_valid("RF18 5390 0754 7035")
    assert not references.is_valid("210000000003139471430009016", "ch_qr")


# (kind, valid, one digit changed, adjacent digits swapped or None when the algorithm's
# known blind spot makes the swap undetectable)
ERRORS = [
    ("rf", "RF18539007547034", "RF18539007547035", "RF18539007574034"),
    ("rf", "RF18539007547034", "RF18539017547034", "RF81539007547034"),
    (
        "ch_qr",
        "210000000003139471430009017",
        "210000000003139471430009018",
        "210000000003139417430009017",
    ),
    ("be", "090933755493", "090933755494", "909033755493"),
    ("be", "010806817183", "010806817283", "010806871183"),
    ("fi", "12345672", "12345772", "12354672"),
    ("fi", "1232", "1242", "2132"),
    ("kid", "79927398713", "79927398714", "79972398713"),
    ("kid", "123456701123458", "123456701123459", "123456701132458"),
    ("ocr_se", "1234574", "1234575", "1243574"),
    # Luhn cannot see 09 <-> 90, so only the substitution is checked.
    ("ocr_se", "109009", "109008", None),
]


@pytest.mark.parametrize("kind,valid,changed,swapped", ERRORS)
def test_errors_are_caught(kind, valid, changed, swapped):
    assert references.is_valid(valid, kind)
    assert not references.is_valid(changed, kind)
    if swapped is not None:
        assert not references.is_valid(swapped, kind)


def test_luhn_blind_spot_is_real():
    assert luhn_ok("109009") and luhn_ok("190009")
    assert references.is_valid("190009", "ocr_se")


@pytest.mark.parametrize(
    "kind,valid",
    [
        ("rf", "RF18539007547034"),
        ("ch_qr", "210000000003139471430009017"),
        ("be", "090933755493"),
        ("fi", "12345672"),
        ("ocr_se", "79927398713"),
    ],
)
def test_every_single_digit_substitution_is_caught(kind, valid):
    # All these check digits catch any single wrong digit, wherever it is.
    for i, ch in enumerate(valid):
        if not ch.isdigit():
            continue
        for digit in "0123456789":
            if digit != ch:
                mutated = valid[:i] + digit + valid[i + 1 :]
                assert not references.is_valid(mutated, kind), mutated


def test_kid_mod11_dash_check_character():
    assert references.validate("1000005-") == ["kid"]
    assert not references.is_valid(
        "10000050", "kid"
    )  # the digit in place of "-" is wrong
    assert not references.is_valid("1000006-", "kid")


def test_ocr_length_digit():
    assert references.ocr_se_has_length_digit("1234574")
    assert not references.ocr_se_has_length_digit(
        "2026000022"
    )  # Luhn-valid, no length digit
    assert not references.ocr_se_has_length_digit("1234575")


# --- validate / normalize
# --------------------------------------------------------------------


def test_normalize():
    assert references.normalize(" rf18 5390-0754.7034 ") == "RF18539007547034"
    assert references.normalize("+++090/9337/55493+++") == "090933755493"
    assert references.normalize("***090/9337/55493***") == "090933755493"
    assert (
        references.normalize("1000005-") == "1000005-"
    )  # the KID MOD11 check character
    assert references.normalize("123-456") == "123456"
    assert references.normalize(None) == ""
    assert references.normalize("") == ""


def test_validate_reports_every_kind_in_fixed_order():
    # Luhn-valid and 7-3-1-valid at once.
    assert references.validate("12344") == ["fi", "kid", "ocr_se"]
    assert references.validate("RF18539007547034") == ["rf"]
    assert references.validate("12344", "fi") == ["fi"]
    assert references.validate("12344", "be") == []
    assert references.is_valid("12344")
    assert not references.is_valid("12345")


def test_validate_rejects_junk():
    assert references.validate("") == []
    assert (
        references.validate("0000000000") == []
    )  # passes every checksum, means nothing
    assert references.validate("000000000000000000000000000") == []
    assert references.validate("12a44") == []
    assert (
        references.validate("١٢٣٤٤") == []
    )  # Arabic-Indic digits are not reference digits
    assert references.validate("5") == []
    # Length limits: a Luhn-valid 26-digit number is no KID/OCR, 21 digits no Finnish
    # ref.
    long_luhn = "1" * 25 + luhn.calc_check_digit("1" * 25)
    assert not references.is_valid(long_luhn, "kid")
    assert not references.is_valid(long_luhn, "ocr_se")
    fi21 = "1" * 20 + fi_check("1" * 20)
    assert not references.is_valid(fi21, "fi")


def test_belgian_check_zero_is_written_97():
    payload = "0000000097"  # 97 mod 97 == 0
    assert references.is_valid(payload + "97", "be")
    assert not references.is_valid(payload + "00", "be")


def test_unknown_kind_is_an_error():
    with pytest.raises(ValueError):
        references.validate("12344", "dk_fik")


# --- find_references
# -------------------------------------------------------------------------

FIND = [
    (
        "Faktura 12345 KID 2026000022 takk",
        [("2026000022", "kid"), ("2026000022", "ocr_se")],
    ),
    (
        "Betaling RF18 5390 0754 7034 forfall 2026-11-20 kr 1.250,00",
        [("RF18539007547034", "rf")],
    ),
    ("rf18539007547034", [("RF18539007547034", "rf")]),
    (
        "Communication +++090/9337/55493+++ du 20/11/2026, montant 1.250,00 EUR",
        [("090933755493", "be")],
    ),
    (
        "ref 090/9337/55493 ***010/8068/17183***",
        [("090933755493", "be"), ("010806817183", "be")],
    ),
    (
        "QR-Referenz 21 00000 00003 13947 14300 09017 Betrag CHF 1'250.00",
        [("210000000003139471430009017", "ch_qr")],
    ),
    ("Zahlung 210000000003139471430009017", [("210000000003139471430009017", "ch_qr")]),
    ("KID 1000005- takk", [("1000005-", "kid")]),
    ("Viite 12345672, eräpäivä 20.11.2026", [("12345672", "fi")]),
    # Duplicates are reported once, in order of first appearance.
    (
        "RF18539007547034 / KID 2026000022 / RF18 5390 0754 7034",
        [("RF18539007547034", "rf"), ("2026000022", "kid"), ("2026000022", "ocr_se")],
    ),
]


@pytest.mark.parametrize("text,expected", FIND)
def test_find_references(text, expected):
    assert references.find_references(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "Invoice 12345 dated 2026-11-20, amount 1.250,00",
        "Amount 12500.00 NOK, 1 250,00 EUR, 20.11.2026, 11/20/2026",
        "RF18 5390 0754 7035",  # wrong RF check digits
        "+++090/9337/55494+++",  # wrong OGM check digits
        # digits glued to letters are no reference
        "IBAN NO9386011117947 BIC DNBANOKKXXX",
        "Konto 8601.11.17947",  # a dotted account number
        "Year 2026 and 1232",  # runs of fewer than 5 digits are ignored
    ],
)
def test_find_references_ignores_non_references(text):
    assert references.find_references(text) == []


def test_find_references_does_not_glue_separate_numbers():
    # "12344" and "79927398713" are both valid; a space must not join them into one.
    assert references.find_references("12344 79927398713") == [
        ("12344", "fi"),
        ("12344", "kid"),
        ("12344", "ocr_se"),
        ("79927398713", "kid"),
        ("79927398713", "ocr_se"),
    ]


def test_find_rf_stops_at_the_longest_valid_group():
    text = "RF18 5390 0754 7034 1234 and RF18539007547034X"
    assert references.find_references(text) == [("RF18539007547034", "rf")]


def test_find_every_found_reference_validates():
    text = "KID 2026000022, RF18 5390 0754 7034, +++090/9337/55493+++, viite 12345672"
    for ref, kind in references.find_references(text):
        assert references.is_valid(ref, kind)


# --- generators
# --------------------------------------------------------------------------------


def test_make_rf():
    assert references.make_rf("539007547034") == "RF18539007547034"  # the ISO example
    for base in ("1", "INV2026000123", "12345672", "a1b2c3", "Z" * 21):
        ref = references.make_rf(base)
        assert references.validate(ref) == ["rf"]
        assert rf_ok(ref)
    for bad in ("", "Z" * 22, "INV_2026"):
        with pytest.raises(ValueError):
            references.make_rf(bad)


@pytest.mark.parametrize("base", ["1", "1234", "2026000017", "7992739871", "9" * 24])
def test_make_kid(base):
    mod10 = references.make_kid(base)
    assert luhn_ok(mod10) and references.is_valid(mod10, "kid")
    mod11 = references.make_kid(base, method="mod11")
    assert mod11 == base + kid_mod11_check(base)
    assert references.is_valid(mod11, "kid")


def test_make_kid_published_and_errors():
    assert references.make_kid("1234") == "12344"
    assert references.make_kid("1234", "mod11") == "12343"
    assert references.make_kid("12345670112345", "mod11") == "123456701123458"
    assert references.make_kid("2026000017", "mod11") == "2026000017-"
    for args in (("",), ("0000",), ("12a",), ("1" * 25,), ("1234", "mod97")):
        with pytest.raises(ValueError):
            references.make_kid(*args)


@pytest.mark.parametrize("base", ["123", "1234567", "2026000022", "9" * 19])
def test_make_fi(base):
    ref = references.make_fi(base)
    assert ref == base + fi_check(base)
    assert references.is_valid(ref, "fi")


def test_make_fi_published_and_errors():
    assert references.make_fi("123") == "1232"
    assert references.make_fi("1234567") == "12345672"
    for bad in ("12", "1" * 20, "000"):
        with pytest.raises(ValueError):
            references.make_fi(bad)


@pytest.mark.parametrize("base", ["1", "12345", "2026000022", "9" * 23])
@pytest.mark.parametrize("length_digit", [False, True])
def test_make_ocr_se(base, length_digit):
    ref = references.make_ocr_se(base, length_digit=length_digit)
    assert luhn_ok(ref) and references.is_valid(ref, "ocr_se")
    if length_digit:
        assert references.ocr_se_has_length_digit(ref)
        assert int(ref[-2]) == len(ref) % 10


def test_make_ocr_se_published_and_errors():
    assert references.make_ocr_se("12345", length_digit=True) == "1234574"
    with pytest.raises(ValueError):
        references.make_ocr_se("1" * 24, length_digit=True)
    with pytest.raises(ValueError):
        references.make_ocr_se("")
