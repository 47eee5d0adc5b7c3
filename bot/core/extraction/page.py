"""An article's text -> headline and body sentences; its date when no dateline gives one."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.core.dates import find_date_phrases
from bot.core.models import Article, PartialDate
from bot.core.text import shorten, split_sentences

# Lines a scraper keeps that are no part of the story. Each pattern is followed by the kind of
# line it exists for.
_BOILERPLATE = re.compile(
    r"^(?:"
    r"go to the main site|accessibility links|breaking news|relevant news|related news"
    r"|share(?: this)?:?|tags?:?.*|author:?|read (?:also|more):?|see also:?"
    r"|(?:photo|фото|photo by|photo credit|source)\s*:.*"  # "Photo: Akorda", "Фото: Akorda ..."
    r"|©.*|by [A-Z][\w./ ]{0,40}staff|by staff report.*"  # "By TCA staff"
    r"|found an error in the text\?|select the error and press.*"
    r"|this information may not be reproduced.*|telegram subscribe.*|get the .* delivered.*"
    r"|follow .* on (?:whatsapp|telegram|twitter|facebook).*"
    r"|\(.*\)"  # "(Senate press service)"
    r")$",
    re.I,
)
# "10.06.2023 14:27", "18:40, 26 September 2025 | GMT +5", "01.09.2023, 18:04 59826",
# " date 2021-01-15 Go to the main site", "Politics | 4 January 2023, 19:40", "Friday, 18 April"
_DATE_LINE = re.compile(
    r"^(?:date\s+\d{4}-\d{2}-\d{2}.*"
    r"|(?:[\w ]{0,30}\|\s*)?(?:\d{1,2}:\d{2},?\s*)?(?:\w+,\s*)?"
    r"(?:\d{1,2}[./]\d{1,2}[./]\d{4}|\d{1,2}\s+[A-Za-z]+\.?(?:\s+\d{4})?|[A-Za-z]+\.?\s+\d{1,2},?(?:\s+\d{4})?)"
    r"[\s,]*(?:\d{1,2}:\d{2}(?:\s*[AP]M)?)?[^.!?]{0,30})$"
)
# The dateline before the first sentence: "KAZINFORM – Nurlan ...", "ASTANA (TCA) — ...",
# "NUR-SULTAN -- ...", "ASTANA, April 16 (Reuters) - ...", "ASTANA, 5 March 2026 – ...",
# "/TASS/. Kazakhstan's upper house ...". The date itself has been read by then.
_AGENCY_LEAD = re.compile(
    r"^(?:/[A-Z]+/\.?\s*|[A-Z][a-z]+[.,]\s+[A-Z][a-z]+\.?\s+\d{1,2}[.,]\s+(?:[A-Z][A-Za-z]+\s*)?"
    r"[–—-]+\s*|(?:[A-Z][A-Z-]{2,}(?:,\s*[A-Z][a-z]+)?(?:\s*\([A-Za-z/. ]+\))?"
    r"(?:[.,]?\s*(?:[A-Z][a-z]+\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]+)(?:,?\s*\d{4})?)?\.?\s*"
    r"(?:\((?:Reuters|AP|AFP|TCA)\)\s*)?(?:[A-Z]{3,}[A-Z/.]*\s*)?[–—-]+\s*))+(?=[A-Z\"“«])"
)
_YEARLESS_DATELINE = re.compile(
    r"[A-Z][A-Za-z-]+(?:,\s*[A-Z][a-z]+)?[.,]\s+[A-Z][a-z]+\.?\s+\d{1,2}\.?"
)
# "KazTAG - Senators adopted ...": an agency written in mixed case before the first sentence.
_MIXED_AGENCY = re.compile(r"^(?:KazTAG|Kazinform|Trend|Interfax|Tengrinews)\s*[:–—-]+\s*")
_SCRAPED_PREFIX = re.compile(r"^\s*date\s+\d{4}-\d{2}-\d{2}\s*(?:Go to the main site\s*)?(?=\S)", re.I)
_SENTENCE_END = re.compile(r"[.!?…\"”»:;]$")
_SHORT_LINE_WORDS = 12


def _is_noise(line: str) -> bool:
    """A line of the page that is not the story: boilerplate, a date line, or a short line
    that is no sentence (a category, a tag list, an author, a credit, a related headline)."""
    if _BOILERPLATE.match(line) or _DATE_LINE.match(line):
        return True
    return not _SENTENCE_END.search(line) and len(line.split()) <= _SHORT_LINE_WORDS


def title_and_body(text: str, article: Article) -> tuple[str, list[str], list[str]]:
    """The headline (the first line that is neither a date nor boilerplate, when it reads as a
    headline), the body's sentences without the page's furniture, and the lines above the body
    (where a page prints its date: "By Staff Report in Nation on 8 December 2022")."""
    # " date 2024-10-02 ASTANA – Deputies ...": a crawler's date glued before the text.
    lines = [
        _SCRAPED_PREFIX.sub("", line).strip() or line.strip()
        for line in text.split("\n")
        if line.strip()
    ]
    header: list[str] = []
    headline: str | None = None
    body_lines: list[str] = []
    skip_next = False
    for line in lines:
        if skip_next:
            skip_next = False
            if not _SENTENCE_END.search(line):
                continue  # the headline after "Read also:", the name after "Author:"
        if re.match(r"^(?:read (?:also|more)|see also|author|tags?)\s*:?$", line, re.I):
            skip_next = True
            continue
        if not body_lines:
            header.append(line)
        if headline is None and not body_lines:
            if _BOILERPLATE.match(line) or _DATE_LINE.match(line):
                continue
            if len(line) <= 200 and not line.endswith("."):
                headline = line
                continue
        if headline is not None and line == headline:
            continue  # some sites print the headline twice
        if _is_noise(line):
            continue
        body_lines.append(line)
    sentences = [
        _AGENCY_LEAD.sub("", sentence)
        for sentence in split_sentences("\n".join(body_lines))
        # "NUR-SULTAN." or "Astana, February 1." alone: the dateline, not a sentence
        if re.search(r"[a-z]", sentence) and not _YEARLESS_DATELINE.fullmatch(sentence)
    ]
    sentences[:2] = [_MIXED_AGENCY.sub("", s) for s in sentences[:2]]
    title = article.title or headline or (shorten(sentences[0], 120) if sentences else "Untitled")
    return title, sentences, header


# A dateline left at the head of the story, of the class "PLACE, DATE[ (AGENCY)][. OUTLET] –"
# (the date is what makes it one): "ASTANA, 19 June 2024. The Astana Times – ...", "ALMATY, 3 March
# 2025 (Kazinform) – ...", "Astana, June 19, 2024 – ...", "ASTANA – 19.06.2024 – ...", "ASTANA,
# 19 June 2024, The Astana Times. ...". Left in the sentences (its date is read there, as before);
# a summary starts with the news.
_MONTH_WORD = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
               r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_LEAD_DATELINE = re.compile(
    r"[A-Z][A-Za-z'.-]+(?:[ -][A-Z][A-Za-z'.-]+){0,2}(?:,\s*Kazakhstan)?\s*[,.]?\s*(?:[–—-]+\s*)?"
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    rf"(?:\d{{1,2}}\s+{_MONTH_WORD}(?:,?\s+\d{{4}})?|{_MONTH_WORD}\s+\d{{1,2}}(?:,?\s+\d{{4}})?"
    r"|\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})(?!\d)"
    r"(?:\s*\([^()]{2,30}\))?"  # (Kazinform), (Reuters)
    r"(?:[.,]\s*(?:/[A-Z]+/|(?:The\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3}))?"  # . The Astana Times
    r"\s*(?:[–—-]+|[.:])\s*(?=[A-Z\"“«])"
)


def summary_of(sentences: Sequence[str]) -> str:
    """The first two sentences of the story, without a dateline at their head: opening the
    first sentence, or a sentence of its own (then two more follow)."""
    lead = " ".join(sentences[:3])
    dateline = _LEAD_DATELINE.match(lead)
    if dateline is None:
        return shorten(" ".join(sentences[:2]), 400)
    if dateline.end() < len(sentences[0]):
        return shorten(" ".join([sentences[0][dateline.end():], *sentences[1:2]]), 400)
    return shorten(lead[dateline.end():], 400)


_AHEAD = re.compile(r"\b(?:will|would|shall|is\s+to|are\s+to|scheduled|expected|plans?|due)\b",
                    re.I)


def lead_date(header: Sequence[str], sentences: Sequence[str]) -> PartialDate | None:
    """With no dateline, a full date above the body or in the lead ("approved ... on 4 June
    2025") dates the news."""
    for sentence in [*header, *sentences[:2]]:
        if _AHEAD.search(sentence):
            continue  # "will enter into force on 1 July 2025" is no publication date
        for phrase in find_date_phrases(sentence, None):
            if phrase.date.precision == "day":
                return phrase.date
    return None


