"""An anniversary an article states ("this year marks 30 years since ...")."""

from __future__ import annotations

import re

from bot.core.dates.words import (
    _FLAGS,
    _ORDINAL_SUFFIX,
    _normalise,
)
from bot.core.models import PartialDate

_CARDINALS = {
    word: value
    for value, word in enumerate(
        (
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        )
    )
} | {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
}
_NUMBER_WORDS = _CARDINALS | _ORDINALS
_NUMBER_WORD = "|".join(sorted([*_NUMBER_WORDS, "hundredth", "hundred"], key=len, reverse=True))
# "30", "30th", "thirty", "twenty-fifth", "one hundredth".
_NUMBER = (
    rf"(?:\d{{1,4}}{_ORDINAL_SUFFIX}"
    rf"|(?:{_NUMBER_WORD})(?:(?:-|\s+|\s+and\s+)(?:{_NUMBER_WORD})){{0,3}})\b"
)
_CELEBRATE = (
    r"(?:marks?|marked|marking|celebrates?|celebrated|celebrating|commemorates?"
    r"|commemorated|commemorating|observes?|observed|observing)"
)
# Each pattern ends where the subject of the anniversary begins (or, for "celebrates its 30th
# anniversary" with no "of", at the anniversary word; the subject then comes before the verb).
_ANNIVERSARY_AFTER = tuple(
    re.compile(pattern, _FLAGS)
    for pattern in (
        rf"\b(?P<n>{_NUMBER})[-\s]+(?:years?[-\s]+)?(?:anniversary|jubilee)\s+of\s+",
        rf"\b{_CELEBRATE}\s+(?:the\s+|its\s+)?(?P<n>{_NUMBER})\s+years?\s+(?:since|of|from)\s+",
        rf"\b(?P<n>{_NUMBER})\s+years\s+(?:have|has|had|will\s+have)\s+passed\s+since\s+",
        rf"\bit\s+(?:has\s+been|is|was|will\s+be|had\s+been)\s+(?P<n>{_NUMBER})\s+years\s+since\s+",
    )
)
_ANNIVERSARY_BEFORE = re.compile(
    rf"\b(?P<verb>(?:will\s+)?{_CELEBRATE})\s+(?:its|their|his|her)\s+(?P<n>{_NUMBER})[-\s]+"
    r"(?:years?[-\s]+)?(?:anniversary|jubilee)\b(?!\s+of\b)",
    _FLAGS,
)
# Where a subject stops: punctuation, or a word that starts the rest of the clause ("of
# maslikhats | is planned", "of Astana | in Astana").
_SUBJECT_STOP = re.compile(
    r"[.;:!?,()\[\]\"\u201c\u201d\u00ab\u00bb\u2013\u2014]|\s-\s"
    r"|\b(?:is|are|was|were|will|would|shall|has|have|had|which|that|who|whom|where|when|while"
    r"|and|but|in|on|at|by|during|with|as|held|being|been|to\s+be|this|next|last|dedicated"
    r"|planned|scheduled|celebrated|marked)\b",
    _FLAGS,
)
_SUBJECT_MAX_WORDS = 12
# Trailing helpers before the verb ("the Senate will | celebrate its ...") and leading time words
# ("This year the Senate ...") that are not part of the subject.
_AUX_TAIL = re.compile(r"(?:\s+(?:will|is|are|has|have|also|now|soon|to))+\s*$", _FLAGS)
_TIME_HEAD = re.compile(
    r"^(?:this\s+year|next\s+year|today|now|in\s+\d{4}|on\s+\w+\s+\d{1,2})\s+", _FLAGS
)


def _number_value(text: str) -> int | None:
    """30 from "30", "30th", "thirty" or "thirtieth"; 125 from "one hundred twenty-fifth"."""
    digits = re.match(r"\d+", text, re.ASCII)
    if digits:
        return int(digits.group())
    total = 0
    for word in re.split(r"[-\s]+", text.lower()):
        if word in ("hundred", "hundredth"):
            total = max(total, 1) * 100
        elif word in _NUMBER_WORDS:
            total += _NUMBER_WORDS[word]
    return total


def _subject_after(text: str, start: int) -> str:
    tail = text[start:]
    stop = _SUBJECT_STOP.search(tail)
    words = (tail[: stop.start()] if stop else tail).split()
    return " ".join(words[:_SUBJECT_MAX_WORDS])


def _subject_before(text: str, end: int) -> str:
    clause = re.split(r"[.;:!?,()\u2013\u2014]|\b(?:that|which|when|and)\b", text[:end])[-1]
    clause = _TIME_HEAD.sub("", _AUX_TAIL.sub("", clause.strip()))
    words = clause.split()
    return " ".join(words[-_SUBJECT_MAX_WORDS:])


_MAYBE_ANNIVERSARY = re.compile(r"(?i:anniversar|jubilee|years)")


def find_anniversary(sentence: str, reference: PartialDate | None) -> tuple[int, str] | None:
    """(years, subject) for an anniversary the sentence states, else None.

    "this year marks 30 years since the beginning of the work of maslikhats" ->
    ``(30, "the beginning of the work of maslikhats")``; "the 25th anniversary of Astana" ->
    ``(25, "Astana")``. The earliest anniversary in the sentence wins; one whose subject can't be
    found ("its 30th anniversary" with nothing before it) is not reported.

    ``reference`` is accepted for symmetry with :func:`find_date_phrases`; the year an
    anniversary falls in is the caller's business (usually the year of a date phrase in the same
    sentence, else the reference year).
    """
    del reference  # see the docstring: not needed to recognise the anniversary itself
    if not _MAYBE_ANNIVERSARY.search(sentence):
        return None  # every pattern needs one of these words
    text = _normalise(sentence)
    found: list[tuple[int, int, str]] = []
    for pattern in _ANNIVERSARY_AFTER:
        for match in pattern.finditer(text):
            found.append(
                (
                    match.start(),
                    _number_value(match["n"]) or 0,
                    _subject_after(sentence, match.end()),
                )
            )
    for match in _ANNIVERSARY_BEFORE.finditer(text):
        found.append(
            (
                match.start(),
                _number_value(match["n"]) or 0,
                _subject_before(sentence, match.start("verb")),
            )
        )
    for _, years, subject in sorted(found, key=lambda item: item[0]):
        if 1 <= years <= 1000 and subject:
            return years, subject
    return None
