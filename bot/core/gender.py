"""Whether a person is a man or a woman, where the name or the articles say so.

Russian and Kazakh verbs agree with the person («назначен» / «назначена»). Kazakh and Russian
surnames carry it: -ов, -ев, -ин (Tokayev, Bektenov, Karin) are a man's; -ова, -ева, -ина
(Azimova, Balayeva) a woman's; the patronymic surnames -ұлы / -uly and -қызы / -kyzy too. A name
that says neither (or both) is read from the sentences the articles tell of the person: a title
("Mr Nurlan", "Ms Aida") or, when only one kind is there, the pronouns (he / his, she / her).
Otherwise None, and the bot words the sentence so it needs no gender.
"""

from __future__ import annotations

import re
from typing import Literal

Gender = Literal["male", "female"]

# Checked against each word of a name, in Latin (as the articles write it) and in Cyrillic
_FEMALE = re.compile(r"(?:[oe]va|yeva|ina|skaya|kyzy|[оеё]ва|ина|ская|қызы)$")
_MALE = re.compile(r"(?:[oe]v|yev|in|sky|skiy|uly|[оеё]в|ин|ский|ұлы)$")


_TITLES: dict[Gender, re.Pattern[str]] = {
    "male": re.compile(r"\bMr\.?\s"), "female": re.compile(r"\b(?:Mrs|Ms|Madam)\.?\s")}
_PRONOUNS: dict[Gender, re.Pattern[str]] = {
    "male": re.compile(r"\b(?:he|his|him|himself)\b", re.I),
    "female": re.compile(r"\b(?:she|her|hers|herself)\b", re.I)}


def gender_of(name: str, sentences: tuple[str, ...] = ()) -> Gender | None:
    """"Elvira Azimova" -> "female", "Kassym-Jomart Tokayev" -> "male"; "Maulen" -> what the
    ``sentences`` about him say ("Mr Maulen said", "he was appointed"), else None."""
    by_name = _by_surname(name)
    if by_name or not sentences:
        return by_name
    text = " ".join(sentences)
    for told in (_TITLES, _PRONOUNS):
        found = [gender for gender, pattern in told.items() if pattern.search(text)]
        if len(found) == 1:
            return found[0]
    return None


def _by_surname(name: str) -> Gender | None:
    found: set[Gender] = set()
    for word in re.split(r"[\s-]+", name.lower()):
        if len(word) < 4:  # «Ин», "Ev": too short to be a surname with its ending
            continue
        if _FEMALE.search(word):
            found.add("female")
        elif _MALE.search(word):
            found.add("male")
    return found.pop() if len(found) == 1 else None
