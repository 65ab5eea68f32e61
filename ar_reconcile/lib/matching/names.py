"""Party names: Nordic-aware normalisation and fuzzy lookup over many partners.

Bank files spell the same payer as "BJØRN ØDEGÅRD AS", "Bjoern Oedegaard" or "ODEGARD
BJORN". Names are therefore folded to one key before rapidfuzz compares them, and a
token-blocking index keeps the comparison to the few partners that share a word with the
query, so a statement never costs lines x partners comparisons.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from rapidfuzz import fuzz, process

# Letters NFKD does not decompose, and the umlauts, spelled the way banks transliterate
# them.
_TRANSLIT = str.maketrans(
    {
        "æ": "ae",
        "ä": "ae",
        "ø": "oe",
        "ö": "oe",
        "ü": "ue",
        "å": "aa",
        "ß": "ss",
        "þ": "th",
        "ð": "d",
        "œ": "oe",
        "ł": "l",
        "đ": "d",
    }
)
# Then the digraphs are collapsed, so that å / aa / a, ø / oe / o, æ / ae, ü / ue / u
# all give one key ("Ødegård", "Oedegaard" and "Odegard" are all "odegard"). Both sides
# are folded the same way, so an exact name always stays exact; the folding only brings
# variants together.
_DIGRAPH_RE = re.compile(r"aa|ae|oe|ue")
_DIGRAPHS = {"aa": "a", "ae": "a", "oe": "o", "ue": "u"}
# "A/S", "S.A.", "I/S": single letters glued by a slash or a dot form one legal-form
# token.
_GLUED_RE = re.compile(r"\b(\w)[./](?=\w\b)")
_NON_ALNUM_RE = re.compile(r"[\W_]+")
_COMBINING_RE = re.compile(
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)

LEGAL_FORMS = frozenset(
    (
        "as asa ab publ oy oyj ky aps is ks amba gmbh mbh ag kg ohg ug bv nv vof ltd"
        " limited llc llp inc incorporated corp plc co sa sas sarl srl spa sl sp zoo"
        " ans da sf hf ehf kft"
    ).split()
)
MIN_BLOCK_TOKEN = 3  # shorter words are too common to select candidates
MAX_BLOCK_CANDIDATES = 2000  # stop widening the candidate set past this many partners
UNIQUE_MARGIN = 5.0  # the best name must lead every other partner by this many points


def normalize_name(name):
    """Return ``name`` as a space-separated key: casefolded, transliterated, accents and
    punctuation removed, legal forms (AS, AB, Oy, GmbH, ...) dropped, digraphs
    collapsed."""
    text = (name or "").casefold().translate(_TRANSLIT)
    if not text.isascii():
        text = _COMBINING_RE.sub("", unicodedata.normalize("NFKD", text))
    tokens = _NON_ALNUM_RE.sub(" ", _GLUED_RE.sub(r"\1", text)).split()
    kept = [t for t in tokens if t not in LEGAL_FORMS] or tokens
    return " ".join(_DIGRAPH_RE.sub(lambda m: _DIGRAPHS[m.group()], t) for t in kept)


class NameIndex:
    """Partner names by normalised word, for fuzzy lookups that touch only likely
    partners."""

    def __init__(self, partners):
        self.names = {}  # partner id -> normalised name
        self._ntokens = {}
        # Word -> partner ids, split by how many indexed words the partner's name has:
        # one or two (a single shared word may be enough) or three and more (two must be
        # shared).
        self._few = defaultdict(set)
        self._many = defaultdict(set)
        for partner in partners:
            key = normalize_name(partner.name)
            if not key:
                continue
            tokens = set(key.split())
            self.names[partner.id] = key
            self._ntokens[partner.id] = len(tokens)
            indexed = [t for t in tokens if len(t) >= MIN_BLOCK_TOKEN] or tokens
            postings = self._few if len(indexed) <= 2 else self._many
            for token in indexed:
                postings[token].add(partner.id)

    def _block(self, tokens):
        """Partners that share enough words with the query to possibly reach a
        threshold.

        A partner must share half of the words of the shorter of the two names, so one
        word may be misspelt or truncated by the bank, but a partner that only shares
        the city of a three-word name is not compared at all: names of three words or
        more are found by intersecting the word sets pairwise. Names of one or two words
        are collected rarest word first, so a common word ("hansen", "oslo") only widens
        the set while it is still small. Everything here is set operations, in C.
        """
        words = sorted(set(tokens))
        few = sorted((self._few[t] for t in words if t in self._few), key=len)
        many = sorted((self._many[t] for t in words if t in self._many), key=len)
        found = set()
        pool = few + many if len(words) <= 2 else few
        for ids in sorted(pool, key=len):
            if found and len(found) + len(ids) > MAX_BLOCK_CANDIDATES:
                break
            found |= ids
        if len(words) > 2:
            for i, first in enumerate(many):
                for second in many[i + 1 :]:
                    found |= first & second
        return found

    def match(self, query, mode="similarity", threshold=90.0):
        """Return ``(hits, unique)``: the partners whose name matches the query, best
        first, as ``[(partner_id, score)]``, and whether the best one is clearly the
        only one.

        ``similarity``: a partner name with no more words than the query may be found
        anywhere in it (``token_set_ratio`` >= ``threshold``: the bank adds a city, "v/
        daglig leder" or a whole remittance text); a longer partner name must resemble
        the whole query (``token_sort_ratio``), so "Hansen" alone does not match every
        "Hansen Bygg". ``exact_permutations``: the query contains the name, or the name
        with its first word moved to the end ("Smith John"), as whole words.

        Unique: a single hit that leads every other partner by UNIQUE_MARGIN points; or,
        among several hits, the one whose *whole* name resembles the whole query
        (``token_sort_ratio`` >= ``threshold``) by that margin more than the others, so
        "HANSEN BYGG OSLO" picks "Hansen Bygg Oslo AS" over "Hansen Bygg AS".
        """
        key = normalize_name(query)
        tokens = key.split()
        candidates = self._block(tokens)
        if not candidates:
            return [], False
        if mode == "exact_permutations":
            padded = f" {key} "
            scored = []
            for pid in candidates:
                words = self.names[pid].split()
                if any(
                    f" {' '.join(v)} " in padded for v in (words, words[1:] + words[:1])
                ):
                    scored.append((pid, 100.0))
            runner_up = 100.0 if len(scored) > 1 else 0.0
        else:
            n_query = len(set(tokens))
            inside, whole = {}, {}
            for pid in candidates:
                (inside if self._ntokens[pid] <= n_query else whole)[pid] = self.names[
                    pid
                ]
            cutoff = max(threshold - UNIQUE_MARGIN, 0)
            scorers = ((inside, fuzz.token_set_ratio), (whole, fuzz.token_sort_ratio))
            scored = [
                (pid, score)
                for choices, scorer in scorers
                if choices
                for _name, score, pid in process.extract(
                    key, choices, scorer=scorer, score_cutoff=cutoff, limit=None
                )
            ]
            scored.sort(key=lambda hit: (-hit[1], str(hit[0])))
            runner_up = scored[1][1] if len(scored) > 1 else 0.0
            scored = [hit for hit in scored if hit[1] >= threshold]
        if len(scored) <= 1:
            return scored, bool(scored) and runner_up < scored[0][1] - UNIQUE_MARGIN
        overall = {
            pid: fuzz.token_sort_ratio(key, self.names[pid]) for pid, _score in scored
        }
        scored.sort(key=lambda hit: (-overall[hit[0]], -hit[1], str(hit[0])))
        first, second = overall[scored[0][0]], overall[scored[1][0]]
        return scored, first >= threshold and first - second >= UNIQUE_MARGIN
