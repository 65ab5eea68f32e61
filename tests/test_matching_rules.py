"""Every default payment application rule, table-driven.

For each rule a statement is built whose winning candidate has exactly one outcome
combination that this rule covers (a wildcard criterion gets a value no better rule
claims), and the engine must pick that rule with its confidence and flags.
"""

import itertools
from datetime import date
from decimal import Decimal

import pytest
from ar_reconcile_lib.matching import default_rules, engine
from ar_reconcile_lib.matching import types as T

D = Decimal
# The document rules (the registered payments' are in test_matching_payments.py).
RULES = default_rules.DOCUMENT_RULES
IBAN = "NO9386011117947"
PARTIES = (T.PARTY_FULLY, T.PARTY_PARTIALLY, T.PARTY_NO)
DOCS = (T.DOC_YES, T.DOC_YES_MULTIPLE, T.DOC_NO)
AMOUNTS = (T.AMOUNT_ONE, T.AMOUNT_MULTIPLE, T.AMOUNT_NONE)


def best_rule(combo):
    """The rule a combination should get, computed independently of the engine."""
    fitting = [
        rule
        for rule in RULES
        if all(
            want in (T.NOT_CONSIDERED, got)
            for want, got in zip(
                (rule.related_party, rule.doc_match, rule.amount_match),
                combo,
                strict=False,
            )
        )
    ]
    return max(fitting, key=lambda rule: rule.score, default=None)


def combo_for(rule):
    """A concrete (party, doc, amount) combination that ``rule`` wins."""
    for combo in itertools.product(PARTIES, DOCS, AMOUNTS):
        if best_rule(combo) is rule:
            return combo
    raise AssertionError(f"rule {rule.id} never wins")


def scenario(party, doc, amount):
    """A one-line statement whose best candidate has the outcomes (party, doc, amount).

    Partner 1 owns the invoices A (100, INV-1001) and B (50, INV-1002). Partner 2 has
    the same name as partner 1 except for its legal form, so the name identifies both
    only partially. The amount test runs on A alone, or on A + B when both are
    referenced.
    """
    partners = [
        T.Partner(1, "Nordlys Handel AS", (IBAN,)),
        T.Partner(2, "Nordlys Handel AB"),
    ]
    day = date(2026, 1, 10)
    entries = [
        T.OpenEntry("A", 1, D("100.00"), day, date(2026, 2, 1), "INV-1001"),
        T.OpenEntry("B", 1, D("50.00"), day, date(2026, 2, 5), "INV-1002"),
    ]
    target = D("150.00") if doc == T.DOC_YES_MULTIPLE else D("100.00")
    if (
        amount == T.AMOUNT_MULTIPLE
    ):  # a second, unreferenced entry of the partner fits too
        entries.append(T.OpenEntry("C", 1, target, day, date(2026, 3, 1), "INV-1003"))
    line_amount = target if amount != T.AMOUNT_NONE else D("170.00")
    texts = {
        T.DOC_YES: ("Faktura INV-1001",),
        T.DOC_YES_MULTIPLE: ("Faktura INV-1001 INV-1002",),
        T.DOC_NO: ("Innbetaling",),
    }[doc]
    line = T.StatementLine(
        "L1",
        line_amount,
        date(2026, 3, 15),
        account_number=IBAN if party == T.PARTY_FULLY else "",
        partner_name="NORDLYS HANDEL" if party == T.PARTY_PARTIALLY else "",
        texts=texts,
    )
    return [line], entries, partners


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_each_default_rule_wins_its_combination(rule):
    party, doc, amount = combo_for(rule)
    lines, entries, partners = scenario(party, doc, amount)
    (proposal,) = engine.apply_statement(lines, entries, partners, RULES, T.Settings())
    outcomes = {c.name: c.outcome for c in proposal.criteria}
    assert outcomes == {
        "related_party": party,
        "doc_match": doc,
        "amount_match": amount,
    }
    assert (proposal.rule_id, proposal.confidence) == (rule.id, rule.confidence)
    assert proposal.score == rule.score
    expected = {"A", "B"} if doc == T.DOC_YES_MULTIPLE else None
    applied = {a.entry_id for a in proposal.applications}
    assert applied and (expected is None or applied == expected)
    if rule.review_required:
        assert proposal.review_required


def test_a_combination_without_rule_is_dropped():
    assert best_rule((T.PARTY_NO, T.DOC_NO, T.AMOUNT_NONE)) is None
    lines, entries, partners = scenario(T.PARTY_NO, T.DOC_NO, T.AMOUNT_NONE)
    (proposal,) = engine.apply_statement(lines, entries, partners, RULES, T.Settings())
    assert proposal.confidence == T.CONFIDENCE_NONE and not proposal.applications
    assert proposal.review_required


def test_table_shape_and_flags():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids)) == 25
    for rule in RULES:
        assert rule.review_required == (rule.confidence != T.CONFIDENCE_HIGH)
    immediate = {
        (r.related_party, r.doc_match, r.amount_match)
        for r in RULES
        if r.apply_immediately
    }
    assert immediate == {
        (T.PARTY_FULLY, T.DOC_YES_MULTIPLE, T.AMOUNT_ONE),
        (T.PARTY_FULLY, T.DOC_YES_MULTIPLE, T.AMOUNT_MULTIPLE),
        (T.PARTY_FULLY, T.DOC_YES, T.AMOUNT_ONE),
    }
    scores = [r.score for r in RULES]
    assert scores == sorted(scores, reverse=True)  # listed best first


def test_reference_with_the_only_amount_is_high_even_without_party():
    """BC's quirk fixed: No party + Yes + One Match no longer below Yes + Multiple."""
    one = best_rule((T.PARTY_NO, T.DOC_YES, T.AMOUNT_ONE))
    multiple = best_rule((T.PARTY_NO, T.DOC_YES, T.AMOUNT_MULTIPLE))
    assert one.confidence == multiple.confidence == T.CONFIDENCE_HIGH
    assert one.score > multiple.score


def test_every_concrete_combination_gets_the_independently_computed_rule():
    table = engine._RuleTable(RULES)
    for combo in itertools.product(PARTIES, DOCS, AMOUNTS):
        assert table.best[(T.KIND_DOCUMENT, *combo)] is best_rule(combo), combo
