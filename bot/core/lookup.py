"""Finding officials, bills and events from what a person types: loose, ranked, never silent.

"tokaev", "Ashimbaev", "Токаев", "water", "mass media" all find their match. A query either
resolves to one item, to a short list of close choices, or to nothing with the nearest suggestions.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, Literal, TypeVar

from rapidfuzz import fuzz, process

from bot.core import gazetteer as gz
from bot.core import matching
from bot.core.extraction.titles import canonical_title
from bot.core.follows import STOP_WORDS
from bot.core.indexes import Indexes
from bot.core.models import Bill, Event, Official, Position
from bot.core.parliament import abolished_on
from bot.core.text import fold

T = TypeVar("T")

CONFIDENT = 88.0  # at or above: a match worth showing as the answer
CLOSE = 6.0  # choices within this many points of the best are all offered
SUGGEST = 55.0  # below: not worth suggesting at all


@dataclass(frozen=True)
class Ranked(Generic[T]):
    item: T
    score: float


@dataclass(frozen=True)
class Resolution(Generic[T]):
    """``found`` (one item), ``choices`` (ambiguous) or ``none`` (with ``suggestions``)."""

    kind: Literal["found", "choices", "none"]
    items: tuple[T, ...]


def score_forms(query: str, forms: Iterable[str]) -> float:
    """How well a folded query matches the best of an item's folded names."""
    best = 0.0
    for form in forms:
        if not form:
            continue
        if query == form:
            return 100.0
        score = fuzz.ratio(query, form)
        tokens = form.split()
        if len(query) >= 3:
            # "water" in "water code", "mass media" in "on mass media"
            if all(any(fuzz.ratio(q, t) >= 85 for t in tokens) for q in query.split()):
                score = max(score, 96.0 - 2 * max(0, len(tokens) - len(query.split())))
            score = max(score, max((fuzz.ratio(query, t) for t in tokens), default=0) - 3)
        best = max(best, score)
    return best


def rank(query: str, items: Sequence[T], forms: Callable[[T], Iterable[str]]) -> list[Ranked[T]]:
    folded = fold(query)
    if not folded:
        return []
    ranked = [Ranked(item, score_forms(folded, (fold(f) for f in forms(item)))) for item in items]
    ranked.sort(key=lambda r: -r.score)
    return ranked


# --------------------------------------------------------------------------- indexes
#
# Ranking every official and bill, and reading every article's text, on each query is what a
# knowledge base of thousands makes slow (rapidfuzz is fast; calling it from a Python loop over
# every name, and folding every text again, is not). The indexes below are derived from a list
# of (immutable) items and kept by the store's ``Indexes`` (``bot.core.indexes``) while the
# caller passes the very same objects: the answers are exactly those of the plain loops, found
# without visiting every item. Without ``indexes`` (a test's lists) they are built for the call.

_fold_name = lru_cache(maxsize=1 << 16)(fold)


class _FormIndex:
    """Every item's folded names, and the words in them (numbered), for ``rank_above``."""

    def __init__(self, items: Sequence[Any], forms: Callable[[Any], Iterable[str]],
                 indexes: Indexes) -> None:
        self.item_forms: list[range] = []  # item -> its names' positions in ``forms``
        self.forms: list[str] = []
        self.form_tokens: list[tuple[int, ...]] = []  # name -> its words' numbers
        self.owner: list[int] = []
        numbers: dict[str, int] = {}
        owners: list[list[int]] = []
        each_folded = indexes.each(("folded forms", forms), items, lambda item: [
            f for f in (_fold_name(str(f)) for f in forms(item)) if f])
        for index, folded in enumerate(each_folded):
            self.item_forms.append(range(len(self.forms), len(self.forms) + len(folded)))
            for form in folded:
                self.forms.append(form)
                self.owner.append(index)
                tokens = []
                for token in form.split():
                    number = numbers.setdefault(token, len(numbers))
                    if number == len(owners):
                        owners.append([])
                    owners[number].append(index)
                    tokens.append(number)
                self.form_tokens.append(tuple(tokens))
        self.tokens = list(numbers)
        self.token_owners = owners


