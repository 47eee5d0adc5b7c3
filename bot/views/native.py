"""Russian and Kazakh words typed back to the bot, read into the English forms ``bot.core`` parses.

The bot prints dates with Babel («13 марта 2023 г.», «2023 ж. 13 наурыз»), statuses and weekdays
from its catalogs («На рассмотрении», «жұма»); a reader who types them back must be understood.
So the same sources are read backwards here: Babel's month and day names (every width and
grammatical context), the catalogs' translations, and the common inflected forms of Russian
(«в марте», «в пятницу») and Kazakh («наурызда»). ``bot.core`` stays English-only and
catalog-free: these functions turn native words into its English forms, or leave text alone.
"""

from __future__ import annotations

import re
from functools import cache

from babel.dates import get_day_names, get_month_names

from bot.core.schedule import WEEKDAY_NAMES
from bot.i18n import LANGUAGES, translations
from bot.render import FIRST_READING_LABELS, NOT_REPORTED, STATUS_ICONS, STATUS_LABELS

_NATIVE = ("ru", "kk")
_CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]", re.IGNORECASE)


def _squash(text: str) -> str:
    """Lower case, «ё» as «е», single spaces: the form native words are compared in."""
    return " ".join(text.casefold().replace("ё", "е").split())


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC.search(text) is not None


# Russian case endings a noun takes after its nominative (март -> марта, марте; пятница ->
# пятницу); Kazakh suffixes of place and possession (наурызда, наурыздың, жұмада).
_RU_ENDINGS = ("", "а", "я", "е", "у", "ю", "ь", "й", "ом", "ем")
_KK_SUFFIXES = ("", "да", "де", "та", "те", "дың", "дің", "тың", "тің", "ның", "нің", "ы", "і",
                "ға", "ге", "қа", "ке")


def _inflected(name: str, language: str) -> set[str]:
    name = _squash(name).rstrip(".")
    if language == "ru":
        stem = name[:-1] if name[-1:] in {"ь", "й", "а", "я"} else name
        return {name, *(stem + ending for ending in _RU_ENDINGS)}
    return {name + suffix for suffix in _KK_SUFFIXES}


# --------------------------------------------------------------------------- dates

@cache
def _month_words() -> dict[str, int]:
    """Every Russian and Kazakh month word Babel knows (and its inflected forms) -> 1-12."""
    names = [(_squash(str(name)).rstrip("."), number, language)
             for language in _NATIVE for width in ("wide", "abbreviated")
             for context in ("format", "stand-alone")
             for number, name in get_month_names(width, context, language).items()]
    # Babel's own names first: an inflected form made up by rule («мау» of «май») never takes
    # the place of a real name («мау.», Kazakh June).
    words: dict[str, int] = {name: number for name, number, _language in names}
    for name, number, language in names:
        for form in _inflected(name, language):
            words.setdefault(form, number)
    return words


# What goes with a year in Russian and Kazakh dates: «2023 г.», «2023 года», «2023 ж.», «2023
# жылғы»; and the prepositions of «в марте 2023», «на 13 марта».
_DATE_FILLER = frozenset({"г", "г.", "гг", "год", "года", "году", "ж", "ж.", "жыл", "жылы",
                          "жылғы", "в", "во", "на"})


def english_date(text: str) -> str:
    """A Russian or Kazakh date («13 марта 2023 г.», «март 2023», «2023 ж. 13 наурыз») as the
    ISO form ``parse_user_date`` reads (``2023-03-13``, ``2023-03``), so the calendar decides
    what exists (31 February is "no such date"). Anything else is returned as it is."""
    if not has_cyrillic(text):
        return text
    words = [word.removesuffix("-го").removesuffix("-ші").removesuffix("-шы")
             for word in _squash(text.replace(",", " ")).split()]
    words = [word for word in words if word not in _DATE_FILLER]
    if not any(has_cyrillic(word) for word in words):
        return " ".join(words)  # «13.03.2023 г.», «в 2023 году»: the core reads the rest
    year = month = day = None
    for word in words:
        if word.isascii() and word.isdigit() and len(word) == 4 and year is None:
            year = word
        elif word.isascii() and word.isdigit() and len(word) <= 2 and day is None:
            day = word
        elif (number := _month_words().get(word.rstrip("."))) is not None and month is None:
            month = number
        else:
            return text  # a word that is no part of a date: the core refuses it plainly
    if year is None or (day is not None and month is None):
        return text
    if month is None:
        return year
    return f"{year}-{month:02d}" + (f"-{int(day):02d}" if day is not None else "")


# --------------------------------------------------------------------------- weekdays

@cache
def _weekday_words() -> dict[str, str]:
    """Russian and Kazakh day names (Babel's in every width, the catalogs', «пятницу») -> the
    English name ``parse_weekday`` reads."""
    words: dict[str, str] = {}
    for language in _NATIVE:
        catalog = translations(language)
        for index, english in enumerate(WEEKDAY_NAMES):
            names = {catalog.gettext(english)}
            for width in ("wide", "abbreviated", "short"):
                for context in ("format", "stand-alone"):
                    names.add(str(get_day_names(width, context, language)[index]))
            for name in names:
                forms = _inflected(name, language) if len(name) > 2 else {_squash(name)}
                for form in forms:
                    words.setdefault(form, english)
    return words


def english_weekday(text: str) -> str:
    """ «пт», «пятница», «в пятницу», «жұма» -> "Friday"; anything else as it is."""
    word = _squash(text).removeprefix("в ").removeprefix("во ").rstrip(".")
    return _weekday_words().get(word, text)


# --------------------------------------------------------------------------- bill statuses

@cache
def _status_words() -> dict[str, tuple[str, ...]]:
    """The bot's own status headings in Russian and Kazakh («На рассмотрении», «Қаралуда»)
    -> the statuses they head."""
    labels = [(label, (status,)) for status, label in STATUS_LABELS.items()]
    labels += [(label, ("first_reading",)) for label in FIRST_READING_LABELS.values()]
    labels.append((NOT_REPORTED, ("",)))
    words: dict[str, tuple[str, ...]] = {}
    for language in LANGUAGES:
        catalog = translations(language)
        for label, statuses in labels:
            words.setdefault(_squash(catalog.gettext(label)), statuses)
    return words


def native_statuses(text: str) -> tuple[str, ...]:
    """The statuses a heading the bot prints names (with or without its icon); () for none."""
    words = text.strip()
    for icon in (*STATUS_ICONS.values(), "❔"):
        words = words.removeprefix(icon)
    return _status_words().get(_squash(words), ())
