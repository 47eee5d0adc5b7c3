"""Article text -> one event, the officials it names, the bills it mentions, its dated mentions.

Rules over sentences plus the word lists in ``gazetteer``: nothing here knows the seed articles.
The extractor is pure: it reads an ``Article`` and the officials already known (to resolve a bare
surname, a misspelling or "the Head of State") and returns an ``Extraction``; merging that into the
knowledge base is ``knowledge.py``'s job.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from rapidfuzz import fuzz, process

from bot.core import gazetteer as gz
from bot.core.dates import DatePhrase, find_anniversary, find_date_phrases, parse_dateline
from bot.core.models import Article, Event, Mention, Official, PartialDate
from bot.core.text import fold, normalize_text, shorten, slugify, split_sentences

Change = Literal["seen", "start", "end"]


@dataclass(frozen=True)
class PositionSighting:
    """What one article says about an office: held ("seen"), taken up ("start") or left ("end")."""

    title: str
    date: PartialDate | None
    change: Change = "seen"
    evidence: str = field(default="", compare=False)  # the sentence it was read from


@dataclass(frozen=True)
class OfficialSighting:
    id: str
    name: str
    aliases: tuple[str, ...]
    positions: tuple[PositionSighting, ...] = ()


@dataclass(frozen=True)
class BillSighting:
    """A bill as one article mentions it, with the stages it says the bill reached (maybe none)."""

    id: str
    title: str
    kind: str
    stages: tuple[tuple[str, PartialDate | None], ...] = ()
    # The sentence each stage was read from, in the order of ``stages``.
    evidence: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Extraction:
    event: Event
    officials: tuple[OfficialSighting, ...]
    bills: tuple[BillSighting, ...]


# Times of day, view counters after a date and the scraped "date 2023-11-27" line change when a
# site corrects a timestamp (11:20 -> 11:25); they must not make the same article a new event.
_VOLATILE = re.compile(
    r"\b\d{1,2}:\d{2}(?::\d{2})?\b|\(UTC[+-]\d{2}:?\d{2}\)|^\s*date\s+\d{4}-\d{2}-\d{2}\s*$",
    re.M | re.I,
)


def content_id(text: str) -> str:
    """An id from the article's words, blind to timestamps: the same story edited at 11:25
    instead of 11:20 is the same event."""
    canonical = " ".join(_VOLATILE.sub(" ", normalize_text(text)).split()).lower()
    return hashlib.sha256(canonical.encode()).hexdigest()[:10]


def legacy_article_id(text: str) -> str:
    """The id earlier versions gave an article (its exact words); still checked so that an
    article ingested before the change is not taken again."""
    canonical = " ".join(normalize_text(text).split()).lower()
    return hashlib.sha256(canonical.encode()).hexdigest()[:10]


def url_id(url: str) -> str:
    """An id from a page's address: scheme and host folded, fragment and tracking tags dropped."""
    parts = urlsplit(url.strip())
    query = "&".join(
        q for q in parts.query.split("&") if q and not q.lower().startswith(("utm_", "fbclid="))
    )
    path = parts.path.rstrip("/") or "/"
    canonical = f"{parts.netloc.lower().removeprefix('www.')}{path}?{query}"
    return hashlib.sha256(canonical.encode()).hexdigest()[:10]


def article_keys(article: Article) -> tuple[str, ...]:
    """Every id under which this article may already be known, its own id first: its URL's
    (web pages), its content's, and the one older versions gave it."""
    keys = [url_id(article.url)] if article.url else []
    keys += [content_id(article.text), legacy_article_id(article.text)]
    return tuple(dict.fromkeys(keys))


def article_id(article: Article) -> str:
    """The event id of an article: its URL's for a web page, else its content's."""
    return article_keys(article)[0]


# --------------------------------------------------------------------------- people

_NAME_TOKEN = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_NAME_RUN = re.compile(rf"(?<![\w-]){_NAME_TOKEN}(?:[ ]+{_NAME_TOKEN}){{0,5}}(?![\w-])")
_PRONOUN = re.compile(r"\b(?:he|she|He|She)\b")


def _is_surname(token: str, strong_only: bool = True) -> bool:
    if token in gz.NOT_NAME_WORDS or len(token) < 4:
        return False
    if gz.PATRONYMIC_SUFFIX.search(token) and len(token) > 6 and token.endswith(("vich", "vna")):
        return False
    if not gz.SURNAME_SUFFIX.search(token):
        return False
    return not (strong_only and token.endswith(gz.WEAK_SURNAME_ENDINGS))


