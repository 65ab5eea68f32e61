"""Benchmark of ar_reconcile against OCA's account_reconcile_oca, inside real Odoo 18.

One generated scenario (fixed seed): partners with IBANs, posted customer invoices with
RF/KID payment references, and a bank statement whose lines mix structured references,
references in free text, name + amount, IBAN + amount, one payment for two invoices,
short payments and noise, with the known truth of what each line pays. The data is
built once in a base database and copied (PostgreSQL template) to two databases: one
with ar_reconcile, one with account_reconcile_oca and its dependencies. Both get the
same statement lines, then:

* ours: ``action_apply_automatically`` (matching + proposals),
  ``action_post_applications``;
* OCA: ``_retrieve_partner`` + ``account.reconcile.model._apply_rules`` per line (what
  its widget and its create-time auto-reconcile do), then ``_auto_reconcile`` with that
  matching served from a cache, so only its reconciling is timed.

Prints a markdown table (speed, quality, targets) and writes it to
``bench/results/odoo_bench_<date>.md``. See bench/README.md.

Run from the repository root::

    python3 bench/bench_odoo.py [--partners 2000 --invoices 10000 --lines 1000] [--keep]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import glob
import json
import math
import os
import pathlib
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict

ROOT = pathlib.Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_OCA_DIR = "/tmp/oca_addons"
OCA_WHEELS = (
    "odoo-addon-account-reconcile-oca==18.0.*",
    "odoo-addon-account-reconcile-model-oca==18.0.*",
    "odoo-addon-account-statement-base==18.0.*",
)
OCA_MODULES = (
    "account_reconcile_oca",
)  # pulls account_reconcile_model_oca, account_statement_base
OURS_MODULE = "ar_reconcile"


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


# ======================================================================================
# Scenario: names, IBANs, references (no Odoo)
# ======================================================================================


def _load_references():
    """``ar_reconcile/lib/references.py`` without importing the addon (nor Odoo)."""
    import importlib.util

    path = ROOT / "ar_reconcile" / "lib" / "references.py"
    spec = importlib.util.spec_from_file_location("_ar_bench_references", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


COUNTRIES = {
    # code: (weight, iban length, bban kind, surnames, trades, legal forms, places,
    #        first names)
    "NO": (
        40,
        15,
        "d",
        """Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen
        Karlsen Johnsen Pettersen Eriksen Berg Haugen Hagen Johannessen Andreassen
        Jacobsen Dahl Jørgensen Halvorsen Henriksen Lund Sørensen Moen Gundersen
        Iversen Strand Solberg Svendsen Eide Knutsen Martinsen Paulsen Bakken
        Mathisen Lie Amundsen Lunde Solheim Berge Moe Nygård Bakke Holm Lien Hauge
        Sæther Aas Myhre Haugland Sandvik Rønning Næss Vik Haug Thorsen Birkeland
        Strøm Myklebust Tangen Ødegård Helland Bøe Aune Tveit Brekke Bråthen Østby
        Fjeld""",
        """Bygg Transport Elektro Rør Maling Regnskap Eiendom Handel Marine Fisk
        Auto Snekkeri Maskin Frakt Tømrer Trykkeri Bakeri Kafé Hotell Reise
        Tannlegesenter Advokatfirma Revisjon Energi Kraft Varme Ventilasjon Lås
        Glass Tak Mur Flis Gulv Interiør Møbler Sport Foto Renhold Catering
        Logistikk Lager Anlegg Gartneri""",
        ["AS"] * 8 + ["ASA", "DA", ""],
        """Oslo Bergen Trondheim Stavanger Tromsø Bodø Ålesund Drammen Kristiansand
        Førde Molde Hamar Lillehammer""",
        "Ola Kari Per Anne Lars Ingrid Jon Silje Bjørn Marit Øystein Åse Håkon Tone",
    ),
    "SE": (
        20,
        24,
        "d",
        """Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson
        Svensson Gustafsson Pettersson Jonsson Lindberg Lindqvist Nyström Åberg
        Öberg Sjöberg Lundgren Bergström Holmberg Söderberg Wikström Lindström
        Håkansson Engström Ekström Forsberg""",
        """Bygg Transport El Rör Måleri Redovisning Fastigheter Handel Verkstad
        Snickeri Maskin Frakt Konsult Data Städ Bageri Café Resor Tandvård Juridik
        Energi Ventilation Glas Tak Golv Inredning Möbler Sport Foto Logistik""",
        ["AB"] * 6 + ["HB", ""],
        """Stockholm Göteborg Malmö Uppsala Västerås Örebro Linköping Umeå Luleå
        Jönköping""",
        """Erik Anna Lars Karin Björn Maria Johan Sofia Mats Åsa Göran Lena""",
    ),
    "DK": (
        12,
        18,
        "d",
        """Jensen Nielsen Hansen Pedersen Andersen Christensen Larsen Sørensen
        Rasmussen Jørgensen Petersen Madsen Kristensen Olsen Thomsen Christiansen
        Poulsen Johansen Møller Mortensen Knudsen Mikkelsen Frederiksen Søndergaard""",
        """Byg Transport El VVS Maleri Revision Ejendomme Handel Tømrer Smed Maskin
        Fragt Rådgivning Data Rengøring Bageri Café Rejser Tandlæge Advokat Energi
        Ventilation Glas Tag Gulve Møbler Sport Foto Logistik""",
        ["ApS"] * 5 + ["A/S", "A/S", "I/S"],
        """København Aarhus Odense Aalborg Esbjerg Randers Kolding Horsens Vejle
        Roskilde""",
        """Søren Mette Jens Hanne Niels Birgitte Anders Lone Mads Pia""",
    ),
    "FI": (
        10,
        18,
        "d",
        """Virtanen Korhonen Mäkinen Nieminen Mäkelä Hämäläinen Laine Heikkinen
        Koskinen Järvinen Lehtonen Lehtinen Saarinen Salminen Heinonen Niemi
        Heikkilä Kinnunen Salonen Turunen Salo Laitinen Tuominen Rantanen
        Karjalainen Jokinen Mattila Savolainen Lahtinen Ahonen""",
        """Rakennus Kuljetus Sähkö Putki Maalaus Tilitoimisto Kiinteistöt Kauppa
        Konepaja Puusepät Huolto Rahti Konsultointi Data Siivous Leipomo Kahvila
        Matkat Energia Ilmastointi Lasi Katto Lattia Sisustus Huonekalut Urheilu
        Valokuvaus Logistiikka""",
        ["Oy"] * 6 + ["Oyj", "Ky", "Tmi"],
        """Helsinki Espoo Tampere Vantaa Oulu Turku Jyväskylä Lahti Kuopio Pori""",
        """Mikko Anna Jukka Päivi Timo Sari Matti Tiina Antti Riitta""",
    ),
    "DE": (
        10,
        22,
        "d",
        """Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz
        Hoffmann Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz
        Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner Krause Meier
        Lehmann Großmann Köhler Weiß""",
        """Bau Transporte Elektrotechnik Sanitär Malerbetrieb Steuerberatung
        Immobilien Handel Maschinenbau Tischlerei Spedition Beratung Software
        Gebäudereinigung Bäckerei Reisen Zahntechnik Energietechnik Lüftungstechnik
        Glaserei Dachdeckerei Bodenbeläge Sport Fotostudio Logistik Metallbau""",
        ["GmbH"] * 5 + ["GmbH & Co. KG", "KG", "AG", "e.K."],
        """Hamburg Berlin München Köln Bremen Kiel Lübeck Hannover Rostock Flensburg""",
        """Jürgen Sabine Klaus Petra Stefan Monika Thomas Ursula Michael Katrin""",
    ),
    "NL": (
        8,
        18,
        "n",
        """de_Jong Jansen de_Vries van_den_Berg van_Dijk Bakker Janssen Visser Smit
        Meijer de_Boer Mulder de_Groot Bos Vos Peters Hendriks van_Leeuwen Dekker
        Brouwer de_Wit Dijkstra Smits de_Graaf van_der_Meer""",
        """Bouw Transport Elektrotechniek Installatietechniek Schilders
        Administratie Vastgoed Handel Machinebouw Timmerwerken Expeditie Advies
        Software Schoonmaak Bakkerij Reizen Tandartsen Advocaten Energie Glas
        Dakwerken Vloeren Meubelmakerij Sport Fotografie Logistiek""",
        ["B.V."] * 5 + ["V.O.F.", "N.V."],
        """Amsterdam Rotterdam Utrecht Eindhoven Groningen Tilburg Almere Breda Nijmegen
        Haarlem""",
        """Jan Anna Pieter Sanne Dirk Eva Bas Lotte Kees Fleur""",
    ),
}
NL_BANKS = ["ABNA", "INGB", "RABO", "SNSB", "TRIO", "BUNQ"]
NOISE_TEXTS = [
    "Overføring fra sparekonto",
    "Renter",
    "Bankgebyr kvartal",
    "Lønn november",
    "Husleie",
    "Refusjon reise",
    "Kortbetaling 4421",
    "Vipps 55512",
    "Innskudd",
    "Kontantinnskudd",
    "Valutaveksling",
    "Retur varekjøp",
    "Tilbakebetaling depositum",
    "Swish 123 456 78",
    "MobilePay 77889",
    "Gebühr Kontoführung",
    "Zinsen",
]
NOISE_PAYERS = [
    "Kari Nordmann",
    "Sven Svensson",
    "Maja Mustermann",
    "Pekka Pouta",
    "Tax Authority",
    "Skatteetaten",
    "NAV",
    "Försäkringskassan",
    "Lindex Retail",
    "Nets Branch Norway",
    "Klarna Bank",
    "",
]
GENERIC_TEXTS = [
    "",
    "",
    "Betaling",
    "Innbetaling",
    "Giro",
    "Payment",
    "Zahlung",
    "Betalning",
    "Maksu",
    "Overførsel",
]
ASCII_FOLD = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "å": "aa",
        "Å": "AA",
        "æ": "ae",
        "Æ": "AE",
        "ä": "a",
        "Ä": "A",
        "ö": "o",
        "Ö": "O",
        "ü": "ue",
        "Ü": "UE",
        "ß": "ss",
        "é": "e",
    }
)

KIND_SHARES = [  # (kind, share of the statement lines)
    ("structured_ref", 0.25),
    ("ref_in_text", 0.20),
    ("name_amount", 0.12),
    ("iban_amount", 0.13),
    ("two_invoices", 0.08),
    ("short_payment", 0.07),
    ("noise", 0.15),
]


def _words(text):
    return [w.replace("_", " ") for w in text.split()]


def make_iban(country, rng):
    length = COUNTRIES[country][1]
    if COUNTRIES[country][2] == "n":  # NL: 4-letter bank code + 10 digits
        bban = rng.choice(NL_BANKS) + "".join(
            rng.choice("0123456789") for _ in range(10)
        )
    else:
        bban = "".join(rng.choice("0123456789") for _ in range(length - 4))
    numeric = int("".join(str(int(c, 36)) for c in bban + country + "00"))
    return f"{country}{98 - numeric % 97:02d}{bban}"


def make_partner_name(country, rng):
    _w, _l, _k, surnames, trades, legals, places, firsts = COUNTRIES[country]
    surnames, trades, places, firsts = (
        _words(surnames),
        _words(trades),
        _words(places),
        _words(firsts),
    )
    roll = rng.random()
    legal = rng.choice(legals)
    if roll < 0.45:
        parts = [rng.choice(surnames), rng.choice(trades), legal]
    elif roll < 0.60:
        parts = [rng.choice(surnames), rng.choice(trades), rng.choice(places), legal]
    elif roll < 0.70:
        first, second = rng.sample(surnames, 2)
        parts = [first, "&", second, legal or "AS"]
    elif roll < 0.80:
        parts = [rng.choice(trades), rng.choice(places), legal]
    else:  # a private customer
        parts = [rng.choice(firsts), rng.choice(surnames)]
    return " ".join(p for p in parts if p), roll >= 0.80


def bank_spelling(name, is_person, rng, force_change=False):
    """How the payer's bank may print a partner's name.

    Upper case, ASCII, no legal form...
    """
    for _ in range(10):
        spelled = name
        if is_person and rng.random() < 0.4:  # "HANSEN OLA"
            first, _, last = spelled.partition(" ")
            spelled = f"{last} {first}"
        if rng.random() < 0.5:
            spelled = spelled.translate(ASCII_FOLD)
        if not is_person and rng.random() < 0.4:
            for legal in (
                " GmbH & Co. KG",
                " ASA",
                " AS",
                " AB",
                " ApS",
                " A/S",
                " Oyj",
                " Oy",
                " GmbH",
                " B.V.",
                " HB",
                " DA",
                " KG",
                " AG",
                " Ky",
                " Tmi",
                " N.V.",
            ):
                if spelled.endswith(legal):
                    spelled = spelled[: -len(legal)]
                    break
        if rng.random() < 0.5:
            spelled = spelled.upper()
        if rng.random() < 0.08 and len(spelled) > 22:  # truncated by the bank
            spelled = spelled[:22].rstrip()
        if spelled != name or not force_change:
            return spelled
    return name.upper()


def generate_masters(n_partners, n_invoices, seed, today, refs):
    """Partners and invoices (before they exist in Odoo)."""
    rng = random.Random(seed)
    countries = [c for c, spec in COUNTRIES.items() for _ in range(spec[0])]
    partners, names = [], set()
    for index in range(n_partners):
        country = rng.choice(countries)
        for _ in range(50):
            name, is_person = make_partner_name(country, rng)
            if name not in names:
                break
        else:
            name = f"{name} {index}"
        names.add(name)
        ibans = [make_iban(country, rng)]
        if rng.random() < 0.1:
            ibans.append(make_iban(country, rng))
        places = _words(COUNTRIES[country][6])
        partners.append(
            {
                "index": index,
                "name": name,
                "is_person": is_person,
                "country": country,
                "ibans": ibans,
                "city": rng.choice(places),
                "street": (
                    f"{rng.choice(_words(COUNTRIES[country][3]))}veien "
                    f"{rng.randint(1, 150)}"
                ),
            }
        )
    invoices, amounts_by_partner = [], defaultdict(set)
    for index in range(n_invoices):
        partner = rng.randrange(n_partners)
        while True:
            if rng.random() < 0.1:  # round amounts are common and ambiguous
                amount = float(rng.choice([50, 100, 250, 500]) * rng.randint(1, 40))
            else:
                amount = round(math.exp(rng.uniform(math.log(50), math.log(20000))), 2)
            amount = min(max(amount, 50.0), 20000.0)
            if amount not in amounts_by_partner[partner]:
                break
        amounts_by_partner[partner].add(amount)
        roll = rng.random()
        base = f"{partner + 1:05d}{index + 1:06d}"
        if roll < 0.45:
            reference = refs.make_rf(base)
        elif roll < 0.90:
            reference = refs.make_kid(base)
        else:
            reference = ""  # Odoo sets the invoice number as payment reference
        invoices.append(
            {
                "index": index,
                "partner": partner,
                "amount": amount,
                "reference": reference,
                "date": today - dt.timedelta(days=rng.randint(5, 300)),
            }
        )
    invoices.sort(key=lambda inv: (inv["date"], inv["index"]))  # posted in date order
    return partners, invoices


def _rf_print(reference):
    """RF references are printed in groups of four."""
    return " ".join(reference[i : i + 4] for i in range(0, len(reference), 4))


def _ref_in_text(inv, rng):
    """A reference to the invoice buried in free text, as payers type it."""
    number = inv["name"]
    ref = inv["payment_reference"]
    options = [
        f"Betaling faktura {number}",
        f"Faktura {number.replace('/', ' ')} takk",
        f"Invoice {number.replace('/', '')}",
        f"Fakt.nr {number} - {inv['partner_name'][:12]}",
        f"Rechnung {number} vom {inv['date']:%d.%m.%Y}",
    ]
    if ref and ref != number:
        if ref.startswith("RF"):
            options += [f"Ref {_rf_print(ref)}", f"Betaling {ref} takk", f"viite {ref}"]
        else:
            options += [f"KID {ref}", f"OCR {ref} betalning", f"Kundenr/KID: {ref}"]
    return rng.choice(options)


def _fill_noise(line, rng, refs):
    """A line that pays no invoice: amount, payer, account and text."""
    line["amount"] = round(rng.uniform(5, 25000), 2) * (1 if rng.random() < 0.6 else -1)
    line["partner_name"] = rng.choice(NOISE_PAYERS)
    line["account_number"] = (
        make_iban(rng.choice(["NO", "SE", "DE"]), rng) if rng.random() < 0.7 else ""
    )
    roll = rng.random()
    if roll < 0.15:  # a valid-looking KID that is no invoice's
        line["unstructured"] = "KID " + refs.make_kid(f"{rng.randrange(10**9, 10**10)}")
    elif roll < 0.25:  # a structured reference that is no invoice's
        line["structured"] = refs.make_rf(f"{rng.randrange(10**8, 10**9)}")
    else:
        line["unstructured"] = rng.choice(NOISE_TEXTS)


def _fill_payment(line, kind, pays, partner, rng):
    """Payer, account and texts of a line of ``kind`` paying the invoices ``pays``."""
    inv = pays[0]
    known_iban = rng.choice(partner["ibans"])
    other_iban = make_iban(partner["country"], rng)  # an account we don't know
    if kind == "structured_ref":
        line["structured"] = inv["payment_reference"]
        line["partner_name"] = bank_spelling(partner["name"], partner["is_person"], rng)
        line["account_number"] = known_iban if rng.random() < 0.5 else other_iban
        line["unstructured"] = rng.choice(GENERIC_TEXTS)
    elif kind == "ref_in_text":
        line["unstructured"] = _ref_in_text(inv, rng)
        line["partner_name"] = bank_spelling(partner["name"], partner["is_person"], rng)
        line["account_number"] = known_iban if rng.random() < 0.5 else other_iban
    elif kind == "name_amount":
        line["partner_name"] = bank_spelling(
            partner["name"], partner["is_person"], rng, force_change=True
        )
        line["account_number"] = other_iban if rng.random() < 0.5 else ""
        line["unstructured"] = rng.choice(GENERIC_TEXTS)
    elif kind == "iban_amount":
        line["account_number"] = known_iban
        line["unstructured"] = rng.choice(GENERIC_TEXTS)
    elif kind == "two_invoices":
        first, second = pays
        if rng.random() < 0.5:
            line["unstructured"] = f"Faktura {first['name']} og {second['name']}"
        else:
            line["unstructured"] = (
                f"{first['payment_reference']} {second['payment_reference']}"
            )
        line["partner_name"] = bank_spelling(partner["name"], partner["is_person"], rng)
        line["account_number"] = known_iban if rng.random() < 0.5 else other_iban
    elif kind == "short_payment":
        line["amount"] = round(inv["amount"] - rng.choice([1, 2, 3, 4, 5, 2.5]), 2)
        if rng.random() < 0.5:
            line["structured"] = inv["payment_reference"]
            line["unstructured"] = rng.choice(GENERIC_TEXTS)
        else:
            line["unstructured"] = _ref_in_text(inv, rng)
        line["partner_name"] = bank_spelling(partner["name"], partner["is_person"], rng)
        line["account_number"] = known_iban if rng.random() < 0.5 else other_iban


def generate_lines(n_lines, seed, today, partners, invoices, refs):
    """Statement lines with their truth (set of invoice indexes they pay)."""
    rng = random.Random(seed + 1)
    by_partner = defaultdict(list)
    for inv in invoices:
        by_partner[inv["partner"]].append(inv)
    pool = list(invoices)
    rng.shuffle(pool)
    used = set()

    def fresh(condition=None):
        while pool:
            inv = pool.pop()
            if inv["index"] in used:
                continue
            if condition and not condition(inv):
                pool.insert(0, inv)
                continue
            used.add(inv["index"])
            return inv
        raise RuntimeError("not enough invoices for the statement; raise --invoices")

    kinds = []
    for kind, share in KIND_SHARES:
        kinds += [kind] * round(share * n_lines)
    kinds = (kinds + ["noise"] * n_lines)[:n_lines]
    rng.shuffle(kinds)

    lines = []
    for number, kind in enumerate(kinds, start=1):
        line = {
            "number": number,
            "kind": kind,
            "date": today,
            "structured": "",
            "unstructured": "",
            "partner_name": "",
            "account_number": "",
            "truth": [],
        }
        if kind == "noise":
            _fill_noise(line, rng, refs)
            lines.append(line)
            continue
        if kind == "two_invoices":
            inv = fresh(
                lambda i: sum(
                    1
                    for j in by_partner[i["partner"]]
                    if j["index"] not in used and j is not i
                )
                >= 1
            )
            other = rng.choice(
                [j for j in by_partner[inv["partner"]] if j["index"] not in used]
            )
            used.add(other["index"])
            pays = [inv, other]
        elif kind in ("structured_ref", "short_payment"):
            # Strd/CdtrRefInf/Ref carries creditor references (RF, KID), not invoice
            # numbers.
            inv = fresh(lambda i: i["reference"] != "")
            pays = [inv]
        else:
            inv = fresh()
            pays = [inv]
        partner = partners[inv["partner"]]
        line["truth"] = [i["index"] for i in pays]
        line["amount"] = round(sum(i["amount"] for i in pays), 2)
        _fill_payment(line, kind, pays, partner, rng)
        lines.append(line)
    return lines


def line_vals(line, journal_id, system):
    """The values of the statement line for ``system`` ("ours" or "oca").

    Both get the same journal, date, amount, counterparty name and account. Remittance
    goes where each system's own camt importer puts it:

    * ours (ar_reconcile's importer): ``ar_remittance_structured`` =
      RmtInf/Strd/CdtrRefInf/Ref, ``ar_remittance_unstructured`` = RmtInf/Ustrd,
      ``payment_ref`` = Ustrd or the name or "/".
    * OCA (account_statement_import_camt 18.0): ``payment_ref`` = Ustrd or "/",
      ``ref`` = Strd/CdtrRefInf/Ref, ``narration`` = its "Key: value" block, which
      repeats the name, account, date, structured and unstructured references.
    """
    vals = {
        "journal_id": journal_id,
        "date": line["date"],
        "amount": line["amount"],
        "partner_name": line["partner_name"] or False,
        "account_number": line["account_number"] or False,
    }
    if system == "both":  # both addons installed: each one's fields, OCA's payment_ref
        vals = dict(
            line_vals(line, journal_id, "ours"), **line_vals(line, journal_id, "oca")
        )
        return vals
    if system == "ours":
        vals.update(
            {
                "payment_ref": line["unstructured"] or line["partner_name"] or "/",
                "ar_remittance_structured": line["structured"] or False,
                "ar_remittance_unstructured": line["unstructured"] or False,
            }
        )
    else:
        narration = [
            f"Partner Name (RltdPties/Nm): {line['partner_name']}",
            f"Partner Account Number (RltdPties/Acct): {line['account_number']}",
            f"Transaction Date (BookgDt): {line['date']}",
            f"Reference: {line['structured']}",
            "Communication: ",
            "Transaction Type (BkTxCd): ",
        ]
        if line["unstructured"]:
            narration.append(
                f"Unstructured Reference (RmtInf/Ustrd): {line['unstructured']}"
            )
        if line["structured"]:
            narration.append(
                "Structured Reference (RmtInf/Strd/CdtrRefInf/Ref): "
                f"{line['structured']}"
            )
        vals.update(
            {
                "payment_ref": line["unstructured"] or "/",
                "ref": line["structured"] or False,
                "narration": "\n".join(narration),
            }
        )
    return vals


# ======================================================================================
# Environment: PostgreSQL, OCA addons, Odoo
# ======================================================================================


def ensure_postgres():
    ok = (
        subprocess.run(
            ["psql", "-d", "postgres", "-Atc", "select 1"], capture_output=True
        ).returncode
        == 0
    )
    if ok:
        return
    log("PostgreSQL does not answer; starting it with bin/_odoo_env.sh")
    subprocess.run(
        ["bash", "-c", f"source '{ROOT}/bin/_odoo_env.sh' && ensure_postgres"],
        check=True,
    )


def psql(sql, db="postgres"):
    return subprocess.run(
        ["psql", "-d", db, "-v", "ON_ERROR_STOP=1", "-Atc", sql],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def db_exists(name):
    return psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"


def drop_db(name):
    psql(
        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
    )
    psql(f'DROP DATABASE IF EXISTS "{name}"')


def copy_db(source, target):
    drop_db(target)
    psql(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{source}'"
    )
    psql(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
    # Odoo refuses two databases with one uuid only for its cloud services; give a
    # fresh one.
    psql(
        "UPDATE ir_config_parameter SET value = gen_random_uuid()::text "
        "WHERE key = 'database.uuid'",
        db=target,
    )


def ensure_oca(oca_dir):
    """Install OCA's wheels into ``oca_dir``.

    Outside the repo; nothing else is touched.
    """
    addons = pathlib.Path(oca_dir) / "odoo" / "addons"
    needed = (
        "account_reconcile_oca",
        "account_reconcile_model_oca",
        "account_statement_base",
    )
    if all((addons / name / "__manifest__.py").exists() for name in needed):
        return str(addons)
    log(f"installing OCA addons into {oca_dir} (pip --no-deps --target)")
    with tempfile.TemporaryDirectory() as wheels:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--only-binary=:all:",
                "-d",
                wheels,
                *OCA_WHEELS,
            ],
            check=True,
        )
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--no-deps",
                "--upgrade",
                "--target",
                oca_dir,
                *glob.glob(os.path.join(wheels, "*.whl")),
            ],
            check=True,
        )
    missing = [
        name for name in needed if not (addons / name / "__manifest__.py").exists()
    ]
    if missing:
        sys.exit(f"OCA install incomplete, missing {missing} in {addons}")
    return str(addons)


def odoo_addons_path(extra):
    import odoo

    root = os.path.dirname(odoo.__file__)
    paths = [
        os.path.join(root, "addons"),
        os.path.join(os.path.dirname(root), "addons"),
    ]
    paths = [p for p in paths if os.path.isdir(os.path.join(p, "web"))]
    return ",".join(dict.fromkeys(paths + [str(ROOT)] + list(extra)))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def install_modules(db, modules, addons_path, logdir, retries=4):
    """``odoo -i`` in a subprocess.

    Retried: other engineers may be editing the addon.
    """
    for attempt in range(1, retries + 1):
        logfile = os.path.join(logdir, f"install_{db}_{attempt}.log")
        cmd = [
            sys.executable,
            "-m",
            "odoo",
            "-d",
            db,
            f"--addons-path={addons_path}",
            "-i",
            ",".join(modules),
            "--stop-after-init",
            "--without-demo=all",
            "--max-cron-threads=0",
            "--http-interface=127.0.0.1",
            f"--http-port={free_port()}",
            "--log-level=warn",
            f"--logfile={logfile}",
        ]
        started = time.perf_counter()
        result = subprocess.run(cmd, capture_output=True, text=True)
        text = (
            open(logfile, encoding="utf-8", errors="replace").read()
            if os.path.exists(logfile)
            else ""
        )
        bad = [ln for ln in text.splitlines() if " ERROR " in ln or " CRITICAL " in ln]
        if result.returncode == 0 and not bad:
            seconds = time.perf_counter() - started
            log(f"installed {', '.join(modules)} in {db} ({seconds:.0f} s)")
            return
        log(f"install of {modules} in {db} failed (attempt {attempt}); see {logfile}")
        print(
            "\n".join((bad or text.splitlines())[-15:]) + result.stderr[-2000:],
            flush=True,
        )
        if attempt < retries:
            time.sleep(30)
    sys.exit(f"cannot install {modules} in {db}")


class Odoo:
    """Odoo in-process: one registry per database."""

    def __init__(self, addons_path):
        import odoo
        from odoo.tools import config

        config.parse_config(
            [
                f"--addons-path={addons_path}",
                "--without-demo=all",
                "--max-cron-threads=0",
                "--log-level=warn",
            ]
        )
        self.odoo = odoo
        self.config = config

    @contextlib.contextmanager
    def env(self, db, commit=True):
        from odoo import SUPERUSER_ID, api
        from odoo.modules.registry import Registry

        registry = Registry(db)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            yield env
            if commit:
                env.flush_all()
                cr.commit()
            else:
                cr.rollback()

    def release(self, db):
        from odoo.modules.registry import Registry
        from odoo.sql_db import close_db

        Registry.delete(db)
        close_db(db)


# ======================================================================================
# Base data (account only)
# ======================================================================================


def build_base(env, partners, invoices, today):
    from odoo import Command

    company = env.company
    if not env["account.account"].search_count([("company_ids", "in", company.ids)]):
        env["account.chart.template"].try_loading(
            "generic_coa", company, install_demo=False
        )
    bank = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
    )
    sale = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    countries = {
        c.code: c.id
        for c in env["res.country"].search([("code", "in", list(COUNTRIES))])
    }
    started = time.perf_counter()
    records = env["res.partner"].create(
        [
            {
                "name": p["name"],
                "is_company": not p["is_person"],
                "country_id": countries[p["country"]],
                "city": p["city"],
                "street": p["street"],
                "customer_rank": 1,
                "bank_ids": [
                    Command.create({"acc_number": iban}) for iban in p["ibans"]
                ],
            }
            for p in partners
        ]
    )
    env.flush_all()
    log(f"created {len(records)} partners in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    for chunk_start in range(0, len(invoices), 500):
        chunk = invoices[chunk_start : chunk_start + 500]
        moves = env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "journal_id": sale.id,
                    "partner_id": records[inv["partner"]].id,
                    "invoice_date": inv["date"],
                    "payment_reference": inv["reference"] or False,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Services",
                                "quantity": 1,
                                "price_unit": inv["amount"],
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
                for inv in chunk
            ]
        )
        moves.action_post()
        env.flush_all()
        env.invalidate_all()
        log(f"  {chunk_start + len(chunk)} invoices posted")
    log(f"posted {len(invoices)} invoices in {time.perf_counter() - started:.1f} s")
    env["ir.config_parameter"].set_param("ar_bench.journal_id", bank.id)


def read_masters(env, partners, invoices):
    """Bind the generated partners and invoices to their records (ids, Odoo numbers)."""
    partner_ids = env["res.partner"].search([("customer_rank", ">", 0)], order="id").ids
    moves = env["account.move"].search([("move_type", "=", "out_invoice")], order="id")
    if len(partner_ids) != len(partners) or len(moves) != len(invoices):
        sys.exit(
            "base database does not fit the requested sizes; drop it or run without "
            "--reuse-base"
        )
    for partner, pid in zip(partners, partner_ids, strict=False):
        partner["id"] = pid
    for inv, move in zip(invoices, moves, strict=False):
        inv.update(
            {
                "move_id": move.id,
                "name": move.name,
                "payment_reference": move.payment_reference or "",
                "partner_name": partners[inv["partner"]]["name"],
            }
        )
        if abs(move.amount_total - inv["amount"]) > 0.001:
            sys.exit("base database does not fit the scenario (amounts differ)")
    return int(env["ir.config_parameter"].get_param("ar_bench.journal_id"))


# ======================================================================================
# Measurements
# ======================================================================================


def reconciled_invoices(env, st_lines):
    """Statement line id -> invoice move ids its journal entry is reconciled with."""
    result = defaultdict(set)
    if not st_lines:
        return result
    env.flush_all()
    env.cr.execute(
        """
        SELECT st.id, inv.move_id
          FROM account_bank_statement_line st
          JOIN account_move_line l ON l.move_id = st.move_id
          JOIN account_partial_reconcile p
            ON l.id IN (p.debit_move_id, p.credit_move_id)
          JOIN account_move_line inv
            ON inv.id = (CASE WHEN p.debit_move_id = l.id THEN p.credit_move_id
                              ELSE p.debit_move_id END)
          JOIN account_move m ON m.id = inv.move_id
         WHERE st.id IN %s AND m.move_type IN ('out_invoice', 'out_refund')
    """,
        [tuple(st_lines.ids)],
    )
    for line_id, move_id in env.cr.fetchall():
        result[line_id].add(move_id)
    return result


PROFILE_DIR = None  # set by --profile: each timed phase is also run under cProfile


class Timer:
    """Times a phase (wall clock); with --profile, also dumps its cProfile stats."""

    def __init__(self, name):
        self.name, self.seconds = name, 0.0

    def __enter__(self):
        self.profile = None
        if PROFILE_DIR:
            import cProfile

            self.profile = cProfile.Profile()
            self.profile.enable()
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started
        if self.profile:
            self.profile.disable()
            self.profile.dump_stats(os.path.join(PROFILE_DIR, f"{self.name}.prof"))
        return False


def create_lines(env, lines, journal_id, system, name=None):
    vals_list = [line_vals(line, journal_id, system) for line in lines]
    with Timer(name or f"{system}_create") as timer:
        records = env["account.bank.statement.line"].create(vals_list)
        env.flush_all()
    return records, timer.seconds


def run_ours(env, lines, journal_id):
    out = {}
    st_lines, out["create_s"] = create_lines(env, lines, journal_id, "ours")
    log(f"ours: created {len(st_lines)} lines in {out['create_s']:.2f} s")
    env.invalidate_all()
    with Timer("ours_apply") as timer:
        st_lines.action_apply_automatically()
        env.flush_all()
    out["apply_s"] = timer.seconds
    log(f"ours: action_apply_automatically in {out['apply_s']:.2f} s")
    env.invalidate_all()
    proposals, details = {}, {}
    for record, line in zip(st_lines, lines, strict=False):
        proposals[line["number"]] = set(
            record.ar_application_ids.move_line_id.move_id.ids
        )
        details[line["number"]] = {
            "confidence": record.ar_match_confidence,
            "state": record.ar_application_state,
            "review": record.ar_review_required,
            "difference": record.ar_difference,
            "ready": bool(record._ar_is_ready()),
            "non_entry": len(
                record.ar_application_ids.filtered(lambda a: not a.move_line_id)
            ),
            "details": record.ar_match_details or "",
        }
    out["proposals"], out["details"] = proposals, details
    env.invalidate_all()
    with Timer("ours_post") as timer:
        posted = st_lines.action_post_applications()
        env.flush_all()
    out["post_s"] = timer.seconds
    out["posted_count"] = len(posted)
    log(
        f"ours: action_post_applications posted {len(posted)} lines in "
        f"{out['post_s']:.2f} s"
    )
    env.invalidate_all()
    reconciled = reconciled_invoices(env, st_lines)
    out["reconciled"] = {
        line["number"]: reconciled.get(rec.id, set())
        for rec, line in zip(st_lines, lines, strict=False)
    }
    out["is_reconciled"] = {
        line["number"]: rec.is_reconciled
        for rec, line in zip(st_lines, lines, strict=False)
    }
    return out


OCA_TUNED = {
    "match_text_location_label": True,
    "match_text_location_note": True,
    "match_text_location_reference": True,
}
OCA_SHIPPED = {
    "match_text_location_label": True,
    "match_text_location_note": False,
    "match_text_location_reference": False,
}


def _oca_models(env, company):
    return env["account.reconcile.model"].search(
        [
            ("rule_type", "in", ["invoice_matching", "writeoff_suggestion"]),
            ("company_id", "=", company.id),
        ]
    )


def oca_match(env, st_lines, name):
    """OCA's matching, per line, as its widget and its create-time auto-reconcile do it.

    Like _default_reconcile_data and _do_auto_reconcile: _retrieve_partner, then
    _apply_rules.
    """
    models = _oca_models(env, st_lines.company_id)
    env.invalidate_all()
    cache = {}
    with Timer(name) as timer:
        for st_line in st_lines:
            partner = st_line._retrieve_partner()
            cache[st_line.id] = (partner, models._apply_rules(st_line, partner))
    return cache, timer.seconds


@contextlib.contextmanager
def oca_cached_matching(env, cache):
    """Serve _retrieve_partner and _apply_rules from ``cache`` while reconciling."""
    line_cls = type(env["account.bank.statement.line"])
    model_cls = type(env["account.reconcile.model"])
    assert "_retrieve_partner" not in line_cls.__dict__
    assert "_apply_rules" not in model_cls.__dict__

    def retrieve_partner(self):
        return (
            cache[self.id][0]
            if self.id in cache
            else super(line_cls, self)._retrieve_partner()
        )

    def apply_rules(self, st_line, partner):
        if st_line.id not in cache:
            return super(model_cls, self)._apply_rules(st_line, partner)
        res = cache[st_line.id][1]
        # _apply_rules returns the first model (by sequence) with a result; restricted
        # to ``self`` (the auto-reconcile models) that is the cached result if its
        # model is in ``self``, else nothing.
        return res if res and res.get("model") in self else {}

    line_cls._retrieve_partner = retrieve_partner
    model_cls._apply_rules = apply_rules
    try:
        yield
    finally:
        del line_cls._retrieve_partner
        del model_cls._apply_rules


def run_oca(env, lines, journal_id, import_path=True):
    out = {}
    models = _oca_models(env, env.company)
    out["models"] = [
        (
            m.name,
            m.rule_type,
            m.auto_reconcile,
            m.match_partner,
            m.allow_payment_tolerance,
            m.payment_tolerance_param,
        )
        for m in models
    ]
    invoice_models = models.filtered(lambda m: m.rule_type == "invoice_matching")
    invoice_models.write(OCA_TUNED)
    env.flush_all()
    from odoo.tools import config as odoo_config

    if import_path:
        # What an OCA user's import costs: create() runs _auto_reconcile (matching and
        # reconciling) on every new line. Measured, then rolled back.
        class _Undo(Exception):
            pass

        try:
            with env.cr.savepoint():
                st_lines, out["import_s"] = create_lines(
                    env, lines, journal_id, "oca", name="oca_create_autoreconcile"
                )
                out["import_reconciled"] = len(st_lines.filtered("is_reconciled"))
                raise _Undo
        except _Undo:
            pass
        env.invalidate_all()
        log(
            f"oca: create with its create-time auto-reconcile: {out['import_s']:.2f} s "
            f"({out['import_reconciled']} reconciled; rolled back)"
        )
    # Bare creation: OCA skips its create-time auto-reconcile when test_enable is set
    # (as in its own tests), so this times the same create() as ours.
    previous = odoo_config["test_enable"]
    odoo_config["test_enable"] = True
    try:
        st_lines, out["create_s"] = create_lines(env, lines, journal_id, "oca")
    finally:
        odoo_config["test_enable"] = previous
    log(f"oca: created {len(st_lines)} lines in {out['create_s']:.2f} s")

    invoice_models.write(OCA_SHIPPED)
    env.flush_all()
    shipped, out["match_shipped_s"] = oca_match(env, st_lines, "oca_match_shipped")
    log(f"oca: matching (shipped models) in {out['match_shipped_s']:.2f} s")
    invoice_models.write(OCA_TUNED)
    env.flush_all()
    cache, out["match_s"] = oca_match(env, st_lines, "oca_match")
    log(f"oca: matching (reference search on) in {out['match_s']:.2f} s")

    def summarize(cache_):
        proposals, auto = {}, {}
        for record, line in zip(st_lines, lines, strict=False):
            _partner, res = cache_[record.id]
            proposals[line["number"]] = (
                set(res.get("amls", env["account.move.line"]).move_id.ids)
                if res
                else set()
            )
            auto[line["number"]] = bool(
                res and res.get("model") and res["model"].auto_reconcile
            )
        return proposals, auto

    out["proposals_shipped"], _ = summarize(shipped)
    out["proposals"], out["auto_model"] = summarize(cache)
    out["partner_found"] = {
        line["number"]: bool(cache[rec.id][0])
        for rec, line in zip(st_lines, lines, strict=False)
    }

    env.invalidate_all()
    with oca_cached_matching(env, cache), Timer("oca_reconcile") as timer:
        st_lines._auto_reconcile()
        env.flush_all()
    out["reconcile_s"] = timer.seconds
    env.invalidate_all()
    reconciled = reconciled_invoices(env, st_lines)
    out["reconciled"] = {
        line["number"]: reconciled.get(rec.id, set())
        for rec, line in zip(st_lines, lines, strict=False)
    }
    out["is_reconciled"] = {
        line["number"]: rec.is_reconciled
        for rec, line in zip(st_lines, lines, strict=False)
    }
    out["posted_count"] = sum(out["is_reconciled"].values())
    log(
        "oca: _auto_reconcile (cached matching) reconciled "
        f"{out['posted_count']} lines in {out['reconcile_s']:.2f} s"
    )
    return out


def run_coexist(env, lines, journal_id):
    """Both addons in one database: does one slow the other down?"""
    from odoo.tools import config as odoo_config

    out = {}
    _oca_models(env, env.company).filtered(
        lambda m: m.rule_type == "invoice_matching"
    ).write(OCA_TUNED)
    env.flush_all()

    class _Undo(Exception):
        pass

    # An import when both are installed: OCA's create() hook reconciles what it can.
    try:
        with env.cr.savepoint():
            st_lines, out["import_s"] = create_lines(
                env, lines, journal_id, "both", name="both_create_autoreconcile"
            )
            out["import_reconciled"] = len(st_lines.filtered("is_reconciled"))
            raise _Undo
    except _Undo:
        pass
    env.invalidate_all()
    previous = odoo_config["test_enable"]
    odoo_config["test_enable"] = True
    try:
        st_lines, out["create_s"] = create_lines(env, lines, journal_id, "both")
    finally:
        odoo_config["test_enable"] = previous
    env.invalidate_all()
    with Timer("both_ours_apply") as timer:
        st_lines.action_apply_automatically()
        env.flush_all()
    out["apply_s"] = timer.seconds
    _cache, out["match_s"] = oca_match(env, st_lines, "both_oca_match")
    env.invalidate_all()
    with Timer("both_ours_post") as timer:
        posted = st_lines.action_post_applications()
        env.flush_all()
    out["post_s"], out["posted_count"] = timer.seconds, len(posted)
    log(
        f"both: create {out['create_s']:.2f} s (with OCA hook {out['import_s']:.2f} s, "
        f"{out['import_reconciled']} reconciled), ours apply {out['apply_s']:.2f} s, "
        f"OCA match {out['match_s']:.2f} s, ours post {out['posted_count']} in "
        f"{out['post_s']:.2f} s"
    )
    return out


# ======================================================================================
# Quality and report
# ======================================================================================


def quality(lines, applied_by_line, truth_ids):
    """precision = right / applied; recall = right / payable; wrong share of applied."""
    applied = right = payable = applied_payable = 0
    per_kind = defaultdict(Counter)
    for line in lines:
        truth = truth_ids[line["number"]]
        got = applied_by_line.get(line["number"], set())
        payable += bool(truth)
        per_kind[line["kind"]]["lines"] += 1
        if got:
            applied += 1
            applied_payable += bool(truth)
            ok = got == truth
            right += ok
            per_kind[line["kind"]]["right" if ok else "wrong"] += 1
        else:
            per_kind[line["kind"]]["none"] += 1
    wrong = applied - right
    return {
        "applied": applied,
        "right": right,
        "wrong": wrong,
        "payable": payable,
        "precision": right / applied if applied else 0.0,
        "recall": right / payable if payable else 0.0,
        "wrong_share": wrong / applied if applied else 0.0,
        "applied_share": applied_payable / payable
        if payable
        else 0.0,  # payable lines applied
        "per_kind": per_kind,
    }


def _rate(count, seconds):
    return count / seconds if seconds > 0 else float("inf")


def _pct(x):
    return f"{100 * x:.1f} %"


def _speed(count, seconds):
    return f"{_rate(count, seconds):,.0f} lines/s ({seconds:.2f} s)"


def _render_speed(row, n, ours, oca):
    """The speed rows of the table (both systems measured)."""
    row(
        "Create the statement lines (one batch)",
        _speed(n, ours["create_s"]),
        _speed(n, oca["create_s"]),
        f"{oca['create_s'] / ours['create_s']:.2f}×",
    )
    if "import_s" in oca:
        row(
            "OCA create() with its create-time auto-reconcile "
            "(its import path; rolled back)",
            "—",
            _speed(n, oca["import_s"]) + f", {oca['import_reconciled']} reconciled",
        )
    r_apply = _rate(n, ours["apply_s"]) / _rate(n, oca["match_s"])
    row(
        "**Applying / matching** (ours: action_apply_automatically; "
        "OCA: _retrieve_partner + _apply_rules per line, reference search on)",
        _speed(n, ours["apply_s"]),
        _speed(n, oca["match_s"]),
        f"**{r_apply:.1f}×**",
        f"≥ 10× — {'met' if r_apply >= 10 else 'NOT met'}",
    )
    row(
        "OCA matching with the models as shipped (label only)",
        "—",
        _speed(n, oca["match_shipped_s"]),
        f"{_rate(n, ours['apply_s']) / _rate(n, oca['match_shipped_s']):.1f}×",
    )
    r_post = (
        (
            _rate(ours["posted_count"], ours["post_s"])
            / _rate(oca["posted_count"], oca["reconcile_s"])
        )
        if oca["posted_count"]
        else float("inf")
    )
    row(
        "**Posting / reconciling** (ours: action_post_applications; "
        "OCA: _auto_reconcile minus matching), per posted line",
        f"{_speed(ours['posted_count'], ours['post_s'])}, "
        f"{ours['posted_count']} posted",
        f"{_speed(oca['posted_count'], oca['reconcile_s'])}, "
        f"{oca['posted_count']} reconciled",
        f"**{r_post:.1f}×**",
        f"≥ 5× — {'met' if r_post >= 5 else 'NOT met'}",
    )


def _render_quality(row, q):
    """The quality rows of the table: proposals and posted, each system."""
    for label, key_o, key_c in (
        ("Proposals", "ours_prop", "oca_prop"),
        ("Posted / auto-reconciled", "ours_post", "oca_post"),
    ):
        if key_o not in q or key_c not in q:
            continue
        a, b = q[key_o], q[key_c]
        row(
            f"{label}: lines applied (right / wrong)",
            f"{a['applied']} ({a['right']} / {a['wrong']})",
            f"{b['applied']} ({b['right']} / {b['wrong']})",
        )
        row(
            f"{label}: precision (right / applied)",
            f"{a['precision']:.4f}",
            f"{b['precision']:.4f}",
        )
        row(
            f"{label}: recall (right / payable)",
            f"{a['recall']:.4f}",
            f"{b['recall']:.4f}",
        )
        t_wrong = t_applied = ""
        if key_o == "ours_prop":
            wrong_met = "met" if a["wrong_share"] <= 0.005 else "NOT met"
            applied_met = "met" if a["applied_share"] >= 0.95 else "NOT met"
            t_wrong = f"≤ 0.5 % — {wrong_met}"
            t_applied = f"≥ 95 % — {applied_met}"
        row(
            f"{label}: wrong / applied",
            _pct(a["wrong_share"]),
            _pct(b["wrong_share"]),
            "",
            t_wrong,
        )
        row(
            f"{label}: payable lines applied / payable",
            _pct(a["applied_share"]),
            _pct(b["applied_share"]),
            "",
            t_applied,
        )
    if "oca_prop_shipped" in q:
        b = q["oca_prop_shipped"]
        row(
            "OCA proposals with the models as shipped: "
            "right / wrong / precision / recall",
            "—",
            f"{b['right']} / {b['wrong']} / {b['precision']:.4f} / {b['recall']:.4f}",
        )


def _render_coexist(w, ours, oca, both):
    """The table of both addons installed in one database."""
    w("")
    w(
        "Both addons installed in one database (same lines; OCA's create-time "
        "auto-reconcile measured in a rolled-back savepoint):"
    )
    w("")
    w("| Phase | separate databases | one database with both |")
    w("| --- | ---: | ---: |")
    w(
        f"| create lines, bare | ours {ours['create_s']:.2f} s "
        f"/ OCA {oca['create_s']:.2f} s | {both['create_s']:.2f} s |"
    )
    if "import_s" in oca:
        w(
            f"| create lines with OCA's create() hook | OCA {oca['import_s']:.2f} s "
            f"({oca['import_reconciled']} reconciled) | {both['import_s']:.2f} s "
            f"({both['import_reconciled']} reconciled by OCA before ar_reconcile "
            "sees them) |"
        )
    w(
        f"| ours: action_apply_automatically | {ours['apply_s']:.2f} s "
        f"| {both['apply_s']:.2f} s |"
    )
    w(f"| OCA: matching | {oca['match_s']:.2f} s | {both['match_s']:.2f} s |")
    w(
        f"| ours: action_post_applications | {ours['post_s']:.2f} s "
        f"({ours['posted_count']} posted) | {both['post_s']:.2f} s "
        f"({both['posted_count']} posted) |"
    )


def render(args, sizes, ours, oca, lines, truth_ids, timings, both=None):
    n = len(lines)
    q = {}
    if ours:
        q["ours_prop"] = quality(lines, ours["proposals"], truth_ids)
        q["ours_post"] = quality(lines, ours["reconciled"], truth_ids)
    if oca:
        q["oca_prop"] = quality(lines, oca["proposals"], truth_ids)
        q["oca_prop_shipped"] = quality(lines, oca["proposals_shipped"], truth_ids)
        q["oca_post"] = quality(lines, oca["reconciled"], truth_ids)
    out = []
    w = out.append
    w(f"# ar_reconcile vs OCA account_reconcile_oca — Odoo bench {dt.date.today()}")
    w("")
    oca_versions = ", ".join(sizes.get("oca_versions", [])) or "not run"
    w(
        f"Scenario: {sizes['partners']} partners, {sizes['invoices']} posted customer "
        f"invoices, {n} statement lines (seed {args.seed}); Odoo {sizes['odoo']}, "
        f"PostgreSQL local, {os.cpu_count()} CPU. OCA: {oca_versions}."
    )
    w("")
    kinds = Counter(line["kind"] for line in lines)
    w(
        "Lines: "
        + ", ".join(f"{k} {kinds[k]}" for k, _ in KIND_SHARES)
        + f"; payable (truth non-empty) {sum(1 for ln in lines if ln['truth'])}."
    )
    w("")
    w(
        "| Figure | ours (ar_reconcile) | OCA (account_reconcile_oca) | ours / OCA "
        "| target |"
    )
    w("| --- | ---: | ---: | ---: | --- |")

    def row(name, a, b, ratio="", target=""):
        w(f"| {name} | {a} | {b} | {ratio} | {target} |")

    if ours and oca:
        _render_speed(row, n, ours, oca)
    _render_quality(row, q)
    w("")
    w("Per kind of line (right / wrong / nothing):")
    w("")
    heads = [
        ("ours proposals", "ours_prop"),
        ("ours posted", "ours_post"),
        ("OCA proposals", "oca_prop"),
        ("OCA proposals (shipped)", "oca_prop_shipped"),
        ("OCA auto-reconciled", "oca_post"),
    ]
    heads = [(h, k) for h, k in heads if k in q]
    w("| kind | lines | " + " | ".join(h for h, _ in heads) + " |")
    w("| --- | ---: | " + " | ".join("---:" for _ in heads) + " |")
    for kind, _share in KIND_SHARES:
        if not kinds[kind]:
            continue
        cells = []
        for _h, key in heads:
            c = q[key]["per_kind"][kind]
            cells.append(f"{c['right']} / {c['wrong']} / {c['none']}")
        w(f"| {kind} | {kinds[kind]} | " + " | ".join(cells) + " |")
    if ours:
        conf = Counter((d["confidence"], d["review"]) for d in ours["details"].values())
        w("")
        w(
            "ours, confidence of the lines (review required): "
            + ", ".join(
                f"{c}{' (review)' if r else ''} {k}"
                for (c, r), k in sorted(conf.items())
            )
        )
    if oca:
        w("")
        w(
            "OCA reconcile models used: "
            + "; ".join(
                f"{name} ({rt}, auto {auto}, partner required {mp}, tolerance "
                f"{tol if allow else 'off'})"
                for name, rt, auto, mp, allow, tol in oca["models"]
            )
        )
    if both and ours and oca:
        _render_coexist(w, ours, oca, both)
    w("")
    w("Other timings: " + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items()))
    return "\n".join(out), q


def write_errors(path, lines, ours, oca, truth_ids, names):
    """Every line where a system proposed something wrong or missed a payable line."""
    rows = []
    for line in lines:
        num, truth = line["number"], truth_ids[line["number"]]
        entry = {
            "line": num,
            "kind": line["kind"],
            "amount": line["amount"],
            "partner_name": line["partner_name"],
            "account": line["account_number"],
            "structured": line["structured"],
            "text": line["unstructured"],
            "truth": sorted(names[i] for i in truth),
        }
        interesting = False
        if ours:
            got = ours["proposals"][num]
            entry["ours"] = sorted(names.get(i, i) for i in got)
            entry["ours_confidence"] = ours["details"][num]["confidence"]
            entry["ours_ready"] = ours["details"][num]["ready"]
            entry["ours_details"] = ours["details"][num]["details"]
            interesting |= got != truth
        if oca:
            got = oca["proposals"][num]
            entry["oca"] = sorted(names.get(i, i) for i in got)[:10]
            entry["oca_partner_found"] = oca["partner_found"][num]
            interesting |= got != truth
        if interesting:
            rows.append(entry)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(rows, fh, ensure_ascii=False, indent=1, default=str)


# ======================================================================================
# Main
# ======================================================================================


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partners", type=int, default=2000)
    parser.add_argument("--invoices", type=int, default=10000)
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20260601)
    parser.add_argument("--db-prefix", default="ar_bench")
    parser.add_argument(
        "--oca-dir",
        default=DEFAULT_OCA_DIR,
        help="where OCA's wheels are installed (outside the repo)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the databases afterwards"
    )
    parser.add_argument(
        "--reuse-base",
        action="store_true",
        help="reuse <prefix>_base from an earlier --keep run of the same sizes",
    )
    parser.add_argument("--only", choices=["ours", "oca"], help="run one side only")
    parser.add_argument(
        "--coexist",
        action="store_true",
        help="also run both addons in one database (<prefix>_both)",
    )
    parser.add_argument(
        "--no-import-path",
        action="store_true",
        help="skip timing OCA's create() with its create-time auto-reconcile",
    )
    parser.add_argument(
        "--profile",
        metavar="DIR",
        help="also write cProfile stats of every timed phase to DIR",
    )
    parser.add_argument(
        "--output", help="markdown file (default bench/results/odoo_bench_<date>.md)"
    )
    args = parser.parse_args()

    try:
        import odoo.release
    except ImportError:
        sys.exit(
            "python3 cannot import Odoo 18; see README.md, 'Making Odoo 18 importable'."
        )
    if odoo.release.version_info[0] != 18:
        sys.exit(f"Odoo 18 expected, found {odoo.release.version}")

    if args.profile:
        global PROFILE_DIR
        PROFILE_DIR = os.path.abspath(args.profile)
        os.makedirs(PROFILE_DIR, exist_ok=True)
    ensure_postgres()
    oca_addons = ensure_oca(args.oca_dir) if args.only != "ours" else None
    addons_path = odoo_addons_path([oca_addons] if oca_addons else [])
    logdir = tempfile.mkdtemp(prefix="ar_bench_logs_")
    refs = _load_references()
    today = dt.date.today()
    base, db_ours, db_oca = (
        f"{args.db_prefix}_base",
        f"{args.db_prefix}_ours",
        f"{args.db_prefix}_oca",
    )
    timings = {}
    t0 = time.perf_counter()

    partners, invoices = generate_masters(
        args.partners, args.invoices, args.seed, today, refs
    )
    if not (args.reuse_base and db_exists(base)):
        drop_db(base)
        started = time.perf_counter()
        install_modules(base, ["account"], addons_path, logdir)
        timings["install account"] = time.perf_counter() - started
    odoo_env = Odoo(addons_path)
    started = time.perf_counter()
    with odoo_env.env(base) as env:
        if not env["account.move"].search_count([("move_type", "=", "out_invoice")]):
            build_base(env, partners, invoices, today)
        journal_id = read_masters(env, partners, invoices)
    odoo_env.release(base)
    timings["base data"] = time.perf_counter() - started
    lines = generate_lines(args.lines, args.seed, today, partners, invoices, refs)
    move_of = {inv["index"]: inv["move_id"] for inv in invoices}
    truth_ids = {line["number"]: {move_of[i] for i in line["truth"]} for line in lines}
    names = {inv["move_id"]: inv["name"] for inv in invoices}

    sizes = {
        "partners": args.partners,
        "invoices": args.invoices,
        "odoo": odoo.release.version,
    }
    if oca_addons:
        sizes["oca_versions"] = [
            os.path.basename(p).replace(".dist-info", "")
            for p in sorted(glob.glob(os.path.join(args.oca_dir, "*.dist-info")))
        ]
    ours = oca = both = None
    db_both = f"{args.db_prefix}_both"
    try:
        if args.only != "oca":
            started = time.perf_counter()
            copy_db(base, db_ours)
            install_modules(db_ours, [OURS_MODULE], addons_path, logdir)
            timings["copy + install ours"] = time.perf_counter() - started
            with odoo_env.env(db_ours) as env:
                ours = run_ours(env, lines, journal_id)
            odoo_env.release(db_ours)
        if args.only != "ours":
            started = time.perf_counter()
            copy_db(base, db_oca)
            install_modules(db_oca, list(OCA_MODULES), addons_path, logdir)
            timings["copy + install OCA"] = time.perf_counter() - started
            with odoo_env.env(db_oca) as env:
                oca = run_oca(
                    env, lines, journal_id, import_path=not args.no_import_path
                )
            odoo_env.release(db_oca)
        if args.coexist and not args.only:
            started = time.perf_counter()
            copy_db(base, db_both)
            install_modules(db_both, [OURS_MODULE, *OCA_MODULES], addons_path, logdir)
            timings["copy + install both"] = time.perf_counter() - started
            with odoo_env.env(db_both) as env:
                both = run_coexist(env, lines, journal_id)
            odoo_env.release(db_both)
    finally:
        if not args.keep:
            for db in (db_ours, db_oca, db_both, base):
                with contextlib.suppress(Exception):
                    odoo_env.release(db)
                drop_db(db)
            shutil.rmtree(logdir, ignore_errors=True)
    timings["total"] = time.perf_counter() - t0

    report, _q = render(args, sizes, ours, oca, lines, truth_ids, timings, both)
    print()
    print(report)
    RESULTS.mkdir(parents=True, exist_ok=True)
    output = (
        pathlib.Path(args.output) if args.output else RESULTS / f"odoo_bench_{today}.md"
    )
    output.write_text(report + "\n", encoding="utf-8")
    errors = output.with_suffix(".errors.json")
    write_errors(errors, lines, ours, oca, truth_ids, names)
    log(f"written {output} and {errors}")
    if args.keep:
        log(
            f"databases kept: {base}, {db_ours}, {db_oca}"
            f"{', ' + db_both if both else ''}; install logs in {logdir}"
        )


if __name__ == "__main__":
    main()
