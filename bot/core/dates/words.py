"""The vocabulary every date reader shares: month names, years in range, text normalising."""

from __future__ import annotations

import re

from bot.core.models import PartialDate

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
