"""Bills named in a sentence: codes, quoted titles, "Law on ...", laws by topic."""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUOTED_LAW = re.compile(r"[\"“«]\s*(On [^\"”»]{2,150}?)\s*[\"”»]")
_LAW_KEYWORD = re.compile(
    r"\b(constitutional\s+laws?|draft\s+laws?|draft\s+bills?|laws?|bills?)\b", re.I
)
_CODE_WORDS = r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}"
_CODE_LIST_AFTER = re.compile(
    rf"\bCodes\s*:?\s*(?:the\s+)?((?:{_CODE_WORDS})(?:\s*,\s*{_CODE_WORDS})*,?\s+and\s+{_CODE_WORDS})"
)
_CODE_LIST_BEFORE = re.compile(
    rf"\b((?:{_CODE_WORDS})(?:\s*,\s*{_CODE_WORDS})*,?\s+and\s+(?:the\s+)?{_CODE_WORDS})\s+Codes\b"
)
_CODE_SINGLE = re.compile(rf"\b({_CODE_WORDS})\s+Code\b(?!s)")
_CODE_OF = re.compile(
    r"\bCode\s+(on|of)\s+((?:the\s+)?[A-Z][a-z]+(?:\s+(?:and\s+)?[A-Z][a-z]+){0,3})"
)
_LAW_ON_CAPS = re.compile(
    r"\b(Constitutional\s+)?Law\s+on\s+([A-Z][a-z]+(?:\s+(?:and\s+|of\s+)?"
    r"[A-Z][a-z]+){0,4})"
)
_TOPIC_LAWS = re.compile(
    r"\b((?:draft\s+)?(?:laws?|bills?))\s+(?:(?:\w+\s+){0,4}?)on\s+"
    r"((?:[a-z][\w'-]*)(?:(?:\s+|,\s+)(?:[a-z][\w'-]*))*)"
)
_CODE_STOP = frozenset(
    {
        "The",
        "This",
        "That",
        "New",
        "Draft",
        "A",
        "An",
        "Its",
        "Their",
        "Which",
        "Five",
        "Four",
        "Three",
        "Two",
        "Six",
        "Seven",
        "Of",
        "And",
        "In",
        "On",
    }
)


def _bill_kind(prefix: str) -> str:
    prefix = prefix.lower()
    if "constitutional" in prefix:
        return "constitutional law"
    if "draft" in prefix or "bill" in prefix:
        return "draft law"
    return "law"


def _code_title(words: str) -> str | None:
    parts = [w for w in words.split() if w not in _CODE_STOP]
    if not parts or any(w in {"Republic", "Kazakhstan"} for w in parts):
        return None
    return " ".join(parts) + " Code"


@dataclass(frozen=True)
class BillHit:
    start: int
    title: str
    kind: str


def find_bills(sentence: str) -> list[BillHit]:
    hits: list[BillHit] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def add(start: int, end: int, title: str | None, kind: str) -> None:
        if title and free(start, end):
            hits.append(BillHit(start, title, kind))

    for pattern in (_CODE_LIST_AFTER, _CODE_LIST_BEFORE):
        for match in pattern.finditer(sentence):
            for part in re.split(r"\s*,\s*|\s+and\s+", match.group(1)):
                part = re.sub(r"^(?:the|and)\s+", "", part.strip())
                add(match.start(), match.start(), _code_title(part), "code")
            taken.append(match.span())
    for match in _CODE_OF.finditer(sentence):
        add(match.start(), match.end(), f"Code {match.group(1)} {match.group(2)}", "code")
        taken.append(match.span())
    for match in _CODE_SINGLE.finditer(sentence):
        add(match.start(), match.end(), _code_title(match.group(1)), "code")
        taken.append(match.span())
    for match in _QUOTED_LAW.finditer(sentence):
        keywords = list(_LAW_KEYWORD.finditer(sentence[: match.start()]))
        if not keywords:
            continue
        title = " ".join(match.group(1).split()).rstrip(".,")
        add(match.start(), match.end(), title, _bill_kind(keywords[-1].group()))
        taken.append(match.span())
    for match in _LAW_ON_CAPS.finditer(sentence):
        kind = "constitutional law" if match.group(1) else "law"
        add(match.start(), match.end(), f"On {match.group(2)}", kind)
        taken.append(match.span())
    for match in _TOPIC_LAWS.finditer(sentence):
        if not free(*match.span()):
            continue
        kind = _bill_kind(match.group(1))
        topics = re.split(r",\s+", match.group(2))
        for topic in topics:
            topic = re.sub(r"^(?:and|the)\s+", "", topic.strip())
            words = topic.split()
            if not words or len(words) > 14 or words[0] in {"which", "that", "the"}:
                break
            add(match.start(), match.end(), f"Law on {topic}", kind)
        taken.append(match.span())
    return hits


