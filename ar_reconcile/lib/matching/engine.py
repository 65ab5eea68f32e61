"""Payment application engine: Business Central's rule matrix, without its slowness.

For every statement line the engine looks for candidate open entries, rates each (line,
candidate) pair on three criteria (related party, document reference, amount within
tolerance), gives the pair the best rule whose criteria all agree, and then assigns the
candidates of the whole statement greedily, best score first, so that no entry is ever
applied beyond its residual (bc-receivables.md, section 2).

Where BC scans every open entry for every line (P1: "one line takes approx. 50
seconds"), everything here goes through indexes built once per statement: entries by
partner, by reference token and by amount (sorted, searched with bisect); partners by
bank account and by name word. A statement therefore costs about (lines + entries) x
log, never lines x entries. The candidate set per line is bounded: the referenced
entries, the entries of the identified partners, and when nobody is identified a few
entries of the closest amounts (which can only ever give a Low match).

No ``odoo`` import: the Odoo layer converts records to :mod:`.types` and back.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from operator import itemgetter

from .. import money
from ..accounts import sanitize_account_number
from ..messages import Amount, MessageError, Percent
from . import codes as C
from . import patterns
from . import types as T
from .codes import evidence
from .names import NameIndex

MIN_REF_LEN = 4  # BC: a document number is searched for from 4 characters on
# A reference found by gluing several words of the text ("INV2026 00001") must be
# longer: short glued numbers ("12 34") are too often amounts, dates or phone number
# fragments.
MIN_JOINED_REF_LEN = 6
MAX_GLUED_WORDS = 10  # an RF reference printed in groups of four has up to 7 words
MAX_REF_FANOUT = 20  # a "reference" shared by more open entries identifies none of them
MIN_ACCOUNT_LEN = (
    6  # shorter partner account numbers are not searched inside longer ones
)
AMOUNT_ONLY_BREADTH = 3  # candidates taken by amount alone when no party is identified
PARTNER_OUTSIDE_BREADTH = 3  # closest-amount entries outside the window, per partner
PARTNER_WINDOW_LIMIT = (
    50  # window entries of the identified partners taken as candidates
)
MAX_SCAN = (
    500  # amount-array items visited for one search (future-dated entries skipped)
)

_PIECE_RE = re.compile(r"[^\W_]+")  # maximal alphanumeric runs: whole words
_NON_WORD_RE = re.compile(r"[\W_]+")
_EDGE_RE = re.compile(r"^[\W_]+|[\W_]+$")
_IBAN_RE = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{8,}")
_FIELDS = ("document_number", "payment_reference", "external_reference")
_FIELD_LABELS = {
    "document_number": C.FIELD_DOCUMENT_NUMBER,
    "payment_reference": C.FIELD_PAYMENT_REFERENCE,
    "external_reference": C.FIELD_EXTERNAL_REFERENCE,
}
# The same fields of a registered payment: its number, payment reference and memo.
_PAYMENT_FIELD_LABELS = {
    "document_number": C.FIELD_PAYMENT_NUMBER,
    "payment_reference": C.FIELD_PAYMENT_REFERENCE,
    "external_reference": C.FIELD_MEMO,
}
_CONFIDENCE_LABELS = {
    T.CONFIDENCE_LOW: C.CONFIDENCE_LOW,
    T.CONFIDENCE_MEDIUM: C.CONFIDENCE_MEDIUM,
    T.CONFIDENCE_HIGH: C.CONFIDENCE_HIGH,
}
# A file's own name for its structured reference -> the references kind it is checked as
_STRUCTURED_KINDS = {"kid": "kid"}
ALL_PARTNERS = object()  # key of the amount arrays over every entry
_BAND_TEXT_MAPPING = 5  # sorts between Medium (4) and High (6), whatever the score says


def _references():
    """The structured-reference module, imported late: the engine works without it."""
    try:
        from .. import references
    except ImportError:  # pragma: no cover - only while the module is missing
        return None
    return references


def _short(text, width=80):
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _strip_separators(folded):
    """Drop the usual separators with str.replace (fast), the rare others by regex."""
    key = folded.replace("/", "").replace("-", "").replace(" ", "").replace(".", "")
    return key if key.isalnum() else _NON_WORD_RE.sub("", key)


def _trim(folded):
    """``folded`` without leading and trailing non-alphanumerics."""
    if folded[:1].isalnum() and folded[-1:].isalnum():
        return folded
    return _EDGE_RE.sub("", folded)


def tolerance_window(amount, settings):
    """Absolute ``(low, high)`` amounts a candidate must fall in to match ``amount``.

    BC's ``GetAmountRangeForTolerance``, on absolute values: computing on
    ``abs(amount)`` is the same as swapping the ends for negative amounts, and clamping
    the low end at zero is BC's "never cross zero". Both ends are rounded to the
    currency precision.
    """
    amount, value = abs(amount), abs(Decimal(settings.tolerance_value))
    if settings.tolerance_type == T.TOLERANCE_PERCENTAGE:
        low, high = amount * (1 - value / 100), amount * (1 + value / 100)
    else:
        low, high = amount - value, amount + value
    rounding = settings.rounding
    return (
        max(low, Decimal(0)).quantize(rounding, ROUND_HALF_UP),
        high.quantize(rounding, ROUND_HALF_UP),
    )


def _discount_steps(entry):
    """An entry's discount periods as [(last day's ordinal, absolute amount due)], by
    date."""
    steps = list(entry.discount_steps)
    if entry.residual_with_discount is not None and entry.discount_date:
        steps.append((entry.discount_date, entry.residual_with_discount))
    return sorted((day.toordinal(), abs(amount)) for day, amount in steps)


class _Amounts:
    """Open entries of one sign sorted by the absolute amount that would pay them.

    An entry with early-payment discounts is listed once under its residual and once per
    discount period under the discounted residual; a search keeps the listing valid on
    the line's date, so each entry counts once, at the amount that scores as an amount
    match on that date.
    """

    __slots__ = ("keys", "items")

    def __init__(self, rows):
        rows.sort(key=itemgetter(0))  # stable: equal amounts stay in entry order
        self.keys = [row[0] for row in rows]
        self.items = [(row[1], row[2]) for row in rows]

    def nearest(self, index, center, low, high, day, limit):
        """Up to ``limit`` entries valid on ``day`` with an amount in [low, high] (high
        None: unbounded), closest to ``center`` first; and whether the search saw them
        all."""
        keys, items = self.keys, self.items
        left_stop = bisect_left(keys, low)
        right_stop = len(keys) if high is None else bisect_right(keys, high)
        right = min(max(bisect_left(keys, center), left_stop), right_stop)
        left = right - 1
        found, visits = [], 0
        while len(found) < limit and visits < MAX_SCAN:
            if left >= left_stop and (
                right >= right_stop or center - keys[left] <= keys[right] - center
            ):
                k, left = left, left - 1
            elif right < right_stop:
                k, right = right, right + 1
            else:
                break
            visits += 1
            pos, step = items[k]
            if index.date_ord[pos] <= day and step == index.step_on(pos, day):
                found.append(pos)
        return found, not (left >= left_stop or right < right_stop)


class Index:
    """Everything the engine looks up, built once per statement (and reusable across
    calls on the same entries and partners, e.g. by the manual-application wizard)."""

    def __init__(self, entries, partners):
        self.entries = list(entries)
        self.partners = {p.id: p for p in partners}
        self.names = NameIndex(partners)
        self.by_partner = defaultdict(list)  # partner id -> entry positions
        # reference without separators -> code, or list of codes, where a code is the
        # entry position * 4 + the index of the field in _FIELDS (plain ints: 300,000
        # small lists would cost more to build than everything else in the index)
        self.refs = {}
        self.accounts = defaultdict(
            dict
        )  # account or BBAN -> {partner id: account as stored}
        entries = self.entries
        self.date_ord = [e.date.toordinal() for e in entries]
        self.due_ord = [(e.due_date or e.date).toordinal() for e in entries]
        self.abs_res = [abs(e.residual) for e in entries]
        # Per entry, its discount periods as [(last day's ordinal, absolute amount
        # due)].
        self.steps = [_discount_steps(entry) for entry in entries]
        live = [pos for pos, residual in enumerate(self.abs_res) if residual]
        for pos in live:
            self.by_partner[entries[pos].partner_id].append(pos)
        refs = self.refs
        for number, field in enumerate(
            _FIELDS
        ):  # column by column: far fewer Python steps
            values = [(pos, getattr(entries[pos], field)) for pos in live]
            for pos, value in values:
                if value:
                    key = _strip_separators(value.casefold())
                    if len(key) >= MIN_REF_LEN:
                        code, known = pos * 4 + number, refs.get(key)
                        if known is None:
                            refs[key] = code
                        elif known.__class__ is int:
                            refs[key] = [known, code]
                        else:
                            known.append(code)
        for key, codes in list(refs.items()):
            if codes.__class__ is list and len(codes) > MAX_REF_FANOUT:
                del refs[key]
        self.max_ref_len = max(map(len, refs), default=0)
        for partner in partners:
            for account in partner.bank_accounts:
                account = sanitize_account_number(account)
                if account:
                    self.accounts[account].setdefault(partner.id, account)
                    if _IBAN_RE.fullmatch(
                        account
                    ):  # also the domestic BBAN inside an IBAN
                        self.accounts[account[4:]].setdefault(partner.id, account)
        self._account_lengths = sorted(
            {len(a) for a in self.accounts if len(a) >= MIN_ACCOUNT_LEN}
        )
        self._amounts = {}
        self._positions = None
        self._build_amounts(ALL_PARTNERS, live)

    def _build_amounts(self, partner_id, positions):
        """The amount arrays of both signs for ``positions`` (entries with residual)."""
        rows = {1: [], -1: []}
        entries, abs_res, steps = self.entries, self.abs_res, self.steps
        for pos in positions:
            bucket = rows[1 if entries[pos].residual > 0 else -1]
            bucket.append((abs_res[pos], pos, -1))
            for number, (_last, amount) in enumerate(steps[pos]):
                bucket.append((amount, pos, number))
        for sign, bucket in rows.items():
            self._amounts[partner_id, sign] = _Amounts(bucket)

    def references(self, key):
        """[(entry position, field, the field's value casefolded and trimmed)] for a
        reference written without separators."""
        found, codes = [], self.refs.get(key, ())
        for code in (codes,) if codes.__class__ is int else codes:
            pos, field = divmod(code, 4)
            field = _FIELDS[field]
            found.append(
                (pos, field, _trim(getattr(self.entries[pos], field).casefold()))
            )
        return found

    def amounts(self, partner_id, sign):
        """The amount array of one partner (built on first use), or of all entries."""
        if (partner_id, sign) not in self._amounts:
            self._build_amounts(partner_id, self.by_partner.get(partner_id, ()))
        return self._amounts[partner_id, sign]

    def eligible(self, pos, sign, day):
        """BC's hard pre-filters: same sign, not dated after the line, something left
        open."""
        residual = self.entries[pos].residual
        return (
            bool(residual)
            and (residual > 0) == (sign > 0)
            and self.date_ord[pos] <= day
        )

    def effective(self, pos, day):
        """The absolute amount that pays the entry in full on ``day``: discounted while
        the early-payment discount runs (BC: the discounted payment scores as an amount
        match)."""
        step = self.step_on(pos, day)
        return self.abs_res[pos] if step < 0 else self.steps[pos][step][1]

    def step_on(self, pos, day):
        """The discount period in force on ``day`` (its index), or -1 when none is."""
        for number, (last, _amount) in enumerate(self.steps[pos]):
            if day <= last:
                return number
        return -1

    def partners_by_account(self, account):
        """{partner id: account as stored} for an account equal to, or containing, one
        of a partner's accounts (IBAN or the BBAN inside it)."""
        found = {}
        for key in (
            (account, account[4:]) if _IBAN_RE.fullmatch(account) else (account,)
        ):
            for pid, stored in self.accounts.get(key, {}).items():
                found.setdefault(pid, stored)
        if not found:
            for size in self._account_lengths:
                if size >= len(account):
                    break
                for start in range(len(account) - size + 1):
                    for pid, stored in self.accounts.get(
                        account[start : start + size], {}
                    ).items():
                        found.setdefault(pid, stored)
        return found

    def payment_references(self, reference, refs_module):
        """Entries whose payment reference is ``reference``, both compared normalised
        (found through the reference index, which holds them without separators)."""
        wanted = _normalize_ref(reference, refs_module)
        key = _NON_WORD_RE.sub("", wanted.casefold())
        return [
            pos
            for pos, field, _exact in self.references(key)
            if field == "payment_reference"
            and _normalize_ref(self.entries[pos].payment_reference, refs_module)
            == wanted
        ]

    def position(self, entry_id):
        """The position of the entry with id ``entry_id``, or None."""
        if self._positions is None:
            self._positions = {entry.id: pos for pos, entry in enumerate(self.entries)}
        return self._positions.get(entry_id)

    def partner_name(self, partner_id):
        partner = self.partners.get(partner_id)
        return partner.name if partner else str(partner_id)

    def label(self, pos):
        entry = self.entries[pos]
        return entry.document_number or entry.payment_reference or str(entry.id)


def build_index(entries, partners):
    """Build the lookup structures once, to pass as ``index=`` to several calls."""
    return Index(entries, partners)


def _normalize_ref(text, refs_module):
    if text.isalnum():  # the common case, already canonical but for the case
        return text.upper()
    if refs_module is not None:
        return refs_module.normalize(text)
    return _NON_WORD_RE.sub("", text).upper()


class _RuleTable:
    """The winning rule of every outcome combination, computed once from the rules."""

    def __init__(self, rules):
        self.best = {}
        for kind in (T.KIND_DOCUMENT, T.KIND_PAYMENT):
            for party in (T.PARTY_FULLY, T.PARTY_PARTIALLY, T.PARTY_NO):
                for doc in (T.DOC_YES, T.DOC_YES_MULTIPLE, T.DOC_NO):
                    for amount in (T.AMOUNT_ONE, T.AMOUNT_MULTIPLE, T.AMOUNT_NONE):
                        outcomes = (kind, party, doc, amount)
                        self.best[outcomes] = self._best(rules, outcomes)

    @staticmethod
    def _best(rules, outcomes):
        best = None
        for rule in rules:
            if rule.confidence == T.CONFIDENCE_NONE:
                continue  # BC: a None rule scores 0, the same as no rule
            wanted = (
                rule.candidate_kind,
                rule.related_party,
                rule.doc_match,
                rule.amount_match,
            )
            fits = all(
                w in (T.NOT_CONSIDERED, got)
                for w, got in zip(wanted, outcomes, strict=True)
            )
            if fits and (best is None or rule.score > best.score):
                best = rule
        return best


class _Mapping:
    """A text mapping, ready to test (regexes compiled once)."""

    def __init__(self, mapping):
        self.mapping = mapping
        self.text = (mapping.text or "").strip()
        self.score = T.TEXT_MAPPING_SCORE + len(self.text)
        self.pattern = None
        if mapping.is_regex:
            try:
                self.pattern = patterns.compile_pattern(self.text)
            except MessageError:
                self.text = ""  # a refused pattern never matches (the form checks it)
        else:
            self.text = self.text.casefold()

    def find(self, line, haystacks):
        """The text in which the mapping matched, or None."""
        if not self.text:
            return None
        amount, mapping = abs(line.amount), self.mapping
        if mapping.sign == ("positive" if line.amount < 0 else "negative"):
            return None
        if (mapping.min_amount is not None and amount < mapping.min_amount) or (
            mapping.max_amount is not None and amount > mapping.max_amount
        ):
            return None
        for text, folded in haystacks:
            if (
                patterns.search(self.pattern, text)
                if self.pattern
                else self.text in folded
            ):
                return text
        return None


class _Candidate:
    """One way to settle a line: one entry, a group of entries, or a text mapping."""

    __slots__ = (
        "line",
        "entries",
        "amount",
        "party",
        "doc",
        "amount_match",
        "rule",
        "mapping",
        "where",
        "score",
        "sort_key",
    )

    def __init__(
        self,
        line,
        entries,
        amount,
        party,
        doc,
        amount_match,
        rule,
        mapping=None,
        where="",
    ):
        self.line, self.entries, self.amount = line, entries, amount
        self.party, self.doc, self.amount_match = party, doc, amount_match
        self.rule, self.mapping, self.where = rule, mapping, where
        if mapping is not None:
            band, score = _BAND_TEXT_MAPPING, mapping.score
        elif rule is not None:
            band, score = 2 * T.CONFIDENCE_INDEX[rule.confidence], rule.score
        else:
            band, score = 0, 0
        self.score = score
        index = line.index
        self.sort_key = (
            -band,
            -score,
            -len(entries),
            abs(line.abs - amount) if entries else Decimal(0),
            index.due_ord[entries[0]] if entries else 0,
            line.pos,
            entries[0] if entries else -1,
        )

    @property
    def confidence(self):
        if self.mapping:
            return T.CONFIDENCE_TEXT_MAPPING
        return self.rule.confidence if self.rule else T.CONFIDENCE_NONE

    def target(self, index):
        return " + ".join(index.label(pos) for pos in self.entries)


class _Line:
    """What the engine worked out about one statement line, and its candidates."""

    def __init__(self, pos, line, index, settings):
        self.pos, self.line, self.index, self.settings = pos, line, index, settings
        self.sign = 1 if line.amount > 0 else -1
        self.abs = abs(line.amount)
        self.day = line.date.toordinal()
        self.low, self.high = tolerance_window(line.amount, settings)
        self.parties = {}  # partner id -> (outcome, evidence)
        self.hits = {}  # entry position -> (field, where, how)
        self.n_window, self.window_complete = 0, True
        self.candidates = []
        self.mapping_candidates = []

    def in_window(self, amount):
        return self.low <= amount <= self.high

    def amount_outcome(self, amount):
        if not self.in_window(amount):
            return T.AMOUNT_NONE
        return T.AMOUNT_ONE if self.n_window == 1 else T.AMOUNT_MULTIPLE


# --- per line: signals and candidates
# -------------------------------------------------------


def _related_parties(line, index, settings):
    """{partner id: (outcome, evidence)} for the partners the line identifies."""
    if line.partner_id is not None:
        return {line.partner_id: (T.PARTY_FULLY, evidence(C.PARTY_SET_ON_LINE))}
    account = sanitize_account_number(line.account_number)
    if account:
        found = index.partners_by_account(account)
        if found:
            return {
                pid: (
                    T.PARTY_FULLY,
                    evidence(
                        C.PARTY_BANK_ACCOUNT,
                        account=account,
                        partner=index.partner_name(pid),
                    )
                    if stored == account
                    else evidence(
                        C.PARTY_BANK_ACCOUNT_WITHIN,
                        account=account,
                        stored=stored,
                        partner=index.partner_name(pid),
                    ),
                )
                for pid, stored in found.items()
            }
    if settings.name_matching == T.NAME_MATCHING_OFF:
        return {}
    query = line.partner_name or " ".join(t for t in line.texts if t)
    if not query.strip():
        return {}
    hits, unique = index.names.match(
        query, settings.name_matching, settings.name_similarity_threshold
    )
    source = (
        evidence(C.PARTY_SOURCE_COUNTERPARTY, name=_short(line.partner_name, 50))
        if line.partner_name
        else evidence(C.PARTY_SOURCE_TEXT)
    )
    exact = settings.name_matching == T.NAME_MATCHING_EXACT_PERMUTATIONS
    threshold = _percent(settings.name_similarity_threshold)
    result = {}
    for rank, (pid, score) in enumerate(hits):
        name = index.partner_name(pid)
        head = (
            evidence(C.PARTY_NAME_CONTAINED, source=source, name=name)
            if exact
            else evidence(
                C.PARTY_NAME_SIMILAR,
                source=source,
                similarity=_percent(round(score)),
                name=name,
                threshold=threshold,
            )
        )
        if not line.partner_name and " " not in index.names.names[pid]:
            # A one-word name found in free text ("Service AS" in "payment for service")
            # is too weak to identify the payer on its own.
            result[pid] = (
                T.PARTY_PARTIALLY,
                evidence(C.PARTY_ONE_WORD_IN_TEXT, head=head),
            )
        elif unique and rank == 0:
            code = C.PARTY_UNIQUE_CLOSEST if len(hits) > 1 else C.PARTY_UNIQUE
            result[pid] = (T.PARTY_FULLY, evidence(code, head=head))
        elif len(hits) > 1 and not unique:
            result[pid] = (
                T.PARTY_PARTIALLY,
                evidence(C.PARTY_SEVERAL_MATCH, head=head, count=len(hits)),
            )
        elif not unique:
            result[pid] = (T.PARTY_PARTIALLY, evidence(C.PARTY_NOT_UNIQUE, head=head))
        else:
            result[pid] = (
                T.PARTY_PARTIALLY,
                evidence(
                    C.PARTY_OTHER_CLOSER,
                    head=head,
                    closer=index.partner_name(hits[0][0]),
                ),
            )
    return result


def _document_hits(line, index, sign, day, refs_module):
    """{entry position: (field, where, how)}: entries whose reference the line carries.

    Document numbers and references are looked up as whole words of the texts: each text
    is cut into maximal alphanumeric runs, and every run of consecutive words (up to the
    longest known reference) is glued without its separators and looked up in one dict.
    So "INV/2026/00001", "inv 2026/00001" and "INV202600001" all find INV/2026/00001,
    while "INV1001" never matches inside "INV10012" (the neighbours of a word are never
    alphanumeric). A glued match that did not keep the exact separators must be at least
    MIN_JOINED_REF_LEN long.
    """
    hits = {}

    def add(pos, field, where, how):
        if pos not in hits and index.eligible(pos, sign, day):
            hits[pos] = (field, where, how)

    if line.structured_reference:
        how = _structured_how(line, refs_module)
        for pos in index.payment_references(line.structured_reference, refs_module):
            add(pos, "payment_reference", line.structured_reference, how)
    texts = [t for t in line.texts if t]
    if refs_module is not None:
        for text in texts:
            for ref, kind in refs_module.find_references(text):
                for pos in index.payment_references(ref, refs_module):
                    add(pos, "payment_reference", text, kind)
    max_len, refs = index.max_ref_len, index.refs
    for text in texts:
        folded = text.casefold()
        spans = [(m.start(), m.end()) for m in _PIECE_RE.finditer(folded)]
        for first, (start, _end) in enumerate(spans):
            glued = ""
            for last in range(first, len(spans)):
                piece_start, piece_end = spans[last]
                glued += folded[piece_start:piece_end]
                if len(glued) > max_len or last - first >= MAX_GLUED_WORDS:
                    break
                if glued not in refs:
                    continue
                for pos, field, exact in index.references(glued):
                    same = folded[start:piece_end] == exact
                    if same or last == first or len(glued) >= MIN_JOINED_REF_LEN:
                        add(pos, field, text, "exact" if same else "stripped")
    return hits


def _structured_how(line, refs_module):
    """``structured_kid`` for the file's structured reference when the file calls it a
    KID (a Nets OCR giro payment) and its check digit holds, else ``structured``."""
    kind = _STRUCTURED_KINDS.get(line.structured_reference_type.casefold())
    if kind and refs_module and refs_module.is_valid(line.structured_reference, kind):
        return "structured_" + kind
    return "structured"


def _add_criterion_hits(line, index, sign, day, finders, hits):
    """Entries the extra criteria find for ``line`` count as referenced by it, with the
    criterion's evidence (a reference found in the texts explains itself first)."""
    for finder in finders:
        for entry_id, message in finder(line):
            found = index.position(entry_id)
            if found is None or found in hits or not index.eligible(found, sign, day):
                continue
            hits[found] = (None, message, "criterion")


def _examine(
    pos,
    line,
    index,
    table,
    settings,
    mappings,
    refs_module,
    breadth=AMOUNT_ONLY_BREADTH,
    keep_unmatched=False,
    finders=(),
):
    """Work out the signals of one line and return it with its rated candidates."""
    ctx = _Line(pos, line, index, settings)
    if not line.amount:
        return ctx
    sign, day = ctx.sign, ctx.day
    if mappings:
        haystacks = [(t, t.casefold()) for t in (*line.texts, line.partner_name) if t]
        for mapping in mappings:
            where = mapping.find(line, haystacks)
            if where is not None:
                ctx.mapping_candidates.append(
                    _Candidate(
                        ctx, (), Decimal(0), None, None, None, None, mapping, where
                    )
                )
    ctx.parties = parties = _related_parties(line, index, settings)
    ctx.hits = hits = _document_hits(line, index, sign, day, refs_module)
    _add_criterion_hits(line, index, sign, day, finders, hits)
    by_partner = defaultdict(list)  # documents and payments are grouped apart
    for entry_pos in hits:
        entry = index.entries[entry_pos]
        by_partner[entry.partner_id, entry.kind].append(entry_pos)
    groups = [
        # The settlement's order (D365 V7): oldest document first, on equal dates the
        # one with the larger discount on the line's date, then the earlier due date.
        tuple(
            sorted(
                members,
                key=lambda p: (
                    index.date_ord[p],
                    index.effective(p, day) - index.abs_res[p],
                    index.due_ord[p],
                    p,
                ),
            )
        )
        for members in by_partner.values()
        if len(members) > 1
    ]

    # The amount window is counted among the entries the line could go to: those of the
    # identified partners (BC counts over the whole ledger, which makes "One" rare).
    window = {p for p in hits if ctx.in_window(index.effective(p, day))}
    partner_window, outside, amount_only = {}, [], []
    if parties:
        per_partner = max(PARTNER_OUTSIDE_BREADTH, breadth)
        for pid in parties:
            amounts = index.amounts(pid, sign)
            found, complete = amounts.nearest(
                index,
                ctx.abs,
                ctx.low,
                ctx.high,
                day,
                max(PARTNER_WINDOW_LIMIT, breadth),
            )
            partner_window[pid] = found
            window.update(found)
            ctx.window_complete &= complete
            nearest, _ = amounts.nearest(
                index, ctx.abs, Decimal(0), None, day, len(found) + per_partner
            )
            outside += [p for p in nearest if p not in window][:per_partner]
    else:
        amount_only, ctx.window_complete = index.amounts(ALL_PARTNERS, sign).nearest(
            index, ctx.abs, ctx.low, ctx.high, day, breadth
        )
        window.update(amount_only)
        if keep_unmatched:
            # The manual dialog lists the closest amounts too, as Business Central lists
            # every open entry: an anonymous short payment still finds its invoice
            # there.
            nearest, _ = index.amounts(ALL_PARTNERS, sign).nearest(
                index, ctx.abs, Decimal(0), None, day, len(amount_only) + breadth
            )
            outside += [p for p in nearest if p not in window][:breadth]
    totals = {group: sum(index.effective(p, day) for p in group) for group in groups}
    ctx.n_window = len(window) + sum(
        1 for total in totals.values() if ctx.in_window(total)
    )

    immediate = settings.enable_apply_immediately and not keep_unmatched

    def rate(entries, amount, doc):
        first = index.entries[entries[0]]
        party = parties.get(first.partner_id, (T.PARTY_NO, ""))[0]
        outcome = ctx.amount_outcome(amount)
        rule = table.best[first.kind, party, doc, outcome]
        if rule is not None or keep_unmatched:
            ctx.candidates.append(
                _Candidate(ctx, entries, amount, party, doc, outcome, rule)
            )
        return rule is not None and rule.apply_immediately and immediate

    seen = set()
    plan = [((p,), T.DOC_YES) for p in sorted(hits)] + [
        (g, T.DOC_YES_MULTIPLE) for g in groups
    ]
    plan += [((p,), T.DOC_NO) for pid in parties for p in partner_window[pid]]
    plan += [((p,), T.DOC_NO) for p in outside + amount_only]
    for entries, doc in plan:
        if doc == T.DOC_NO and (entries[0] in hits or entries[0] in seen):
            continue
        seen.add(entries[0])
        amount = (
            totals[entries]
            if doc == T.DOC_YES_MULTIPLE
            else index.effective(entries[0], day)
        )
        if rate(entries, amount, doc):
            break  # BC's Apply Immediately: nothing can beat this candidate by much
    return ctx


# --- explanations
# ---------------------------------------------------------------------------


def _amount(amount, settings):
    """An amount in the line's currency at its precision (rendered with its symbol)."""
    return Amount(amount.quantize(settings.rounding, ROUND_HALF_UP))


def _percent(value):
    """A similarity or threshold as a percentage: 90 for 90.0, 87.5 for 87.5."""
    number = money.exact(value)
    return Percent(
        number.quantize(Decimal(1)) if number == number.to_integral() else number
    )


def _doc_evidence(ctx, pos):
    """What referenced the entry; for a registered payment, which payment too."""
    entry = ctx.index.entries[pos]
    found = _reference_evidence(ctx, pos)
    if entry.kind == T.KIND_PAYMENT:
        return evidence(
            C.DOC_REGISTERED_PAYMENT,
            payment=entry.document_number or str(entry.id),
            evidence=found,
        )
    return found


def _reference_evidence(ctx, pos):
    entry = ctx.index.entries[pos]
    field, where, how = ctx.hits[pos]
    if field is None:  # found by an extra criterion: it explains itself
        return where
    labels = _PAYMENT_FIELD_LABELS if entry.kind == T.KIND_PAYMENT else _FIELD_LABELS
    params = {
        "field": evidence(labels[field]),
        "value": getattr(entry, field),
    }
    if how == "structured":
        return evidence(C.DOC_STRUCTURED, reference=where, **params)
    if how == "structured_kid":
        return evidence(C.DOC_STRUCTURED_KID, reference=where, **params)
    if how == "exact":
        return evidence(C.DOC_EXACT, where=_short(where), **params)
    if how == "stripped":
        return evidence(C.DOC_STRIPPED, where=_short(where), **params)
    return evidence(C.DOC_CHECK_DIGIT, kind=how.upper(), where=_short(where), **params)


def _sentences(messages):
    """Several sentences as one message, read one after the other."""
    joined = messages[-1]
    for message in reversed(messages[:-1]):
        joined = evidence(C.DOC_SENTENCES, first=message, rest=joined)
    return joined


def _party_evidence(ctx, pid):
    index = ctx.index
    if pid in ctx.parties:
        return ctx.parties[pid][1]
    if ctx.parties:
        return evidence(
            C.PARTY_OTHER_IDENTIFIED,
            names=tuple(index.partner_name(p) for p in ctx.parties),
            partner=index.partner_name(pid),
        )
    return evidence(C.PARTY_NONE_IDENTIFIED, partner=index.partner_name(pid))


def _amount_evidence(ctx, cand):
    index, settings, day = ctx.index, ctx.settings, ctx.day
    amount = _amount(cand.amount, settings)
    payment = index.entries[cand.entries[0]].kind == T.KIND_PAYMENT
    if len(cand.entries) > 1:
        what = evidence(
            C.AMOUNT_PAYMENTS_TOTAL if payment else C.AMOUNT_TOTAL,
            amount=amount,
            count=len(cand.entries),
        )
    elif payment:
        what = evidence(C.AMOUNT_PAYMENT, amount=amount)
    elif index.step_on(cand.entries[0], day) >= 0:
        last = index.steps[cand.entries[0]][index.step_on(cand.entries[0], day)][0]
        what = evidence(
            C.AMOUNT_DISCOUNTED, amount=amount, until=date.fromordinal(last)
        )
    else:
        what = evidence(C.AMOUNT_OPEN, amount=amount)
    count = (
        ctx.n_window
        if ctx.window_complete
        else evidence(C.AMOUNT_AT_LEAST, count=ctx.n_window)
    )
    if not ctx.parties:
        scope = C.SCOPE_LEDGER
    else:
        scope = C.SCOPE_PARTNERS if len(ctx.parties) > 1 else C.SCOPE_PARTNER
    return evidence(
        C.AMOUNT_OUTSIDE if cand.amount_match == T.AMOUNT_NONE else C.AMOUNT_INSIDE,
        what=what,
        low=_amount(ctx.low, settings),
        high=_amount(ctx.high, settings),
        line_amount=_amount(ctx.abs, settings),
        count=count,
        scope=evidence(scope),
    )


def _criteria(ctx, cand):
    """The criteria of a candidate with the evidence that justifies them."""
    index = ctx.index
    if cand.mapping:
        return [
            T.Criterion(
                "text_mapping",
                T.DOC_YES,
                evidence(
                    C.DOC_TEXT_MAPPING,
                    text=cand.mapping.mapping.text,
                    where=_short(cand.where),
                ),
            )
        ]
    first = index.entries[cand.entries[0]]
    pid = first.partner_id
    payment = first.kind == T.KIND_PAYMENT
    if cand.doc == T.DOC_YES_MULTIPLE and payment:
        doc = evidence(
            C.DOC_SEVERAL_PAYMENTS,
            count=len(cand.entries),
            partner=index.partner_name(pid),
            payments=_sentences([_doc_evidence(ctx, p) for p in cand.entries]),
        )
    elif cand.doc == T.DOC_YES_MULTIPLE:
        doc = evidence(
            C.DOC_SEVERAL,
            count=len(cand.entries),
            partner=index.partner_name(pid),
            documents=_sentences([_doc_evidence(ctx, p) for p in cand.entries]),
        )
    elif cand.doc == T.DOC_YES:
        doc = _doc_evidence(ctx, cand.entries[0])
    elif payment:
        doc = evidence(
            C.DOC_PAYMENT_NONE, payment=first.document_number or str(first.id)
        )
    else:
        doc = evidence(C.DOC_NONE)
    return [
        T.Criterion("related_party", cand.party, _party_evidence(ctx, pid)),
        T.Criterion("doc_match", cand.doc, doc),
        T.Criterion("amount_match", cand.amount_match, _amount_evidence(ctx, cand)),
    ]


# --- assignment
# -----------------------------------------------------------------------------


class _Ledger:
    """Residuals still open during the walk, and who took them at what score."""

    def __init__(self, index):
        self.index = index
        self.remaining = {}  # entry position -> absolute amount still open
        self.takers = defaultdict(list)  # entry position -> [(line context, score)]

    def open_amount(self, pos):
        return self.remaining.get(pos, self.index.abs_res[pos])

    def allocate(self, cand):
        """[(entry position, absolute amount to apply, absolute amount still open)] for
        a candidate, without applying it.

        A group is filled in settlement order (oldest document first, on equal dates the
        larger discount first), each entry up to what pays it in full on the line's date
        (discounted while the discount runs), and whatever the line still has then tops
        entries up to their residual.
        """
        index, ctx = self.index, cand.line
        left, plan = ctx.abs, []
        for pos in cand.entries:
            open_amount = self.open_amount(pos)
            untouched = pos not in self.remaining
            target = index.effective(pos, ctx.day) if untouched else open_amount
            take = min(left, target, open_amount)
            plan.append([pos, take, open_amount])
            left -= take
        for item in plan:
            extra = min(left, item[2] - item[1])
            item[1] += extra
            left -= extra
        return [(pos, take, open_amount) for pos, take, open_amount in plan]

    def commit(self, ctx, score, plan):
        index = self.index
        for pos, take, open_amount in plan:
            if not take:
                continue
            untouched = pos not in self.remaining
            step = index.step_on(pos, ctx.day)
            discounted = untouched and step >= 0 and take >= index.steps[pos][step][1]
            self.remaining[pos] = Decimal(0) if discounted else open_amount - take
            self.takers[pos].append((ctx, score))


def _assign(contexts, index):
    """BC's ``CreateAppliedEntries`` over the whole statement: best candidates first."""
    candidates = [
        c for ctx in contexts for c in (*ctx.candidates, *ctx.mapping_candidates)
    ]
    candidates.sort(key=lambda c: c.sort_key)
    ledger = _Ledger(index)
    decided = {}  # line position -> (candidate, plan)
    notes = defaultdict(list)
    review = set()

    def note(ctx, text):
        if text not in notes[ctx.pos]:
            notes[ctx.pos].append(text)

    for cand in candidates:
        ctx = cand.line
        if ctx.pos in decided:
            continue
        if cand.mapping:
            decided[ctx.pos] = (cand, [])
            continue
        plan = ledger.allocate(cand)
        score = cand.score
        for pos, _take, open_amount in plan:
            if open_amount < min(
                ctx.abs, index.abs_res[pos]
            ):  # another line took what we need
                for other in [
                    o for o, s in ledger.takers[pos] if s == score and o is not ctx
                ]:
                    note(
                        other,
                        evidence(
                            C.NOTE_SAME_ENTRY_OTHER_LINE,
                            line=str(ctx.line.id),
                            entry=index.label(pos),
                        ),
                    )
                    note(
                        ctx,
                        evidence(
                            C.NOTE_ENTRY_TAKEN_SAME_CONFIDENCE,
                            entry=index.label(pos),
                            line=str(other.line.id),
                        ),
                    )
                    review.update((ctx.pos, other.pos))
        if not any(take for _pos, take, _open in plan):
            continue
        ledger.commit(ctx, score, plan)
        decided[ctx.pos] = (cand, plan)
        for pos, take, open_amount in plan:
            label = index.label(pos)
            if not take:
                note(
                    ctx,
                    evidence(
                        C.NOTE_NOT_APPLIED_INSUFFICIENT
                        if open_amount
                        else C.NOTE_NOT_APPLIED_TAKEN,
                        entry=label,
                    ),
                )
            elif open_amount < min(ctx.abs, index.abs_res[pos]):
                note(
                    ctx,
                    evidence(
                        C.NOTE_PARTLY_TAKEN,
                        amount=_amount(open_amount, ctx.settings),
                        entry=label,
                    ),
                )

    return [
        _proposal(ctx, decided.get(ctx.pos), notes[ctx.pos], ctx.pos in review)
        for ctx in contexts
    ]


def _proposal(ctx, decision, notes, contested):
    """Turn a line's decision into the Proposal the Odoo layer writes."""
    index, line = ctx.index, ctx.line
    proposal = T.Proposal(line_id=line.id, notes=list(notes))
    if not line.amount:
        proposal.notes.append(evidence(C.NOTE_ZERO_AMOUNT))
        return proposal
    if decision is None:
        fully = [
            pid
            for pid, (outcome, _e) in ctx.parties.items()
            if outcome == T.PARTY_FULLY
        ]
        proposal.partner_id = (
            line.partner_id
            if line.partner_id is not None
            else (fully[0] if len(fully) == 1 else None)
        )
        proposal.criteria = [
            T.Criterion("related_party", outcome, evidence)
            for outcome, evidence in ctx.parties.values()
        ][:1]
        proposal.notes.append(
            evidence(C.NOTE_ALL_TAKEN if ctx.candidates else C.NOTE_NO_MATCH)
        )
        return proposal
    cand, plan = decision
    proposal.confidence, proposal.score = cand.confidence, cand.score
    proposal.criteria = _criteria(ctx, cand)
    if cand.mapping:
        mapping = cand.mapping.mapping
        proposal.text_mapping_id = mapping.id
        proposal.partner_id = (
            line.partner_id if mapping.partner_id is None else mapping.partner_id
        )
        proposal.review_required = contested
        same = [
            c for c in ctx.mapping_candidates if c is not cand and c.score == cand.score
        ]
        if same:
            proposal.review_required = True
            proposal.notes.append(evidence(C.NOTE_MAPPINGS_TIED, count=len(same) + 1))
        return proposal
    rule = cand.rule
    proposal.rule_id = rule.id
    proposal.partner_id = index.entries[cand.entries[0]].partner_id
    proposal.applications = [
        T.Application(index.entries[pos].id, take * ctx.sign)
        for pos, take, _open in plan
        if take
    ]
    proposal.review_required = rule.review_required or contested
    same = [
        c
        for c in ctx.candidates
        if c is not cand and c.score == cand.score and c.entries != cand.entries
    ]
    count = len(same) + 1
    if cand.doc == T.DOC_NO and cand.amount_match == T.AMOUNT_MULTIPLE:
        count = max(count, ctx.n_window)
    if count > 1:
        shown = (cand.target(index), *(c.target(index) for c in same[:4]))
        proposal.notes.append(
            evidence(
                C.NOTE_ENTRIES_TIED_MORE,
                count=count,
                entries=shown,
                more=count - len(shown),
            )
            if count > len(shown)
            else evidence(C.NOTE_ENTRIES_TIED, count=count, entries=shown)
        )
        proposal.review_required = True
    if ctx.mapping_candidates:
        proposal.notes.append(
            evidence(
                C.NOTE_MAPPINGS_OVERRIDDEN,
                count=len(ctx.mapping_candidates),
                confidence=evidence(_CONFIDENCE_LABELS[cand.confidence]),
            )
        )
    return proposal


# --- public API
# -----------------------------------------------------------------------------


def apply_statement(
    lines,
    entries,
    partners,
    rules,
    settings,
    text_mappings=(),
    index=None,
    criteria=(),
):
    """Propose how to apply every statement line: one :class:`~.types.Proposal` per
    line, in the order of ``lines``.

    ``entries`` are the open items a line may pay (their ``residual`` already reduced by
    applications pending elsewhere). ``index`` may be an :func:`build_index` result for
    the same entries and partners, to build the lookups once for several calls.

    ``criteria`` are further ways for a line to reference an open entry, beside the
    references in its texts (e.g. a direct-debit mandate shared by the line and the
    invoice). Each is a function of the entries, called once per call, that returns a
    finder; ``finder(line)`` gives ``[(entry id, evidence Message)]``: those entries
    count as referenced by the line (document match Yes) with that evidence. Data the
    criterion needs travels in the ``extra`` mapping of the lines and entries.
    """
    index = index if index is not None else Index(entries, partners)
    table = _RuleTable(rules)
    mappings = [_Mapping(m) for m in text_mappings]
    refs_module = _references()
    finders = [criterion(index.entries) for criterion in criteria]
    contexts = [
        _examine(
            pos, line, index, table, settings, mappings, refs_module, finders=finders
        )
        for pos, line in enumerate(lines)
    ]
    return _assign(contexts, index)


def rank_candidates(
    line, entries, partners, rules, settings, limit=50, index=None, criteria=()
):
    """All candidate open entries of one line, best first, for the manual-application
    page: ``[(entry, score, confidence, rule_id, criteria)]``. Entries that fit no rule
    come last with score 0 and confidence "none"; no entry is reserved by other lines
    here. ``criteria`` as for :func:`apply_statement`."""
    index = index if index is not None else Index(entries, partners)
    ctx = _examine(
        0,
        line,
        index,
        _RuleTable(rules),
        settings,
        (),
        _references(),
        breadth=limit,
        keep_unmatched=True,
        finders=[criterion(index.entries) for criterion in criteria],
    )
    singles = sorted(
        (c for c in ctx.candidates if len(c.entries) == 1), key=lambda c: c.sort_key
    )
    return [
        (
            index.entries[c.entries[0]],
            c.score,
            c.confidence,
            c.rule.id if c.rule else None,
            _criteria(ctx, c),
        )
        for c in singles[:limit]
    ]
