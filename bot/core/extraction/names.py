"""Names of people in a sentence, and which person (of this article or already known) each is."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from bot.core import gazetteer as gz
from bot.core.extraction.qualified import keep_qualifiers
from bot.core.extraction.results import OfficialSighting, PositionSighting
from bot.core.extraction.roster import Roster
from bot.core.models import Official
from bot.core.text import name_key, same_given_name, slugify

_NAME_TOKEN = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_NAME_RUN = re.compile(rf"(?<![\w-]){_NAME_TOKEN}(?:[ ]+{_NAME_TOKEN}){{0,5}}(?![\w-])")
_WORD = re.compile(r"\S+")  # compiled once: asked of every run of capitalised words


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
class NameHit:
    """A name as written in one place: its parts and where it stands in the sentence."""

    start: int
    end: int
    written: str
    given: str | None
    surname: str | None
    patronymic: str | None = None


# "N.Nigmatulin", "D. Nazarbayeva", "Sh.Kuanyshbekova", "Ye. Tokpayev": initials and a surname.
_INITIALS_NAME = re.compile(
    r"(?<![\w.])((?:[A-Z][a-z]?\.\s?){1,2})([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?![\w-])"
)


# "Mr. Kanalimov", "Ms Suleimenova": a courtesy title and a surname, no initial; the surname is
# the person of that surname the article named or one already known, else nobody.
_HONORIFIC = re.compile(r"(?<![\w.])(?:Mr|Ms|Mrs|Dr)\.?\s+([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?![\w-])")


def find_names(sentence: str) -> list[NameHit]:
    hits: list[NameHit] = []
    for match in _HONORIFIC.finditer(sentence):
        surname = match.group(1)
        hits.append(NameHit(match.start(1), match.end(1), surname, None, surname))
    for match in _INITIALS_NAME.finditer(sentence):
        initial, surname = match.group(1).split(".")[0] + ".", match.group(2)
        if any(h.start <= match.start(2) < h.end for h in hits):
            continue
        if _is_surname(surname, strong_only=False):
            hits.append(NameHit(match.start(), match.end(), match.group(), initial, surname))
    taken = [(h.start, h.end) for h in hits]
    for run in _NAME_RUN.finditer(sentence):
        tokens = [(m.group(), run.start() + m.start()) for m in _WORD.finditer(run.group())]
        i = 0
        while i < len(tokens):
            hit, used = _read_name(tokens, i)
            if hit is not None and not any(a <= hit.start < b for a, b in taken):
                hits.append(hit)
                i += used
            else:
                i += 1
    return sorted(hits, key=lambda h: h.start)


def _read_name(tokens: list[tuple[str, int]], i: int) -> tuple[NameHit | None, int]:
    """Try to read a name starting at token i; returns the hit and how many tokens it used."""
    words = [t for t, _ in tokens]

    def hit(
        first: int, last: int, given: str | None, surname: str | None, patronymic: str | None = None
    ) -> tuple[NameHit, int]:
        start = tokens[first][1]
        end = tokens[last][1] + len(tokens[last][0])
        return NameHit(
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
    # A double given name written without its hyphen: "Kassym Jomart Tokayev".
    if (
        w in gz.GIVEN_NAMES
        and nxt
        and nxt2
        and _is_name_word(nxt)
        and not _is_surname(nxt, strong_only=False)
        and not _is_patronymic(nxt)
        and _is_surname(nxt2)
    ):
        return hit(i, i + 2, f"{w}-{nxt}", nxt2)
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
    # "Nazarbayev University", "Nazarbayev Intellectual Schools": named after a person, no person.
    if nxt in gz.NAMED_AFTER or (nxt and nxt2 in gz.NAMED_AFTER and not _is_surname(nxt)):
        return None, 1 if nxt in gz.NAMED_AFTER else 2
    # A surname on its own: "Ashimbayev highlighted ...", "Ilyin had headed ...". Kept only if it
    # resolves to a person of the article or one already known.
    if _is_surname(w, strong_only=False):
        return hit(i, i, None, w)
    return None, 1


@dataclass
class Person:
    given: str | None
    surname: str
    patronymic: str | None
    forms: list[str] = field(default_factory=list)
    positions: list[PositionSighting] = field(default_factory=list)
    known: Official | None = None
    # Named only as someone's relative or as a manager of a bank or company: no official.
    private: bool = False

    @property
    def name(self) -> str:
        if self.known is not None:
            # The name as this article writes it, when it is a full one: the record keeps the
            # fuller spelling of the two (``knowledge.merge_official``), whichever came first.
            if self.given and not self.given.endswith("."):
                return f"{self.given} {self.surname}"
            return self.known.name
        return f"{self.given} {self.surname}" if self.given else self.surname

    @property
    def id(self) -> str:
        return self.known.id if self.known is not None else slugify(self.name)

    @property
    def gender(self) -> str | None:
        """ "f" or "m" where the surname tells (Nazarbayeva, Suleimenova / Tokayev, Ilyin),
        for "she" and "he"; None where it does not (Kuspan, Sklyar)."""
        surname = self.surname.lower()
        if surname.endswith(("ova", "eva", "ina", "yna", "aya", "kyzy")):
            return "f"
        if surname.endswith(("ov", "ev", "in", "yn", "uly", "sky", "skiy", "iy")):
            return "m"
        return None


class Subjects:
    """Whom "he", "she" or "the 56-year-old politician" means: the person of that gender named
    most recently (a sentence's first name counts as its subject, the most recent of all), and
    for a description the person the article has named most."""

    def __init__(self) -> None:
        self.recent: list[Person] = []
        self.count: dict[int, int] = {}

    def saw(self, people: list[Person]) -> None:
        for person in [*people[1:], *people[:1]]:
            self.recent = [p for p in self.recent if p is not person]
            self.recent.append(person)
        for person in people:
            self.count[id(person)] = self.count.get(id(person), 0) + 1

    def resolve(self, word: str, candidates: list[Person] | None = None) -> Person | None:
        pool = candidates if candidates else self.recent
        lower = word.lower()
        if lower in {"he", "him", "his"}:
            wanted: str | None = "m"
        elif lower in {"she", "her"}:
            wanted = "f"
        else:  # "the politician": the article's main person
            if candidates:
                return candidates[0]
            if not self.recent:
                return None
            return max(reversed(self.recent), key=lambda p: self.count.get(id(p), 0))
        for person in reversed(pool) if not candidates else pool:
            if person.gender in (wanted, None):
                return person
        return None


def _surname_of(official: Official) -> str:
    return official.name.split()[-1]


def _same_surname(a: str, b: str) -> bool:
    a_f, b_f = name_key(a), name_key(b)
    if a_f == b_f:
        return True
    # "Asimbayev" for "Ashimbayev": a letter or two apart.
    return a_f[:1] == b_f[:1] and len(a_f) >= 5 and fuzz.ratio(a_f, b_f) >= 85


def _same_given(a: str | None, b: str | None) -> bool:
    return a is None or b is None or same_given_name(a, b)


class People:
    """The people of one article, each name form linked to one person."""

    def __init__(self, roster: Roster) -> None:
        self.roster = roster
        self.people: list[Person] = []

    def resolve(self, hit: NameHit) -> Person | None:
        for person in self.people:
            if (
                hit.surname
                and _same_surname(hit.surname, person.surname)
                and _same_given(hit.given, person.given)
            ):
                if person.given is None or person.given.endswith("."):
                    person.given = hit.given or person.given
                person.patronymic = person.patronymic or hit.patronymic
                self._add_form(person, hit.written)
                return person
            if (
                hit.surname is None
                and hit.given
                and person.given
                and name_key(hit.given) == name_key(person.given)
            ):
                self._add_form(person, hit.written)
                return person
        known = self.roster.find(hit.given, hit.surname)
        if known is None and (hit.surname is None or hit.given is None):
            return None  # a lone surname or a given name we cannot place: invent nothing
        # "Ye. Turgumbayev" nobody known fits: kept as written, initial and surname, no given name
        # made up for it.
        assert hit.surname is not None or known is not None
        surname = hit.surname or _surname_of(known) if known else hit.surname
        person = Person(
            given=hit.given, surname=surname or "", patronymic=hit.patronymic, known=known
        )
        if known is not None and person.given is None:
            person.given = known.name.split()[0] if len(known.name.split()) > 1 else None
        self._add_form(person, hit.written)
        self.people.append(person)
        return person

    @staticmethod
    def _add_form(person: Person, written: str) -> None:
        if written not in person.forms:
            person.forms.append(written)

    def surname_hits(self, sentence: str, found: list[NameHit]) -> list[NameHit]:
        """Bare surnames of people this article has already named, even those with no telling
        ending ("Nurtleu is a career diplomat"), that ``find_names`` could not read alone."""
        known = {name_key(p.surname): p.surname for p in self.people if p.surname}
        hits = []
        for match in re.finditer(r"(?<![\w.-])[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?![\w-])", sentence):
            if name_key(match.group()) in known and not any(
                h.start <= match.start() < h.end for h in found
            ):
                hits.append(NameHit(match.start(), match.end(), match.group(), None, match.group()))
        return sorted([*found, *hits], key=lambda h: h.start)

    def holder_of(self, office: str) -> Person | None:
        for person in self.people:
            if any(p.title == office and p.change != "end" for p in person.positions):
                return person
        return None

    def officials(self) -> list[Person]:
        """The people who are officials: everyone named, except those named only as someone's
        relative or a bank's or company's manager ("grandson Nurali Aliev", "Nikolay Podguzov,
        who chairs the Eurasian Development Bank"), unless an office is given them."""
        return [
            p for p in self.people
            if p.known is not None
            or (p.positions and not all(_commercial(s.title) for s in p.positions))
            or (not p.positions and not p.private)
        ]

    def sightings(self) -> tuple[OfficialSighting, ...]:
        result = []
        for person in self.officials():
            aliases = {person.surname, *person.forms}
            if person.given and person.patronymic:
                aliases.add(f"{person.given} {person.patronymic} {person.surname}")
            if person.known is not None:
                aliases.update(person.known.aliases)
            aliases.discard(person.name)
            result.append(
                OfficialSighting(
                    person.id, person.name, tuple(sorted(aliases)),
                    tuple(keep_qualifiers(person.positions)),
                )
            )
        return tuple(result)




# "Nazarbaev's grandson Nurali Aliev, who is married to Aida Imasheva"; "its chief, Abai Sarkulov";
# "Nikolay Podguzov, who chairs the Eurasian Development Bank"; "his wife Saltanat Nukenova"
_RELATIVE_BEFORE = re.compile(
    r"\b(?:wife|husband|son|daughter|grandson|granddaughter|brother|sister|father|mother"
    r"|son-in-law|daughter-in-law|father-in-law|nephew|niece|married to|widow)"
    r"(?:\s+of)?\s*,?\s*$",
    re.I,
)
_PRIVATE_NEAR = re.compile(r"\b(?:Bank|bank|company|Company|Samruk\w*|corporation|holding|JSC|LLP)\b")


def private_mention(sentence: str, hit: NameHit) -> bool:
    """Whether this mention names a relative or a manager of a bank or company."""
    if _RELATIVE_BEFORE.search(sentence[max(0, hit.start - 40) : hit.start]):
        return True
    near = sentence[max(0, hit.start - 70) : hit.end + 60]
    return bool(_PRIVATE_NEAR.search(near))


# A bank's, a company's or a holding's chief is no official unless named with a state office
# too ("managers of state companies and banks" are not officials); the National Bank is a state
# body.
_COMMERCIAL = re.compile(r"\b(?:Bank|Company|JSC|LLP|Corporation|Samruk[\w-]*|Holding)\b", re.I)


def _commercial(title: str) -> bool:
    return bool(_COMMERCIAL.search(title)) and "national bank" not in title.lower()
