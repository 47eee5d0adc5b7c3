"""Offices in a sentence, and which person each is said of, with what happened (start, end)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core import gazetteer as gz
from bot.core.extraction.names import PRONOUN, NameHit, Person, find_names
from bot.core.extraction.results import Change, PositionSighting
from bot.core.models import PartialDate


def _title_pattern() -> re.Pattern[str]:
    heads = "|".join(
        h if h[0].islower() else f"[{h[0]}{h[0].lower()}]{h[1:]}" for h in gz.TITLE_HEADS
    )
    mods = r"(?:(?:[Ff]irst|[Dd]eputy|[Vv]ice|[Aa]cting|[Ee]xecutive)[ -])*"
    org_word = r"[A-Z][\w'-]*"
    org = (
        rf"(?:the\s+)?{org_word}(?:(?:\s+|\s*,\s*|\s+and\s+|\s+of\s+(?:the\s+)?|\s+for\s+"
        rf"|\s+on\s+|\s+the\s+){org_word})*"
    )
    generic = rf"{mods}(?:{heads})\s+(?:of|for|on)\s+{org}"
    fixed = "|".join(
        sorted(
            (re.escape(k) for k in {*gz.OFFICE_SYNONYMS, *gz.PLAIN_TITLES}), key=len, reverse=True
        )
    )
    return re.compile(rf"(?<![\w-])(?:{generic}|(?i:{fixed}))(?![\w-])")


_TITLE = _title_pattern()
_TRAILING_ORG = re.compile(r"\s+of\s+(?:the\s+)?(?:Parliament|Republic of Kazakhstan|Kazakhstan)$")


def canonical_title(written: str) -> str:
    """ "chairperson of the Senate of the Parliament" -> "Chairman of the Senate"."""
    words = written.split()
    folded = []
    for word in words:
        canon = gz.HEAD_CANONICAL.get(word.lower())
        if canon:
            folded.append(canon)
        elif word.lower() in {"of", "for", "on", "and", "the"}:
            folded.append(word.lower())
        else:
            folded.append(word[0].upper() + word[1:])
    title = " ".join(folded)
    while True:
        trimmed = _TRAILING_ORG.sub("", title)
        if trimmed == title:
            break
        title = trimmed
    return gz.OFFICE_SYNONYMS.get(title.lower(), gz.PLAIN_TITLES.get(title.lower(), title))


@dataclass
class TitleHit:
    start: int
    end: int
    title: str


def find_titles(sentence: str) -> list[TitleHit]:
    hits = []
    for match in _TITLE.finditer(sentence):
        start, end, written = match.start(), match.end(), match.group()
        # "Chairman of the Senate Maulen Ashimbayev": the organisation's words run into the name.
        # Cut the title where a name begins.
        for name in find_names(written):
            if name.start > 0 and name.given is not None:
                end = start + name.start
                written = written[: name.start].rstrip(" ,")
                end = start + len(written)
                break
        if not written.strip():
            continue
        hits.append(TitleHit(start, end, canonical_title(written)))
    return hits


_RELEASE = re.compile(
    r"\b(?:releas\w*|reliev\w*|dismiss\w*|remov\w*|resign\w*|step\w* down)\b", re.I
)
_APPOINT = re.compile(
    r"\b(?:appoint\w*|reappoint\w*|re-appoint\w*|candidacy|put forward|re-?elected|elected|named|took office"
    r"|assumed|became|nominated|proposed|approved the appointment)\b",
    re.I,
)
_BEFORE_OFFICE = re.compile(
    r"(?:post|position|office|role|duties)\s+(?:of|as)\s+(?:the\s+)?$"
    r"|(?:appointed|elected|named|became|as)\s+(?:the\s+|a\s+|an\s+)?(?:new\s+)?$",
    re.I,
)
_SINCE = re.compile(r"\bsince\s+(\d{4})\b", re.I)
ROLE = re.compile(
    r"\b(?:the\s+|[Tt]he\s+)("
    + "|".join(re.escape(k) for k in sorted(gz.ROLE_REFERENCES, key=len, reverse=True))
    + r")\b",
    re.I,
)


_FROM_POST = re.compile(
    r"^\s*(?:from|of)\s+(?:his\s+|her\s+|the\s+)?(?:post|position|office|duties)"
    r"\s+(?:of|as)\s+(?:the\s+)?$",
    re.I,
)
_PREVIOUSLY = re.compile(r"\b(?:previously|formerly|earlier|once)\b", re.I)
_DASH = re.compile(r"\s*[–—-]\s*")


def relate(
    sentence: str,
    names: list[tuple[NameHit, Person]],
    titles: list[TitleHit],
    last_person: Person | None,
    date: PartialDate | None,
) -> None:
    """Attach each office in the sentence to the person it is said of, with what happened.

    Who: the name right after the title ("Chairman of the Senate Maulen Ashimbayev"), else the
    nearest name before it joined by a comma, "as", "to/for the post of" or an appointment verb,
    else (for "she has been working as ...") the person of the previous sentence. What happened
    is read from the words between the two, or before the title when it comes first.
    """
    previous: tuple[TitleHit, Person] | None = None
    for title in titles:
        before = sentence[: title.start]
        person: Person | None = None
        change: Change = "seen"
        for hit, candidate in names:
            if hit.start >= title.end and re.fullmatch(r"[\s,]*", sentence[title.end : hit.start]):
                person = candidate  # title first: what happened is told before the title
                lead = before[-40:]
                if _RELEASE.search(lead):
                    change = "end"
                elif re.search(r"\b(?:new|newly appointed)\s+$", before, re.I) or _APPOINT.search(
                    lead
                ):
                    change = "start"
                break
        if (
            person is None
            and previous is not None
            and _DASH.fullmatch(sentence[previous[0].end : title.start])
        ):
            # "Deputy Prime Minister – Minister of National Economy": one person, two offices.
            person = previous[1]
            change = next(
                (p.change for p in reversed(person.positions) if p.title == previous[0].title),
                "seen",
            )
        if person is None:
            preceding = [(h, p) for h, p in names if h.end <= title.start]
            if preceding:
                hit, candidate = preceding[-1]
                gap = sentence[hit.end : title.start]
                earlier = sentence[: hit.start]
                joined = (
                    re.fullmatch(
                        r"\s*,\s*(?:the\s+|a\s+|an\s+)?"
                        r"(?:newly appointed\s+|new\s+)?",
                        gap,
                    )
                    or _BEFORE_OFFICE.search(before)
                    or re.fullmatch(r"\s*", gap)
                )
                if joined:
                    person = candidate
                    released = (_RELEASE.search(earlier + gap) and _FROM_POST.search(gap)) or (
                        _RELEASE.search(gap) and not _APPOINT.search(gap)
                    )
                    if _PREVIOUSLY.search(gap) or released:
                        change = "end"
                    elif (
                        _APPOINT.search(gap)
                        or _APPOINT.search(earlier[-60:])
                        or re.search(r"\bnew(?:ly appointed)?\s+$", gap, re.I)
                    ):
                        change = "start"
        if (
            person is None
            and not names
            and last_person is not None
            and PRONOUN.search(before)
            and _BEFORE_OFFICE.search(before)
        ):
            person = last_person  # "Since 2019 she has been working as a commissioner ..."
            if _PREVIOUSLY.search(before):
                change = "end"
        if person is None:
            continue
        if re.search(r"\bformer\s+(?:the\s+)?$", before, re.I):
            continue  # "former Prime Minister X": we do not know when that ended
        sighting_date = date
        since = _SINCE.search(before)
        if since and change == "seen":
            year = int(since.group(1))
            if 1900 < year < 2100:
                sighting_date, change = PartialDate(year), "start"
        sighting = PositionSighting(title.title, sighting_date, change, sentence)
        if sighting not in person.positions:
            person.positions.append(sighting)
        previous = (title, person)


