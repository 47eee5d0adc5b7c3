"""Subscribing chats and their settings; chat membership changes; the calendar.

Who may act is ``access``; follows are ``follows``."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from typing import Any

from telegram import Chat, ChatMember, ChatMemberUpdated, Update
from telegram.constants import ChatType
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.calendar import calendar_file
from bot.chat_changes import deactivate, migrate
from bot.core.chats import new_chat, settings_of
from bot.core.schedule import (
    KINDS,
    ChatSettings,
    next_moment,
    parse_time,
    parse_weekday,
    parse_zone,
    with_changes,
)
from bot.handlers import follows
from bot.handlers.access import Refused, chat_doc, may_manage, target
from bot.handlers.common import Context, argument_text, edit, send, services, thread_of
from bot.i18n import LANGUAGE_NAMES, N_, _, current, ngettext, reason
from bot.render import Button, Reply, cut, esc, show_date
from bot.views.native import english_weekday

ZONES = ("Asia/Almaty", "Asia/Aqtobe", "Europe/Moscow", "UTC", "Europe/Berlin",
         "America/New_York")
QUIET_PRESETS: tuple[tuple[str, str] | None, ...] = (
    ("22:00", "08:00"), ("23:00", "07:00"), ("21:00", "09:00"), None)
KIND_LABELS = {"digest": N_("Digest"), "follow": N_("Follow alerts"),
               "upcoming": N_("Upcoming dates"), "anniversary": N_("Anniversaries")}
DAY_NAMES = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
             N_("Saturday"), N_("Sunday"))


# --------------------------------------------------------------------------- subscribe

def parse_subscribe_args(words: list[str], settings: ChatSettings) -> ChatSettings:
    """``daily|weekly``, ``HH:MM`` and a weekday, in any order; ValueError says what is wrong."""
    for word in words:
        low = word.lower()
        if low in {"daily", "weekly"}:
            settings = with_changes(settings, frequency=low)
        elif re.fullmatch(r"\d{1,2}([:.]\d{2})?", word):
            settings = with_changes(settings, time=parse_time(word))
        else:
            try:  # "monthly" starts like "mon" but is no weekday: parse_weekday knows
                weekday = parse_weekday(english_weekday(word))
            except ValueError:
                raise ValueError(_(
                    "I don't understand “{word}”. Digests are daily or weekly (no other "
                    "frequency); add a time like 08:30, and for weekly a day like Mon or "
                    "Monday").format(word=cut(word, 30))) from None
            settings = with_changes(settings, weekday=weekday, frequency="weekly")
    return settings


def describe(chat: dict[str, Any], now: dt.datetime) -> str:
    settings = settings_of(chat)
    if settings.frequency == "weekly":
        when = _("weekly on {day} at {time}").format(day=_(DAY_NAMES[settings.weekday]),
                                                      time=f"{settings.time:%H:%M}")
    else:
        when = _("daily at {time}").format(time=f"{settings.time:%H:%M}")
    kinds = ", ".join(_(KIND_LABELS[k]) for k in KINDS if k in settings.kinds) or _("nothing")
    quiet = (f"{settings.quiet[0]:%H:%M}–{settings.quiet[1]:%H:%M}" if settings.quiet
             else _("off"))
    # A digest switched off is not coming, whatever its schedule says.
    digest_on = bool(chat.get("subscribed")) and "digest" in settings.kinds
    if digest_on:
        digest = f"{when} ({esc(settings.tz)})"
    elif chat.get("subscribed"):
        digest = _("off (tap “{button}” below to get it {when} again)").format(
            button=_(KIND_LABELS["digest"]), when=when)
    else:
        digest = _("not subscribed (/subscribe)")
    lines = [
        "<b>" + _("Digest:") + f"</b> {digest}",
        "<b>" + _("You get:") + f"</b> {kinds}",
        "<b>" + _("Time zone:") + f"</b> {esc(settings.tz)}",
        "<b>" + _("Quiet hours:") + f"</b> {quiet}",
        "<b>" + _("Language:") + f"</b> {LANGUAGE_NAMES[current()]} (/language)",
    ]
    if chat.get("thread_id"):
        lines.append(_("<b>Topic:</b> digests and alerts go to the topic /subscribe was sent "
                       "in."))
    if digest_on:
        nxt = next_moment(settings, now).astimezone(settings.zone)
        lines.append("<b>" + _("Next digest:") + f"</b> {show_date(nxt.date())}, {nxt:%H:%M}")
    return "\n".join(lines)


async def subscribe(update: Update, context: Context) -> None:
    """Subscribe this chat (or ``@channel``) to digests and reminders."""
    words = argument_text(update).split()
    try:
        where = await target(update, context, words)
        chat = chat_doc(context, where)
        if where.username:
            chat["username"] = where.username
        settings = parse_subscribe_args(words, settings_of(chat))
    except Refused as refused:
        await send(update, context, Reply(str(refused)))
        return
    except ValueError as error:
        await send(update, context, Reply(_("{error}. Example: <code>/subscribe weekly 09:00 "
                                            "Mon</code>.").format(error=esc(reason(error)))))
        return
    now = services(context).now()
    if not chat.get("subscribed"):
        chat["subscribed_at"] = now.isoformat()
        chat["last_digest_at"] = now.isoformat()
    chat["subscribed"] = True
    # In a forum, the topic /subscribe came from is where digests and alerts go.
    thread = thread_of(update) if where.chat_id == update.effective_chat.id else None  # type: ignore[union-attr]
    if thread is not None:
        chat["thread_id"] = thread
    else:
        chat.pop("thread_id", None)
    chat.pop("thread_closed", None)
    if "digest" not in settings.kinds:
        settings = with_changes(settings, kinds=settings.kinds | {"digest"})
    chat["settings"] = settings.to_dict()
    services(context).store.put_chat(chat)
    done = (_("✅ This channel is subscribed.") if where.type == ChatType.CHANNEL
            else _("✅ This topic is subscribed.") if thread is not None
            else _("✅ This chat is subscribed."))
    await send(update, context, Reply(f"{done}\n\n{describe(chat, now)}\n\n"
                                      + _("Change it with /settings; stop with /unsubscribe.")))


async def unsubscribe(update: Update, context: Context) -> None:
    """Stop digests and reminders (follows stay until /unfollow)."""
    words = argument_text(update).split()
    try:
        chat_id = (await target(update, context, words)).chat_id
    except Refused as refused:
        await send(update, context, Reply(str(refused)))
        return
    store = services(context).store
    chat = store.get_chat(chat_id)
    if chat is None or not chat.get("subscribed"):
        await send(update, context, Reply(_("This chat is not subscribed. /subscribe to "
                                            "start.")))
        return
    chat["subscribed"] = False
    store.put_chat(chat)
    await send(update, context, Reply(_("🔕 Unsubscribed: no more digests or reminders here. "
                                        "Follow alerts stay until you /unfollow.")))


# --------------------------------------------------------------------------- settings

def settings_reply(chat: dict[str, Any], now: dt.datetime) -> Reply:
    settings = settings_of(chat)
    cid = chat["id"]
    kinds = tuple(Button(("✅ " if k in settings.kinds else "▫️ ") + _(KIND_LABELS[k]),
                         f"s:{cid}:k:{k}") for k in KINDS)
    frequency = _("daily") if settings.frequency == "daily" else _("weekly")
    rows = (
        (Button(_("Frequency: {value}").format(value=frequency), f"s:{cid}:f"),
         Button(_("Day: {value}").format(value=_(DAY_NAMES[settings.weekday])), f"s:{cid}:w")),
        (Button(_("− 1 h"), f"s:{cid}:t-"),
         Button(_("Time {value}").format(value=f"{settings.time:%H:%M}"), "noop"),
         Button(_("+ 1 h"), f"s:{cid}:t+")),
        (Button(_("Zone: {value}").format(value=settings.tz), f"s:{cid}:z"),
         Button(_("Quiet: {value}").format(
             value=f"{settings.quiet[0]:%H}–{settings.quiet[1]:%H}" if settings.quiet
             else _("off")), f"s:{cid}:q")),
        kinds[:2], kinds[2:],
    )
    text = ("⚙️ <b>" + _("Settings") + f"</b>\n\n{describe(chat, now)}\n\n"
            + _("Tap to change, or send e.g. <code>/settings time 08:30</code>, "
                "<code>/settings day fri</code>, <code>/settings tz Asia/Almaty</code>, "
                "<code>/settings quiet 22:00-08:00</code>."))
    return Reply(text, rows)


def apply_setting(settings: ChatSettings, key: str, value: str) -> ChatSettings:
    """A text setting (``/settings time 08:30``); ValueError with a short reason."""
    key = key.lower()
    if key in {"time", "at"}:
        return with_changes(settings, time=parse_time(value))
    if key in {"day", "weekday"}:
        return with_changes(settings, weekday=parse_weekday(english_weekday(value)))
    if key in {"freq", "frequency"}:
        if value.lower() not in {"daily", "weekly"}:
            raise ValueError("frequency is daily or weekly")
        return with_changes(settings, frequency=value.lower())
    if key in {"tz", "zone", "timezone"}:
        return with_changes(settings, tz=parse_zone(value))
    if key == "quiet":
        if value.lower() in {"off", "none", "no"}:
            return with_changes(settings, quiet=None)
        match = re.fullmatch(r"(\d{1,2}(?:[:.]\d{2})?)\s*[-–]\s*(\d{1,2}(?:[:.]\d{2})?)", value)
        if not match:
            raise ValueError("quiet hours are FROM-TO, e.g. 22:00-08:00, or off")
        return with_changes(settings, quiet=(parse_time(match.group(1)),
                                             parse_time(match.group(2))))
    raise ValueError("settings are time, day, freq, tz and quiet")


def toggle(settings: ChatSettings, action: str) -> ChatSettings:
    """What a settings button does."""
    if action == "f":
        return with_changes(settings, frequency="weekly" if settings.frequency == "daily"
                            else "daily")
    if action == "w":
        return with_changes(settings, weekday=(settings.weekday + 1) % 7)
    if action in {"t+", "t-"}:
        hour = (settings.time.hour + (1 if action == "t+" else -1)) % 24
        return with_changes(settings, time=settings.time.replace(hour=hour))
    if action == "z":
        index = ZONES.index(settings.tz) + 1 if settings.tz in ZONES else 0
        return with_changes(settings, tz=ZONES[index % len(ZONES)])
    if action == "q":
        current = (tuple(f"{t:%H:%M}" for t in settings.quiet) if settings.quiet else None)
        index = QUIET_PRESETS.index(current) + 1 if current in QUIET_PRESETS else 0
        preset = QUIET_PRESETS[index % len(QUIET_PRESETS)]
        return with_changes(settings, quiet=(parse_time(preset[0]), parse_time(preset[1]))
                            if preset else None)
    if action.startswith("k:") and action[2:] in KINDS:
        return with_changes(settings, kinds=settings.kinds ^ {action[2:]})
    raise ValueError("unknown setting")


async def settings_command(update: Update, context: Context) -> None:
    """Show settings with buttons, or change one: ``/settings time 08:30``."""
    words = argument_text(update).split()
    try:
        where = await target(update, context, words)
    except Refused as refused:
        await send(update, context, Reply(str(refused)))
        return
    chat = chat_doc(context, where)
    now = services(context).now()
    if words:
        if len(words) < 2:
            await send(update, context, Reply(_("Send a setting and a value, e.g. "
                                                "<code>/settings time 08:30</code>.")))
            return
        try:
            settings = apply_setting(settings_of(chat), words[0], " ".join(words[1:]))
        except ValueError as error:
            await send(update, context, Reply(f"{esc(reason(error))}."))
            return
        chat["settings"] = settings.to_dict()
        services(context).store.put_chat(chat)
    await send(update, context, settings_reply(chat, now))


async def settings_button(update: Update, context: Context) -> None:
    """A settings button: checks the user may manage that chat, then edits in place."""
    query = update.callback_query
    assert query is not None
    _prefix, chat_text, action = (query.data or "").split(":", 2)
    chat = update.effective_chat
    try:
        chat_id = int(chat_text)
        if chat is not None and chat_id != chat.id:
            known = services(context).store.get_chat(chat_id)
            name = [f"@{known['username']}"] if known and known.get("username") else []
            if not name:
                raise Refused(_("Send /settings @channel again."))
            await target(update, context, name)
        else:
            await target(update, context, [])
    except (Refused, ValueError) as refused:
        await query.answer(re.sub(r"<[^>]+>", "", str(refused))[:190], show_alert=True)
        return
    store = services(context).store
    doc = store.get_chat(chat_id)
    if doc is None:
        await query.answer(_("This chat is not set up any more: send /subscribe."))
        return
    try:
        doc["settings"] = toggle(settings_of(doc), action).to_dict()
    except ValueError:
        await query.answer()
        return
    store.put_chat(doc)
    await query.answer(_("Saved"))
    await edit(update, context, settings_reply(doc, services(context).now()))


# --------------------------------------------------------------------------- membership

async def membership(update: Update, context: Context) -> None:
    """The bot was added, removed or blocked: keep the chat's state in step."""
    change: ChatMemberUpdated | None = update.my_chat_member
    if change is None:
        return
    store = services(context).store
    chat: Chat = change.chat
    status = change.new_chat_member.status
    if status in {ChatMember.LEFT, ChatMember.BANNED}:
        deactivate(store, chat.id, f"bot {status}")
        return
    doc = store.get_chat(chat.id) or new_chat(chat.id, chat.type, chat.title or "",
                                              services(context).now())
    doc.update(active=True, type=chat.type, title=chat.title or doc.get("title", ""))
    if chat.username:
        doc["username"] = chat.username
    doc.pop("deactivated", None)
    store.put_chat(doc)


