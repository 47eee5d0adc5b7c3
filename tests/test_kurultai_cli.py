"""The Parliament of 2026 through the command line: articles of each kind (written for this test,
names made up) ingested in several orders give the same stages, offices and cards."""

from __future__ import annotations

import datetime as dt
import json
import random
import subprocess
from pathlib import Path
from typing import Any

import pytest

from bot.core.digest import Digest
from bot.core.models import Bill, BillStage, Event, PartialDate
from bot.core.schedule import ChatSettings
from bot.views.pushed import digest_message

from .command_line import run_cli
from .newsroom import Newsroom, Route, Story, article_page, rss

ARTICLES = {
    "k1_first.txt": """Kurultai backs Digital Code in first reading

ASTANA, 9 September 2026 – Deputies of the Kurultai approved the draft Digital Code in the first \
reading at a plenary session on Wednesday. Kurultai Chairman Daulet Abenov said the committees \
would now collect amendments.
""",
    "k2_second.txt": """Digital Code clears second reading

ASTANA, 14 October 2026 – Qurultay deputies passed the Digital Code in the second reading. \
Deputy Chairman of the Kurultai Saule Temirova presented the amendments.
""",
    "k3_third.txt": """Kurultai adopts Digital Code

ASTANA, 4 November 2026 – The Digital Code was adopted in the third reading and sent to the \
Head of State for signature.
""",
    "k4_signed.txt": """Tokayev signs Digital Code

ASTANA, 12 November 2026 – President Kassym-Jomart Tokayev signed the Digital Code.
""",
    "k5_glaciers.txt": """Glacier law approved in first reading

ASTANA, 1 October 2026 – The Kurultai approved the law on glacier protection in the first \
reading.
""",
    "k6_vice.txt": """Vice President appointed

ASTANA, 2 September 2026 – By decree of the Head of State, Bolat Zhumabekov was appointed Vice \
President of the Republic of Kazakhstan with the consent of the Kurultai.
""",
    "o1_bees.txt": """Mazhilis passes beekeeping law

ASTANA, 11 March 2026 – The Mazhilis adopted the law on beekeeping in the second reading. Senate \
Chairman Marat Ospanov said senators would consider it in April.
""",
    "o2_apiaries.txt": """Apiary law in first reading

ASTANA, 10 February 2026 – The Mazhilis approved the law on apiaries in the first reading.
""",
    "t1_national.txt": """National Kurultai meets in Burabay

BURABAY, 14 March 2025 – President Kassym-Jomart Tokayev addressed the fourth meeting of the \
National Kurultai. Delegates of the National Kurultai backed the law on beekeeping.
""",
    "t2_kyrgyz.txt": """Kyrgyz People's Kurultai elects chairman

BISHKEK, 20 November 2026 – Delegates of the People's Kurultai of Kyrgyzstan elected Nurbek \
Asanov as Chairman of the People's Kurultai. The Kyrgyz Kurultai approved the law on beekeeping.
""",
}


def _reply(db: Path, text: str, lang: str = "en") -> str:
    result = run_cli("reply", text, "--lang", lang, db=db)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _ingested(tmp_path: Path, order: list[str]) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text)
    db = tmp_path / "bot.json"
    result = run_cli("ingest", *(str(folder / name) for name in order), db=db)
    assert result.returncode == 0, result.stderr
    export = run_cli("export", db=db)
    data: dict[str, Any] = json.loads(export.stdout)
    return db, data


def _history(data: dict[str, Any], title: str) -> list[tuple[str | None, str]]:
    (bill,) = [b for b in data["bills"] if b["title"] == title]
    return sorted((h["date"], h["status"]) for h in bill["history"])


def _titles(data: dict[str, Any], name: str) -> list[str]:
    found = [o for o in data["officials"] if o["name"] == name]
    return [p["office"] for o in found for p in o["positions"]]


ORDERS = {
    "as written": sorted(ARTICLES),
    "backwards": sorted(ARTICLES, reverse=True),
    "shuffled": random.Random(20).sample(sorted(ARTICLES), len(ARTICLES)),
}


@pytest.mark.parametrize("order", list(ORDERS))
def test_the_kurultai_through_the_cli_in_any_order(tmp_path: Path, order: str) -> None:
    db, data = _ingested(tmp_path, ORDERS[order])
    digital = _history(data, "Digital Code")
    assert ("2026-09-09", "first_reading") in digital
    assert ("2026-10-14", "second_reading") in digital
    assert ("2026-11-04", "adopted_kurultai") in digital
    assert ("2026-11-12", "signed") in digital
    assert not {"adopted_mazhilis", "adopted_senate"} & {s for _, s in digital}
    # the old Parliament's stage keeps its chamber; the other Kurultais adopt nothing
    assert _history(data, "Law on beekeeping") == [("2026-03-11", "adopted_mazhilis")]
    assert _history(data, "Law on glacier protection") == [("2026-10-01", "first_reading")]
    assert _titles(data, "Daulet Abenov") == ["Chairman of the Kurultai"]
    assert _titles(data, "Saule Temirova") == ["Deputy Chairman of the Kurultai"]
    assert _titles(data, "Bolat Zhumabekov") == ["Vice President"]
    assert not any("Kurultai" in t for t in _titles(data, "Nurbek Asanov"))

    card = _reply(db, "/bill digital code")
    assert "Passed the first reading in the Kurultai" in card
    assert "Passed the second reading in the Kurultai" in card
    assert "Adopted by the Kurultai in the third reading" in card
    assert "Mazhilis" not in card and "(Senate)" not in card
    bees = _reply(db, "/bill beekeeping")
    assert "Adopted by the Mazhilis" in bees and "Kurultai" not in bees

    # /bills: a first reading of each Parliament under its own heading
    listing = _reply(db, "/bills first reading")
    assert "Passed the first reading in the Mazhilis</b>\n• Law on apiaries" in listing
    assert "Passed the first reading in the Kurultai</b>\n• Law on glacier protection" in listing

    chairman = _reply(db, "/official chairman of the kurultai")
    assert "Daulet Abenov" in chairman and "Asanov" not in chairman
    russian = _reply(db, "/official председатель курултая", "ru")
    assert "Председатель Курултая" in russian and "Daulet Abenov" in russian
    kazakh = _reply(db, "/official құрылтай төрағасы", "kk")
    assert "Құрылтай Төрағасы" in kazakh and "Daulet Abenov" in kazakh


