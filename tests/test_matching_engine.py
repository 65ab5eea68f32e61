"""Payment application engine: signals, evidence, global assignment, text mappings."""

from datetime import date
from decimal import Decimal

import pytest
from ar_reconcile_lib.matching import codes, default_rules, engine
from ar_reconcile_lib.matching import types as T
from ar_reconcile_lib.matching.names import normalize_name
from matching_text import english, notes

D = Decimal
RULES = default_rules.DEFAULT_RULES
IBAN = "NO9386011117947"
BBAN = IBAN[4:]
JAN = date(2026, 1, 10)
MAR = date(2026, 3, 15)
SETTINGS = T.Settings()


def entry(id, amount, partner=1, doc="", ref="", ext="", day=JAN, due=None, **kw):
    return T.OpenEntry(id, partner, D(amount), day, due or day, doc, ref, ext, **kw)


def line(id, amount, day=MAR, **kw):
    return T.StatementLine(id, D(amount), day, **kw)


def run(lines, entries, partners=(), settings=SETTINGS, mappings=()):
    partners = partners or [T.Partner(1, "Fjordkraft Elektro AS", (IBAN,))]
    return engine.apply_statement(lines, entries, partners, RULES, settings, mappings)


def one(*args, **kw):
    (proposal,) = run(*args, **kw)
    return proposal


def applied(proposal):
    return {a.entry_id: a.amount for a in proposal.applications}


def criterion(proposal, name):
    return next(c for c in proposal.criteria if c.name == name)


def evidence(proposal, name):
    """A criterion's evidence as its English template reads."""
    return english(criterion(proposal, name).evidence)


# --- related party
# ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "account", [IBAN, "no93 8601 1117 947", BBAN, "XX" + IBAN + "NOK"]
)
def test_bank_account_identifies_the_partner(account):
    p = one([line("L", "100", account_number=account)], [entry("A", "100")])
    party = criterion(p, "related_party")
    assert party.outcome == T.PARTY_FULLY and "bank account" in english(party.evidence)
    assert p.rule_id == "high_8" and applied(p) == {"A": D("100")}  # Fully / No / One


def test_partner_stored_with_bban_matches_a_line_with_iban():
    partners = [T.Partner(1, "Fjordkraft Elektro AS", (BBAN,))]
    p = one([line("L", "100", account_number=IBAN)], [entry("A", "100")], partners)
    assert criterion(p, "related_party").outcome == T.PARTY_FULLY


def test_preset_partner_is_fully_matched():
    p = one([line("L", "100", partner_id=1)], [entry("A", "100")])
    assert criterion(p, "related_party").outcome == T.PARTY_FULLY and p.partner_id == 1


def test_nordic_names_are_folded():
    assert normalize_name("Bjørn Ødegård AS") == normalize_name("Bjorn Odegaard")
    assert normalize_name("BJOERN OEDEGAARD") == normalize_name("bjorn odegard")
    assert (
        normalize_name("Müller GmbH")
        == normalize_name("Mueller")
        == normalize_name("MULLER")
    )
    assert normalize_name("Sæther A/S") == normalize_name("Saether")


def test_name_similarity_with_nordic_letters_is_unique_and_fully():
    partners = [
        T.Partner(1, "Bjørn Ødegård AS"),
        T.Partner(2, "Bjørn Ødegård Eiendom AS"),
        T.Partner(3, "Fjordkraft Elektro AS"),
    ]
    p = one(
        [line("L", "100", partner_name="Bjorn Odegaard")], [entry("A", "100")], partners
    )
    party = criterion(p, "related_party")
    assert party.outcome == T.PARTY_FULLY
    assert party.outcome == T.PARTY_FULLY
    assert all(
        word in english(party.evidence)
        for word in ("100%", "Bjørn Ødegård AS", "unique")
    )
    assert p.rule_id == "high_8"


