"""Dates in English news about Kazakhstan's Parliament.

Four jobs, all pure functions over plain text (no Telegram, no storage):

* :func:`parse_dateline` - the article's own publication date, from its dateline;
* :func:`find_date_phrases` - dated phrases in one sentence ("in April 2024", "by 2029",
  "at the beginning of next year"), resolved against the article's date;
* :func:`parse_user_date` - the strict date a user types after a chat command such as ``/on``;
* :func:`find_anniversary` - an anniversary the article states ("the 25th anniversary of Astana").

Everything here is regular expressions rather than ``dateutil.parser``'s fuzzy mode: fuzzy
parsing happily turns "1 trillion tenge" or "16:32 593" into a date, and a wrong date in a digest
is worse than a missing one. So each pattern only fires where the words make the date explicit,
and the precision of the result is what the words support (a month stays a month).

Choices worth knowing (the tests pin them):

* A year range "2023-2033" gives two phrases, the start year and the end year.
* "by the end of 2023" / "at the end of the year" -> December (month precision); "at the
  beginning of 2024" / "... of next year" -> January. "mid-2025", "early 2025" and "late 2025"
  stay at year precision: they name no particular month.
* A bare month ("In November") takes the reference year, moved one year on when the sentence is
  in the future tense and the month is already past, or one year back when the sentence is in the
  past tense and the month is still to come.
* "from the new year 2023" -> January 2023; "from the new year" alone -> January of the year
  after the reference.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from bot.core.models import PartialDate, Precision

__all__ = [
    "DatePhrase",
    "find_anniversary",
    "find_date_phrases",
    "parse_dateline",
    "parse_user_date",
]

# --------------------------------------------------------------------------------------------
# Shared vocabulary
# --------------------------------------------------------------------------------------------

# All patterns are ASCII-only (re.ASCII): with Unicode case folding "ſince" would match "since"
# and non-ASCII digits would match \d. Unicode spaces such as NBSP (common in scraped news) are
# turned into plain spaces first by _normalise, one character for one, so offsets still hold.
_FLAGS = re.ASCII | re.IGNORECASE
_UNICODE_SPACE = re.compile(r"[^\S\n]")  # Unicode mode on purpose: catches \xa0, \u2009, ...

_MONTH_ABBR = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# "Sept" and "Sept." are common in news; the optional dot covers "Oct." and "Nov.".
# Only an abbreviation takes the dot, so "in February." leaves the full stop out of the phrase.
_MONTH = (
    r"(?:(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december)\b|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?)"
)
_ORDINAL_SUFFIX = r"(?:st|nd|rd|th)?"

# Years written without a month are only believed inside this range (the brief's rule); a year
# next to a month name is already unambiguous, so it gets a wider range.
_BARE_YEARS = range(1900, 2101)
_NAMED_YEARS = range(1000, 3000)

# The user-facing hint for parse_user_date. It never echoes the user's text back, so a caller
# can put the message into an HTML reply without escaping anything.
_USER_FORMATS = ("Try 13.03.2023, 13/03/2023, 2023-03-13, 13 Mar 2023, March 2023, 03.2023 "
                 "or 2023.")


def _normalise(text: str) -> str:
    """Same length as ``text``, with every Unicode space except newlines made a plain space."""
    return _UNICODE_SPACE.sub(" ", text)


def _month_number(token: str) -> int | None:
    """1-12 for a month word matched by ``_MONTH`` ("Sept." -> 9), else None."""
    key = token.rstrip(".").lower()[:3]
    return _MONTH_ABBR.index(key) + 1 if key in _MONTH_ABBR else None


def _make(year: int, month: int | None = None, day: int | None = None) -> PartialDate | None:
    """A PartialDate, or None where the calendar says no (31 February, year 0, year 10000)."""
    try:
        return PartialDate(year, month, day)
    except ValueError:
        return None


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) moved by ``delta`` months; the year may leave PartialDate's range."""
    total = year * 12 + (month - 1) + delta
    return total // 12, total % 12 + 1


def _squash(words: str) -> str:
    """Lower case with single spaces, to look phrases like "the  Current" up in a table."""
    return " ".join(words.lower().split())


# --------------------------------------------------------------------------------------------
# parse_dateline
# --------------------------------------------------------------------------------------------

