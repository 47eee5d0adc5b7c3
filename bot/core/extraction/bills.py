"""Bills named in a sentence: codes, quoted titles, "Law on ...", ratified agreements, budget
laws and laws described by their topic.

Each rule is a pattern with the sentences it exists for beside it. A title is never made of
sentence debris: a topic ends at the first word that starts a new clause ("is", "which",
"and sent"), and a topic that starts with such a word is no title.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class BillHit:
    start: int
    end: int
    title: str
    kind: str


# --------------------------------------------------------------------------- codes

_CODE_WORD = r"(?!(?:The|This|That|New|Draft|A|An|Its|Their|Which|Of|And|In|On|Under|With)\b)[A-Z][a-z]+"
_CODE_WORDS = rf"{_CODE_WORD}(?:\s+{_CODE_WORD}){{0,2}}"
_NUMBER_WORDS = r"(?:two|three|four|five|six|seven|eight|nine|ten|several|new|draft)"
# "five Codes: the Budget, Construction, Water, Tax and Digital"
_CODE_LIST_AFTER = re.compile(
    rf"\bCodes\s*:?\s*(?:the\s+)?((?:{_CODE_WORDS})(?:\s*,\s*(?:the\s+)?{_CODE_WORDS}){{0,12}},?\s+and\s+"
    rf"(?:the\s+)?{_CODE_WORDS})"
)
# "the Tax, Budget and Water Codes"
_CODE_LIST_BEFORE = re.compile(
    rf"\b((?:{_CODE_WORDS})(?:\s*,\s*(?:the\s+)?{_CODE_WORDS}){{0,12}},?\s+and\s+(?:the\s+)?"
    rf"{_CODE_WORDS})\s+[Cc]odes\b"
)
# "the Water Code", "the Code of Administrative Offences", "the Environmental Code of the
# Republic of Kazakhstan" (the country is no part of the title)
_CODE_SINGLE = re.compile(rf"\b({_CODE_WORDS})\s+Code\b(?!s)")
_CODE_OF = re.compile(
    r"\bCode\s+(on|of)\s+(?!the\s+Republic\b|Kazakhstan\b)"
    r"((?:the\s+)?[A-Z][a-z]+(?:\s+(?:and\s+)?[A-Z][a-z]+){0,3})"
)


def _code_title(words: str) -> str | None:
    parts = words.split()
    if not parts or any(w in {"Republic", "Kazakhstan", "Kazakh"} for w in parts):
        return None
    return " ".join(parts) + " Code"


_AMENDED = re.compile(r"\b(?:amend(?:s|ed|ing)?)\s+(?:the\s+)?$", re.I)
# "approved amendments to the Land Code", "Under the amendments to the Criminal Code": the bill is
# known by the code it changes (so that a follower of the Land Code hears of it).
_AMENDMENTS_TO = re.compile(
    r"\b(?P<the>the\s+)?amendments?\s+(?:and\s+additions\s+)?to\s+the\s+"
    r"(?P<code>(?:[A-Z][a-z]+\s+){1,3}Code|Code\s+of\s+[A-Z][a-z]+(?:\s+(?:and\s+)?[A-Z][a-z]+)"
    r"{0,3}|Constitution)\b"
)

# --------------------------------------------------------------------------- laws by title

# «On Mass Media», "On the Constitutional Court": a quoted title after a word for a law.
_QUOTED_LAW = re.compile(r"[\"“«]\s*(On [^\"”»]{2,200}?)\s*[\"”»]")
_LAW_KEYWORD = re.compile(
    r"\b(constitutional\s+laws?|draft\s+laws?|draft\s+bills?|laws?|bills?)\b", re.I
)
# "the Law on Mass Media", "the Constitutional Law on the Constitutional Court"
_LAW_ON_CAPS = re.compile(
    r"\b(Constitutional\s+)?Law\s+(?:of\s+the\s+Republic\s+of\s+Kazakhstan\s+)?on\s+"
    r"((?:the\s+)?[A-Z][\w-]+(?:\s+(?:and\s+|of\s+|the\s+|on\s+)*[A-Z][\w-]+){0,6})"
)

# --------------------------------------------------------------------------- agreements

# "ratified the Convention on the Legal Status of the Caspian Sea", "the agreement between the
# governments of Kazakhstan and China on the exchange of information", "the Law on Ratification of
# the Agreement between ... on Customs Cooperation", "a protocol on amendments to ...". Only in a
# sentence about ratifying: an agreement named in passing is no bill.
_AGREEMENT = re.compile(
    r"\b((?:[Cc]onvention|[Aa]greement|[Tt]reaty|[Pp]rotocol)\s+(?:between|on|of|with|among"
    r"|to)\s+.+?)(?=\s*(?:[,.;:()]|$|\s+(?:at|which|that|was|were|is|are|has|have|had|signed"
    r"|in\s+(?:the\s+)?(?:first|second)|into|during|after|before|by\s+(?:the\s+)?(?:Mazhilis"
    r"|Majilis|Senate|deputies|senators|President|Head)|to\s+(?:the\s+)?(?:Senate|Mazhilis"
    r"|Majilis|President|Head)|will|would|as|now)\b))"
)
_RATIFY = re.compile(r"\bratif", re.I)

# --------------------------------------------------------------------------- laws by topic

# Words that start a new clause or a circumstance: a topic ends before them, and a "topic" that
# starts with one is sentence debris ("Law on are still under consideration").
_TOPIC_STOP = (
    r"is|are|was|were|be|been|being|has|have|had|will|would|shall|should|can|could|may|must"
    r"|which|that|who|whose|where|when|while|as|after|before|since|until|during|at|into|now|also"
    r"|then|today|yesterday|by|with|among|including|amid|following|because|its|their|it|they"
    r"|and\s+(?:the|a|an)\s+(?:bill|law|draft)"
    r"|he|she|we|this|these|those|said|says|from\s+the\s+President|last|next"
    r"|on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|\d)"
    r"|in\s+(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|\d{4})\b"
    r"|in\s+(?:the\s+)?(?:first|second|third|final|1st|2nd|3rd)|and\s+(?:sent|adopted|approved|signed|returned"
    r"|passed|considered|submitted|will|is|are|was|were|has|have|had|also|then|the\s+Senate"
    r"|the\s+Mazhilis|senators|deputies)|to\s+(?:the\s+)?(?:Senate|Mazhilis|Majilis|Kurultai|President"
    r"|Head|Parliament|state\s+and)|(?:back\s+)?to\s+(?:its|their)\s+(?:initiators|authors|developers)|to\s+be|to\s+(?:carry|implement|help|make)"
)
_TOPIC_WORD = r"[\w'’-]+"
# "the law on the republican budget for 2023-2025", "a bill on state control over university
# endowment funds", "a draft law on Mass-media", "the bill on the Human Rights Commissioner",
# "laws on public procurement and on science and technology policy", "amendments on ensuring
# women's rights and the safety of children", "the law banning payments to foreign athletes"
_TOPIC_LAW = re.compile(
    r"(?<![\w-])(?P<kind>(?:draft\s+)?(?:constitutional\s+)?(?:laws?|bills?)|(?:legislative\s+)?amendments)"
    r"\s+(?P<verb>on|banning|toughening|tightening|protecting|regulating|introducing|concerning"
    r"|regarding|amending|establishing|providing\s+for|that\s+(?:would\s+)?(?:ban|bans|bar|bars|prohibits?|restricts?|gives|give"
    r"|toughens?|tightens?|introduces?|protects?|regulates?|allows?|makes?|sets?|creates?))"
    rf"\s+(?P<topic>(?!(?:{_TOPIC_STOP})\b){_TOPIC_WORD}(?:\s+(?!(?:{_TOPIC_STOP})\b)"
    rf"{_TOPIC_WORD}|,\s+on\s+{_TOPIC_WORD}|\s+and\s+on\s+{_TOPIC_WORD}){{0,40}})",
    re.I,
)
# "laws on migration, transfer pricing and health care": one law per listed topic (the last
# "and" stays inside its topic: "science and technology policy" is one).
_TOPIC_PHRASE = rf"(?!(?:{_TOPIC_STOP})\b){_TOPIC_WORD}(?:\s+(?!(?:{_TOPIC_STOP})\b){_TOPIC_WORD}){{0,12}}"
_TOPIC_LIST = re.compile(
    rf"(?<![\w-])(?P<kind>(?:draft\s+)?(?:laws|bills))\s+on\s+(?P<topic>{_TOPIC_PHRASE}"
    rf"(?:,\s+(?:and\s+)?(?:on\s+)?{_TOPIC_PHRASE}|\s+and\s+on\s+{_TOPIC_PHRASE})+)",
    re.I,
)
# "Today we passed another important law, on the special status of Turkistan."
_TOPIC_AFTER_COMMA = re.compile(
    rf"\b(?P<kind>law|bill),\s+on\s+(?P<topic>(?!(?:{_TOPIC_STOP})\b){_TOPIC_WORD}"
    rf"(?:\s+(?!(?:{_TOPIC_STOP})\b){_TOPIC_WORD}){{0,12}})",
    re.I,
)
# "two accompanying laws on taxation", "several laws on asset recovery", "18 draft laws"
_COUNTED = re.compile(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|some|many|various|a\s+number"
    r"\s+of|other|accompanying|related)\s+(?:\w+\s+)?$",
    re.I,
)
_WEAK_TOPIC = frozenset(
    {"the", "a", "an", "it", "them", "this", "that", "which", "time", "its", "their", "his", "her"}
)


def _bill_kind(prefix: str) -> str:
    prefix = prefix.lower()
    if "constitutional" in prefix:
        return "constitutional law"
    if "draft" in prefix or "bill" in prefix or "amendment" in prefix:
        return "draft law"
    return "law"


def _topic_title(kind_word: str, verb: str, topic: str) -> str | None:
    topic = re.sub(r"[\s,]+$", "", topic)
    words = topic.split()
    if not words or (words[0].lower() in _WEAK_TOPIC and len(words) == 1):
        return None
    if words[0].lower() in _WEAK_TOPIC - {"the", "a", "an"}:
        return None
    # A bare year or number is no topic ("law on 2023").
    if not re.search(r"[A-Za-z]{3,}", topic):
        return None
    head = "Amendments" if "amendment" in kind_word.lower() else "Law"
    if verb.lower() == "on":
        return f"{head} on {topic}"
    return f"{head} {verb.lower()} {topic}"


# Every rule needs one of these words (or a quoted title): most sentences name no bill.
_MAYBE_BILL = re.compile(r"(?i:code|law|bill|amendment|convention|agreement|treaty|protocol)|[\"“«]")


def find_bills(sentence: str) -> list[BillHit]:
    if not _MAYBE_BILL.search(sentence):
        return []
    hits: list[BillHit] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def add(start: int, end: int, title: str | None, kind: str) -> None:
        if title and free(start, end) and all(h.title != title for h in hits):
            hits.append(BillHit(start, end, title, kind))

    def each(pattern: re.Pattern[str], read: Callable[[re.Match[str]], None]) -> None:
        for match in pattern.finditer(sentence):
            if free(*match.span()):
                read(match)
                taken.append(match.span())

    def amended(match: re.Match[str]) -> bool:
        # "which amends the Land Code", "Under the amendments to the Criminal Code": the code is
        # what a bill changes, not itself a bill at a stage.
        return bool(_AMENDED.search(sentence[: match.start()]))

    def code_list(match: re.Match[str]) -> None:
        for part in re.split(r"\s*,\s*|\s+and\s+", match.group(1)):
            part = re.sub(r"^(?:the|and)\s+", "", part.strip())
            add(match.start(), match.end(), _code_title(part), "code")

    listed: list[int] = []  # where the last quoted title ended, for lists of them

    def quoted(match: re.Match[str]) -> None:
        # 'the draft laws "On Government Procurement", "On Mass Media" and "On Heat Power
        # Energy"': a law word shortly before, or the list it continues.
        keywords = list(_LAW_KEYWORD.finditer(sentence[: match.start()]))
        in_list = bool(listed) and re.fullmatch(
            r"\s*(?:,|and|,\s*and)\s*", sentence[listed[-1] : match.start()]
        )
        if keywords and (match.start() - keywords[-1].end() < 40 or in_list):
            title = " ".join(match.group(1).split()).rstrip(".,")
            add(match.start(), match.end(), title, _bill_kind(keywords[-1].group()))
            listed.append(match.end())

    def agreement(match: re.Match[str]) -> None:
        title = " ".join(match.group(1).split())
        title = title[0].upper() + title[1:]
        if len(title.split()) >= 3:
            add(match.start(), match.end(), title, "agreement")

    def topic(match: re.Match[str]) -> None:
        verb = match.groupdict().get("verb") or "on"
        kind = _bill_kind(match.group("kind"))
        if _COUNTED.search(sentence[: match.start()]) and match.group("kind").lower().endswith("s"):
            return  # "two accompanying laws on taxation": laws counted, none of them named
        # "the laws on the republican budget, on transfers and on the National Fund": three laws
        for part in re.split(r",\s+(?:and\s+)?(?:on\s+)?|\s+and\s+on\s+", match.group("topic")):
            add(match.start(), match.end(), _topic_title(match.group("kind"), verb, part), kind)

    each(
        _AMENDMENTS_TO,
        lambda m: add(
            m.start(), m.end(), m.group("code"),
            "constitutional law" if m.group("code") == "Constitution" else "code",
        ),
    )
    each(_CODE_LIST_AFTER, code_list)
    each(_CODE_LIST_BEFORE, code_list)
    each(_CODE_OF, lambda m: None if amended(m) else add(
        m.start(), m.end(), f"Code {m.group(1)} {m.group(2)}", "code"))
    each(_CODE_SINGLE, lambda m: None if amended(m) else add(
        m.start(), m.end(), _code_title(m.group(1)), "code"))
    each(_QUOTED_LAW, quoted)
    if _RATIFY.search(sentence):
        each(_AGREEMENT, agreement)
    each(
        _LAW_ON_CAPS,
        lambda m: add(
            m.start(), m.end(), f"On {m.group(2)}", "constitutional law" if m.group(1) else "law"
        ),
    )
    each(_TOPIC_LIST, topic)
    each(_TOPIC_LAW, topic)
    each(_TOPIC_AFTER_COMMA, topic)
    return sorted(hits, key=lambda h: h.start)