class _QueryScores:
    """``score_forms`` for one query against many items, with every name's and every word's
    ratio to the query (and each word's closeness to each query word) computed once, in C, and
    looked up for every name it is in: the same scores, without a rapidfuzz call per word of
    every name (every bill's title says "law")."""

    def __init__(self, query: str, index: _FormIndex) -> None:
        self.query = query
        self.index = index
        self.words = len(query.split())
        self.long = len(query) >= 3
        self.form_ratio = [0.0] * len(index.forms)
        for _form, score, at in process.extract(query, index.forms, scorer=fuzz.ratio,
                                                limit=None):
            self.form_ratio[at] = score
        self.ratio = [0.0] * len(index.tokens)
        self.close: list[set[int]] = []
        if self.long:
            for _token, score, at in process.extract(query, index.tokens, scorer=fuzz.ratio,
                                                     limit=None):
                self.ratio[at] = score
            self.close = [{at for _token, _score, at in process.extract(
                word, index.tokens, scorer=fuzz.ratio, score_cutoff=85, limit=None)}
                for word in query.split()]

    def score(self, item: int) -> float:
        best = 0.0
        for at in self.index.item_forms[item]:
            if self.index.forms[at] == self.query:
                return 100.0
            score = self.form_ratio[at]
            tokens = self.index.form_tokens[at]
            if self.long and tokens:
                if all(not close.isdisjoint(tokens) for close in self.close):
                    score = max(score, 96.0 - 2 * max(0, len(tokens) - self.words))
                score = max(score, max(map(self.ratio.__getitem__, tokens)) - 3)
            best = max(best, score)
        return best


# A little below each threshold: candidates are a superset, the exact scores decide.
_SLACK = 0.01


def rank_above(query: str, items: Sequence[T], forms: Callable[[T], Iterable[str]],
               floor: float, indexes: Indexes | None = None) -> list[Ranked[T]]:
    """``[r for r in rank(query, items, forms) if r.score >= floor]``, without scoring
    every item.

    A name scores at most the best of: its ratio to the query, a word's ratio to the query
    minus 3, and 96 when every query word is close (ratio >= 85) to one of its words. So only
    items with a name or a word close enough can reach ``floor``; rapidfuzz finds those in C,
    and they alone are scored, as ``score_forms`` scores them.
    """
    folded = fold(query)
    if not folded:
        return []
    indexes = indexes or Indexes()
    index: _FormIndex = indexes.derived(("forms", forms), items,
                                        lambda i: _FormIndex(i, forms, indexes))
    candidates: set[int] = set()
    for _form, _score, at in process.extract(folded, index.forms, scorer=fuzz.ratio,
                                             score_cutoff=floor - _SLACK, limit=None):
        candidates.add(index.owner[at])
    if len(folded) >= 3:
        for _token, _score, at in process.extract(folded, index.tokens, scorer=fuzz.ratio,
                                                  score_cutoff=floor + 3 - _SLACK, limit=None):
            candidates.update(index.token_owners[at])
        first = folded.split()[0]
        for _token, _score, at in process.extract(first, index.tokens, scorer=fuzz.ratio,
                                                  score_cutoff=85 - _SLACK, limit=None):
            candidates.update(index.token_owners[at])
    ranked = []
    scores = _QueryScores(folded, index)
    for at in sorted(candidates):
        score = scores.score(at)
        if score >= floor:
            ranked.append(Ranked(items[at], score))
    ranked.sort(key=lambda r: -r.score)
    return ranked


def resolve(
    query: str, items: Sequence[T], forms: Callable[[T], Iterable[str]], limit: int = 8,
    indexes: Indexes | None = None,
) -> Resolution[T]:
    # Only items scoring SUGGEST or more change the answer: those are ranked, in rank's order.
    ranked = rank_above(query, items, forms, SUGGEST, indexes)
    if not ranked or ranked[0].score < SUGGEST:
        return Resolution("none", ())
    best = ranked[0].score
    close = [r.item for r in ranked if r.score >= best - CLOSE and r.score >= SUGGEST]
    if best >= CONFIDENT and (len(close) == 1 or (best == 100.0 and ranked[1].score < 100.0)):
        return Resolution("found", (ranked[0].item,))
    if best >= CONFIDENT:
        return Resolution("choices", tuple(close[:limit]))
    return Resolution("none", tuple(r.item for r in ranked[:3] if r.score >= SUGGEST))


def official_forms(official: Official) -> list[str]:
    return [official.name, *official.aliases]


