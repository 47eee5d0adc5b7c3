"""Who succeeds whom: "..., replacing X", "He replaces X", "X was replaced by Y", "fired X and
replaced him with Y". One person leaves the offices the other takes up in the same sentence."""

from __future__ import annotations

import re

from bot.core.extraction.holders import SUBJECT_PRONOUN, note
from bot.core.extraction.names import NameHit, Person, Subjects
from bot.core.extraction.results import Change
from bot.core.models import PartialDate

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
        pronouns = [m.group() for m in SUBJECT_PRONOUN.finditer(sentence[: hit.start])]
        pronoun = pronouns[-1] if pronouns else None
        possessive = re.search(r"\b(his|her)\s+predecessor,?\s+$", sentence[: hit.start], re.I)
        if possessive:  # "His predecessor X": "his" is the successor
            pronoun = possessive.group(1)
        if not started and pronoun is not None and subjects is not None:
            # "He replaces X": what "he" was appointed to in the sentences before.
            successor = subjects.resolve(pronoun)
            if successor is not None and successor is not person:
                # what the successor took up now, not posts of years before
                started = {p.title for p in successor.positions
                           if p.change == "start" and p.date == date}
        for title in sorted(started):
            note(person, title, date, "end", sentence, "replacing")



# "replaced him with Air Defence Forces chief Y", "X was replaced by Y", "X will be replaced by
# his deputy Y": the successor is the first person named after "with"/"by", within the clause.
_REPLACED_BEFORE = re.compile(r"\breplac(?:ed|es|ing)\s+$", re.I)
_WITH = re.compile(r"\s+(?:with|by)\s+", re.I)
_PASSIVE_BY = re.compile(
    r"\s*,?\s+(?:was|has been|had been|will be|is|is being|were)\s+replaced\s+(?:with|by)\s+",
    re.I,
)
_PRONOUN_REPLACED = re.compile(r"\breplac(?:ed|es|ing)\s+(him|her)\s+(?:with|by)\s+", re.I)


def _successor(sentence: str, names: list[tuple[NameHit, Person]],
               after: int) -> tuple[Person, bool] | None:
    """The first person named after ``after``, if nothing but a title stands between, and
    whether an office follows the name ("with Y as Minister of Energy")."""
    for hit, person in names:
        if re.match(r"['’]s\b", sentence[hit.end :]):
            continue  # "with Zhaksylykov's deputy Y": the possessor is no successor
        if hit.start >= after:
            gap = sentence[after : hit.start]
            if len(gap) <= 100 and not re.search(r"[;:.]|\b(?:who|which|while|but)\b", gap):
                return person, bool(_AS.match(sentence, hit.end))
            return None
    return None


_AS = re.compile(r"\s*,?\s+(?:as|to the post of|to the position of)\s+", re.I)


def relate_successor(
    sentence: str, names: list[tuple[NameHit, Person]], date: PartialDate | None,
) -> None:
    """The successor takes up the offices the one replaced leaves in the sentence."""
    if "replac" not in sentence.lower():
        return  # most sentences: spare the look-back at every name
    pairs: list[tuple[Person, tuple[Person, bool]]] = []
    for index, (hit, person) in enumerate(names):
        rest = sentence[hit.end :]
        with_ = _WITH.match(rest) if _REPLACED_BEFORE.search(sentence[: hit.start]) else None
        passive = _PASSIVE_BY.match(rest)
        match = with_ or passive
        if match is not None:
            found = _successor(sentence, names[index + 1 :], hit.end + match.end())
            if found is not None and found[0] is not person:
                pairs.append((person, found))
    for match in _PRONOUN_REPLACED.finditer(sentence):
        # "fired X and replaced him with Y": "him" is the person named last before it
        before = [p for h, p in names if h.end <= match.start()]
        found = _successor(sentence, names, match.end())
        if before and found is not None and found[0] is not before[-1]:
            pairs.append((before[-1], found))
    for replaced, (successor, named_to) in pairs:
        # what the one replaced leaves, and what the successor is named to ("replaced X with Y
        # as Minister of Energy")
        titles = {p.title for p in replaced.positions
                  if p.evidence == sentence and p.change in ("end", "seen")}
        if named_to:
            titles |= {p.title for p in successor.positions
                       if p.evidence == sentence and p.change == "seen"}
        for title in sorted(titles):
            _retell(successor, title, date, "start", sentence)
            _retell(replaced, title, date, "end", sentence)


def _retell(person: Person, title: str, date: PartialDate | None, change: Change,
            sentence: str) -> None:
    """What this sentence says of the person's office is ``change``, not a plain sighting."""
    person.positions[:] = [p for p in person.positions
                           if not (p.title == title and p.evidence == sentence
                                   and p.change == "seen")]
    if not any(p.title == title and p.change == change and p.evidence == sentence
               for p in person.positions):
        note(person, title, date, change, sentence, "replaced with")
