"""``chats import`` takes what ``/follow`` and ``/language`` would take, and no more (issue 18):
a follow that can never fire or a language the bot does not speak is a bad line, named
FILE:LINE with its reason, and nothing is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import run_cli


def follow(kind: str, key: str) -> dict[str, str]:
    return {"kind": kind, "key": key, "label": key}


@pytest.mark.parametrize(("line", "reason"), [
    ({"id": 31, "follows": [follow("keyword", "the")]}, "nearly every article"),
    ({"id": 32, "follows": [follow("keyword", "of and")]}, "nearly every article"),
    ({"id": 33, "follows": [follow("keyword", "x")]}, "at least two letters"),
    ({"id": 34, "follows": [follow("keyword", "water -the")]}, "excluding"),
    ({"id": 35, "language": "xx"}, "language 'xx' is not one the bot speaks"),
    ({"id": 36, "language": "EN"}, "is not one the bot speaks"),
    ({"id": 37, "follows": [follow("bill", "no-such-code")]}, "no bill has the id"),
    ({"id": 38, "follows": [follow("official", "nobody-known")]}, "no official has the id"),
    ({"id": 39, "follows": [follow("office", "Emperor of the Steppe")]}, "no office"),
])
def test_a_follow_or_language_the_bot_would_refuse_is_a_bad_line(
        seeded_db: Path, tmp_path: Path, line: dict[str, object], reason: str) -> None:
    # The line before is taken whole: follows of every kind the bot knows, a language it speaks.
    knowledge = json.loads(run_cli("export", db=seeded_db).stdout)
    good = {"id": 30, "language": "ru", "follows": [
        follow("keyword", "water -sport"), follow("bill", knowledge["bills"][0]["id"]),
        follow("official", knowledge["officials"][0]["id"]), follow("office", "Prime Minister")]}
    path = tmp_path / "chats.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps(line) + "\n")
    result = run_cli("chats", "import", str(path), db=seeded_db)
    assert result.returncode == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{path}:2: ") and reason in first, first
    assert "nothing was imported" in result.stderr
    assert json.loads(run_cli("chats", "export", db=seeded_db).stdout or "null") is None
