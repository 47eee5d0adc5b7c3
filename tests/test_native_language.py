"""Russian and Kazakh as a native reader writes them (issue 21): what a status word means when
negated, no English left in a ru/kk reply, dates and counts joined with the grammar they need."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.glossary import english_query
from bot.i18n import use
from bot.offline import message_update
from bot.render import status_label
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
