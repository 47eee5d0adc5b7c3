"""Small text helpers shared by the extractor and the lookups."""

from __future__ import annotations

import functools
import re
import unicodedata

from rapidfuzz import fuzz

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "no",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "vs",
        "etc",
        "approx",
        "gen",
        "prof",
        "e.g",
        "i.e",
        "u.s",
    ]
)
# "Ye. Tokpayev", "Sh. Kuanyshbekova": initials of one Cyrillic letter written with two Latin ones.
_TWO_LETTER_INITIALS = frozenset({"ye", "yu", "ya", "yo", "sh", "zh", "kh", "ch", "ts"})
_GLUED_SENTENCE = re.compile(r"(?<=[a-z]{3})\.(?=[A-Z][a-z]{2})")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"”»']?\s+(?=[\"“«']?[A-Z0-9])")


def normalize_text(text: str) -> str:
    """Unicode-normalise, fold curly apostrophes and odd spaces. Words are kept as written
    ("President Tokayev's address" stays so): name matching looks past a possessive itself."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("’", "'").replace("‘", "'").replace("\u00a0", " ")


def split_sentences(text: str) -> list[str]:
    """Split into sentences: per line first, then at end punctuation not after an abbreviation."""
    sentences: list[str] = []
    for line in text.split("\n"):
        # "... Maulen Ashimbayev.Opening the meeting": a scraper lost the space after a full stop.
        line = _GLUED_SENTENCE.sub(". ", line.strip())
        if not line:
            continue
        start = 0
        for match in _SENTENCE_BREAK.finditer(line):
            before = line[start : match.start()].rstrip("\"”»'")
            last_word = re.split(r"[\s(]", before)[-1].rstrip(".").lower() if before else ""
            if last_word in _ABBREVIATIONS or (
                len(last_word) == 1 and last_word.isalpha()
            ) or (last_word in _TWO_LETTER_INITIALS and before.endswith(".")):
                continue
            piece = line[start : match.start()].strip()
            if piece:
                sentences.append(piece)
            start = match.end()
        piece = line[start:].strip()
        if piece:
            sentences.append(piece)
    return sentences


def slugify(text: str) -> str:
    """ "Law “On Mass Media”" -> "law-on-mass-media": ids that survive URLs and deep links."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].rstrip("-") or "item"


# Cyrillic (Russian and Kazakh letters) to the Latin spelling English-language news uses, so that
# "Токаев" finds "Tokayev" and "Ашимбаев" finds "Ashimbayev" through the fuzzy match.
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
            "a",
            "g",
            "k",
            "n",
            "o",
            "u",
            "u",
            "h",
            "i",
        ],
        strict=True,
    )
)


_TRANSLITERATION = str.maketrans(_CYRILLIC)
_CYRILLIC_LETTER = re.compile("[" + "".join(_CYRILLIC) + "]")


def transliterate(text: str) -> str:
    # The same mapping as a loop over the characters, without one: most texts have no Cyrillic
    # letter (a regex finds that in C), and str.translate maps the rest (folding the texts of
    # 30,000 articles for search took 2.9 s of CPU with the loop).
    lowered = text.lower()
    if not _CYRILLIC_LETTER.search(lowered):
        return lowered
    return lowered.translate(_TRANSLITERATION)


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accent-free, Latin, single-spaced: the form names are compared in.

    Remembered: names and queries are folded again and again. An article's text, folded once
    for search, goes through ``fold_once`` instead, or this cache would keep a second copy of
    every text (32 MB at 30,000 events)."""
    return fold_once(text)


def fold_once(text: str) -> str:
    """``fold`` without remembering the result."""
    if not text.isascii():
        # A space of any script (NEL, U+2028, U+3000) parts words as an ASCII one does: dropped
        # with the other non-ASCII signs below, it would glue "00<NEL>0" into one word.
        text = " ".join(text.split())
    ascii_text = (
        unicodedata.normalize("NFKD", transliterate(text)).encode("ascii", "ignore").decode()
    )
    return " ".join(re.sub(r"[^\w\s-]", " ", ascii_text.lower()).split())


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary and mark the cut with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-–")
    return cut + "…"


# Spellings of one sound in English-language Kazakh news: Qasym/Kassym/Kasym, Zhomart/Jomart,
# Yerzhan/Erzhan, Nazarbayev/Nazarbaev, Toqaev/Tokayev. Order matters ("zh" before "h" rules).
_NAME_SPELLINGS = (
    ("q", "k"), ("dzh", "j"), ("zh", "j"), ("kh", "h"), ("yeu", "eu"), ("ye", "e"), ("yo", "e"),
    ("yu", "iu"), ("ya", "ia"), ("ay", "a"), ("ii", "i"), ("iy", "i"), ("y", "i"), ("w", "v"),
)


@functools.lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """One form for every transliteration of a name: "Qasym-Zhomart Toqaev" and
    "Kassym-Jomart Tokayev" give the same key, and so do "Nazarbaev" and "Nazarbayev"."""
    key = fold(text)
    for written, spoken in _NAME_SPELLINGS:
        key = key.replace(written, spoken)
    return re.sub(r"(.)\1", r"\1", key)  # doubled letters: Kassym/Kasym, Nigmatullin/Nigmatulin


def same_given_name(a: str, b: str) -> bool:
    """Whether two written given names can be one person's: the same name in another spelling,
    one part of a double name ("Jomart" of "Kassym-Jomart"), or an initial of the other ("N."
    of "Nurlan", "Ye." of "Yerlan")."""
    ka, kb = name_key(a.rstrip(".")), name_key(b.rstrip("."))
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    if a.endswith(".") or b.endswith("."):
        initial, full = (ka, kb) if a.endswith(".") else (kb, ka)
        return full.startswith(initial)
    if ka in kb.split("-") or kb in ka.split("-"):
        return True
    # "Archimedes" / "Arkhimedes": one name transliterated two ways, a letter apart
    return len(ka) >= 6 and ka[0] == kb[0] and fuzz.ratio(ka, kb) >= 88


def counted(n: int, noun: str) -> str:
    """ "1 bill", "2 bills", "1,200 chats": a count in the command line's English, whose nouns
    here all take an "s" (the chat's languages have their catalogs' plural forms instead)."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"
