"""The command-line contract (../shared/CONTRACT.md): export, ingest, bad input."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from .command_line import PYTHON, ROOT, cli_env, run_cli
from .conftest import ARTICLES, export_json

export = export_json


def by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


def test_fresh_database_is_seeded(db: Path) -> None:
    data = export(db)
    events = data["events"]
    assert len(events) == 5
    assert all(e["date"] and e["date_precision"] in {"day", "month", "year"} for e in events)
    officials = by_id(data["officials"])
    assert set(officials) == {
        "kassym-jomart-tokayev",
        "maulen-ashimbayev",
        "elvira-azimova",
        "artur-lastaev",
    }
    azimova = [(p["office"], p["until"]) for p in officials["elvira-azimova"]["positions"]]
    assert ("Commissioner for Human Rights", "2022-12") in azimova
    assert ("Chairman of the Constitutional Court", None) in azimova
    assert officials["artur-lastaev"]["positions"][0]["office"] == "Commissioner for Human Rights"
    assert "Asimbayev" in officials["maulen-ashimbayev"]["aliases"]
    bills = by_id(data["bills"])
    for code in ("budget-code", "construction-code", "water-code", "tax-code", "digital-code"):
        assert bills[code]["kind"] == "code" and bills[code]["status"] == "planned"
    for law in ("on-government-procurement", "on-mass-media", "on-heat-power-energy"):
        assert bills[law]["kind"] == "draft law" and bills[law]["status"] == "planned"
    assert bills["on-the-constitutional-court"]["kind"] == "constitutional law"
    assert bills["on-the-constitutional-court"]["status"] == "adopted_senate"
    # "Ashimbayev pointed to adopting the Social Code": a retrospective mention, no dated stage
    # and no chamber made up for it.
    assert bills["social-code"]["history"] == []
    assert bills["on-migration"]["status"] == "under_consideration"
    mentions = [(m["date"], m["date_precision"]) for e in events for m in e["mentions"]]
    assert ("2024-04", "month") in mentions  # the maslikhats conference
    assert ("2023-01", "month") in mentions  # "from the new year 2023"
    assert ("2029", "year") in mentions  # "by 2029"
    assert ("2024-01", "month") in mentions  # "at the beginning of next year"


def test_ingest_new_article_moves_only_what_it_says(db: Path) -> None:
    before = export(db)
    result = run_cli("ingest", ARTICLES / "water_minister.txt", db=db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1 and result.stdout.startswith("added")
    after = export(db)
    assert len(after["events"]) == 6
    minister = by_id(after["officials"])["nurzhan-nurzhigitov"]
    new_event = next(e["id"] for e in after["events"] if e["date"] == "2024-04-03")
    keys = ("title", "since", "until", "first_seen", "last_seen", "event")
    assert [{k: p[k] for k in keys} for p in minister["positions"]] == [
        {
            "title": "Minister of Water Resources and Irrigation",
            "since": "2024-04-03",  # "was appointed": a stated start
            "until": None,
            "first_seen": "2024-04-03",
            "last_seen": "2024-04-03",
            "event": new_event,
        },
        {   # "Nurzhigitov previously headed the Committee for Water Resources": held before, no
            # dates made up (it had ended by the article's date)
            "title": "Head of the Committee for Water Resources",
            "since": None,
            "until": None,
            "first_seen": None,
            "last_seen": None,
            "event": new_event,
        },
    ]
    assert minister["positions"][1]["ended_by"] == "2024-04-03"
    water = by_id(after["bills"])["water-code"]
    assert water["status"] == "adopted_senate"
    assert [h["status"] for h in water["history"]] == ["planned", "adopted_senate"]
    untouched_bills = {k: v for k, v in by_id(before["bills"]).items() if k != "water-code"}
    assert {k: by_id(after["bills"])[k] for k in untouched_bills} == untouched_bills
    before_officials = by_id(before["officials"])
    after_officials = by_id(after["officials"])
    for official_id in ("elvira-azimova", "artur-lastaev", "maulen-ashimbayev"):
        assert after_officials[official_id] == before_officials[official_id]


def test_ingest_is_idempotent(db: Path) -> None:
    first = run_cli("ingest", ARTICLES, db=db)
    assert first.returncode == 0, first.stderr
    snapshot = export(db)
    files = _files(db, ".json")
    again = run_cli("ingest", ARTICLES, db=db)
    assert again.returncode == 0
    assert all(line.startswith("unchanged") for line in again.stdout.splitlines())
    assert export(db) == snapshot
    assert _files(db, ".json") == files
    seeds = run_cli("ingest", ROOT / "seeds", db=db)
    assert seeds.stdout.count("unchanged") == 5


def _files(db: Path, suffix: str = "") -> dict[str, bytes]:
    """Every file of the database (the knowledge parts in their folder too), by path."""
    return {str(p.relative_to(db.parent)): p.read_bytes() for p in sorted(db.parent.rglob("*"))
            if p.is_file() and p.name.endswith(suffix)}


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"   \n\n  ", "empty"),
        ("binary.bin", bytes(range(256)) * 10, "binary"),
        ("latin1.txt", "Senate met in Astana — café".encode("cp1252") * 20, "not UTF-8"),
        ("huge.txt", b"The Senate adopted the Water Code. " * 300_000, "too large"),
        ("oneline.txt", b"word " * 20_000, "a line of"),
    ],
)
def test_bad_files_are_refused_and_nothing_written(
    db: Path, tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    export(db)
    files = _files(db)
    bad = tmp_path / name
    bad.write_bytes(content)
    good = ARTICLES / "water_minister.txt"
    result = run_cli("ingest", good, bad, db=db)  # one bad file: the good one is not written either
    assert result.returncode == 2
    assert reason in result.stderr and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert _files(db) == files


def test_bad_usage_exits_2(db: Path) -> None:
    assert run_cli("ingest", "/no/such/file.txt", db=db).returncode == 2
    assert (
        run_cli("ingest", ARTICLES / "water_minister.txt", "--date", "2024-13", db=db).returncode == 2
    )
    assert run_cli("frobnicate", db=db).returncode == 2
    assert not db.exists()  # bad input never creates the database


def test_ingest_date_option(db: Path, tmp_path: Path) -> None:
    article = tmp_path / "undated.txt"
    article.write_text("The Mazhilis adopted the Budget Code. Deputies discussed the regions.")
    result = run_cli("ingest", article, "--date", "2024-06", "--source", "Mazhilis", db=db)
    assert result.returncode == 0, result.stderr
    budget = by_id(export(db)["bills"])["budget-code"]
    assert budget["status"] == "adopted_mazhilis"
    assert budget["history"][-1]["date"] == "2024-06"


def test_reply_prints_what_the_bot_would_send(db: Path) -> None:
    result = run_cli("reply", "/bill water code", db=db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("📜 <b>Water Code</b>")
    group = run_cli("reply", "hello there", "--chat", "-100123", db=db)
    assert group.returncode == 0 and group.stdout.strip() == ""  # quiet on group chatter
    assert run_cli("reply", "", db=db).returncode == 2


def test_console_chats_and_presses_buttons(db: Path) -> None:
    result = run_cli("console", db=db, stdin="/bill code\n:1\n")
    assert result.returncode == 0, result.stderr
    assert "Several bills match" in result.stdout
    assert "[:1]" in result.stdout and "(edited)" in result.stdout


def test_every_cli_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    for command in ("run", "ingest", "export", "reply", "console", "sources", "poll", "chats"):
        assert f"`python -m bot {command}" in readme


def test_a_bug_is_not_reported_as_bad_input(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Exit 2 with one line is for bad input, each kind by its own type; a ValueError from a
    bug keeps its traceback instead of reading like the user's mistake."""
    import bot.__main__ as cli

    def broken(_store: object, _day: object) -> dict[str, Any]:
        raise ValueError("a bug")

    monkeypatch.setattr(cli, "export_knowledge", broken)
    with pytest.raises(ValueError, match="a bug"):
        cli.main(["export", "--db", str(db)])
    assert run_cli("ingest", ARTICLES / "water_minister.txt", "--date", "2024-13", db=db
               ).returncode == 2


