"""Russian and Kazakh as a native reader writes them (issue 21): what a status word means when
negated, no English left in a ru/kk reply, dates and counts joined with the grammar they need."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.core.digest import Digest, Follow, Reminder
from bot.core.glossary import english_query
from bot.core.schedule import ChatSettings
from bot.i18n import LANGUAGE_NAMES, LOCALE_DIR, use
from bot.offline import callback_update, message_update
from bot.render import status_label
from bot.views import pushed
from bot.views.bills import statuses_from_text
from store.tiny import TinyStore

from .conftest import NOW
from .offline_bot import OfflineBot

ADOPTED = {"adopted_mazhilis", "adopted_senate", "adopted_kurultai"}


@pytest.fixture
async def bot(seeded_db: Path) -> AsyncIterator[OfflineBot]:
    store = TinyStore(seeded_db)
    offline = OfflineBot(store, NOW)
    async with offline.app:
        yield offline
    store.close()


async def say(bot: OfflineBot, text: str, lang: str, chat: int = 1000) -> list[str]:
    before = len(bot.request.sent)
    await bot.app.process_update(message_update(text, chat, 1000, bot.app.bot, lang))
    return [str(p.get("text", "")) for _m, p in bot.request.sent[before:]]


# ------------------------------------------------------------------ 1. negated status words

@pytest.mark.parametrize("words", [
    # Kazakh: the verb's stem, then the negative -ба/-бе/-ма/-ме, in any tense or participle
    "Қабылданбады", "қабылданбаған", "мақұлданбады", "мақұлданбаған",
    # Russian: "не" before the word, or written as one word
    "не принят", "Не принятые", "непринятые", "не одобрен", "Не одобренные",
])
def test_a_negated_adoption_is_a_rejection_never_an_adoption(words: str) -> None:
    assert statuses_from_text(words) == ("rejected",)


@pytest.mark.parametrize("words", ["қол қойылмаған", "қаралмаған", "жоспарланбаған"])
def test_another_stage_negated_names_no_status(words: str) -> None:
    # (Russian "не подписан" named none before: only the Kazakh suffix was read as the stage)
    assert statuses_from_text(words) == ()


def test_the_bots_own_label_for_rejected_reads_back_as_rejected() -> None:
    for language in ("ru", "kk"):
        with use(language):
            label = status_label("rejected")
        assert statuses_from_text(label) == ("rejected",), language
        assert statuses_from_text(label.lower()) == ("rejected",), language
    assert english_query("су кодексі") == "water code"  # positive words still mean themselves


@pytest.mark.parametrize(("lang", "words"), [("kk", "Қабылданбады"), ("kk", "қабылданбаған"),
                                             ("kk", "мақұлданбады"), ("ru", "Не принятые")])
async def test_bills_rejected_in_the_users_words_lists_no_adopted_bill(
        bot: OfflineBot, lang: str, words: str) -> None:
    [reply] = await say(bot, f"/bills {words}", lang)
    assert "Constitutional Court" not in reply  # the seed's bill adopted by the Senate
    assert reply == (await say(bot, "/bills rejected", lang))[0]


# ------------------------------------------------------------------ 2. no English left behind

def _catalog_words() -> set[str]:
    """The English words of the catalog's source strings (placeholders and tags left out)."""
    with open(LOCALE_DIR / "messages.pot", "rb") as f:
        template = read_po(f)
    words: set[str] = set()
    for entry in template:
        for text in entry.id if isinstance(entry.id, tuple) else (entry.id,):
            text = re.sub(r"\{\w+(?::\w+)?\}|<[^>]+>|/\w+|@\w+", " ", text)
            words |= {w.lower() for w in re.findall(r"[A-Za-z]{2,}", text)}
    return words


def _article_words(store: TinyStore) -> set[str]:
    """Words the articles themselves give (names, titles, quoted sentences stay as written)."""
    texts: list[str] = []
    for event in store.all_events():
        texts += [event.title, event.summary, event.source or "",
                  *(m.text for m in event.mentions)]
    for official in store.all_officials():
        texts += [official.name, *official.aliases, *(p.title for p in official.positions)]
    for bill in store.all_bills():
        texts += [bill.title, bill.display_title]
    return {w.lower() for t in texts for w in re.findall(r"[A-Za-z]{2,}", t)}


# Names of languages in their own language (the /language buttons), and their codes; and the
# words the bot reads only in English, shown as they are to be typed: the keywords of /subscribe,
# /settings, /follow, /calendar and /sources, and follow keywords (matched against English
# articles: "maslikhat", "water -sport").
NOT_WORDS = {*LANGUAGE_NAMES.values(), *LANGUAGE_NAMES, "daily", "weekly", "time", "day", "freq",
             "tz", "quiet", "off", "bill", "official", "office", "reset", "add", "remove",
             "maslikhat", "water", "sport"}


