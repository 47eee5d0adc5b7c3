"""``/calendar`` carries what ``/upcoming`` lists (issue 18: the calendar held 2 anniversaries and
neither of the two upcoming dates, 2029 and 2033, which lie more than a year ahead). Through the
live app against the fake Bot API, at a fixed clock."""

from __future__ import annotations

import html
import re

from icalendar import Calendar

from .conftest import Harness


async def test_every_upcoming_date_is_in_the_calendar(harness: Harness) -> None:
    [listed] = await harness.say("/upcoming")
    upcoming = re.findall(r"• <b>([^<]+)</b>: (.{30})", listed.params["text"])
    assert len(upcoming) >= 2
    [sent] = await harness.say("/calendar")
    entries = Calendar.from_ical(sent.params["document"].content).walk("VEVENT")
    texts = [str(e.get("description")) for e in entries]
    for _when, text in upcoming:
        plain = html.unescape(text)
        assert any(plain[:25] in t for t in texts), (text, texts)


async def test_dates_years_ahead_are_in_the_calendar(harness: Harness) -> None:
    [sent] = await harness.say("/calendar")
    entries = Calendar.from_ical(sent.params["document"].content).walk("VEVENT")
    starts = {e.decoded("dtstart").year for e in entries}
    # NOW is 13 March 2024; the seeds tell of 2029 ("by 2029") and 2033 ("2023-2033").
    assert {2029, 2033} <= starts, starts
