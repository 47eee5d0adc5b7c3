"""Each extraction rule with the sentences it exists for (sentences written for these tests; the
classes come from real Kazakh outlets' English news). One row per way of writing a thing."""

from __future__ import annotations

import pytest

from bot.core.extract import Roster, extract
from bot.core.extraction.bills import find_bills
from bot.core.extraction.page import title_and_body
from bot.core.extraction.titles import find_titles
from bot.core.models import Article, Official, PartialDate, Position
from bot.core.text import name_key, same_given_name

DAY = PartialDate(2025, 3, 14)


def positions(text: str, known: list[Official] | None = None,
              date: PartialDate | None = DAY) -> dict[str, list[tuple[str, str]]]:
    extraction = extract(Article(text, date=date), Roster(known or []))
    return {o.name: [(p.title, p.change) for p in o.positions] for o in extraction.officials}


def stages(text: str, date: PartialDate | None = DAY) -> dict[str, list[str]]:
    extraction = extract(Article(text, date=date))
    return {b.title: [s for s, _ in b.stages] for b in extraction.bills}


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(("a", "b"), [
    ("Kassym-Jomart Tokayev", "Qasym-Zhomart Toqaev"),
    ("Kassym-Zhomart Tokayev", "Kasym-Zhomart Tokaev"),
    ("Nazarbayev", "Nazarbaev"),
    ("Yerzhan", "Erzhan"),
    ("Nigmatulin", "Nigmatullin"),
])
def test_transliterations_share_one_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("short", "full", "same"), [
    ("Jomart", "Kassym-Jomart", True),
    ("N.", "Nurlan", True),
    ("Ye.", "Yerlan", True),
    ("Sh.", "Shynar", True),
    ("Zulfiya", "Zhuldyz", False),
])
def test_given_names_match_clipped_and_initials(short: str, full: str, same: bool) -> None:
    assert same_given_name(short, full) is same


def test_spellings_of_one_person_are_one_record() -> None:
    text = ("Qasym-Zhomart Toqaev met deputies. Later Kassym-Jomart Tokayev spoke. "
            "Jomart Tokayev closed the meeting.")
    extraction = extract(Article(text, date=DAY))
    assert [o.id for o in extraction.officials] == ["qasym-zhomart-toqaev"]


def test_an_initial_resolves_to_a_known_person_else_stays_an_initial() -> None:
    known = [Official("dariga-nazarbayeva", "Dariga Nazarbayeva", (),
                      (Position("Chairman of the Senate", first_seen=PartialDate(2019)),))]
    found = positions("Senator D. Nazarbayeva spoke at the session.", known)
    assert "Dariga Nazarbayeva" in found
    alone = extract(Article("Interior Minister Ye.Turgumbayev presented the bill.", date=DAY))
    assert [o.name for o in alone.officials] == ["Ye. Turgumbayev"]  # no given name made up


# --------------------------------------------------------------------------- offices


@pytest.mark.parametrize(("sentence", "title"), [
    ("Daniyar Beisenov, the new energy minister, said", "Minister of Energy"),
    ("culture minister Aigul Sadykova said", "Minister of Culture and Information"),
    ("CEC Deputy Chairman Nurlan Abdirov said", "Deputy Chairman of the Central Election Commission"),
    ("Aigerim Bekova, the secretary of the Pavlodar regional maslikhat, said",
     "Secretary of the Pavlodar Regional Maslikhat"),
    ("head of the National Bank Timur Suleimenov said", "Head of the National Bank"),
    ("first vice minister of national economy Asset Irgaliyev said",
     "First Vice Minister of National Economy"),
    ("Senate Speaker Maulen Ashimbayev said", "Chairman of the Senate"),
    ("the chairperson of the Senate of the Parliament said", "Chairman of the Senate"),
    ("Interior Minister Marat Akhmetzhanov said", "Minister of Internal Affairs"),
    ("Aidar Ospanov, head of the Ministry of Energy, said", "Minister of Energy"),
    ("Deputy Speaker of the Mazhilis Albert Rau said", "Deputy Chairman of the Mazhilis"),
    ("MP Aidos Sarym said", "Deputy of the Mazhilis"),
    ("Ombudsman Artur Lastayev said", "Commissioner for Human Rights"),
])
def test_offices_written_every_way_fold_into_one(sentence: str, title: str) -> None:
    assert title in [t.title for t in find_titles(sentence)]


