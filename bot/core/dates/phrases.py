"""Dated phrases in one sentence ("in April 2024", "by 2029", "at the beginning of next year"),
resolved against the article's date with the precision their words support."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from bot.core.dates.words import (
    _BARE_YEARS,
    _FLAGS,
    _MONTH,
    _NAMED_YEARS,
    _ORDINAL_SUFFIX,
    _make,
    _month_number,
    _normalise,
    _shift_month,
    _squash,
)
from bot.core.models import PartialDate, Precision


@dataclass(frozen=True)
class DatePhrase:
    """A dated phrase found in a sentence; ``phrase == sentence[start:end]``."""

    date: PartialDate
    start: int
    end: int
    phrase: str


Tense = Literal["future", "past"] | None

# Deliberately short lists: tense only matters for a month or day given without a year, and
# then only to decide between this year and the next (or previous) one.
_FUTURE = re.compile(
    r"\b(?:will|would|shall|going\s+to|plans?\s+to|intends?\s+to|upcoming|forthcoming|next"
    r"|ahead\s+of|in\s+the\s+run-up\s+to|must|scheduled\s+for"
    r"|(?:is|are)\s+(?:planned|scheduled|expected|set|due|going|to\s+be)"
    r"|to\s+be\s+(?:held|adopted|considered|signed|launched|submitted|introduced|completed"
    r"|opened|approved|ratified|presented|discussed))\b",
    _FLAGS,
)
_PAST = re.compile(
    r"\b(?:was|were|had|did|has\s+been|have\s+been|ago|yesterday|adopted|approved|signed"
    r"|passed|held|took|made|met|said|noted|announced|discussed|elected|appointed|launched"
    r"|began|became|visited|completed|ratified|received|returned|rejected|introduced"
    r"|submitted|reviewed|considered|wrote|opened|established|created|stressed|emphasi[sz]ed"
    r"|informed|told|instructed)\b",
    _FLAGS,
)


def _tense(text: str) -> Tense:
    """ "future" if the sentence talks about plans, "past" if about done things, else None."""
    if _FUTURE.search(text):
        return "future"
    if _PAST.search(text):
        return "past"
    return None


@dataclass(frozen=True)
class _Context:
    text: str  # the sentence as given: phrases are cut from it
    reference: PartialDate | None
    tense: Tense


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    rank: int  # 3 day, 2 month, 1 year: breaks ties between equally long overlapping matches
    phrases: tuple[DatePhrase, ...]


_RANK: dict[Precision, int] = {"day": 3, "month": 2, "year": 1}

# Lookbehind for a number that starts a date: not glued to a word, another number, a currency
# sign or a decimal/thousands separator ("$ 2,173", "v2.2024", "16:32").
_NUM_START = r"(?<![\w$.,:/-])"
# After a year: not a longer number, a decimal, a percentage or a quantity ("2000 years",
# "2024 tenge"). "year" (singular) is fine: "2024 year" is a date.
_YEAR_END = (
    r"(?![\w%]|[.,:]\d|\s*(?:%|percent\b|per\s+cent\b|years\b|tenge\b|billion\b|million\b"
    r"|thousand\b|trillion\b|people\b|hectares\b|tons?\b|tonnes?\b|dollars\b|km\b|usd\b|kzt\b))"
)
_DAY_END = r"(?![\w:]|[.,]\d)"
_REL_WORD = r"this|next|last|the\s+current|current|the\s+coming|coming|the\s+previous|previous"
_REL_OFFSET = {
    "this": 0,
    "current": 0,
    "the current": 0,
    "the": 0,
    "next": 1,
    "coming": 1,
    "the coming": 1,
    "last": -1,
    "previous": -1,
    "the previous": -1,
}
# A year after a month or a day: "October 2024", "15 October, 2024", "in March last year".
_YEAR_SPEC = (
    rf"(?:,?\s+(?:of\s+)?(?P<y>\d{{4}}){_YEAR_END}"
    rf"|\s+(?:of\s+)?(?P<rel>{_REL_WORD})\s+year\b)?"
)

# Words allowed in front of a day date; they become part of the phrase ("on Nov. 26").
_DAY_PRE = (
    r"(?P<pre>(?:on|from|since|until|till|by|before|after|as\s+of|starting(?:\s+from)?"
    r"|through|to)\s+)?"
)
# In front of a month or year: an edge of the period, a soft edge, or a plain preposition. These
# double as the "date-ish context" a bare year needs before it is believed.
_EDGE = (
    r"(?:(?:at|by|until|till|before|after|from|since|in|to|towards?|through)\s+)?"
    r"the\s+(?:very\s+)?(?P<edge>beginning|start|end|middle)\s+of\s+"
)
_SOFT = r"(?:(?:in|by|until|till|from|since|before|after)\s+)?(?P<soft>early|late|mid)(?:-|\s+)"
_PREP = (
    r"(?:in|by|for|since|until|till|from|of|before|after|during|through|throughout|to|between"
    r"|as\s+of|starting(?:\s+(?:in|from))?|beginning\s+in|(?:the\s+)?year)\s+"
)
_PERIOD_PRE = rf"(?P<pre>{_EDGE}|{_SOFT}|{_PREP})"


def _phrase(ctx: _Context, start: int, end: int, date: PartialDate) -> DatePhrase:
    return DatePhrase(date, start, end, ctx.text[start:end])


def _blocker(match: re.Match[str]) -> _Candidate:
    """Claims the span of a date the calendar rejects ("31 February 2024") without reporting
    anything, so the shorter "February 2024" inside it is not reported in its place."""
    return _Candidate(match.start(), match.end(), _RANK["day"], ())


def _single(match: re.Match[str], ctx: _Context, date: PartialDate | None) -> _Candidate | None:
    if date is None:
        return None
    phrase = _phrase(ctx, match.start(), match.end(), date)
    return _Candidate(match.start(), match.end(), _RANK[date.precision], (phrase,))


def _capitalised(word: str) -> bool:
    """English news capitalises months; a lower-case "may" or "march" is a verb."""
    return word[:1].isupper()


def _relative_year(word: str, reference: PartialDate | None) -> int | None:
    offset = _REL_OFFSET.get(_squash(word))
    if reference is None or offset is None:
        return None
    return reference.year + offset


def _infer_year(month: int, day: int | None, ctx: _Context) -> int | None:
    """The year of a month (and day) given without one, from the reference and the tense."""
    ref = ctx.reference
    if ref is None:
        return None
    if ref.month is None:
        return ref.year
    if ctx.tense is None:
        # No tense to go by: a month still ahead this year is this year's; one already past is
        # the nearer of last year's and next year's ("as his powers expire in January", written
        # in December, is a month ahead rather than eleven back).
        if month >= ref.month:
            return ref.year
        ahead = (ref.year + 1) * 12 + month - (ref.year * 12 + ref.month)
        back = ref.year * 12 + ref.month - (ref.year * 12 + month)
        return ref.year + 1 if ahead < back else ref.year
    # Compare whole days only when both sides have one: "on Nov. 26" against 27 November.
    if day is not None and ref.day is not None:
        here, there = (month, day), (ref.month, ref.day)
    else:
        here, there = (month, 0), (ref.month, 0)
    if ctx.tense == "future" and here < there:
        return ref.year + 1
    if ctx.tense == "past" and here > there:
        return ref.year - 1
    return ref.year


def _year_with_edge(year: int, match: re.Match[str]) -> PartialDate | None:
    """A year narrowed by "the beginning of" (January) or "the end of" (December)."""
    edge = (match["edge"] or "").lower()
    if edge in ("beginning", "start"):
        return _make(year, 1)
    if edge == "end":
        return _make(year, 12)
    return _make(year)


def _year_of(match: re.Match[str], month: int, day: int | None, ctx: _Context) -> int | None:
    """The year for a month-anchored match: written, relative ("last year") or inferred."""
    if match["y"]:
        year = int(match["y"])
        return year if year in _NAMED_YEARS else None
    if not _capitalised(match["mon"]):
        return None
    if match["rel"]:
        return _relative_year(match["rel"], ctx.reference)
    return _infer_year(month, day, ctx)


def _on_iso(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    year = int(match["y"])
    if year not in _NAMED_YEARS:
        return None
    return _single(match, ctx, _make(year, int(match["m"]), int(match["d"]))) or _blocker(match)


def _on_day_month(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    """ "15 October 2024", "October 15, 2024", "on Nov. 26", "1 May last year"."""
    month = _month_number(match["mon"])
    if month is None:
        return None
    day = int(match["d"])
    year = _year_of(match, month, day, ctx)
    if year is None:
        return None
    return _single(match, ctx, _make(year, month, day)) or _blocker(match)


def _on_month(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    """ "April 2024", "in April", "by the end of March 2025", "in March last year"."""
    month = _month_number(match["mon"])
    if month is None:
        return None
    # A month name alone is believed only after a preposition: "In November, ..." is a date,
    # "March" at the start of a headline may not be.
    if not (match["y"] or match["rel"] or match["pre"]):
        return None
    year = _year_of(match, month, None, ctx)
    return None if year is None else _single(match, ctx, _make(year, month))


def _on_year(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    """ "in 2024", "by 2029", "since 2019", "by the end of 2023", "mid-2025", "2024 year"."""
    year = int(match["y"])
    if year not in _BARE_YEARS:
        return None
    if "edge" in match.re.groupindex:
        return _single(match, ctx, _year_with_edge(year, match))
    return _single(match, ctx, _make(year))


def _on_range(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    """ "2023-2033", "for 2024-26", "between 2023 and 2025": start year and end year."""
    if not (match["dash"] or match["pre"]):
        return None  # "2023 and 2024" with nothing date-ish in front: leave to other rules
    first = int(match["y1"])
    second_text = match["y2"]
    if len(second_text) == 2:
        if not match["dash"]:
            return None
        second = first // 100 * 100 + int(second_text)  # "2023-25" -> 2025
    else:
        second = int(second_text)
    if first not in _BARE_YEARS or second not in _BARE_YEARS or not first < second <= first + 100:
        return None
    start_date, end_date = _make(first), _make(second)
    if start_date is None or end_date is None:
        return None
    phrases = (
        _phrase(ctx, match.start(), match.end("y1"), start_date),
        _phrase(ctx, match.start("y2"), match.end("y2"), end_date),
    )
    return _Candidate(match.start(), match.end(), _RANK["year"], phrases)


def _on_relative(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    """ "next year", "at the beginning of next year", "at the end of the year", "last month"."""
    ref = ctx.reference
    which = _squash(match["which"])
    offset = _REL_OFFSET.get(which)
    if ref is None or offset is None:
        return None
    if which == "the" and not match["edge"]:
        return None  # "during the year" is a duration, not a date
    if match["unit"].lower() == "year":
        return _single(match, ctx, _year_with_edge(ref.year + offset, match))
    if ref.month is None:
        return None  # "next month" means nothing against a year-only reference
    year, month = _shift_month(ref.year, ref.month, offset)
    return _single(match, ctx, _make(year, month))


def _on_new_year(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    """ "from the new year 2023" -> January 2023; "from the new year" -> next January."""
    if match["y"]:
        year = int(match["y"])
        return _single(match, ctx, _make(year, 1)) if year in _BARE_YEARS else None
    ref = ctx.reference
    if ref is None or not match["pre"]:
        return None
    # Early in a year, "since the new year" looks back at the January just gone.
    same_year = ctx.tense == "past" and ref.month is not None and ref.month <= 2
    return _single(match, ctx, _make(ref.year if same_year else ref.year + 1, 1))


def _on_day_word(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    """ "today", "yesterday", "tomorrow": only against a reference known to the day."""
    ref = ctx.reference
    if ref is None or ref.day is None:
        return None
    shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[match["word"].lower()]
    try:
        day = PartialDate.from_date(dt.date.fromordinal(ref.start().toordinal() + shift))
    except (ValueError, OverflowError):
        return None  # 1 January of year 1 has no yesterday
    return _single(match, ctx, day)


_Handler = Callable[[re.Match[str], _Context], _Candidate | None]

_RULES: tuple[tuple[re.Pattern[str], _Handler], ...] = (
    (
        re.compile(
            rf"\b{_DAY_PRE}{_NUM_START}(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}})"
            r"(?![\w-]|[.,:]\d)",
            _FLAGS,
        ),
        _on_iso,
    ),
    (
        re.compile(
            rf"\b{_DAY_PRE}{_NUM_START}(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>\d{{4}})"
            r"(?!\w|[.,:]\d)",
            _FLAGS,
        ),
        _on_iso,
    ),
    (
        re.compile(
            rf"\b{_DAY_PRE}{_NUM_START}(?P<d>\d{{1,2}}){_ORDINAL_SUFFIX}\s+(?:of\s+)?"
            rf"(?P<mon>{_MONTH}){_YEAR_SPEC}",
            _FLAGS,
        ),
        _on_day_month,
    ),
    (
        re.compile(
            rf"\b{_DAY_PRE}(?P<mon>{_MONTH})\s+(?P<d>\d{{1,2}}){_ORDINAL_SUFFIX}{_DAY_END}"
            rf"{_YEAR_SPEC}",
            _FLAGS,
        ),
        _on_day_month,
    ),
    (re.compile(rf"\b{_PERIOD_PRE}?(?P<mon>{_MONTH}){_YEAR_SPEC}", _FLAGS), _on_month),
    # No _NUM_START here: the required prefix already separates the year ("mid-2025").
    (re.compile(rf"\b{_PERIOD_PRE}(?P<y>\d{{4}}){_YEAR_END}", _FLAGS), _on_year),
    (re.compile(rf"{_NUM_START}(?P<y>\d{{4}})\s+year\b", _FLAGS), _on_year),
    (
        re.compile(
            r"\b(?P<pre>(?:in|for|from|between|during|since|of|by|until|through|over)\s+)?"
            rf"{_NUM_START}(?P<y1>\d{{4}})"
            r"(?:\s*(?P<dash>[-\u2013\u2014])\s*|\s+(?:to|and|or|through|till|until)\s+)"
            r"(?P<y2>\d{4}|\d{2})(?![\w%-]|[.,:]\d)",
            _FLAGS,
        ),
        _on_range,
    ),
    (
        re.compile(rf"\b{_PERIOD_PRE}?(?P<which>{_REL_WORD}|the)\s+(?P<unit>year|month)\b", _FLAGS),
        _on_relative,
    ),
    (
        re.compile(
            r"\b(?P<pre>(?:from|since|after|with|in|starting(?:\s+from)?)\s+)?"
            r"the\s+new\s+year(?!['\u2019]s|\s+(?:holidays?|eve|celebrations?|tree|party"
            r"|address|greetings?)\b)"
            rf"(?:\s+(?:of\s+)?(?P<y>\d{{4}}){_YEAR_END})?",
            _FLAGS,
        ),
        _on_new_year,
    ),
    (
        re.compile(
            r"\b(?P<pre>(?:on|until|till|since|by|from|as\s+of)\s+)?"
            r"(?P<word>today|yesterday|tomorrow)\b",
            _FLAGS,
        ),
        _on_day_word,
    ),
)


# What some rules cannot match without, by their place in ``_RULES``: most sentences lack a
# four-digit year or a month name, and trying those rules everywhere is most of the cost.
_CUES = {
    "year": re.compile(r"\d{4}"),
    "month": re.compile(r"(?i:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))"),
    "digit": re.compile(r"\d"),
    "unit": re.compile(r"(?i:year|month)"),
    # words the last two rules cannot match without: they ran on every dated sentence
    "new year": re.compile(r"new\s+year", _FLAGS),
    "day word": re.compile(r"today|yesterday|tomorrow", _FLAGS),
}
_RULE_NEEDS: dict[int, tuple[str, ...]] = {
    0: ("year",), 1: ("year",), 2: ("month", "digit"), 3: ("month", "digit"), 4: ("month",),
    5: ("year",), 6: ("year",), 7: ("year",), 8: ("unit",), 9: ("new year",), 10: ("day word",),
}

# Every rule below needs a digit or one of these words; a sentence with none names no time.
_DATE_WORDS: tuple[str, ...] = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "year",
    "month", "week", "day", "tonight", "yesterday", "tomorrow", "decade", "centur", "ago",
    "spring", "summer", "autumn", "fall", "winter", "quarter", "new", "noon", "morning",
    "evening", "night", "half",
)
_MAYBE_DATED = re.compile(r"\d|" + "|".join(_DATE_WORDS))


def find_date_phrases(sentence: str, reference: PartialDate | None) -> list[DatePhrase]:
    """Dated phrases in ``sentence``, resolved against ``reference`` (the article's date).

    Each phrase carries the words that were matched, prepositions included ("in April 2024",
    "by the end of March 2025"), its offsets in ``sentence`` and a date at the precision the
    words support. Phrases that need the reference (a month without a year, "next year",
    "yesterday") are skipped when the reference is missing or too vague for them. Where matches
    overlap the longest wins, then the most precise. Returned in order of position; never
    raises, never returns an impossible date.
    """
    lower = sentence.lower()
    if not _MAYBE_DATED.search(lower):
        return []  # most sentences name no time at all: spare them every rule
    text = _normalise(sentence)
    ctx = _Context(sentence, reference, _tense(text))
    candidates: list[_Candidate] = []
    has = {name: bool(cue.search(text)) for name, cue in _CUES.items()}
    for index, (pattern, handler) in enumerate(_RULES):
        if not all(has[name] for name in _RULE_NEEDS.get(index, ())):
            continue  # a word the rule cannot do without is absent
        for match in pattern.finditer(text):
            candidate = handler(match, ctx)
            if candidate is not None:
                candidates.append(candidate)
    return [phrase for kept in _without_overlaps(candidates) for phrase in kept.phrases]


def _without_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
    """Longest first, then most precise, then earliest; each one kept only if it overlaps none
    kept before. Returned in order of position."""
    kept: list[_Candidate] = []  # sorted by start and never overlapping, so a bisect suffices
    starts: list[int] = []
    for candidate in sorted(candidates, key=lambda c: (c.start - c.end, -c.rank, c.start)):
        at = bisect.bisect_left(starts, candidate.start)
        if at > 0 and kept[at - 1].end > candidate.start:
            continue
        if at < len(kept) and kept[at].start < candidate.end:
            continue
        kept.insert(at, candidate)
        starts.insert(at, candidate.start)
    return kept
