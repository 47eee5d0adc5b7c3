"""``/language``: the chat's language, chosen with buttons or ``/language ru``, kept per chat."""

from __future__ import annotations

import re

from telegram import Update

from bot.handlers.access import Refused, Target, target, target_chat
from bot.handlers.common import Context, argument_text, edit, send, services
from bot.i18n import LANGUAGE_NAMES, LANGUAGES, _, activate, current, language_for
from bot.render import Button, Reply, cut, esc
from bot.views.callbacks import Language, parse

# What people type after /language: codes, and the languages' names in each language.
NAMES = {"en": "en", "english": "en", "английский": "en", "ағылшын": "en",
         "ru": "ru", "russian": "ru", "русский": "ru", "орыс": "ru", "орысша": "ru",
         "kk": "kk", "kz": "kk", "kazakh": "kk", "казахский": "kk", "қазақ": "kk",
         "қазақша": "kk", "казахша": "kk"}


def language_reply() -> Reply:
    """The current language and a button per language (the chosen one marked)."""
    row = tuple(Button(("✅ " if code == current() else "") + LANGUAGE_NAMES[code],
                       Language(code).pack()) for code in LANGUAGES)
    return Reply(_("🌐 This chat's language: <b>{language}</b>. Choose another:").format(
        language=LANGUAGE_NAMES[current()]), (row,))


def _save(context: Context, where: Target, language: str) -> None:
    services(context).store.put_chat(target_chat(context, where).speaking(language))
    activate(language)  # the answer to this very update is already in the new language


async def language(update: Update, context: Context) -> None:
    """Show the language with buttons, or set it: ``/language ru``."""
    word = argument_text(update).strip().lower()
    if not word:
        await send(update, context, language_reply())
        return
    code = NAMES.get(word)
    if code is None:
        await send(update, context, Reply(_("I don't know the language “{word}”. Choose one: "
                                            "<code>/language en</code>, <code>/language "
                                            "ru</code>, <code>/language kk</code>.").format(
            word=esc(cut(word, 30))), language_reply().buttons))
        return
    try:
        where = await target(update, context, [])
    except Refused as refused:
        await send(update, context, Reply(str(refused)))
        return
    _save(context, where, code)
    await send(update, context, Reply(_("✅ Language: {language}. /help shows every command "
                                        "in it.").format(language=LANGUAGE_NAMES[code])))


async def language_button(update: Update, context: Context) -> None:
    """A language button: saved for this chat (by someone who may change it), shown at once."""
    query = update.callback_query
    if query is None:
        return
    press = parse(query.data)
    code = language_for(press.code) if isinstance(press, Language) else current()
    try:
        where = await target(update, context, [])
    except Refused as refused:
        await query.answer(re.sub(r"<[^>]+>", "", str(refused))[:190], show_alert=True)
        return
    _save(context, where, code)
    await query.answer(LANGUAGE_NAMES[code])
    await edit(update, context, language_reply())
