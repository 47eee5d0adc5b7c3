"""The article's own publication date, from its dateline or printed timestamp."""

from __future__ import annotations

import re

from bot.core.dates.words import (
    _MONTH,
    _NAMED_YEARS,
    _ORDINAL_SUFFIX,
    _make,
    _month_number,
    _normalise,
)
from bot.core.models import PartialDate

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