def bill_forms(bill: Bill) -> list[str]:
    """A bill's names, and its title with the years it was told of: "/bill amnesty 2016" finds
    the amnesty law of the 25th anniversary of Independence, passed that year."""
    years = sorted({str(s.date.year) for s in (*bill.history, *bill.scheduled) if s.date})
    # Its words without the small ones: a long title is not passed over for its length
    # ("/bill amnesty 2016" against "Law on amnesty on the 25th anniversary of Independence").
    words = [w for w in fold(bill.title).split() if w not in _TITLE_FILLER]
    return [bill.title, bill.display_title, bill.id.replace("-", " "), " ".join(words + years)]


_TITLE_FILLER = frozenset({"on", "the", "of", "and", "law", "laws", "draft", "bill", "for", "to",
                           "in", "a", "an", "with", "between", "republic", "kazakhstan"})


def find_official(query: str, officials: Sequence[Official],
                  indexes: Indexes | None = None) -> Resolution[Official]:
    return resolve(query, officials, official_forms, indexes=indexes)


def find_bill(query: str, bills: Sequence[Bill],
              indexes: Indexes | None = None) -> Resolution[Bill]:
    found = resolve(query, bills, bill_forms, indexes=indexes)
    if found.kind != "found":
        # Every word in one title ("safety of children" in a long "On amendments to certain
        # legislative acts on the safety of children") is that bill, however far the ratio.
        covering = matching.covering(query, bills, bill_forms)
        if len(covering) == 1:
            return Resolution("found", (covering[0],))
    return found


@dataclass(frozen=True)
class SearchHit:
    kind: Literal["official", "bill", "event"]
    id: str
    label: str
    score: float


def search(
    query: str,
    events: Sequence[Event],
    officials: Sequence[Official],
    bills: Sequence[Bill],
    limit: int = 10,
    indexes: Indexes | None = None,
) -> list[SearchHit]:
    """Everything that matches, best first: names and titles fuzzily, offices and positions by
    their words, article text by words.

    Entities and punctuation are not words ("a&amp;b" is "a b"), and neither are one-letter
    words and stop-words, which are in every text: a query of nothing else finds nothing.
    """
    query = html.unescape(query)
    words = [w for w in fold(query).split() if len(w) >= 2 and w not in STOP_WORDS]
    if not words:
        return []
    query = " ".join(words)
    indexes = indexes or Indexes()
    hits: list[SearchHit] = []
    for person in _names_matching(query, words, officials, official_forms, indexes):
        hits.append(SearchHit("official", person.item.id, person.item.name, person.score))
    named = {h.id for h in hits}
    for official in _holding_office(words, officials, indexes):
        if official.id not in named:
            hits.append(SearchHit("official", official.id, official.name, OFFICE_SCORE))
    for bill in _names_matching(query, words, bills, bill_forms, indexes):
        hits.append(SearchHit("bill", bill.item.id, bill.item.display_title, bill.score))
    # Every event matching, in order, scores 90 (all words in the title) or 60 + 4 per
    # occurrence of the words in the text (at most 80). Sorting all hits by score, stably, and
    # keeping ``limit`` is the same as taking, score level by score level from the top, the
    # names first and then the events in their order: so only the kept events become hits.
    scored = indexes.event_texts(events).scores(words)
    levels: dict[float, list[int]] = {}
    for at, score in scored:
        levels.setdefault(score, []).append(at)
    result: list[SearchHit] = []
    for level in sorted({*levels, *(h.score for h in hits)}, reverse=True):
        result.extend(h for h in hits if h.score == level)
        for at in levels.get(level, ()):
            if len(result) >= limit:
                break
            event = events[at]
            result.append(SearchHit("event", event.id, event.title, level))
        if len(result) >= limit:
            break
    return result[:limit]


def prepare_names(officials: Sequence[Official], bills: Sequence[Bill], indexes: Indexes) -> None:
    """Build the name indexes ``search``, ``find_official`` and ``find_bill`` use, ahead of
    the first query (the running bot does it after it starts)."""
    indexes.derived(("forms", official_forms), officials,
                    lambda items: _FormIndex(items, official_forms, indexes))
    indexes.derived(("forms", bill_forms), bills,
                    lambda items: _FormIndex(items, bill_forms, indexes))
    _holding_office(["warm"], officials, indexes)


