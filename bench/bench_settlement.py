"""Discounts and payment tolerance at volume, in real Odoo 18: payment registration and
the payment reconciliation journal.

    python3 bench/bench_settlement.py            # 3,000 invoices, 500 payments each way
    python3 bench/bench_settlement.py --invoices 600 --payments 100   # quick

It builds a database (``ar_reconcile`` without demo, the generic chart of accounts), a
payment term "2 % 5 days, 1 % 14 days, net 30", 300 customers and ``--invoices`` posted
invoices dated 0-40 days back, and company tolerance 0.5 % (max 5.00) with a 3-day grace
period. Then it times:

1. opening Payment Registration (rows for every open item) and opening it again;
2. posting ``--payments`` ticked rows as separate payments, each paying the discounted
   amount of its invoice on today's date, every third one short by a few cents (closed
   as tolerance);
3. posting lump payments for 50 customers (all their open invoices, oldest first);
4. importing ``--payments`` bank lines that pay other invoices the same way (invoice
   number in the text), applying them automatically and posting them.

It checks every result against the settlement arithmetic (invoice paid, discount and
tolerance items posted) and prints a table, also written to
``bench/results/settlement_bench_<date>.md``.
"""

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_odoo as base  # noqa: E402  (helpers: PostgreSQL, install, in-process Odoo)


def build(env, n_invoices, seed, today):
    from odoo import Command

    company = env.company
    if not env["account.account"].search_count([("company_ids", "in", company.ids)]):
        env["account.chart.template"].try_loading(
            "generic_coa", company, install_demo=False
        )
    accounts = env["account.account"]
    company.write(
        {
            "ar_payment_tolerance_percent": 0.5,
            "ar_payment_tolerance_max_amount": 5.0,
            "ar_discount_grace_days": 3,
            "ar_tolerance_loss_account_id": accounts.search(
                [("account_type", "=", "expense")], limit=1
            ).id,
            "ar_tolerance_gain_account_id": accounts.search(
                [("account_type", "=", "income_other")], limit=1
            ).id,
        }
    )
    term = env["account.payment.term"].create(
        {
            "name": "2 % 5 days, 1 % 14 days, net 30",
            "early_discount": True,
            "discount_percentage": 2.0,
            "discount_days": 5,
            "early_pay_discount_computation": "included",
            "ar_discount_period_ids": [
                Command.create({"days": 14, "discount_percentage": 1.0})
            ],
            "line_ids": [
                Command.create(
                    {"value": "percent", "value_amount": 100.0, "nb_days": 30}
                )
            ],
        }
    )
    rng = random.Random(seed)
    partners = env["res.partner"].create(
        [
            {"name": f"Bench Customer {n:03d}", "is_company": True, "customer_rank": 1}
            for n in range(300)
        ]
    )
    started = time.perf_counter()
    for start in range(0, n_invoices, 500):
        moves = env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partners[rng.randrange(len(partners))].id,
                    "invoice_date": today - dt.timedelta(days=rng.randrange(0, 41)),
                    "invoice_payment_term_id": term.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Services",
                                "quantity": 1,
                                "price_unit": round(rng.uniform(50, 5000), 2),
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
                for _n in range(min(500, n_invoices - start))
            ]
        )
        moves.action_post()
        env.flush_all()
        env.invalidate_all()
    base.log(f"posted {n_invoices} invoices in {time.perf_counter() - started:.0f} s")