@pytest.mark.parametrize(("text", "who", "expected"), [
    # apposition, lower case, after the name
    ("Daniyar Beisenov, the new energy minister, visited Atyrau.", "Daniyar Beisenov",
     [("Minister of Energy", "start")]),
    # "previously served as": a former post, no end date made up
    ("Bolat Zhamishev previously served as finance minister.", "Bolat Zhamishev",
     [("Minister of Finance", "former")]),
    ("Former Prime Minister Karim Massimov spoke.", "Karim Massimov",
     [("Prime Minister", "former")]),
    # a post told by a verb
    # "had chaired ... since": a stated start, and a post no longer held
    ("Serik Akhmetov had chaired the Anti-Corruption Agency since 2022.", "Serik Akhmetov",
     [("Chairman of the Anti-Corruption Agency", "start"),
      ("Chairman of the Anti-Corruption Agency", "former")]),
    ("Serik Akhmetov chairs the Anti-Corruption Agency.", "Serik Akhmetov",
     [("Chairman of the Anti-Corruption Agency", "seen")]),
    ("The Ak Zhol faction led by Azat Peruashev backed the bill.", "Azat Peruashev",
     [("Leader of the Ak Zhol Faction", "seen")]),
    # released and appointed in one sentence: what the nearest words say
    ("Tokayev released Berik Imashev from the post of Minister of Justice and appointed him "
     "Chairman of the Central Election Commission.", "Berik Imashev",
     [("Minister of Justice", "end"), ("Chairman of the Central Election Commission", "start")]),
])
def test_offices_go_to_the_person_they_are_said_of(
    text: str, who: str, expected: list[tuple[str, str]]
) -> None:
    assert positions(text)[who] == expected


@pytest.mark.parametrize("joint", [" – ", " and "])
def test_two_offices_before_one_name_are_both_his(joint: str) -> None:
    text = f"Deputy Prime Minister{joint}Minister of National Economy Serik Zhumangarin spoke."
    assert positions(text)["Serik Zhumangarin"] == [
        ("Deputy Prime Minister", "seen"), ("Minister of National Economy", "seen")]


def test_a_predecessor_leaves_what_the_successor_takes_up() -> None:
    text = ("President Kassym-Jomart Tokayev has appointed Berik Asylov as Prosecutor General. "
            "Asylov served as deputy prosecutor general from 2019 to 2022. His predecessor Berik "
            "Zhuyrektayev was appointed to another post.")
    assert positions(text)["Berik Zhuyrektayev"] == [("Prosecutor General", "end")]


def test_the_years_of_a_title_date_nothing() -> None:
    text = "Senators approved the law on amendments to the republican budget for 2025-2027."
    extraction = extract(Article(text, date=DAY))
    assert [(s, d.iso() if d else None) for s, d in extraction.bills[0].stages] == [
        ("adopted_senate", DAY.iso())]
    assert extraction.event.mentions == ()


def test_pronouns_follow_the_gender_of_the_surname() -> None:
    text = ("Zhuldyz Suleimenova and Marat Nurtleu spoke. Earlier she was a deputy minister of "
            "ecology. He previously headed the Presidential Administration.")
    found = positions(text)
    # "minister of ecology" is the short name of the Ministry of Ecology and Natural Resources
    assert found["Zhuldyz Suleimenova"] == [
        ("Deputy Minister of Ecology and Natural Resources", "former")]
    assert found["Marat Nurtleu"] == [("Head of the Presidential Administration", "former")]


def test_a_decree_of_the_head_of_state_does_not_make_its_subject_president() -> None:
    found = positions("By the Decree of the Head of State, Aidar Zhakupov has been appointed "
                      "Minister of Energy of the Republic of Kazakhstan, Akorda press service "
                      "reports.")
    assert found == {"Aidar Zhakupov": [("Minister of Energy", "start")]}


def test_a_relative_or_a_banker_is_no_official() -> None:
    text = ("Imashev is the father-in-law of Nurali Aliev. The Development Bank of Kazakhstan "
            "said that its chief, Abai Sarkulov, was leaving.")
    assert "Nurali Aliev" not in positions(text)
    assert "Abai Sarkulov" not in positions(text)