def _is_patronymic(token: str) -> bool:
    return len(token) > 6 and token.endswith(("ovich", "evich", "ovna", "evna", "ichna"))


def _is_name_word(token: str) -> bool:
    return token not in gz.NOT_NAME_WORDS


@dataclass
class _NameHit:
    """A name as written in one place: its parts and where it stands in the sentence."""

    start: int
    end: int
    written: str
    given: str | None
    surname: str | None
    patronymic: str | None = None


def _find_names(sentence: str) -> list[_NameHit]:
    hits: list[_NameHit] = []
    for run in _NAME_RUN.finditer(sentence):
        tokens = [(m.group(), run.start() + m.start()) for m in re.finditer(r"\S+", run.group())]
        i = 0
        while i < len(tokens):
            hit, used = _read_name(tokens, i)
            if hit is not None:
                hits.append(hit)
                i += used
            else:
                i += 1
    return hits


def _read_name(tokens: list[tuple[str, int]], i: int) -> tuple[_NameHit | None, int]:
    """Try to read a name starting at token i; returns the hit and how many tokens it used."""
    words = [t for t, _ in tokens]

    def hit(
        first: int, last: int, given: str | None, surname: str | None, patronymic: str | None = None
    ) -> tuple[_NameHit, int]:
        start = tokens[first][1]
        end = tokens[last][1] + len(tokens[last][0])
        return _NameHit(
            start, end, " ".join(words[first : last + 1]), given, surname, patronymic
        ), last - first + 1

    w = words[i]
    if not _is_name_word(w):
        return None, 1
    nxt = words[i + 1] if i + 1 < len(words) else None
    nxt2 = words[i + 2] if i + 2 < len(words) else None
    # Surname first, then given name and patronymic: "Azimova Elvira Abilkhasimovna".
    if (
        _is_surname(w, strong_only=False)
        and nxt
        and _is_name_word(nxt)
        and nxt2
        and _is_patronymic(nxt2)
    ):
        return hit(i, i + 2, nxt, w, nxt2)
    # Given name, patronymic, surname: "Artur Ermekovich Lastaev".
    if nxt and _is_patronymic(nxt) and nxt2 and _is_name_word(nxt2) and not _is_patronymic(nxt2):
        return hit(i, i + 2, w, nxt2, nxt)
    # Given name and patronymic only: "Elvira Abilkhasimovna".
    if nxt and _is_patronymic(nxt):
        return hit(i, i + 1, w, None, nxt)
    # Given name, surname: "Maulen Ashimbayev", "Roman Sklyar" (a known given name vouches for a
    # surname without a telling ending).
    if (
        nxt
        and _is_name_word(nxt)
        and not _is_patronymic(nxt)
        and (_is_surname(nxt) or (w in gz.GIVEN_NAMES and not _is_surname(w)))
        and not _is_surname(w)
    ):
        return hit(i, i + 1, w, nxt)
    # A surname on its own: "Ashimbayev highlighted ...". Kept only if it resolves later.
    if _is_surname(w):
        return hit(i, i, None, w)
    return None, 1


@dataclass
class _Person:
    given: str | None
    surname: str
    patronymic: str | None
    forms: list[str] = field(default_factory=list)
    positions: list[PositionSighting] = field(default_factory=list)
    known: Official | None = None

    @property
    def name(self) -> str:
        if self.known is not None:
            return self.known.name
        return f"{self.given} {self.surname}" if self.given else self.surname

    @property
    def id(self) -> str:
        return self.known.id if self.known is not None else slugify(self.name)


def _surname_of(official: Official) -> str:
    return official.name.split()[-1]


def _same_surname(a: str, b: str) -> bool:
    a_f, b_f = fold(a), fold(b)
    if a_f == b_f:
        return True
    # "Asimbayev" for "Ashimbayev", "Tokaev" for "Tokayev": one or two letters apart.
    return a_f[:1] == b_f[:1] and len(a_f) >= 5 and fuzz.ratio(a_f, b_f) >= 85


