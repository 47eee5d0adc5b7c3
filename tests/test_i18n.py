"""Languages: the catalogs are complete and compiled, plural forms and dates follow each language,
and the offline bot answers in the user's language (and in the chat's, once chosen)."""

from __future__ import annotations

import datetime as dt
import gettext
import html
import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.glossary import english_query
from bot.core.models import PartialDate
from bot.i18n import LANGUAGES, LOCALE_DIR, _, format_day, language_for, ngettext, use
from bot.offline import message_update
from bot.render import show_date, telegram_length

from .command_line import ROOT
from .offline_bot import OfflineBot

TRANSLATED = [code for code in LANGUAGES if code != "en"]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


def extracted_in_context() -> set[tuple[str | None, str | tuple[str, ...]]]:
    """Every (context, message id) in the code, found the way ``pybabel extract`` finds them
    (a context: "he" / "she" for the forms that agree with a person)."""
    found: set[tuple[str | None, str | tuple[str, ...]]] = set()
    method_map = [("**.py", "python")]
    for _file, _line, message, _comments, context in extract_from_dir(
            str(ROOT / "bot"), method_map, keywords=KEYWORDS):
        found.add((context, message if isinstance(message, str) else tuple(message)))
    return found

MAX_MESSAGE = 4096  # Telegram's limit on a message's text


def extracted() -> set[str | tuple[str, ...]]:
    """Every message id in the code."""
    return {message for _context, message in extracted_in_context()}


def catalog(language: str):  # type: ignore[no-untyped-def]
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f)


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_has_a_translation(language: str) -> None:
    """Fails when a message id of the code lacks a translation (or a plural form) here."""
    po = catalog(language)
    missing = []
    for context, message_id in extracted_in_context():
        entry = po.get(message_id[0] if isinstance(message_id, tuple) else message_id,
                       context=context)
        strings = entry.string if entry is not None else None
        forms = strings if isinstance(strings, tuple) else (strings,)
        if entry is None or entry.fuzzy or not all(forms) or \
                len(forms) != (po.num_plurals if isinstance(message_id, tuple) else 1):
            missing.append(message_id)
    assert not missing, f"{language}: no translation for {missing[:5]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_placeholders_and_tags(language: str) -> None:
    for entry in catalog(language):
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        wanted = set(re.findall(r"\{(\w+)(?::\w+)?\}", ids[-1]))
        for text in strings:
            assert set(re.findall(r"\{(\w+)(?::\w+)?\}", text)) <= wanted | set(
                re.findall(r"\{(\w+)(?::\w+)?\}", ids[0])), (entry.id, text)
            assert sorted(re.findall(r"</?\w+>", text)) == sorted(
                re.findall(r"</?\w+>", ids[0])) or "<code>" in text, (entry.id, text)


@pytest.mark.parametrize("language", TRANSLATED)
def test_compiled_catalogs_match_the_po_files(language: str) -> None:
    """The committed .mo is the .po compiled: a clean clone needs no build step."""
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    with open(folder / "messages.mo", "rb") as f:
        compiled = gettext.GNUTranslations(f)
    for entry in catalog(language):
        if not entry.id:
            continue
        if isinstance(entry.id, tuple):
            for n, form in ((1, 0), (5, -1)):
                expected = entry.string[form] if language == "kk" or n == 1 else entry.string[2]
                assert compiled.ngettext(entry.id[0], entry.id[1], n) == expected
        elif entry.context:
            assert compiled.pgettext(entry.context, entry.id) == entry.string, entry.id
        else:
            assert compiled.gettext(entry.id) == entry.string, entry.id


def test_the_template_lists_what_the_code_uses() -> None:
    with open(LOCALE_DIR / "messages.pot", "rb") as f:
        template = {m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(f) if m.id}
    assert template == extracted(), "run the pybabel extract command of the README (Languages)"


def test_russian_has_three_plural_forms_and_kazakh_two() -> None:
    with use("ru"):
        words = [ngettext("{n} bill", "{n} bills", n).format(n=n) for n in (1, 2, 5, 11, 21)]
    assert words == ["1 законопроект", "2 законопроекта", "5 законопроектов",
                     "11 законопроектов", "21 законопроект"]
    with use("kk"):
        assert ngettext("{n} event", "{n} events", 5).format(n=5) == "5 оқиға"
    with use("en"):
        assert ngettext("{n} event", "{n} events", 1).format(n=1) == "1 event"


