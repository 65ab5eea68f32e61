"""Every message code the matching engine can emit has a template, and only those."""

import pathlib
import re

import pytest
from ar_reconcile_lib.matching import codes
from ar_reconcile_lib.messages import Message
from matching_text import TEMPLATES, english

MATCHING_LIB = pathlib.Path(codes.__file__).resolve().parent


def test_every_code_has_a_template_and_every_template_a_code():
    assert codes.CODES - set(TEMPLATES) == set()
    assert set(TEMPLATES) - codes.CODES == set()


def test_the_engine_uses_declared_codes_only():
    """Codes are named through ``codes`` constants; a literal code or sentence in the
    engine would bypass the template check."""
    used = set()
    for path in MATCHING_LIB.glob("*.py"):
        if path.name == "codes.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r'\bf"[A-Z]', text), f"{path.name} builds a sentence"
        used |= {getattr(codes, name) for name in re.findall(r"\bC\.([A-Z_]+)", text)}
    assert used and used <= codes.CODES


def test_templates_use_named_placeholders_only():
    for code, template in TEMPLATES.items():
        assert not re.search(r"%[^(%]", template), code


def test_criterion_lines_name_their_criterion():
    party = codes.evidence(codes.PARTY_SET_ON_LINE)
    criterion = type("Criterion", (), {"name": "related_party", "evidence": party})
    (line,) = codes.explain([criterion])
    assert english(line) == "Related party: The partner was set on the statement line."
    assert Message.from_json(line.to_json()) == line


def test_an_undeclared_code_is_refused_until_registered():
    with pytest.raises(ValueError):
        codes.evidence("matching.doc.mandate")
    codes.register("matching.doc.mandate")
    try:
        assert codes.evidence("matching.doc.mandate", mandate="M-1").code
    finally:
        codes.CODES.discard("matching.doc.mandate")