class Roster:
    """Known officials indexed by folded surname and given name, for name resolution.

    Built once and updated as officials are added, so resolving a name costs a dict lookup and,
    for a misspelling, one fuzzy search over surnames rather than a scan of every official.
    """

    def __init__(self, officials: Iterable[Official] = ()) -> None:
        self.by_id: dict[str, Official] = {}
        self._by_surname: dict[str, list[str]] = {}
        self._by_given: dict[str, list[str]] = {}
        # Office -> ids of everyone seen holding it, and each id's place in ``by_id``, so that
        # ``holder`` reads a few officials, not all of them, and in ``by_id``'s order.
        self._by_office: dict[str, set[str]] = {}
        self._order: dict[str, int] = {}
        for official in officials:
            self.add(official)

    def add(self, official: Official) -> None:
        old = self.by_id.get(official.id)
        self.by_id[official.id] = official
        titles = {p.title for p in official.positions}
        if old is not None:
            for title in {p.title for p in old.positions} - titles:
                self._by_office.get(title, set()).discard(official.id)
        for title in titles:
            self._by_office.setdefault(title, set()).add(official.id)
        if old is not None:
            return
        self._order[official.id] = len(self._order)
        parts = official.name.split()
        self._by_surname.setdefault(fold(parts[-1]), []).append(official.id)
        if len(parts) > 1:
            self._by_given.setdefault(fold(parts[0]), []).append(official.id)

    def find(self, given: str | None, surname: str | None) -> Official | None:
        if surname:
            key = fold(surname)
            ids = self._by_surname.get(key)
            if ids is None and len(key) >= 5:
                match = process.extractOne(
                    key, self._by_surname.keys(), scorer=fuzz.ratio, score_cutoff=85
                )
                if match is not None and match[0][:1] == key[:1]:
                    ids = self._by_surname[match[0]]
            for official_id in ids or ():
                official = self.by_id[official_id]
                parts = official.name.split()
                if given is None or len(parts) == 1 or fold(parts[0]) == fold(given):
                    return official
            return None
        if given:
            ids = self._by_given.get(fold(given), [])
            return self.by_id[ids[0]] if len(ids) == 1 else None
        return None

    def holders_of(self, office: str) -> list[Official]:
        """Everyone seen holding ``office`` (at any time), in ``by_id``'s order."""
        return [self.by_id[i] for i in sorted(self._by_office.get(office, ()),
                                              key=self._order.__getitem__)]

    def holder(self, office: str, date: PartialDate | None) -> Official | None:
        """Who held ``office`` at ``date``, as far as the knowledge base has seen."""
        holders = self.holders_of(office)
        if date is not None:
            for official in holders:
                if any(p.title == office and p.held_on(date.start()) for p in official.positions):
                    return official
        # Nobody seen in office on that day: the only holder ever seen is the best guess.
        return holders[0] if len(holders) == 1 else None


class _People:
    """The people of one article, each name form linked to one person."""

    def __init__(self, roster: Roster) -> None:
        self.roster = roster
        self.people: list[_Person] = []

    def resolve(self, hit: _NameHit) -> _Person | None:
        for person in self.people:
            if (
                hit.surname
                and _same_surname(hit.surname, person.surname)
                and (
                    hit.given is None
                    or person.given is None
                    or fold(hit.given) == fold(person.given)
                )
            ):
                person.given = person.given or hit.given
                person.patronymic = person.patronymic or hit.patronymic
                self._add_form(person, hit.written)
                return person
            if (
                hit.surname is None
                and hit.given
                and person.given
                and fold(hit.given) == fold(person.given)
            ):
                self._add_form(person, hit.written)
                return person
        known = self.roster.find(hit.given, hit.surname)
        if known is None and (hit.surname is None or hit.given is None):
            return None  # a lone surname or a given name we cannot place: invent nothing
        assert hit.surname is not None or known is not None
        surname = hit.surname or _surname_of(known) if known else hit.surname
        person = _Person(
            given=hit.given, surname=surname or "", patronymic=hit.patronymic, known=known
        )
        if known is not None and person.given is None:
            person.given = known.name.split()[0] if len(known.name.split()) > 1 else None
        self._add_form(person, hit.written)
        self.people.append(person)
        return person

    @staticmethod
    def _add_form(person: _Person, written: str) -> None:
        if written not in person.forms:
            person.forms.append(written)

    def holder_of(self, office: str) -> _Person | None:
        for person in self.people:
            if any(p.title == office and p.change != "end" for p in person.positions):
                return person
        return None

    def sightings(self) -> tuple[OfficialSighting, ...]:
        result = []
        for person in self.people:
            aliases = {person.surname, *person.forms}
            if person.given and person.patronymic:
                aliases.add(f"{person.given} {person.patronymic} {person.surname}")
            if person.known is not None:
                aliases.update(person.known.aliases)
            aliases.discard(person.name)
            result.append(
                OfficialSighting(
                    person.id, person.name, tuple(sorted(aliases)), tuple(person.positions)
                )
            )
        return tuple(result)


