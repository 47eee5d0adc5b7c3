"""The office as the article writes it, kept beside its one canonical name.

"Interior Minister", "CEC Deputy Chairman", "Minister of Defense", "Deputy Prime Minister –
Minister of Foreign Affairs": what a reader checking a position against its article finds there.
Cards, lookups and merging use the canonical office (``offices.fold_office``,
``titles.canonical_title``); the export gives both.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.core.extraction.offices import NAMED_FOR, SMALL_WORDS, TRAILING_ORG

# Words that describe a post rather than name it ("the country's top diplomat", "took over as
# head of state"): the post is shown by its name.
_EPITHET = re.compile(
    r"(?:Top Diplomat|Head of (?:the )?(?:State|Government)|Chief of Staff|Kazakh President)", re.I
)
# A head in the plural ("Majilis deputies", "ministers of ..."): many people, no one's title.
_PLURAL_HEAD = re.compile(
    r"\b(?:deputies|senators|ministers|judges|members|chairmen|heads|akims)\b", re.I
)


@lru_cache(maxsize=4096)
def as_written(raw: str) -> str:
    """The office in the article's own words, tidied ("deputy interior minister" -> "Deputy
    Interior Minister", "CEC Deputy Chairman", "Minister of Defense"): what a position shows as
    read, beside its canonical name. Empty for words that are no one person's title."""
    words = raw.replace("–", " ").split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if not words or _PLURAL_HEAD.search(raw):
        return ""
    title = " ".join(
        w.lower() if w.lower() in SMALL_WORDS and i else w[0].upper() + w[1:]
        for i, w in enumerate(words)
    )
    if NAMED_FOR.search(title) or _EPITHET.fullmatch(title):
        return ""  # no one's title either: named for its head ("the Tokayev administration")
    while True:
        trimmed = TRAILING_ORG.sub("", title)
        if trimmed == title:
            return title
        title = trimmed


def as_written_title(kind: str, raw: str, written: str, title: str, same: bool) -> str:
    """Rule "as written": "Interior Minister", "CEC Deputy Chairman", "Minister of Defense" are
    kept as the article writes them beside the canonical office, when no resolution (of "the
    region", of the Kurultai's era) changed what the words name; a read office ("chaired the
    ...") or a bare "Deputy" completed by its chamber is shown by its canonical name."""
    if kind == "bare" and title == "Senator" and raw.lower() == "deputy":
        return "Deputy of the Senate"  # "the Deputy A. Nuraliyev" at a sitting of the Senate
    if kind not in {"generic", "fixed", "portfolio", "body"} or not same:
        return ""
    wording = as_written(written if kind in {"generic", "fixed"} else raw)
    return "" if wording == title else wording


# Rule "combined post": "Deputy Prime Minister – Minister of Foreign Affairs" is how decrees name
# one person's two offices held together: the first is shown as the article writes the pair, the
# ministry by its own words.
_DASH = re.compile(r"\s*[–—]\s*|\s+-\s+")


def combined(first: tuple[str, str], between: str, second: tuple[str, str]) -> str:
    """The pair as written, for two offices (each a canonical title and its wording) joined by a
    dash, a Deputy Prime Minister's and a ministry's; else empty."""
    if not (_DASH.fullmatch(between) and first[0].endswith("Deputy Prime Minister")
            and second[0].startswith("Minister of")):
        return ""
    return f"{first[1] or first[0]} – {second[1] or second[0]}"
