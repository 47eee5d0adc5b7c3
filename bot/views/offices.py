"""Offices in the chat's language: the canonical titles extraction gives (``bot.core.gazetteer``
folds every spelling into one of these) are msgids, translated like the rest of the interface.
A title not listed here is shown as the articles give it."""

from __future__ import annotations

from bot.i18n import N_

OFFICES = (
    N_("President"), N_("Prime Minister"), N_("First Deputy Prime Minister"),
    N_("Deputy Prime Minister"), N_("Chairman of the Senate"), N_("Chairman of the Mazhilis"),
    N_("Deputy Chairman of the Senate"), N_("Deputy Chairman of the Mazhilis"),
    N_("Deputy of the Mazhilis"), N_("Senator"), N_("Chairman of the Constitutional Court"),
    N_("Commissioner for Human Rights"), N_("Prosecutor General"), N_("State Secretary"),
    N_("Head of the Presidential Administration"),
    N_("Chairman of the Central Election Commission"), N_("Minister of Agriculture"),
    N_("Minister of Energy"), N_("Minister of Finance"), N_("Minister of Justice"),
    N_("Minister of Foreign Affairs"), N_("Minister of National Economy"),
    N_("Minister of Water Resources and Irrigation"), N_("Minister of Education"),
    N_("Minister of Health"), N_("Minister of Culture and Information"),
    # the Constitution of 2026 (from 1 July 2026): the Kurultai, the Vice President, the Khalyk
    # Kenesi; and the State Secretary's post it abolished, under its other English name
    N_("Chairman of the Kurultai"), N_("Deputy Chairman of the Kurultai"),
    N_("Deputy of the Kurultai"), N_("Vice President"), N_("Chairman of the Khalyk Kenesi"),
    N_("Member of the Khalyk Kenesi"), N_("Secretary of State"),
)
