"""Rule "the article's own qualifier": an office the article names as acting or interim is not
stated as the full office because another sentence of it paraphrases the office.

"Kazakhstan's Interim President Toqaev ..." and, further on, "Toqaev took over as head of state
under the constitution": the paraphrase ("head of state") does not name the office, so it cannot
say more than the article's own name for it; read alone it would give the full "President", a
stronger fact than the text states. A sentence that names the office itself ("was appointed
Minister of Energy") is kept as it is: that is how a promotion from acting minister is told.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from bot.core.extraction.results import PositionSighting

_QUALIFIERS = ("Interim", "Acting")


def _names_office(sighting: PositionSighting) -> bool:
    """Whether the sentence names the office (its last word, "President", "Minister") rather
    than paraphrasing it ("head of state")."""
    words = (sighting.wording or sighting.title).split()
    return bool(words) and re.search(rf"\b{re.escape(words[-1])}\b", sighting.evidence,
                                     re.IGNORECASE) is not None


def keep_qualifiers(positions: Sequence[PositionSighting]) -> list[PositionSighting]:
    """One person's sightings in one article, each paraphrased office the article also names
    as acting or interim given that qualified name (the first such, in the article's order)."""
    qualified: dict[str, str] = {}
    for sighting in positions:
        mod, _, office = sighting.title.partition(" ")
        if mod in _QUALIFIERS and office:
            qualified.setdefault(office, sighting.title)
    if not qualified:
        return list(positions)
    return [replace(s, title=qualified[s.title], wording="")
            if s.title in qualified and s.change != "end" and not _names_office(s) else s
            for s in positions]