def test_similar_names_of_two_partners_are_only_partial():
    partners = [T.Partner(1, "Nordlys Handel AS"), T.Partner(2, "Nordlys Handel AB")]
    p = one(
        [line("L", "100", partner_name="NORDLYS HANDEL")], [entry("A", "100")], partners
    )
    party = criterion(p, "related_party")
    assert party.outcome == T.PARTY_PARTIALLY and "2 partner names match" in english(
        party.evidence
    )
    assert p.confidence == T.CONFIDENCE_MEDIUM  # Partially / No / One


def test_the_closest_whole_name_is_unique_among_contained_names():
    partners = [T.Partner(1, "Hansen Bygg Oslo AS"), T.Partner(2, "Hansen Bygg AS")]
    p = one(
        [line("L", "100", partner_name="HANSEN BYGG OSLO")],
        [entry("A", "100")],
        partners,
    )
    party = criterion(p, "related_party")
    assert party.outcome == T.PARTY_FULLY and "closest whole name" in english(
        party.evidence
    )


def test_a_shorter_query_does_not_match_every_longer_name():
    partners = [T.Partner(1, "Hansen Bygg AS"), T.Partner(2, "Hansen Transport AS")]
    p = one([line("L", "100", partner_name="Hansen")], [entry("A", "100")], partners)
    assert criterion(p, "related_party").outcome == T.PARTY_NO


def test_name_is_searched_in_texts_without_partner_name():
    partners = [T.Partner(1, "Bjørn Ødegård AS"), T.Partner(2, "Fjordkraft Elektro AS")]
    texts = ("Betaling fra BJORN ODEGARD mars",)
    p = one([line("L", "100", texts=texts)], [entry("A", "100")], partners)
    party = criterion(p, "related_party")
    assert party.outcome == T.PARTY_FULLY and "transaction text" in english(
        party.evidence
    )


def test_one_word_name_in_free_text_is_only_partial():
    partners = [T.Partner(1, "Service AS"), T.Partner(2, "Fjordkraft Elektro AS")]
    p = one(
        [line("L", "100", texts=("Payment for service",))],
        [entry("A", "100")],
        partners,
    )
    party = criterion(p, "related_party")
    assert party.outcome == T.PARTY_PARTIALLY and "one-word name" in english(
        party.evidence
    )
    q = one(
        [line("L", "100", partner_name="SERVICE AS")], [entry("A", "100")], partners
    )
    assert criterion(q, "related_party").outcome == T.PARTY_FULLY


def test_exact_permutations_mode():
    settings = T.Settings(name_matching=T.NAME_MATCHING_EXACT_PERMUTATIONS)
    partners = [T.Partner(1, "John Smith")]
    for text, outcome in (
        ("Paid by SMITH JOHN", T.PARTY_FULLY),
        ("John Smith ltd", T.PARTY_FULLY),
        ("Smith J", T.PARTY_NO),
        ("Johnny Smith", T.PARTY_NO),
    ):
        p = one(
            [line("L", "100", partner_name=text)],
            [entry("A", "100")],
            partners,
            settings,
        )
        assert criterion(p, "related_party").outcome == outcome, text


def test_name_matching_off():
    settings = T.Settings(name_matching=T.NAME_MATCHING_OFF)
    p = one(
        [line("L", "100", partner_name="Fjordkraft Elektro")],
        [entry("A", "100")],
        settings=settings,
    )
    assert criterion(p, "related_party").outcome == T.PARTY_NO


# --- document references
# ------------------------------------------------------------------


def test_reference_must_be_a_whole_token():
    entries = [entry("A", "100", doc="INV1001"), entry("B", "100", doc="INV10012")]
    p1, p2 = run(
        [
            line("L1", "100", texts=("Payment INV10012",)),
            line("L2", "100", texts=("Payment (inv1001).",)),
        ],
        entries,
    )
    assert (
        applied(p1) == {"B": D("100")}
        and criterion(p1, "doc_match").outcome == T.DOC_YES
    )
    assert (
        applied(p2) == {"A": D("100")}
        and criterion(p2, "doc_match").outcome == T.DOC_YES
    )
    p3 = one([line("L3", "100", texts=("Payment XINV1001 INV100",))], entries)
    assert criterion(p3, "doc_match").outcome == T.DOC_NO  # amount only: Low


