"""Words the bot says (issue 18, "Following, lookups, words"): replies start with a capital,
proper names keep theirs in the middle of a sentence, counts agree with their nouns in every
language, and a heading names what was asked for. Through ``python -m bot reply``."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import run_cli


def reply(db: Path, text: str, *args: str, **env: str) -> str:
    result = run_cli("reply", text, *args, db=db, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("text", ["/settings freq monthly", "/settings time 25:00",
                                  "/settings day someday", "/settings quiet late",
                                  "/settings colour blue", "/settings tz Mars/Olympus",
                                  "/subscribe 25:00"])
def test_a_refusal_that_opens_a_reply_opens_with_a_capital(seeded_db: Path, text: str) -> None:
    for lang in ("en", "ru", "kk"):
        first = reply(seeded_db, text, "--lang", lang).lstrip()
        assert first[:1].isupper(), (lang, first)


def test_proper_names_keep_their_capitals_in_bills_by_status(seeded_db: Path) -> None:
    english = reply(seeded_db, "/bills adopted").splitlines()[0]
    # the labels as printed, in quotes (issue 21: never lowered, never made to agree)
    assert "“Adopted by the Mazhilis”" in english and "“Approved by the Senate”" in english
    assert "mazhilis" not in english and "senate" not in english
    russian = reply(seeded_db, "/bills adopted", "--lang", "ru").splitlines()[0]
    assert "«Принят Мажилисом»" in russian and "мажилис" not in russian
    kazakh = reply(seeded_db, "/bills adopted", "--lang", "kk").splitlines()[0]
    assert "Мәжіліс қабылдады" in kazakh and "мәжіліс" not in kazakh


@pytest.mark.parametrize(("chats", "russian"), [
    (1, "1 личный чат"), (3, "3 личных чата"), (5, "5 личных чатов"), (21, "21 личный чат")])
def test_russian_stats_count_chats_with_their_noun(seeded_db: Path, chats: int,
                                                    russian: str) -> None:
    for chat in range(chats):
        reply(seeded_db, "/follow water", "--chat", str(5000 + chat), "--user", str(5000 + chat))
    stats = reply(seeded_db, "/stats", "--user", "42", "--lang", "ru", BOT_ADMINS="42")
    line = next(line for line in stats.splitlines() if line.startswith("Чатов"))
    assert f"активных: {chats} ({russian})" in line, line
    english = reply(seeded_db, "/stats", "--user", "42", BOT_ADMINS="42")
    assert f"({chats} private chat" in english


@pytest.mark.parametrize(("query", "heading"), [
    ("/on 2023", "Mentioned for 2023"), ("/on 2023-11", "Mentioned for November 2023"),
    ("/on 26.11.2023", "Mentioned for 26 November 2023")])
def test_mentions_are_headed_by_what_was_asked(seeded_db: Path, query: str,
                                               heading: str) -> None:
    answer = reply(seeded_db, query)
    assert f"<b>{heading}</b>" in answer and "this date" not in answer