async def migrated(update: Update, context: Context) -> None:
    """A group became a supergroup: move its subscription to the new id."""
    message = update.effective_message
    if message is not None and message.migrate_to_chat_id:
        migrate(services(context).store, message.chat.id, message.migrate_to_chat_id)


# --------------------------------------------------------------------------- calendar

def calendar_token(store: Any, chat: dict[str, Any], reset: bool = False) -> str:
    """The chat's calendar feed token (made on first use; ``reset`` revokes the old one). The
    store's meta maps tokens to chats, so the feed is found without reading every chat."""
    tokens = dict(store.get_meta("calendar_tokens") or {})
    old = chat.get("calendar_token")
    if old and not reset:
        return str(old)
    tokens.pop(old, None)
    token = secrets.token_urlsafe(18)
    tokens[token] = chat["id"]
    chat["calendar_token"] = token
    chat.setdefault("language", current())  # the feed is written in it, as digests are
    store.put_chat(chat)
    store.put_meta("calendar_tokens", tokens)
    return token


async def calendar(update: Update, context: Context) -> None:
    """Upcoming dates and anniversaries as an .ics file, and (with a public address) a link to
    subscribe to them; ``/calendar reset`` makes a new link and stops the old one."""
    s = services(context)
    chat = update.effective_chat
    if chat is None:
        return
    reset = argument_text(update).strip().lower() == "reset"
    if reset and chat.type != ChatType.PRIVATE and not await may_manage(update, context):
        await send(update, context, Reply(_("Only administrators of this group can make a "
                                            "new calendar link.")))  # members only use it
        return
    link = ""
    if s.public_url:
        doc = s.store.get_chat(chat.id) or new_chat(chat.id, chat.type, chat.title or "",
                                                     s.now())
        token = calendar_token(s.store, doc, reset)
        feed = f"{s.public_url}/calendar/{token}.ics"
        link = "\n" + _("Subscribe in your calendar app: {link} (private to this chat: "
                        "<code>/calendar reset</code> makes a new one and stops this).").format(
            link=esc(re.sub(r"^https?://", "webcal://", feed)))
    data, count = calendar_file(s.store, s.today(), s.tz)
    if not count:
        await send(update, context, Reply(_("Nothing dated ahead to put in a calendar yet.")
                                          + link))
        return
    await context.bot.send_document(
        chat.id, document=data, filename="kz-parliament.ics",
        message_thread_id=thread_of(update),
        caption=ngettext("📅 {n} upcoming date or anniversary. Open the file to add it to your "
                         "calendar.", "📅 {n} upcoming dates and anniversaries. Open the file to "
                         "add them to your calendar.", count).format(n=count),
        parse_mode=None)  # a plain caption, as before the Defaults made HTML the rule
    if link:
        await send(update, context, Reply(link.strip()))


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("subscribe", subscribe))
    app.add_handler(CommandHandler("unsubscribe", unsubscribe))
    app.add_handler(CommandHandler("settings", settings_command))
    app.add_handler(CommandHandler("follow", follows.follow))
    app.add_handler(CommandHandler("following", follows.following))
    app.add_handler(CommandHandler("unfollow", follows.unfollow))
    app.add_handler(CommandHandler("calendar", calendar))
    app.add_handler(CallbackQueryHandler(settings_button, pattern=r"^s:-?\d+:"))
    app.add_handler(CallbackQueryHandler(follows.follow_button, pattern=r"^f:[bo]:"))
    app.add_handler(CallbackQueryHandler(follows.unfollow_button, pattern=r"^u:\d+$"))
    app.add_handler(ChatMemberHandler(membership, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, migrated))
