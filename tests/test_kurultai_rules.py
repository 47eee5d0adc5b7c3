"""The Parliament of 2026, rule by rule: the Kurultai's readings by the date of the stage, its
offices in every spelling, and the other Kurultais that are no Parliament (sentences written for
these tests, three or more variants a class)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.extract import Roster, extract
from bot.core.extraction import kurultai
from bot.core.lookup import office_index, office_title
from bot.core.models import Article, Official, PartialDate, Position
from bot.core.parliament import abolished_on, bill_era, in_kurultai_era, stage_era
from bot.core.relevance import about_the_state

AUTUMN = PartialDate(2026, 10, 14)  # the Kurultai sits
SPRING = PartialDate(2026, 3, 5)  # the Mazhilis and the Senate still do

TODAY = dt.date(2026, 12, 6)  # the day the answers are asked on (the clock is an input)


def stages(text: str, date: PartialDate | None) -> dict[str, list[str]]:
    extraction = extract(Article(text, date=date))
    return {b.title: [s for s, _ in b.stages] for b in extraction.bills}


def positions(text: str, date: PartialDate | None = AUTUMN) -> dict[str, list[str]]:
    extraction = extract(Article(text, date=date), Roster([]))
    return {o.name: [p.title for p in o.positions] for o in extraction.officials}


# --------------------------------------------------------------------------- the date's Parliament


def test_a_date_belongs_to_one_parliament_or_does_not_tell() -> None:
    assert in_kurultai_era(PartialDate(2026, 7, 1)) is True
    assert in_kurultai_era(PartialDate(2026, 6, 30)) is False
    assert in_kurultai_era(PartialDate(2026, 6)) is False
    assert in_kurultai_era(PartialDate(2026)) is None  # straddles 1 July
    assert in_kurultai_era(None) is None
    assert stage_era("second_reading", None) is True
    assert stage_era("adopted_senate", PartialDate(2027)) is False


# Class: the Kurultai's first two readings. After 1 July 2026 "deputies", "MPs", "Parliament" or
# a reading with no chamber named is the Kurultai; the second reading is a stage of its own.
@pytest.mark.parametrize(("sentence", "status"), [
    ("The Kurultai approved the law on beekeeping in the second reading.", "second_reading"),
    ("Deputies passed the law on beekeeping in the second reading on Wednesday.",
     "second_reading"),
    ("MPs backed the law on beekeeping at second reading.", "second_reading"),
    ("The law on beekeeping was approved in the 2nd reading at the plenary session of the "
     "Qurultay.", "second_reading"),
    ("Deputies of the Kurultay approved the law on beekeeping in the first reading.",
     "first_reading"),
])
def test_the_kurultais_readings(sentence: str, status: str) -> None:
    assert stages(sentence, AUTUMN)["Law on beekeeping"] == [status]


# Class: the Kurultai's adoption: the third (final) reading, a law sent to the President, or
# "Parliament adopted" after 1 July 2026.
@pytest.mark.parametrize("sentence", [
    "The Kurultai adopted the law on beekeeping in the third reading.",
    "The law on beekeeping was adopted in the third reading and sent to the Head of State for "
    "signature.",
    "Parliament adopted the law on beekeeping and sent it to the President.",
    "Deputies approved the law on beekeeping in the second and third readings.",
    "MPs passed the law on beekeeping in the final reading on Wednesday.",
    "The law on beekeeping was adopted by the Qurultay.",
])
def test_the_kurultais_adoption(sentence: str) -> None:
    assert stages(sentence, AUTUMN)["Law on beekeeping"] == ["adopted_kurultai"]


# Class: the Kurultai returns a bill to its initiators (a bill's topic stops before them).
@pytest.mark.parametrize("sentence", [
    "The Qurultai returned the law on beekeeping to its initiators.",
    "The Kurultai sent the law on beekeeping back to its authors.",
    "The Kurultai returned the law on beekeeping to their developers for revision.",
])
def test_a_bill_returned_to_its_initiators(sentence: str) -> None:
    assert stages(sentence, AUTUMN) == {"Law on beekeeping": ["returned"]}


# Class: the same words before 1 July 2026 are the chambers' stages, as they always were.
@pytest.mark.parametrize(("sentence", "status"), [
    ("Deputies passed the law on beekeeping in the second reading.", "adopted_mazhilis"),
    ("The Mazhilis adopted the law on beekeeping in the third reading.", "adopted_mazhilis"),
    ("Parliament adopted the law on beekeeping.", "adopted_senate"),
    ("The Senate adopted the law on beekeeping and sent it to the Head of State for signature.",
     "adopted_senate"),
])
def test_before_july_2026_the_chambers_adopt(sentence: str, status: str) -> None:
    assert stages(sentence, SPRING)["Law on beekeeping"] == [status]


# Class: an article of the Kurultai's time telling a stage dated before it.
@pytest.mark.parametrize("sentence", [
    "In May 2026 the Mazhilis adopted the law on beekeeping.",
    "The law on beekeeping was passed by deputies in April 2026.",
    "On 20 June 2026, the Senate approved the law on beekeeping.",
])
def test_a_stage_dated_before_july_keeps_its_chamber(sentence: str) -> None:
    assert stages(sentence, AUTUMN)["Law on beekeeping"][0] in {"adopted_mazhilis",
                                                                "adopted_senate"}


def test_an_undated_article_is_the_kurultais_only_when_it_names_it() -> None:
    named = "The Kurultai approved the law on beekeeping in the second reading."
    assert stages(named, None)["Law on beekeeping"] == ["second_reading"]
    unnamed = "Deputies approved the law on beekeeping in the second reading."
    assert stages(unnamed, None)["Law on beekeeping"] == ["adopted_mazhilis"]


# Class: the Kurultais that are not the Parliament: no stage, no chamber.
@pytest.mark.parametrize("sentence", [
    "The National Kurultai approved the law on beekeeping.",
    "Kyrgyzstan's People's Kurultai adopted the law on beekeeping.",
    "The Kurultai of Kyrgyzstan passed the law on beekeeping.",
    "Delegates of the Ulttyq Qurultay backed the law on beekeeping.",
])
def test_other_kurultais_adopt_nothing(sentence: str) -> None:
    assert stages(sentence, AUTUMN).get("Law on beekeeping", []) == []


# Class: before 1 July 2026 a "Kurultai" is the National Kurultai: no stage, no chamber, no office.
@pytest.mark.parametrize("sentence", [
    "The Kurultai backed the law on beekeeping at its meeting in Atyrau.",
    "Kurultai member Aidar Bekov praised the law on beekeeping.",
    "At the third meeting of the Kurultai, delegates approved the law on beekeeping.",
])
def test_a_kurultai_before_july_2026_is_no_parliament(sentence: str) -> None:
    date = PartialDate(2024, 3, 15)
    assert stages(sentence, date).get("Law on beekeeping", []) == []
    assert not any("Kurultai" in t for t in positions(sentence, date).get("Aidar Bekov", []))


# --------------------------------------------------------------------------- offices


# Class: the Kurultai's offices, every spelling folded into one.
@pytest.mark.parametrize(("sentence", "title"), [
    ("Kurultai Chairman Yerlan Koshanov opened the session.", "Chairman of the Kurultai"),
    ("Speaker of the Qurultay Yerlan Koshanov opened the session.", "Chairman of the Kurultai"),
    ("Yerlan Koshanov, Chairman of the Kurultay, opened the session.",
     "Chairman of the Kurultai"),
    ("Kurultai Speaker Yerlan Koshanov opened the session.", "Chairman of the Kurultai"),
    ("Dana Nurzhanova, Deputy Chairman of the Kurultai, chaired the sitting.",
     "Deputy Chairman of the Kurultai"),
    ("Kurultai deputy Askar Sadykov asked the Government about grain prices.",
     "Deputy of the Kurultai"),
    ("Askar Sadykov, a deputy of the Qurultai, asked about grain prices.",
     "Deputy of the Kurultai"),
    # told by a verb: "to head", "who heads", "who chairs"
    ("Daulet Abenov was elected to head the Kurultai.", "Chairman of the Kurultai"),
    ("Daulet Abenov, who heads the Kurultai, opened the session.", "Chairman of the Kurultai"),
    ("Daulet Abenov, who chairs the Qurultay, opened the session.", "Chairman of the Kurultai"),
])
def test_kurultai_offices(sentence: str, title: str) -> None:
    assert title in next(iter(positions(sentence).values()))


# Class: the Kurultai's committees, one title however the committee is written.
@pytest.mark.parametrize("sentence", [
    "Aidar Bekov, Chairman of the Kurultai Committee on Finance and Budget, presented the report.",
    "Chair of the Committee on Finance and Budget of the Kurultai Aidar Bekov presented it.",
    "Aidar Bekov chaired the Kurultai Committee on Finance and Budget.",
    "The Kurultai approved the heads of its committees: Aidar Bekov (Finance and Budget), Saule "
    "Temirova (Legislation).",
])
def test_kurultai_committee_chairs(sentence: str) -> None:
    assert positions(sentence)["Aidar Bekov"] == [
        "Chairman of the Kurultai Committee on Finance and Budget"]


# Class: members named by their words ("MP", "Deputies A and B") are the Kurultai's deputies in
# an article of its time, the Mazhilis's before.
@pytest.mark.parametrize("sentence", [
    "Parliament met on Wednesday. MP Aidar Bekov asked the minister about grain.",
    "Deputies Aidar Bekov and Saule Temirova asked the minister about grain.",
    "The Kurultai met on Wednesday. Deputy Aidar Bekov asked the minister about grain.",
])
def test_deputies_belong_to_the_parliament_of_the_date(sentence: str) -> None:
    assert positions(sentence, AUTUMN)["Aidar Bekov"] == ["Deputy of the Kurultai"]
    if "Kurultai" not in sentence:
        assert positions(sentence, SPRING)["Aidar Bekov"] == ["Deputy of the Mazhilis"]


@pytest.mark.parametrize(("sentence", "title"), [
    ("Aidar Bekov was appointed Chairman of the Khalyk Kenesi.", "Chairman of the Khalyk Kenesi"),
    ("Aidar Bekov, a member of the Khalyk Kenesi, proposed a bill.",
     "Member of the Khalyk Kenesi"),
    ("Chairman of the Khalyq Kenesi Aidar Bekov proposed a bill.",
     "Chairman of the Khalyk Kenesi"),
])
def test_the_khalyk_kenesi(sentence: str, title: str) -> None:
    assert positions(sentence)["Aidar Bekov"] == [title]


@pytest.mark.parametrize("sentence", [
    "Vice President Bolat Zhumabekov met the delegation.",
    "Bolat Zhumabekov, Vice President of Kazakhstan, met the delegation.",
    "Bolat Zhumabekov was appointed Vice-President with the consent of the Kurultai.",
])
def test_the_vice_president(sentence: str) -> None:
    assert positions(sentence)["Bolat Zhumabekov"] == ["Vice President"]


# Class: a company's vice president is no Vice President of the state.
@pytest.mark.parametrize("sentence", [
    "Bolat Zhumabekov, vice president of KazMunayGas, met the delegation.",
    "Vice President of Air Astana Bolat Zhumabekov met the delegation.",
    "Bolat Zhumabekov, Vice President at Kazakhtelecom, met the delegation.",
])
def test_a_companys_vice_president_is_not_the_states(sentence: str) -> None:
    assert "Vice President" not in positions(sentence).get("Bolat Zhumabekov", [])
    assert "President" not in positions(sentence).get("Bolat Zhumabekov", [])


# Class: the chairmen of the other Kurultais hold no office of the Parliament.
@pytest.mark.parametrize("sentence", [
    "Nurlanbek Shakiev was elected Chairman of the People's Kurultai of Kyrgyzstan.",
    "The People's Kurultai elected Nurlanbek Shakiev as Chairman of the Kurultai of Kyrgyzstan.",
    "Nurlanbek Shakiev, Chairman of the National Kurultai, spoke first.",
    "Kyrgyz Kurultai Speaker Nurlanbek Shakiev spoke first.",
    "Nurlanbek Shakiev, who heads the National Kurultai, spoke first.",
])
def test_other_kurultais_chairmen_hold_no_kazakh_office(sentence: str) -> None:
    titles = positions(sentence).get("Nurlanbek Shakiev", [])
    assert not any("Kurultai" in t for t in titles), titles


@pytest.mark.parametrize(("query", "title"), [
    ("председатель курултая", "Chairman of the Kurultai"),
    ("Құрылтай төрағасы", "Chairman of the Kurultai"),
    ("speaker of the qurultay", "Chairman of the Kurultai"),
    ("кurultai speaker".replace("к", "k"), "Chairman of the Kurultai"),
    ("депутат курултая", "Deputy of the Kurultai"),
    ("вице-президент", "Vice President"),
    ("vice president", "Vice President"),
    ("госсекретарь", "Secretary of State"),
])
def test_office_queries_in_three_languages(query: str, title: str) -> None:
    assert office_title(query) == title


# --------------------------------------------------------------------------- abolished posts


def _holder(title: str, since: PartialDate) -> Official:
    return Official("x", "Aigul Nurtayeva", (), (Position(title, since=since, event="e"),))


@pytest.mark.parametrize("title", ["Chairman of the Senate", "Chairman of the Mazhilis",
                                   "Secretary of State", "Senator", "Deputy of the Mazhilis",
                                   "Chairman of the Senate Committee on Finance"])
def test_abolished_posts_have_nobody_now(title: str) -> None:
    assert abolished_on(title, dt.date(2026, 7, 1)) == PartialDate(2026, 7, 1)
    assert abolished_on(title, dt.date(2026, 6, 30)) is None
    holders = office_index([_holder(title, PartialDate(2024))]).holders(title, dt.date(2026, 7, 1))
    assert holders.current == () and len(holders.last) == 1 and holders.before == ()
    assert abolished_on("Chairman of the Kurultai", dt.date(2027, 1, 1)) is None


# --------------------------------------------------------------------------- relevance


@pytest.mark.parametrize(("text", "kept"), [
    ("The Kurultai adopted the Budget Code on Wednesday.", True),
    ("Qurultay deputies met farmers in Kostanay region.", True),
    ("The People's Kurultai of Kyrgyzstan elected its chairman in Bishkek.", False),
    ("BISHKEK – Delegates of the People's Kurultai backed President Japarov's plan.", False),
    ("The Kyrgyz Kurultai gathered 1,000 delegates.", False),
    ("Tokayev sent greetings to the People's Kurultai of Kyrgyzstan on behalf of Kazakhstan.",
     True),
])
def test_relevance_keeps_kazakhstans_kurultai_only(text: str, kept: bool) -> None:
    assert about_the_state(text, 0, 0) is kept
    assert kurultai.about_other_kurultai(text) is not kept


def test_bill_era_reads_the_stage_behind_the_status() -> None:
    from bot.core.models import Bill, BillStage
    new = Bill("b", "Law on bees", "law", (BillStage(PartialDate(2026, 9, 9), "first_reading",
                                                     "e"),))
    old = Bill("c", "Law on wasps", "law", (BillStage(PartialDate(2025, 9, 9), "first_reading",
                                                      "e"),))
    assert bill_era(new, TODAY) is True and bill_era(old, TODAY) is False


# Class: a loose headline ("Kurultai backs law") over a body that names the reading is that
# reading, not the Kurultai's adoption; a headline over a third reading stays the adoption.
@pytest.mark.parametrize(("text", "wanted"), [
    ("Kurultai backs law on beekeeping\n\nThe Kurultai approved the law on beekeeping in the "
     "second reading on Wednesday.", ["second_reading"]),
    ("Deputies pass law on beekeeping\n\nDeputies approved the law on beekeeping in the first "
     "reading.", ["first_reading"]),
    ("Qurultay approves law on beekeeping\n\nMPs passed the law on beekeeping in the second "
     "reading.", ["second_reading"]),
    ("Kurultai adopts law on beekeeping\n\nThe Kurultai adopted the law on beekeeping in the third "
     "reading.", ["adopted_kurultai"]),
])
def test_a_headline_defers_to_the_reading_the_body_names(text: str, wanted: list[str]) -> None:
    assert stages(text, AUTUMN)["Law on beekeeping"] == wanted
