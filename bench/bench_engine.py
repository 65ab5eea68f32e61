"""Benchmark of the payment application engine on a large synthetic statement.

10,000 statement lines against 100,000 open entries of 20,000 partners, with a fixed
seed. Lines mix exact structured references, references buried in text (with or without
separators), IBAN + amount, name + amount (transliterated, upper-cased), one payment for
two invoices, and noise that should stay unmatched. Prints the time to build the index
and to match, the throughput, and precision / recall against the generated truth.

Run from the repository root: ``python3 bench/bench_engine.py [--lines N] [--entries
N]``.
"""

from __future__ import annotations

import argparse
import pathlib
import random
import sys
import time
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

ROOT = pathlib.Path(__file__).resolve().parent.parent


# tests/conftest.py registers ``ar_reconcile/lib`` as ``ar_reconcile_lib`` without
# importing Odoo.
sys.path.insert(0, str(ROOT / "tests"))
import conftest  # noqa: E402,F401
from ar_reconcile_lib.matching import default_rules, engine  # noqa: E402
from ar_reconcile_lib.matching import types as T  # noqa: E402

SURNAMES = """Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen
Jensen Karlsen Johnsen Pettersen Eriksen Berg Haugen Hagen Johannessen Andreassen
Jacobsen Dahl Jørgensen Halvorsen Henriksen Lund Sørensen Jakobsen Moen Gundersen
Iversen Strand Solberg Svendsen Eide Knutsen Martinsen Paulsen Bakken Kristoffersen
Mathisen Lie Amundsen Nguyen Rasmussen Ali Lunde Solheim Berge Moe Nygård Bakke
Kristensen Fredriksen Holm Lien Hauge Christensen Andresen Nielsen Knudsen Evensen
Sæther Aas Myhre Hanssen Ahmed Haugland Thomassen Sivertsen Simonsen Danielsen
Berntsen Sandvik Rønning Arnesen Antonsen Næss Vik Haug Ellingsen Thorsen Edvardsen
Birkeland Isaksen Gulbrandsen Ruud Aasen Strøm Myklebust Tangen Ødegård Eliassen
Helland Bøe Jenssen Aune Mikkelsen Tveit Brekke Abrahamsen Madsen Lindqvist Nyström
Åberg Öberg Järvinen Mäkinen Virtanen Korhonen Müller Schäfer Großmann Østby Bråthen
Fjeld""".split()
TRADES = """Bygg Transport Elektro Rør Maling Regnskap Consulting Data Eiendom
Handel Invest Marine Fisk Shipping Auto Snekkeri Maskin Frakt Service Design Media
Holding Utleie Grafisk Tre Stål Betong Anlegg Gartneri Bakeri Kafé Hotell Reise
Helse Tannlege Advokat Revisjon Forsikring Energi Solenergi Vind Kraft Vann Varme
Ventilasjon Kjøling Lås Glass Tak Mur Flis Gulv Interiør Møbler Klær Sko Sport
Musikk Foto Film Trykk Papir Emballasje Plast Kjemi Farma Lab Teknikk Automasjon
Robotikk Software Nett Sikkerhet Vakt Renhold Vask Catering Logistikk Lager Import
Eksport Agentur Partner Gruppen Nordic Norge Vest Øst Nord Sør Fjord Fjell Dal Skog
Havn""".split()
PLACES = [
    "",
    "",
    "",
    "",
    "",
    "Oslo",
    "Bergen",
    "Trondheim",
    "Stavanger",
    "Tromsø",
    "Bodø",
    "Ålesund",
    "Drammen",
    "Kristiansand",
    "Førde",
    "Molde",
    "Harstad",
    "Hamar",
    "Lillehammer",
    "Göteborg",
    "Malmö",
    "Århus",
    "Turku",
    "Kiel",
]
LEGAL = ["AS", "AS", "AS", "ASA", "AB", "Oy", "ApS", "GmbH", "Ltd", ""]
NOISE = [
    "Overføring",
    "Varekjøp",
    "Bankgebyr kvartal",
    "Renter",
    "Lønn",
    "Husleie mars",
    "Refusjon reise",
    "Kortbetaling 4421",
    "Vipps 55512",
    "Innskudd",
]
TODAY = date(2026, 6, 30)


