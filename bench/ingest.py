"""Benchmark 2: reading articles into the knowledge base.

* Extraction alone (``bot.core.extract.extract``): articles per second, against an empty roster
  and against a roster of thousands of known officials (what a grown base resolves names with).
* ``bot.ingest.ingest`` of generated articles into a fresh database, at two sizes: the time, the
  share of it spent writing the file, and the growth from the smaller size to the larger.
* Baseline: the documents the smaller ingest produced (events, officials, bills), inserted into
  a plain TinyDB file (``JSONStorage``) with one ``insert`` per document, as TinyDB's tutorial
  does. Each insert rewrites the whole file, so this is run for a bounded time and the rest is
  projected from a quadratic fit (each insert costs in proportion to the file's size).
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from bench.common import Section, Timer, knowledge_documents, knowledge_mb, note, say, table
from bench.gen import ArticleGenerator
from bot.core.extract import Roster, extract
from bot.core.knowledge import KnowledgeUpdate
from bot.core.models import Article, Official
from bot.ingest import ingest
from store.tiny import TinyStore

AT = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
TARGET_SECONDS = 60.0
TARGET_GROWTH = 12.0


class _TimedStore(TinyStore):
    """A TinyStore that adds up how long its knowledge writes take."""

    writes = 0
    write_seconds = 0.0

    def apply(self, updates: Sequence[KnowledgeUpdate], at: dt.datetime | None = None,
              keys: Mapping[str, str] | None = None) -> None:
        started = time.perf_counter()
        super().apply(updates, at, keys)
        self.writes += 1
        self.write_seconds += time.perf_counter() - started


def _extraction(articles: list[Article], roster_of: list[Official]) -> float:
    """Articles per second through ``extract`` alone (one roster, grown as nothing is written)."""
    roster = Roster(roster_of)
    started = time.perf_counter()
    for article in articles:
        extract(article, roster)
    return len(articles) / (time.perf_counter() - started)


def _ingest(articles: list[Article], folder: Path) -> dict[str, Any]:
    shutil.rmtree(folder, ignore_errors=True)
    store = _TimedStore(folder / "bot.json")
    started = time.perf_counter()
    results = ingest(store, articles, now=AT)
    seconds = time.perf_counter() - started
    added = sum(1 for r in results if r.update is not None)
    figures = {
        "articles": len(articles),
        "added": added,
        "seconds": seconds,
        "articles_per_second": len(articles) / seconds,
        "writes": store.writes,
        "write_seconds": store.write_seconds,
        "events": len(store.all_events()),
        "officials": len(store.all_officials()),
        "bills": len(store.all_bills()),
        "file_mb": knowledge_mb(folder / "bot.json"),
    }
    store.close()
    return figures


def _baseline(knowledge: Path, folder: Path, budget: float) -> dict[str, Any]:
    """One ``insert`` per document into a plain TinyDB file, for at most ``budget`` seconds."""
    data = knowledge_documents(knowledge)
    docs = [(name, doc) for name in ("events", "officials", "bills") for doc in data[name]]
    # Interleave the tables as an ingest would (an event, then its officials and bills).
    events = [d for d in docs if d[0] == "events"]
    others = [d for d in docs if d[0] != "events"]
    ordered: list[tuple[str, dict[str, Any]]] = []
    per = max(1, len(others) // max(1, len(events)))
    for i, event in enumerate(events):
        ordered.append(event)
        ordered.extend(others[i * per:(i + 1) * per])
    ordered.extend(others[len(events) * per:])
    path = folder / "plain.json"
    path.unlink(missing_ok=True)
    plain = TinyDB(path)
    tables = {name: plain.table(name) for name in ("events", "officials", "bills")}
    started = time.perf_counter()
    marks: list[tuple[int, float]] = []
    done = 0
    for name, doc in ordered:
        tables[name].insert(doc)
        done += 1
        if done % 25 == 0:
            elapsed = time.perf_counter() - started
            marks.append((done, elapsed))
            if elapsed > budget:
                break
    elapsed = time.perf_counter() - started
    plain.close()
    total = len(ordered)
    projected = elapsed if done == total else _project(marks, total)
    return {"documents": total, "inserted": done, "seconds": elapsed,
            "documents_per_second": done / elapsed, "projected_seconds_all": projected,
            "projected": done < total}


def _project(marks: list[tuple[int, float]], total: int) -> float:
    """Fit t(n) = a*n + b*n^2 to the measured marks (least squares) and evaluate at ``total``."""
    s11 = sum(n * n for n, _ in marks)
    s12 = sum(n ** 3 for n, _ in marks)
    s22 = sum(n ** 4 for n, _ in marks)
    t1 = sum(n * t for n, t in marks)
    t2 = sum(n * n * t for n, t in marks)
    det = s11 * s22 - s12 * s12
    if not det:
        n, t = marks[-1]
        return t * total / n
    a = (t1 * s22 - t2 * s12) / det
    b = (s11 * t2 - s12 * t1) / det
    return float(a * total + b * total * total)


def run(quick: bool, workdir: Path) -> Section:
    section = Section("ingest")
    timer = Timer()
    folder = workdir / "ingest"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    small, large = (300, 3_000) if quick else (1_000, 10_000)
    extract_n = 300 if quick else 2_000

    note(f"ingest: generating {large:,} articles")
    generator = ArticleGenerator(seed=1)
    articles = generator.articles(large)
    sizes = [len(a.text) for a in articles]

    note(f"ingest: extraction alone, {extract_n:,} articles")
    known = [Official(p.id, p.name, (p.surname,)) for p in generator.people]
    empty_rate = _extraction(articles[:extract_n], [])
    known_rate = _extraction(articles[:extract_n], known)

    note(f"ingest: {small:,} articles into a fresh database, 3 times")
    # The smaller run is short: the median of three steadies the growth ratio.
    smalls = sorted((_ingest(articles[:small], folder / f"small{i}") for i in range(3)),
                    key=lambda r: float(r["seconds"]))
    first = smalls[1]
    note(f"ingest: baseline, one TinyDB insert per document of the {small:,}-article base")
    base = _baseline(folder / "small0" / "bot.json", folder, 8.0 if quick else 25.0)
    note(f"ingest: {large:,} articles into a fresh database")
    second = _ingest(articles, folder / "large")

    growth = second["seconds"] / first["seconds"]
    size_ratio = large / small
    rows = [
        ("extraction alone, empty roster", extract_n, float("nan"), empty_rate,
         float("nan"), float("nan"), ""),
        (f"extraction alone, roster of {len(known):,} officials", extract_n, float("nan"),
         known_rate, float("nan"), float("nan"), ""),
    ]
    for label, run_ in ((f"ingest {small:,} (fresh db, median of 3)", first),
                        (f"ingest {large:,} (fresh db)", second)):
        rows.append((label, run_["articles"], run_["seconds"], run_["articles_per_second"],
                     run_["writes"], run_["write_seconds"],
                     f"{run_['events']:,} events, {run_['officials']:,} officials, "
                     f"{run_['bills']:,} bills, {run_['file_mb']:.1f} MB"))
    base_label = (f"baseline: TinyDB insert per doc ({base['documents']:,} docs of the "
                  f"{small:,}-article base)")
    rows.append((base_label, base["inserted"], base["seconds"], base["documents_per_second"],
                 base["inserted"], float("nan"),
                 (f"all {base['documents']:,} docs: {base['projected_seconds_all']:.0f} s"
                  + (" projected" if base["projected"] else ""))))
    say(table("Ingest (articles per second; the baseline counts documents per second)",
              ("what", "n", "seconds", "per second", "writes", "write s", "result"), rows))
    docs_small = first["events"] + first["officials"] + first["bills"]
    ratio = base["projected_seconds_all"] / first["seconds"]
    say(f"  Article size: mean {sum(sizes) / len(sizes):,.0f} characters "
        f"(min {min(sizes):,}, max {max(sizes):,}).")
    say(f"  Growth: {large:,} articles took {growth:.1f}x as long as {small:,} "
        f"({size_ratio:.0f}x the articles).")
    say(f"  Baseline ratio: the {small:,}-article ingest wrote its {docs_small:,} documents "
        f"{ratio:.1f}x faster than one TinyDB insert per document"
        + (" (projected)" if base["projected"] else "") + ".")
    say()
    section.figures = {
        "extraction_articles_per_second_empty_roster": empty_rate,
        "extraction_articles_per_second_known_roster": known_rate,
        "known_roster_size": len(known),
        "article_chars_mean": sum(sizes) / len(sizes),
        "small": first, "large": second, "growth": growth, "size_ratio": size_ratio,
        "baseline": base, "speedup_vs_baseline": ratio,
    }
    section.check(f"{large:,} articles into a fresh db", f"< {TARGET_SECONDS:.0f} s",
                  f"{second['seconds']:.1f} s", second["seconds"] < TARGET_SECONDS)
    section.check(f"growth {small:,} -> {large:,}", f"<= {TARGET_GROWTH:.0f}x",
                  f"{growth:.1f}x", growth <= TARGET_GROWTH * size_ratio / 10)
    section.seconds = timer.elapsed
    return section
