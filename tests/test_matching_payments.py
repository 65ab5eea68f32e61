"""Registered payments as candidates of the engine: their own rules, evidence naming
the payment and the criterion that found it, check numbers and batch references."""

import itertools
from datetime import date
from decimal import Decimal

import pytest
from ar_reconcile_lib.matching import codes, default_rules, engine, payments
from ar_reconcile_lib.matching import types as T
from matching_text import english

D = Decimal
RULES = default_rules.DEFAULT_RULES
IBAN = "NO9386011117947"
OTHER_IBAN = "NO0297102233445"
JAN = date(2026, 1, 13)
BANK_DAY = date(2026, 1, 20)
PARTNERS = [
    T.Partner(1, "Fjordkraft Elektro AS", (IBAN,)),
    T.Partner(2, "Bakeriet Solsiden AS", (OTHER_IBAN,)),
]


def payment(id, amount, partner=1, number="", ref="", memo="", day=JAN, **kw):
    return T.OpenEntry(
        id,
        partner,
        D(amount),
        day,
        day,
        number,
        ref,
        memo,
        kind=T.KIND_PAYMENT,
        **kw,
    )


def invoice(id, amount, partner=1, number="", day=JAN):
    return T.OpenEntry(id, partner, D(amount), day, day, number)


def line(id, amount, *texts, **kw):
    return T.StatementLine(id, D(amount), BANK_DAY, texts=texts, **kw)


def one(lines, entries, criteria=()):
    (proposal,) = engine.apply_statement(
        lines, entries, PARTNERS, RULES, T.Settings(), criteria=criteria
    )
    return proposal


def criterion(proposal, name):
    return next(c for c in proposal.criteria if c.name == name)


def applied(proposal):
    return {a.entry_id: a.amount for a in proposal.applications}


def rule(proposal):
    return next(r for r in RULES if r.id == proposal.rule_id)


# --- rules
# -------------------------------------------------------------------------------------


def test_the_rules_of_documents_never_rate_a_payment_and_the_reverse():
    table = engine._RuleTable(RULES)
    for party, doc, amount in itertools.product(
        (T.PARTY_FULLY, T.PARTY_PARTIALLY, T.PARTY_NO),
        (T.DOC_YES, T.DOC_YES_MULTIPLE, T.DOC_NO),
        (T.AMOUNT_ONE, T.AMOUNT_MULTIPLE, T.AMOUNT_NONE),
    ):
        for kind in (T.KIND_DOCUMENT, T.KIND_PAYMENT):
            best = table.best[kind, party, doc, amount]
            assert best is None or best.candidate_kind == kind


def test_default_payment_rules():
    table = engine._RuleTable(RULES)
    # A payment's reference with the only amount: High, whoever the line names.
    for party in (T.PARTY_FULLY, T.PARTY_PARTIALLY, T.PARTY_NO):
        rule = table.best[T.KIND_PAYMENT, party, T.DOC_YES, T.AMOUNT_ONE]
        assert rule.confidence == T.CONFIDENCE_HIGH and not rule.review_required
    # Amount and partner without a reference: Medium, to review.
    rule = table.best[T.KIND_PAYMENT, T.PARTY_FULLY, T.DOC_NO, T.AMOUNT_ONE]
    assert rule.confidence == T.CONFIDENCE_MEDIUM and rule.review_required
    # The same for an invoice stays BC's High 9.
    rule = table.best[T.KIND_DOCUMENT, T.PARTY_FULLY, T.DOC_NO, T.AMOUNT_ONE]
    assert rule.confidence == T.CONFIDENCE_HIGH
    # The amount alone never picks a payment.
    assert table.best[T.KIND_PAYMENT, T.PARTY_NO, T.DOC_NO, T.AMOUNT_ONE] is None
    # Priorities stay unique within each confidence across both tables.
    keys = [(r.confidence, r.priority) for r in RULES]
    assert len(keys) == len(set(keys))


def test_a_rule_for_either_kind_rates_both():
    either = T.Rule("mine", T.CONFIDENCE_LOW, 1, amount_match=T.AMOUNT_ONE)
    table = engine._RuleTable([either])
    assert table.best[T.KIND_PAYMENT, T.PARTY_NO, T.DOC_NO, T.AMOUNT_ONE] is either
    assert table.best[T.KIND_DOCUMENT, T.PARTY_NO, T.DOC_NO, T.AMOUNT_ONE] is either


