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


from bot.core.dates.anniversaries import find_anniversary
from bot.core.dates.datelines import parse_dateline
from bot.core.dates.phrases import DatePhrase, find_date_phrases
from bot.core.dates.user import parse_user_date

__all__ = [
    "DatePhrase",
    "find_anniversary",
    "find_date_phrases",
    "parse_dateline",
    "parse_user_date",
]
