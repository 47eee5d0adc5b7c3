"""Offices in a sentence, and which person each is said of, with what happened and when.

Two steps. ``find_titles`` reads every way English news writes an office ("Minister of Energy",
"energy minister", "Senate Speaker", "head of the statistics agency", "Deputies"), each folded into
one canonical office. ``relate`` then gives each office to the person it is said of and reads what
the sentence says happened: taken up ("start"), left ("end"), held before ("former"), or held
("seen"), with the date the text gives for it, else none invented.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core import gazetteer as gz
from bot.core.dates import DatePhrase
from bot.core.extraction.names import NameHit, Person, Subjects, find_names
from bot.core.extraction.results import Change, PositionSighting
from bot.core.models import PartialDate

# --------------------------------------------------------------------------- finding titles

_HEADS = {
    "chairman": "Chairman", "chairwoman": "Chairman", "chairperson": "Chairman",
    "chair": "Chairman", "chairmen": "Chairman", "speaker": "Speaker", "minister": "Minister",
    "ministers": "Minister", "akim": "Akim", "akims": "Akim", "head": "Head", "heads": "Head",
    "director": "Director", "secretary": "Secretary", "commissioner": "Commissioner",
    "ambassador": "Ambassador", "governor": "Governor", "prosecutor": "Prosecutor",
    "judge": "Judge", "judges": "Judge", "rector": "Rector", "mayor": "Mayor",
    "deputy": "Deputy", "deputies": "Deputy", "member": "Member", "members": "Member",
    "leader": "Leader", "adviser": "Adviser", "advisor": "Adviser", "aide": "Aide",
    "assistant": "Assistant", "chief": "Chief", "representative": "Representative",
    "envoy": "Envoy", "secretary-general": "Secretary-General",
}
_HEAD = "|".join(sorted(_HEADS, key=len, reverse=True))
_MOD = r"(?i:(?:first|deputy|vice|acting|executive|permanent|interim)[ -]+)*"
_LOWER_ORG = "|".join(sorted(gz.ORGANISATION_LOWER_WORDS, key=len, reverse=True))
_NOT_ORG = (
    r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March"
    r"|April|May|June|July|August|September|October|November|December|He|She|It|They|This"
    r"|The|In|On|At|By)\b)"
)
_ORG_WORD = rf"(?:{_NOT_ORG}[A-Z][\w'-]*|(?:{_LOWER_ORG})(?![\w-]))"
# Words between an organisation's words: "Committee on Legislation and Judicial-Legal Reform",
# "Committee on Foreign Relations, Defence and Security" (a comma only inside such a list, so that
# "Chairman of the Nur Otan Party, First President" stays two offices).
_ORG_JOIN = (
    rf"(?:(?<='s)\s+(?:[a-z-]+\s+){{0,2}}(?=(?:{_LOWER_ORG})\b)"
    r"|\s+(?:and|of|for|on|to|in)\s+(?:the\s+)?|\s+the\s+|\s+"
    r"|\s*,\s*(?=(?:[A-Z][\w-]*\s+){1,3}and\s))"
)
# At most a dozen words: an organisation's name is never longer, and an unbounded repeat would
# make a hostile run of capitalised words cost time quadratic in its length.
_ORG = rf"(?:the\s+)?{_ORG_WORD}(?:{_ORG_JOIN}{_ORG_WORD}){{0,12}}"
_PORTFOLIO = "|".join(sorted(gz.MINISTRY_PORTFOLIOS, key=len, reverse=True))
_BODY_FIRST = {
    "senate": "the Senate", "mazhilis": "the Mazhilis", "majilis": "the Mazhilis",
    "majlis": "the Mazhilis", "cec": "the Central Election Commission",
    "supreme court": "the Supreme Court", "constitutional court": "the Constitutional Court",
    "security council": "the Security Council", "national bank": "the National Bank",
    "government": "the Government",
}
_FIXED = "|".join(
    sorted((re.escape(k) for k in {*gz.OFFICE_SYNONYMS, *gz.PLAIN_TITLES}), key=len, reverse=True)
)

_TITLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "Minister of Energy", "vice minister of ecology", "akim of East Kazakhstan region",
    # "Assistant to the President for international affairs", "ambassador to Russia"
    (
        "generic",
        re.compile(
            rf"\b{_MOD}(?i:{_HEAD})(?:\s+for\s+life|\s+Extraordinary\s+and\s+Plenipotentiary)?"
            rf"\s+(?:of|for|on|to)\s+{_ORG}"
        ),
    ),
    # "energy minister", "Foreign Minister", "culture and information minister"
    ("portfolio", re.compile(rf"\b{_MOD}(?i:(?P<portfolio>{_PORTFOLIO}))\s+(?i:ministers?)")),
    # "Senate Speaker", "CEC Deputy Chairman", "Majilis deputies", "Supreme Court judges"
    (
        "body",
        re.compile(
            rf"(?P<body>(?i:{'|'.join(_BODY_FIRST)}))\s+(?P<rest>{_MOD}"
            r"(?i:speaker|chairman|chairwoman|chairperson|chair|deputy|deputies|judges?|members?"
            r"|head|governor))"
        ),
    ),
    # "Prime Minister", "State Counsellor", "Senator", "Deputy Prime Minister"
    ("fixed", re.compile(rf"\b{_MOD}(?i:{_FIXED})")),
    # "Deputies Darkhan Mynbai and Sauytbek Abdrakhmanov": only before a name (see ``relate``)
    ("bare", re.compile(rf"\b{_MOD}(?i:deputies|deputy|senators?|ministers?|judges?)")),
    # "chaired the Senate Committee on ...", "has also headed the statistics agency", "leads the
    # ruling Nur Otan party", "appointed to head the ministry", "put in charge of the ..."
    (
        "verbal",
        re.compile(
            r"\b(?P<verb>(?:to\s+)?(?:chair(?:ed|s|ing)?|head(?:ed|s|ing)?|le(?:d|ads?|ading)"
            r"|r(?:an|uns?|unning)|put\s+in\s+charge\s+of|in\s+charge\s+of))\s+"
            rf"(?P<org>(?:the\s+)?(?:ruling\s+)?{_ORG})"
        ),
    ),
    # "the Ak Zhol faction led by Azat Peruashev", "will now be led by Yermek Kosherbayev"
    (
        "passive",
        re.compile(
            rf"\b(?P<org>(?:the\s+)?{_ORG})\s+(?:will\s+now\s+be\s+|is\s+|was\s+)?"
            r"(?P<verb>led|headed|chaired)\s+by(?=\s+[A-Z])"
        ),
    ),
)


# A name needs two capitalised words in a row (or an initial and a surname).
_TWO_CAPITALS = re.compile(r"[A-Z][\w'-]*\.?\s*[A-Z][a-z]")
# Words each costly pattern cannot match without (lower case, as substrings: a superset test
# that is much cheaper than trying the pattern at every word of every sentence).
_CUES: dict[str, tuple[str, ...]] = {
    "generic": tuple(_HEADS),
    "portfolio": ("minister",),
    "body": tuple(_BODY_FIRST),
    "verbal": ("chair", "head", "lead", "led", "ran", "run", "charge"),
    "passive": ("led by", "headed by", "chaired by"),
    "fixed": (
        "president", "prime", "premier", "speaker", "ombudsman", "commissioner", "prosecutor",
        "secretary", "counsel", "senator", "mp", "head", "chief", "diplomat", "chairman", "cec",
        "minister", "deputy",
    ),
    "bare": ("deput", "senator", "minister", "judge"),
}


@dataclass
class TitleHit:
    start: int
    end: int
    title: str
    bare: bool = False  # a head alone ("Deputies"): an office only when a name follows
    former: bool = False  # "former Prime Minister", "ex-speaker"
    kind: str = "generic"  # which pattern read it ("verbal": "chaired the ...", "passive")


_TRAILING_ORG = re.compile(
    r"\s+(?:of|in)\s+(?:the\s+)?(?:Parliament|Republic of Kazakhstan|Kazakhstan|RK)$"
)
_SMALL = frozenset({"of", "for", "on", "and", "the", "to", "in"})


def canonical_title(written: str) -> str:
    """ "chairperson of the Senate of the Parliament" -> "Chairman of the Senate";
    "first vice minister of national economy" -> "First Vice Minister of National Economy"."""
    words = written.replace("–", " ").split()
    folded = []
    for word in words:
        lower = word.lower()
        canon = _HEADS.get(lower) or gz.HEAD_CANONICAL.get(lower)
        if canon:
            folded.append(canon)
        elif lower in _SMALL:
            folded.append(lower)
        else:
            folded.append(word[0].upper() + word[1:])
    title = " ".join(folded)
    while True:
        trimmed = _TRAILING_ORG.sub("", title)
        if trimmed == title:
            break
        title = trimmed
    # Modifiers stay in front of the office they modify: "Deputy" + "Speaker of the Senate".
    mods = re.match(r"((?:(?:First|Deputy|Vice|Acting|Executive|Interim)\s+)*)(.*)", title)
    assert mods is not None
    prefix, base = mods.group(1), mods.group(2)
    known = gz.OFFICE_SYNONYMS.get(base.lower()) or gz.PLAIN_TITLES.get(base.lower())
    if known and not gz.OFFICE_SYNONYMS.get(title.lower()) and not gz.PLAIN_TITLES.get(
        title.lower()
    ):
        return prefix + known
    return gz.OFFICE_SYNONYMS.get(title.lower(), gz.PLAIN_TITLES.get(title.lower(), title))


# An organisation's head noun: what "the commission" or "the ministry" later refers to.
_ORG_NOUN = re.compile(
    r"\b(ministry|committee|commission|agency|court|council|administration|government|party"
    r"|faction|group|holding|service|office|senate|mazhilis|majilis|chamber|akimat|bank|fund"
    r"|region|city|district|oblast)\b",
    re.I,
)
_LEADER_NOUNS = frozenset({"party", "faction"})


def _verbal_title(verb: str, org: str, orgs: dict[str, str]) -> str | None:
    """ "chaired the Senate Committee on X" -> "Chairman of the Senate Committee on X";
    "to head the ministry" -> the ministry the article named last ("Minister of ...")."""
    org = re.sub(r"^(?:the\s+)?(?:ruling\s+)?", "the ", org.strip())
    nouns = _ORG_NOUN.findall(org)
    if not nouns:
        return None
    noun = nouns[-1].lower()
    if org.lower() == "the government":
        return "Prime Minister" if "chair" not in verb.lower() else None
    if re.fullmatch(r"the\s+[a-z]\w*", org):
        # "the ministry", "the court": the one the article named before, else not an office
        if noun not in orgs:
            return None
        org = orgs[noun]
    ministry = re.fullmatch(r"the\s+(?:Ministry\s+of\s+(?P<of>.+)|(?P<p>[\w ]+?)\s+ministry)", org,
                            re.I)
    if ministry:
        portfolio = ministry.group("of") or gz.MINISTRY_PORTFOLIOS.get(
            (ministry.group("p") or "").lower(), ""
        )
        if portfolio:
            return f"Minister of {portfolio}"
    verb = verb.lower()
    if noun in {"region", "city", "district", "oblast"}:
        return f"Akim of {org.removeprefix('the ')}"  # "led the region": its akim
    if "chair" in verb:
        head = "Chairman"
    elif noun in _LEADER_NOUNS:
        head = "Leader"
    else:
        head = "Head"
    return f"{head} of {org}"


# "the Region", "the Ministry": an organisation named only by its kind, which refers back.
_BARE_ORG = re.compile(r"the\s+(?:" + _ORG_NOUN.pattern[3:-3] + r")", re.I)


def _resolve_bare_org(title: str, orgs: dict[str, str]) -> str:
    """ "First Deputy Akim of the Region" -> "First Deputy Akim of Almaty Region" when the
    article named the region before."""
    match = re.search(r"\bof\s+(the\s+\w+)$", title)
    if match and _BARE_ORG.fullmatch(match.group(1)):
        named = orgs.get(match.group(1).split()[-1].lower())
        if named:
            return title[: match.start(1)] + named
    return title


def _remember(orgs: dict[str, str], title: str) -> None:
    """Keep the organisation of an office, for "the commission" or "the ministry" later on."""
    minister = re.fullmatch(r"(?:(?:First|Deputy|Vice|Acting)\s+)*Minister of (.+)", title)
    if minister:
        orgs["ministry"] = f"the Ministry of {minister.group(1)}"
        return
    org = re.search(r"\bof\s+((?:the\s+)?[A-Z].+)$", title)
    if org and not _BARE_ORG.fullmatch(org.group(1)):
        for noun in _ORG_NOUN.findall(org.group(1)):
            orgs[noun.lower()] = org.group(1)


def _bare_title(written: str, chamber: str | None) -> str | None:
    """ "Deputies A and B" in an article about the Mazhilis are its deputies; "Vice Minister X"
    stays as written. Without a chamber, a bare "deputy" is no office."""
    lower = written.lower()
    if re.fullmatch(r"deput(?:y|ies)", lower):
        return {"mazhilis": "Deputy of the Mazhilis", "senate": "Senator"}.get(chamber or "")
    if re.fullmatch(r"senators?", lower):
        return "Senator"
    if re.fullmatch(r"(?:ministers?|judges?)", lower):
        return None
    return written


def _written_title(kind: str, match: re.Match[str]) -> str:
    written = match.group()
    if kind == "generic":
        return re.sub(r"\s+for\s+life\b", "", written, flags=re.I)
    if kind == "portfolio":
        portfolio = gz.MINISTRY_PORTFOLIOS[match.group("portfolio").lower()]
        mods = written[: match.start("portfolio") - match.start()]
        return f"{mods}Minister of {portfolio}"
    if kind == "body":
        body = _BODY_FIRST[" ".join(match.group("body").lower().split())]
        rest = match.group("rest")
        if rest.lower() in {"deputy", "deputies"}:
            return f"Deputy of {body}"
        return f"{rest} of {body}"
    return written


def find_titles(
    sentence: str, chamber: str | None = None, orgs: dict[str, str] | None = None
) -> list[TitleHit]:
    """The offices a sentence names. ``chamber`` is the one the article is about (for a bare
    "Deputies"); ``orgs`` remembers the organisations named so far (for "the ministry")."""
    orgs = {} if orgs is None else orgs
    candidates: list[tuple[int, int, str, str]] = []
    lower = sentence.lower()
    for kind, pattern in _TITLE_PATTERNS:
        if not any(word in lower for word in _CUES[kind]):
            continue  # the pattern cannot match: spare the regex its backtracking
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if start > 0 and (sentence[start - 1].isalnum() or sentence[start - 1] == "-"):
                continue
            if end < len(sentence) and (sentence[end].isalnum() or sentence[end] == "-"):
                continue
            written: str | None
            if kind in {"verbal", "passive"}:
                written = _verbal_title(match.group("verb"), match.group("org"), orgs)
            elif kind == "bare":
                written = _bare_title(match.group(), chamber)
            else:
                written = _written_title(kind, match)
            if written:
                candidates.append((start, end, kind, written))
    # The longest reading wins where readings overlap.
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    hits: list[TitleHit] = []
    for start, end, kind, written in candidates:
        if hits and start < hits[-1].end:
            continue
        if kind == "generic" and _TWO_CAPITALS.search(written):
            # "Chairman of the Senate Maulen Ashimbayev": the organisation's words run into the
            # name. Cut the title where a name begins.
            for name in find_names(written):
                if name.start > 0 and name.given is not None:
                    written = written[: name.start].rstrip(" ,")
                    end = start + len(written)
                    break
        if not written.strip():
            continue
        before = sentence[:start]
        former = bool(re.search(r"\b(?:former|ex-?)\s*$|\bex-$", before, re.I))
        title = _resolve_bare_org(canonical_title(written), orgs)
        hits.append(TitleHit(start, end, title, kind == "bare", former, kind))
        _remember(orgs, title)
    return hits


ROLE = re.compile(
    r"\b(?:the\s+|[Tt]he\s+)("
    + "|".join(re.escape(k) for k in sorted(gz.ROLE_REFERENCES, key=len, reverse=True))
    + r")\b",
    re.I,
)

# --------------------------------------------------------------------------- who holds it

# "relieved Murat Nurtleu of the post of", "was dismissed", "resigned as"
_RELEASE = re.compile(
    r"\b(?:releas\w*|reliev\w*|dismiss\w*|remov\w*|resign\w*|step\w* down|fired"
    r"|sacked|ousted|until now|until recently|left the post)\b",
    re.I,
)
# "has been appointed", "was elected", "put forward his candidacy", "became", "takes over"
_APPOINT = re.compile(
    r"\b(?:appoint\w*|reappoint\w*|re-appoint\w*|candidacy|candidature|put forward|re-?elected"
    r"|elected|named|took office|assumed|became|becomes|nominated|proposed|approved the appointment"
    r"|takes? over|took over|new|newly)\b",
    re.I,
)
# "previously", "earlier he was", "after serving as", "Before that", "had headed"
_FORMER = re.compile(
    r"(?:^|[,;]\s*|\b(?:and|but)\s+)earlier\b|\bearlier\s+(?:he|she)\b"
    r"|\b(?:previously|formerly|before that|prior to (?:that|this)|in the past|once"
    r"|after serving|had served|served|worked|used to be|had headed|had led|ex-)\b"
    r"|^\s*Before\b",
    re.I,
)
# Words that join a person to an office later in the sentence: "X was ...", "X served as ...".
_LINK = re.compile(
    r"\b(?:is|was|has been|had been|have been|been|be|becomes?|became|serves?|served|serving"
    r"|works?|worked|working|acts?|acted|as|appointed|re-?appointed|elected|re-?elected|named"
    r"|nominated|post|position|office|role|duties|remains?|remained|took over|takes? over"
    r"|kept|until now|previously|formerly|returns?|returned|moved|heads?|headed"
    r"|leads?|led)\b",
    re.I,
)
# Words after which the office is not the earlier person's: another clause, another speaker.
_BLOCK = re.compile(
    r"\b(?:who|whom|whose|which|while|whereas|but|said|says|told|noted|stressed|announced"
    r"|reported|met|meets|received|receives|thanked|instructed|signed|visited|with|when)\b"
    r"|[;:\"“”]",
    re.I,
)
_APPOSITION = re.compile(
    r"\s*(?:,|\(|–|—|-)\s*(?:\d{2}\s*,\s*)?(?:the\s+|a\s+|an\s+)?"
    r"(?:(?:new|newly appointed|newly elected|current|incumbent|then|acting)\s+)?"
    r"(?:Kazakhstan's\s+|Kazakh\s+|Kazakhstani\s+)?",
    re.I,
)
_CAPITALISED_PAIR = re.compile(r"\b([A-Z][a-z]+)\s+([A-Z][a-z]+)\b")
_OBJECT_PRONOUN = re.compile(r"\b(?:him|her)\b")
# "he", "she", and the descriptions news uses for the person just named ("the 56-year-old
# politician chaired ...").
_SUBJECT_PRONOUN = re.compile(
    r"\b(?:he|she|He|She)\b|\b[Tt]he\s+(?:\d+-year-old\s+)?(?:politician|official|diplomat"
    r"|lawmaker|economist|lawyer)\b"
)
_COORDINATED = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)\s*$")
# "Her candidacy was put forward by President X", "the daughter of the first president": an
# office after a preposition is the agent or a complement, not what the sentence says happened.
_OBJECT_OF_PREPOSITION = re.compile(
    r"(?<!post )(?<!position )(?<!office )(?<!role )(?<!duties )"
    r"\b(?:of|by|from|to|with|for|at)\s+(?:the\s+)?(?:[A-Z]\w+'s\s+)?$",
    re.I,
)


def _group(names: list[tuple[NameHit, Person]], index: int, sentence: str,
           forward: bool) -> list[Person]:
    """The person at ``index`` and those coordinated with it ("A, B and C")."""
    group = [names[index][1]]
    joins: list[str] = []
    i = index
    while True:
        j = i + 1 if forward else i - 1
        if not 0 <= j < len(names):
            break
        left, right = (names[i][0], names[j][0]) if forward else (names[j][0], names[i][0])
        join = sentence[left.end : right.start]
        if not re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+)\s*", join):
            break
        group.append(names[j][1])
        joins.append(join)
        i = j
    # A list ends with "and" ("A, B and C"); "Tokayev, Nurzhigitov was appointed" is no list.
    if joins and "and" not in (joins[-1] if forward else joins[0]):
        return group[:1]
    return group


@dataclass
class _Link:
    people: list[Person]
    anchor: int  # where the person (or "he", or the office when it comes first) stands
    title_first: bool = False


def _unread_name(gap: str) -> bool:
    """Two capitalised words in a row that are no organisation: a name the name finder could not
    read ("appointed Yuri Ilyin Minister"), so an office after it is not the earlier person's."""
    for match in _CAPITALISED_PAIR.finditer(gap):
        if not {match.group(1), match.group(2)} & gz.NOT_NAME_WORDS:
            return True
    return False