@pytest.mark.parametrize(
    "text, how",
    [
        ("Faktura INV/2026/00001 takk", "whole word"),
        ("faktura inv 2026 00001", "separators ignored"),
        ("Faktura INV-2026-00001", "separators ignored"),
        ("FakturaNr:INV202600001", "separators ignored"),
    ],
)
def test_reference_with_or_without_separators(text, how):
    p = one(
        [line("L", "100", texts=(text,))], [entry("A", "100", doc="INV/2026/00001")]
    )
    doc = criterion(p, "doc_match")
    assert (
        doc.outcome == T.DOC_YES
        and how in english(doc.evidence)
        and "INV/2026/00001" in english(doc.evidence)
    )


def test_near_references_do_not_match():
    entries = [entry("A", "100", doc="INV/2026/00001"), entry("B", "100", doc="AB12")]
    for text in ("INV/2026/000011", "INV/2026/0000", "2026/00001", "AB 12", "XAB12"):
        p = one([line("L", "55", texts=(text,))], entries)
        assert not p.applications, text


def test_external_reference_and_payment_reference_in_text():
    entries = [entry("A", "100", ext="PO-77881"), entry("B", "100", ref="4471002")]
    p1, p2 = run(
        [
            line("L1", "100", texts=("Your order PO 77881",)),
            line("L2", "100", texts=("ref 4471002",)),
        ],
        entries,
    )
    assert applied(p1) == {"A": D("100")}
    assert "external reference" in evidence(p1, "doc_match")
    assert applied(p2) == {"B": D("100")}
    assert "payment reference" in evidence(p2, "doc_match")


def test_structured_reference_from_the_file():
    entries = [entry("A", "100", ref="RF18 5390 0754 7034"), entry("B", "100")]
    p = one([line("L", "100", structured_reference="RF18539007547034")], entries)
    doc = criterion(p, "doc_match")
    assert applied(p) == {"A": D("100")} and "structured reference" in english(
        doc.evidence
    )
    assert (
        p.confidence == T.CONFIDENCE_HIGH
    )  # No party / Yes / Multiple (A and B fit 100)


@pytest.mark.parametrize(
    "text, ref",
    [
        ("Betaling KID 79927398713 takk", "79927398713"),  # Luhn KID
        ("Invoice ref RF18 5390 0754 7034, thanks", "RF18539007547034"),
    ],
)
def test_structured_reference_buried_in_text(text, ref):
    p = one(
        [line("L", "100", texts=(text,))],
        [entry("A", "100", ref=ref), entry("B", "100")],
    )
    doc = criterion(p, "doc_match")
    assert applied(p) == {"A": D("100")}
    assert doc.outcome == T.DOC_YES and "check digit" in english(doc.evidence)


# --- one-to-many and many-to-one
# ----------------------------------------------------------------


def test_one_payment_for_several_invoices_in_due_date_order():
    entries = [
        entry("A", "500", doc="INV-0001", due=date(2026, 1, 20)),
        entry("B", "300", doc="INV-0002", due=date(2026, 1, 10)),
        entry("C", "400", doc="INV-0003", due=date(2026, 2, 1)),
    ]
    p = one(
        [line("L", "700", account_number=IBAN, texts=("INV-0001 INV-0002 INV-0003",))],
        entries,
    )
    assert criterion(p, "doc_match").outcome == T.DOC_YES_MULTIPLE
    assert p.rule_id == "medium_1"  # Fully / Yes-Multiple / amount not matched
    assert [(a.entry_id, a.amount) for a in p.applications] == [
        ("B", D("300")),
        ("A", D("400")),
    ]
    assert (
        "INV-0003 was not applied because the payment amount was insufficient."
        in notes(p)
    )


