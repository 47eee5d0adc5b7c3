"""Bills: the list by status, a bill's card with its stages, finding a bill by name.

Bill titles stay as the articles give them; kinds and statuses are in the chat's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from babel.lists import format_list

from bot.core import lookup
from bot.core.glossary import english_query
from bot.core.knowledge import KnowledgeReader
from bot.core.models import STATUS_RANK, STATUSES, Bill, BillStatus
from bot.core.parliament import bill_era, stage_era
from bot.core.text import fold
from bot.i18n import _, current, ngettext
from bot.render import (
    Button,
    Reply,
    cut,
    esc,
    number,
    quoted,
    sentence,
    show_date,
    show_status,
    status_label,
)
from bot.views.callbacks import FollowItem, FollowKind, ItemKind, ListKind, Open, Page, argument_cut
from bot.views.common import bill_title, choices, kind_label, pager, too_long, whole_or_paged
from bot.views.officials import source_line

# What people call each stage: "/bills adopted", "/bills in force", "/bills first reading".
STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "adopted": ("adopted_mazhilis", "adopted_senate", "adopted_kurultai"),
    "passed": ("adopted_mazhilis", "adopted_senate", "adopted_kurultai"),
    "adopted by the mazhilis": ("adopted_mazhilis",), "mazhilis": ("adopted_mazhilis",),
    "adopted by the senate": ("adopted_senate",), "senate": ("adopted_senate",),
    "approved by the senate": ("adopted_senate",),
    "approved": ("adopted_senate", "adopted_kurultai"),
    # the Kurultai, Parliament of one chamber from 1 July 2026, and its readings
    "adopted by the kurultai": ("adopted_kurultai",), "kurultai": ("adopted_kurultai",),
    "third reading": ("adopted_kurultai",), "3rd reading": ("adopted_kurultai",),
    "second reading": ("second_reading",), "2nd reading": ("second_reading",),
    "signed": ("signed",), "signed into law": ("signed",),
    "in force": ("in_force",), "effective": ("in_force",), "enacted": ("in_force",),
    "planned": ("planned",), "plans": ("planned",), "plan": ("planned",),
    "under consideration": ("under_consideration",), "considered": ("under_consideration",),
    "pending": ("under_consideration",), "draft": ("under_consideration",),
    "first reading": ("first_reading",), "1st reading": ("first_reading",),
    "returned": ("returned",), "rejected": ("rejected",),
}


def statuses_from_text(text: str) -> tuple[str, ...]:
    """The statuses a user's words name (plain words, the export's keys, or the Russian and
    Kazakh words of ``bot.core.glossary``); () for none."""
    folded = " ".join(fold(english_query(text)).replace("_", " ").split())
    folded = folded.removeprefix("bills ").removesuffix(" bills")
    if not folded:
        return ()
    if folded in STATUS_WORDS:
        return STATUS_WORDS[folded]
    key = folded.replace(" ", "_")
    for status in STATUSES:
        if status == key or status.startswith(key):
            return (status,)
    spaced = folded.replace(" by ", " ").replace(" the ", " ")
    found = tuple(s for s in STATUSES if spaced.replace(" ", "_") in s)
    return found


def show_reported(status: BillStatus | None, era: bool | None = False) -> str:
    """A bill's status; None for a bill only mentioned (no article says where it stands, so it
    is not shown as "under consideration")."""
    return show_status(status, era) if status else "❔ " + _("Mentioned, stage not reported")


def _bills_in_order(store: KnowledgeReader, today: dt.date
                    ) -> list[tuple[Bill, BillStatus | None]]:
    """Bills with their status, furthest along first, then by title (derived once per list).

    Filtering this by status keeps the order sorting the filtered bills would give (the sort is
    stable), so every ``/bills STATUS`` shares it.
    """
    def build(items: Sequence[Bill]) -> list[tuple[Bill, BillStatus | None]]:
        pairs = [(b, b.reported_on(today)) for b in items]
        # bills only mentioned come last, apart
        pairs.sort(key=lambda p: (-STATUS_RANK[p[1]] if p[1] else 1, p[0].display_title))
        return pairs

    # a scheduled stage is reached overnight: the order is the day's
    result: list[tuple[Bill, BillStatus | None]] = store.indexes().derived(
        ("bills-in-order", today), store.all_bills(), build)
    return result


def bills_list(store: KnowledgeReader, status_query: str = "", page: int = 0, *,
               today: dt.date) -> Reply:
    """Bills by where they stand on ``today`` (the caller's clock)."""
    ordered = _bills_in_order(store, today)
    statuses: tuple[str, ...] = ()
    query = " ".join(status_query.split())
    if query and query != "-":
        if reply := too_long(query, _("a status")):
            return reply
        statuses = statuses_from_text(query)
        if not statuses:
            return Reply(_("“{query}” is not a bill status. Try one of: "
                           "<code>planned</code>, <code>under consideration</code>, "
                           "<code>first reading</code>, <code>second reading</code>, "
                           "<code>adopted</code>, "
                           "<code>signed</code>, <code>in force</code>, <code>returned</code>, "
                           "<code>rejected</code>.").format(query=esc(cut(query, 60))))
    bills = [b for b, s in ordered if not statuses or s in statuses]
    status_of = {b.id: s for b, s in ordered}
    # "first reading" names both Parliaments' first readings: the plain words. A label is named
    # as it is printed, in quotes (lowered, «Принят мажилисом» would lose its capitals), and
    # never made to agree with a count («3 законопроекта, принят»).
    named = format_list([quoted(esc(status_label(s, None))) for s in statuses], style="or",
                        locale=current())  # «A», «B» или «C» (Babel's list patterns)
    with_status = ngettext("with the status {status}", "with the statuses {status}",
                           len(statuses)).format(status=named)
    if not bills:
        return Reply(sentence(_("No bills {with_status} yet. /bills lists every bill.").format(
            with_status=with_status)) if statuses else _("No bills known yet."))
    key = argument_cut(cut(fold(query), 30)) if statuses else ""

    def render(shown: Sequence[Bill], page: int, pages: int) -> Reply:
        count = ngettext("{n} bill", "{n} bills", len(bills)).format(n=number(len(bills)))
        title = sentence(_("Bills {with_status}").format(with_status=with_status)) \
            if statuses else _("Bills")
        lines = [f"<b>{title}</b> ({count})"]
        current = None
        for bill in shown:
            # a first reading in the Mazhilis and one in the Kurultai are two headings
            heading = show_reported(status_of.get(bill.id), bill_era(bill, today))
            if heading != current:
                current = heading
                lines += ["", f"<b>{heading}</b>"]
            lines.append(f"• {esc(bill_title(bill))} <i>({esc(kind_label(bill.kind))})</i>")
        lines += ["", _("Tap a bill for its history, or send <code>/bill NAME</code>.")]
        back = Page(ListKind.BILLS, key, page)
        buttons = [(Button(cut(bill_title(b), 60), Open(ItemKind.BILL, b.id, back).pack()),)
                   for b in shown]
        row = pager(back, pages)
        return Reply("\n".join(lines), (*buttons, row) if row else tuple(buttons))

    return whole_or_paged(bills, page, render)


def bill_card(store: KnowledgeReader, bill: Bill, today: dt.date) -> Reply:
    """A bill's card: where it stands on ``today`` (the caller's clock) and its stages."""
    lines = [f"📜 <b>{esc(bill_title(bill))}</b>",
             f"{esc(sentence(kind_label(bill.kind)))} · "
             f"{show_reported(bill.reported_on(today), bill_era(bill, today))}",
             "", "<b>" + _("History") + "</b>"]
    if not bill.history:
        lines.append("• " + _("mentioned, stage not reported"))
    for stage in reversed(bill.history):
        lines.append(f"• {show_date(stage.date)}: "
                     f"{show_status(stage.status, stage_era(stage.status, stage.date))}.")
        source = source_line(store, stage.event)
        if source:
            lines.append(source)
    if bill.scheduled:
        # "will enter into force on 1 March 2027": what an article announced for a date
        lines += ["", "<b>" + _("Announced") + "</b>"]
        for stage in bill.scheduled:
            lines.append(f"• {show_date(stage.date)}: {show_status(stage.status)}.")
            source = source_line(store, stage.event)
            if source:
                lines.append(source)
    buttons = ((Button(_("🔔 Follow"), FollowItem(FollowKind.BILL, bill.id).pack()),),)
    return Reply("\n".join(lines), buttons)


def bill_lookup(store: KnowledgeReader, query: str, today: dt.date) -> Reply:
    query = query.strip()
    if not query:
        return Reply(_("Which bill? Send part of its name, e.g. <code>/bill water code</code>, "
                       "or see /bills for all of them."))
    if reply := too_long(query, _("a bill's name")):
        return reply
    # "водный кодекс", "су кодексі": the titles are English, so the words are looked up in
    # English too (the words the glossary does not know are kept as typed).
    found = lookup.find_bill(english_query(query), store.all_bills(), store.indexes())
    if found.kind == "found":
        return bill_card(store, found.items[0], today)

    def label(bill: Bill) -> str:
        status = bill.reported_on(today)
        if status is None:
            return bill_title(bill)
        return f"{bill_title(bill)} ({status_label(status, bill_era(bill, today))})"

    return choices(found.kind, found.items, query, "bill", ItemKind.BILL, label, "/bills")
