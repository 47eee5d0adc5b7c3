"""The command line counts in English that agrees with its numbers (issue 18): "1 chat", "1 bill",
"1 error", never "1 chats", "1 bills", "1 errors"."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bot.core.source import Source
from bot.sources import PollReport, describe

from .conftest import ARTICLES, run_cli

SINGULAR_WITH_PLURAL = re.compile(r"(?<![\d,])1 [a-z ]*?(chats|bills|errors|sources|officials|"
                                  r"mentions|articles|lines|failures)\b")


def test_chats_import_counts_one_chat_and_one_bad_line(db: Path, tmp_path: Path) -> None:
    good = tmp_path / "one.jsonl"
    good.write_text(json.dumps({"id": 501, "type": "private"}) + "\n")
    imported = run_cli("chats", "import", str(good), db=db)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == "1 chat: 1 new, 0 updated, 0 unchanged"
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": 502, "type": "castle"}) + "\n")
    refused = run_cli("chats", "import", str(bad), db=db)
    assert refused.returncode == 2
    assert "error: 1 bad line in" in refused.stderr
    assert not SINGULAR_WITH_PLURAL.search(imported.stdout + refused.stderr)


def test_ingest_counts_one_bill_and_one_dated_mention(db: Path) -> None:
    added = run_cli("ingest", str(ARTICLES / "mazhilis_first_reading.txt"), db=db)
    assert added.returncode == 0, added.stderr
    assert "; 1 bill; 1 dated mention;" in added.stdout
    assert not SINGULAR_WITH_PLURAL.search(added.stdout), added.stdout


def test_poll_summary_and_source_lines_count_one_as_one() -> None:
    report = PollReport(sources=1, errors=["error: Herald: HTTP 500"])
    summary = report.summary()
    assert "poll: 1 source, 0 new articles" in summary and summary.endswith("1 error")
    line = describe(Source.from_dict({
        "id": "herald", "name": "Herald", "feed_url": "https://example.org/rss.xml",
        "taken": 1, "failures": 1, "next_try": "2999-01-01T00:00:00+00:00"}))
    assert "1 article taken" in line and "1 failure, backing off" in line
    assert not SINGULAR_WITH_PLURAL.search(summary + line)
