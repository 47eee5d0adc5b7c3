"""Bills named in a sentence: codes, quoted titles, "Law on ...", ratified agreements, budget
laws and laws described by their topic.

Each rule is a pattern with the sentences it exists for beside it. A title is never made of
sentence debris: a topic ends at the first word that starts a new clause ("is", "which",
"and sent"), and a topic that starts with such a word is no title.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.core.extraction.bill_forms import (
    AMENDING_LAW,
    AMNESTY,
    BUDGET_CHANGE,
    LAW_ABOUT_LAW,
    BillHit,
    amending,
    bill_id,
)

__all__ = ["BillHit", "bill_id", "find_bills"]

# --------------------------------------------------------------------------- codes

_CODE_WORD = r"(?!(?:The|This|That|New|Draft|A|An|Its|Their|Which|Of|And|In|On|Under|With)\b)[A-Z][a-z]+"
_CODE_WORDS = rf"{_CODE_WORD}(?:\s+{_CODE_WORD}){{0,2}}"
_NUMBER_WORDS = r"(?:two|three|four|five|six|seven|eight|nine|ten|several|new|draft)"
# "five Codes: the Budget, Construction, Water, Tax and Digital"
_CODE_LIST_AFTER = re.compile(
    rf"\bCodes\s*:?\s*(?:the\s+)?((?:{_CODE_WORDS})(?:\s*,\s*(?:the\s+)?{_CODE_WORDS}){{0,12}},?\s+and\s+"
    rf"(?:the\s+)?{_CODE_WORDS})"
)
# "the Tax, Budget and Water Codes", "The Construction, Digital Codes"
_CODE_LIST_BEFORE = re.compile(
    rf"\b((?:{_CODE_WORDS})(?:\s*,\s*(?:the\s+)?{_CODE_WORDS}){{0,12}}(?:,?\s+and\s+|\s*,\s*)"
    rf"(?:the\s+)?{_CODE_WORDS})\s+[Cc]odes\b"
)
# "the review of the budget, construction, water, and tax codes": in lower case only the names
# of Kazakhstan's codes make a list of codes ("the relevant and other codes" is none).
_CODE_NAME = (
    r"(?:budget|construction|urban\s+planning|city\s+planning|water|tax|digital|land|labou?r"
    r"|criminal|civil|environmental|social|entrepreneurial|customs|forest|health|family"
    r"|subsoil|administrative|electoral|election|penal|procedural|housing|transport)"
)
_CODE_LIST_LOWER = re.compile(
    rf"\b({_CODE_NAME}(?:\s*,\s*(?:the\s+)?{_CODE_NAME}){{0,12}},?\s+(?:and|as\s+well\s+as)\s+"
    rf"(?:the\s+)?{_CODE_NAME})\s+codes\b"
)
# "the Water Code", "the Code of Administrative Offences", "the Environmental Code of the
# Republic of Kazakhstan" (the country is no part of the title)
_CODE_SINGLE = re.compile(rf"\b({_CODE_WORDS})\s+Code\b(?!s)")
_CODE_OF = re.compile(
    # (a "Code of Ethics" or "of Honour" is a by-law of conduct, no law)
    r"\bCode\s+(on|of)\s+(?!the\s+Republic\b|Kazakhstan\b|Honou?r\b|Ethics\b|Conduct\b)"
    # "the Code on People's Health and the Healthcare System" (not "Code on People")
    r"((?:the\s+)?[A-Z][a-z]+(?:'s)?(?:\s+(?:and\s+(?:the\s+)?)?[A-Z][a-z]+(?:'s)?){0,4})"
)


def _code_title(words: str) -> str | None:
    parts = words.split()
    if not parts or any(w in {"Republic", "Kazakhstan", "Kazakh"} for w in parts):
        return None
    return " ".join(parts) + " Code"


_AMENDED = re.compile(r"\b(?:amend(?:s|ed|ing)?)\s+(?:the\s+)?$", re.I)
# "approved amendments to the Land Code", "related amendments to the Code of Administrative
# Offences and several other laws": a bill of its own, that changes the code; the code itself is
# no bill at a stage. But "the Senate's amendments to the Water Code", "amendments proposed by the
# senators to the Tax Code" are changes made to the code's bill as it passes: that bill is the code.
_AMENDMENTS_TO = re.compile(
    r"\b(?P<the>the\s+)?(?P<whose>(?:Senate's|senators'|Mazhilis's|Mazhilis'|deputies'|MPs')\s+)?"
    r"amendments?\s+(?:and\s+additions\s+)?(?P<by>(?:proposed|put\s+forward|made|introduced)\s+"
    r"by\s+(?:the\s+)?(?:Senate|senators|Mazhilis|deputies)\s+)?to\s+the\s+"
    r"(?P<code>(?:[A-Z][a-z]+\s+){1,3}Code|Code\s+of\s+[A-Z][a-z]+(?:\s+(?:and\s+)?[A-Z][a-z]+)"
    r"{0,3}|Constitution)\b(?P<others>,?\s+(?:as\s+well\s+as\s+|and\s+)(?:to\s+)?(?:several|some"
    r"|a\s+number\s+of|certain)?\s*other\s+(?:laws|legislative\s+acts))?"
)

# --------------------------------------------------------------------------- laws by title

# «On Mass Media», "On the Constitutional Court", ‘On Ratification of ...’: a quoted title after a
# word for a law; 'the draft law on "Mass-media"' is «On Mass-media»; 'the law “Kazakhstan’s
# Ethnic Assembly”' is a title too, right after the word (an apostrophe inside is no quote mark).
_QUOTED_LAW = re.compile(
    # (a look-ahead: an opening mark that starts no title, as of a quoted sentence, leaves the
    # marks inside it to be tried)
    r"(?:[\"“«‘]|(?<!\w)')(?=\s*(?P<title>[A-Z][^\"“”«»‘]{1,400}?)\s*(?:[\"”»]|['’](?![A-Za-z])))"
)
_RIGHT_AFTER_LAW = re.compile(
    r"\b(?P<kw>(?:constitutional\s+|draft\s+)?(?:laws?|bills?))(?:\s+of\s+(?:the\s+Republic\s+of\s+)?"
    r"Kazakhstan)?\s+(?P<on>on\s+)?$",
    re.I,
)
_LAW_KEYWORD = re.compile(
    r"\b(constitutional\s+laws?|draft\s+laws?|draft\s+bills?|laws?|bills?)\b", re.I
)
# "the Law on Grain on Monday": a day or a month is no word of a title
_WHEN = (r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March"
         r"|April|May|June|July|August|September|October|November|December)\b")
# "the Law on Mass Media", "the Constitutional Law on the Constitutional Court"
_LAW_ON_CAPS = re.compile(
    r"\b(Constitutional\s+)?Law\s+(?:of\s+the\s+Republic\s+of\s+Kazakhstan\s+)?on\s+"
    r"((?:the\s+)?[A-Z][\w-]+(?:\s+(?:and\s+|of\s+|the\s+|on\s+)*(?!" + _WHEN + r")[A-Z][\w-]+){0,6})"
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
    r"|Majilis|President|Head)|will|would|as|now|on\s+(?:\d+|(?:January|February|March|April|May"
    r"|June|July|August|September|October|November|December)\b)|in\s+\d{4})\b))"
)
_RATIFY = re.compile(r"\bratif", re.I)

# --------------------------------------------------------------------------- laws by topic

# Words that start a new clause or a circumstance: a topic ends before them, and a "topic" that
# starts with one is sentence debris ("Law on are still under consideration").
_TOPIC_STOP = (
    r"is|are|was|were|be|been|being|has|have|had|will|would|shall|should|can|could|may|must"
    r"|which|that|who|whose|where|when|while|as|after|before|since|until|during|at|into|now|also"
    r"|then|today|yesterday|by|with|among|including|amid|following|because|its|their|it|they"
    r"|and\s+(?:the\s+|its\s+)?(?:accompanying|related|concomitant|companion)\b|in\s+line\s+with"
    r"|and\s+(?:the|a|an)\s+(?:bill|law|draft)|and\s+(?:the\s+)?(?:[\w-]+\s+){1,3}codes?\b"
    r"|he|she|we|this|these|those|said|says|from\s+the\s+President|last|next"
    # "..., crime prevention, added Koshanov": the reporting clause after a list
    r"|added|adds|noted|notes|stated|states|stressed|emphasized|emphasised|explained|told|reported"
    r"|according|announced|informed|cites|cited|writes|wrote"
    # "the law on subsidies for 2026 sets the amounts": the verb of which the title is subject
    r"|sets|provides|envisages|stipulates|aims|allows|introduces|establishes|regulates|defines"
    r"|includes|requires|gives|grants|obliges|contains|passed|adopted|approved|signed|ratified"
    r"|on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|\d)"
    r"|in\s+(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|\d{4})\b"
    r"|in\s+(?:the\s+)?(?:first|second|third|final|1st|2nd|3rd)|and\s+(?:sent|adopted|approved|signed|returned"
    r"|passed|considered|submitted|will|is|are|was|were|has|have|had|also|then|the\s+Senate"
    r"|the\s+Mazhilis|senators|deputies)|to\s+(?:the\s+)?(?:Senate|Mazhilis|Majilis|Kurultai|Government"
    r"|President|Head|Parliament|state\s+and)"
    r"|(?:back\s+)?to\s+(?:its|their)\s+(?:initiators|authors|developers)|to\s+be"
    r"|to\s+(?:carry|implement|help|make)"
)
_TOPIC_WORD = r"[\w'’-]+(?:/\d+)?"  # "for 2026/28"
# "the law on the republican budget for 2023-2025", "a bill on state control over university
# endowment funds", "a draft law on Mass-media", "the bill on the Human Rights Commissioner",
# "laws on public procurement and on science and technology policy", "amendments on ensuring
# women's rights and the safety of children", "the law banning payments to foreign athletes"
_TOPIC_LAW = re.compile(
    r"(?<![\w-])(?P<kind>(?:draft\s+)?(?:constitutional\s+)?(?:laws?|bills?)|(?:legislative\s+)?amendments)"
    r"\s+(?P<verb>on|banning|toughening|tightening|protecting|regulating|introducing|concerning"
    r"|regarding|amending|establishing|providing\s+for|that\s+(?:would\s+)?(?:ban|bans|bar|bars|prohibits?|restricts?|gives|give"
    r"|toughens?|tightens?|introduces?|protects?|regulates?|allows?|makes?|sets?|creates?"
    # "a bill that would criminalize domestic violence"
    r"|(?:de)?criminali[sz]es?|raises?|lowers?|requires?|obliges?|limits?|expands?|extends?"
    r"|abolish(?:es)?|grants?|increases?|reduces?|imposes?|strengthens?|outlaws?|legali[sz]es?))"
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
# "the Water Code and the accompanying amendments to legislative acts", "the Law on Grain along
# with the related draft law on amendments": a second bill, named by the one it goes with (a law
# and its accompanying amendments are two bills).
_ACCOMPANYING = re.compile(
    r"\b(?:accompanying|related|concomitant|companion)\s+(?:draft\s+)?(?:laws?|bills?|amendments)"
    r"(?:\s+on\s+(?:amendments|changes)(?:\s+and\s+additions)?)?(?:\s+to\s+(?:some\s+|certain\s+)?"
    r"legislative\s+acts)?\b(?!\s+(?:on|to|regarding|concerning)\b)",
    re.I,
)
_NO_CONTENT = frozenset({"concerns", "questions", "doubts", "fears", "criticism", "eyebrows",
                         "controversy", "debate", "objections"})
_ACCOMPANYING_WORD = re.compile(r"accompanying|related|concomitant|companion")
_WEAK_TOPIC = frozenset(
    {"the", "a", "an", "it", "them", "this", "that", "which", "time", "its", "their", "his", "her"}
)


def _law_title(words: str) -> str:
    return f"On {words.strip()}"


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
    if verb.lower() != "on" and words[0].lower() in _NO_CONTENT:
        return None  # "a law that raises concerns": what people think of it, not what it does
    # A bare year or number is no topic ("law on 2023"), nor are amendments in general ("the
    # related draft law on amendments": see ``_ACCOMPANYING``).
    if not re.search(r"[A-Za-z]{3,}", topic) or re.fullmatch(
        r"(?i:(?:the\s+)?(?:amendments|changes)(?:\s+and\s+(?:additions|amendments))?(?:\s+to\s+"
        r"(?:some\s+|certain\s+)?legislative\s+acts)?)", topic
    ):
        return None
    head = "Amendments" if "amendment" in kind_word.lower() else "Law"
    if verb.lower() == "on":
        return f"{head} on {topic}"
    return f"{head} {verb.lower()} {topic}"


# Every rule needs one of these words (or a quoted title): most sentences name no bill.
_MAYBE_BILL = re.compile(
    r"(?i:code|law|bill|amendment|convention|agreement|treaty|protocol|amnesty|budget)|[\"“«]|(?<!\w)'"
)


def find_bills(sentence: str) -> list[BillHit]:
    if not _MAYBE_BILL.search(sentence):
        return []
    hits: list[BillHit] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def add(start: int, end: int, title: str | None, kind: str, cited: bool = False) -> None:
        if title and free(start, end) and all(h.title != title for h in hits):
            hits.append(BillHit(start, end, title, kind, cited))

    def each(pattern: re.Pattern[str], read: Callable[[re.Match[str]], None],
             claim: bool = True) -> None:
        # ``claim=False``: a match that names no bill leaves its words to the rules after it
        # ("the related draft law on amendments" is no topic, but an accompanying bill)
        for match in pattern.finditer(sentence):
            if free(*match.span()):
                count = len(hits)
                read(match)
                if claim or len(hits) > count:
                    taken.append(match.span())

    def amended(match: re.Match[str]) -> bool:
        # "which amends the Land Code", "Under the amendments to the Criminal Code": the code is
        # what a bill changes, not itself a bill at a stage.
        return bool(_AMENDED.search(sentence[: match.start()]))

    def code_list(match: re.Match[str]) -> None:
        for part in re.split(r"\s*,\s*|\s+and\s+|\s+as\s+well\s+as\s+", match.group(1)):
            part = re.sub(r"^(?:the|and)\s+", "", part.strip())
            add(match.start(), match.end(), _code_title(part.title()), "code")

    listed: list[int] = []  # where the last quoted title ended, for lists of them

    def quoted(match: re.Match[str]) -> None:
        # 'the draft laws "On Government Procurement", "On Mass Media" and "On Heat Power
        # Energy"': a law word shortly before, or the list it continues.
        title = " ".join(match.group("title").split()).rstrip(".,")
        before = sentence[: match.start()]
        keywords = list(_LAW_KEYWORD.finditer(before))
        right_after = _RIGHT_AFTER_LAW.search(before)
        in_list = bool(listed) and re.fullmatch(
            r"\s*(?:,|and|,\s*and)\s*", sentence[listed[-1] : match.start()]
        )
        if right_after and right_after.group("on") and not title.startswith("On "):
            title = f"On {title}"  # 'the draft law on "Mass-media"'
        if title.startswith("On ") and keywords and (
            match.start() - keywords[-1].end() < 40 or in_list
        ):
            kind = _bill_kind(keywords[-1].group())
        elif (right_after or in_list) and keywords and len(title.split()) <= 8:
            kind = _bill_kind(keywords[-1].group())  # 'the law “Kazakhstan’s Ethnic Assembly”'
        else:
            return
        end = match.end("title") + 1
        add(match.start(), end, title, kind)
        taken.append((match.start(), end))
        listed.append(end)

    def amendments_to(match: re.Match[str]) -> None:
        code = match.group("code")
        kind = "constitutional law" if code == "Constitution" else "code"
        if match.group("whose") or match.group("by"):
            add(match.start(), match.end(), code, kind)  # changes made to the code's own bill
            return
        others = " and other laws" if match.group("others") else ""
        add(match.start(), match.end(), f"Amendments to the {code}{others}",
            "constitutional law" if code == "Constitution" else "draft law")

    def amending_law(match: re.Match[str]) -> None:
        title = " ".join(match.group("title").split())
        about = " ".join(match.group("about").split())
        # "..., transport, and logistics, the press office said": the list ends at the report
        about = re.split(r",\s+(?=(?:the|a|an|he|she|they|it|which|who|according|as|said|reports?)"
                         r"\b)", about)[0]
        about = re.sub(r"[\s,]+$", "", about)
        add(match.start(), match.end(), f"Law {title} {about}", _bill_kind(match.group("kind")))

    def law_about_law(match: re.Match[str]) -> None:
        outer = " ".join(sentence[match.start("verb") : match.end()].split())
        add(match.start(), match.end(), f"Law {outer[0].lower()}{outer[1:]}",
            _bill_kind(match.group("kind")))
        inner = match.group("inner")
        words = re.sub(r"^(?:Constitutional\s+)?Law\s+(?:of\s+the\s+Republic\s+of\s+Kazakhstan\s+)?on\s+",
                       "", inner)
        add(match.start("inner"), match.end("inner"), _law_title(words),
            "constitutional law" if inner.startswith("Constitutional") else "law", cited=True)

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

    # Rules whose word is missing from the sentence are not run (most sentences name no code,
    # no amnesty, no legislative acts): extraction speed.
    low = sentence.lower()
    codes = "code" in low
    if "legislative" in low:
        each(AMENDING_LAW, amending_law)
    if "Law " in sentence:
        each(LAW_ABOUT_LAW, law_about_law)
    if "amendment" in low:
        each(_AMENDMENTS_TO, amendments_to)
    if "amnesty" in low:
        each(AMNESTY, lambda m: add(
        m.start(), m.end(),
        f"Law on amnesty on the {m.group('occasion')}" if m.group("occasion") else
        "Law on additional amnesty" if "additional" in m.group("kind").lower() else "Law on amnesty",
            _bill_kind(m.group("kind"))))
    if "budget" in low:
        each(BUDGET_CHANGE, lambda m: add(
            m.start(), m.end(),
            f"Law on the adjustment of the republican budget for {m.group('year')}", "law"))
    if "codes" in low:
        each(_CODE_LIST_AFTER, code_list)
        each(_CODE_LIST_BEFORE, code_list)
        each(_CODE_LIST_LOWER, code_list)
    if codes:
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
            m.start(), m.end(), _law_title(m.group(2)),
            "constitutional law" if m.group(1) else "law",
        ),
    )
    each(_TOPIC_LIST, topic)
    each(_TOPIC_LAW, topic, claim=False)
    each(_TOPIC_AFTER_COMMA, topic)

    def accompanying(match: re.Match[str]) -> None:
        named = [h for h in hits if h.end <= match.start() and not h.cited]
        if named and not _COUNTED.search(sentence[: match.start()]):
            main = max(named, key=lambda h: h.end)
            name = (f"{main.kind.capitalize()} “{main.title}”" if main.title.startswith("On ")
                    else main.title)
            add(match.start(), match.end(), f"Amendments accompanying the {name}", "draft law")

    if hits and _ACCOMPANYING_WORD.search(low):
        each(_ACCOMPANYING, accompanying)
    return sorted((amending(sentence, h) for h in hits), key=lambda h: h.start)