_DATELINE_WINDOW = 300  # a dateline sits under the headline, never deep in the body

# Month names and labels are case-insensitive here, but the city must really be upper case:
# "ASTANA, July 18, 2025" is a dateline, "Astana hosted ..." is a sentence.
_DL_MONTH = rf"(?i:{_MONTH})"
_DL_DATE = (
    r"(?:(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?[ \t]+)?"
    r"(?:"
    rf"(?P<d1>\d{{1,2}}){_ORDINAL_SUFFIX}[ \t]+(?P<mon1>{_DL_MONTH}),?[ \t]+(?P<y1>\d{{4}})"
    rf"|(?P<mon2>{_DL_MONTH})[ \t]+(?P<d2>\d{{1,2}}){_ORDINAL_SUFFIX},?[ \t]+(?P<y2>\d{{4}})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})"
    r"|(?P<d4>\d{1,2})\.(?P<m4>\d{1,2})\.(?P<y4>\d{4})"
    r")(?![0-9A-Za-z]|[-./:][0-9])"
)
_DATELINE = re.compile(
    r"[ \t]*(?P<clock>\d{1,2}:\d{2},?[ \t]+)?(?:"
    r"(?P<label>(?i:date|dated|published|updated|posted))[ \t]*[:.]?[ \t]*"
    r"|(?P<city>[A-Z][A-Z'.-]{2,}(?:[ -][A-Z][A-Z'.-]+){0,2})[ \t]*[,\u2013\u2014-]?[ \t]*"
    r")?" + _DL_DATE,
    re.ASCII,
)
# Without a label or city in front, a date that opens a line must also be followed by what
# follows datelines (end of line, a clock time, a dash or bar, an upper-case city), so a
# paragraph that merely starts "15 October 2024, the Senate ..." is not taken for one.
_DATELINE_TRAILER = re.compile(
    r"[ \t]*(?:$|,?[ \t]*\d{1,2}:\d{2}|[|\u2013\u2014\u2022\u00b7/(]|-[ \t]|[A-Z]{2,}\b)",
    re.ASCII,
)


# "Astana, February 1. KazTAG –", "NUR-SULTAN, December 22. /TASS/.", "BAKU, Azerbaijan, Nov. 19"
_YEARLESS_DATELINE = re.compile(
    rf"[ \t]*[A-Z][A-Za-z-]+(?:,[ \t]*[A-Z][a-z]+)?[.,][ \t]+(?P<mon>{_DL_MONTH})\.?[ \t]+"
    r"(?P<d>\d{1,2})\b(?!,?[ \t]*\d{4})"
)
_SCRAPED_DATE = re.compile(r"[ \t]*date[ \t]+\d{4}-\d{2}-\d{2}\b")


def parse_dateline(text: str) -> PartialDate | None:
    """The article's publication date from its dateline, to the day, or None.

    Looks only at lines that begin in the first ~300 characters, and only at a date that opens
    the line, optionally after a label ("date 2023-11-27 ASTANA - ...") or an upper-case city
    ("ASTANA, July 18, 2025 -"). Dates inside running text ("... on Nov. 26") never count.
    """
    head = _normalise(text[: _DATELINE_WINDOW + 200])
    offset = 0
    scraped: PartialDate | None = None
    yearless: tuple[int, int] | None = None
    for line in head.splitlines(keepends=True):
        if offset >= _DATELINE_WINDOW:
            break
        offset += len(line)
        line = line.rstrip("\r\n").lstrip("\ufeff")
        found = _dateline_in(line)
        if found is not None and _SCRAPED_DATE.match(line):
            # A crawler's " date 2023-07-04" line may be the day the page was fetched or
            # updated: the date the article prints (29.06.2023 17:05) wins when there is one.
            scraped = scraped or found
        elif found is not None:
            return found
        short = _YEARLESS_DATELINE.match(line)
        if short and yearless is None:
            month = _month_number(short["mon"])
            yearless = (month, int(short["d"])) if month else None
    if yearless is not None and scraped is not None:
        # "Astana, February 1. KazTAG –" under a page dated 3 February 2024: the dateline's day,
        # the page's year (the year before when the day would fall after the page's date).
        month, day = yearless
        year = scraped.year - (1 if (month, day) > (scraped.month or 12, scraped.day or 31) else 0)
        return _make(year, month, day) or scraped
    return scraped


