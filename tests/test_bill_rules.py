"""Bills and their stages, one class of sentence per test, each with variants of its own (sentences
written for these tests in the shape of Kazakh outlets' English news; none is copied)."""

from __future__ import annotations

import pytest

from bot.core.extract import extract
from bot.core.extraction.bill_forms import bill_id
from bot.core.extraction.bills import find_bills
from bot.core.models import Article, PartialDate

DAY = PartialDate(2025, 3, 14)


def stages(text: str, date: PartialDate | None = DAY) -> dict[str, list[str]]:
    extraction = extract(Article(text, date=date))
    return {b.title: [s for s, _ in b.stages] for b in extraction.bills}


def titles(sentence: str) -> list[str]:
    return [b.title for b in find_bills(sentence)]


# --------------------------------------------------------------------------- identity


def test_long_agreement_titles_that_share_their_start_are_two_bills() -> None:
    gas = ("Agreement between the Government of the Republic of Kazakhstan and the Government of "
           "the Kyrgyz Republic on the supply of natural gas to border districts")
    rail = ("Agreement between the Government of the Republic of Kazakhstan and the Government of "
            "the Kyrgyz Republic on railway checkpoints")
    visas = ("Agreement between the Government of the Republic of Kazakhstan and the Government of "
             "the Kyrgyz Republic on the supply of natural gas to border villages")
    assert len({bill_id(gas), bill_id(rail), bill_id(visas)}) == 3
    assert all(len(bill_id(t)) <= 60 for t in (gas, rail, visas))
    assert bill_id("Water Code") == "water-code"  # short titles keep their plain slug


@pytest.mark.parametrize(("a", "b"), [
    ("On the State Language of Kazakhstan", "On the State Language"),
    ("On the Human Rights Commissioner of the Republic of Kazakhstan",
     "On the Human Rights Commissioner"),
    ("On Grain of Kazakhstan", "On Grain"),
])
def test_the_country_a_law_belongs_to_is_no_part_of_its_identity(a: str, b: str) -> None:
    assert bill_id(a) == bill_id(b)


@pytest.mark.parametrize(("a", "b"), [
    ("Law on mass media", "On Mass Media"),
    ("Law on the republican budget for 2026/28", "On the Republican Budget for 2026-2028"),
    ("Law on the republican budget for 2026-28", "Law on the republican budget for 2026-2028"),
])
def test_a_law_by_its_topic_and_by_its_quoted_title_is_one_bill(a: str, b: str) -> None:
    assert bill_id(a) == bill_id(b)


def test_budgets_of_different_periods_have_different_ids() -> None:
    assert bill_id("Law on the republican budget for 2026-2028") != bill_id(
        "Law on the republican budget for 2025-2027")


@pytest.mark.parametrize(("text", "expected"), [
    # a short name and the long official one, in one article
    ("The President ratified the agreement on trade cooperation with Georgia. He signed the "
     "law 'On Ratification of the Agreement between the Government of the Republic of Kazakhstan "
     "and the Government of Georgia on Trade Cooperation'.",
     {"On Ratification of the Agreement between the Government of the Republic of Kazakhstan "
      "and the Government of Georgia on Trade Cooperation": ["signed"]}),
    # the years of one name go to the record of the law named at length
    ("Deputies passed the law on subsidies between regional budgets and district budgets. The law "
     "on subsidies for 2026-2028 sets the amounts.",
     {"Law on subsidies between regional budgets and district budgets for 2026-2028":
      ["adopted_mazhilis"]}),
    # the code a bill amends, named again, is that bill
    ("The Mazhilis approved amendments to the Penal Code in the first reading. The Penal Code "
     "also gets a new article on stalking.",
     {"Amendments to the Penal Code": ["first_reading"]}),
])
def test_one_articles_names_of_one_bill_are_one_record(
    text: str, expected: dict[str, list[str]]
) -> None:
    assert stages(text) == expected


