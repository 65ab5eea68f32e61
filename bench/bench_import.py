"""Benchmark of the statement import: a generated camt.053 of 1,000 and 10,000 entries.

Each size is imported through the import wizard into a new bank journal of an
existing ar_reconcile database, the way a clerk does: the wizard reads and plans the
file and, above the background threshold, the scheduled action creates the lines batch
by batch (run here in the same process). Measured per size: wall time (wizard and
batches), peak Python memory (tracemalloc), SQL queries in total and per line, and the
queries of the largest batch. Everything is rolled back at the end.

Run from the repository root (the database must have ar_reconcile installed)::

    python3 bench/bench_import.py -d arr_bg [--sizes 1000 10000] [--top-queries 15]
"""

from __future__ import annotations

import argparse
import base64
import collections
import datetime as dt
import pathlib
import re
import sys
import time
import tracemalloc

ROOT = pathlib.Path(__file__).resolve().parent.parent
IBAN = "NO9386011117947"

ENTRY = """<Ntry><Amt Ccy="NOK">{amount}</Amt><CdtDbtInd>{sign}</CdtDbtInd>
<Sts>BOOK</Sts><BookgDt><Dt>{day}</Dt></BookgDt><ValDt><Dt>{day}</Dt></ValDt>
<AcctSvcrRef>BENCH-{number:06d}</AcctSvcrRef>
<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn>
</BkTxCd><NtryDtls><TxDtls><Refs><EndToEndId>E2E-{number:06d}</EndToEndId></Refs>
<RltdPties><Dbtr><Nm>Customer {customer}</Nm></Dbtr></RltdPties>
<RmtInf><Ustrd>Invoice INV/2026/{number:05d}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
"""


def camt053(count, start=dt.date(2026, 1, 1)):
    """A camt.053.001.02 statement of ``count`` entries whose balances add up."""
    entries, total = [], 0
    for number in range(1, count + 1):
        cents = 1000 + (number * 7919) % 500000
        credit = number % 5 != 0
        total += cents if credit else -cents
        entries.append(
            ENTRY.format(
                amount="%d.%02d" % divmod(cents, 100),
                sign="CRDT" if credit else "DBIT",
                day=(start + dt.timedelta(days=number * 28 // count)).isoformat(),
                number=number,
                customer=number % 997,
            )
        )
    opening = 100000000
    closing = opening + total

    def balance(code, cents, day):
        sign = "CRDT" if cents >= 0 else "DBIT"
        return (
            "<Bal><Tp><CdOrPrtry><Cd>%s</Cd></CdOrPrtry></Tp>"
            '<Amt Ccy="NOK">%d.%02d</Amt><CdtDbtInd>%s</CdtDbtInd>'
            "<Dt><Dt>%s</Dt></Dt></Bal>" % (code, *divmod(abs(cents), 100), sign, day)
        )

    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">'
        "<BkToCstmrStmt><GrpHdr><MsgId>BENCH-%d</MsgId>"
        "<CreDtTm>2026-02-01T06:00:00</CreDtTm></GrpHdr>"
        "<Stmt><Id>BENCH-%d</Id><CreDtTm>2026-02-01T06:00:00</CreDtTm>"
        "<Acct><Id><IBAN>%s</IBAN></Id><Ccy>NOK</Ccy></Acct>%s%s%s</Stmt>"
        "</BkToCstmrStmt></Document>"
        % (
            count,
            count,
            IBAN,
            balance("OPBD", opening, start.isoformat()),
            balance("CLBD", closing, "2026-01-31"),
            "".join(entries),
        )
    ).encode()


class QueryLog:
    """Counts the queries of a cursor by their normalised text."""

    def __init__(self, cr):
        self.cr = cr
        self.counter = collections.Counter()
        self._execute = cr.execute

    def __enter__(self):
        def execute(query, params=None, log_exceptions=True):
            text = query.code if hasattr(query, "code") else str(query)
            self.counter[re.sub(r"\s+", " ", text)[:160]] += 1
            return self._execute(query, params, log_exceptions)

        self.cr.execute = execute
        return self

    def __exit__(self, *exc):
        self.cr.execute = self._execute

    @property
    def total(self):
        return sum(self.counter.values())


def run(env, size, top):
    env.ref("base.NOK").active = True
    journal = env["account.journal"].create(
        {
            "name": "Bench %d" % size,
            "code": "BN%d" % (size % 1000),
            "type": "bank",
            "currency_id": env.ref("base.NOK").id,
            "bank_acc_number": IBAN,
            "ar_auto_apply": False,
        }
    )
    data = camt053(size)
    Job = env["ar.statement.import.job"]
    tracemalloc.start()
    started = time.perf_counter()
    with QueryLog(env.cr) as wizard_log:
        wizard = env["ar.statement.import"].create(
            {
                "journal_id": journal.id,
                "data_file": base64.b64encode(data),
                "filename": "bench.xml",
            }
        )
        wizard.action_import()
        env.flush_all()
    wizard_time = time.perf_counter() - started
    job = wizard.job_id
    batches = []
    with QueryLog(env.cr) as batch_log:
        while job and job.state in ("queued", "running"):
            start_queries = batch_log.total
            batch_start = time.perf_counter()
            job._run_batch(Job._batch_size())
            env.flush_all()
            batches.append(
                (batch_log.total - start_queries, time.perf_counter() - batch_start)
            )
    total_time = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    lines = env["account.bank.statement.line"].search_count(
        [("journal_id", "=", journal.id)]
    )
    assert lines == size, "%d lines for %d entries" % (lines, size)
    queries = wizard_log.total + batch_log.total
    result = {
        "size": size,
        "file_kb": len(data) // 1024,
        "wizard_s": wizard_time,
        "total_s": total_time,
        "peak_mb": peak / 2**20,
        "queries": queries,
        "per_line": queries / size,
        "batches": len(batches),
        "batch_queries": max((b[0] for b in batches), default=0),
        "batch_s": max((b[1] for b in batches), default=0.0),
    }
    if top:
        print("\nTop queries of the batches (%d entries):" % size)
        for text, count in batch_log.counter.most_common(top):
            print("%7d  %s" % (count, text))
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--top-queries", type=int, default=0)
    parser.add_argument(
        "--batch-size", type=int, default=0, help="default: the setting"
    )
    parser.add_argument("--addons-path", default=f"/opt/odoo18/odoo/addons,{ROOT}")
    args = parser.parse_args()

    import odoo
    from odoo.tools import config

    config.parse_config(["--addons-path", args.addons_path, "-d", args.database])
    odoo.modules.module.initialize_sys_path()
    registry = odoo.modules.registry.Registry(args.database)
    results = []
    for size in args.sizes:
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            env = env(user=env.ref("base.user_admin"))
            if args.batch_size:
                env["ir.config_parameter"].sudo().set_param(
                    "ar_reconcile.import_batch_size", args.batch_size
                )
            try:
                results.append(run(env, size, args.top_queries))
            finally:
                cr.rollback()
    print(
        "\n| entries | file | wizard | total | peak memory | queries | per line "
        "| batches | queries per batch | longest batch |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            "| {size:,} | {file_kb:,} kB | {wizard_s:.1f} s | {total_s:.1f} s "
            "| {peak_mb:.0f} MB | {queries:,} | {per_line:.2f} | {batches} "
            "| {batch_queries} | {batch_s:.1f} s |".format(**r)
        )


if __name__ == "__main__":
    sys.exit(main())