def test_exact_group_total_is_high():
    entries = [entry("A", "500", doc="INV-0001"), entry("B", "300", doc="INV-0002")]
    p = one(
        [line("L", "800", account_number=IBAN, texts=("INV-0001, INV-0002",))], entries
    )
    assert p.rule_id == "high_1" and applied(p) == {"A": D("500"), "B": D("300")}
    assert "total 800.00 of 2 documents" in evidence(p, "amount_match")


def test_no_group_across_partners():
    partners = [T.Partner(1, "Alfa AS"), T.Partner(2, "Beta AS")]
    entries = [
        entry("A", "500", partner=1, doc="INV-0001"),
        entry("B", "300", partner=2, doc="INV-0002"),
    ]
    p = one([line("L", "800", texts=("INV-0001 INV-0002",))], entries, partners)
    assert criterion(p, "doc_match").outcome == T.DOC_YES and len(p.applications) == 1


def test_two_lines_pay_one_invoice_without_exceeding_its_residual():
    entries = [entry("A", "1000", doc="INV-0001")]
    lines = [
        line("L1", "400", account_number=IBAN, texts=("INV-0001",)),
        line("L2", "600", account_number=IBAN, texts=("INV-0001",)),
    ]
    p1, p2 = run(lines, entries)
    assert applied(p1) == {"A": D("400")} and applied(p2) == {"A": D("600")}
    assert not p1.notes and not p2.notes


def test_residual_is_never_exceeded_across_lines():
    entries = [entry("A", "1000", doc="INV-0001")]
    lines = [
        line(f"L{i}", "600", account_number=IBAN, texts=("INV-0001",)) for i in range(3)
    ]
    proposals = run(lines, entries)
    assert [applied(p).get("A") for p in proposals] == [D("600"), D("400"), None]
    assert sum(p.applied_amount for p in proposals) == D("1000")
    assert any(
        "Only 400.00 of INV-0001 was still open" in n for n in notes(proposals[1])
    )
    assert all(p.review_required for p in proposals)  # same score: the lines competed
    assert any("already applied to statement line L0" in n for n in notes(proposals[1]))
    assert any(
        "could be applied to the same open entry" in n for n in notes(proposals[0])
    )


def test_duplicate_payment_leaves_the_second_line_unapplied():
    entries = [entry("A", "1000", doc="INV-0001")]
    lines = [
        line("L1", "1000", account_number=IBAN, texts=("INV-0001",)),
        line("L2", "1000", account_number=IBAN, texts=("INV-0001",)),
    ]
    p1, p2 = run(lines, entries)
    assert p1.rule_id == "high_3" and applied(p1) == {"A": D("1000")}
    assert not p2.applications and p2.confidence == T.CONFIDENCE_NONE
    assert any("already applied to statement line L1" in n for n in notes(p2))
    assert p1.review_required and p2.review_required


def test_higher_score_takes_the_entry_first_regardless_of_line_order():
    entries = [
        entry("A", "1000", doc="INV-0001"),
        entry("B", "1000", partner=2, doc="INV-0002"),
    ]
    partners = [T.Partner(1, "Alfa AS", (IBAN,)), T.Partner(2, "Beta AS")]
    lines = [
        line("L1", "1000", account_number=IBAN),  # Fully / No / One for A
        line("L2", "1000", account_number=IBAN, texts=("INV-0001",)),
    ]  # Fully / Yes / One
    p1, p2 = run(lines, entries, partners)
    assert applied(p2) == {"A": D("1000")} and p2.rule_id == "high_3"
    assert not p1.applications


# --- ties
# ------------------------------------------------------------------------------------


def test_tie_adds_an_ambiguity_note_and_requires_review():
    entries = [
        entry("A", "500", doc="INV-0001", due=date(2026, 2, 1)),
        entry("B", "500", doc="INV-0002", due=date(2026, 1, 25)),
    ]
    p = one([line("L", "500", account_number=IBAN)], entries)
    assert p.rule_id == "medium_3" and applied(p) == {
        "B": D("500")
    }  # the older due date
    assert p.review_required
    assert any(
        n.startswith(
            "There are 2 open entries this line could be applied to with the same "
            "confidence: INV-0002, INV-0001"
        )
        for n in notes(p)
    )


