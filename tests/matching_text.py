"""The matching engine's messages in English, rendered from the addon's own templates.

The database-free suite cannot import Odoo (nor ``ar.message``), so the templates of
``ar_reconcile/messages/matching.py`` are read from the file's syntax tree; this renders
them as the English source reads (amounts as ``1,000.00``, dates in ISO), which is what
the engine tests assert on.
"""

import ast
import pathlib
from datetime import date

from ar_reconcile_lib.messages import Amount, Message, Percent

TEMPLATES_FILE = (
    pathlib.Path(__file__).resolve().parent.parent
    / "ar_reconcile"
    / "messages"
    / "matching.py"
)


def read_templates(path=TEMPLATES_FILE):
    """{code: English template} of a module's ``TEMPLATES = {code: _lt(...)}``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and node.targets[0].id == "TEMPLATES":
            return {
                key.value: value.args[0].value
                for key, value in zip(node.value.keys, node.value.values, strict=True)
            }
    raise AssertionError(f"no TEMPLATES in {path}")


TEMPLATES = read_templates()


def english(message):
    """``message`` as its English template reads, with its parameters filled in."""
    params = {key: _value(value) for key, value in message.params.items()}
    return TEMPLATES[message.code] % params


def _value(value):
    if isinstance(value, Message):
        return english(value)
    if isinstance(value, Amount):
        return f"{value.value:,}"
    if isinstance(value, Percent):
        return f"{value.value}%"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return ", ".join(_value(item) for item in value)
    return str(value)


def notes(proposal):
    return [english(note) for note in proposal.notes]
