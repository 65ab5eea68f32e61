"""Party names: Nordic-aware normalisation and fuzzy lookup over many partners.

Bank files spell the same payer as "BJØRN ØDEGÅRD AS", "Bjoern Oedegaard" or "ODEGARD BJORN".
Names are therefore folded to one key before rapidfuzz compares them, and a token-blocking
index keeps the comparison to the few partners that share a word with the query, so a
statement never costs lines x partners comparisons.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from rapidfuzz import fuzz, process

# Letters NFKD does not decompose, and the umlauts, spelled the way banks transliterate them.
_TRANSLIT = str.maketrans(
    {"æ": "ae", "ä": "ae", "ø": "oe", "ö": "oe", "ü": "ue", "å": "aa", "ß": "ss", "þ": "th",
     "ð": "d", "œ": "oe", "ł": "l", "đ": "d"}
)
# Then the digraphs are collapsed, so that å / aa / a, ø / oe / o, æ / ae, ü / ue / u all give
# one key ("Ødegård", "Oedegaard" and "Odegard" are all "odegard"). Both sides are folded the
# same way, so an exact name always stays exact; the folding only brings variants together.
_DIGRAPH_RE = re.compile(r"aa|ae|oe|ue")
_DIGRAPHS = {"aa": "a", "ae": "a", "oe": "o", "ue": "u"}
# "A/S", "S.A.", "I/S": single letters glued by a slash or a dot form one legal-form token.
_GLUED_RE = re.compile(r"\b(\w)[./](?=\w\b)")
_NON_ALNUM_RE = re.compile(r"[\W_]+")

LEGAL_FORMS = frozenset(
    "as asa ab publ oy oyj ky aps is ks amba gmbh mbh ag kg ohg ug bv nv vof ltd limited llc"
    " llp inc incorporated corp plc co sa sas sarl srl spa sl sp zoo ans da sf hf ehf kft".split()
)
MIN_BLOCK_TOKEN = 3  # shorter words are too common to select candidates
MAX_BLOCK_CANDIDATES = 2000  # stop widening the candidate set past this many partners
UNIQUE_MARGIN = 5.0  # the best name must lead every other partner by this many points


def normalize_name(name):
    """Return ``name`` as a space-separated key: casefolded, transliterated, accents and
    punctuation removed, legal forms (AS, AB, Oy, GmbH, ...) dropped, digraphs collapsed."""
    text = (name or "").casefold().translate(_TRANSLIT)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    tokens = _NON_ALNUM_RE.sub(" ", _GLUED_RE.sub(r"\1", text)).split()
    kept = [t for t in tokens if t not in LEGAL_FORMS] or tokens
    return " ".join(_DIGRAPH_RE.sub(lambda m: _DIGRAPHS[m.group()], t) for t in kept)


class NameIndex:
    """Partner names by normalised word, for fuzzy lookups that touch only likely partners."""

    def __init__(self, partners):
        self.names = {}  # partner id -> normalised name
        self.display = {}  # partner id -> name as entered
        self._ntokens = {}
        self._postings = defaultdict(list)  # word -> partner ids
        for partner in partners:
            key = normalize_name(partner.name)
            if not key:
                continue
            tokens = set(key.split())
            self.names[partner.id] = key
            self.display[partner.id] = partner.name
            self._ntokens[partner.id] = len(tokens)
            long_tokens = [t for t in tokens if len(t) >= MIN_BLOCK_TOKEN] or tokens
            for token in long_tokens:
                self._postings[token].append(partner.id)

    def _block(self, tokens):
        """Partners sharing a word with the query, rarest words first, so that a common word
        ("hansen", "bygg") only widens the set while it is still small."""
        postings = sorted(
            (self._postings[t] for t in set(tokens) if t in self._postings), key=len
        )
        found = set()
        for ids in postings:
            if found and len(found) + len(ids) > MAX_BLOCK_CANDIDATES:
                break
            found.update(ids)
        return found

    def match(self, query, mode="similarity", threshold=90.0):
        """Return ``(hits, runner_up)``: the partners whose name reaches ``threshold`` as
        ``[(partner_id, score)]`` best first, and the best score of any other partner
        (0 if none), which tells whether the best hit is clearly unique.

        ``similarity``: a partner name with no more words than the query may be found
        anywhere in it (``token_set_ratio``: the bank adds a city, "v/ daglig leder" or a
        whole remittance text); a longer partner name must resemble the whole query
        (``token_sort_ratio``), so "Hansen" alone does not match every "Hansen Bygg".
        ``exact_permutations``: the query contains the name, or the name with its first
        word moved to the end ("Smith John"), as whole words.
        """
        key = normalize_name(query)
        tokens = key.split()
        candidates = self._block(tokens)
        if not candidates:
            return [], 0.0
        if mode == "exact_permutations":
            padded = f" {key} "
            hits = []
            for pid in candidates:
                words = self.names[pid].split()
                variants = (words, words[1:] + words[:1])
                if any(f" {' '.join(v)} " in padded for v in variants):
                    hits.append((pid, 100.0))
            hits.sort(key=lambda hit: str(hit[0]))
            return hits, (100.0 if len(hits) > 1 else 0.0)
        n_query = len(set(tokens))
        inside, whole = {}, {}
        for pid in candidates:
            (inside if self._ntokens[pid] <= n_query else whole)[pid] = self.names[pid]
        cutoff = max(threshold - UNIQUE_MARGIN, 0)
        scored = [
            (pid, score)
            for choices, scorer in ((inside, fuzz.token_set_ratio), (whole, fuzz.token_sort_ratio))
            if choices
            for _name, score, pid in process.extract(
                key, choices, scorer=scorer, score_cutoff=cutoff, limit=None
            )
        ]
        scored.sort(key=lambda hit: (-hit[1], str(hit[0])))
        hits = [(pid, score) for pid, score in scored if score >= threshold]
        runner_up = scored[1][1] if len(scored) > 1 else 0.0
        return hits, runner_up
