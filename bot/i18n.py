"""The chat's language: gettext catalogs (made with Babel) and dates in that language.

The language of the update being handled (or of the chat a job is writing to) is a context
variable, not an argument: the views call ``_()`` wherever they build text, and the handler or
the scheduler says once, at the top, whose language that is. English is the source language, so
it needs no catalog; Russian and Kazakh (Cyrillic) are ``bot/locale/<lang>/LC_MESSAGES``.

Catalogs: the three ``pybabel`` commands of the README (extract, update, compile);
the compiled ``.mo`` files are committed (a test checks they match the ``.po`` files, and that
every message has a translation), so a clean clone needs no build step.
"""

from __future__ import annotations

import datetime as dt
import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from pathlib import Path

from babel.dates import format_date, format_skeleton
from babel.support import Translations

from bot.core import kazakh

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
LANGUAGES = ("en", "ru", "kk")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "kk": "Қазақша"}

_current: ContextVar[str] = ContextVar("language", default=DEFAULT_LANGUAGE)


def N_(message: str) -> str:
    """Marks a string for extraction where it is defined; it is translated where it is shown."""
    return message


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalog of ``language`` (read once); English is the msgids themselves."""
    if language == DEFAULT_LANGUAGE or language not in LANGUAGES:
        return gettext.NullTranslations()
    return Translations.load(str(LOCALE_DIR), [language], DOMAIN)


def language_for(code: str | None) -> str:
    """A Telegram ``language_code`` ("ru", "kk", "ru-RU") to one of ours; anything else: en."""
    base = (code or "").lower().replace("_", "-").split("-")[0]
    return base if base in LANGUAGES else DEFAULT_LANGUAGE


def current() -> str:
    return _current.get()


def activate(language: str) -> None:
    """The language of the update being handled (set once per update, before any handler)."""
    _current.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)


@contextmanager
def use(language: str) -> Iterator[None]:
    """Write in ``language`` for a while (a job writing to many chats, each its own)."""
    token = _current.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _current.reset(token)


def _(message: str) -> str:
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for ``n`` (Russian has three: 1 закон, 2 закона, 5 законов)."""
    return translations(_current.get()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in a context: "he" and "she" give the forms that agree with a person
    («назначен» / «назначена»); English has one form, so the msgid is the same."""
    return translations(_current.get()).pgettext(context, message)


# --------------------------------------------------------------------------- dates

@lru_cache(maxsize=4096)
def format_day(day: dt.date, language: str) -> str:
    """"13 March 2023", «13 марта 2023 г.», «2023 ж. 13 наурыз»: Babel's long date."""
    if language == "en":  # the form readers here already know (no weekday, day first)
        return format_date(day, "d MMMM y", locale="en")
    return format_date(day, "long", locale=language)


@lru_cache(maxsize=1024)
def format_month(year: int, month: int, language: str) -> str:
    """"March 2023", «март 2023 г.», «2023 ж. наурыз»: the month on its own (nominative)."""
    first = dt.date(year, month, 1)
    if language == "en":
        return format_date(first, "LLLL y", locale="en")
    return format_skeleton("yMMMM", first, locale=language)


# The cases a template asks a date in ("since {date:gen}", «{date:abl} бастап»); a language
# without one gives the date as it stands (English: all of them).
DATE_CASES = ("gen", "dat", "acc", "loc", "abl")


@lru_cache(maxsize=4096)
def date_cases(year: int, month: int | None, day: int | None, language: str
               ) -> tuple[tuple[str, str], ...]:
    """The date of that precision in each case ``language`` declines it in, as (case, text).

    Russian: a day is already in the genitive («13 марта 2023 г.»), so it serves every case; a
    month declines («с марта», «к марту», «о марте 2023 г.»); a year takes «г.» («с 2023 г.»).
    Kazakh: the last word takes the case ending (``bot.core.kazakh``): «2024 ж. 6 ақпанға»,
    «2023 ж. наурыздан»; a year is said with «жыл» («2023 жылдан», «2023 жылы»).
    """
    if language == "ru":
        if day is not None:
            return ()
        if month is None:
            return tuple((case, f"{year}\u202fг.") for case in ("gen", "dat", "acc", "loc"))
        first = dt.date(year, month, 1)
        name = format_date(first, "LLLL", locale="ru")
        stem = name[:-1] if name[-1] in "ьй" else name
        soft = name[-1] in "ьй"
        rest = format_month(year, month, "ru")[len(name):]  # " 2023 г."
        return (("gen", format_date(first, "MMMM", locale="ru") + rest),
                ("dat", stem + ("ю" if soft else "у") + rest),
                ("loc", stem + "е" + rest))
    if language == "kk":
        if month is None:
            return (("dat", f"{year} жылға"), ("abl", f"{year} жылдан"), ("loc", f"{year} жылы"))
        shown = format_day(dt.date(year, month, day), "kk") if day else \
            format_month(year, month, "kk")
        return (("dat", kazakh.in_case(shown, "dative")),
                ("abl", kazakh.in_case(shown, "ablative")),
                ("loc", kazakh.in_case(shown, "locative")))
    return ()


def reason(error: Exception) -> str:
    """A refusal raised in ``bot.core`` in the current language. A fixed message is its own
    msgid; one with variable text (``KeywordError``) carries its ``template`` (a msgid) and
    ``params``, filled in after translating. Anything else is shown as it is."""
    template = getattr(error, "template", None)
    params = getattr(error, "params", None)
    if isinstance(template, str) and isinstance(params, dict):
        return _(template).format(**params)
    return _(str(error))


# Messages of ``bot.core`` (which stays free of catalogs) that reach users: the handlers show
# ``reason(error)``, so each (or its template) is a msgid here.
CORE_MESSAGES = (
    N_("a time is HH:MM, e.g. 09:00 or 18:30"),
    N_("a day is Mon, Tue, Wed, Thu, Fri, Sat or Sun (or the full name)"),
    N_("a time zone is an IANA name such as Asia/Almaty or Europe/Berlin"),
    N_("give a word to look for, e.g. maslikhat or water -sport"),
    N_("a keyword needs at least two letters, e.g. maslikhat"),
    N_("frequency is daily or weekly"),
    N_("quiet hours are FROM-TO, e.g. 22:00-08:00, or off"),
    N_("settings are time, day, freq, tz and quiet"),
    N_("a keyword is at most {n} letters"),
    N_("“{phrase}” is in nearly every article: pick a word that says what you care about, "
       "e.g. maslikhat"),
    N_("excluding “{word}” would leave out nearly every article"),
    N_("at most {n} words to exclude"),
)