def _holder(
    sentence: str,
    title: TitleHit,
    titles: list[TitleHit],
    names: list[tuple[NameHit, Person]],
    subjects: Subjects,
    previous: tuple[TitleHit, _Link] | None,
) -> _Link | None:
    before = sentence[: title.start]
    # "Minister of Energy Almasadam Satkaliyev", "Deputies A and B", "Chairman of the Senate,
    # Maulen Ashimbayev," (but not "By the Decree of the Head of State, Aidar X has been ...").
    for index, (hit, _person) in enumerate(names):
        if hit.start < title.end:
            continue
        # "Chairman of the Nur Otan Party, First President Nursultan Nazarbayev": offices in a
        # row before one name are all that person's.
        gap = sentence[title.end : hit.start]
        for other in titles:
            if title.end <= other.start and other.end <= hit.start:
                gap = gap.replace(sentence[other.start : other.end], "", 1)
        if re.fullmatch(r"\s*", gap) or (
            re.fullmatch(r"[\s,–—-]*(?:and\s+)?", gap)
            and not _OBJECT_OF_PREPOSITION.search(before)
            and not title.bare
        ):
            # "Deputy Prime Minister and Foreign Minister Murat Nurtleu", "Deputy Prime Minister –
            # Minister of National Economy Serik Zhumangarin": both are his.
            return _Link(_group(names, index, sentence, True), title.start, title_first=True)
        break
    if title.bare:
        return None
    # "Deputy Prime Minister – Minister of Foreign Affairs": one person, two offices.
    if previous is not None and re.fullmatch(
        r"\s*(?:[–—-]|and)\s*", sentence[previous[0].end : title.start]
    ):
        return previous[1]
    preceding = [(i, h) for i, (h, _p) in enumerate(names) if h.end <= title.start]
    pronoun = None
    for match in _SUBJECT_PRONOUN.finditer(before):
        pronoun = match
    objects = list(_OBJECT_PRONOUN.finditer(before))
    verbal = title.kind == "verbal"
    if preceding:
        index, hit = preceding[-1]
        # "Toqaev, who until then chaired the Senate": the relative clause is about him.
        gap = re.sub(r"^\s*,\s*who\b", " ", sentence[hit.end : title.start])
        if pronoun is None or pronoun.start() < hit.start:
            # "Kosherbayev Yermek Bedelbayevich Minister of ..."; "Daniyar Beisenov, the new
            # energy minister"; "Yerzhan Kazykhan, until now Assistant to the President"
            if re.fullmatch(r"\s*", gap) or _APPOSITION.fullmatch(gap):
                return _Link(_group(names, index, sentence, False), hit.start)
            # "Smailov, 49, had been acting head of government"; "elected A and B deputy
            # chairmen of the Majilis"; "appointed him Assistant to the President"
            if (
                len(gap) <= 120
                and not _OBJECT_OF_PREPOSITION.search(gap)
                and (verbal or _LINK.search(gap))
                and not _BLOCK.search(gap)
                and not _unread_name(gap)
            ):
                if objects and objects[-1].start() > hit.end:
                    return _Link([names[index][1]], hit.start)
                return _Link(_group(names, index, sentence, False), hit.start)
    # "Earlier he was finance minister"; "Since 2019 she has been working as ..."; "Suleimenova
    # was appointed minister in January; before that she worked as vice minister"
    subject = None
    if pronoun is not None:
        here = [p for _h, p in names if _h.end <= pronoun.start()]
        subject = subjects.resolve(pronoun.group(), here) if here else None
        subject = subject or subjects.resolve(pronoun.group())
    if pronoun is not None and subject is not None:
        gap = before[pronoun.end() :]
        if len(gap) <= 120 and (verbal or _LINK.search(gap)) and not _BLOCK.search(gap):
            return _Link([subject], pronoun.start())
    return None