# An official whose position titles hold every word of the query ("constitutional court",
# "human rights"): below a name's close match, above words found in an article's text.
OFFICE_SCORE = 85.0


def _names_matching(query: str, words: Sequence[str], items: Sequence[T],
                    forms: Callable[[T], Iterable[str]], indexes: Indexes) -> list[Ranked[T]]:
    """The items whose names match, close as a whole or as ``matching.refine`` asks."""
    def names(item: T) -> list[str]:
        return [_fold_name(str(f)) for f in forms(item)]

    index: matching.PrefixIndex = indexes.derived(
        ("name-prefixes", forms), items,
        lambda listed: matching.PrefixIndex([names(item) for item in listed]))
    close = [(r.item, r.score) for r in rank_above(query, items, forms, 70, indexes)]
    return [Ranked(item, score) for item, score in
            matching.refine(words, close, items, names, index, CONFIDENT)]


def _holding_office(words: Sequence[str], officials: Sequence[Official],
                    indexes: Indexes) -> list[Official]:
    titles: list[tuple[Official, str]] = indexes.derived(
        "official-titles", officials,
        lambda items: [(o, " " + " ".join(fold(p.title) for p in o.positions) + " ")
                       for o in items])
    # a short word is a whole word ("su" is no office's "supreme")
    return [o for o, text in titles
            if all((f" {w} " if matching.whole_words_only(w) else f" {w}") in text for w in words)]


# --------------------------------------------------------------------------- offices
#
# "Who is the Speaker of the Senate?" is answered from who was seen in which office, not by
# searching texts: each office's holders, the current one told by the evidence alone.


@dataclass(frozen=True)
class Tenure:
    """One official's term in one office, as the articles tell it."""

    official: Official
    position: Position

    def latest(self) -> tuple[int, int, int]:
        """When the articles last place the person in (or leaving) the office."""
        when = self.position.until or self.position.latest_evidence or self.position.ended_by
        return when.sort_key() if when else (0, 0, 0)


@dataclass(frozen=True)
class OfficeHolders:
    """Who holds ``office`` now (``current``; several for an office many hold at once) and who
    held it before, latest first. ``current`` is empty when the evidence does not tell: nobody
    in office who was not seen after someone else's later start or end."""

    office: str
    current: tuple[Tenure, ...]
    before: tuple[Tenure, ...]
    # an abolished post (the Senate's chair after 1 July 2026) has nobody ``current``: who held
    # it when it went, as far as the evidence tells (not repeated in ``before``)
    last: tuple[Tenure, ...] = ()


class OfficeIndex:
    """Office title -> every term in it, built once per list of officials."""

    def __init__(self, officials: Sequence[Official], indexes: Indexes | None = None) -> None:
        self.terms: dict[str, list[Tenure]] = {}
        tenures = (indexes or Indexes()).each(
            "tenures", officials, lambda o: [Tenure(o, p) for p in o.positions])
        for terms in tenures:
            for tenure in terms:
                self.terms.setdefault(tenure.position.title, []).append(tenure)
        self.offices = sorted(self.terms)
        self._folded = {fold(o): o for o in self.offices}
        self._holders: dict[tuple[str, dt.date], OfficeHolders] = {}

    def holders(self, office: str, day: dt.date) -> OfficeHolders:
        """Who holds ``office`` on ``day`` (the caller's clock) and who held it before."""
        key = (office, day)  # an office may be abolished overnight (1 July 2026)
        found = self._holders.get(key)
        if found is None:
            found = self._holders[key] = self._find_holders(office, day)
        return found

    def is_current(self, official_id: str, office: str, day: dt.date) -> bool:
        """Whether the official is among the office's holders on ``day``."""
        return any(t.official.id == official_id for t in self.holders(office, day).current)

    def _find_holders(self, office: str, day: dt.date) -> OfficeHolders:
        # Latest evidence first; on the same day, a stated start before a mere sighting (the
        # day one speaker hands over to the next), then by id: the same answer in any order.
        terms = sorted(self.terms.get(office, ()), key=lambda t: (
            t.latest(), t.position.since.sort_key() if t.position.since else (0, 0, 0),
            t.official.id), reverse=True)
        open_terms = [t for t in terms
                      if t.position.is_open]
        if office in gz.SHARED_OFFICES:
            current = open_terms
        else:
            # The open term with the latest evidence, unless a later term (started or ended after
            # its last evidence) says someone else held the office since.
            current = open_terms[:1]
            if current:
                last = current[0].position.latest_evidence
                for other in terms:
                    if other is current[0] or other.official.id == current[0].official.id:
                        continue
                    start = (other.position.since or other.position.begins
                             or other.position.until or other.position.ended_by)
                    if start is None:
                        continue  # an undated article's term tells of no change after anything
                    if last is None or start.sort_key() > last.sort_key():
                        current = []
                        break
        gone: list[Tenure] = []  # the holders of a post abolished since
        if abolished_on(office, day) is not None:
            gone, current = current, []  # "Chairman of the Senate" after 1 July 2026
        chosen = {id(t) for t in (*current, *gone)}
        return OfficeHolders(office, tuple(current), tuple(t for t in terms if id(t) not in chosen),
                             tuple(gone))

    def resolve(self, query: str) -> str | None:
        """The known office a query names exactly (any spelling the gazetteer folds), or None."""
        if query in self.terms:
            return query
        title = office_title(query)
        if title is None:
            return None
        if title in self.terms:
            return title
        return self._folded.get(fold(title))

    def nearest(self, query: str, limit: int = 3) -> list[str]:
        """Known offices closest to what was typed, best first."""
        title = office_title(query) or query
        ranked = rank(title, self.offices, lambda office: [office])
        return [r.item for r in ranked[:limit] if r.score >= SUGGEST]


