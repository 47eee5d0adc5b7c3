"""Issue 18: Russian and Kazakh readers get what English ones get, and lookups and follows mean
what was typed.

The bot's own output is fed back to it in each language (dates of each precision, bill statuses
and stage headings, weekday names, office names): each must be understood as what it printed.
The live tests talk to the real PTB Application through the fake Bot API.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from babel.dates import get_day_names, get_month_names
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import views
from bot.core import lookup
from bot.core.follows import KeywordError, parse_keyword
from bot.core.models import Bill, PartialDate
from bot.core.text import fold
from bot.handlers.settings import DAY_NAMES
from bot.i18n import _, use
from bot.ingest import ingest, seed_articles
from bot.render import STATUS_LABELS, show_date, show_status, status_label
from bot.views.offices import OFFICES
from store.tiny import TinyStore

from .conftest import Harness
from .test_languages_topics_webhook import inline

NATIVE = ("ru", "kk")
TODAY = dt.date(2024, 3, 13)  # the clock is an input: the day the answers are for


@pytest.fixture(scope="module")
def seeded() -> TinyStore:
    store = TinyStore(None)
    ingest(store, seed_articles())
    return store


EMPTY = TinyStore(None)


# --------------------------------------------------------------------------- the bot's own output

@given(st.sampled_from(NATIVE), st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
       st.sampled_from(("year", "month", "day")))
@settings(max_examples=150, deadline=None)
def test_every_date_the_bot_prints_reads_back_at_its_precision(language: str, day: dt.date,
                                                               precision: str) -> None:
    period = PartialDate(day.year, day.month if precision != "year" else None,
                         day.day if precision == "day" else None)
    with use(language):
        printed = show_date(period)  # «13 марта 2023 г.», «2023 ж. наурыз», «2023»
        answer = views.on_date(EMPTY, printed).text
    # read back as the same period: the answer names it as the bot prints it, no refusal
    assert printed in answer and "13.03.2023" not in answer, (printed, answer)


@given(st.sampled_from(NATIVE), st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
       st.sampled_from(("wide", "abbreviated")), st.sampled_from(("format", "stand-alone")),
       st.booleans(), st.sampled_from(("", " г.", " года", " ж.", " жылы")),
       st.sampled_from(("", "<b>", "&amp;")))
@settings(max_examples=200, deadline=None)
def test_a_date_in_any_of_babels_month_names_reads_back(
        language: str, day: dt.date, width: str, context: str, year_first: bool, filler: str,
        markup: str) -> None:
    month = str(get_month_names(width, context, language)[day.month])
    year = f"{day.year}{filler}"
    typed = f"{year} {day.day} {month}" if year_first else f"{day.day} {month} {year}"
    with use(language):
        answer = views.on_date(EMPTY, typed + markup).text
        if markup:  # not a date: refused, and what was typed is shown escaped
            assert "&amp;amp;" in answer or "&lt;b&gt;" in answer, answer
        else:
            assert show_date(PartialDate(day.year, day.month, day.day)) in answer, (typed, answer)


MARCH_13, MARCH = PartialDate(2023, 3, 13), PartialDate(2023, 3)


@pytest.mark.parametrize(("language", "typed", "expected"), [
    ("ru", "13 марта 2023", MARCH_13), ("ru", "март 2023", MARCH),
    ("ru", "в марте 2023 года", MARCH), ("ru", "13 мар. 2023", MARCH_13),
    ("ru", "13 марта 2023 г.", MARCH_13), ("kk", "2023 ж. 13 наурыз", MARCH_13),
    ("kk", "13 наурыз 2023", MARCH_13), ("kk", "2023 жылғы наурызда", MARCH),
    ("ru", "2023 г.", PartialDate(2023)), ("kk", "Наурыз 2023", MARCH),
    ("ru", "13.03.2023 г.", MARCH_13), ("ru", "в 2023 году", PartialDate(2023)),
])
def test_dates_typed_in_russian_and_kazakh(language: str, typed: str,
                                           expected: PartialDate) -> None:
    with use(language):
        answer = views.on_date(EMPTY, typed).text
        assert show_date(expected) in answer and "13.03.2023" not in answer, answer


@pytest.mark.parametrize("language", NATIVE)
@pytest.mark.parametrize("typed", ["31.02.2024", "31 февраля 2024", "2024 ж. 30 ақпан",
                                   "29.02.2023"])
def test_a_date_the_calendar_lacks_is_no_such_date_in_every_language(language: str,
                                                                      typed: str) -> None:
    with use(language):
        answer = views.on_date(EMPTY, typed).text
        assert answer == _("There is no such date as “{query}”. Try 13.03.2023, 27.11.2023, "
                           "2023-03 or 2023.").format(query=typed)
    with use("en"):
        assert views.on_date(EMPTY, typed).text.startswith("There is no such date")


@pytest.mark.parametrize("language", NATIVE)
def test_every_status_heading_the_bot_prints_reads_back(language: str) -> None:
    with use(language):
        for status in STATUS_LABELS:
            for era in (False, True, None):
                for printed in (show_status(status, era), status_label(status, era),
                                status_label(status, era).lower()):
                    assert views.statuses_from_text(printed) == (status,), printed


@pytest.mark.parametrize("language", NATIVE)
def test_the_headings_of_bills_read_back_as_bills(seeded: TinyStore, language: str) -> None:
    with use(language):
        listing = views.bills_list(seeded, today=TODAY).text
        headings = re.findall(r"^<b>(\S+ .+)</b>$", listing, re.MULTILINE)
        assert len(headings) >= 3
        for heading in headings:
            answer = views.bills_list(seeded, heading, today=TODAY).text
            assert f"<b>{heading}</b>" in answer, (heading, answer)
            # the pager's key is one a later page reads (not a transliteration)
            for row in views.bills_list(seeded, heading, today=TODAY).buttons:
                for button in row:
                    data = (button.data or "").rsplit("|", 1)[-1]
                    if data.startswith("bl:"):
                        prefix, _sep, _page = data.rpartition(":")
                        assert views.statuses_from_text(prefix.split(":", 1)[1])


@pytest.mark.parametrize(("language", "typed", "status"), [
    ("ru", "на рассмотрении", "under_consideration"), ("ru", "первое чтение", "first_reading"),
    ("ru", "второе чтение", "second_reading"), ("kk", "сенат мақұлдады", "adopted_senate"), ("ru", "одобрен сенатом", "adopted_senate"),
])
def test_status_words_in_other_cases(language: str, typed: str, status: str) -> None:
    with use(language):
        assert views.statuses_from_text(typed) == (status,)


async def test_weekday_names_read_back_in_settings(harness: Harness) -> None:
    """Full names as the bot prints them, and Babel's short names, in both languages."""
    for language, user in (("ru", 7101), ("kk", 7102)):
        for index, english in enumerate(DAY_NAMES):
            with use(language):
                full = _(english)
            short = str(get_day_names("abbreviated", locale=language)[index])
            for typed in (full, short):
                [answer] = await harness.say(f"/settings day {typed}", chat_id=user,
                                             user_id=user, language_code=language)
                chat = harness.store.get_chat(user)
                assert chat is not None and chat.settings.weekday == index, (typed, answer)
    for word in ("пятно", "monthly", "пн-пт"):  # a word that merely starts like a day is none
        [refused] = await harness.say(f"/settings day {word}", chat_id=7101, user_id=7101,
                                      language_code="ru")
        chat = harness.store.get_chat(7101)
        assert chat is not None and chat.settings.weekday == 6, refused.params["text"]