def test_dates_and_months_in_each_language() -> None:
    day = dt.date(2023, 3, 13)
    assert format_day(day, "en") == "13 March 2023"
    assert format_day(day, "ru").replace("\u202f", " ") == "13 марта 2023 г."
    assert "наурыз" in format_day(day, "kk")
    with use("ru"):
        assert show_date(PartialDate(2023, 11)).replace("\u202f", " ") == "ноябрь 2023 г."
        assert show_date(None) == "дата неизвестна"
    with use("kk"):
        assert "қараша" in show_date(PartialDate(2023, 11)).lower()


def test_language_codes() -> None:
    assert [language_for(c) for c in ("ru", "ru-RU", "kk", "KK", "en", "de", None, "")] == \
        ["ru", "ru", "kk", "kk", "en", "en", "en", "en"]
    with use("kk"):
        assert _("Chairman of the Senate") == "Сенат Төрағасы"
    with use("ru"):
        assert _("Approved by the Senate") == "Одобрен Сенатом"


def test_russian_and_kazakh_bill_words() -> None:
    assert english_query("водный кодекс") == "water code"
    assert english_query("су кодексі") == "water code"
    assert english_query("Water Code") == "Water Code"  # Latin text is left alone


# --------------------------------------------------------------------------- the offline bot

@pytest.fixture
def bot(offline_bot: OfflineBot) -> OfflineBot:
    return offline_bot


async def say(bot: OfflineBot, text: str, lang: str | None, chat: int = 1000) -> list[str]:
    before = len(bot.request.sent)
    await bot.app.process_update(message_update(text, chat, 1000, bot.app.bot, lang))
    return [str(p.get("text", "")) for _m, p in bot.request.sent[before:]]


@pytest.mark.parametrize(("lang", "words"), [
    ("ru", ["Парламент Казахстана", "Председатель Сената", "Законопроекты", "Водный кодекс",
            "Что я умею"]),
    ("kk", ["Қазақстан Парламенті", "Сенат Төрағасы", "Заң жобалары", "Су кодексі", "Не істей"]),
])
async def test_answers_in_the_users_language(bot: OfflineBot, lang: str,
                                             words: list[str]) -> None:
    start = await say(bot, "/start", lang)
    card = await say(bot, "/official Ашимбаев", lang)
    bills = await say(bot, "/bills", lang)
    water = await say(bot, "/bill водный кодекс" if lang == "ru" else "/bill су кодексі", lang)
    helps = await say(bot, "/help", lang)
    assert words[0] in start[0]
    assert "Maulen Ashimbayev" in card[0] and words[1] in card[0]  # names stay, offices change
    assert words[2] in bills[0]
    assert words[3] in water[0]  # a code by its name in the reader's language
    assert words[4] in helps[0] and "/language" in helps[0]


async def test_language_is_kept_per_chat_and_switched(bot: OfflineBot) -> None:
    [menu] = await say(bot, "/language", "ru")
    assert "Русский" in menu
    [done] = await say(bot, "/language en", "ru")
    assert "Language: English" in done
    [help_text] = await say(bot, "/help", "ru")  # the user's Telegram says ru; the chat, en
    assert "What I can do" in help_text
    await say(bot, "/language kk", "en")
    [again] = await say(bot, "/help", "en")
    assert "Не істей аламын" in again
    sent = await bot.press("lang:ru")
    assert any("Язык чата" in str(p.get("text", "")) for _m, p in sent)
    assert bot.app.bot_data.store.get_chat(1000).language == "ru"  # type: ignore[union-attr]


async def test_errors_and_unknown_commands_in_the_language(bot: OfflineBot) -> None:
    [unknown] = await say(bot, "/nosuch", "ru")
    assert "Я не знаю команду" in unknown
    [bad_date] = await say(bot, "/on когда-нибудь", "kk")
    assert "күн ретінде оқылмады" in bad_date
    [nothing] = await say(bot, "/official Zzyzxqw", "ru")
    assert "не найдено" in nothing and "Должностное лицо" in nothing


LANGS = st.sampled_from(["en", "ru", "kk"])
COMMANDS = st.sampled_from(["/official", "/bill", "/bills", "/events", "/on", "/search",
                            "/follow", "/settings", "/language", "/subscribe", "/event"])


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lang=LANGS, command=COMMANDS, argument=st.text(max_size=300))
async def test_any_reply_in_any_language_is_valid_html(bot: OfflineBot, lang: str,
                                                       command: str, argument: str) -> None:
    from .fakebotapi import parse_entities

    for text in await say(bot, f"{command} {argument}".strip(), lang):
        plain, _entities = parse_entities(text, "HTML")  # raises on broken HTML
        assert 1 <= telegram_length(plain) <= MAX_MESSAGE
        assert html.unescape(plain).strip()
