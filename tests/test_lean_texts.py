"""Events read from part files hold no article text (issue 19): it stays in the event's stored
document and is read when needed. A write never loses a text it does not hold, a correction
reads the stored article, and search folds the texts of parts another process wrote, reading
each part once."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from unittest import mock

import pytest

from bot.core import lookup
from bot.core.models import Event, PartialDate
from bot.core.text import fold
from bot.ingest import correct, export_knowledge, ingest, read_articles
from bot.views.warm import warm_up
from store import parts
from store.tiny import TinyStore
from tests.test_correction import UNDATED
from tests.test_knowledge_parts import DAY, NEW, _articles, _old_layout, parts_read


def _texts_on_disk(db: Path) -> dict[str, str]:
    """Every event's text as the part files the manifest names hold it, read as plain JSON."""
    manifest = json.loads(db.read_text())["layout"]["1"]["parts"]
    texts: dict[str, str] = {}
    for part, name in manifest.items():
        if part.startswith("events-"):
            tables = json.loads((db.with_name("bot.knowledge") / name).read_text())
            texts.update((d["id"], d["text"]) for d in tables["events"].values())
    return texts


def _lean(db: Path) -> TinyStore:
    store = TinyStore(db)
    while not store.load_knowledge(16):
        pass
    assert store.all_events() and all(e.text is None for e in store.all_events())
    return store


@pytest.fixture
def one_events_part():
    """Every event in one part, so that any write rewrites the other events' documents."""
    with mock.patch.object(parts, "EVENT_PARTS", 1):
        yield


def test_a_write_keeps_the_texts_it_does_not_hold(tmp_path: Path, one_events_part: None) -> None:
    db = tmp_path / "bot.json"
    ingest(TinyStore(db), _articles(*NEW[:2], "mass_media_signed.txt"))
    before = _texts_on_disk(db)
    assert len(before) == 3 and all(before.values())
    store = _lean(db)
    [added] = ingest(store, _articles(NEW[2]))
    assert added.update is not None
    after = _texts_on_disk(db)
    assert after == {**before, added.event_id: added.update.event.text}  # the others kept
    assert all(e.text is None for e in store.all_events())  # the new one is not held either
    fresh = TinyStore(db)
    assert {e.id: fresh.event_text(e) for e in fresh.all_events()} == after


def test_a_correction_on_a_lean_store_reads_the_stored_article(
        tmp_path: Path, one_events_part: None) -> None:
    db, memory = tmp_path / "bot.json", TinyStore(None)
    (tmp_path / "water.txt").write_text(UNDATED)
    articles = [*read_articles([tmp_path / "water.txt"]), *_articles(*NEW[:2])]
    ingest(TinyStore(db), articles)
    ingest(memory, articles)
    [undated] = [e for e in memory.all_events() if e.date is None]
    before = _texts_on_disk(db)
    date = PartialDate.from_iso("2024-03-14")
    fixed = correct(_lean(db), undated.id, date=date)
    # as the same correction on a store that holds the texts: the article was read again
    assert fixed == correct(memory, undated.id, date=date)
    assert fixed is not None and fixed.event.officials and fixed.event.text == before[undated.id]
    assert _texts_on_disk(db) == before
    assert export_knowledge(TinyStore(db), DAY) == export_knowledge(memory, DAY)


def test_search_after_another_process_wrote_reads_each_changed_part_once(
        seeded_db: Path) -> None:
    reader = TinyStore(seeded_db)
    for _step in warm_up(reader, DAY):
        pass
    added = ingest(TinyStore(seeded_db), _articles(*NEW))
    assert reader.refresh()
    queries = [max(fold(r.update.event.title).split(), key=len) for r in added if r.update]
    assert len(queries) == len(NEW)
    queries += ["water", "minister", "budget code", "senate"]
    assert reader.all_events()  # the new parts read (their events, without texts)
    with parts_read() as loaded:
        found = {q: lookup.search(q, reader.all_events(), [], [], indexes=reader.indexes(),
                                  limit=500) for q in queries}
    read = [part for part in loaded if part.startswith("events-")]
    assert read and len(read) == len(set(read))  # the new texts by part, not a file per event
    fresh = TinyStore(seeded_db)
    for query, hits in found.items():
        assert hits == lookup.search(query, fresh.all_events(), [], [],
                                     indexes=fresh.indexes(), limit=500), query
    for result, query in zip(added, queries, strict=False):
        assert result.event_id in {h.id for h in found[query]}, query
    assert all(e.text is None for e in reader.all_events())


def test_an_event_without_its_text_is_never_written_as_if_it_had_none() -> None:
    lean = Event("e1", None, "A title", text=None)
    with pytest.raises(ValueError):
        lean.to_dict()
    assert "text" not in lean.to_dict(with_text=False)


def test_the_warm_up_holds_no_raw_text(seeded_db: Path) -> None:
    store = TinyStore(seeded_db)
    for _step in warm_up(store, dt.date(2026, 12, 6)):
        pass
    assert all(e.text is None for e in store.all_events())
    held = store.indexes()._folded
    assert all(len(entry) == 3 and entry[0].text is None for entry in held.values())


def test_the_running_bot_reads_each_part_once_and_folds_as_it_reads(seeded_db: Path) -> None:
    """The running bot (``load_knowledge`` then the warm-up) folds each event's text from the
    document it has just read: no events part is read a second time for its texts, and search
    answers as a store that reads the texts afterwards."""
    store = TinyStore(seeded_db)
    with parts_read() as loaded:
        while not store.load_knowledge(4):
            pass
        for _step in warm_up(store, dt.date(2026, 12, 6)):
            pass
    assert len(loaded) == len(set(loaded))
    assert all(e.text is None for e in store.all_events())
    other = TinyStore(seeded_db)  # reads its texts when search first needs them
    for query in ("water code", "senate", "law"):
        assert lookup.search(query, store.all_events(), [], [], indexes=store.indexes()) == \
            lookup.search(query, other.all_events(), [], [], indexes=other.indexes())


def test_reading_part_by_part_beside_replies_reads_each_part_once(seeded_db: Path) -> None:
    """The running bot reads one part at a time (``bot.warm_start``) while replies read what
    they need themselves: every part is read once, and the reading ends."""
    store = TinyStore(seeded_db)
    calls = 0
    with parts_read() as loaded:
        while not store.load_knowledge(1):
            calls += 1
            if calls == 3:
                store.all_bills()  # a reply reads all the bills meanwhile
        assert store.load_knowledge(1)  # nothing left: no part read again
    assert len(loaded) == len(set(loaded)) and calls < len(loaded)
    assert {p for p in loaded if p.startswith("bills-")} == set(store._knowledge.parts("bills"))


def test_a_migrated_single_file_database_keeps_every_text(tmp_path: Path) -> None:
    memory = TinyStore(None)
    ingest(memory, _articles(*NEW, "mass_media_signed.txt"))
    db = tmp_path / "old" / "bot.json"
    _old_layout(memory, db)
    migrated = TinyStore(db)
    assert all(e.text is None for e in migrated.all_events())
    assert _texts_on_disk(db) == {e.id: e.text for e in memory.all_events()}
