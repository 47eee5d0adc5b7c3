"""A chat's settings: frequency, time, weekday, time zone, kinds of messages and quiet hours,
shown with buttons (``/settings``) or set in words (``/settings time 08:30``)."""

from __future__ import annotations

import datetime as dt
import re

from telegram import Update

from bot.core.chats import Chat
from bot.core.errors import InputError
from bot.core.schedule import KINDS, next_moment
from bot.core.setting_changes import apply_setting, toggle
from bot.handlers.access import Refused, target, target_chat
from bot.handlers.common import Context, argument_text, edit, send, services
from bot.i18n import LANGUAGE_NAMES, N_, _, current, reason
from bot.render import Button, Reply, esc, sentence, show_date
from bot.views.callbacks import Noop, Setting, parse
from bot.views.common import schedule_words
from bot.views.quiet import quiet_buttons, quiet_note

KIND_LABELS = {"digest": N_("Digest"), "follow": N_("Follow alerts"),
               "upcoming": N_("Upcoming dates"), "anniversary": N_("Anniversaries")}
DAY_NAMES = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
             N_("Saturday"), N_("Sunday"))


def describe(chat: Chat, now: dt.datetime) -> str:
    settings = chat.settings
    when = schedule_words(settings)
    kinds = ", ".join(_(KIND_LABELS[k]) for k in KINDS if k in settings.kinds) or _("nothing")
    quiet = (f"{settings.quiet[0]:%H:%M}–{settings.quiet[1]:%H:%M}" if settings.quiet
             else _("off"))
    # A digest switched off is not coming, whatever its schedule says.
    digest_on = chat.subscribed and "digest" in settings.kinds
    if digest_on:
        digest = f"{when} ({esc(settings.tz)})"
    elif chat.subscribed:
        digest = _("off (tap “{button}” below to get it {when} again)").format(
            button=_(KIND_LABELS["digest"]), when=when)
    else:
        digest = _("not subscribed (/subscribe)")
    lines = [
        "<b>" + _("Digest:") + f"</b> {digest}",
        *([note] if digest_on and (note := quiet_note(settings)) else []),
        "<b>" + _("You get:") + f"</b> {kinds}",
        "<b>" + _("Time zone:") + f"</b> {esc(settings.tz)}",
        "<b>" + _("Quiet hours:") + f"</b> {quiet}",
        "<b>" + _("Language:") + f"</b> {LANGUAGE_NAMES[current()]} (/language)",
    ]
    if chat.thread_id:
        lines.append(_("<b>Topic:</b> digests and alerts go to the topic /subscribe was sent "
                       "in."))
    if digest_on:
        nxt = next_moment(settings, now).astimezone(settings.zone)
        lines.append("<b>" + _("Next digest:") + f"</b> {show_date(nxt.date())}, {nxt:%H:%M}")
    return "\n".join(lines)



def settings_reply(chat: Chat, now: dt.datetime) -> Reply:
    settings = chat.settings
    cid = chat.id
    kinds = tuple(Button(("✅ " if k in settings.kinds else "▫️ ") + _(KIND_LABELS[k]),
                         Setting(cid, f"k:{k}").pack()) for k in KINDS)
    frequency = _("daily") if settings.frequency == "daily" else _("weekly")
    rows: tuple[tuple[Button, ...], ...] = (
        (Button(_("Frequency: {value}").format(value=frequency), Setting(cid, "f").pack()),
         Button(_("Day: {value}").format(value=_(DAY_NAMES[settings.weekday])),
                Setting(cid, "w").pack())),
        (Button(_("− 1 h"), Setting(cid, "t-").pack()),
         Button(_("Time: {value}").format(value=f"{settings.time:%H:%M}"), Noop().pack()),
         Button(_("+ 1 h"), Setting(cid, "t+").pack())),
        (Button(_("Time zone: {value}").format(value=settings.tz), Setting(cid, "z").pack()),
         Button(_("Quiet hours: {value}").format(
             value=f"{settings.quiet[0]:%H}–{settings.quiet[1]:%H}" if settings.quiet
             else _("off")), Setting(cid, "q").pack())),
        kinds[:2], kinds[2:],
    )
    # As the note in ``describe``: only for a digest that is coming.
    moves = quiet_buttons(cid, settings) if chat.subscribed and "digest" in settings.kinds \
        else ()
    rows = (moves, *rows) if moves else rows
    text = ("⚙️ <b>" + _("Settings") + f"</b>\n\n{describe(chat, now)}\n\n"
            + _("Tap to change, or send e.g. <code>/settings time 08:30</code>, "
                "<code>/settings day fri</code>, <code>/settings tz Asia/Almaty</code>, "
                "<code>/settings quiet 22:00-08:00</code>."))
    return Reply(text, rows)


async def settings_command(update: Update, context: Context) -> None:
    """Show settings with buttons, or change one: ``/settings time 08:30``."""
    words = argument_text(update).split()
    try:
        where = await target(update, context, words)
    except Refused as refused:
        await send(update, context, Reply(str(refused)))
        return
    chat = target_chat(context, where)
    now = services(context).now()
    if words:
        if len(words) < 2:
            await send(update, context, Reply(_("Send a setting and a value, e.g. "
                                                "<code>/settings time 08:30</code>.")))
            return
        try:
            settings = apply_setting(chat.settings, words[0], " ".join(words[1:]))
        except InputError as error:
            await send(update, context, Reply(f"{esc(sentence(reason(error)))}."))
            return
        chat = chat.with_settings(settings)
        services(context).store.put_chat(chat)
    await send(update, context, settings_reply(chat, now))


async def settings_button(update: Update, context: Context) -> None:
    """A settings button: checks the user may manage that chat, then edits in place."""
    query = update.callback_query
    press = parse(query.data) if query is not None else None
    assert query is not None and isinstance(press, Setting)  # the handler's pattern
    chat_id, action = press.chat_id, press.action
    chat = update.effective_chat
    try:
        if chat is not None and chat_id != chat.id:
            known = services(context).store.get_chat(chat_id)
            name = [f"@{known.username}"] if known and known.username else []
            if not name:
                raise Refused(_("Send /settings @channel again."))
            await target(update, context, name)
        else:
            await target(update, context, [])
    except Refused as refused:
        await query.answer(re.sub(r"<[^>]+>", "", str(refused))[:190], show_alert=True)
        return
    store = services(context).store
    stored = store.get_chat(chat_id)
    if stored is None:
        await query.answer(_("This chat is not set up any more: send /subscribe."))
        return
    try:
        changed = stored.with_settings(toggle(stored.settings, action))
    except InputError:
        await query.answer()
        return
    store.put_chat(changed)
    await query.answer(_("Saved"))
    await edit(update, context, settings_reply(changed, services(context).now()))