# --- evidence
# ----------------------------------------------------------------------------------


def test_memo_found_names_the_payment_and_the_reference():
    p = one(
        [line("L", "1250", "Innbetaling INV/2026/00001", account_number=IBAN)],
        [payment("P", "1250", number="PBNK1/2026/00012", memo="INV/2026/00001")],
    )
    assert applied(p) == {"P": D("1250")}
    assert p.confidence == T.CONFIDENCE_HIGH and not p.review_required
    assert rule(p).candidate_kind == T.KIND_PAYMENT
    doc = criterion(p, "doc_match")
    assert doc.outcome == T.DOC_YES
    assert doc.evidence.code == codes.DOC_REGISTERED_PAYMENT
    assert english(doc.evidence) == (
        "Registered payment PBNK1/2026/00012: The memo INV/2026/00001 was found as a "
        'whole word in "Innbetaling INV/2026/00001".'
    )
    amount = english(criterion(p, "amount_match").evidence)
    assert amount.startswith("The registered payment amount 1,250.00 is inside")


def test_payment_number_and_payment_reference_are_found():
    p = one(
        [line("L", "300", "PBNK1 2026 00012")],
        [payment("P", "300", number="PBNK1/2026/00012")],
    )
    assert "The payment number PBNK1/2026/00012 was found" in english(
        criterion(p, "doc_match").evidence
    )
    p = one(
        [line("L", "300", "/", structured_reference="RF18539007547034")],
        [payment("P", "300", number="PBNK1/2026/00013", ref="RF18539007547034")],
    )
    assert criterion(p, "doc_match").outcome == T.DOC_YES
    assert "payment reference RF18539007547034" in english(
        criterion(p, "doc_match").evidence
    )


def test_no_reference_amount_and_partner_is_medium_and_says_so():
    p = one(
        [line("L", "730", "Betaling", account_number=IBAN)],
        [payment("P", "730", number="PBNK1/2026/00014")],
    )
    assert applied(p) == {"P": D("730")}
    assert p.confidence == T.CONFIDENCE_MEDIUM and p.review_required
    assert english(criterion(p, "doc_match").evidence) == (
        "Registered payment PBNK1/2026/00014: none of its number, payment reference "
        "or memo is on the line."
    )


def test_no_reference_and_no_partner_proposes_nothing():
    p = one(
        [line("L", "730", "Betaling")], [payment("P", "730", number="PBNK1/2026/15")]
    )
    assert not p.applications and p.confidence == T.CONFIDENCE_NONE


def test_sign_date_and_residual_prefilters_hold_for_payments():
    entries = [
        payment("OUT", "-500", memo="F-77123"),
        payment("LATE", "500", memo="F-77123", day=date(2026, 1, 25)),
    ]
    p = one([line("L", "500", "F-77123", account_number=IBAN)], entries)
    assert not p.applications
    p = one([line("L", "-500", "F-77123", account_number=IBAN)], entries)
    assert applied(p) == {"OUT": D("-500")}


def test_a_payment_is_never_applied_beyond_its_amount_across_lines():
    entries = [payment("P", "400", number="PBNK1/2026/00020")]
    proposals = engine.apply_statement(
        [
            line("L1", "400", "PBNK1/2026/00020", account_number=IBAN),
            line("L2", "400", "PBNK1/2026/00020", account_number=IBAN),
        ],
        entries,
        PARTNERS,
        RULES,
        T.Settings(),
    )
    assert sum(len(p.applications) for p in proposals) == 1


def test_several_payments_of_one_partner_sum_to_the_line():
    """One bank line for several payments of one partner with one reference."""
    entries = [
        payment("P1", "200", number="PBNK1/2026/00031", memo="RUN-0407"),
        payment("P2", "300", number="PBNK1/2026/00032", memo="RUN-0407"),
        invoice("I", "500", number="INV/2026/00009"),
    ]
    p = one([line("L", "500", "RUN-0407", account_number=IBAN)], entries)
    assert applied(p) == {"P1": D("200"), "P2": D("300")}
    doc = criterion(p, "doc_match")
    assert doc.outcome == T.DOC_YES_MULTIPLE
    assert english(doc.evidence).startswith(
        "2 registered payments of Fjordkraft Elektro AS are referenced:"
    )
    assert "total 500.00 of 2 registered payments" in english(
        criterion(p, "amount_match").evidence
    )


