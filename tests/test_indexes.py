"""Lookup indexes (issue 19): owned by each store, not by the module; an article added folds
its own text only; the faster search and name ranking answer exactly as the plain loops."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from bot.core import indexes as indexes_module
from bot.core import lookup
from bot.core.follows import STOP_WORDS
from bot.core.indexes import Indexes, fold_text
from bot.core.text import fold
from bot.ingest import ingest, read_articles
from bot.views import events as event_views
from bot.views.warm import warm_up
from store.tiny import TinyStore
from tests.conftest import ARTICLES

QUERIES = ("law", "water code", "senate", "tokayev", "ashimbaev", "minister of agriculture",
           "budget 2024", "mass media", "constitutional court", "kurultai", "zzz")


def test_each_store_keeps_its_own_indexes(seeded_db: Path) -> None:
    first, second = TinyStore(seeded_db), TinyStore(None)
    assert first.indexes() is not second.indexes()
    assert event_views.search(first, "water").text != event_views.search(second, "water").text
    # built once per list: asked again, the very same index comes back
    built = lookup.office_index(first.all_officials(), first.indexes())
    assert lookup.office_index(first.all_officials(), first.indexes()) is built


def test_an_article_added_folds_its_own_text_only(seeded_db: Path) -> None:
    store = TinyStore(seeded_db)
    for _step in warm_up(store, dt.date(2026, 12, 6)):
        pass
    folded: list[str] = []

    def counting(text: str) -> str:
        folded.append(text)
        return fold_text(text)

    ingest(store, read_articles([ARTICLES / "water_minister.txt"]))
    with mock.patch.object(indexes_module, "fold_text", counting):
        assert event_views.search(store, "water minister").text
    assert len(folded) == 2  # the new event's title and text, not every event's again


def _plain_search_scores(query: str, store: TinyStore) -> list[tuple[int, float]]:
    """The scoring ``search`` had before its index: every event's folded texts, word by word."""
    words = [w for w in fold(query).split() if len(w) >= 2 and w not in STOP_WORDS]
    # a word of three letters or fewer is a whole word ("su" is not in "summit"; issue 18)
    words = [f" {w} " if len(w) <= 3 else w for w in words]
    scored = []
    for at, event in enumerate(store.all_events()):
        title, body = f" {fold(event.title)} ", f" {fold(store.event_text(event))} "
        counts = [body.count(w) for w in words]
        if all(w in title for w in words):
            scored.append((at, 90.0))
        elif all(counts):
            scored.append((at, 60.0 + min(20.0, 4.0 * sum(counts))))
    return scored


def test_search_and_names_answer_as_the_plain_loops(seeded_db: Path) -> None:
    store = TinyStore(seeded_db)
    ingest(store, read_articles(sorted(ARTICLES.glob("*.txt"))[:12]))
    events, officials, bills = store.all_events(), store.all_officials(), store.all_bills()
    texts = store.indexes().event_texts(events)
    for query in QUERIES:
        words = [w for w in fold(query).split() if len(w) >= 2 and w not in STOP_WORDS]
        assert texts.scores(words) == _plain_search_scores(query, store), query
        for items, forms in ((officials, lookup.official_forms), (bills, lookup.bill_forms)):
            plain = [(r.item, r.score) for r in lookup.rank(query, items, forms) if r.score >= 55]
            fast = [(r.item, r.score) for r in lookup.rank_above(query, items, forms, 55,
                                                                  store.indexes())]
            assert sorted(fast, key=lambda p: (-p[1], id(p[0]))) == \
                sorted(plain, key=lambda p: (-p[1], id(p[0]))), query
        fresh = Indexes(lambda events: ((e.id, store.event_text(e)) for e in events))
        assert lookup.search(query, events, officials, bills, indexes=store.indexes()) == \
            lookup.search(query, events, officials, bills, indexes=fresh), query
    for text in (*map(store.event_text, events), "Токаев — Ашимбаев", "Café «Astana»", "a&b, c-d"):
        assert fold_text(text) == fold(text)


_TYPOGRAPHY = "\u201c\u201d\u2018\u2019\u201e\u201a\u00ab\u00bb\u2039\u203a\u2013\u2014\u2022"


@given(st.text(alphabet=st.sampled_from(
    "abcXYZ019 -.,;'\"\n\t" + _TYPOGRAPHY + "\u2026\u00a0\u00e9\u0416\u04d9\u0085\u3000")))
def test_folding_an_article_text_gives_what_fold_gives(text: str) -> None:
    """The quick path of ``fold_text`` (typographic signs dropped, then ASCII folding) and the
    general one agree with ``fold`` on any text: search matches query words folded by ``fold``."""
    assert fold_text(text) == fold(text)


def test_an_article_text_is_not_kept_by_the_fold_cache() -> None:
    """An article's text is folded once for search: ``fold``'s cache must not keep a copy."""
    fold.cache_clear()
    for text in ("The \u201cWater Code\u201d \u2014 adopted", "\u0412\u043e\u0434\u043d\u044b\u0439 "
                 "\u043a\u043e\u0434\u0435\u043a\u0441", "plain text"):
        fold_text(text)
    assert fold.cache_info().currsize == 0
