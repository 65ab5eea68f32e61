"""Every message code collections can emit has a template, and only those; refusals
are MessageErrors with declared codes, never sentences."""

import pathlib
import re
from datetime import date
from decimal import Decimal

from ar_reconcile_lib import collections as K
from ar_reconcile_lib.messages import Message
from collections_text import TEMPLATES, english

LIB = pathlib.Path(K.__file__).resolve().parent


def test_every_code_has_a_template_and_every_template_a_code():
    assert K.CODES - set(TEMPLATES) == set()
    assert set(TEMPLATES) - K.CODES == set()


def test_collections_use_declared_codes_only():
    used = set()
    for path in LIB.glob("*.py"):
        if path.name == "codes.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "raise ValueError" not in text, f"{path.name} raises a sentence"
        assert not re.search(r'\bmsg\(\s*"', text), f"{path.name} uses a literal code"
        assert not re.search(r'MessageError\(\s*"', text), path.name
        used |= {
            getattr(K.codes, name) for name in re.findall(r"\bC\.([A-Z_0-9]+)", text)
        }
    assert used == K.CODES


def test_templates_use_named_placeholders_only():
    for code, template in TEMPLATES.items():
        assert not re.search(r"%[^(]", template.replace("%%", "")), code


def test_a_reason_survives_json_and_reads_in_english():
    terms = K.ReminderTerms((K.ReminderLevel(1),), minimum_amount=Decimal(500))
    entry = K.OpenEntry("A", date(2026, 1, 1), date(2026, 1, 1), Decimal(100), "EUR")
    result = K.run_reminders(
        [K.PartnerAccount("P", terms, (entry,))], date(2026, 3, 1), date(2026, 3, 1)
    )
    (skipped,) = result.skipped
    assert Message.from_json(skipped.reason.to_json()) == skipped.reason
    assert english(skipped.reason) == ("the amount 100 is below the minimum amount 500")