def test_abolished_posts_and_the_words_for_readers(tmp_path: Path) -> None:
    db, _data = _ingested(tmp_path, sorted(ARTICLES))
    senate = _reply(db, "/official chairman of the senate")
    assert "abolished on 1 July 2026" in senate
    assert "<b>Now:</b> nobody" in senate and "Marat Ospanov" in senate
    ospanov = _reply(db, "/official Ospanov")
    assert "Chairman of the Senate: seen in office on 11 March 2026; the post abolished on 1 July " \
        "2026" in ospanov
    assert "упразднена 1 июля 2026" in _reply(db, "/official speaker of the senate", "ru")
    # a post nobody known held says it is abolished, not "nobody known holds it"
    secretary = _reply(db, "/official state secretary")
    assert "Secretary of State" in secretary and "abolished on 1 July 2026" in secretary
    assert "Мемлекеттік хатшы" in _reply(db, "/official мемлекеттік хатшы", "kk")
    assert "Kurultai" in _reply(db, "/help")
    assert "Құрылтай" in _reply(db, "/help", "kk")
    # "/bills во втором чтении" is the Kurultai's second reading (none is there now)
    assert "«Одобрен Курултаем во втором чтении»" in _reply(db, "/bills во втором чтении", "ru")


def test_digests_name_the_parliament_of_the_stage() -> None:
    event = Event("e1", PartialDate(2026, 10, 14), "Digital Code clears second reading")
    new = Bill("digital-code", "Digital Code", "code",
               (BillStage(PartialDate(2026, 9, 9), "first_reading", "e1"),))
    old = Bill("law-on-apiaries", "Law on apiaries", "law",
               (BillStage(PartialDate(2026, 2, 10), "first_reading", "e0"),))
    digest = Digest(stages=((new, "first_reading", event), (old, "first_reading", event)))
    text = digest_message(digest, dt.date(2026, 10, 15), ChatSettings()).text
    assert "The Kurultai passed the <b>Digital Code</b> in the first reading" in text
    assert "The Mazhilis passed the <b>Law on apiaries</b> in the first reading" in text


# Polled news: Kazakhstan's Kurultai is about the state, Kyrgyzstan's People's Kurultai is not.
KURULTAI_NEWS = Story(
    "kurultai-seeds", "Qurultay backs law on seed banks", "2026-10-21",
    ("ASTANA. The Qurultay approved the law On Seed Banks in the second reading on Wednesday.",
     "The law lets farmers store grain varieties in regional seed banks."))
KYRGYZ_NEWS = Story(
    "bishkek-kurultai", "People's Kurultai gathers in Bishkek", "2026-10-21",
    ("BISHKEK. Delegates of the People's Kurultai of Kyrgyzstan met on Wednesday.",
     "The delegates discussed pasture use and the deputies of the Jogorku Kenesh listened."))


def test_polled_news_keeps_kazakhstans_kurultai_and_drops_kyrgyzstans(tmp_path: Path) -> None:
    db = tmp_path / "bot.json"
    def sh(*args: str) -> subprocess.CompletedProcess[str]:
        return run_cli(*args, db=db, BOT_ALLOW_LOCAL_SOURCES="1", BOT_FETCH_TIMEOUT="1",
                       BOT_CONTACT="ops@example.org")

    with Newsroom() as room:
        room.routes.update({
            "/news/seeds": Route(article_page(KURULTAI_NEWS)),
            "/news/bishkek": Route(article_page(KYRGYZ_NEWS)),
            "/kurultai.xml": Route(rss([(KURULTAI_NEWS, "/news/seeds"),
                                        (KYRGYZ_NEWS, "/news/bishkek")]),
                                   "application/rss+xml"),
        })
        assert sh("sources", "add", room.url + "/kurultai.xml").returncode == 0
        polled = sh("poll")
    assert polled.returncode == 0, polled.stderr
    lines = polled.stdout.strip().splitlines()
    assert [line.split()[0] for line in lines[:-1]] == ["added"]
    assert "Qurultay backs law on seed banks" in lines[0]
    assert "1 skipped: not about the state" in lines[-1]
    data = json.loads(sh("export").stdout)
    # the headline's "backs" is the second reading the article tells of, not the adoption
    assert _history(data, "Law on Seed Banks") == [("2026-10-21", "second_reading")]