def _dates_near(
    sentence: str, start: int, end: int, phrases: Sequence[DatePhrase]
) -> tuple[PartialDate | None, PartialDate | None, PartialDate | None]:
    """What the words around an office date: a start ("since January 5", "from May 2020"), an
    end ("to June 2023") and a plain date ("in January 2012") within [start, end)."""
    since = until = plain = None
    for phrase in phrases:
        if not start <= phrase.start < end:
            continue
        lead = (sentence[max(0, phrase.start - 12) : phrase.start] + phrase.phrase).lower()
        if re.search(r"\b(?:since|from)\s+", lead):
            since = since or phrase.date
        elif re.search(r"\b(?:to|until|till)\s+", lead):
            until = until or phrase.date
        else:
            plain = plain or phrase.date
    return since, until, plain


_CLAUSE_JOINT = re.compile(r";|\band\s+(?=earlier|later|then|previously|before|also)|\bbut\b", re.I)


def _last_change(text: str) -> Change | None:
    """What the words nearest the office say happened: "release X from the post of A and
    appoint her B" ends A and starts B."""
    found: list[tuple[int, Change]] = []
    rules: tuple[tuple[Change, re.Pattern[str]], ...] = (
        ("end", _RELEASE), ("start", _APPOINT), ("former", _FORMER)
    )
    for change, pattern in rules:
        found.extend((m.end(), change) for m in pattern.finditer(text))
    return max(found)[1] if found else None