@pytest.mark.parametrize("language", NATIVE)
def test_every_office_name_the_bot_prints_is_asked_back(seeded: TinyStore, language: str) -> None:
    """«кто Президент», «Сенат Төрағасы кім?»: plain text answers as /official of that name."""
    with use(language):
        for title in OFFICES:
            printed = _(title)
            expected = views.official_lookup(seeded, printed, TODAY).text
            asked = "кто {}?" if language == "ru" else "{} кім?"
            assert views.question(seeded, asked.format(printed), TODAY).text == expected, printed


@pytest.mark.parametrize(("language", "typed", "office"), [
    ("ru", "председателя сената", "Chairman of the Senate"),
    ("ru", "спикер сената", "Chairman of the Senate"),
    ("ru", "спикера мажилиса", "Chairman of the Mazhilis"),
    ("ru", "президента", "President"), ("ru", "кто является президентом", "President"),
    ("ru", "кто президент", "President"), ("ru", "премьер", "Prime Minister"),
    ("ru", "заместителя председателя сената", "Deputy Chairman of the Senate"),
    ("kk", "сенат төрағасы", "Chairman of the Senate"),
    ("kk", "Сенат Төрағасының", "Chairman of the Senate"),
    ("kk", "мәжіліс төрағасы кім", "Chairman of the Mazhilis"),
    ("kk", "қазір Сенат Төрағасы кім?", "Chairman of the Senate"),
    ("ru", "а кто сейчас президент?", "President"),
    ("ru", "вице-премьер", "Deputy Prime Minister"), ("ru", "глава государства", "President"),
    ("ru", "кто является председателем сената", "Chairman of the Senate"),
])
def test_offices_in_other_cases_and_short_forms(seeded: TinyStore, language: str, typed: str,
                                                office: str) -> None:
    with use(language):
        expected = views.official_lookup(seeded, _(office), TODAY).text
        assert views.official_lookup(seeded, typed, TODAY).text.split("\n")[0] == \
            expected.split("\n")[0], typed
        assert views.question(seeded, typed, TODAY).text.split("\n")[0] == expected.split("\n")[0]