def test_high_tie_on_a_shared_reference_requires_review():
    partners = [T.Partner(1, "Alfa AS"), T.Partner(2, "Beta AS")]
    entries = [
        entry("A", "500", partner=1, ext="PO-5511"),
        entry("B", "500", partner=2, ext="PO-5511"),
    ]
    p = one([line("L", "500", texts=("PO-5511",))], entries, partners)
    assert p.confidence == T.CONFIDENCE_HIGH and p.review_required
    assert any("There are 2 open entries" in n for n in notes(p))


# --- amounts
# ----------------------------------------------------------------------------------


def test_tolerance_window_amount_and_percentage():
    amount5 = T.Settings(tolerance_type=T.TOLERANCE_AMOUNT, tolerance_value=D("5"))
    pct10 = T.Settings(tolerance_type=T.TOLERANCE_PERCENTAGE, tolerance_value=D("10"))
    assert engine.tolerance_window(D("100"), amount5) == (D("95.00"), D("105.00"))
    assert engine.tolerance_window(D("-100"), amount5) == (D("95.00"), D("105.00"))
    assert engine.tolerance_window(D("3"), amount5) == (
        D("0.00"),
        D("8.00"),
    )  # never crosses zero
    assert engine.tolerance_window(D("-3"), amount5) == (D("0.00"), D("8.00"))
    assert engine.tolerance_window(D("-123.45"), pct10) == (D("111.11"), D("135.80"))
    assert engine.tolerance_window(
        D("10"),
        T.Settings(tolerance_type=T.TOLERANCE_PERCENTAGE, tolerance_value=D("150")),
    )[0] == D("0.00")


def test_amount_tolerance_in_matching():
    settings = T.Settings(tolerance_value=D("5"))
    lines = [
        line("L1", "104", account_number=IBAN),
        line("L2", "94.99", account_number=IBAN),
    ]
    inside, outside = run(
        lines, [entry("A", "100"), entry("B", "300")], settings=settings
    )
    assert criterion(inside, "amount_match").outcome == T.AMOUNT_ONE
    assert applied(inside) == {"A": D("100")}
    assert "95.00 to 105.00" not in evidence(inside, "amount_match")
    assert "99.00 to 109.00" in evidence(inside, "amount_match")
    assert criterion(outside, "amount_match").outcome == T.AMOUNT_NONE


def test_percentage_tolerance_on_negative_amounts():
    settings = T.Settings(
        tolerance_type=T.TOLERANCE_PERCENTAGE, tolerance_value=D("10")
    )
    entries = [entry("A", "-109"), entry("B", "-111")]
    p = one([line("L", "-100", account_number=IBAN)], entries, settings=settings)
    assert criterion(p, "amount_match").outcome == T.AMOUNT_ONE
    assert applied(p) == {
        "A": D("-100")
    }  # signed like the line, the rest stays on the entry


def test_amount_window_counts_only_the_identified_partner():
    partners = [T.Partner(1, "Alfa AS", (IBAN,)), T.Partner(2, "Beta AS")]
    entries = [
        entry("A", "250", partner=1),
        entry("B", "250", partner=2),
        entry("C", "250", partner=2),
    ]
    p = one([line("L", "250", account_number=IBAN)], entries, partners)
    assert (
        criterion(p, "amount_match").outcome == T.AMOUNT_ONE and p.rule_id == "high_8"
    )
    q = one(
        [line("L", "250")], entries, partners
    )  # nobody identified: the whole ledger counts
    assert criterion(q, "amount_match").outcome == T.AMOUNT_MULTIPLE
    assert q.confidence == T.CONFIDENCE_LOW


