"""Whether a name is a man's or a woman's, where its surname says so.

Russian and Kazakh verbs agree with the person («назначен» / «назначена»). Kazakh and Russian
surnames carry it: -ов, -ев, -ин (Tokayev, Bektenov, Karin) are a man's; -ова, -ева, -ина
(Azimova, Balayeva) a woman's; the patronymic surnames -ұлы / -uly and -қызы / -kyzy too. A name
that says neither (or both) is None, and the bot words the sentence so it needs no gender.
"""

from __future__ import annotations

import re
from typing import Literal

Gender = Literal["male", "female"]

# Checked against each word of a name, in Latin (as the articles write it) and in Cyrillic
_FEMALE = re.compile(r"(?:[oe]va|yeva|ina|skaya|kyzy|[оеё]ва|ина|ская|қызы)$")
_MALE = re.compile(r"(?:[oe]v|yev|in|sky|skiy|uly|[оеё]в|ин|ский|ұлы)$")


def gender_of(name: str) -> Gender | None:
    """"Elvira Azimova" -> "female", "Kassym-Jomart Tokayev" -> "male", "Maulen" -> None."""
    found: set[Gender] = set()
    for word in re.split(r"[\s-]+", name.lower()):
        if len(word) < 4:  # «Ин», "Ev": too short to be a surname with its ending
            continue
        if _FEMALE.search(word):
            found.add("female")
        elif _MALE.search(word):
            found.add("male")
    return found.pop() if len(found) == 1 else None
