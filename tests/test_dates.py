"""Tests for bot.core.dates: datelines, dated phrases, user dates and anniversaries.

The tables hold the formats the brief lists and sentences taken from the seed articles; the
hypothesis tests check the promises every caller leans on (never raise, never an impossible date,
offsets that slice back to the phrase, user dates that round-trip).
"""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.dates import (
    DatePhrase,
    find_anniversary,
    find_date_phrases,
    parse_dateline,
    parse_user_date,
)
from bot.core.models import PartialDate

P = PartialDate


def found(sentence: str, reference: PartialDate | None) -> list[tuple[str, str]]:
    """The phrases as (words, ISO date) pairs: precision shows in the ISO text."""
    return [(p.phrase, p.date.iso()) for p in find_date_phrases(sentence, reference)]


# ------------------------------------------------------------------------------------------
# parse_dateline
# ------------------------------------------------------------------------------------------

DATELINES = [
    pytest.param(
        "Head of State held meeting with akims and heads of state bodies\n\n"
        "13 March 2023, 16:32 593\n\nKassym-Jomart Tokayev held a meeting ...",
        P(2023, 3, 13), id="own-line-under-headline-with-time-and-views",
    ),
    pytest.param(
        " date 2023-11-27 ASTANA – For President Kassym-Jomart Tokayev’s one-year tenure, ... "
        "on his Facebook page on Nov. 26.",
        P(2023, 11, 27), id="date-label-iso-then-city",
    ),
    pytest.param("July 18, 2025\nThe Senate adopted ...", P(2025, 7, 18), id="month-day-year"),
    pytest.param("Senate session\n3 April 2024, 11:05\nText", P(2024, 4, 3), id="dmy-time"),
    pytest.param("ASTANA, July 18, 2025 — The Mazhilis ...", P(2025, 7, 18), id="city-prefix"),
    pytest.param("NUR-SULTAN – 5 May 2021 – Text", P(2021, 5, 5), id="hyphenated-city"),
    pytest.param("18.07.2025\nThe Mazhilis ...", P(2025, 7, 18), id="dotted"),
    pytest.param("2025-07-18\nThe Mazhilis ...", P(2025, 7, 18), id="iso"),
    pytest.param("Published: 13 March 2023\nText", P(2023, 3, 13), id="published-label"),
    pytest.param("\ufeff13\xa0March 2023\nText", P(2023, 3, 13), id="bom-and-nbsp"),
    pytest.param("Title\r\nMonday, 13 March 2023\r\nText", P(2023, 3, 13), id="weekday-crlf"),
    # Not datelines: dates in running text, or too deep into the article.
    pytest.param("The Senate met on Nov. 26, 2023 to consider ...", None, id="body-text"),
    pytest.param("Title\nOn 15 October 2024, the Senate adopted ...", None, id="on-in-sentence"),
    pytest.param("15 October 2024, the Senate adopted the law.", None, id="paragraph-start"),
    pytest.param("Astana, July 18, 2025 — text", None, id="city-not-upper-case"),
    pytest.param("x" * 310 + "\n13 March 2023\n", None, id="beyond-300-chars"),
    pytest.param("31.02.2024\nText", None, id="impossible-date"),
    pytest.param("13 March\nText", None, id="no-year"),
    pytest.param("16:32 593\nText", None, id="time-only"),
    pytest.param("", None, id="empty"),
]


@pytest.mark.parametrize(("text", "expected"), DATELINES)
def test_parse_dateline(text: str, expected: PartialDate | None) -> None:
    assert parse_dateline(text) == expected


# ------------------------------------------------------------------------------------------
# find_date_phrases
# ------------------------------------------------------------------------------------------

REF_DAY = P(2024, 5, 2)

