"""Offices as a sentence writes them, each folded into one canonical office.

"Minister of Energy", "energy minister", "Senate Speaker", "head of the statistics agency",
"chaired the Senate Committee on ...", "the Ak Zhol faction led by ...", "Deputies" (in an article
about a chamber): ``find_titles`` reads them all; ``holders`` then says whose each one is.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from bot.core import gazetteer as gz
from bot.core.extraction import kurultai
from bot.core.extraction.names import find_names
from bot.core.extraction.offices import SMALL_WORDS, TRAILING_ORG, fold_office
from bot.core.extraction.wording import as_written_title, combined

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
    # Rule "state inspector": "The state inspector of the Presidential Administration, X,"
    "state inspector": "State Inspector",
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
    r"|\s*,\s*(?=(?:[A-Z][\w-]*,?\s+){1,3}and\s)|,?\s+and\s+)"
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
    # the Parliament of one chamber from 1 July 2026: "Kurultai Speaker", "Qurultay deputies"
    "kurultai": "the Kurultai", "kurultay": "the Kurultai", "qurultai": "the Kurultai",
    "qurultay": "the Kurultai",
}
_FIXED = "|".join(
    sorted((re.escape(k) for k in {*gz.OFFICE_SYNONYMS, *gz.PLAIN_TITLES}), key=len, reverse=True)
)

_MOD_WORDS = ("first", "deputy", "vice", "acting", "executive", "permanent", "interim")


def _initial(*words: str, modified: bool = True) -> str:
    """A lookahead for the letters a pattern may begin with (either case; ``modified``: or a
    modifier, "First", "Deputy"): the same matches, but the regex skips at once the many words
    that cannot start one instead of trying its long alternation at each of them (half the time
    of the "fixed" pattern, a third of the "body" one)."""
    letters = {w[0].lower() for w in (*(_MOD_WORDS if modified else ()), *words)}
    return "(?=[" + re.escape("".join(sorted(letters | {c.upper() for c in letters}))) + "])"


_TITLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "Minister of Energy", "vice minister of ecology", "akim of East Kazakhstan region",
    # "Assistant to the President for international affairs", "ambassador to Russia"
    (
        "generic",
        re.compile(
            rf"\b{_initial(*_HEADS)}{_MOD}(?i:{_HEAD})(?:\s+for\s+life|\s+Extraordinary\s+and\s+Plenipotentiary)?"
            rf"\s+(?:of|for|on|to)\s+{_ORG}"
        ),
    ),
    # "energy minister", "Foreign Minister", "culture and information minister"
    ("portfolio", re.compile(rf"\b{_initial(*gz.MINISTRY_PORTFOLIOS)}{_MOD}(?i:(?P<portfolio>{_PORTFOLIO}))\s+(?i:ministers?)")),
    # "Senate Speaker", "CEC Deputy Chairman", "Majilis deputies", "Supreme Court judges"
    (
        "body",
        re.compile(
            rf"{_initial(*_BODY_FIRST, modified=False)}(?P<body>(?i:{'|'.join(_BODY_FIRST)}))"
            rf"\s+(?P<rest>{_MOD}"
            r"(?i:speaker|chairman|chairwoman|chairperson|chair|deputy|deputies|judges?|members?"
            r"|head|governor))"
        ),
    ),
    # Rule "committee before its chair": "Committee on Finance and Budget Chair Aidos Nurov",
    # "Senate Committee on Agrarian Issues Deputy Chairman Dana Sultan" (only right before a name)
    (
        "committee",
        re.compile(
            rf"\b(?P<org>(?:(?i:senate|mazhilis|majilis)\s+)?Committee\s+(?:on|for)\s+{_ORG})"
            r"(?<!\bFirst)(?<!\bDeputy)(?<!\bVice)(?<!\bActing)"
            rf"\s+(?P<rest>{_MOD}(?i:chairman|chairwoman|chairperson|chair|head))(?=\s+[A-Z])"
        ),
    ),
    # "Prime Minister", "State Counsellor", "Senator", "Deputy Prime Minister"
    ("fixed", re.compile(rf"\b{_initial(*gz.OFFICE_SYNONYMS, *gz.PLAIN_TITLES)}{_MOD}(?i:{_FIXED})")),
    # "Deputies Darkhan Mynbai and Sauytbek Abdrakhmanov": only before a name (see ``relate``)
    ("bare", re.compile(rf"\b{_initial('deputies', 'senators', 'ministers', 'judges')}{_MOD}(?i:deputies|deputy|senators?|ministers?|judges?)")),
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


# An initial read as an organisation's last word ("Minister of Energy N" before ". Omarov"); checked
# after the match rather than inside _ORG, which every word of every sentence would pay for.
_INITIAL_AT_END = re.compile(r"\s+[A-Z][a-z]?$")
_INITIAL_AFTER = re.compile(r"\.\s?[A-Z][a-z]")
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
    "committee": ("committee",),
}


# Each cue list as one pattern: one scan of the sentence in C rather than a loop in Python.
_CUE_PATTERNS = {
    kind: re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))
    for kind, words in _CUES.items()
}


# A title cut short is no office: "the president of the national company ..." is no President,
# "Chairman of the board of ..." no Chairman (an office of Kazakhstan itself is read whole:
# "Prime Minister of Kazakhstan"); "head of the national guard" is no "Head of the National".
_CUT_AFTER_FIXED = re.compile(
    r"\s+(?:of|at|to)\s+(?!(?:the\s+)?(?:Republic\s+of\s+)?(?:Kazakhstan|RK|country"
    # Rule "of the republic": "first deputy prime minister of the republic" is Kazakhstan's
    # (not "President of the Republic of Uzbekistan")
    r"|republic(?![\w'’-]|\s+of\b|\s+[A-Z]))\b)",
    re.I,
)
_ADJECTIVE_END = re.compile(
    r"\b(?:national|presidential|regional|republican|supreme|constitutional|central|state"
    r"|strategic|financial|social|natural|internal|foreign|digital|higher|human|economic|legal"
    r"|judicial|international|emergency|anti-corruption|standing|ruling|working|general)$"
)


def _cut(kind: str, sentence: str, end: int, written: str) -> bool:
    if kind == "fixed":
        return bool(_CUT_AFTER_FIXED.match(sentence, end))
    if kind == "generic":
        # "chairman of the board of a steel company": the organisation goes on past what was read
        return bool(_ADJECTIVE_END.search(written) and re.match(r"\s+[a-z]", sentence[end:])) or (
            bool(re.match(r"\s+of\s+(?:a|an|the\s+[a-z])\b|['’]s\b", sentence[end:]))
        )
    return False


@dataclass
class TitleHit:
    start: int
    end: int
    title: str
    bare: bool = False  # a head alone ("Deputies"): an office only when a name follows
    former: bool = False  # "former Prime Minister", "ex-speaker"
    kind: str = "generic"  # which pattern read it ("verbal": "chaired the ...", "passive")
    wording: str = ""  # the office in the article's words, when they name ``title`` itself



# A pure function of the words, as ``fold_office`` is: an article names the same few offices
# again and again, and each reading costs half a dozen regexes.
@lru_cache(maxsize=4096)
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
        elif lower in SMALL_WORDS:
            folded.append(lower)
        else:
            folded.append(word[0].upper() + word[1:])
    title = " ".join(folded)
    while True:
        trimmed = TRAILING_ORG.sub("", title)
        if trimmed == title:
            break
        title = trimmed
    # "Chairperson of Mazhilis" is "Chairman of the Mazhilis".
    title = re.sub(r"\bof (Senate|Mazhilis)\b", r"of the \1", title)
    # Rule 'of the country's': "Head of Kazakhstan's Government", "Chairman of Kazakhstan's
    # Senate" name the same office as "Head of the Government", "Chairman of the Senate".
    title = re.sub(r"\bof Kazakhstan['’]s\s+", "of the ", title)
    # "Head of the Ministry of Energy" is its minister.
    title = re.sub(r"^((?:(?:First|Deputy|Vice|Acting)\s+)*)Head of the Ministry of\b",
                   r"\1Minister of", title)
    # Modifiers stay in front of the office they modify: "Deputy" + "Speaker of the Senate".
    mods = re.match(r"((?:(?:First|Deputy|Vice|Acting|Executive|Interim)\s+)*)(.*)", title)
    assert mods is not None
    prefix, base = mods.group(1), fold_office(mods.group(2))
    title = prefix + base
    known = gz.OFFICE_SYNONYMS.get(base.lower()) or gz.PLAIN_TITLES.get(base.lower())
    if known and not gz.OFFICE_SYNONYMS.get(title.lower()) and not gz.PLAIN_TITLES.get(
        title.lower()
    ):
        return prefix + known
    return gz.OFFICE_SYNONYMS.get(title.lower(), gz.PLAIN_TITLES.get(title.lower(), title))


# An organisation's head noun: what "the commission" or "the ministry" later refers to.
_ORG_NOUN = re.compile(
    r"\b(ministry|committee|commission|agency|court|council|administration|government|party"
    r"|faction|group|holding|service|office|senate|mazhilis|majilis|[kq]urulta[iy]|chamber|akimat|bank|fund"
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


_GROUP_WITHOUT_SUBJECT = re.compile(r"\bWorking Group$", re.I)


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
    if re.search(r"[ -]deput(?:y|ies)$", lower):
        return None  # "his first deputy": a deputy of an office the words do not name
    if re.fullmatch(r"deput(?:y|ies)", lower):
        return {"mazhilis": "Deputy of the Mazhilis", "senate": "Senator",
                "kurultai": "Deputy of the Kurultai"}.get(chamber or "")
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
    if kind == "committee":
        return f"{match.group('rest')} of the {match.group('org')}"
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
        if not _CUE_PATTERNS[kind].search(lower):
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
            if written and not _cut(kind, sentence, end, written):
                candidates.append((start, end, kind, written))
    # The longest reading wins where readings overlap.
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    hits: list[TitleHit] = []
    taken = 0  # where the last reading kept (or refused as no office of the state) ends
    for start, end, kind, written in candidates:
        if start < taken:
            continue
        if kind == "generic" and _TWO_CAPITALS.search(written):
            # "Chairman of the Senate Maulen Ashimbayev": the organisation's words run into the
            # name. Cut the title where a name begins.
            for name in find_names(written):
                if name.start > 0 and name.given is not None:
                    written = written[: name.start].rstrip(" ,")
                    end = start + len(written)
                    break
        if kind == "generic" and sentence[end : end + 1] == "." and _INITIAL_AFTER.match(
            sentence, end
        ):
            # Rule "office before initials": in "the Minister of Energy N. Omarov", "Ye. Omarova"
            # and "Sh.Omarov" the initial is the name's, not the organisation's last word.
            cut = _INITIAL_AT_END.search(written)
            if cut is not None:
                written = written[: cut.start()]
                end = start + len(written)
        if kind == "generic" and ", and " in written and written.count(",") < 2:
            # ", and" closes a list of three or more ("Ecology, Geology, and Natural Resources");
            # alone it joins another clause: "Minister of Energy, and Prime Minister X".
            written = written[: written.index(", and ")]
            end = start + len(written)
        if not written.strip():
            continue
        before = sentence[:start]
        former = bool(re.search(r"\b(?:former|ex-?)\s*$|\bex-$", before, re.I))
        title = _resolve_bare_org(canonical_title(written), orgs)
        taken = end
        state = kurultai.state_title(title, sentence, start, end, chamber)
        if state is None or _GROUP_WITHOUT_SUBJECT.search(state):
            # "Chairman of the People's Kurultai", "vice president of KazMunayGas"; "heads the
            # working group": a group is named by its subject ("on the Tax Code"), else cut
            continue
        hits.append(TitleHit(start, end, state, kind in {"bare", "committee"}, former, kind,
                             as_written_title(kind, sentence[start:end], written, state,
                                              state == canonical_title(written))))
        _remember(orgs, state)
    for first, second in itertools.pairwise(hits):
        pair = combined((first.title, first.wording), sentence[first.end : second.start],
                        (second.title, second.wording))
        if pair:
            first.wording = pair  # the ministry keeps its own words ("Finance Minister")
    return hits


ROLE = re.compile(
    r"\b(?:the\s+|[Tt]he\s+)("
    + "|".join(re.escape(k) for k in sorted(gz.ROLE_REFERENCES, key=len, reverse=True))
    + r")\b",
    re.I,
)