def _visible(text: str) -> str:
    """What a reader sees of a reply, less what is not language: commands as typed (``<code>/bill
    …</code>``), @names, links, time zones, file extensions, the names of languages."""
    text = re.sub(r"<code>/[^<]*</code>", " ", text)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = re.sub(r"/[\w@]+|@\w+|https?://\S+|webcal://\S+|\b[A-Z][a-z]+/[A-Z][a-z_]+\b"
                  r"|\.[a-z]{2,4}\b", " ", text)
    return " ".join(w for w in re.split(r"[\s|\[\]]+", text)
                    if w.strip(":,.()«»-") not in NOT_WORDS)


TOUR = [
    "/start", "/help", "/officials", "/official tokayev", "/official Ашимбаев",
    "/official president", "/official speaker of the senate", "/bills", "/bills принятые",
    "/bills Zzz", "/bill water code", "/bill", "/bills adopted", "/events", "/events 3",
    "/on 2023", "/on 13.03.2023", "/on 2023-11", "/on когда-нибудь", "/on 1.1.1990",
    "/search water", "/search zzqx", "/upcoming", "/today", "/subscribe", "/settings",
    "/subscribe weekly 09:00 wed", "/subscribe monthly", "/settings time 25:00",
    "/settings day someday", "/settings freq hourly", "/settings tz Mars/Base",
    "/settings quiet 22:00-08:00", "/settings", "/follow water -sport", "/follow the",
    "/follow bill water code", "/follow official tokayev", "/follow office prime minister",
    "/follow", "/following", "/unfollow water", "/calendar", "/language", "/unsubscribe",
    "/nosuch", "/official Zzyzxqw", "/bill Zzyzxqw", "/event nosuch", "/stats", "/sources",
    "/broadcast Hello", "/ingest",
]


async def _tour(bot: OfflineBot, lang: str) -> list[str]:
    """Every command, some inputs it refuses, its buttons pressed once, and what the bot pushes
    on its own (digest, reminders, an alert, an anniversary, a broadcast), in ``lang``."""
    replies: list[str] = []
    store = bot.app.bot_data.store
    for command in TOUR:
        sent = await say(bot, command, lang, chat=2000 + len(lang))
        replies += sent
    presses = [b["callback_data"] for _m, p in bot.request.sent
               for row in (p.get("reply_markup") or {}).get("inline_keyboard", [])
               for b in row if "callback_data" in b]
    for data in dict.fromkeys(presses):
        if data.startswith("lang:") and data != f"lang:{lang}":
            continue  # another language chosen for the chat is that language's tour
        before = len(bot.request.sent)
        await bot.app.process_update(callback_update(data, 2000 + len(lang), 1000, 1, "x",
                                                     bot.app.bot, lang))
        replies += [str(p.get("text", "")) for _m, p in bot.request.sent[before:]]
    replies += [str(b["text"]) for _m, p in bot.request.sent
                for row in (p.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]
    events = sorted(store.all_events(), key=lambda e: e.date.start() if e.date else dt.date.min)
    bills = store.all_bills()
    officials = store.all_officials()
    mentions = [(e, m) for e in events for m in e.mentions if m.date]
    with use(lang):
        replies.append(pushed.digest_message(Digest(
            events=tuple(events[:3]),
            stages=tuple((b, b.history[-1].status, events[0]) for b in bills if b.history),
            appointments=((officials[0], officials[0].positions[0].title, "start", events[0]),
                          (officials[1], officials[1].positions[0].title, "end", events[0])),
            upcoming=tuple(mentions[:2]),
            reminders=(Reminder("anniversary", events[0], years=1),
                       Reminder("anniversary", events[0], years=5),
                       Reminder("stated", events[0], mentions[0][1], years=21),
                       Reminder("upcoming", mentions[0][0], mentions[0][1], when="tomorrow"),
                       Reminder("upcoming", mentions[0][0], mentions[0][1], when="this month")),
        ), dt.date(2024, 3, 13), ChatSettings(1, frequency="weekly")).text)
        replies.append(pushed.reminders_message(
            (Reminder("upcoming", mentions[0][0], mentions[0][1], when="in 7 days"),
             Reminder("anniversary", events[0], years=2)), dt.date(2024, 3, 13)).text)
        follows = [Follow("bill", b.id, b.title) for b in bills[:2]]
        follows.append(Follow("office", "Prime Minister", "Prime Minister"))
        replies.append(pushed.alert_message(events[-1], follows, store).text)
    return replies


@pytest.mark.parametrize("lang", ["ru", "kk"])
async def test_no_english_word_of_the_catalog_reaches_a_russian_or_kazakh_reader(
        seeded_db: Path, lang: str) -> None:
    store = TinyStore(seeded_db)
    offline = OfflineBot(store, NOW, admins=frozenset({1000}))
    async with offline.app:
        replies = await _tour(offline, lang)
    store.close()
    english = _catalog_words() - _article_words(store)
    leaks = {}
    for reply in replies:
        for word in re.findall(r"[A-Za-z]{2,}", _visible(reply)):
            if word.lower() in english:
                leaks.setdefault(word, next(line for line in reply.split("\n")
                                            if word in _visible(line)))
    assert not leaks, "\n".join(f"{w}: {r!r}" for w, r in leaks.items())
