"""Extraction, table-driven, on articles written for these tests (not the seeds)."""

from __future__ import annotations

import pytest

from bot.core.extract import Roster, extract
from bot.core.models import Article, Official, PartialDate, Position

from .conftest import ARTICLES


def _read(name: str) -> Article:
    return Article((ARTICLES / name).read_text(), name=name)


def _positions(extraction: object, official_id: str) -> list[tuple[str, str | None, str]]:
    for official in extraction.officials:  # type: ignore[attr-defined]
        if official.id == official_id:
            return [
                (p.title, p.date.iso() if p.date else None, p.change) for p in official.positions
            ]
    raise AssertionError(f"{official_id} not found")


def _stages(extraction: object, bill_id: str) -> list[tuple[str, str | None]]:
    for bill in extraction.bills:  # type: ignore[attr-defined]
        if bill.id == bill_id:
            return [(status, d.iso() if d else None) for status, d in bill.stages]
    raise AssertionError(f"{bill_id} not found")


@pytest.mark.parametrize(
    ("article", "date", "official", "positions"),
    [
        (
            "water_minister.txt",
            "2024-04-03",
            "nurzhan-nurzhigitov",
            [
                ("Minister of Water Resources and Irrigation", "2024-04-03", "start"),
                # "Nurzhigitov previously headed the Committee for Water Resources."
                ("Head of the Committee for Water Resources", None, "former"),
            ],
        ),
        (
            "mass_media_signed.txt",
            "2025-07-18",
            "roman-sklyar",
            [("Deputy Prime Minister", "2025-07-18", "seen")],
        ),
        (
            "mass_media_signed.txt",
            "2025-07-18",
            "kassym-jomart-tokayev",
            [("President", "2025-07-18", "seen")],
        ),
        (
            "mazhilis_first_reading.txt",
            "2024-10-02",
            "yerlan-koshanov",
            [("Chairman of the Mazhilis", "2024-10-02", "seen")],
        ),
        (
            "mazhilis_first_reading.txt",
            "2024-10-02",
            "madi-takiyev",
            [("Minister of Finance", "2024-10-02", "seen")],
        ),
        (
            "constitutional_returned.txt",
            "2024-11-21",
            "olzhas-bektenov",
            [("Prime Minister", "2024-11-21", "seen")],
        ),
        (
            "constitutional_returned.txt",
            "2024-11-21",
            "maulen-ashimbayev",
            [("Chairman of the Senate", "2024-11-21", "seen")],
        ),
    ],
)
def test_officials_and_positions(
    article: str, date: str, official: str, positions: list[tuple[str, str, str]]
) -> None:
    extraction = extract(_read(article))
    assert extraction.event.date == PartialDate.from_iso(date)
    assert official in extraction.event.officials
    assert _positions(extraction, official) == positions


@pytest.mark.parametrize(
    ("article", "bill", "kind", "stages"),
    [
        ("water_minister.txt", "water-code", "code", [("adopted_senate", "2024-04-03")]),
        (
            "mass_media_signed.txt",
            "on-mass-media",
            "law",
            [
                ("signed", "2025-07-18"),
                ("adopted_mazhilis", "2025-03"),
                ("adopted_senate", "2025-06"),
            ],
        ),
        ("mazhilis_first_reading.txt", "tax-code", "code", [("first_reading", "2024-10-02")]),
        (
            "constitutional_returned.txt",
            "on-elections",
            "constitutional law",
            [("returned", "2024-11-21")],
        ),
    ],
)
def test_bills_and_stages(
    article: str, bill: str, kind: str, stages: list[tuple[str, str]]
) -> None:
    extraction = extract(_read(article))
    assert bill in extraction.event.bills
    assert [b.kind for b in extraction.bills if b.id == bill] == [kind]
    assert _stages(extraction, bill) == stages


def test_unnamed_official_is_not_invented() -> None:
    extraction = extract(_read("mazhilis_first_reading.txt"))
    names = {o.name for o in extraction.officials}
    assert names == {"Yerlan Koshanov", "Madi Takiyev"}  # "The Prime Minister" has no name here


