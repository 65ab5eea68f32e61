"""The rules installed in Odoo are the engine's default table, rule for rule."""

import pathlib

from ar_reconcile_lib.matching.default_rules import DEFAULT_RULES
from lxml import etree

DATA = (
    pathlib.Path(__file__).resolve().parent.parent
    / "ar_reconcile"
    / "data"
    / "ar_payment_application_rule_data.xml"
)


def _xml_rules():
    rules = {}
    for record in etree.parse(str(DATA)).iterfind("//record"):
        values = {}
        for field in record.iterfind("field"):
            if field.get("ref"):
                values[field.get("name")] = field.get("ref")
                continue
            values[field.get("name")] = (
                field.get("eval") == "True" if field.get("eval") else field.text
            )
        rules[record.get("id")] = values
    return rules


def test_data_file_mirrors_default_rules():
    expected = {
        f"rule_{rule.id}": {
            "match_confidence": rule.confidence,
            "priority": str(rule.priority),
            "related_party": rule.related_party,
            "doc_match": rule.doc_match,
            "amount_match": rule.amount_match,
            "review_required": rule.review_required,
            "apply_immediately": rule.apply_immediately,
            "candidate_kind": rule.candidate_kind,
            # The data file's rules are the main company's; other companies get copies.
            "company_id": "base.main_company",
        }
        for rule in DEFAULT_RULES
    }
    assert _xml_rules() == expected


def test_other_companies_get_their_copy_at_installation():
    (call,) = etree.parse(str(DATA)).iterfind("//function")
    assert call.get("model") == "res.company"
    assert call.get("name") == "_ar_create_missing_default_rules"
    assert call.find("value").get("search") == "[]"
