"""Who holds an office: the frames that tie a person to an office in one sentence, and the
sentences where a person acts on an office without taking it (sentences written for these
tests, after the shapes of real English news from Kazakh and foreign outlets)."""

from __future__ import annotations

import time

import pytest

from bot.core.extract import Roster, extract
from bot.core.models import Article, Official, PartialDate

DAY = PartialDate(2025, 3, 14)


def positions(text: str, known: list[Official] | None = None,
              date: PartialDate | None = DAY) -> dict[str, list[tuple[str, str]]]:
    extraction = extract(Article(text, date=date), Roster(known or []))
    return {o.name: [(p.title, p.change) for p in o.positions] for o in extraction.officials}


# --------------------------------------------------------------------------- time


@pytest.mark.parametrize("text", [
    " ".join(["the Prime Minister Almas Bekov and the Minister of Energy Dana Sultan"] * 1500),
    "Almas Bekov " + ", ".join(["Minister of Energy"] * 6000) + ".",
    "\n".join(["Senate Speaker Dana Sultan met Akim of Almaty Region Aidos Nurov."] * 1500),
])
def test_repeated_offices_are_read_in_time_linear_in_the_text(text: str) -> None:
    started = time.process_time()
    extraction = extract(Article(text, date=DAY))
    # before: each office looked back over the whole run-on sentence (1,500 repeats took ~50 s)
    assert time.process_time() - started < 6.0
    assert extraction.officials
