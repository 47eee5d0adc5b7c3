"""The years benchmark's corpora: knowledge bases of N generated events, built once and cached.

A corpus is what ``bot.ingest.ingest`` makes of the first N articles of
``bench.gen.ArticleGenerator(seed=3)``, saved as a database in *today's* layout (one
``bot.json`` holding every table: the layout before issue 19), plus a few more articles of the
same generator as files, to ingest one at a time through the command line. The build runs in a
subprocess whose working folder is a source tree of the baseline commit, so the cached file is
exactly what the baseline code writes; the new layout is made from it by opening it (the
migration), as an operator's old database would be.

Building takes minutes at 30,000 events (extraction alone is about 300 articles a second), so
it is done once per size and kept under ``/tmp`` (``--cache``).
"""

from __future__ import annotations

import json
import os
import subprocess
import tarfile
import time
from pathlib import Path

from bench.common import PYTHON, ROOT, note

SEED = 3
EXTRA = 6  # articles after the corpus, each ingested on its own through the CLI
CACHE = Path(os.environ.get("BENCH_YEARS_CACHE", "/tmp/bench-years"))
BASELINE_REF = os.environ.get("BENCH_YEARS_BASELINE", "29980bb")  # before issue 19's layout

# Run with the baseline tree as the working folder (``python -m``/``-c`` put it first on
# sys.path): ingest in memory (no file rewritten per chunk), then write the tables once, in the
# single-file layout the baseline's TinyStore reads.
_BUILD = r"""
import json, sys, time
from pathlib import Path
from bench.gen import ArticleGenerator
from bot.ingest import ingest
from store.tiny import TinyStore
size, out, seed, more = int(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
articles = ArticleGenerator(seed=seed).articles(size + more)
store = TinyStore(None)
started = time.perf_counter()
ingest(store, articles[:size])
seconds = time.perf_counter() - started
data = store._knowledge.db.storage.read()
out.mkdir(parents=True, exist_ok=True)
(out / "bot.json").write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
extra = []
for n, article in enumerate(articles[size:]):
    path = out / "more" / f"more-{n}.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text(article.text)
    extra.append({"file": str(path), "date": article.date.iso() if article.date else None,
                  "source": article.source})
(out / "corpus.json").write_text(json.dumps({"size": size, "events": len(store.all_events()),
    "officials": len(store.all_officials()), "bills": len(store.all_bills()),
    "ingest_seconds": seconds, "extra": extra}))
"""


def baseline_tree(cache: Path = CACHE) -> Path:
    """A source tree of the baseline commit (``git archive``), made once."""
    tree = cache / f"baseline-{BASELINE_REF}"
    if not (tree / "bot" / "__main__.py").exists():
        tree.mkdir(parents=True, exist_ok=True)
        archive = cache / "baseline.tar"
        subprocess.run(["git", "archive", "-o", str(archive), BASELINE_REF], cwd=ROOT,
                       check=True)
        with tarfile.open(archive) as tar:
            tar.extractall(tree, filter="data")
        archive.unlink()
    return tree


def corpus(size: int, cache: Path = CACHE) -> tuple[Path, dict[str, object]]:
    """The cached corpus of ``size`` events (built now if missing): its folder and summary."""
    folder = cache / f"corpus-{SEED}-{size}"
    summary = folder / "corpus.json"
    if not summary.exists():
        note(f"years: building the corpus of {size:,} events (once; cached in {folder})")
        started = time.perf_counter()
        subprocess.run([PYTHON, "-c", _BUILD, str(size), str(folder), str(SEED), str(EXTRA)],
                       cwd=baseline_tree(cache), check=True)
        note(f"years: corpus built in {time.perf_counter() - started:.0f} s")
    info: dict[str, object] = json.loads(summary.read_text())
    return folder, info
