"""Operator replies (/stats, /sources, /broadcast, /ingest), the .ics calendar and refusals with
variable text from ``bot.core`` in the chat's language."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from icalendar import Calendar

from bot.calendar import calendar_file
from bot.core.follows import KeywordError, parse_keyword
from bot.i18n import reason, use
from bot.offline import message_update
from bot.sources import record_source
from store.tiny import TinyStore

from .configured import settings_of
from .conftest import NOW
from .offline_bot import ALMATY, OfflineBot

OPERATOR = 1000
ARTICLE = ("The Senate of the Parliament of Kazakhstan adopted the Water Code on 13 March 2023. "
           "Chairman of the Senate Maulen Ashimbayev said the code will enter into force in 2025.")


@pytest.fixture
async def bot(seeded_db: Path) -> AsyncIterator[OfflineBot]:
    store = TinyStore(seeded_db)
    offline = OfflineBot(store, NOW, admins=frozenset({OPERATOR}))
    async with offline.app:
        yield offline
    store.close()


async def say(bot: OfflineBot, text: str, lang: str | None, user: int = OPERATOR,
              chat: int = 1000) -> list[dict[str, object]]:
    before = len(bot.request.sent)
    await bot.app.process_update(message_update(text, chat, user, bot.app.bot, lang))
    return [p for _m, p in bot.request.sent[before:]]


def texts(sent: list[dict[str, object]]) -> list[str]:
    return [str(p.get("text", "")) for p in sent]


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ["Stats", "Chats:", "Subscribed:", "Knowledge:", "bills", "private"]),
    ("ru", ["Статистика", "Чатов:", "Подписаны:", "Известно:", "законопроект", "личный"]),
    ("kk", ["Статистика", "Чаттар:", "Жазылғандар:", "Белгілі:", "заң жоба", "жеке"]),
])
async def test_stats_in_the_operators_language(bot: OfflineBot, lang: str,
                                               words: list[str]) -> None:
    await say(bot, f"/language {lang}", lang)  # a private chat is known
    [stats] = texts(await say(bot, "/stats", lang))
    for word in words:
        assert word in stats, (word, stats)
    if lang != "en":
        assert "Chats:" not in stats and "Knowledge" not in stats and "none yet" not in stats


async def test_sources_in_russian_and_kazakh(bot: OfflineBot) -> None:
    [empty] = texts(await say(bot, "/sources", "ru"))
    assert "Источников новостей пока нет." in empty and "удаляет источник" in empty
    store = bot.app.bot_data.store
    record_source(store, "https://example.org/", "https://example.org/feed.xml", "Example News",
                  NOW)
    [listing] = texts(await say(bot, "/sources", "ru"))
    assert "Источники новостей" in listing and "Example News" in listing
    assert "последний успешный опрос: никогда" in listing and "last ok" not in listing
    [usage] = texts(await say(bot, "/sources frobnicate", "kk"))
    assert "жаңалық көздерінің тізімі" in usage
    [not_done] = texts(await say(bot, "/sources remove 7", "kk"))
    assert not_done.startswith("Орындалмады:")
    [removed] = texts(await say(bot, "/sources remove 1", "ru"))
    assert removed == "Источник <b>Example News</b> удалён."


async def test_operators_only_in_the_users_language(bot: OfflineBot) -> None:
    [refused] = texts(await say(bot, "/stats", "ru", user=2000, chat=2000))
    assert refused == "Эта команда — для операторов бота."
    [refused_kk] = texts(await say(bot, "/sources", "kk", user=2001, chat=2001))
    assert refused_kk == "Бұл команда бот операторларына арналған."


async def test_broadcast_preview_and_confirm_in_kazakh(bot: OfflineBot) -> None:
    [hint] = texts(await say(bot, "/broadcast", "kk"))
    assert "Мәтінді командадан кейін жазыңыз" in hint
    [long] = texts(await say(bot, "/broadcast " + "ы" * 4000, "ru"))
    assert "4\u00a0000" in long and "3\u00a0500" in long  # numbers grouped the Russian way
    [preview] = await say(bot, "/broadcast Сенат 10:00-де жиналады.", "kk")
    assert "Алдын ала қарау" in str(preview["text"]) and "жазылған чатқа" in str(preview["text"])
    markup = str(preview.get("reply_markup"))
    assert "Жіберу" in markup and "Болдырмау" in markup
    draft = bot.app.bot_data.store.get_meta("broadcasts")[-1]["id"]
    await say(bot, "/language kk", "kk")  # a button press carries no language_code: the chat's
    sent = await bot.press(f"bc:n:{draft}")
    assert any("Болдырылмады" in str(p.get("text", "")) for _m, p in sent), sent


async def test_ingest_reply_in_russian(bot: OfflineBot) -> None:
    [hint] = texts(await say(bot, "/ingest", "ru"))
    assert hint.startswith("Отправьте файл .txt")
    [bad] = texts(await say(bot, "/ingest short", "ru"))
    assert bad.startswith("Не добавлено:")
    [done] = texts(await say(bot, "/ingest " + ARTICLE, "ru"))
    assert done.startswith(("добавлено", "пропущено", "без изменений")), done
    [again] = texts(await say(bot, "/ingest " + ARTICLE, "en"))
    assert again.startswith(("unchanged", "skipped")), again


def entries(data: bytes) -> tuple[Calendar, list[tuple[str, str]]]:
    cal = Calendar.from_ical(data)
    return cal, [(str(e["summary"]), str(e["description"])) for e in cal.walk("VEVENT")]


def test_the_calendar_in_each_language(seeded_db: Path) -> None:
    store = TinyStore(seeded_db)
    try:
        today = NOW.date()
        with use("kk"):
            kk_cal, kk = entries(calendar_file(store, today, ALMATY)[0])
        with use("ru"):
            ru_cal, ru = entries(calendar_file(store, today, ALMATY)[0])
        en_cal, en = entries(calendar_file(store, today, ALMATY)[0])
    finally:
        store.close()
    assert str(kk_cal["x-wr-calname"]) == "Қазақстан Парламенті"
    assert str(ru_cal["x-wr-calname"]) == "Парламент Казахстана"
    assert str(en_cal["x-wr-calname"]) == "Kazakhstan Parliament"
    assert any("жыл өтті:" in s for s, _d in kk), kk[:3]
    assert not any("since:" in s for s, _d in kk + ru)
    assert any(" со дня: " in s for s, _d in ru), ru[:3]
    assert any("since:" in s for s, _d in en)
    # Mentions: "From:" is the bot's, the dated sentence stays as the article gives it.
    mentions_kk = [d for _s, d in kk if "Дереккөз:" in d]
    mentions_en = [d for _s, d in en if "From:" in d]
    assert len(mentions_kk) == len(mentions_en) and not any("From:" in d for _s, d in kk)
    assert all(k.split("\n\n")[0] == e.split("\n\n")[0] for k, e in zip(mentions_kk, mentions_en,
                                                                         strict=True))


async def test_the_calendar_file_of_a_kazakh_chat(bot: OfflineBot) -> None:
    bot.app.bot_data.settings = settings_of(bot.app.bot_data.settings, public_url=None)
    await say(bot, "/calendar", "kk")
    name, data = bot.request.files[-1]
    assert name.endswith(".ics")
    cal, found = entries(data)
    assert str(cal["x-wr-calname"]) == "Қазақстан Парламенті"
    assert any("жыл өтті:" in s for s, _d in found)


async def test_the_calendar_feed_keeps_the_chats_language(bot: OfflineBot) -> None:
    """The webhook's feed has no update to read a language from: the chat's is recorded."""
    from bot.handlers.calendars import calendar_token

    services = bot.app.bot_data
    bot.app.bot_data = dataclasses.replace(services, settings=settings_of(
        services.settings, public_url="https://bot.example.org"))
    await say(bot, "/calendar", "ru", user=3000, chat=3000)
    chat = services.store.get_chat(3000)
    assert chat is not None and chat.language == "ru" and calendar_token(services.store, chat)


def test_keyword_refusals_with_variable_text_are_translated() -> None:
    with pytest.raises(KeywordError) as excluded:
        parse_keyword("water -the")
    with pytest.raises(KeywordError) as common:
        parse_keyword("the")
    with pytest.raises(KeywordError) as many:
        parse_keyword("water -a1 -b2 -c3 -d4 -e5 -f6 -g7")
    assert str(excluded.value) == "excluding “the” would leave out nearly every article"
    with use("ru"):
        assert reason(excluded.value) == "если исключить «the», выпадут почти все статьи"
        assert reason(common.value).startswith("«the» есть почти в каждой статье")
        assert reason(many.value) == "исключить можно не больше 5 слов"
    with use("kk"):
        assert reason(many.value) == "ең көбі 5 сөзді алып тастауға болады"
    assert reason(many.value) == "at most 5 words to exclude"


async def test_keyword_refusal_in_a_russian_chat(bot: OfflineBot) -> None:
    [refused] = texts(await say(bot, "/follow water -the", "ru"))
    assert "если исключить «the», выпадут почти все статьи" in refused, refused
    [refused_kk] = texts(await say(bot, "/follow the", "kk"))
    assert "«the» барлық дерлік мақалада бар" in refused_kk, refused_kk
