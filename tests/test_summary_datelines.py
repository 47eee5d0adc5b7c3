"""An event's summary starts with the news, not the dateline above it (issue 18): every shape
of the class "PLACE, DATE[ (AGENCY)][. OUTLET] –", whether the dateline opens the first sentence
or is a sentence of its own; a first sentence that merely starts with a place or a date keeps
it."""

from __future__ import annotations

import pytest

from bot.core.extract import extract
from bot.core.models import Article

NEWS = ("The Senate of Kazakhstan adopted the law on mass media on Wednesday. Senators also "
        "discussed the budget.")


def summary(text: str) -> str:
    return extract(Article(text="Senate adopts law\n\n" + text, name="x.txt")).event.summary


@pytest.mark.parametrize("dateline", [
    "ASTANA, 19 June 2024. The Astana Times –",
    "Astana, 19 June 2024. Kazinform –",
    "ALMATY, 3 March 2025 (Kazinform) –",
    "Karaganda, 12.05.2021. Kazinform –",
    "KOSTANAY, 12.05.2021 (Kazinform) –",
    "ASTANA, 19 June 2024, The Astana Times.",
    "ASTANA – 19 June 2024 –",
    "Astana, 19 June 2024.",
    "SHYMKENT, Kazakhstan, Tuesday, 4 February 2025 -",
    "Aktobe, Feb. 4, 2025 —",
    "ASTANA, 2024-06-19:",
])
def test_the_summary_leaves_the_dateline_out(dateline: str) -> None:
    assert summary(f"{dateline} {NEWS}") == NEWS


@pytest.mark.parametrize("lead", [
    "On 19 June 2024 the Senate adopted the law on mass media. It goes to the President.",
    "Maulen Ashimbayev – the Senate's chairman – said the law was ready. It goes further.",
    "Astana hosted the session of the Senate on 19 June 2024. The law was adopted.",
])
def test_only_the_dateline_goes_a_first_sentence_that_is_news_stays_whole(lead: str) -> None:
    """A lead that starts with a date, a name and a dash, or a place is the news itself."""
    assert summary(f"ASTANA, 19 June 2024. The Astana Times – {lead}") == lead