def _dateline_in(line: str) -> PartialDate | None:
    match = _DATELINE.match(line)
    if match is None:
        return None
    if not (match["label"] or match["city"]) and not _DATELINE_TRAILER.match(line, match.end()):
        return None
    if match["d1"]:
        month, day, year = _month_number(match["mon1"]), int(match["d1"]), int(match["y1"])
    elif match["d2"]:
        month, day, year = _month_number(match["mon2"]), int(match["d2"]), int(match["y2"])
    elif match["d3"]:
        month, day, year = int(match["m3"]), int(match["d3"]), int(match["y3"])
    else:
        month, day, year = int(match["m4"]), int(match["d4"]), int(match["y4"])
    if month is None or year not in _NAMED_YEARS:
        return None
    return _make(year, month, day)


# --------------------------------------------------------------------------------------------
# find_date_phrases
# --------------------------------------------------------------------------------------------


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
}
_RULE_NEEDS: dict[int, tuple[str, ...]] = {
    0: ("year",), 1: ("year",), 2: ("month", "digit"), 3: ("month", "digit"), 4: ("month",),
    5: ("year",), 6: ("year",), 7: ("year",), 8: ("unit",),
}

# Every rule below needs a digit or one of these words; a sentence with none names no time.
_DATE_WORDS = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "year",
    "month", "week", "day", "tonight", "yesterday", "tomorrow", "decade", "centur", "ago",
    "spring", "summer", "autumn", "fall", "winter", "quarter", "new", "noon", "morning",
    "evening", "night", "half",
)


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
    if not any(c.isdigit() for c in sentence) and not any(w in lower for w in _DATE_WORDS):
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


# --------------------------------------------------------------------------------------------
# parse_user_date
# --------------------------------------------------------------------------------------------

_USER_MAX_LENGTH = 40
_USER_FORMS = tuple(
    re.compile(form, _FLAGS)
    for form in (
        r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})",
        r"(?P<y>\d{4})-(?P<m>\d{1,2})",
        r"(?P<y>\d{4})",
        # Day first, as dates are written here: 27.11.2023, 27/11/2023, 27-11-2023.
        r"(?P<d>\d{1,2})([./-])(?P<m>\d{1,2})\2(?P<y>\d{4})",
        r"(?P<m>\d{1,2})[./](?P<y>\d{4})",
        r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})",
        rf"(?P<d>\d{{1,2}}){_ORDINAL_SUFFIX} (?:of )?(?P<mon>{_MONTH}),? (?P<y>\d{{4}})",
        rf"(?P<mon>{_MONTH}) (?P<d>\d{{1,2}}){_ORDINAL_SUFFIX},? (?P<y>\d{{4}})",
        rf"(?P<mon>{_MONTH}),? (?P<y>\d{{4}})",
    )
)


def parse_user_date(text: str) -> PartialDate:
    """A date typed by a user ("2023-03", "13.03.2023", "mar 2023"), at the precision typed.

    Raises ``ValueError`` with a short message fit to show the user for anything else. Only
    full matches count, so "tomorrow-ish" or "<b>2023</b>" are refused rather than guessed at.
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        raise ValueError(f"Please give a date. {_USER_FORMATS}")
    if len(cleaned) > _USER_MAX_LENGTH:
        raise ValueError(f"That is too long to be a date. {_USER_FORMATS}")
    for form in _USER_FORMS:
        match = form.fullmatch(cleaned)
        if match is None:
            continue
        parts = match.groupdict()
        month = _month_number(parts["mon"]) if parts.get("mon") else None
        if parts.get("m"):
            month = int(parts["m"])
        day = int(parts["d"]) if parts.get("d") else None
        try:
            return PartialDate(int(parts["y"]), month, day)
        except ValueError:
            raise ValueError(f"There is no such date. {_USER_FORMATS}") from None
    raise ValueError(f"I can't read “{cleaned[:_USER_MAX_LENGTH]}” as a date. {_USER_FORMATS}")


# --------------------------------------------------------------------------------------------
# find_anniversary
# --------------------------------------------------------------------------------------------

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