def test_a_bug_inside_a_command_is_a_traceback_and_exit_1(db: Path) -> None:
    """A ValueError from a bug (here inside the date parser ``ingest --date`` calls) is not
    dressed as bad input: the process dies with its traceback (exit 1); a date the user got
    wrong is one line and exit 2."""
    bug = ("import sys, bot.__main__ as cli\n"
           "def broken(text): raise ValueError('a bug in the parser')\n"
           "cli.parse_user_date = broken\n"
           "sys.exit(cli.main(sys.argv[1:]))")
    water = str(ARTICLES / "water_minister.txt")
    crashed = subprocess.run([PYTHON, "-c", bug, "ingest", water, "--date", "2024-04",
                              "--db", str(db)], cwd=ROOT, env=cli_env(), capture_output=True,
                             text=True, timeout=120)
    assert crashed.returncode == 1, crashed.stderr
    assert "Traceback" in crashed.stderr and "ValueError: a bug in the parser" in crashed.stderr
    wrong = run_cli("ingest", water, "--date", "2024-13", db=db)
    assert wrong.returncode == 2 and wrong.stderr.count("\n") == 1
    assert wrong.stderr.startswith("error: ") and "Traceback" not in wrong.stderr


def test_every_error_for_the_user_has_one_base() -> None:
    """Errors that are the user's or operator's to fix derive from BotError (and nothing else
    in the project derives from ValueError), so the command line tells them from bugs."""
    import ast

    from bot.core.errors import BotError

    bases: dict[str, str] = {}
    for file in [*(ROOT / "bot").rglob("*.py"), *(ROOT / "store").glob("*.py")]:
        for node in ast.walk(ast.parse(file.read_text())):
            if isinstance(node, ast.ClassDef):
                for base in node.bases:
                    if isinstance(base, ast.Name) and base.id == "ValueError":
                        bases[node.name] = str(file.relative_to(ROOT))
    assert bases == {"BotError": "bot/core/errors.py"}
    from bot.cli_chats import ChatError
    from bot.config import ConfigError
    from bot.core.articles import ArticleError
    from store.files import StoreFileError

    assert all(issubclass(c, BotError)
               for c in (ChatError, ConfigError, ArticleError, StoreFileError))


def test_offline_tools_read_operators_by_the_bots_rule(seeded_db: Path) -> None:
    """``BOT_ADMINS`` is read by one rule for the bot and for ``reply`` / ``console`` (these
    once skipped what they could not read, where the bot refuses to start)."""
    stats = run_cli("reply", "/stats", db=seeded_db, BOT_ADMINS="1000")
    assert stats.returncode == 0 and "Stats" in stats.stdout, stats.stderr
    bad = run_cli("reply", "/stats", db=seeded_db, BOT_ADMINS="1000, boss")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "BOT_ADMINS" in bad.stderr
