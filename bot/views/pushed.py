"""What the bot sends on its own: digests, reminders, follow alerts, broadcasts; in the language
of the chat it is written to (the scheduler says which, per chat)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from bot.core.digest import Digest, Follow, Reminder, office_changes
from bot.core.gender import Gender, gender_of
from bot.core.knowledge import ChangeRecord, KnowledgeReader
from bot.core.models import STATUS_RANK, Bill, BillStage, Event, Official, PartialDate
from bot.core.parliament import bill_era, stage_era
from bot.core.schedule import ChatSettings
from bot.i18n import N_, _, ngettext, pgettext
from bot.render import STATUS_ICONS, Reply, cut, esc, show_date, show_status
from bot.views.common import bill_title, event_link, office, title_label
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
            evidence = next((s.evidence for s in reversed(bill.history) if s.status == status), "")
            lines.append(f"• {stage_news(bill, status, evidence, stage_era(status, date))}"
                         + (f", {show_date(date)}" if date else ""))
    if digest.appointments:
        lines += ["", "<b>" + _("Appointments") + "</b>"]
        for official, title_, what, _event in digest.appointments[:15]:
            line = appointed(official) if what == "start" else left_post(official)
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


# What changed, said as a reader would say it ("The Senate returned the Water Code to the
# Mazhilis"); a stage without words of its own is shown by its label.
STAGE_NEWS = {
    "planned": N_("The {title} is in the plans"),
    "under_consideration": N_("The {title} is under consideration"),
    "first_reading": N_("The Mazhilis passed the {title} in the first reading"),
    "adopted_mazhilis": N_("The Mazhilis adopted the {title}"),
    "adopted_senate": N_("The Senate passed the {title}; it goes to the President for signature"),
    "signed": N_("The President signed the {title} into law"),
    "in_force": N_("The {title} came into force"),
    "returned": N_("The {title} was returned for revision"),
    "rejected": N_("The {title} was rejected"),
}
# The Parliament of one chamber (from 1 July 2026) reads a bill three times; the third adopts it.
KURULTAI_STAGE_NEWS = {
    **STAGE_NEWS,
    "first_reading": N_("The Kurultai passed the {title} in the first reading"),
    "second_reading": N_("The Kurultai passed the {title} in the second reading"),
    "adopted_kurultai": N_("The Kurultai adopted the {title} in the third reading; it goes to the "
                           "President for signature"),
}
FIRST_READING_NEWS = N_("The {title} passed the first reading")
# "returned" told of the Senate in the article: the usual way back, to the Mazhilis
RETURNED_BY_SENATE = N_("The Senate returned the {title} to the Mazhilis")


# What happened to a person, in the form that agrees with them where the name or the articles
# tell a man from a woman (``core.gender``: «Азимова назначена»), else in words that need no
# gender. (Each form is its own ``pgettext`` call, so that extraction finds it.)
def _gender(official: Official) -> Gender | None:
    return gender_of(official.name, tuple(p.evidence for p in official.positions if p.evidence))


def _by_gender(official: Official, he: str, she: str, unknown: str) -> str:
    """The form that agrees with the person, when the name or the articles tell; else the one
    worded without gender (each form a literal msgid above, so extraction finds it)."""
    gender = _gender(official)
    return he if gender == "male" else she if gender == "female" else unknown


def appointed(official: Official) -> str:
    return _by_gender(official, pgettext("he", "{name} appointed {office}"),
                      pgettext("she", "{name} appointed {office}"),
                      _("{name} appointed {office}"))


def left_post(official: Official) -> str:
    return _by_gender(official, pgettext("he", "{name} left the post of {office}"),
                      pgettext("she", "{name} left the post of {office}"),
                      _("{name} left the post of {office}"))


def took_up_post(official: Official) -> str:
    return _by_gender(official, pgettext("he", "{name} took up the post"),
                      pgettext("she", "{name} took up the post"),
                      _("{name} took up the post"))


def left_office(official: Official) -> str:
    return _by_gender(official, pgettext("he", "{name} left the post"),
                      pgettext("she", "{name} left the post"),
                      _("{name} left the post"))


def stage_news(bill: Bill, status: str, evidence: str = "", era: bool | None = False) -> str:
    """One line of HTML saying what happened to ``bill``; ``era`` is ``parliament.stage_era`` of
    the stage (True: the Kurultai's, False: the two chambers', None: not known)."""
    title = f"<b>{esc(bill_title(bill))}</b>"
    if status == "returned" and re.search(r"\b(?:Senate|senators|upper\s+(?:house|chamber))\b",
                                          evidence, re.I):
        return "↩️ " + _(RETURNED_BY_SENATE).format(title=title)
    template = (KURULTAI_STAGE_NEWS if era else STAGE_NEWS).get(status)
    if era is None and status == "first_reading":
        template = FIRST_READING_NEWS  # which Parliament's reading is not told
    if template is None:
        return f"{title}: {show_status(status, era)}"
    return f"{STATUS_ICONS.get(status, '•')} " + _(template).format(title=title)


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
    return sorted(latest.values(), key=lambda item: (-STATUS_RANK.get(item[1], 0),
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
    # (a call to ``_`` inside an f-string's braces is not extracted: keep it outside)
    lines = ["⏰ <b>" + _("Reminders") + f"</b>, {show_date(day)}", ""]
    lines += [reminder_line(r) for r in reminders[:20]]
    return Reply("\n".join(lines))


def alert_message(event: Event, matched: Sequence[Follow], store: KnowledgeReader,
                  day: dt.date, change: ChangeRecord | None = None) -> Reply:
    """An alert for a new article on what a chat follows; a bill's status is ``day``'s (the
    chat's day, from the scheduler's clock)."""
    what = ", ".join(esc(office(f.key) if f.kind == "office" else title_label(f.label))
                     for f in matched)
    lines = ["🔔 <b>" + _("New on what you follow") + f"</b>: {what}", "",
             f"<b>{esc(cut(event.title, 200))}</b>", show_date(event.date)]
    if event.summary:
        lines += ["", esc(cut(event.summary, 600))]
    for follow in matched:
        if follow.kind == "bill":
            bill = store.get_bill(follow.key)
            if bill is None:
                continue
            # what this article told of the bill, else where it stands
            told = [s for s in bill.history if s.event == event.id]
            if told:
                stage = max(told, key=BillStage.order_key)
                lines.append(stage_news(bill, stage.status, stage.evidence,
                                        stage_era(stage.status, stage.date)))
            else:
                lines.append(f"📜 {esc(bill_title(bill))}: "
                             f"{show_status(bill.status_on(day), bill_era(bill, day))}")
        elif follow.kind == "office":
            changes = office_changes(follow.key, change) if change is not None else []
            for official_id, what_happened in changes:
                official = store.get_official(official_id)
                if official is None:
                    continue
                line = (took_up_post(official) if what_happened == "start"
                        else left_office(official))
                lines.append(f"🏛 {esc(office(follow.key))}: "
                             + line.format(name=f"<b>{esc(official.name)}</b>"))
    lines += ["", _("More: {link} · /following to manage").format(link=event_link(event))]
    return Reply("\n".join(lines))


def broadcast_message(text: str) -> Reply:
    return Reply(f"📣 {esc(text)}")
