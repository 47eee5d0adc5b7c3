"""An operator corrects an article's date, title or source after ingesting it (issue 10)."""

from __future__ import annotations

from pathlib import Path

from .command_line import run_cli
from .conftest import export_json

UNDATED = """Senate adopts Water Code

The Senate adopted the Water Code at a plenary session. Senate Chairman Maulen Ashimbayev said \
the Code will enter into force on 1 July 2025. Nurzhan Nurzhigitov was appointed Minister of \
Water Resources.
"""


def test_a_date_forgotten_at_ingest_can_be_given_later(tmp_path: Path) -> None:
    article, db = tmp_path / "water.txt", tmp_path / "bot.json"
    article.write_text(UNDATED)
    first = run_cli("ingest", str(article), db=db)
    assert first.returncode == 0 and "undated" in first.stdout  # a future date is no dateline
    events = len(export_json(db)["events"])
    fixed = run_cli("ingest", str(article), "--date", "2025-03-14", "--source", "Kazinform",
                    db=db)
    assert fixed.returncode == 0, fixed.stderr
    assert fixed.stdout.startswith("corrected") and "date 2025-03-14 (was undated)" in fixed.stdout
    data = export_json(db)
    assert len(data["events"]) == events  # the same event, not a second one
    event = next(e for e in data["events"] if e["title"] == "Senate adopts Water Code")
    assert (event["date"], event["source"]) == ("2025-03-14", "Kazinform")
    minister = next(o for o in data["officials"] if o["id"] == "nurzhan-nurzhigitov")
    assert [(p["office"], p["since"]) for p in minister["positions"]] == [
        ("Minister of Water Resources", "2025-03-14")]
    water = next(b for b in data["bills"] if b["id"] == "water-code")
    mine = [h for h in water["history"] if h["event"] == event["id"]]
    assert [(h["status"], h["date"]) for h in mine] == [("adopted_senate", "2025-03-14")]
    assert [(s["status"], s["date"]) for s in water["scheduled"]] == [("in_force", "2025-07-01")]
    # Given again with the same date: nothing to correct.
    again = run_cli("ingest", str(article), "--date", "2025-03-14", db=db)
    assert again.stdout.startswith("unchanged")


def test_a_title_can_be_corrected(tmp_path: Path) -> None:
    article, db = tmp_path / "water.txt", tmp_path / "bot.json"
    article.write_text(UNDATED)
    run_cli("ingest", str(article), "--date", "2025-03-14", db=db)
    fixed = run_cli("ingest", str(article), "--title", "Water Code passes the Senate", db=db)
    assert "title “Water Code passes the Senate”" in fixed.stdout
    titles = [e["title"] for e in export_json(db)["events"]]
    assert "Water Code passes the Senate" in titles and "Senate adopts Water Code" not in titles