def test_mentions_with_precision() -> None:
    extraction = extract(_read("constitutional_returned.txt"))
    mentions = {(m.date.iso(), m.kind, m.years) for m in extraction.event.mentions}
    assert ("2025-05", "dated", None) in mentions  # "planned ... in May 2025"
    assert ("2024", "anniversary", 25) in mentions  # "This year marks the 25th anniversary"
    day = extract(_read("mazhilis_first_reading.txt")).event.mentions
    assert [m.date.iso() for m in day] == ["2024-10-15"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Head of State met the akims.\n\n13 March 2023, 16:32 593\n\nThe President spoke.",
            "2023-03-13",
        ),
        (" date 2023-11-27 ASTANA – Maulen Ashimbayev wrote on Facebook.", "2023-11-27"),
        ("Senate news\n\nJuly 18, 2025\n\nThe Senate met today.", "2025-07-18"),
        ("Mazhilis news\n\n3 April 2024, 11:05\n\nDeputies met today.", "2024-04-03"),
    ],
)
def test_dateline_formats(text: str, expected: str) -> None:
    assert extract(Article(text)).event.date == PartialDate.from_iso(expected)


def test_manifest_date_wins_and_undated_stays_undated() -> None:
    text = "The Senate is considering the Land Code. Senators met with farmers in the regions."
    assert extract(Article(text)).event.date is None
    assert extract(Article(text, date=PartialDate(2024, 5))).event.date == PartialDate(2024, 5)


@pytest.mark.parametrize(
    ("sentence", "bills"),
    [
        (
            "Plans include consideration of five Codes: the Budget, Construction, Water, Tax and "
            "Digital.",
            ["budget-code", "construction-code", "water-code", "tax-code", "digital-code"],
        ),
        (
            "Deputies discussed the Land, Forest and Environmental Codes.",
            ["land-code", "forest-code", "environmental-code"],
        ),
        (
            'The Mazhilis is considering the draft laws "On Government Procurement" and '
            '"On Heat Power Energy".',
            ["on-government-procurement", "on-heat-power-energy"],
        ),
        (
            "The Mazhilis is considering the Code on Administrative Offenses.",
            ["code-on-administrative-offenses"],
        ),
        (
            "The senators are currently considering laws on migration, transfer pricing and health "
            "care.",
            ["on-migration", "on-transfer-pricing-and-health-care"],
        ),
        ("The Law on Public Procurement was adopted.", ["on-public-procurement"]),
        ("The President spoke about the economy.", []),
    ],
)
def test_bill_shapes(sentence: str, bills: list[str]) -> None:
    assert list(extract(Article(sentence, date=PartialDate(2024))).event.bills) == bills


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Plans for 2025 include consideration of the Water Code.", "planned"),
        ("The Senate is considering the Water Code.", "under_consideration"),
        ("The Mazhilis approved the Water Code in the first reading.", "first_reading"),
        ("The Mazhilis adopted the Water Code.", "adopted_mazhilis"),
        ("The Water Code was adopted by the Mazhilis.", "adopted_mazhilis"),
        ("The Senate adopted the Water Code.", "adopted_senate"),
        ("The Head of State signed the Water Code.", "signed"),
        ("The Water Code entered into force on 1 March 2025.", "in_force"),
        ("The Water Code has officially come into force.", "in_force"),
        # both chambers have passed it: the last parliamentary stage, as a Senate adoption
        ("The Mazhilis agreed with the Senate's amendments to the Water Code.", "adopted_senate"),
        ("The Senate returned the Water Code to the Mazhilis with amendments.", "returned"),
        ("The Head of State signed the Water Code into law.", "signed"),
        ("The Senate returned the Water Code to the Mazhilis.", "returned"),
        ("Deputies rejected the Water Code.", "rejected"),
    ],
)
def test_status_cues(sentence: str, status: str) -> None:
    extraction = extract(Article(sentence, date=PartialDate(2025, 3, 1)))
    assert [s for s, _ in extraction.bills[0].stages] == [status]


