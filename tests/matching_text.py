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


def make_english(*templates, percent="{}%"):
    """A renderer of messages whose codes are in ``templates`` (dicts of
    :func:`read_templates`): amounts as ``1,000.00``, dates in ISO, percentages with
    ``percent`` (a format taking the value)."""
    merged = {}
    for domain in templates:
        merged.update(domain)

    def english(message):
        """``message`` as its English template reads, with its parameters filled in."""
        params = {key: value(item) for key, item in message.params.items()}
        template = merged[message.code]
        return template % params if params else template.replace("%%", "%")

    def value(item):
        if isinstance(item, Message):
            return english(item)
        if isinstance(item, Amount):
            return f"{item.value:,}"
        if isinstance(item, Percent):
            return percent.format(item.value)
        if isinstance(item, date):
            return item.isoformat()
        if isinstance(item, tuple | list):
            return ", ".join(value(element) for element in item)
        return str(item)

    return english


english = make_english(TEMPLATES)


def notes(proposal):
    return [english(note) for note in proposal.notes]
