"""Finding officials, bills and events from what a person types: loose, ranked, never silent.

"tokaev", "Ashimbaev", "Токаев", "water", "mass media" all find their match. A query either
resolves to one item, to a short list of close choices, or to nothing with the nearest suggestions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from rapidfuzz import fuzz

from bot.core.models import Bill, Event, Official
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


def resolve(
    query: str, items: Sequence[T], forms: Callable[[T], Iterable[str]], limit: int = 8
) -> Resolution[T]:
    ranked = rank(query, items, forms)
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
    return [bill.title, bill.display_title, bill.id.replace("-", " ")]


def find_official(query: str, officials: Sequence[Official]) -> Resolution[Official]:
    return resolve(query, officials, official_forms)


def find_bill(query: str, bills: Sequence[Bill]) -> Resolution[Bill]:
    return resolve(query, bills, bill_forms)


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
) -> list[SearchHit]:
    """Everything that matches, best first: names and titles fuzzily, article text by words."""
    folded = fold(query)
    if not folded:
        return []
    hits: list[SearchHit] = []
    for person in rank(query, officials, official_forms):
        if person.score >= 70:
            hits.append(SearchHit("official", person.item.id, person.item.name, person.score))
    for bill in rank(query, bills, bill_forms):
        if bill.score >= 70:
            hits.append(SearchHit("bill", bill.item.id, bill.item.display_title, bill.score))
    words = folded.split()
    for event in events:
        title = fold(event.title)
        body = fold(event.text)
        if all(w in title for w in words):
            score = 90.0
        elif all(w in body for w in words):
            score = 60.0 + min(20.0, 4.0 * sum(body.count(w) for w in words))
        else:
            continue
        hits.append(SearchHit("event", event.id, event.title, score))
    hits.sort(key=lambda h: -h.score)
    return hits[:limit]