_QUESTION = re.compile(
    r"^\s*(?:who\s*(?:'s|’s|\s+is|\s+was|\s+are|\s+holds)\s+|who\s+)(.+?)[\s?!.]*$", re.IGNORECASE
)
_LEADING = re.compile(r"^(?:(?:the|current|present|now|today's|our)\s+)+", re.IGNORECASE)
_TRAILING = re.compile(
    r"\s+(?:now|today|currently|of\s+(?:the\s+)?(?:republic\s+of\s+)?kazakhstan|in\s+kazakhstan)$",
    re.IGNORECASE,
)
_PORTFOLIO_MINISTER = re.compile(r"^(.+?)\s+minister$", re.IGNORECASE)
_HEADS = {h.lower() for h in gz.TITLE_HEADS} | {m.lower() for m in gz.TITLE_MODIFIERS}
_NAMED_OFFICES = {*gz.OFFICE_SYNONYMS, *gz.PLAIN_TITLES, *gz.ROLE_REFERENCES}


def office_question(text: str) -> str | None:
    """ "who is the minister of agriculture?" -> "minister of agriculture"; None otherwise."""
    match = _QUESTION.match(text)
    return match.group(1) if match else None


def office_title(query: str) -> str | None:
    """The canonical office a query names ("speaker of the senate" -> "Chairman of the
    Senate", "agriculture minister" -> "Minister of Agriculture"), or None when the words are not
    an office's (no title word such as minister, chairman, akim, president)."""
    words = " ".join((office_question(query) or query).replace("?", " ").split())
    if native := gz.KURULTAI_OFFICES_RU_KK.get(words.lower().replace("ё", "е")):
        return native  # "председатель курултая", "құрылтай төрағасы"
    previous = None
    while words != previous:
        previous = words
        words = _TRAILING.sub("", _LEADING.sub("", words)).strip()
    if not words:
        return None
    lowered = words.lower()
    portfolio = _PORTFOLIO_MINISTER.match(lowered)
    if portfolio and portfolio.group(1) in gz.MINISTRY_PORTFOLIOS:
        return f"Minister of {gz.MINISTRY_PORTFOLIOS[portfolio.group(1)]}"
    if lowered in gz.ROLE_REFERENCES:
        return gz.ROLE_REFERENCES[lowered]
    if lowered not in _NAMED_OFFICES and not _HEADS & set(lowered.replace("-", " ").split()):
        return None
    return canonical_title(words)


def office_index(officials: Sequence[Official], indexes: Indexes | None = None) -> OfficeIndex:
    indexes = indexes or Indexes()
    index: OfficeIndex = indexes.derived("office-index", officials,
                                         lambda items: OfficeIndex(items, indexes))
    return index