def test_discounted_amount_matches_until_the_discount_date():
    disc = dict(residual_with_discount=D("980"), discount_date=date(2026, 3, 10))
    entries = [entry("A", "1000", **disc)]
    before = one([line("L", "980", day=date(2026, 3, 5), account_number=IBAN)], entries)
    after = one([line("L", "980", day=date(2026, 3, 15), account_number=IBAN)], entries)
    full_early = one(
        [line("L", "1000", day=date(2026, 3, 10), account_number=IBAN)], entries
    )
    assert before.rule_id == "high_8" and applied(before) == {"A": D("980")}
    assert "discounted amount 980.00" in evidence(before, "amount_match")
    assert (
        criterion(after, "amount_match").outcome == T.AMOUNT_NONE
        and after.rule_id == "low_1"
    )
    assert criterion(full_early, "amount_match").outcome == T.AMOUNT_NONE


def test_each_discount_period_matches_its_own_amount():
    # 2 % until 5 Mar (980), 1 % until 14 Mar (990), net after: the line's date picks
    # one.
    steps = ((date(2026, 3, 5), D("980")), (date(2026, 3, 14), D("990")))
    entries = [entry("A", "1000", discount_steps=steps)]

    def outcome(amount, day):
        p = one([line("L", amount, day=day, account_number=IBAN)], entries)
        return criterion(p, "amount_match").outcome, p

    assert outcome("980", date(2026, 3, 5))[0] == T.AMOUNT_ONE
    assert outcome("990", date(2026, 3, 5))[0] == T.AMOUNT_NONE
    second, p = outcome("990", date(2026, 3, 6))
    assert second == T.AMOUNT_ONE and applied(p) == {"A": D("990")}
    assert "discount until 2026-03-14" in evidence(p, "amount_match")
    assert outcome("980", date(2026, 3, 6))[0] == T.AMOUNT_NONE
    assert outcome("1000", date(2026, 3, 15))[0] == T.AMOUNT_ONE
    assert outcome("990", date(2026, 3, 15))[0] == T.AMOUNT_NONE


def test_discounted_payment_settles_the_entry():
    disc = dict(residual_with_discount=D("980"), discount_date=date(2026, 3, 10))
    entries = [entry("A", "1000", doc="INV-0001", **disc)]
    lines = [
        line("L1", "980", day=date(2026, 3, 5), texts=("INV-0001",)),
        line("L2", "20", day=date(2026, 3, 6), texts=("INV-0001",)),
    ]
    p1, p2 = run(lines, entries)
    assert applied(p1) == {"A": D("980")} and not p2.applications


# --- pre-filters
# --------------------------------------------------------------------------------


def test_sign_and_date_prefilters():
    entries = [
        entry("CN", "-100", doc="CN-0001"),
        entry("FUT", "100", doc="INV-0009", day=date(2026, 4, 1)),
        entry("ZERO", "0", doc="INV-0010"),
    ]
    for text in ("CN-0001", "INV-0009", "INV-0010"):
        p = one([line("L", "100", account_number=IBAN, texts=(text,))], entries)
        assert not p.applications, text


def test_zero_amount_line():
    p = one([line("L", "0", account_number=IBAN)], [entry("A", "100")])
    assert not p.applications and p.confidence == T.CONFIDENCE_NONE and p.notes


# --- text mappings
# ------------------------------------------------------------------------------


def test_text_mapping_substring_regex_sign_and_amount():
    mappings = [
        T.TextMapping("fee", "Bank fee", sign="negative", max_amount=D("100")),
        T.TextMapping("rent", r"^husleie \d{4}$", is_regex=True, partner_id=7),
    ]
    lines = [
        line("L1", "-25", texts=("BANK FEE Q1",)),
        line("L2", "-250", texts=("BANK FEE Q1",)),  # above the amount range
        line("L3", "25", texts=("bank fee refund",)),  # wrong sign
        line("L4", "9000", texts=("HUSLEIE 2026",)),
        line("L5", "9000", texts=("Husleie mars 2026",)),
    ]
    p1, p2, p3, p4, p5 = run(lines, [], mappings=mappings)
    assert p1.text_mapping_id == "fee" and p1.confidence == T.CONFIDENCE_TEXT_MAPPING
    assert not p1.review_required
    assert p1.score == T.TEXT_MAPPING_SCORE + len("Bank fee") and not p1.applications
    assert p2.text_mapping_id is None and p3.text_mapping_id is None
    assert p4.text_mapping_id == "rent" and p4.partner_id == 7
    assert p5.text_mapping_id is None
    assert "Bank fee" in evidence(p1, "text_mapping")