PHRASES = [
    # The real sentences from the brief.
    pytest.param(
        P(2023),
        "In this regard, an international conference dedicated to the 30th anniversary of "
        "maslikhats is planned to be held in April 2024.",
        [("in April 2024", "2024-04")], id="seed-conference-april-2024",
    ),
    pytest.param(P(2023), "Plans for 2024 include consideration of five Codes",
                 [("for 2024", "2024")], id="seed-plans-for-2024"),
    pytest.param(P(2022, 12), "This body will begin its work from the new year 2023",
                 [("from the new year 2023", "2023-01")], id="seed-new-year-2023"),
    pytest.param(P(2022, 12), "In November, the Parliament adopted the Constitutional Law",
                 [("In November", "2022-11")], id="seed-in-november"),
    pytest.param(P(2022, 12), "Since 2019 she has been working as a commissioner",
                 [("Since 2019", "2019")], id="seed-since-2019"),
    pytest.param(
        P(2023, 11, 27),
        "wrote Maulen Ashimbayev, Chairperson of the Senate, on his Facebook page on Nov. 26.",
        [("on Nov. 26", "2023-11-26")], id="seed-on-nov-26",
    ),
    pytest.param(
        P(2023, 11, 27),
        "Payments under the presidential program National Fund – for Children are set to "
        "commence at the beginning of next year.",
        [("at the beginning of next year", "2024-01")], id="seed-beginning-of-next-year",
    ),
    pytest.param(
        P(2023, 11, 27),
        "The president has set the task of doubling the country's gross domestic product to "
        "$450 billion by 2029.",
        [("by 2029", "2029")], id="seed-by-2029",
    ),
    pytest.param(P(2023, 11, 27), "economic growth at 5% is expected by the end of 2023",
                 [("by the end of 2023", "2023-12")], id="seed-end-of-2023-is-december"),
    pytest.param(P(2023, 3, 13), "Its main directions were defined in the Address in March "
                 "last year.", [("in March last year", "2022-03")], id="seed-march-last-year"),
    pytest.param(
        P(2023),
        "The Concept of the Congress development for 2023-2033 is currently being implemented.",
        [("for 2023", "2023"), ("2033", "2033")], id="seed-range-gives-both-ends",
    ),
    pytest.param(
        P(2023, 11, 27),
        "the recovery of illegal assets totaling 1 trillion tenge ($ 2,173,913,043) and "
        "approximately 8 million hectares of unused land",
        [], id="seed-money-is-not-a-date",
    ),
    # Day precision.
    pytest.param(REF_DAY, "The law was signed on 15 October 2024.",
                 [("on 15 October 2024", "2024-10-15")], id="on-dmy"),
    pytest.param(REF_DAY, "15 October 2024", [("15 October 2024", "2024-10-15")], id="dmy"),
    pytest.param(None, "the 1st of March 2023", [("1st of March 2023", "2023-03-01")],
                 id="ordinal-of-month"),
    pytest.param(None, "October 15, 2024", [("October 15, 2024", "2024-10-15")], id="mdy"),
    pytest.param(None, "Oct. 15, 2024", [("Oct. 15, 2024", "2024-10-15")], id="mdy-abbr"),
    pytest.param(None, "Sept. 5, 2024", [("Sept. 5, 2024", "2024-09-05")], id="sept"),
    pytest.param(None, "on 2024-10-15", [("on 2024-10-15", "2024-10-15")], id="iso"),
    pytest.param(None, "15.10.2024", [("15.10.2024", "2024-10-15")], id="dotted"),
    pytest.param(None, "13\xa0March\xa02023", [("13\xa0March\xa02023", "2023-03-13")],
                 id="nbsp-keeps-offsets"),
    pytest.param(None, "on Nov. 26", [], id="day-month-needs-reference"),
    pytest.param(P(2023), "on Nov. 26", [("on Nov. 26", "2023-11-26")], id="year-reference"),
    pytest.param(P(2024, 1, 5), "The bill was submitted on Dec. 28.",
                 [("on Dec. 28", "2023-12-28")], id="past-day-after-reference"),
    pytest.param(P(2023, 12, 20), "The session will open on 10 January.",
                 [("on 10 January", "2024-01-10")], id="future-day-before-reference"),
    pytest.param(P(2023), "on 15 October last year", [("on 15 October last year", "2022-10-15")],
                 id="day-month-last-year"),
    pytest.param(None, "31 February 2024", [], id="impossible-day-is-skipped-not-a-month"),
    pytest.param(None, "2024-02-30", [], id="impossible-iso"),
    pytest.param(REF_DAY, "13 March 2023, 16:32 593", [("13 March 2023", "2023-03-13")],
                 id="time-and-views-ignored"),
    # Month precision.
    pytest.param(None, "in April 2024", [("in April 2024", "2024-04")], id="in-month-year"),
    pytest.param(None, "April 2024", [("April 2024", "2024-04")], id="month-year"),
    pytest.param(None, "in April of 2024", [("in April of 2024", "2024-04")], id="month-of-year"),
    pytest.param(REF_DAY, "in April", [("in April", "2024-04")], id="bare-month"),
    pytest.param(None, "in April", [], id="bare-month-needs-reference"),
    pytest.param(P(2024, 3), "The law will be adopted in February.",
                 [("in February", "2025-02")], id="future-month-already-past-is-next-year"),
    pytest.param(P(2024, 3), "The law was adopted in November.",
                 [("in November", "2023-11")], id="past-month-still-to-come-is-last-year"),
    pytest.param(P(2024, 3), "In November the Senate considers budgets.",
                 [("In November", "2024-11")], id="no-tense-keeps-reference-year"),
    pytest.param(P(2024), "The law was adopted in November.", [("in November", "2024-11")],
                 id="year-reference-keeps-year"),
    pytest.param(REF_DAY, "at the beginning of April", [("at the beginning of April", "2024-04")],
                 id="beginning-of-month"),
    pytest.param(None, "by the end of March 2025", [("by the end of March 2025", "2025-03")],
                 id="end-of-month-year"),
    pytest.param(REF_DAY, "in mid-April", [("in mid-April", "2024-04")], id="mid-month"),
    pytest.param(REF_DAY, "in March this year", [("in March this year", "2024-03")],
                 id="march-this-year"),
    pytest.param(None, "at the beginning of 2024", [("at the beginning of 2024", "2024-01")],
                 id="beginning-of-year-is-january"),
    pytest.param(P(2022, 12), "from the new year", [("from the new year", "2023-01")],
                 id="new-year-without-year"),
    pytest.param(P(2022, 12), "during the New Year holidays", [], id="new-year-holidays"),
    pytest.param(REF_DAY, "They may march in may.", [], id="lower-case-may-and-march-are-verbs"),
    pytest.param(REF_DAY, "May 2024 and March", [("May 2024", "2024-05")],
                 id="bare-month-without-preposition"),
    # Year precision.
    pytest.param(None, "in 2024", [("in 2024", "2024")], id="in-year"),
    pytest.param(None, "until 2030", [("until 2030", "2030")], id="until-year"),
    pytest.param(None, "the law of 1995", [("of 1995", "1995")], id="of-year"),
    pytest.param(None, "in the year 2024", [("the year 2024", "2024")], id="the-year-2024"),
    pytest.param(None, "2024 year", [("2024 year", "2024")], id="followed-by-year"),
    pytest.param(None, "mid-2025", [("mid-2025", "2025")], id="mid-year-stays-a-year"),
    pytest.param(None, "in early 2025", [("in early 2025", "2025")], id="early-year"),
    pytest.param(None, "in 2023–25", [("in 2023", "2023"), ("25", "2025")], id="short-range"),
    pytest.param(None, "between 2023 and 2025", [("between 2023", "2023"), ("2025", "2025")],
                 id="between-range"),
    pytest.param(None, "from 2023 to 2025", [("from 2023", "2023"), ("2025", "2025")],
                 id="from-to-range"),
    pytest.param(None, "2024 and 2025", [], id="plain-years-without-context"),
    pytest.param(None, "The 2024 budget", [], id="attributive-year-without-context"),
    pytest.param(None, "in 2000 years, for 2025 people, in 1850, in 2101, in 2024.5",
                 [], id="quantities-and-out-of-range-years"),
    pytest.param(None, "in the 1990s", [], id="decade"),
    pytest.param(None, "the Majilis is considering 10 draft bills, 5% growth, 30 years", [],
                 id="plain-numbers"),
    pytest.param(None, "at 16:32 in room 1203", [], id="time-and-room"),
    # Relative to the reference.
    pytest.param(REF_DAY, "next year", [("next year", "2025")], id="next-year"),
    pytest.param(REF_DAY, "this year", [("this year", "2024")], id="this-year"),
    pytest.param(REF_DAY, "last year", [("last year", "2023")], id="last-year"),
    pytest.param(P(2024), "the current year", [("the current year", "2024")], id="current-year"),
    pytest.param(REF_DAY, "at the end of the year", [("at the end of the year", "2024-12")],
                 id="end-of-the-year"),
    pytest.param(REF_DAY, "by the end of this year", [("by the end of this year", "2024-12")],
                 id="end-of-this-year"),
    pytest.param(REF_DAY, "during the year", [], id="the-year-without-edge"),
    pytest.param(P(2023, 12), "next month", [("next month", "2024-01")], id="next-month-wraps"),
    pytest.param(P(2024, 1), "last month", [("last month", "2023-12")], id="last-month-wraps"),
    pytest.param(P(2024), "next month", [], id="month-needs-month-reference"),
    pytest.param(REF_DAY, "today", [("today", "2024-05-02")], id="today"),
    pytest.param(P(2024, 3, 1), "yesterday", [("yesterday", "2024-02-29")], id="yesterday-leap"),
    pytest.param(P(2023, 12, 31), "tomorrow", [("tomorrow", "2024-01-01")], id="tomorrow-wraps"),
    pytest.param(P(2024, 5), "today", [], id="today-needs-day-reference"),
    pytest.param(None, "next year, last month, today", [], id="relative-needs-reference"),
    pytest.param(P(9999), "next year", [], id="past-the-end-of-the-calendar"),
    pytest.param(P(1, 1, 1), "yesterday", [], id="before-the-start-of-the-calendar"),
    # Several phrases, in order of position.
    pytest.param(
        P(2023),
        "The political transformations that began in 2019 have continued this year.",
        [("in 2019", "2019"), ("this year", "2023")], id="two-phrases",
    ),
]