def _luhn_kid(base):
    digits = [int(c) for c in base]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return base + str((10 - total % 10) % 10)


def _iban(bban):
    numeric = int("".join(str(int(c, 36)) for c in bban + "NO00"))
    return f"NO{98 - numeric % 97:02d}{bban}"


ASCII_SPELLING = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "å": "aa",
        "Å": "Aa",
        "æ": "ae",
        "Æ": "Ae",
        "ä": "a",
        "ö": "o",
        "ü": "u",
    }
)


def _spell(name, rng):
    """How a bank might spell a partner's name."""
    variant = rng.random()
    if variant < 0.3:
        name = name.upper()
    elif variant < 0.6:
        name = name.translate(ASCII_SPELLING)
    for legal in (" AS", " ASA", " AB", " Oy", " ApS", " GmbH", " Ltd"):
        if name.endswith(legal) and rng.random() < 0.5:
            name = name[: -len(legal)]
    return name


def generate(n_lines=10_000, n_entries=100_000, n_partners=20_000, seed=42):
    rng = random.Random(seed)
    places = list(dict.fromkeys(PLACES))
    combos = rng.sample(
        [(s, t, c) for s in SURNAMES for t in TRADES for c in places], n_partners
    )
    partners, ibans = [], {}
    for pid, words in enumerate(combos, start=1):
        iban = _iban(f"{rng.randrange(10**10, 10**11)}")
        ibans[pid] = iban
        name = " ".join(w for w in (*words, rng.choice(LEGAL)) if w)
        partners.append(T.Partner(pid, name, (iban,)))
    entries = []
    for eid in range(1, n_entries + 1):
        pid = rng.randrange(1, n_partners + 1)
        day = TODAY - timedelta(days=rng.randrange(20, 400))
        residual = Decimal(rng.randrange(10_000, 5_000_000)) / 100
        if rng.random() < 0.05:
            residual = -residual  # a credit note
        discount = rng.random() < 0.1
        entries.append(
            T.OpenEntry(
                id=eid,
                partner_id=pid,
                residual=residual,
                date=day,
                due_date=day + timedelta(days=30),
                document_number=f"INV/2026/{eid:06d}",
                payment_reference=_luhn_kid(f"{pid:05d}{eid:06d}"),
                external_reference=f"PO-{rng.randrange(10**6, 10**7)}"
                if rng.random() < 0.3
                else "",
                residual_with_discount=(
                    (residual * Decimal("0.98")).quantize(Decimal("0.01"))
                    if discount
                    else None
                ),
                discount_date=TODAY + timedelta(days=5) if discount else None,
            )
        )
    by_partner = {}
    for entry in entries:
        if entry.residual > 0:
            by_partner.setdefault(entry.partner_id, []).append(entry)
    names = {p.id: p.name for p in partners}
    used, lines, truth = set(), [], []
    positives = [e for e in entries if e.residual > 0]
    rng.shuffle(positives)
    stock = iter(positives)

    def fresh():
        entry = next(stock)
        while entry.id in used:
            entry = next(stock)
        used.add(entry.id)
        return entry

    def pays(entry):
        return entry.residual_with_discount or entry.residual

    for lid in range(1, n_lines + 1):
        kind = rng.random()
        other_iban = _iban(f"{rng.randrange(10**10, 10**11)}")
        if kind < 0.25:  # structured reference from the bank file
            label = "structured reference"
            e = fresh()
            line = T.StatementLine(
                lid,
                pays(e),
                TODAY,
                account_number=other_iban,
                structured_reference=e.payment_reference,
                texts=("Innbetaling",),
            )
            ids = {e.id}
        elif kind < 0.45:  # reference buried in free text
            label = "reference in text"
            e = fresh()
            ref = rng.choice(
                [
                    e.document_number,
                    e.document_number.replace("/", " "),
                    e.document_number.replace("/", ""),
                    f"KID {e.payment_reference}",
                ]
            )
            line = T.StatementLine(
                lid,
                pays(e),
                TODAY,
                account_number=other_iban,
                texts=(f"Betaling faktura {ref} takk", "Overføring"),
            )
            ids = {e.id}
        elif kind < 0.65:  # IBAN + amount
            label = "IBAN + amount"
            e = fresh()
            line = T.StatementLine(
                lid,
                pays(e),
                TODAY,
                account_number=ibans[e.partner_id],
                partner_name=_spell(names[e.partner_id], rng),
                texts=("Betaling",),
            )
            ids = {e.id}
        elif kind < 0.80:  # name + amount, no account
            label = "name + amount"
            e = fresh()
            line = T.StatementLine(
                lid,
                pays(e),
                TODAY,
                partner_name=_spell(names[e.partner_id], rng),
                texts=("Giro",),
            )
            ids = {e.id}
        elif kind < 0.90:  # one payment for two invoices of one partner
            label = "two invoices"
            e = fresh()
            pool = [x for x in by_partner.get(e.partner_id, ()) if x.id not in used]
            if not pool:
                used.discard(e.id)
                continue
            f = rng.choice(pool)
            used.add(f.id)
            line = T.StatementLine(
                lid,
                pays(e) + pays(f),
                TODAY,
                account_number=other_iban,
                texts=(f"Faktura {e.document_number} og {f.document_number}",),
            )
            ids = {e.id, f.id}
        else:  # noise: nothing to apply
            label = "noise"
            amount = Decimal(rng.randrange(100, 99_999)) / 100 * rng.choice((1, -1))
            line = T.StatementLine(
                lid,
                amount,
                TODAY,
                account_number=other_iban,
                texts=(rng.choice(NOISE),),
            )
            ids = set()
        lines.append(line)
        truth.append((label, ids))
    return partners, entries, lines, truth


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--partners", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    started = time.perf_counter()
    partners, entries, lines, truth = generate(
        args.lines, args.entries, args.partners, args.seed
    )
    print(
        f"generated {len(lines)} lines, {len(entries)} entries, "
        f"{len(partners)} partners in {time.perf_counter() - started:.2f} s"
    )

    started, cpu = time.perf_counter(), time.process_time()
    index = engine.build_index(entries, partners)
    t_index, c_index = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    proposals = engine.apply_statement(
        lines, entries, partners, default_rules.DEFAULT_RULES, T.Settings(), index=index
    )
    t_match, c_match = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"index: {t_index:.2f} s   matching: {t_match:.2f} s   "
        f"total: {t_index + t_match:.2f} s   ({len(lines) / t_match:,.0f} lines/s; "
        f"CPU {c_index:.2f} + {c_match:.2f} s)"
    )

    by_conf, by_kind = Counter(), Counter()
    proposed = correct = expected = 0
    for proposal, (kind, ids) in zip(proposals, truth, strict=False):
        got = {a.entry_id for a in proposal.applications}
        expected += bool(ids)
        by_kind[kind, "lines"] += 1
        by_kind[kind, proposal.confidence] += 1
        by_kind[kind, "right"] += got == ids
        if got:
            proposed += 1
            correct += got == ids
            by_conf[proposal.confidence, got == ids] += 1
    print(
        f"precision {correct / max(proposed, 1):.4f}   "
        f"recall {correct / max(expected, 1):.4f}   "
        f"({correct} right of {proposed} proposed, {expected} expected)"
    )
    for conf in (T.CONFIDENCE_HIGH, T.CONFIDENCE_MEDIUM, T.CONFIDENCE_LOW):
        right, wrong = by_conf[conf, True], by_conf[conf, False]
        if right or wrong:
            print(
                f"  {conf:<7} {right:>6} right {wrong:>5} wrong   "
                f"precision {right / (right + wrong):.4f}"
            )
    print(
        f"  {'kind':<22}{'lines':>6}{'right':>7}"
        f"{'high':>6}{'medium':>7}{'low':>5}{'none':>6}"
    )
    for kind in dict.fromkeys(k for k, _ in truth):
        print(
            f"  {kind:<22}"
            + "".join(
                f"{by_kind[kind, c]:>{w}}"
                for c, w in (
                    ("lines", 6),
                    ("right", 7),
                    (T.CONFIDENCE_HIGH, 6),
                    (T.CONFIDENCE_MEDIUM, 7),
                    (T.CONFIDENCE_LOW, 5),
                    (T.CONFIDENCE_NONE, 6),
                )
            )
        )


if __name__ == "__main__":
    main()