# --------------------------------------------------------------------------- search and bills

def test_search_in_russian_and_kazakh_words(seeded: TinyStore) -> None:
    with use("ru"):
        english = views.search(seeded, "water").text.split("\n", 1)[1]
        for typed in ("водный", "водный кодекс", "су"):
            assert views.search(seeded, typed).text.split("\n", 1)[1] == english, typed


@given(word=st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=3))
@settings(max_examples=60, deadline=None)
def test_a_short_word_is_searched_as_a_whole_word(seeded: TinyStore, word: str) -> None:
    events = {e.id: e for e in seeded.all_events()}
    for hit in lookup.search(word, list(events.values()), [], [], limit=100):
        event = events[hit.id]
        assert f" {word} " in f" {fold(event.title)} {fold(event.text)} ", (word, event.title)


def test_su_is_not_every_event(seeded: TinyStore) -> None:
    everything = len(seeded.all_events())
    for typed in ("su", "Su", "ai"):
        assert len(lookup.search(typed, seeded.all_events(), seeded.all_officials(),
                                 seeded.all_bills(), limit=100)) < everything // 2


def test_several_words_match_word_by_word(seeded: TinyStore) -> None:
    found = lookup.search("constitutional court", seeded.all_events(), seeded.all_officials(),
                          seeded.all_bills(), limit=40)
    labels = [h.label for h in found]
    assert "Construction Code" not in labels
    assert any("Constitutional Court" in label for label in labels)
    # a typo in one word still finds
    typo = lookup.search("constitutinal cort", seeded.all_events(), seeded.all_officials(),
                         seeded.all_bills(), limit=40)
    assert any("Constitutional Court" in h.label for h in typo)


def test_a_name_prefix_puts_the_person_first(seeded: TinyStore) -> None:
    for typed in ("ashimb", "Ashimbay", "tokay"):
        [first, *_rest] = lookup.search(typed, seeded.all_events(), seeded.all_officials(),
                                        seeded.all_bills(), limit=10)
        assert first.kind == "official", (typed, first)


LONG = Bill("on-amendments-child-safety", "On amendments and additions to certain legislative "
            "acts of the Republic of Kazakhstan on ensuring the safety of children", "law")


@pytest.mark.parametrize("typed", ["safety of children", "certain legislative acts",
                                   "amendments safety children", "legislative acts children"])
def test_a_query_whose_words_are_all_in_one_title_finds_it(seeded: TinyStore,
                                                          typed: str) -> None:
    bills = [*seeded.all_bills(), LONG]
    found = lookup.find_bill(typed, bills)
    assert found.kind == "found" and found.items == (LONG,), (typed, found)
    assert lookup.find_bill("code", bills).kind == "choices"  # words of several titles


# --------------------------------------------------------------------------- follows

@pytest.mark.parametrize("typed", ["water -water", "water code -code", "maslikhats -maslikhat",
                                   "Water -WATER"])
def test_a_follow_that_excludes_its_own_keyword_is_refused(typed: str) -> None:
    with pytest.raises(KeywordError):
        parse_keyword(typed)


@given(st.text(min_size=1, max_size=30))
@settings(max_examples=200, deadline=None)
def test_a_keyword_follows_the_words_typed_or_is_refused(text: str) -> None:
    """Never "b amp b" for "<b>&amp;</b>": the words followed are words of the text typed."""
    try:
        rule = parse_keyword(text)
    except KeywordError:
        return
    typed = fold(text).split()
    assert all(word in typed for word in rule.phrase.split()), (text, rule)
    assert not re.search(r"[<>&;]", text)


# --------------------------------------------------------------------------- live, through the fake

def _text(sent: list[Any]) -> str:
    """The texts sent, Babel's narrow no-break space («2023\u202fг.») as a plain one."""
    return "\n".join(str(r.params.get("text", "")) for r in sent).replace("\u202f", " ")