def _clause_end(sentence: str, title: TitleHit, titles: list[TitleHit],
                names: list[tuple[NameHit, Person]]) -> int:
    """Where the office's own clause ends: at the next office, person or clause break."""
    ends = [len(sentence)]
    ends += [t.start for t in titles if t.start >= title.end]
    ends += [h.start for h, _p in names if h.start >= title.end]
    stop = re.compile(r";|,\s+(?:and|while|but|when)\b|\s+and\s+(?=he|she|from|in|since)|,\s+"
                      r"(?:who|which)\b", re.I)
    match = stop.search(sentence, title.end)
    if match:
        ends.append(match.start())
    return min(ends)


def relate(
    sentence: str,
    names: list[tuple[NameHit, Person]],
    titles: list[TitleHit],
    subjects: Subjects,
    date: PartialDate | None,
    phrases: Sequence[DatePhrase] = (),
) -> None:
    """Attach each office in the sentence to the person(s) it is said of, with what happened.

    ``subjects`` tells whom "he" or "she" means. What happened is told
    by the words nearest before the office; when, by the dates of the office's own clause.
    """
    previous: tuple[TitleHit, _Link] | None = None
    for title in titles:
        link = _holder(sentence, title, titles, names, subjects, previous)
        if link is None:
            continue
        previous = (title, link)
        words_before = sentence[max(0, min(link.anchor, title.start - 60) - 50) : title.start]
        marker = _last_change(words_before)
        if title.kind == "verbal":
            # "who headed the Presidential Administration, has been appointed ...": a simple past
            # is a post held before; "to head the ministry" is one taken up; "heads" is held.
            verb = sentence[title.start : title.start + 12].lower()
            if verb.startswith("to "):
                marker = "start"
            elif re.match(r"(?:chaired|headed|led|ran)\b", verb) and not re.search(
                r"\b(?:has|have)\s+(?:also\s+)?$", sentence[: title.start]
            ):
                marker = "former"
        if link.title_first and _OBJECT_OF_PREPOSITION.search(sentence[: title.start]):
            marker = "former" if title.former else None
        window = max(0, min(link.anchor, title.start) - 25)
        # "had led the region since 2019 and earlier served as energy minister": the "since"
        # belongs to the clause before the "and".
        for joint in _CLAUSE_JOINT.finditer(sentence, window, title.start):
            if joint.start() > link.anchor:
                window = joint.end()
        since, until, plain = _dates_near(
            sentence, window, _clause_end(sentence, title, titles, names), phrases,
        )
        sightings: list[tuple[Change, PartialDate | None]] = []
        if title.kind == "passive" and re.search(
            r"(?i)\b(?:previous|former|outgoing)\s+$", sentence[: title.start]
        ):
            marker = "former"
        if title.former or marker == "former":
            if since:
                sightings.append(("start", since))
            sightings.append(("end", until) if until else ("former", None))
        elif marker == "end":
            sightings.append(("end", until or plain or date))
        elif since or until:
            if since:
                sightings.append(("start", since))
            if until:
                sightings.append(("end", until))
        elif marker == "start":
            past = plain is not None and (date is None or plain.start() <= date.end())
            sightings.append(("start", plain if past else date))
        else:
            sightings.append(("seen", date))
        for person in link.people:
            for change, when in sightings:
                sighting = PositionSighting(title.title, when, change, sentence)
                if sighting not in person.positions:
                    person.positions.append(sighting)