def test_budgets_of_different_years_stay_apart() -> None:
    found = stages("The Senate adopted the law on the republican budget for 2026-2028. The law on "
                   "the republican budget for 2025 was amended in May.")
    assert set(found) == {"Law on the republican budget for 2026-2028",
                          "Law on the republican budget for 2025"}


# --------------------------------------------------------------------------- names of bills


@pytest.mark.parametrize(("sentence", "expected"), [
    # lower-case lists of the country's codes
    ("The programme includes the review of the land, forest, and water codes.",
     ["Land Code", "Forest Code", "Water Code"]),
    ("Deputies will turn to the tax and customs codes in spring.", ["Tax Code", "Customs Code"]),
    ("Work on the budget, digital as well as construction codes goes on.",
     ["Budget Code", "Digital Code", "Construction Code"]),
    ("The relevant and other codes will be aligned.", []),  # no code's name: no list
    # capitalised, joined by a comma only
    ("The Labour, Social Codes are to be passed by spring.", ["Labour Code", "Social Code"]),
])
def test_lists_of_codes(sentence: str, expected: list[str]) -> None:
    assert titles(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ('The draft law on "Tourism" was discussed.', ["On Tourism"]),
    ("Deputies backed the bill on «Personal Data» on Wednesday.", ["On Personal Data"]),
    ("Senators looked at the law “Kazakhstan’s Youth Council” and other drafts.",
     ["Kazakhstan’s Youth Council"]),
    ("They amended the laws “On Notaries” and “Advocacy and Legal Aid”.",
     ["On Notaries", "Advocacy and Legal Aid"]),
    ("He signed the law of Kazakhstan 'On Ratification of the Protocol to the Agreement on "
     "Fisheries'.", ["On Ratification of the Protocol to the Agreement on Fisheries"]),
    # a quoted sentence around a quoted title: the title is still found
    ("“The President has signed the law 'On Grain',” the press office said.", ["On Grain"]),
    # a long official title, then another after "and"
    ('Senators plan to consider the draft laws "On ratification of the Agreement between the '
     'Government of the Republic of Kazakhstan and the Government of the Republic of Korea on '
     'cooperation in the prevention of the illicit trafficking in narcotic drugs, psychotropic '
     'substances and their precursors, and in the fight against their abuse" and "On '
     'ratification of the Protocol to the Agreement on Fisheries".',
     ["On ratification of the Agreement between the Government of the Republic of Kazakhstan and "
      "the Government of the Republic of Korea on cooperation in the prevention of the illicit "
      "trafficking in narcotic drugs, psychotropic substances and their precursors, and in the "
      "fight against their abuse",
      "On ratification of the Protocol to the Agreement on Fisheries"]),
    # a quotation that is no title
    ('The minister said "The reform is ready" after the vote on the law.', []),
])
def test_quoted_titles(sentence: str, expected: list[str]) -> None:
    assert titles(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The President signed the Law of the Republic of Kazakhstan on the introduction of changes "
     "and additions to some legislative acts regarding road safety, transport, and logistics, "
     "the press office said.",
     ["Law on the introduction of changes and additions to some legislative acts regarding road "
      "safety, transport, and logistics"]),
    ("Deputies adopted the draft law on amendments to certain legislative acts on issues of "
     "migration.",
     ["Law on amendments to certain legislative acts on issues of migration"]),
    ("The Senate passed a law on making amendments and additions to some legislative acts of "
     "Kazakhstan concerning public health, Kazinform reports.",
     ["Law on making amendments and additions to some legislative acts concerning public "
      "health"]),
])
def test_long_official_titles_of_amending_laws(sentence: str, expected: list[str]) -> None:
    assert titles(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Deputies took up the draft law on declaring the Law on the Status of Veterans invalid.",
     ["Law on declaring the Law on the Status of Veterans invalid", "On the Status of Veterans"]),
    ("The Senate backed a bill repealing the Law on Grain Receipts.",
     ["Law repealing the Law on Grain Receipts", "On Grain Receipts"]),
    ("The Mazhilis passed the draft law on amending the Constitutional Law on Elections.",
     ["Law on amending the Constitutional Law on Elections", "On Elections"]),
])
def test_a_law_about_another_law_cites_it(sentence: str, expected: list[str]) -> None:
    found = find_bills(sentence)
    assert [b.title for b in found] == expected
    assert [b.cited for b in found] == [False, True]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Deputies approved the amnesty bill on the 25th anniversary of Independence.",
     ["Law on amnesty on the 25th anniversary of Independence"]),
    ("The Senate adopted the amnesty law to mark the thirtieth anniversary of Independence.",
     ["Law on amnesty on the thirtieth anniversary of Independence"]),
    ("The Mazhilis passed the draft law on an additional amnesty.", ["Law on additional amnesty"]),
    ("Senators backed legislation on an additional amnesty.", ["Law on additional amnesty"]),
    # a title with a possessive is not cut at it
    ("The Senate adopted the Code on People's Health and the Healthcare System.",
     ["Code on People's Health and the Healthcare System"]),
    ("Senators adopted the budget adjustment for 2023.",
     ["Law on the adjustment of the republican budget for 2023"]),
    ("The clarification of the republican budget for 2024 was approved.",
     ["Law on the adjustment of the republican budget for 2024"]),
    # a bill named by its topic, up to the clause that reports it
    ("Work goes on over draft laws on tourism, crime prevention, noted Ivanov.",
     ["Law on tourism", "Law on crime prevention"]),
    ("The laws on tourism, on veterans, stressed the speaker, are ready.",
     ["Law on tourism", "Law on veterans"]),
    ("Lawmakers approved a bill that would criminalize stalking.",
     ["Law that would criminalize stalking"]),
    ("The Senate passed a law that raises the retirement age for judges.",
     ["Law that raises the retirement age for judges"]),
    ("Deputies backed a bill that would oblige platforms to label advertising.",
     ["Law that would oblige platforms to label advertising"]),
    ("Critics say it is a bill that raises concerns among lawyers.", []),
    ("The Mazhilis passed the law on the republican budget for 2027/29.",
     ["Law on the republican budget for 2027/29"]),
])
def test_bills_named_by_topic(sentence: str, expected: list[str]) -> None:
    assert titles(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a code amended is no bill of its own: the amending bill is
    ("Deputies approved amendments to the Forest Code.", ["Amendments to the Forest Code"]),
    ("The Senate considered the draft Law on Drones along with related amendments to the Code of "
     "Administrative Offences and several other laws.",
     ["On Drones", "Amendments to the Code of Administrative Offences and other laws"]),
    ("Under the amendments to the Customs Code, duties fall.", ["Amendments to the Customs Code"]),
    # a law amended, likewise
    ("The Mazhilis approved amendments to the Law on Mass Media.",
     ["Amendments to the Law “On Mass Media”"]),
    ("Parliament passed controversial amendments to the law on peaceful assemblies.",
     ["Amendments to the Law on peaceful assemblies"]),
    ("Deputies took up amendments and additions to the law on tourism.",
     ["Amendments to the Law on tourism"]),
    ("Deputies passed the amendments put forward by the Senate to the law on tourism.",
     ["Law on tourism"]),
    # ... but the Senate's amendments to a code's bill are changes to that bill
    ("The Mazhilis accepted the Senate's amendments to the Water Code.", ["Water Code"]),
    ("Deputies backed the amendments proposed by the senators to the Tax Code.", ["Tax Code"]),
])
def test_amendments_to_a_code(sentence: str, expected: list[str]) -> None:
    assert titles(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The Mazhilis adopted the Forest Code and the accompanying amendments to legislative acts.",
     ["Forest Code", "Amendments accompanying the Forest Code"]),
    ("Senators passed the Law on Grain along with the related draft law on amendments.",
     ["On Grain", "Amendments accompanying the Law “On Grain”"]),
    ("The Senate adopted the law on tourism and the accompanying law.",
     ["Law on tourism", "Amendments accompanying the Law on tourism"]),
    # counted laws are named by their topic, or not at all
    ("The Tax Code passed along with two accompanying laws on taxation.", ["Tax Code"]),
    # a code of conduct is no law
    ("Deputies adopted the Code of Ethics of the Mazhilis.", []),
])
def test_a_law_and_its_accompanying_amendments_are_two(sentence: str, expected: list[str]) -> None:
    assert titles(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The Senate ratified the treaty on strategic partnership with Mongolia on March 3.",
     ["Treaty on strategic partnership with Mongolia"]),
    ("Senators ratified the agreement on visa-free travel with Oman in 2024.",
     ["Agreement on visa-free travel with Oman"]),
    ("The Mazhilis ratified the convention on the transfer of prisoners on 12 May.",
     ["Convention on the transfer of prisoners"]),
])
def test_an_agreements_title_ends_before_its_date(sentence: str, expected: list[str]) -> None:
    assert titles(sentence) == expected


