"""What the bot sends on its own: digests, reminders, follow alerts, broadcasts; in the language
of the chat it is written to (the scheduler says which, per chat)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.core.digest import Digest, Follow, Reminder
from bot.core.knowledge import KnowledgeReader
from bot.core.models import STATUSES, Bill, BillStage, Event, PartialDate
from bot.core.parliament import bill_era, stage_era
from bot.core.schedule import ChatSettings
from bot.i18n import N_, _, ngettext
from bot.render import Reply, cut, esc, show_date, show_status
from bot.views.common import event_link, office
from bot.views.events import event_line, years_ago

# ``Reminder.when`` as ``bot.core.digest`` words it (core stays free of catalogs).
WHEN = {"tomorrow": N_("tomorrow"), "in 7 days": N_("in 7 days"),
        "this month": N_("this month"), "this year": N_("this year")}


def digest_message(digest: Digest, day: dt.date, settings: ChatSettings) -> Reply:
    title = _("Weekly digest") if settings.frequency == "weekly" else _("Daily digest")
    lines = [f"📰 <b>{title}</b>, {show_date(day)}"]
    if digest.events:
        lines += ["", "<b>" + _("New") + f"</b> ({len(digest.events)})"]
        lines += [event_line(e) for e in digest.events[:15]]
        if len(digest.events) > 15:
            lines.append(_("… and {count} more: /events").format(count=len(digest.events) - 15))
    if digest.stages:
        lines += ["", "<b>" + _("Bills moved") + "</b>"]
        for bill, status, date in bills_moved(digest)[:15]:
            shown = show_status(status, stage_era(status, date))
            lines.append(f"• {esc(bill.display_title)}: {shown}"
                         + (f", {show_date(date)}" if date else ""))
    if digest.appointments:
        lines += ["", "<b>" + _("Appointments") + "</b>"]
        for official, title_, what, _event in digest.appointments[:15]:
            line = (_("{name} appointed {office}") if what == "start"
                    else _("{name} leaves the post of {office}"))
            lines.append("• " + line.format(name=esc(official.name), office=esc(office(title_))))
    if digest.upcoming:
        lines += ["", "<b>" + _("In the next 7 days") + "</b>"]
        for event, mention in digest.upcoming[:10]:
            lines.append(f"• <b>{show_date(mention.date)}</b>: {esc(cut(mention.text, 160))} "
                         f"{event_link(event)}")
    if digest.reminders:
        lines += ["", "<b>" + _("Today") + "</b>"] + [reminder_line(r)
                                                      for r in digest.reminders[:10]]
    lines += ["", "<i>" + _("/settings to change what you get and when.") + "</i>"]
    return Reply("\n".join(lines))


def bills_moved(digest: Digest) -> list[tuple[Bill, str, PartialDate | None]]:
    """Each bill that moved once, at its latest stage as the bill now tells it (with its date),
    furthest along first: several articles on one bill are one line, not three."""
    latest: dict[str, tuple[Bill, str, PartialDate | None]] = {}
    for bill, status, event in digest.stages:
        stage = max(bill.history, key=BillStage.order_key) if bill.history else None
        if stage is not None:
            latest[bill.id] = (bill, stage.status, stage.date)
        elif bill.id not in latest:
            latest[bill.id] = (bill, status, event.date)
    order = {s: i for i, s in enumerate(STATUSES)}
    return sorted(latest.values(), key=lambda item: (-order.get(item[1], 0),
                                                     item[0].display_title))


def reminder_line(reminder: Reminder) -> str:
    event = reminder.event
    if reminder.kind == "anniversary":
        return f"• {years_ago(reminder.years)}: {esc(cut(event.title, 120))} {event_link(event)}"
    if reminder.kind == "stated":
        text = reminder.mention.text if reminder.mention else event.title
        mark = "🎉 " if reminder.round else ""
        years = ngettext("{n} year, this year", "{n} years, this year",
                         reminder.years).format(n=reminder.years)
        return f"• {mark}{years}: {esc(cut(text, 180))} {event_link(event)}"
    mention = reminder.mention
    assert mention is not None
    when = _(WHEN[reminder.when]) if reminder.when in WHEN else reminder.when
    return (f"• {esc(when[:1].upper() + when[1:])} ({show_date(mention.date)}): "
            f"{esc(cut(mention.text, 180))} {event_link(event)}")


def reminders_message(reminders: Sequence[Reminder], day: dt.date) -> Reply:
    lines = [f"⏰ <b>{_('Reminders')}</b>, {show_date(day)}", ""]
    lines += [reminder_line(r) for r in reminders[:20]]
    return Reply("\n".join(lines))


def alert_message(event: Event, matched: Sequence[Follow], store: KnowledgeReader) -> Reply:
    what = ", ".join(esc(f.label) for f in matched)
    lines = ["🔔 <b>" + _("New on what you follow") + f"</b>: {what}", "",
             f"<b>{esc(cut(event.title, 200))}</b>", show_date(event.date)]
    if event.summary:
        lines += ["", esc(cut(event.summary, 600))]
    for follow in matched:
        if follow.kind == "bill":
            bill = store.get_bill(follow.key)
            if bill is not None:
                lines.append(f"📜 {esc(bill.display_title)}: "
                             f"{show_status(bill.status, bill_era(bill))}")
    lines += ["", _("More: {link} · /following to manage").format(link=event_link(event))]
    return Reply("\n".join(lines))


def broadcast_message(text: str) -> Reply:
    return Reply(f"📣 {esc(text)}")