def test_invoice_and_payment_are_never_grouped():
    entries = [
        payment("P", "200", number="PBNK1/2026/00041", memo="ORDER 5521"),
        invoice("I", "300", number="ORDER 5521"),
    ]
    p = one([line("L", "500", "ORDER 5521", account_number=IBAN)], entries)
    assert criterion(p, "doc_match").outcome == T.DOC_YES
    assert len(p.applications) == 1


# --- check numbers and batches
# ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["CHK 00012", "Sjekk nr. 00012 innløst", "check 000012", "Check no 012"]
)
def test_check_number_found_by_value(text):
    entries = [check_payment("00050", "-980", "00012")]
    p = one(
        [line("L", "-980", text)],
        entries,
        criteria=[payments.check_number_criterion],
    )
    assert applied(p) == {"00050": D("-980")}
    assert p.confidence == T.CONFIDENCE_HIGH
    evidence = criterion(p, "doc_match").evidence
    assert english(evidence) == (
        "Registered payment PBNK1/2026/00050: The check number 00012 was found as a "
        f'whole word in "{text}".'
    )


@pytest.mark.parametrize(
    "text", ["CHK 120", "12", "Sjekk nr. 12", "Invoice 12 of 2026", "CHK 0001"]
)
def test_check_number_not_found(text):
    entries = [check_payment("P", "-980", "00012")]
    finder = payments.check_number_criterion(entries)
    assert finder(line("L", "-980", text)) == []


def check_payment(id, amount, number):
    return T.OpenEntry(
        id,
        2,
        D(amount),
        JAN,
        JAN,
        f"PBNK1/2026/{id}",
        kind=T.KIND_PAYMENT,
        extra={"check_number": number},
    )


def test_short_check_numbers_must_be_written_as_stored():
    entries = [check_payment("P", "-10", "007")]
    finder = payments.check_number_criterion(entries)
    assert [e for e, _m in finder(line("L", "-10", "CHK 007"))] == ["P"]
    assert finder(line("L", "-10", "CHK 7")) == []


def test_the_check_number_of_a_document_is_ignored():
    entries = [
        T.OpenEntry(
            "I", 2, D("-10"), JAN, JAN, "BILL/1", extra={"check_number": "5512"}
        )
    ]
    assert payments.check_number_criterion(entries)(line("L", "-10", "5512")) == []


def test_batch_reference_finds_every_payment_of_the_batch():
    entries = [
        T.OpenEntry(
            f"P{n}",
            1,
            D(amount),
            JAN,
            JAN,
            f"PBNK1/2026/0006{n}",
            kind=T.KIND_PAYMENT,
            extra={"batch_reference": "BATCH/OUT/2026/0004"},
        )
        for n, amount in ((1, "-120"), (2, "-380"))
    ]
    p = one(
        [line("L", "-500", "Betalingsoppdrag batch out 2026 0004")],
        entries,
        criteria=[payments.batch_reference_criterion],
    )
    assert applied(p) == {"P1": D("-120"), "P2": D("-380")}
    assert p.confidence == T.CONFIDENCE_HIGH
    assert "The batch payment BATCH/OUT/2026/0004 was found" in english(
        criterion(p, "doc_match").evidence
    )


def test_rank_candidates_lists_payments_with_their_evidence():
    entries = [
        payment("P", "650", number="PBNK1/2026/00070", memo="INV/2026/00070"),
        invoice("I", "650", number="INV/2026/00071"),
    ]
    ranked = engine.rank_candidates(
        line("L", "650", "INV/2026/00070", account_number=IBAN),
        entries,
        PARTNERS,
        RULES,
        T.Settings(),
    )
    assert ranked[0][0].id == "P" and ranked[0][2] == T.CONFIDENCE_HIGH
    assert any(entry.id == "I" for entry, *_rest in ranked)
