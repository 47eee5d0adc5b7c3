"""An article's text -> headline and body sentences; its date when no dateline gives one."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.core.dates import find_date_phrases
from bot.core.models import Article, PartialDate
from bot.core.text import shorten, split_sentences

_DATELINE_LINE = re.compile(
    r"^\s*(?:date\s+\d{4}-\d{2}-\d{2}\s*|\d{1,2}\s+[A-Z][a-z]+\s+\d{4}(?:,\s*\d{1,2}:\d{2})?[\d\s]*$)"
)


def title_and_body(text: str, article: Article) -> tuple[str, list[str]]:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    body_lines: list[str] = []
    headline: str | None = None
    for index, line in enumerate(lines):
        if (
            index == 0
            and len(lines) > 1
            and len(line) <= 200
            and not line.endswith((".", "”", '"'))
        ):
            headline = line
            continue
        if headline is not None and line == headline:
            continue  # some sites print the headline twice
        stripped = _DATELINE_LINE.sub("", line).strip()
        if stripped:
            body_lines.append(stripped)
    sentences = split_sentences("\n".join(body_lines))
    title = article.title or headline or (shorten(sentences[0], 120) if sentences else "Untitled")
    return title, sentences


def lead_date(sentences: Sequence[str]) -> PartialDate | None:
    """With no dateline, a full date in the lead ("approved ... on 4 June 2025") dates the news."""
    for sentence in sentences[:2]:
        for phrase in find_date_phrases(sentence, None):
            if phrase.date.precision == "day":
                return phrase.date
    return None


