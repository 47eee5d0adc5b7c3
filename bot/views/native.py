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

import snowballstemmer
from babel.dates import get_day_names, get_month_names

from bot.core.schedule import WEEKDAY_NAMES
from bot.i18n import LANGUAGES, translations
from bot.render import (
    FIRST_READING_LABELS,
    NOT_REPORTED,
    STATUS_ICONS,
    STATUS_LABELS,
)

_NATIVE = ("ru", "kk")
_CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]", re.IGNORECASE)


def _squash(text: str) -> str:
    """Lower case, «ё» as «е», single spaces: the form native words are compared in."""
    return " ".join(text.casefold().replace("ё", "е").split())


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC.search(text) is not None


_RUSSIAN = snowballstemmer.stemmer("russian")
# Snowball has no Kazakh: its suffixes of place, possession and case, longest first, as stripped
# from a word of at least three letters more («наурызда», «Төрағасының», «жұмада»).
_KAZAKH_SUFFIXES = sorted({
    "сының", "сінің", "ның", "нің", "дың", "дің", "тың", "тің", "сын", "сін", "сы", "сі", "ын",
    "ін", "на", "не", "ға", "ге", "қа", "ке", "да", "де", "та", "те", "ны", "ні", "н", "ы", "і",
}, key=len, reverse=True)


def russian_stem(word: str) -> str:
    """ «председателя», «председателем» -> «председател»: Snowball's Russian stemmer."""
    return str(_RUSSIAN.stemWord(word))


def kazakh_stem(word: str) -> str:
    """ «төрағасының», «төрағасы» -> «төраға»."""
    for suffix in _KAZAKH_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


STEMMERS = {"ru": russian_stem, "kk": kazakh_stem}


class NativeWords:
    """Russian and Kazakh names -> what they name: a name as it is, then by its stem in either
    language (any case of the name finds it). A name as it is comes first: a stem made by rule
    («мау» of Russian «май») never takes the place of a real name («мау.», Kazakh June)."""

    def __init__(self, names: list[tuple[str, str, str]]) -> None:
        """``names``: (name, language, what it names)."""
        self.exact: dict[str, str] = {}
        self.stems: dict[tuple[str, str], str] = {}
        for name, _language, meaning in names:
            self.exact.setdefault(_squash(name).rstrip("."), meaning)
        for name, language, meaning in names:
            self.stems.setdefault((language, STEMMERS[language](_squash(name).rstrip("."))),
                                  meaning)

    def get(self, word: str) -> str | None:
        word = _squash(word).rstrip(".")
        if (found := self.exact.get(word)) is not None:
            return found
        for language, stem in STEMMERS.items():
            # «қазанда» is «қазан» with a suffix, though «қазан» itself looks suffixed
            found = self.exact.get(stem(word)) or self.stems.get((language, stem(word)))
            if found is not None:
                return found
        return None


# --------------------------------------------------------------------------- dates

@cache
def _month_words() -> NativeWords:
    """Every Russian and Kazakh month name Babel knows, in any case -> "1" to "12"."""
    return NativeWords([(str(name), language, str(number)) for language in _NATIVE
                        for width in ("wide", "abbreviated")
                        for context in ("format", "stand-alone")
                        for number, name in get_month_names(width, context, language).items()])


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
        elif (number := _month_words().get(word)) is not None and month is None:
            month = int(number)
        else:
            return text  # a word that is no part of a date: the core refuses it plainly
    if year is None or (day is not None and month is None):
        return text
    if month is None:
        return year
    return f"{year}-{month:02d}" + (f"-{int(day):02d}" if day is not None else "")


# --------------------------------------------------------------------------- weekdays

@cache
def _weekday_words() -> NativeWords:
    """Russian and Kazakh day names (Babel's in every width, the catalogs', «пятницу») -> the
    English name ``parse_weekday`` reads."""
    names = []
    for language in _NATIVE:
        catalog = translations(language)
        for index, english in enumerate(WEEKDAY_NAMES):
            names.append((catalog.gettext(english), language, english))
            for width in ("wide", "abbreviated", "short"):
                for context in ("format", "stand-alone"):
                    names.append((str(get_day_names(width, context, language)[index]), language,
                                  english))
    return NativeWords(names)


def english_weekday(text: str) -> str:
    """ «пт», «пятница», «в пятницу», «жұма» -> "Friday"; anything else as it is."""
    word = _squash(text).removeprefix("в ").removeprefix("во ")
    return _weekday_words().get(word) or text


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