# "..., replacing Yerlan Alimbayev": the one replaced leaves the offices taken up in the sentence.
# "He replaces Mukhtar Tleuberdi", "she succeeded Tokayev": the offices the successor took up.
_REPLACING = re.compile(
    r"\b(?:replacing|replaces|replaced|succeeding|succeeds|succeeded|in place of"
    r"|(?:his|her)\s+predecessor,?)\s+$",
    re.I,
)


def relate_replaced(
    sentence: str, names: list[tuple[NameHit, Person]], date: PartialDate | None,
    subjects: Subjects | None = None,
) -> None:
    for hit, person in names:
        if not _REPLACING.search(sentence[: hit.start]):
            continue
        started = {
            p.title
            for _h, other in names
            if other is not person
            for p in other.positions
            if p.change == "start" and p.evidence == sentence
        }
        pronouns = list(_SUBJECT_PRONOUN.finditer(sentence[: hit.start]))
        pronoun = pronouns[-1] if pronouns else None
        possessive = re.search(r"\b(his|her)\s+predecessor,?\s+$", sentence[: hit.start], re.I)
        if possessive:  # "His predecessor X": "his" is the successor
            pronoun = re.match(r"(?i)\b(?:he|she)\b",
                               "he" if possessive.group(1).lower() == "his" else "she")
        if not started and pronoun is not None and subjects is not None:
            # "He replaces X": what "he" was appointed to in the sentences before.
            successor = subjects.resolve(pronoun.group())
            if successor is not None and successor is not person:
                # what the successor took up now, not posts of years before
                started = {p.title for p in successor.positions
                           if p.change == "start" and p.date == date}
        for title in sorted(started):
            sighting = PositionSighting(title, date, "end", sentence)
            if sighting not in person.positions:
                person.positions.append(sighting)