# --------------------------------------------------------------------------- offices


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
class _TitleHit:
    start: int
    end: int
    title: str


def _find_titles(sentence: str) -> list[_TitleHit]:
    hits = []
    for match in _TITLE.finditer(sentence):
        start, end, written = match.start(), match.end(), match.group()
        # "Chairman of the Senate Maulen Ashimbayev": the organisation's words run into the name.
        # Cut the title where a name begins.
        for name in _find_names(written):
            if name.start > 0 and name.given is not None:
                end = start + name.start
                written = written[: name.start].rstrip(" ,")
                end = start + len(written)
                break
        if not written.strip():
            continue
        hits.append(_TitleHit(start, end, canonical_title(written)))
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
_ROLE = re.compile(
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


def _relate(
    sentence: str,
    names: list[tuple[_NameHit, _Person]],
    titles: list[_TitleHit],
    last_person: _Person | None,
    date: PartialDate | None,
) -> None:
    """Attach each office in the sentence to the person it is said of, with what happened.

    Who: the name right after the title ("Chairman of the Senate Maulen Ashimbayev"), else the
    nearest name before it joined by a comma, "as", "to/for the post of" or an appointment verb,
    else (for "she has been working as ...") the person of the previous sentence. What happened
    is read from the words between the two, or before the title when it comes first.
    """
    previous: tuple[_TitleHit, _Person] | None = None
    for title in titles:
        before = sentence[: title.start]
        person: _Person | None = None
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
            and _PRONOUN.search(before)
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


# --------------------------------------------------------------------------- bills

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
class _BillHit:
    start: int
    title: str
    kind: str


def _find_bills(sentence: str) -> list[_BillHit]:
    hits: list[_BillHit] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def add(start: int, end: int, title: str | None, kind: str) -> None:
        if title and free(start, end):
            hits.append(_BillHit(start, title, kind))

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


_STATUS_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "in_force",
        re.compile(
            r"\b(?:enter\w*|came|come|comes|coming|went|go|goes)\s+into\s+"
            r"(?:force|effect)\b|\btakes?\s+effect\b|\bin\s+force\b",
            re.I,
        ),
    ),
    ("rejected", re.compile(r"\b(?:reject\w*|voted\s+down|vetoed)\b", re.I)),
    ("returned", re.compile(r"\b(?:returned|sent\s+back)\b", re.I)),
    ("signed", re.compile(r"\b(?:signed|signs)\b", re.I)),
    (
        "planned",
        re.compile(
            r"\b(?:plans?|planned|planning|(?:will|would)\s+(?:be\s+)?(?:consider\w*|adopt\w*"
            r"|develop\w*|draft\w*|submit\w*|introduc\w*|discuss\w*)|to\s+be\s+"
            r"(?:considered|adopted|developed|submitted|introduced)|intends?|"
            r"upcoming|expected\s+to\s+be)\b",
            re.I,
        ),
    ),
    ("first_reading", re.compile(r"\bfirst\s+reading\b", re.I)),
    # Which chamber adopted is worked out by ``_adoption_stage``.
    (
        "adopted",
        re.compile(
            r"\b(?:adopt(?:ed|ing|ion|s)?|pass(?:ed|es|ing)?|approv(?:ed|es|ing"
            r"|al))\b|\b(?:second|third)\s+reading\b",
            re.I,
        ),
    ),
    (
        "under_consideration",
        re.compile(
            r"\b(?:consider\w*|under\s+consideration|submitted|introduced|discuss\w*|being\s+"
            r"(?:developed|drafted)|working\s+on|initiated|review\w*)\b",
            re.I,
        ),
    ),
)
_STATUS_PATTERNS = dict(_STATUS_RULES)

