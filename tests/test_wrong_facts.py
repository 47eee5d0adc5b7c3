"""The wrong facts found in real use, each fixed at its root and held here by a test.

The articles are written for these tests (facts may be real, sentences are not copied).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.core.extract import article_id, extract
from bot.core.knowledge import merge_bill
from bot.core.models import Article, PartialDate

from .command_line import run_cli
from .conftest import export_json

FUTURE_IN_FORCE = """Senate adopts law on renewable energy

27 November 2026, 11:20

ASTANA – The Senate adopted the law on renewable energy sources on Thursday and sent it to the \
Head of State for signature. The law will enter into force on 1 January 2027.
"""

DECREE = """New energy minister appointed

5 March 2026, 18:10

By the Decree of the Head of State, Aidar Zhakupov has been appointed Minister of Energy of the \
Republic of Kazakhstan, Akorda press service reports. Zhakupov previously headed a department \
of the ministry.
"""

RETROSPECTIVE = """Speaker looks back on the year

27 November 2023

ASTANA – Regarding social initiatives, Ashimbayev pointed to adopting the Social Code to make \
social policy more effective. President Tokayev's address set the tasks for next year.
"""


def test_a_future_entry_into_force_is_a_mention_and_a_stage_only_from_its_date() -> None:
    extraction = extract(Article(FUTURE_IN_FORCE))
    (bill,) = extraction.bills
    # 27 November 2026: after 1 July 2026 a final adoption is the Kurultai's, whatever the words
    assert [status for status, _ in bill.stages] == ["adopted_kurultai"]
    assert [(s, d.iso()) for s, d, _ in bill.scheduled] == [("in_force", "2027-01-01")]
    assert "2027-01-01" in [m.date.iso() for m in extraction.event.mentions]
    merged = merge_bill(None, bill, extraction.event.id)
    assert merged.status_on(dt.date(2026, 11, 27)) == "adopted_kurultai"
    assert merged.status_on(dt.date(2026, 12, 31)) == "adopted_kurultai"
    assert merged.status_on(dt.date(2027, 1, 1)) == "in_force"


def test_the_appointee_of_a_decree_of_the_head_of_state_is_not_made_president(
    tmp_path: Path,
) -> None:
    extraction = extract(Article(DECREE))
    positions = {o.name: [(p.title, p.change) for p in o.positions]
                 for o in extraction.officials}
    assert positions["Aidar Zhakupov"] == [("Minister of Energy", "start")]
    # Through the CLI: one President in the knowledge base, the office without "Akorda".
    article = tmp_path / "decree.txt"
    article.write_text(DECREE)
    db = tmp_path / "bot.json"
    assert run_cli("ingest", str(article), db=db).returncode == 0
    officials = export_json(db)["officials"]
    presidents = [o["name"] for o in officials
                  if any(p["office"] == "President" and p["until"] is None
                         and not p.get("ended_by") for p in o["positions"])]
    assert presidents == ["Kassym-Jomart Tokayev"]
    titles = {p["office"] for o in officials for p in o["positions"]}
    assert not any("Akorda" in t for t in titles)


def test_possessives_stay_in_stored_text() -> None:
    extraction = extract(Article(RETROSPECTIVE))
    assert "President Tokayev's address" in extraction.event.text
    assert any("Tokayev's address" in m.text for m in extraction.event.mentions)


def test_a_corrected_timestamp_is_the_same_article(tmp_path: Path) -> None:
    corrected = FUTURE_IN_FORCE.replace("11:20", "11:25")
    assert article_id(Article(FUTURE_IN_FORCE)) == article_id(Article(corrected))
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(FUTURE_IN_FORCE)
    second.write_text(corrected)
    db = tmp_path / "bot.json"
    assert run_cli("ingest", str(first), db=db).returncode == 0
    events = len(export_json(db)["events"])
    again = run_cli("ingest", str(second), db=db)
    assert again.returncode == 0 and "unchanged" in again.stdout
    assert len(export_json(db)["events"]) == events
    # A web page is known by its address, whatever its text becomes.
    page = Article("Version one of the story.", url="https://example.kz/news/1?utm_source=x")
    edited = Article("Version two, edited.", url="https://www.example.kz/news/1/")
    assert article_id(page) == article_id(edited)


def test_a_retrospective_mention_is_no_dated_stage_and_no_chamber_is_made_up() -> None:
    extraction = extract(Article(RETROSPECTIVE))
    social = [b for b in extraction.bills if b.title == "Social Code"]
    assert social and social[0].stages == ()
    # With no chamber named anywhere, "the law was adopted" is not given one.
    bare = extract(Article("The law on beekeeping was adopted.", date=PartialDate(2024, 5, 2)))
    assert all(b.stages == () for b in bare.bills)
    named = extract(Article("The Senate adopted the law on beekeeping.", date=PartialDate(2024, 5)))
    assert [s for s, _ in named.bills[0].stages] == ["adopted_senate"]


def test_no_start_is_made_up_from_a_first_sighting(tmp_path: Path) -> None:
    officials = {o["id"]: o for o in export_json(tmp_path / "bot.json")["officials"]}
    president = [p for p in officials["kassym-jomart-tokayev"]["positions"]
                 if p["office"] == "President"]
    assert president and president[0]["since"] is None
    assert president[0]["first_seen"] is not None and president[0]["event"]