def timed(label, results, function, count=None):
    started = time.perf_counter()
    value = function()
    seconds = time.perf_counter() - started
    results.append((label, seconds, count))
    base.log(
        f"{label}: {seconds:.2f} s" + (f" ({count / seconds:.1f}/s)" if count else "")
    )
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--invoices", type=int, default=3000)
    parser.add_argument("--payments", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", default="ar_bench_settle")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()

    base.ensure_postgres()
    addons_path = base.odoo_addons_path([])
    base.drop_db(args.db)
    logdir = ROOT / "bench" / "results"
    logdir.mkdir(parents=True, exist_ok=True)
    base.install_modules(args.db, ["ar_reconcile"], addons_path, str(logdir))
    odoo = base.Odoo(addons_path)
    today = dt.date.today()
    with odoo.env(args.db) as env:
        build(env, args.invoices, args.seed, today)

    results, checks = [], []
    with odoo.env(args.db) as env:
        Registration = env["ar.payment.registration"]
        journal = env["account.journal"].search([("type", "=", "bank")], limit=1)
        timed(
            f"Payment Registration, first opening ({args.invoices} open items)",
            results,
            Registration.action_open,
            args.invoices,
        )
        timed("Payment Registration, opening again", results, Registration.action_open)
        rows = Registration.search([], order="id")
        picked = rows[: args.payments]
        for number, row in enumerate(picked):
            row.write({"payment_made": True, "date_received": today})
            short = Decimal("0.03") if number % 3 == 0 else Decimal(0)
            row.amount_received = float(
                row.currency_id._ar_decimal(row.amount_due_with_discount) - short
            )
        env.flush_all()
        picked_moves = picked.move_id
        payments = timed(
            f"Posting {len(picked)} separate payments",
            results,
            lambda: picked._post(journal),
            len(picked),
        )
        paid = sum(
            1 for move in picked_moves if move.payment_state in ("paid", "in_payment")
        )
        checks.append(
            ("Separate payments: invoices closed", f"{paid} / {len(picked_moves)}")
        )
        tolerance_items = payments.move_id.line_ids.filtered(
            lambda item: "tolerance" in (item.name or "")
        )
        checks.append(
            (
                "Separate payments: tolerance items (every third is short)",
                len(tolerance_items),
            )
        )

        Registration.action_open()
        lump_partners = Registration.search([]).partner_id[:50]
        lump_rows = Registration.search([("partner_id", "in", lump_partners.ids)])
        lump_rows.write({"payment_made": True, "date_received": today})
        for row in lump_rows:
            row.amount_received = row.amount_due_with_discount
        env.flush_all()
        lump_moves, lump_count = lump_rows.move_id, len(lump_rows)
        lump = timed(
            f"Posting lump payments for 50 customers ({len(lump_rows)} documents)",
            results,
            lambda: lump_rows._post(journal, lump=True),
            len(lump_rows),
        )
        closed = sum(
            1 for move in lump_moves if move.payment_state in ("paid", "in_payment")
        )
        checks.append(
            (
                "Lump payments: payments / documents closed",
                f"{len(lump)} / {closed} of {lump_count}",
            )
        )

        Registration.action_open()
        # Half of the bank lines pay invoices still in a discount period, half invoices
        # past it.
        candidates = Registration.search(
            [("amount_remaining", ">", 0)], order="id desc"
        )
        with_discount = candidates.filtered(
            lambda row: row.currency_id.compare_amounts(
                row.amount_due_with_discount, row.amount_remaining
            )
        )
        half = args.payments // 2
        targets = with_discount[:half]
        targets |= (candidates - with_discount)[: args.payments - len(targets)]
        target_moves = targets.move_id
        discounted_targets = sum(
            1
            for row in targets
            if row.currency_id.compare_amounts(
                row.amount_due_with_discount, row.amount_remaining
            )
            != 0
        )
        lines = env["account.bank.statement.line"].create(
            [
                {
                    "journal_id": journal.id,
                    "date": today,
                    "amount": row.amount_due_with_discount
                    - (0.03 if number % 3 == 0 else 0.0),
                    "payment_ref": f"Payment {row.move_id.name} thank you",
                    "partner_id": row.partner_id.id,
                }
                for number, row in enumerate(targets)
            ]
        )
        env.flush_all()
        timed(
            f"Applying {len(lines)} bank lines (reconciliation journal)",
            results,
            lines.action_apply_automatically,
            len(lines),
        )
        lines.filtered("ar_review_required").action_ar_accept()
        posted = timed(
            f"Posting {len(lines)} bank lines",
            results,
            lines.action_post_applications,
            len(lines),
        )
        closed = sum(
            1 for move in target_moves if move.payment_state in ("paid", "in_payment")
        )
        discounts = sum(1 for app in posted.ar_application_ids if app.discount_amount)
        checks.append(
            (
                "Bank lines: posted / invoices closed / with discount (expected)",
                f"{len(posted)} / {closed} / {discounts} ({discounted_targets}) of "
                f"{len(lines)}",
            )
        )
        env.cr.rollback()

    table = ["| Step | Time | Rate |", "| --- | ---: | ---: |"]
    for label, seconds, count in results:
        rate = f"{count / seconds:.1f}/s" if count else ""
        table.append(f"| {label} | {seconds:.2f} s | {rate} |")
    table += ["", "| Check | Result |", "| --- | --- |"]
    table += [f"| {label} | {value} |" for label, value in checks]
    text = (
        f"# Settlement benchmark, {today.isoformat()}\n\n{args.invoices} open "
        f"invoices, {args.payments} payments each way, {os.cpu_count()} CPUs.\n\n"
        + "\n".join(table)
        + "\n"
    )
    print(text)
    (logdir / f"settlement_bench_{today.isoformat()}.md").write_text(text)
    odoo.release(args.db)
    if not args.keep:
        base.drop_db(args.db)


if __name__ == "__main__":
    main()
