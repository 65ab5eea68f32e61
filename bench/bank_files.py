"""Read a folder of real bank files and compare with the facts their sources assert.

The folder is laid out like ``../shared/bank-files``: statement files in sub-folders
and an ``expected.json`` whose ``files`` maps each path to its facts (schema in that
folder's README). Every file is read with the database-free readers
(``ar_reconcile/lib/statements``) as the import wizard reads it, and gets one of:

* ``OK``: a ``parse`` file read with every fact right, or a ``reject`` file refused
  with a clear message (a ``StatementParseError``, shown in English);
* ``OK*``: a ``parse`` file refused only because its balances do not add up or a
  statement lacks its closing balance (a manager may import it anyway), whose
  content read with ``strict_balances=False`` has every fact right;
* ``MISREAD``: read, but a fact differs (each difference listed);
* ``FAILED-TO-PARSE``: a ``parse`` file refused for another reason than its balances;
* ``WRONGLY-ACCEPTED``: a ``reject`` file that was read without complaint;
* ``CRASHED``: any other exception (a defect whatever the outcome should be).

Run from the repository root: ``python3 bench/bank_files.py DIR [-v]``; exits 1 unless
every file is OK or OK*.
"""

from __future__ import annotations

import argparse
import ast
import json
import pathlib
import sys
import traceback
from collections import Counter
from datetime import date
from decimal import Decimal

ROOT = pathlib.Path(__file__).resolve().parent.parent

# tests/conftest.py registers ``ar_reconcile/lib`` as ``ar_reconcile_lib`` without
# importing Odoo.
sys.path.insert(0, str(ROOT / "tests"))
import conftest  # noqa: E402,F401
from ar_reconcile_lib.messages import Amount, Message  # noqa: E402
from ar_reconcile_lib.statements import (  # noqa: E402
    BALANCE_QUESTIONS,
    StatementParseError,
    parse_statement_file,
)

STATUSES = ("OK", "OK*", "MISREAD", "FAILED-TO-PARSE", "WRONGLY-ACCEPTED", "CRASHED")


def read_templates():
    """{code: English template} of ``ar_reconcile/messages/*.py``, without Odoo."""
    templates = {}
    for path in (ROOT / "ar_reconcile" / "messages").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if (
                isinstance(node, ast.Assign)
                and getattr(node.targets[0], "id", "") == "TEMPLATES"
            ):
                for key, value in zip(node.value.keys, node.value.values, strict=True):
                    templates[key.value] = value.args[0].value
    return templates


TEMPLATES = read_templates()


def english(message):
    def value(param):
        if isinstance(param, Message):
            return english(param)
        if isinstance(param, Amount):
            return f"{param.value:,} {param.currency or ''}".strip()
        if isinstance(param, tuple | list):
            return ", ".join(value(item) for item in param)
        return str(param)

    template = TEMPLATES.get(message.code)
    if template is None:
        return f"[no template for {message.code}] {message.params}"
    return template % {key: value(param) for key, param in message.params.items()}


# -- comparing with the facts ---------------------------------------------------------


def _decimal_equal(actual, expected):
    return actual is not None and Decimal(str(actual)) == Decimal(expected)


def _text(transaction):
    return " ".join(
        str(part)
        for part in (
            transaction.payment_ref,
            transaction.remittance_unstructured,
            transaction.remittance_structured,
            transaction.end_to_end_id,
            transaction.bank_reference,
            transaction.instruction_id,
            transaction.partner_name,
            transaction.account_number,
            transaction.additional_info,
            transaction.batch_payment_info_id,
            transaction.batch_message_id,
        )
        if part
    )


def _field_matches(transaction, name, expected):
    actual = _text(transaction) if name == "text" else getattr(transaction, name, None)
    if isinstance(expected, str) and expected.startswith("contains:"):
        return expected[len("contains:") :] in str(actual or ""), actual
    if name in ("amount", "foreign_amount"):
        if expected in ("positive", "negative"):
            return (actual > 0) == (expected == "positive"), actual
        return _decimal_equal(actual, expected), actual
    if isinstance(actual, date):
        return actual.isoformat() == expected, actual
    if isinstance(actual, Decimal):
        return _decimal_equal(actual, expected), actual
    return (actual or "") == expected, actual


def _account_matches(statement, expected):
    accounts = [statement.account_iban, statement.account_number]
    compact = expected.replace(" ", "")
    return any(
        account and account.replace(" ", "").startswith(compact) for account in accounts
    )


def _statement_fact(statement, key, expected):
    """The difference of one per-statement fact, or None."""
    if key == "account":
        actual = statement.account_iban or statement.account_number
        return None if _account_matches(statement, expected) else actual
    if key in ("opening", "closing"):
        actual = getattr(statement, f"{key}_balance")
        return None if _decimal_equal(actual, expected) else actual
    if key == "opening_minus_closing":
        if statement.opening_balance is None or statement.closing_balance is None:
            return "no balances"
        actual = statement.opening_balance - statement.closing_balance
        return None if _decimal_equal(actual, expected) else actual
    if key == "total":
        actual = sum((t.amount for t in statement.transactions), Decimal(0))
        return None if _decimal_equal(actual, expected) else actual
    if key == "currency":
        actual = (statement.currency or "").upper()
        return None if actual == expected.upper() else actual
    if key == "statement_id":
        return None if statement.statement_id == expected else statement.statement_id
    if key in ("n_transactions", "n_entries"):
        actual = len(statement.transactions)
        return None if actual == expected else actual
    return f"unknown fact {key!r}"