# "The chamber approved the heads of its standing committees: Yerlan Barlybayev (Agrarian
# Issues), Kanat Musin (Legislation and Judicial-Legal Reform), ..."
_COMMITTEE_HEADS = re.compile(
    r"\b(?:heads|chairs|chairmen|chairpersons|chairwomen|chairs)\s+of\s+(?:its|the|their)\s+"
    r"(?:\w+\s+)?committees\b",
    re.I,
)
_CHAMBER_NAMES = {"mazhilis": "Mazhilis", "senate": "Senate"}
_CHOSE = re.compile(r"\b(?:approved|elected|appointed|confirmed)\b", re.I)


def relate_committee_heads(
    sentence: str, names: list[tuple[NameHit, Person]], chamber: str | None,
    date: PartialDate | None,
) -> None:
    lead = _COMMITTEE_HEADS.search(sentence)
    if lead is None:
        return
    body = _CHAMBER_NAMES.get(chamber or "")
    for hit, person in names:
        if hit.start < lead.end():
            continue
        topic = re.match(r"\s*\(([^()]{3,80})\)", sentence[hit.end :])
        if topic is None:
            continue
        committee = f"the {body} Committee" if body else "the Committee"
        title = f"Chairman of {committee} on {topic.group(1).strip()}"
        told = sentence[: lead.start()]
        change: Change = "start" if _APPOINT.search(told) or _CHOSE.search(told) else "seen"
        sighting = PositionSighting(title, date, change, sentence)
        if sighting not in person.positions:
            person.positions.append(sighting)


# "Tokayev accepted the resignation of Askar Mamin's cabinet": Mamin was Prime Minister.
_CABINET = re.compile(r"^'s\s+(?:cabinet|government)\b", re.I)
_CABINET_ENDS = re.compile(r"\b(?:resignation|resigned|dismiss\w*|sacked|fired)\b", re.I)


def relate_cabinet(
    sentence: str, names: list[tuple[NameHit, Person]], date: PartialDate | None
) -> None:
    for hit, person in names:
        if not _CABINET.match(sentence[hit.end :]):
            continue
        change: Change = "end" if _CABINET_ENDS.search(sentence[: hit.start]) else "seen"
        sighting = PositionSighting("Prime Minister", date, change, sentence)
        if sighting not in person.positions:
            person.positions.append(sighting)
