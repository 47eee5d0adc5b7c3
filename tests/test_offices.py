"""One vocabulary of offices: every way news writes a post is one canonical office, every
canonical office has a Russian and a Kazakh name, and `/official OFFICE` finds it by any of
its names in the three languages."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core import gazetteer as gz
from bot.core.extraction.titles import canonical_title, find_titles
from bot.core.models import Article, PartialDate
from bot.i18n import translations
from bot.ingest import ingest
from bot.views.offices import OFFICES, english_office
from bot.views.officials import office_card, official_card
from store.tiny import TinyStore

from .conftest import NOW, Harness
from .offline_bot import OfflineBot
from .test_i18n import bot, say  # noqa: F401  (the seeded offline bot)

AMBASSADOR = "Ambassador Extraordinary and Plenipotentiary to "

TODAY = dt.date(2026, 12, 6)  # the day the answers are asked on (the clock is an input)


def canonical_offices() -> frozenset[str]:
    """Every office the word lists name: each must have a Russian and a Kazakh name."""
    return frozenset({
        *gz.OFFICE_SYNONYMS.values(), *gz.PLAIN_TITLES.values(), *gz.ROLE_REFERENCES.values(),
        *gz.SHARED_OFFICES, *(f"Minister of {p}" for p in gz.MINISTRY_PORTFOLIOS.values()),
    })


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_canonical_office_has_a_russian_and_a_kazakh_name(language: str) -> None:
    catalog = translations(language)
    missing = sorted(o for o in canonical_offices()
                     if o not in OFFICES or catalog.gettext(o) == o)
    assert missing == []


@pytest.mark.parametrize(("written", "office"), [
    # akim = governor = mayor, with or without "the", "Oblast" for "Region"
    ("Governor of Pavlodar Region", "Akim of Pavlodar Region"),
    ("akim of the Pavlodar region", "Akim of Pavlodar Region"),
    ("Akim of Pavlodar Oblast", "Akim of Pavlodar Region"),
    ("Mayor of Almaty City", "Akim of Almaty"),
    ("akim of the city of Almaty", "Akim of Almaty"),
    ("Mayor of Shymkent", "Akim of Shymkent"),
    # an ambassador, by country or by capital
    ("Ambassador of Kazakhstan to Japan", AMBASSADOR + "Japan"),
    ("Ambassador Extraordinary and Plenipotentiary of the Republic of Kazakhstan to Japan",
     AMBASSADOR + "Japan"),
    ("envoy to Tokyo", AMBASSADOR + "Japan"),
    # a ministry by its short name
    ("Minister of Health", "Minister of Healthcare"),
    ("Minister of Defense", "Minister of Defence"),
    ("Minister of Digital Development", "Minister of " + "Digital Development, Innovations and "
     "Aerospace Industry"),
    ("Minister of Digital Development, Innovation and Aerospace Industry",
     "Minister of Digital Development, Innovations and Aerospace Industry"),
    # the chair of a chamber, however written
    ("Chairperson of Mazhilis", "Chairman of the Mazhilis"),
    ("Chair of the Senate of the Kazakh Parliament", "Chairman of the Senate"),
    ("State Secretary", "Secretary of State"),
    ("Governor of the National Bank", "Chairman of the National Bank"),
    ("head of the Tokayev administration", "Head of the Presidential Administration"),
    # the country's, as a possessive: the same office
    ("Head of Kazakhstan's Government", "Prime Minister"),
    ("Chairman of Kazakhstan’s Senate", "Chairman of the Senate"),
    ("Head of Kazakhstan's Presidential Administration", "Head of the Presidential Administration"),
])
def test_every_wording_of_a_post_is_one_office(written: str, office: str) -> None:
    assert canonical_title(written) == office


@pytest.mark.parametrize(("sentence", "office"), [
    ("Kazakhstan's envoy to Moscow Aidos Nurov presented his credentials.", AMBASSADOR + "Russia"),
    ("The governor of Pavlodar region, Aidos Nurov, spoke.", "Akim of Pavlodar Region"),
    ("First Deputy Mayor of Astana City Aidos Nurov spoke.", "First Deputy Akim of Astana"),
    ("Head of Kazakhstan's Government Aidos Nurov met the farmers.", "Prime Minister"),
])
def test_offices_in_sentences_fold_the_same_way(sentence: str, office: str) -> None:
    assert office in [t.title for t in find_titles(sentence)]


@pytest.mark.parametrize(("query", "office"), [
    ("председатель сената", "Chairman of the Senate"),
    ("Сенат Төрағасы", "Chairman of the Senate"),
    ("кто министр обороны?", "Minister of Defence"),
    ("Министр здравоохранения", "Minister of Healthcare"),
    ("Мемлекеттік хатшы", "Secretary of State"),
    ("Ashimbayev", None),
])
def test_an_office_is_found_by_its_russian_or_kazakh_name(query: str, office: str | None) -> None:
    assert english_office(query) == office


@pytest.mark.parametrize(("query", "lang", "title"), [
    ("/official председатель сената", "ru", "Председатель Сената"),
    ("/official сенат төрағасы", "kk", "Сенат Төрағасы"),
    ("/official speaker of the senate", "ru", "Председатель Сената"),
])
async def test_official_office_by_any_name(bot: OfflineBot, query: str,  # noqa: F811
                                           lang: str, title: str) -> None:
    [card] = await say(bot, query, lang)
    assert title in card and "Maulen Ashimbayev" in card


@pytest.mark.parametrize(("query", "office"), [
    ("ambassador to russia", AMBASSADOR + "Russia"),
    ("ambassador of kazakhstan to russia", AMBASSADOR + "Russia"),
    ("mayor of astana", "Akim of Astana"),
    ("akim of astana city", "Akim of Astana"),
    ("governor of turkestan region", "Akim of Turkestan Region"),
    ("akim of the turkestan region", "Akim of Turkestan Region"),
    ("minister of health", "Minister of Healthcare"),
    ("state secretary", "Secretary of State"),
])
def test_an_office_is_found_by_any_of_its_english_names(query: str, office: str) -> None:
    from bot.core.lookup import office_title

    assert office_title(query) == office


# --------------------------------------------------------------------------- card wording


def _store(*articles: tuple[str, str, PartialDate | None]) -> TinyStore:
    store = TinyStore(None)
    for text, title, date in articles:
        ingest(store, [Article(text, title=title, date=date)])
    return store


SEEN = ("ASTANA. Minister of Transport Bolat Zhunusov opened a new road.", "Road opened",
        PartialDate(2022, 4, 5))
SUCCESSOR = ("ASTANA. Marat Karabayev has been appointed Minister of Transport.",
             "New transport minister", PartialDate(2023, 1, 10))
RELIEVED = ("ASTANA. Bolat Zhunusov was relieved of the post of Minister of Transport.",
            "Transport minister relieved", PartialDate(2023, 1, 9))


@pytest.mark.parametrize("order", [[SEEN, SUCCESSOR], [SUCCESSOR, SEEN]])
def test_an_end_inferred_from_a_successor_is_shown_as_inferred(
        order: list[tuple[str, str, PartialDate]]) -> None:
    store = _store(*order)
    official = store.get_official("bolat-zhunusov")
    assert official is not None
    card = official_card(store, official, TODAY).text
    assert "seen in office on 5 April 2022; a former post by 10 January 2023" in card
    assert "–" not in card.split("In the news")[0]  # never a range
    now = office_card(store, "Minister of Transport", TODAY).text
    assert "Marat Karabayev" in now.split("Before")[0]


@pytest.mark.parametrize("later", [
    "ASTANA. Minister of Transport Bolat Zhunusov opened the new station in Aktobe.",
    "ASTANA. Bolat Zhunusov, the Minister of Transport, met the railway workers.",
    "ASTANA. The Minister of Transport, Bolat Zhunusov, said the tariffs would stay.",
])
def test_a_holder_seen_after_a_successors_start_keeps_the_term_open_and_both_are_shown(
        later: str) -> None:
    after = (later, "Transport minister in Aktobe", PartialDate(2023, 3, 1))
    for order in ([SEEN, SUCCESSOR, after], [after, SUCCESSOR, SEEN], [SEEN, after, SUCCESSOR]):
        store = _store(*order)
        official = store.get_official("bolat-zhunusov")
        assert official is not None
        (term,) = official.positions
        assert (term.until, term.ended_by, term.last_seen) == (None, None, PartialDate(2023, 3, 1))
        card = official_card(store, official, TODAY).text
        assert "former" not in card and "–" not in card.split("In the news")[0]
        now = office_card(store, "Minister of Transport", TODAY).text
        assert "The articles disagree: Marat Karabayev was reported taking up this office on " \
               "10 January 2023, and Bolat Zhunusov was seen in it after that." in now
        # both sources: the article that shows him after that day, and the appointment
        assert "Transport minister in Aktobe, 1 March 2023" in now
        assert "New transport minister, 10 January 2023" in now
        assert "Before" not in now  # the disputed term is shown once, under the dispute


def test_an_end_the_text_states_is_shown_as_an_end() -> None:
    store = _store(SEEN, RELIEVED)
    official = store.get_official("bolat-zhunusov")
    assert official is not None
    assert "until 9 January 2023" in official_card(store, official, TODAY).text


def test_an_undated_article_says_date_unknown_and_never_is_now_over_dated_evidence() -> None:
    undated = ("Minister of Transport Bolat Zhunusov spoke about railways.", "Railways", None)
    for order in ([SUCCESSOR, undated], [undated, SUCCESSOR]):
        store = _store(*order)
        now = office_card(store, "Minister of Transport", TODAY).text
        assert "Marat Karabayev" in now.split("Before")[0]
        assert "Zhunusov" not in now.split("Before")[0]
    alone = _store(undated)
    assert "date unknown" in office_card(alone, "Minister of Transport", TODAY).text


@pytest.mark.parametrize(("text", "name", "title"), [
    ("Among the guests were former Supreme Court chair Zhanat Omarov and others.",
     "zhanat-omarov", "Chairman of the Supreme Court"),
    ("The deputies adopted a resolution on the dismissal of Berik Sadykov, a member of the "
     "Central Election Commission.", "berik-sadykov", "Member of the Central Election Commission"),
    ("Former Minister of Energy Aliya Temirova will head the new fund.", "aliya-temirova",
     "Minister of Energy"),
])
def test_an_undated_article_keeps_a_post_left_as_former_with_its_date_unknown(
        text: str, name: str, title: str) -> None:
    store = _store((text, "Undated news", None))
    official = store.get_official(name)
    assert official is not None
    (position,) = official.positions
    assert position.title == title and not position.is_open
    assert official.current_positions == ()
    assert f"{title}: a former post, date unknown" in official_card(store, official, TODAY).text
    # nobody holds the office now on that article's word
    assert "<b>Now</b>" not in office_card(store, title, TODAY).text
    # and it never ends a dated term: read before or after a dated article showing the person
    # in office, the dated term stays open
    seen = (f"ASTANA. {title} {official.name} spoke at the forum.", "Forum", PartialDate(2024, 5, 2))
    for order in ([(text, "Undated news", None), seen], [seen, (text, "Undated news", None)]):
        later = _store(*order).get_official(name)
        assert later is not None
        assert [(p.title, p.is_open) for p in later.positions] == [(title, True)]


@pytest.mark.parametrize("text", [
    "Dana Sultan was appointed Minister of Energy. Her predecessor, former Minister of Energy "
    "Aidos Nurov, moved to the Senate.",
    "Minister of Energy Dana Sultan opened the plant. Former Minister of Energy Aidos Nurov "
    "attended too.",
    "Dana Sultan, the Minister of Energy, met the press. The dismissal of Aidos Nurov, the "
    "Minister of Energy before her, was signed last month.",
])
def test_an_undated_predecessor_does_not_unseat_the_holder_the_same_article_names(
        text: str) -> None:
    store = _store((text, "Undated energy news", None))
    now = office_card(store, "Minister of Energy", TODAY).text
    assert "Dana Sultan" in now.split("Before")[0] and "<b>Now</b>" in now
    assert "Aidos Nurov: a former post, date unknown" in now.split("Before")[1]


# --------------------------------------------------------------------------- follow an office

NOW_DAY = PartialDate.from_date(NOW.date())


async def test_follow_an_office_by_any_name_alerts_when_it_changes_hands(
        harness: Harness) -> None:

    [ok] = await harness.say("/follow office министр транспорта", chat_id=2005, user_id=2005)
    assert "Minister of Transport" in ok.params["text"]
    [same] = await harness.say("/follow office transport minister", chat_id=2005, user_id=2005)
    assert "Already following" in same.params["text"]
    [bad] = await harness.say("/follow office bus stop", chat_id=2005, user_id=2005)
    assert "no office I know" in bad.params["text"]
    [listed] = await harness.say("/following", chat_id=2005, user_id=2005)
    assert "🏛 Minister of Transport" in listed.params["text"]
    # an article that only mentions the office alerts nobody; one where it changes hands does
    for text, title in (SEEN[:2], SUCCESSOR[:2]):
        ingest(harness.store, [Article(text, title=title, date=NOW_DAY)])
    after = len(harness.fake.requests)
    await harness.tick()
    alerts = await harness.fake.async_wait_for(
        lambda r: r.method == "sendMessage" and r.chat_id == 2005, timeout=10, after=after)
    # The tick returned after its sends: every alert it made is already recorded.
    sent = [r for r in harness.fake.requests[after:]
            if r.method == "sendMessage" and r.chat_id == 2005]
    assert len(sent) == 1
    assert "Marat Karabayev</b> took up the post" in alerts[0].params["text"]
    [gone] = await harness.say("/unfollow office minister of transport", chat_id=2005,
                               user_id=2005)
    assert "🏛" not in (await harness.say("/following", chat_id=2005,
                                          user_id=2005))[0].params["text"]
    del gone
