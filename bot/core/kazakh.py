"""Kazakh case endings, for a date or a number put before a postposition.

Kazakh joins «бастап» (since), «дейін» (until), «қарай» (by), «кейін» (after) to a word in a
case: «2023 жылдан бастап», «6 ақпанға дейін». The ending follows the word's last vowel (vowel
harmony: back а, о, ұ, ы take -ға/-дан/-да; front ә, е, ө, ү, і take -ге/-ден/-де) and its last
sound (a voiceless consonant hardens it: -қа, -тан, -та; м, н, ң make the ablative -нан). A number
written in digits takes the ending of its last word read aloud: 2023 is «екі мың жиырма үш»,
so «2023-тен»; 6 is «алты», so «6-ға»; 2000 is «екі мың», so «2000-нан».

No library covers this (Babel has no grammatical cases), so it is a small table and three rules.
"""

from __future__ import annotations

import re
from typing import Literal

Case = Literal["dative", "ablative", "locative"]

_BACK = frozenset("аоұыяё")
_FRONT = frozenset("әеөүіэ")
_VOWELS = _BACK | _FRONT | frozenset("иую")
_NASALS = frozenset("мнң")
# Voiceless consonants (and the voiced stops of loanwords, said voiceless at a word's end:
# «клуб» -> «клубқа»).
_VOICELESS = frozenset("кқпстшщфхһцчбвгд")

# (back, front) endings by the last sound: a vowel or a voiced consonant, a nasal, voiceless
_ENDINGS: dict[Case, dict[str, tuple[str, str]]] = {
    "dative": {"voiced": ("ға", "ге"), "nasal": ("ға", "ге"), "voiceless": ("қа", "ке")},
    "ablative": {"voiced": ("дан", "ден"), "nasal": ("нан", "нен"), "voiceless": ("тан", "тен")},
    "locative": {"voiced": ("да", "де"), "nasal": ("да", "де"), "voiceless": ("та", "те")},
}

_UNITS = ("нөл", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз")
_TENS = ("", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан")
# The words for each power of a thousand, smallest first: the last word of 2000 is «мың», of
# 3000000 «миллион», of 1001000 «мың» again (бір миллион бір мың)
_THOUSANDS = ((10**3, "мың"), (10**6, "миллион"), (10**9, "миллиард"))


def ending(word: str, case: Case) -> str:
    """The ending of ``case`` for ``word`` (a Kazakh word in Cyrillic): «ақпан» -> «ға»."""
    letters = [ch for ch in word.lower() if ch.isalpha()]
    if not letters:
        raise ValueError(f"no letters in {word!r}")
    last = letters[-1]
    sound = ("voiced" if last in _VOWELS else "nasal" if last in _NASALS
             else "voiceless" if last in _VOICELESS else "voiced")
    front = next((ch in _FRONT for ch in reversed(letters) if ch in _BACK | _FRONT), False)
    back_form, front_form = _ENDINGS[case][sound]
    return front_form if front else back_form


def in_case(text: str, case: Case) -> str:
    """``text`` with the ending of ``case`` on its last word: «2024 ж. 6 ақпан» -> «2024 ж. 6
    ақпанға», «жыл» -> «жылдан»; a number in digits takes it after a hyphen, by its last word
    read aloud: «6» -> «6-ға», «2023» -> «2023-тен»."""
    digits = re.search(r"\d+$", text)
    if digits:
        return f"{text}-{ending(last_word_read_aloud(int(digits.group())), case)}"
    return text + ending(text, case)


def last_word_read_aloud(number: int) -> str:
    """The last word of ``number`` read aloud in Kazakh: 2023 -> «үш», 1990 -> «тоқсан»."""
    number = abs(number)
    if number % 10 or number == 0:
        return _UNITS[number % 10]
    if number % 100:
        return _TENS[number % 100 // 10]
    if number % 1000:
        return "жүз"
    return next((word for size, word in _THOUSANDS if number // size % 1000), "миллиард")