def check_statement(statement, facts, label):
    problems = []
    for key, expected in facts.items():
        actual = _statement_fact(statement, key, expected)
        if actual is not None:
            problems.append(f"{label} {key} {actual!r} != {expected!r}")
    return problems


def check(statements, facts):
    """The differences between what was read and ``facts`` (empty: all right)."""
    problems = []
    transactions = [t for s in statements for t in s.transactions]
    if "statements" in facts and len(statements) != facts["statements"]:
        problems.append(f"{len(statements)} statements, not {facts['statements']}")
    with_lines = sum(1 for s in statements if s.transactions)
    expected = facts.get("statements_with_transactions")
    if expected is not None and with_lines != expected:
        problems.append(f"{with_lines} statements with lines, not {expected}")
    if "n_transactions" in facts and len(transactions) != facts["n_transactions"]:
        problems.append(f"{len(transactions)} lines, not {facts['n_transactions']}")
    for key in ("amounts", "amounts_prefix"):
        if key in facts:
            expected = [Decimal(a) for a in facts[key]]
            actual = [t.amount for t in transactions[: len(expected)]]
            if actual != expected:
                problems.append(f"amounts {[str(a) for a in actual]} != {facts[key]}")
    if "total" in facts:
        total = sum((t.amount for t in transactions), Decimal(0))
        if not _decimal_equal(total, facts["total"]):
            problems.append(f"total {total} != {facts['total']}")
    for index, statement_facts in enumerate(facts.get("stmts", [])):
        if index >= len(statements):
            problems.append(f"statement {index + 1} missing")
            continue
        problems += check_statement(
            statements[index], statement_facts, f"statement {index + 1}"
        )
    if "last_stmt" in facts and statements:
        problems += check_statement(
            statements[-1], facts["last_stmt"], "last statement"
        )
    for txn in facts.get("txns", []):
        problems += check_transaction(statements, transactions, txn)
    return problems


def check_transaction(statements, transactions, txn):
    pool = transactions
    if "stmt" in txn:
        pool = (
            statements[txn["stmt"]].transactions
            if txn["stmt"] < len(statements)
            else []
        )
    if "find" in txn:
        found = [
            t
            for t in pool
            if all(_field_matches(t, k, v)[0] for k, v in txn["find"].items())
        ]
        if not found:
            return [f"no line with {txn['find']}"]
        transaction, where = found[0], f"line {txn['find']}"
    else:
        if txn["index"] >= len(pool):
            return [f"no line {txn['index']}"]
        transaction, where = pool[txn["index"]], f"line {txn['index']}"
    problems = []
    for name, expected in txn["fields"].items():
        ok, actual = _field_matches(transaction, name, expected)
        if not ok:
            problems.append(f"{where} {name} {actual!r} != {expected!r}")
    return problems


# -- reading --------------------------------------------------------------------------


def examine(path, facts):
    """``(status, detail lines)`` of one file."""
    data = path.read_bytes()
    outcome = facts.get("outcome", "parse")
    try:
        statements = parse_statement_file(data)
    except StatementParseError as error:
        text = english(error.message)
        if outcome == "reject":
            return "OK", [f"refused: {text}"]
        if error.message.code not in BALANCE_QUESTIONS:
            return "FAILED-TO-PARSE", [f"refused: {text}"]
        try:
            statements = parse_statement_file(data, strict_balances=False)
        except StatementParseError as second:
            return "FAILED-TO-PARSE", [f"refused: {english(second.message)}"]
        problems = check(statements, facts)
        note = f"balances refused: {text}"
        if facts.get("balances_consistent", True):
            note += " (the source does not say its balances are off)"
        if problems:
            return "MISREAD", [note, *problems]
        return "OK*", [note]
    except Exception:  # the point of the bench: a crash is reported, not raised
        return "CRASHED", traceback.format_exc().strip().splitlines()[-3:]
    if outcome == "reject":
        count = sum(len(s.transactions) for s in statements)
        return "WRONGLY-ACCEPTED", [f"read {len(statements)} statements, {count} lines"]
    problems = check(statements, facts)
    if problems:
        return "MISREAD", problems
    count = sum(len(s.transactions) for s in statements)
    return "OK", [f"{len(statements)} statements, {count} lines"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=pathlib.Path)
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="details of OK files too"
    )
    args = parser.parse_args(argv)
    expected = json.loads((args.folder / "expected.json").read_text(encoding="utf-8"))
    counts = Counter()
    by_outcome = Counter()
    for name, facts in sorted(expected["files"].items()):
        status, details = examine(args.folder / name, facts)
        counts[status] += 1
        by_outcome[(facts.get("outcome", "parse"), status)] += 1
        print(f"{status:<17} {name}")
        if args.verbose or status not in ("OK",):
            for line in details:
                print(f"{'':<19}{line}")
    print()
    print(
        "Summary: "
        + ", ".join(f"{status} {counts[status]}" for status in STATUSES)
        + f" (of {sum(counts.values())} files)"
    )
    for outcome in ("parse", "reject"):
        parts = [
            f"{status} {by_outcome[(outcome, status)]}"
            for status in STATUSES
            if by_outcome[(outcome, status)]
        ]
        print(f"  marked {outcome}: " + ", ".join(parts))
    return 0 if counts["OK"] + counts["OK*"] == sum(counts.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