def test_committee_heads_listed_with_their_committees() -> None:
    text = ("The Mazhilis approved the heads of its standing committees: Yerlan Barlybayev "
            "(Agrarian Issues) and Aigul Kuspan (International Affairs, Defence and Security).")
    found = positions(text)
    assert found["Aigul Kuspan"] == [
        ("Chairman of the Mazhilis Committee on International Affairs, Defence and Security",
         "start")]


def test_nobody_is_named_for_an_unnamed_role() -> None:
    text = "The Prime Minister chaired the meeting. The Speaker of the Senate attended."
    assert extract(Article(text, date=DAY)).officials == ()


# --------------------------------------------------------------------------- bills


@pytest.mark.parametrize(("sentence", "titles"), [
    ("Senators ratified the Law on Ratification of the Agreement between Kazakhstan and "
     "Uzbekistan on Customs Cooperation.",
     ["Agreement between Kazakhstan and Uzbekistan on Customs Cooperation"]),
    ("The Senate ratified the Convention on the Legal Status of the Caspian Sea.",
     ["Convention on the Legal Status of the Caspian Sea"]),
    ("Deputies passed the law on the republican budget for 2026-2028.",
     ["Law on the republican budget for 2026-2028"]),
    ("The bill on the Human Rights Commissioner was considered.",
     ["Law on the Human Rights Commissioner"]),
    ("They discussed a draft law on Mass-media.", ["Law on Mass-media"]),
    ("Senators considered the laws on the republican budget for 2023-2025, on general "
     "transfers and on the guaranteed transfer from the National Fund.",
     ["Law on the republican budget for 2023-2025", "Law on general transfers",
      "Law on the guaranteed transfer from the National Fund"]),
    ("The five Codes: the Budget, Construction, Water, Tax and Digital are planned.",
     ["Budget Code", "Construction Code", "Water Code", "Tax Code", "Digital Code"]),
    ("Tokayev signed the Environmental Code of the Republic of Kazakhstan.",
     ["Environmental Code"]),
    # never a title of sentence debris, nor counted laws, nor by-laws
    ("Law on industrial policy is also to be drafted before the end of the year.",
     ["Law on industrial policy"]),
    ("The Tax Code passed along with two accompanying laws on taxation.", ["Tax Code"]),
    ("Rules are scattered across more than a hundred by-laws on social protection.", []),
])
def test_bills_named_every_way(sentence: str, titles: list[str]) -> None:
    assert [b.title for b in find_bills(sentence)] == titles


@pytest.mark.parametrize(("text", "expected"), [
    ("The Mazhilis adopted the Water Code in the first reading.", {"Water Code": ["first_reading"]}),
    ("The Senate returned the Water Code to the Mazhilis with amendments.",
     {"Water Code": ["returned"]}),
    ("The Head of State signed the Water Code into law.", {"Water Code": ["signed"]}),
    ("The Water Code has officially come into force.", {"Water Code": ["in_force"]}),
    # two bills, two stages, one sentence
    ("The Mazhilis adopted the Tax Code; the Budget Code is still under consideration.",
     {"Tax Code": ["adopted_mazhilis"], "Budget Code": ["under_consideration"]}),
    # a hypothetical is no stage; a future entry into force is scheduled, not reached
    ("If the Senate approves the Tax Code, the President will sign it.", {"Tax Code": []}),
    ("The Water Code will enter into force on 1 January 2026.", {"Water Code": []}),
    # a retrospective gerund is no stage, and no chamber is made up
    ("Ashimbayev pointed to adopting the Social Code.", {"Social Code": []}),
    ("The Social Code was adopted.", {"Social Code": []}),
    # treaties are signed by states: no "signed" stage of the ratification
    ("Kazakhstan and China signed the agreement between the two governments on visas, which "
     "the Mazhilis ratified today.",
     {"Agreement between the two governments on visas": ["adopted_mazhilis"]}),
])
def test_stages_are_what_the_text_states(text: str, expected: dict[str, list[str]]) -> None:
    assert stages(text) == expected


# --------------------------------------------------------------------------- page and dates