@pytest.mark.parametrize(("reference", "sentence", "expected"), PHRASES)
def test_find_date_phrases(
    reference: PartialDate | None, sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert found(sentence, reference) == expected


def test_precision_follows_the_words() -> None:
    sentence = "on 15 October 2024, in April 2024 and by 2029"
    precisions = [p.date.precision for p in find_date_phrases(sentence, None)]
    assert precisions == ["day", "month", "year"]


def test_offsets_point_into_the_sentence() -> None:
    sentence = "The session is planned to be held in April 2024 in Astana."
    [phrase] = find_date_phrases(sentence, P(2023))
    assert phrase == DatePhrase(P(2024, 4), 34, 47, "in April 2024")
    assert sentence[phrase.start:phrase.end] == phrase.phrase


# ------------------------------------------------------------------------------------------
# parse_user_date
# ------------------------------------------------------------------------------------------

USER_DATES = [
    ("2023-03-13", P(2023, 3, 13)),
    ("2023-03", P(2023, 3)),
    ("2023", P(2023)),
    ("13.03.2023", P(2023, 3, 13)),
    ("03.2023", P(2023, 3)),
    ("3.2023", P(2023, 3)),
    ("13 March 2023", P(2023, 3, 13)),
    ("13th March 2023", P(2023, 3, 13)),
    ("March 13, 2023", P(2023, 3, 13)),
    ("March 2023", P(2023, 3)),
    ("mar 2023", P(2023, 3)),
    ("13 mar 2023", P(2023, 3, 13)),
    ("13 MAR. 2023", P(2023, 3, 13)),
    ("sept 2024", P(2024, 9)),
    ("  \t2023-03-13\n ", P(2023, 3, 13)),
    ("29.02.2024", P(2024, 2, 29)),
    ("13/03/2023", P(2023, 3, 13)),  # as people type it (issue 10)
    ("27 Nov 2023", P(2023, 11, 27)),
    ("Nov 2023", P(2023, 11)),
]


@pytest.mark.parametrize(("text", "expected"), USER_DATES)
def test_parse_user_date(text: str, expected: PartialDate) -> None:
    assert parse_user_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "   ", "32.01.2023", "2023-13", "29.02.2023", "0000", "tomorrow-ish", "5" * 5000,
     "<b>2023</b>", "2023-03-13T10:00", "March", "13 March", "23", "20233",
     "２０２３", "2023 - 03"],
)
def test_parse_user_date_rejects(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_user_date(text)
    message = str(caught.value)
    assert message and len(message) < 120
    assert "<b>" not in message  # the user's text is never echoed back


# ------------------------------------------------------------------------------------------
# find_anniversary
# ------------------------------------------------------------------------------------------

ANNIVERSARIES = [
    ("During the meeting it was noted that this year marks 30 years since the beginning of the "
     "work of maslikhats.", (30, "the beginning of the work of maslikhats")),
    ("the 25th anniversary of Astana", (25, "Astana")),
    ("This year marks the 10th anniversary of the Constitution.", (10, "the Constitution")),
    ("In this regard, an international conference dedicated to the 30th anniversary of "
     "maslikhats is planned to be held in April 2024.", (30, "maslikhats")),
    ("Kazakhstan marks the twenty-fifth anniversary of the capital.", (25, "the capital")),
    ("Thirty years have passed since the adoption of the Constitution.",
     (30, "the adoption of the Constitution")),
    ("It has been 20 years since the founding of the Senate, he said.",
     (20, "the founding of the Senate")),
    ("The Senate of Kazakhstan celebrates its 25th anniversary this year.",
     (25, "The Senate of Kazakhstan")),
    ("The country marks 30 years of independence in December.", (30, "independence")),
    ("He has worked in Parliament for 30 years.", None),
    ("The anniversary of independence was celebrated.", None),
    ("It celebrates its 30th anniversary.", (30, "It")),
    ("celebrates its 30th anniversary", None),
    ("the 0th anniversary of nothing", None),
    ("", None),
]


@pytest.mark.parametrize(("sentence", "expected"), ANNIVERSARIES)
def test_find_anniversary(sentence: str, expected: tuple[int, str] | None) -> None:
    assert find_anniversary(sentence, P(2023)) == expected


# ------------------------------------------------------------------------------------------
# Properties
# ------------------------------------------------------------------------------------------

FAST = settings(max_examples=150, deadline=None)

# Words that steer random text into the patterns, so hypothesis exercises the date paths and
# not only the "nothing found" one.
TOKENS = [
    "in", "on", "by", "for", "since", "until", "from", "of", "the", "beginning", "end", "mid-",
    "early", "next", "last", "this", "year", "years", "month", "new", "today", "yesterday",
    "tomorrow", "April", "Nov.", "Sept", "February", "may", "March", "26", "31", "15", "0",
    "2024", "1899", "2101", "0000", "9999", "2023-2033", "2023-11-27", "2024-02-30", "15.10.2024",
    "31.02.2024", "16:32", "593", "$450", "5%", "30th", "anniversary", "marks", "its",
    "celebrates", "passed", "will", "was", "is planned", "ASTANA", "date", ",", ".", "–", "-",
    "\n", "\xa0", "\u2028", "ſince",
]
date_ish_text = st.lists(
    st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)), max_size=25
).map(" ".join)
any_text = st.one_of(st.text(max_size=200), date_ish_text)


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    day = draw(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
    precision = draw(st.sampled_from(["day", "month", "year"]))
    if precision == "day":
        return P(day.year, day.month, day.day)
    if precision == "month":
        return P(day.year, day.month)
    return P(day.year)


references = st.one_of(st.none(), partial_dates())


@FAST
@given(sentence=any_text, reference=references)
def test_find_date_phrases_never_raises_and_slices_back(
    sentence: str, reference: PartialDate | None
) -> None:
    phrases = find_date_phrases(sentence, reference)
    previous_end = 0
    for phrase in phrases:
        assert isinstance(phrase.date, PartialDate)
        assert P(phrase.date.year, phrase.date.month, phrase.date.day) == phrase.date
        assert 0 <= phrase.start < phrase.end <= len(sentence)
        assert phrase.phrase == sentence[phrase.start:phrase.end]
        assert phrase.start >= previous_end  # sorted and not overlapping
        previous_end = phrase.end


@FAST
@given(text=any_text)
def test_parse_dateline_never_raises(text: str) -> None:
    result = parse_dateline(text)
    assert result is None or (isinstance(result, PartialDate) and result.precision == "day")


@FAST
@given(sentence=any_text, reference=references)
def test_find_anniversary_never_raises(sentence: str, reference: PartialDate | None) -> None:
    result = find_anniversary(sentence, reference)
    if result is not None:
        years, subject = result
        assert 1 <= years <= 1000
        assert subject.strip() == subject and subject


@FAST
@given(text=any_text)
def test_parse_user_date_returns_or_raises_value_error(text: str) -> None:
    try:
        result = parse_user_date(text)
    except ValueError as error:
        assert str(error)
    else:
        assert isinstance(result, PartialDate)


@FAST
@given(date=partial_dates())
def test_parse_user_date_round_trips_iso(date: PartialDate) -> None:
    assert parse_user_date(date.iso()) == date
    assert parse_user_date(f"  {date.iso()}  ") == date


@FAST
@given(date=partial_dates())
def test_parse_user_date_round_trips_human_forms(date: PartialDate) -> None:
    if date.month is None:
        return
    name = calendar.month_name[date.month]
    if date.day is None:
        texts = [f"{date.month:02d}.{date.year:04d}", f"{name} {date.year:04d}",
                 f"{name[:3].lower()} {date.year:04d}"]
    else:
        texts = [f"{date.day:02d}.{date.month:02d}.{date.year:04d}",
                 f"{date.day} {name} {date.year:04d}", f"{name} {date.day}, {date.year:04d}"]
    for text in texts:
        assert parse_user_date(text) == date


@FAST
@given(day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
       reference=references)
def test_written_dates_are_found_exactly(day: dt.date, reference: PartialDate | None) -> None:
    name = calendar.month_name[day.month]
    expected = P(day.year, day.month, day.day)
    for written in (f"{day.day} {name} {day.year}", f"{name} {day.day}, {day.year}",
                    day.isoformat(), f"{day.day:02d}.{day.month:02d}.{day.year}"):
        sentence = f"The Mazhilis adopted the law on {written}, the press service said."
        assert [p.date for p in find_date_phrases(sentence, reference)] == [expected]
        assert parse_dateline(f"Headline\n{written}\nBody") == expected


@FAST
@given(reference=partial_dates())
def test_relative_phrases_follow_the_reference(reference: PartialDate) -> None:
    [this_year] = find_date_phrases("this year", reference)
    assert this_year.date == P(reference.year)
    if reference.day is not None:
        [today] = find_date_phrases("today", reference)
        assert today.date == reference