# --------------------------------------------------------------------------- stages


@pytest.mark.parametrize(("text", "expected"), [
    # signed, in other words
    ("President Tokayev inked the law on the republican budget for 2026-2028.",
     {"Law on the republican budget for 2026-2028": ["signed"]}),
    ("The Head of State inked the Law on Grain on Monday.", {"On Grain": ["signed"]}),
    ("Tokayev inked the Budget Code.", {"Budget Code": ["signed"]}),
    # sent back
    ("The Senate decided to send the Water Code back to the Mazhilis.",
     {"Water Code": ["returned"]}),
    ("Senators send the Law on Grain back to the lower house.", {"On Grain": ["returned"]}),
    ("The Senate returned the Tax Code to the Mazhilis with amendments.",
     {"Tax Code": ["returned"]}),
    # final passage: to the President
    ("The Budget Code now goes to the President for signature.",
     {"Budget Code": ["adopted_senate"]}),
    ("The Senate adopted the Law on Grain and sent it for the President's signature.",
     {"On Grain": ["adopted_senate"]}),
    ("The Forest Code went to the Head of State for signature.",
     {"Forest Code": ["adopted_senate"]}),
    # the Mazhilis accepting the Senate's changes ends the passage too
    ("Deputies passed the amendments put forward by the Senate to the law on tourism.",
     {"Law on tourism": ["adopted_senate"]}),
    ("The Mazhilis accepted the amendments proposed by the senators to the Law on Grain.",
     {"On Grain": ["adopted_senate"]}),
    ("The Mazhilis agreed with the Senate's amendments to the Law on Pensions.",
     {"On Pensions": ["adopted_senate"]}),
])
def test_stages_said_in_other_words(text: str, expected: dict[str, list[str]]) -> None:
    assert stages(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a committee's approval is work on the bill, not the chamber's vote
    ("The Mazhilis Committee on Ecology endorsed the draft Water Code.",
     {"Water Code": ["under_consideration"]}),
    ("The Senate committee on finance approved the Budget Code.",
     {"Budget Code": ["under_consideration"]}),
    ("A working group has approved the Law on Grain.", {"On Grain": ["under_consideration"]}),
    # the Government's approval sends a draft to Parliament
    ("Mazhilis news\n\nThe Government approved the draft law on tourism and sent it to the "
     "Mazhilis.", {"Law on tourism": ["under_consideration"]}),
    ("Mazhilis news\n\nAt its meeting, the Cabinet approved the draft Water Code.",
     {"Water Code": ["under_consideration"]}),
    ("Senate news\n\nThe Ministry of Justice has approved the draft law on notaries.",
     {"Law on notaries": ["under_consideration"]}),
    # the chamber, after the committee, is the chamber
    ("After hearing the committee, the Senate adopted the Tax Code.",
     {"Tax Code": ["adopted_senate"]}),
    # drafts at work
    ("Work is ongoing on the Digital Code.", {"Digital Code": ["under_consideration"]}),
    ("The draft law on tourism was sent to the Government for conclusion.",
     {"Law on tourism": ["under_consideration"]}),
    ("The bill on veterans was sent to the Government for an opinion.",
     {"Law on veterans": ["under_consideration"]}),
])
def test_work_on_a_bill_is_no_vote(text: str, expected: dict[str, list[str]]) -> None:
    assert stages(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The ministry, which drafted the Law on Grain, has rejected the criticism.",
     {"On Grain": []}),
    ("The Senate rejected the Law on Grain.", {"On Grain": ["rejected"]}),
    ("The Law on Grain was rejected by senators.", {"On Grain": ["rejected"]}),
    ("Lawyers' objections to the Water Code were rejected as groundless by the minister, who "
     "stressed its merits.", {"Water Code": []}),
])
def test_a_rejection_is_of_the_bill_or_none(text: str, expected: dict[str, list[str]]) -> None:
    found = stages(text)
    assert {k: [s for s in v if s == "rejected"] for k, v in found.items()} == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a future said of another clause is no future of the stage
    ("Under the Law on Notaries, which was approved by the Senate in January, notaries will join "
     "a chamber.", "adopted_senate"),
    ("The Tax Code, passed by the Mazhilis in March, will change VAT rates.", "adopted_mazhilis"),
    # a future said of the verb is a plan
    ("The Senate will adopt the Tax Code next week.", "planned"),
    ("The Tax Code is expected to be signed soon.", "planned"),
    ("The Tax Code will be sent for signature in May.", "planned"),
    ("In the next session, senators will focus on the Water Code.", "planned"),
    ("The Government is expected to submit the Forest Code in autumn.", "planned"),
    ("Deputies will take up the Law on Grain after the recess.", "planned"),
])
def test_a_future_is_said_of_its_own_verb(text: str, expected: str) -> None:
    (found,) = stages(text).values()
    assert found == [expected]