def test_text_mapping_searches_the_partner_name():
    mappings = [T.TextMapping("dnb", "dnb bank")]
    p = one([line("L", "-40", partner_name="DNB Bank ASA")], [], mappings=mappings)
    assert p.text_mapping_id == "dnb"


def test_text_mapping_beats_medium_and_loses_to_high():
    mapping = [T.TextMapping("m", "Fjordkraft")]
    entries = [entry("A", "1000", doc="INV-0001")]
    medium = one(
        [line("L", "400", account_number=IBAN, texts=("Fjordkraft INV-0001",))],
        entries,
        mappings=mapping,
    )
    high = one(
        [line("L", "1000", account_number=IBAN, texts=("Fjordkraft INV-0001",))],
        entries,
        mappings=mapping,
    )
    assert medium.text_mapping_id == "m" and not medium.applications
    assert high.rule_id == "high_3" and high.text_mapping_id is None
    assert any("text mapping(s) could be applied" in n for n in notes(high))


# --- evidence, ranking, determinism
# ---------------------------------------------------------------


def test_evidence_states_what_matched():
    p = one(
        [line("L", "1000", account_number=IBAN, texts=("Faktura INV/2026/00001",))],
        [entry("A", "1000", doc="INV/2026/00001"), entry("B", "400")],
    )
    assert [c.name for c in p.criteria] == [
        "related_party",
        "doc_match",
        "amount_match",
    ]
    assert IBAN in evidence(p, "related_party")
    assert "document number INV/2026/00001" in evidence(p, "doc_match")
    assert "Faktura INV/2026/00001" in evidence(p, "doc_match")
    amount = evidence(p, "amount_match")
    assert (
        "1,000.00 to 1,000.00" in amount
        and "1 candidate(s) of the identified partner" in amount
    )
    assert (p.confidence, p.rule_id, p.score, p.review_required, p.partner_id) == (
        T.CONFIDENCE_HIGH,
        "high_3",
        3997,
        False,
        1,
    )


def test_rank_candidates_for_manual_application():
    entries = [
        entry("A", "1000", doc="INV-0001"),
        entry("B", "400"),
        entry("C", "999"),
        entry("X", "1000", partner=2),
    ]
    partners = [T.Partner(1, "Alfa AS", (IBAN,)), T.Partner(2, "Beta AS")]
    statement_line = line("L", "1000", account_number=IBAN, texts=("INV-0001",))
    ranked = engine.rank_candidates(statement_line, entries, partners, RULES, SETTINGS)
    assert [r[0].id for r in ranked][:3] == ["A", "C", "B"]
    first = ranked[0]
    assert first[1:4] == (3997, T.CONFIDENCE_HIGH, "high_3")
    assert {c.name for c in first[4]} == {"related_party", "doc_match", "amount_match"}
    assert "X" not in [r[0].id for r in ranked]  # another partner, no reference


def test_apply_immediately_only_saves_work():
    """The shortcut skips candidates that cannot win. (Like BC, a line stopped by it has
    no fallback if a better line takes its entry: that is the price of the shortcut.)"""
    entries = [
        entry("A", "500", doc="INV-0001"),
        entry("B", "300", doc="INV-0002"),
        entry("C", "800", doc="INV-0003"),
        entry("D", "800"),
    ]
    lines = [
        line("L1", "800", account_number=IBAN, texts=("INV-0001 INV-0002",)),
        line("L2", "800", account_number=IBAN, texts=("INV-0003",)),
    ]
    on = run(lines, entries)
    off = run(lines, entries, settings=T.Settings(enable_apply_immediately=False))
    assert (
        [applied(p) for p in on]
        == [applied(p) for p in off]
        == [{"A": D("500"), "B": D("300")}, {"C": D("800")}]
    )