async def test_russian_and_kazakh_inputs_in_chat(harness: Harness) -> None:
    ru, kk = 7201, 7202
    say = harness.say
    for typed, user, lang, expected in (
        ("/on 13 марта 2023", ru, "ru", "<b>13 марта 2023 г.</b>"),
        ("/on март 2023", ru, "ru", "<b>Март 2023 г.</b>"),
        ("/on 2023 ж. 13 наурыз", kk, "kk", "<b>2023 ж. 13 наурыз</b>"),
        ("/on 31.02.2024", ru, "ru", "Такой даты нет"),
        ("/bills на рассмотрении", ru, "ru", "<b>📝 На рассмотрении</b>"),
        ("/bills первое чтение", ru, "ru", "в первом чтении"),
        ("/official председатель сената", ru, "ru", "🏛 <b>Председатель Сената</b>"),
        ("/official президент", ru, "ru", "🏛 <b>Президент</b>"),
        ("/official сенат төрағасы", kk, "kk", "🏛 <b>Сенат Төрағасы</b>"),
        ("кто президент", ru, "ru", "🏛 <b>Президент</b>"),
        ("/search водный", ru, "ru", "Водный кодекс"),
    ):
        sent = await say(typed, chat_id=user, user_id=user, language_code=lang)
        assert expected in _text(sent), (typed, _text(sent))


async def test_follows_in_russian_words(harness: Harness) -> None:
    user = 7301
    [bill] = await harness.say("/follow bill водный кодекс", chat_id=user, user_id=user,
                               language_code="ru")
    assert "Водный кодекс" in bill.params["text"]  # a code is shown by its Russian name
    for typed in ("/follow водный кодекс", "/follow водного кодекса"):
        [offer] = await harness.say(typed, chat_id=user + 1, user_id=user + 1,
                                    language_code="ru")
        buttons = offer.params["reply_markup"]["inline_keyboard"]
        assert [b["callback_data"] for row in buttons for b in row] == ["f:b:water-code"]
    [english] = await harness.say("/follow парламентский", chat_id=user + 1, user_id=user + 1,
                                  language_code="ru")
    assert "на английском" in english.params["text"]
    [excluded] = await harness.say("/follow water -спорт", chat_id=user + 1, user_id=user + 1,
                                   language_code="ru")
    assert "«спорт»" in excluded.params["text"] and "-sport" in excluded.params["text"]
    chat = harness.store.get_chat(user + 1)
    assert chat is None or not chat.follows, "nothing was followed"


async def test_lookups_and_follows_in_chat(harness: Harness) -> None:
    user = 7401
    for typed, expected in (
        ("/bill safety of children", "📜 <b>Law on women's rights and child safety</b>"),
        ("/bil water", "Did you mean <code>/bill water</code>?"),
        ("/offical ashimbayev", "Did you mean <code>/official ashimbayev</code>?"),
        ("/follow water -water", "could never fire"),
        ("/follow <b>&amp;</b>", "without signs"),
    ):
        [answer] = await harness.say(typed, chat_id=user, user_id=user)
        assert expected in answer.params["text"], (typed, answer.params["text"])
    chat = harness.store.get_chat(user)
    assert chat is None or not chat.follows, "refused follows change nothing"
    [search] = await harness.say("/search constitutional court", chat_id=user, user_id=user)
    assert "Construction Code" not in search.params["text"]
    [su] = await harness.say("/search su", chat_id=user, user_id=user)
    assert "🗞" not in su.params["text"]


async def test_an_unknown_command_in_a_group_is_not_echoed_with_the_bots_name(
        harness: Harness) -> None:
    name = harness.app.bot.username
    sent = await harness.push(harness.fake.make_message(f"/foo@{name}", chat_type="supergroup"))
    assert "/foo" in _text(sent) and f"@{name}" not in _text(sent)


async def test_inline_name_prefix_offers_the_person_first(harness: Harness) -> None:
    answer = await inline(harness, "ashimb")
    assert answer["results"][0]["id"] == "o:maulen-ashimbayev"


async def test_help_names_its_placeholders_in_the_readers_language(harness: Harness) -> None:
    for language, user in (("ru", 7501), ("kk", 7502)):
        [answer] = await harness.say("/help", chat_id=user, user_id=user, language_code=language)
        placeholders = re.findall(r"\b[A-Z]{2,}(?::[A-Z]{2})?\b", answer.params["text"])
        assert not [p for p in placeholders if p not in {"URL", "HH:MM", "ID"}], placeholders


async def test_inline_finds_an_office_by_its_russian_name(harness: Harness) -> None:
    answer = await inline(harness, "председателя сената", "ru")
    assert "o:maulen-ashimbayev" in [r["id"] for r in answer["results"]]


@pytest.mark.parametrize("text", ["00\x850", "water\u2028code", "tax\u3000code", "land\x85code"])
def test_a_space_of_any_script_parts_the_words_of_a_keyword(text: str) -> None:
    """Found by the property above: a line separator typed between two words kept them apart
    for the follow but glued them in the folded text it is matched against."""
    rule = parse_keyword(text)
    assert rule.phrase.split() == fold(text).split()