@pytest.mark.parametrize("text", [
    "The Law on Grain comes into force ten days after its first official publication.",
    "The Law on Grain enters into force upon expiry of ten calendar days after its publication.",
    "The Forest Code takes effect two months after the day of its official publication.",
])
def test_an_entry_into_force_counted_from_publication_is_not_reached(text: str) -> None:
    assert [s for b in extract(Article(text, date=DAY)).bills for s, _ in b.stages] == []


@pytest.mark.parametrize(("text", "expected"), [
    # a retrospective clause or a future step is no stage of the article's day
    ("Tokayev signed the Water Code. The Speaker earlier said the code had been discussed "
     "with farmers.", ["signed"]),
    ("The Senate adopted the Budget Code. The Budget Code now goes to the President for "
     "signature.", ["adopted_senate"]),
    ("The Mazhilis approved the Tax Code in the first reading. The Tax Code will be considered "
     "in the second reading in April.", ["first_reading"]),
    ("Deputies previously discussed the Forest Code.", []),
])
def test_the_news_of_the_day_only(text: str, expected: list[str]) -> None:
    (found,) = stages(text).values()
    assert found == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("During the session the Mazhilis passed 100 laws. These include the Constitutional Law on "
     "the Courts and laws on subsoil use and on mass media.",
     {"On the Courts": ["adopted_mazhilis"], "Law on subsoil use": ["adopted_mazhilis"],
      "Law on mass media": ["adopted_mazhilis"]}),
    ("Senators adopted 42 laws this year. Among them are the Forest Code and the Law on Grain.",
     {"Forest Code": ["adopted_senate"], "On Grain": ["adopted_senate"]}),
    ("The Senate considered 12 bills. They include the law on tourism.",
     {"Law on tourism": ["under_consideration"]}),
    # an agenda, then its drafts
    ("The Bureau of the Senate approved the agenda of the sitting. It includes the draft law on "
     "the ratification of the Agreement between Kazakhstan and Oman on air services.",
     {"Agreement between Kazakhstan and Oman on air services": ["planned"]}),
    ("The agenda of the plenary session was set. These are the law on tourism and the Forest Code.",
     {"Law on tourism": ["planned"], "Forest Code": ["planned"]}),
    # a list after a colon, one item a line, up to the first sentence that is no item
    ("Bureau meets\n\nThe following drafts were included in the agenda:\nDraft Law \"On Grain\".\n"
     "The draft law on tourism.\nIn addition, deputies sent the draft law on veterinary "
     "medicine to the Government for conclusion.",
     {"On Grain": ["planned"], "Law on tourism": ["planned"],
      "Law on veterinary medicine": ["under_consideration"]}),
    ("Senate sits\n\nThe Senate adopted 5 laws:\nThe Forest Code.\nThe Law on Grain.\nThe minister thanked "
     "the senators.\nThe Water Code was discussed by experts.",
     {"Forest Code": ["adopted_senate"], "On Grain": ["adopted_senate"],
      "Water Code": ["under_consideration"]}),
    # only the sentence right after the count, and only a list of them
    ("The Mazhilis passed 100 laws. The minister spoke. These include the Forest Code.",
     {"Forest Code": []}),
    ("The Mazhilis passed 100 laws. The Forest Code is among the plans.",
     {"Forest Code": ["planned"]}),
])
def test_session_summaries_list_the_bills_of_the_count(
    text: str, expected: dict[str, list[str]]
) -> None:
    assert stages(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a law cited is in force: no news, but what it is
    ("Under the Law on Languages, signs must be in Kazakh.", {"On Languages": ["in_force"]}),
    ("In accordance with the Budget Code, transfers are fixed.", {"Budget Code": ["in_force"]}),
    ("Under the Law on Languages, the Senate adopted new rules.", {"On Languages": ["in_force"]}),
    ("Deputies started work on the draft law on declaring the Law on the Status of Veterans "
     "invalid.",
     {"Law on declaring the Law on the Status of Veterans invalid": ["under_consideration"],
      "On the Status of Veterans": ["in_force"]}),
    # a code "under" which something will be punished is the change the news is about
    ("Bullying will be fined under the Code of Administrative Offences.",
     {"Code of Administrative Offences": []}),
    # a new code "under" which things will change is no code in force
    ("Under the new Tax Code, VAT rises.", {"Tax Code": []}),
    # a law cited and also told a stage keeps the stage told
    ("According to the law on tourism, fees fall. The Senate adopted the law on tourism.",
     {"Law on tourism": ["adopted_senate"]}),
])
def test_a_cited_law_is_in_force(text: str, expected: dict[str, list[str]]) -> None:
    assert stages(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # senators are "deputies" too, at a sitting of the Senate
    ("Senate holds a plenary sitting\n\nThe deputies adopted a resolution. The agreement on "
     "transit with Armenia was ratified.", "adopted_senate"),
    ("Senate holds a plenary sitting\n\nDuring the sitting, the deputies ratified the agreement "
     "on transit with Armenia.", "adopted_senate"),
    ("Mazhilis holds a plenary sitting\n\nThe deputies ratified the agreement on transit with "
     "Armenia.", "adopted_mazhilis"),
])
def test_the_deputies_of_a_senate_sitting_are_senators(text: str, expected: str) -> None:
    extraction = extract(Article(text, date=DAY))
    assert [s for b in extraction.bills for s, _ in b.stages] == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("Earlier, the Mazhilis adopted the Forest Code.", None),
    ("The Mazhilis had previously approved the Forest Code in the first reading.", None),
    ("Earlier, on 3 February, the Mazhilis adopted the Forest Code.", PartialDate(2025, 2, 3)),
    ("The Mazhilis adopted the Forest Code.", DAY),
])
def test_a_stage_told_as_past_is_not_dated_on_the_articles_day(
    text: str, expected: PartialDate | None,
) -> None:
    (bill,) = extract(Article(text, date=DAY)).bills
    assert [d for _s, d in bill.stages] == [expected]