@pytest.mark.parametrize(("page", "date", "headline"), [
    ("18:40, 26 September 2025 | GMT +5\nYermek Kosherbayev named Foreign Minister\n"
     "ASTANA. KAZINFORM — Kosherbayev was appointed today.", "2025-09-26",
     "Yermek Kosherbayev named Foreign Minister"),
    (" date 2023-07-04\nSenate passes law\n29.06.2023 17:05\nSenators adopted the law.",
     "2023-06-29", "Senate passes law"),  # the printed date beats the scraped one
    ("Senate passes law\n21 December 2019 14:28 (UTC+04:00)\nSenators adopted the law.",
     "2019-12-21", "Senate passes law"),
    ("Senate passes law\n08.12.2025, 19:51\nSenators adopted the law.", "2025-12-08",
     "Senate passes law"),
    # a dateline without a year takes it from the page's date line
    (" date 2024-02-03\nSenate passes law\nAstana, February 1. KazTAG - Senators adopted the law.",
     "2024-02-01", "Senate passes law"),
])
def test_datelines_and_headlines(page: str, date: str, headline: str) -> None:
    event = extract(Article(page)).event
    assert event.date is not None and event.date.iso() == date
    assert event.title == headline


def test_page_furniture_is_not_the_story() -> None:
    page = ("Go to the main site\nSenate passes law\n12 May 2024\nPolitics\n"
            "Senators adopted the law on beekeeping on Thursday.\nRead also:\n"
            "Tokayev takes over as Security Council chairman\nPhoto: Akorda\nShare:\n"
            "Parliament  Senate  Laws")
    title, sentences, _header = title_and_body(page, Article(page))
    assert title == "Senate passes law"
    assert sentences == ["Senators adopted the law on beekeeping on Thursday."]


def test_a_dateline_stays_out_of_the_summary() -> None:
    page = " date 2024-02-03\nSenate passes law\nAstana, February 1. KazTAG - Senators adopted it."
    assert extract(Article(page)).event.summary == "Senators adopted it."


def test_the_region_and_the_government_named_before_are_resolved() -> None:
    text = ("Marat Sultangaziyev was appointed akim of Almaty region. He was previously the first "
            "deputy akim of the region. The previous government headed by Alikhan Smailov "
            "resigned on February 5.")
    found = positions(text)
    assert found["Marat Sultangaziyev"] == [
        ("Akim of Almaty Region", "start"), ("First Deputy Akim of Almaty Region", "former")]
    assert found["Alikhan Smailov"] == [("Prime Minister", "former")]


# --------------------------------------------------------------------------- any input at all

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_WORDS = st.sampled_from([
    "Minister", "of", "the", "Senate", "Mazhilis", "Tokayev", "Kassym-Jomart", "N.", "Ye.",
    "appointed", "former", "law", "on", "Code", "Codes:", "and", ",", ".", "«On", "Mass", "Media»",
    "ratified", "Agreement", "between", "signed", "into", "force", "2024", "June", "5", "he",
    "she", "Head", "State", "'s", "Akim", "region", "led", "by", "\n", "–", "(", ")", "Deputies",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=80).map(" ".join), st.text(max_size=200))
def test_any_text_is_read_without_error(words: str, noise: str) -> None:
    extraction = extract(Article(words + " " + noise, date=DAY))
    assert extraction.event.id
    for official in extraction.officials:
        assert official.name.strip() and all(p.title.strip() for p in official.positions)
    for bill in extraction.bills:
        assert bill.title.strip() and len(bill.title) <= 400


@pytest.mark.parametrize("text", [
    "Codes: " + ", ".join(["Alpha Beta Gamma"] * 1000) + " and Delta.",
    "Minister of " + " ".join(["Alpha"] * 3000) + ".",
    "Chairman of the " + " and ".join(["Alpha Beta"] * 1000) + ".",
    "laws on " + ", on ".join(["alpha beta"] * 1000) + ".",
    "ratified the agreement between " + " and ".join(["Alpha"] * 3000),
    " ".join(["Alpha"] * 3000) + " led by Nurlan",
])
def test_hostile_runs_of_words_stay_fast(text: str) -> None:
    import time

    started = time.process_time()
    extract(Article(text, date=DAY))
    assert time.process_time() - started < 2.0  # no regex may go quadratic on a long sentence