def test_deterministic_and_one_proposal_per_line_in_order():
    partners = [
        T.Partner(i, f"Partner {name} AS", (f"NO93{i:011d}",))
        for i, name in enumerate(["Alfa", "Beta", "Gamma", "Delta"], start=1)
    ]
    entries = [
        entry(f"E{i}", str(100 + i % 7), partner=1 + i % 4, doc=f"INV-{i:04d}")
        for i in range(40)
    ]
    lines = [
        line(
            f"L{i}",
            str(100 + i % 5),
            account_number=f"NO93{1 + i % 4:011d}",
            texts=(f"INV-{i:04d}" if i % 3 else "Betaling",),
        )
        for i in range(30)
    ]
    first, second = run(lines, entries, partners), run(lines, entries, partners)
    assert [p.line_id for p in first] == [item.id for item in lines]
    assert repr(first) == repr(second)
    used = {}
    for p in first:
        for a in p.applications:
            used[a.entry_id] = used.get(a.entry_id, 0) + a.amount
    residual = {e.id: e.residual for e in entries}
    assert all(total <= residual[eid] for eid, total in used.items())


def test_reusable_index():
    entries = [entry("A", "100", doc="INV-0001")]
    partners = [T.Partner(1, "Alfa AS", (IBAN,))]
    index = engine.build_index(entries, partners)
    lines = [line("L", "100", texts=("INV-0001",))]
    reused = engine.apply_statement(
        lines, entries, partners, RULES, SETTINGS, index=index
    )
    assert repr(reused) == repr(
        engine.apply_statement(lines, entries, partners, RULES, SETTINGS)
    )


# --- extra criteria
# -------------------------------------------------------------------------


def mandate_criterion(entries):
    """A direct-debit criterion as the SEPA addon would add it: the line's mandate
    equals the entry's mandate. Built once per call (the lookup), asked once per line.
    """
    codes.register("matching.doc.mandate")
    by_mandate = {}
    for open_entry in entries:
        if open_entry.extra.get("mandate"):
            by_mandate.setdefault(open_entry.extra["mandate"], []).append(open_entry.id)

    def finder(statement_line):
        mandate = statement_line.extra.get("mandate")
        return [
            (entry_id, codes.evidence("matching.doc.mandate", mandate=mandate))
            for entry_id in by_mandate.get(mandate, ())
        ]

    return finder


def test_an_extra_criterion_raises_the_document_match():
    entries = [
        entry("A", "500", extra={"mandate": "MD-77"}),
        entry("B", "500", extra={"mandate": "MD-12"}),
    ]
    statement_line = line("L", "500", account_number=IBAN, extra={"mandate": "MD-77"})
    plain = one([statement_line], entries)
    assert plain.confidence == T.CONFIDENCE_MEDIUM and plain.review_required
    assert criterion(plain, "doc_match").outcome == T.DOC_NO

    (with_mandate,) = engine.apply_statement(
        [statement_line],
        entries,
        [T.Partner(1, "Fjordkraft Elektro AS", (IBAN,))],
        RULES,
        SETTINGS,
        criteria=[mandate_criterion],
    )
    assert with_mandate.confidence == T.CONFIDENCE_HIGH
    assert not with_mandate.review_required and applied(with_mandate) == {"A": D("500")}
    doc = criterion(with_mandate, "doc_match")
    assert doc.outcome == T.DOC_YES
    assert doc.evidence == codes.evidence("matching.doc.mandate", mandate="MD-77")
    codes.CODES.discard("matching.doc.mandate")

    ranked = engine.rank_candidates(
        statement_line,
        entries,
        [T.Partner(1, "Fjordkraft Elektro AS", (IBAN,))],
        RULES,
        SETTINGS,
        criteria=[mandate_criterion],
    )
    assert ranked[0][0].id == "A" and ranked[0][2] == T.CONFIDENCE_HIGH
    codes.CODES.discard("matching.doc.mandate")