_PAST_STAGES = frozenset(
    {"first_reading", "adopted_mazhilis", "adopted_senate", "signed", "returned", "rejected"}
)
_CHAMBER = re.compile(r"\b(Mazhilis|Majilis|Majlis|deputies|Senate|senators|Parliament)\b", re.I)
_BY_CHAMBER = re.compile(
    r"^\W*(?:\w+\s+){0,3}?by\s+(?:the\s+)?(Mazhilis|Majilis|Majlis|deputies"
    r"|Senate|senators|Parliament)\b",
    re.I,
)
_MAZHILIS = frozenset({"mazhilis", "majilis", "majlis", "deputies"})


def _adoption_stage(clause: str) -> str:
    """Which chamber adopted: the one named "by" after the verb, else the last one named before
    it ("the Mazhilis of the Parliament adopted" is the Mazhilis). Since 2023 the Mazhilis adopts
    laws and the Senate approves them; "adopted" with no chamber, or by Parliament, means both
    chambers have passed it."""
    clause = re.sub(
        r"\s+of\s+the\s+Parliament(?:\s+of\s+(?:the\s+Republic\s+of\s+)?"
        r"Kazakhstan)?",
        "",
        clause,
        flags=re.I,
    )
    verb = _STATUS_PATTERNS["adopted"].search(clause)
    if verb is None:
        return "adopted_senate"
    after = _BY_CHAMBER.match(clause[verb.end() :])
    before = [m.group(1).lower() for m in _CHAMBER.finditer(clause[: verb.start()])]
    if after:
        chamber = after.group(1).lower()
    elif before:
        chamber = before[-1]
    elif re.search(r"\b(?:second|third)\s+reading\b", clause, re.I):
        chamber = "mazhilis"  # readings are the Mazhilis's procedure
    else:
        return "adopted_senate"
    return "adopted_mazhilis" if chamber in _MAZHILIS else "adopted_senate"


def _stage(clause: str) -> str | None:
    for status, pattern in _STATUS_RULES:
        if pattern.search(clause):
            if (
                status == "in_force"
                and re.search(r"\bwill\b", clause, re.I)
                and not re.search(r"\d", clause)
            ):
                return None  # "will enter into force ten days after publication": no date yet
            return _adoption_stage(clause) if status == "adopted" else status
    return None


# "It was adopted by the Mazhilis in March and approved by the Senate in June" is two stages.
_CLAUSE_BREAK = re.compile(
    r";\s*|,?\s+and\s+(?=(?:was\s+|were\s+|then\s+|later\s+)?(?:adopt|approv|pass|sign|return"
    r"|reject|sent|enter|came|submit|consider)\w*)",
    re.I,
)
# "The law will enter into force ...": a sentence about the bill of the sentence before.
_BILL_ANAPHORA = re.compile(
    r"\b(?:the|this|that)\s+(?:new\s+|draft\s+|adopted\s+)?(law|code|bill|document|draft)\b"
    r"|^(?:It|They)\s+"
    r"(?:was|were|will|is|are|has|have)\b",
    re.I,
)


def _stages(
    sentence: str, phrases: Sequence[DatePhrase], date: PartialDate | None
) -> list[tuple[str, PartialDate | None]]:
    """The stages a sentence tells, each with its own date where the clause gives one."""
    stages: list[tuple[str, PartialDate | None]] = []
    position = 0
    for clause in _CLAUSE_BREAK.split(sentence):
        start = sentence.find(clause, position)
        position = max(position, start + len(clause))
        status = _stage(clause)
        if status is None:
            continue
        stage_date = date
        if status in _PAST_STAGES or status == "in_force":
            for phrase in phrases:
                in_clause = start <= phrase.start < start + len(clause)
                past = date is None or phrase.date.start() <= date.end()
                if in_clause and (status == "in_force" or past):
                    stage_date = phrase.date
                    break
        if (status, stage_date) not in stages:
            stages.append((status, stage_date))
    return stages


# --------------------------------------------------------------------------- the article

_DATELINE_LINE = re.compile(
    r"^\s*(?:date\s+\d{4}-\d{2}-\d{2}\s*|\d{1,2}\s+[A-Z][a-z]+\s+\d{4}(?:,\s*\d{1,2}:\d{2})?[\d\s]*$)"
)


def _title_and_body(text: str, article: Article) -> tuple[str, list[str]]:
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


def _lead_date(sentences: Sequence[str]) -> PartialDate | None:
    """With no dateline, a full date in the lead ("approved ... on 4 June 2025") dates the news."""
    for sentence in sentences[:2]:
        for phrase in find_date_phrases(sentence, None):
            if phrase.date.precision == "day":
                return phrase.date
    return None