def test_known_officials_resolve_surnames_misspellings_and_roles() -> None:
    tokayev = Official(
        "kassym-jomart-tokayev",
        "Kassym-Jomart Tokayev",
        ("Tokayev",),
        (Position("President", PartialDate(2019)),),
    )
    ashimbayev = Official(
        "maulen-ashimbayev",
        "Maulen Ashimbayev",
        ("Ashimbayev",),
        (Position("Chairman of the Senate", PartialDate(2020)),),
    )
    roster = Roster([tokayev, ashimbayev])
    text = (
        "The Head of State received the Senate Speaker. Asimbayev reported on the work of "
        "the chamber. Tokaev thanked him."
    )
    event = extract(Article(text, date=PartialDate(2024, 6, 1)), roster).event
    assert set(event.officials) == {"kassym-jomart-tokayev", "maulen-ashimbayev"}


def test_name_forms_are_one_person() -> None:
    text = (
        "The President proposed Elvira Azimova for the post of Chairman of the Constitutional "
        "Court. Elvira Abilkhasimovna is experienced. I ask you release Azimova Elvira "
        "Abilkhasimovna from the post of Commissioner for Human Rights. He proposed Artur "
        "Ermekovich Lastaev for the position of Commissioner for Human Rights. The senators "
        "supported Artur Lastaev."
    )
    extraction = extract(Article(text, date=PartialDate(2022, 12)))
    assert [o.id for o in extraction.officials] == ["elvira-azimova", "artur-lastaev"]
    azimova = extraction.officials[0]
    assert "Azimova Elvira Abilkhasimovna" in azimova.aliases
    assert _positions(extraction, "elvira-azimova") == [
        ("Chairman of the Constitutional Court", "2022-12", "start"),
        ("Commissioner for Human Rights", "2022-12", "end"),
    ]
    assert _positions(extraction, "artur-lastaev") == [
        ("Commissioner for Human Rights", "2022-12", "start")
    ]


def test_organisation_words_are_not_people() -> None:
    text = (
        "Ongoing projects such as Comfortable School, Rural Healthcare Development, and Aul "
        "Amanat contribute to well-being. Kazakhstanskaya Pravda reported it. The National "
        "Fund for Children pays out next year."
    )
    assert extract(Article(text, date=PartialDate(2023))).officials == ()


def test_new_prime_minister_article() -> None:
    known = [Official("kassym-jomart-tokayev", "Kassym-Jomart Tokayev", ("Tokayev",),
                      (Position("President", PartialDate(2019)),))]
    extraction = extract(_read("new_prime_minister.txt"), known)
    day = "2024-02-06"
    assert _positions(extraction, "kassym-jomart-tokayev") == [("President", day, "seen")]
    assert _positions(extraction, "olzhas-bektenov") == [
        ("Prime Minister", day, "start"),
        # "previously served as": held before, the end not stated (so none is made up)
        ("Head of the Presidential Administration", None, "former"),
    ]
    assert _positions(extraction, "roman-sklyar") == [
        ("First Deputy Prime Minister", day, "start")]  # "was reappointed"
    assert _positions(extraction, "serik-zhumangarin") == [
        ("Deputy Prime Minister", day, "seen"), ("Minister of National Economy", day, "seen")]


def test_chamber_of_adoption_and_the_code_later_on() -> None:
    media = extract(Article((ARTICLES / "kazinform_mass_media.txt").read_text(),
                            date=PartialDate(2024, 5, 15)))
    assert _stages(media, "on-mass-media")[0] == ("adopted_mazhilis", "2024-05-15")
    # "would consider amendments to the Tax Code": a bill that amends the code, planned
    assert _stages(media, "amendments-to-the-tax-code") == [("planned", "2024-05-15")]
    budget = extract(_read("senate_budget_code.txt"))
    assert _stages(budget, "budget-code") == [
        ("adopted_senate", "2024-12-19"), ("returned", "2024-12-19")]  # in force from 2025: ahead
    # "It will enter into force ten days after ... publication": no date, no stage.
    assert _stages(budget, "on-the-government") == [
        ("signed", "2024-12-10")]


def test_no_dateline_takes_the_leads_full_date() -> None:
    extraction = extract(_read("senate_land_code_undated.txt"))
    assert extraction.event.date == PartialDate(2025, 6, 4)  # "on 4 June 2025" in the lead
    assert [m.date.iso() for m in extraction.event.mentions] == ["2025-06-11"]  # "would be held"
    assert _stages(extraction, "amendments-to-the-land-code") == [("adopted_senate", "2025-06-04")]
    assert _positions(extraction, "nurlan-beknazarov") == [("Senator", "2025-06-04", "seen")]
