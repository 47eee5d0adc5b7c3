"""Rule "the article's own qualifier" (bot/core/extraction/qualified.py): an office the article
names as acting or interim is not stated as the full office because another sentence of it
paraphrases the office ("took over as head of state"). Articles written for this test."""

from __future__ import annotations

import pytest

from bot.core.extract import extract
from bot.core.models import Article, PartialDate

PARAPHRASED = [
    ("ASTANA. Kazakhstan's Interim President Aibek Serikov received the ambassadors today. "
     "Serikov, who until then chaired the Senate, took over as head of state under the "
     "constitution.", "Aibek Serikov", "Interim President", "President"),
    ("ASTANA. Acting Prime Minister Dauren Ospanov chaired the cabinet meeting today. Ospanov "
     "took over as head of government after the cabinet resigned.", "Dauren Ospanov",
     "Acting Prime Minister", "Prime Minister"),
    ("ASTANA. The country's Interim President Marat Zhakenov met the Speaker of the Mazhilis. "
     "Zhakenov became head of state on Tuesday and will stay until the early election.",
     "Marat Zhakenov", "Interim President", "President"),
]


def _offices(text: str, name: str) -> set[str]:
    reading = extract(Article(text, title="News", date=PartialDate(2024, 5, 14)))
    [person] = [o for o in reading.officials if o.name == name]
    return {p.title for p in person.positions}


@pytest.mark.parametrize(("text", "name", "qualified", "full"), PARAPHRASED,
                         ids=["interim-head-of-state", "acting-head-of-government",
                              "became-head-of-state"])
def test_a_paraphrase_keeps_the_articles_qualifier(text: str, name: str, qualified: str,
                                                   full: str) -> None:
    offices = _offices(text, name)
    assert qualified in offices
    assert full not in offices


def test_an_office_named_in_full_is_a_promotion_and_kept() -> None:
    # (holds on main too: the rule leaves a sentence that names the office alone)
    offices = _offices("ASTANA. Acting Minister of Energy Aidos Bekov visited the refinery. "
                       "The President appointed Bekov Minister of Energy on Friday.",
                       "Aidos Bekov")
    assert "Minister of Energy" in offices