def extract(article: Article, known: Roster | Sequence[Official] = ()) -> Extraction:
    """Read one article. ``known`` officials resolve bare surnames, misspellings and roles."""
    roster = known if isinstance(known, Roster) else Roster(known)
    text = normalize_text(article.text)
    date = article.date or parse_dateline(text)
    title, sentences = _title_and_body(text, article)
    if date is None:
        date = _lead_date(sentences)
    event_id = article_id(article)
    people = _People(roster)
    roles: set[str] = set()
    bills: dict[str, BillSighting] = {}
    mentions: list[Mention] = []
    last_person: _Person | None = None
    last_bills: list[BillSighting] = []
    mentioned: list[str] = []  # bill ids in order of mention, for "the Code" later on

    for sentence in sentences:
        named: list[tuple[_NameHit, _Person]] = []
        for hit in _find_names(sentence):
            person = people.resolve(hit)
            if person is not None:
                named.append((hit, person))
        titles = _find_titles(sentence)
        _relate(sentence, named, titles, last_person, date)
        if named:
            last_person = named[-1][1]
        title_spans = [(t.start, t.end) for t in titles]
        for role in _ROLE.finditer(sentence):
            # "the Head of State" names nobody; "President Tokayev" is a title, not a role.
            follows_name = any(
                h.start >= role.end() and re.fullmatch(r"[\s,]*", sentence[role.end() : h.start])
                for h, _ in named
            )
            if not follows_name and not any(
                a <= role.start(1) and role.end() < b for a, b in title_spans
            ):
                roles.add(gz.ROLE_REFERENCES[role.group(1).lower()])

        phrases = find_date_phrases(sentence, date)
        stages = _stages(sentence, phrases, date)
        found = _find_bills(sentence)
        targets = [(slugify(b.title), b.title, b.kind) for b in found]
        anaphora = _BILL_ANAPHORA.search(sentence) if not targets and stages else None
        if anaphora:
            noun = (anaphora.group(1) or "").lower()
            # "the new Code" is the code named last in the article, "the law" the law; "it" and
            # "the document" are what the previous sentence was about.
            wanted = {"code": {"code"}, "law": {"law", "draft law", "constitutional law"}}.get(noun)
            if wanted:
                latest = next(
                    (bills[b] for b in reversed(mentioned) if bills[b].kind in wanted), None
                )
                referents = [latest] if latest else []
            else:
                referents = last_bills
            targets = [(b.id, b.title, b.kind) for b in referents]
        for bill_id, bill_title, kind in targets:
            previous = bills.get(bill_id)
            known_stages = previous.stages if previous else ()
            known_evidence = previous.evidence if previous else ()
            added = tuple(s for s in stages if s not in known_stages)
            bills[bill_id] = BillSighting(
                bill_id, bill_title, kind, known_stages + added,
                known_evidence + (shorten(sentence, 300),) * len(added),
            )
        if found:
            last_bills = [bills[slugify(b.title)] for b in found]
            mentioned.extend(b.id for b in last_bills)

        # "this year" in an article of December 2022 is the article's own time, not another moment
        other_dates = [
            p
            for p in phrases
            if date is None or not (p.date.start() <= date.start() and date.end() <= p.date.end())
        ]
        for phrase in other_dates:
            mention = Mention(phrase.date, shorten(sentence, 300))
            if mention not in mentions:
                mentions.append(mention)
        anniversary = find_anniversary(sentence, date)
        if anniversary and not other_dates and date is not None:
            years, _what = anniversary
            mentions.append(
                Mention(
                    PartialDate(date.year), shorten(sentence, 300), kind="anniversary", years=years
                )
            )

    official_ids = [p.id for p in people.people]
    for office in sorted(roles):
        holder = people.holder_of(office) or roster.holder(office, date)
        if holder is not None and holder.id not in official_ids:
            official_ids.append(holder.id)

    body = " ".join(sentences)
    event = Event(
        id=event_id,
        date=date,
        title=title,
        source=article.source,
        summary=shorten(" ".join(sentences[:2]), 400),
        officials=tuple(official_ids),
        bills=tuple(bills),
        mentions=tuple(mentions),
        text=body,
        url=article.url,
    )
    return Extraction(event, people.sightings(), tuple(bills.values()))
