"""Text-mapping patterns: RE2, linear time, refusals as message codes."""

import pathlib
from datetime import date
from decimal import Decimal

import pytest
from ar_reconcile_lib.matching import default_rules, engine, patterns, types
from ar_reconcile_lib.messages import MessageError
from matching_text import read_templates

TEMPLATES = read_templates(
    pathlib.Path(__file__).resolve().parent.parent
    / "ar_reconcile"
    / "messages"
    / "patterns.py"
)


def test_catastrophic_pattern_runs_in_linear_time():
    """``(a+)+$`` backtracks exponentially in Python's ``re`` on a run of a's that
    does not end the text; RE2 answers at once (a backtracking engine would not
    finish this test)."""
    pattern = patterns.compile_pattern("(a+)+$")
    assert not patterns.search(pattern, "a" * 29 + "!")
    assert patterns.search(pattern, "a" * 30)
    assert not patterns.search(pattern, "a" * 100_000 + "!")
    assert patterns.search(pattern, "b" + "a" * 100_000)


def test_search_is_case_insensitive_and_unanchored():
    pattern = patterns.compile_pattern(r"rent\s+\d{4}")
    assert patterns.search(pattern, "Office RENT  2026 march")
    assert not patterns.search(pattern, "Office rent march")
    assert patterns.search(patterns.compile_pattern("Ørsted"), "betaling ØRSTED AS")
    assert not patterns.search(pattern, None)


@pytest.mark.parametrize(
    "pattern",
    [r"(a)\1", r"(?<=NO)\d+", r"fee(?!s)", r"(?=x)y"],
)
def test_backtracking_features_are_refused(pattern):
    with pytest.raises(MessageError) as refused:
        patterns.compile_pattern(pattern)
    assert refused.value.message.code == patterns.UNSUPPORTED
    assert refused.value.message.params["pattern"] == pattern
    assert refused.value.message.params["detail"]
    assert patterns.validate(pattern) == refused.value.message


def test_invalid_too_long_and_empty_patterns_are_refused():
    assert patterns.validate("[fee").code == patterns.INVALID
    too_long = patterns.validate("a" * (patterns.MAX_LENGTH + 1))
    assert too_long.code == patterns.TOO_LONG
    assert too_long.params == {
        "length": patterns.MAX_LENGTH + 1,
        "limit": patterns.MAX_LENGTH,
    }
    assert patterns.validate("").code == patterns.EMPTY
    assert patterns.validate("a" * patterns.MAX_LENGTH) is None


def test_every_code_has_a_template():
    assert set(TEMPLATES) == patterns.CODES
    for template in TEMPLATES.values():
        assert "%(" in template or "%" not in template


def _mapped(texts, mappings):
    lines = [
        types.StatementLine(f"L{n}", Decimal("-15"), date(2026, 3, 15), texts=(text,))
        for n, text in enumerate(texts)
    ]
    partners = [types.Partner(1, "Fjordkraft Elektro AS", ())]
    proposals = engine.apply_statement(
        lines, [], partners, default_rules.DEFAULT_RULES, types.Settings(), mappings
    )
    return [proposal.text_mapping_id for proposal in proposals]


def test_engine_applies_regex_mappings_through_re2():
    mappings = [
        types.TextMapping("slow", "(a+)+$", is_regex=True),
        types.TextMapping("refused", r"(fee)\1", is_regex=True),
    ]
    texts = ["a" * 29 + "!", "x" + "a" * 30, "feefee", "a" * 100_000 + "!"]
    # A pattern RE2 refuses never matches (the form refuses to save it).
    assert _mapped(texts, mappings) == [None, "slow", None, None]
