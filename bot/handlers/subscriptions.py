"""Subscribing chats, their settings and follows; chat membership changes; the calendar."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from telegram import Chat, ChatMember, ChatMemberUpdated, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.calendar import calendar_file
from bot.core import lookup
from bot.core.digest import Follow
from bot.core.schedule import (
    KINDS,
    WEEKDAY_NAMES,
    ChatSettings,
    next_moment,
    parse_time,
    parse_weekday,
    parse_zone,
    with_changes,
)
from bot.core.text import fold
from bot.delivery import deactivate, migrate
from bot.handlers.common import Context, argument_text, edit, send, services
from bot.render import Button, Reply, cut, esc, show_date
from bot.scheduler import follows_of, new_chat, settings_of

ADMIN_STATUSES = {ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}
ZONES = ("Asia/Almaty", "Asia/Aqtobe", "Europe/Moscow", "UTC", "Europe/Berlin",
         "America/New_York")
QUIET_PRESETS: tuple[tuple[str, str] | None, ...] = (
    ("22:00", "08:00"), ("23:00", "07:00"), ("21:00", "09:00"), None)
KIND_LABELS = {"digest": "Digest", "follow": "Follow alerts", "upcoming": "Upcoming dates",
               "anniversary": "Anniversaries"}
MAX_FOLLOWS = 50


class Refused(Exception):
    """The user may not do this here; the message says why (already HTML-safe)."""


# --------------------------------------------------------------------------- who may act

async def _target(update: Update, context: Context, words: list[str]) -> tuple[int, str, str]:
    """See ``_target_full``; without the channel's @name."""
    chat_id, chat_type, title, _name = await _target_full(update, context, words)
    return chat_id, chat_type, title


async def _target_full(update: Update, context: Context, words: list[str]
                       ) -> tuple[int, str, str, str]:
    """The chat to act on: this chat, or a channel named ``@channel`` (from a private chat).

    Checks with the Bot API, not the message, that the user may manage it; raises ``Refused``.
    """
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None
    if words and words[0].startswith("@"):
        return await _channel(update, context, words.pop(0))
    if chat.type == ChatType.PRIVATE:
        return chat.id, chat.type, chat.full_name or "", ""
    if chat.type == ChatType.CHANNEL:
        raise Refused("Register a channel from a private chat with me: "
                      "<code>/subscribe @channel</code>.")
    message = update.effective_message
    if message is not None and message.sender_chat is not None and \
            message.sender_chat.id == chat.id:
        return chat.id, chat.type, chat.title or "", ""  # an anonymous admin of this group
    if user is None:
        raise Refused("I can't tell who is asking.")
    member = await context.bot.get_chat_member(chat.id, user.id)
    if member.status not in ADMIN_STATUSES:
        raise Refused("Only administrators of this group can change its subscription.")
    return chat.id, chat.type, chat.title or "", ""


async def _channel(update: Update, context: Context, name: str) -> tuple[int, str, str, str]:
    chat, user = update.effective_chat, update.effective_user
    if chat is None or chat.type != ChatType.PRIVATE or user is None:
        raise Refused("Manage a channel from a private chat with me.")
    if not re.fullmatch(r"@[A-Za-z][A-Za-z0-9_]{3,31}", name):
        raise Refused(f"{esc(cut(name, 40))} is not a channel name (like @my_channel).")
    try:
        target = await context.bot.get_chat(name)
    except (BadRequest, Forbidden):
        raise Refused(f"I can't find {esc(name)}. Add me to the channel as an administrator "
                      "first, then try again.") from None
    if target.type != ChatType.CHANNEL:
        raise Refused(f"{esc(name)} is not a channel. For a group, send the command in the "
                      "group itself.")
    try:
        member = await context.bot.get_chat_member(target.id, user.id)
    except TelegramError:
        member = None
    if member is None or member.status not in ADMIN_STATUSES:
        raise Refused(f"Only administrators of {esc(name)} can do this, and you are not one.")
    me = await context.bot.get_chat_member(target.id, context.bot.id)
    can_post = getattr(me, "can_post_messages", False)
    if me.status not in ADMIN_STATUSES or not (me.status == ChatMemberStatus.OWNER or can_post):
        raise Refused(f"I need to be an administrator of {esc(name)} with the right to post "
                      "messages. Add me in the channel's settings, then try again.")
    return target.id, target.type, target.title or name, name.lstrip("@")


def _chat_doc(context: Context, chat_id: int, chat_type: str, title: str) -> dict[str, Any]:
    s = services(context)
    chat = s.store.get_chat(chat_id)
    if chat is None:
        chat = new_chat(chat_id, chat_type, title, s.now())
    chat.update(active=True, type=chat_type, title=title or chat.get("title", ""))
    return chat


# --------------------------------------------------------------------------- subscribe

def parse_subscribe_args(words: list[str], settings: ChatSettings) -> ChatSettings:
    """``daily|weekly``, ``HH:MM`` and a weekday, in any order; ValueError says what is wrong."""
    for word in words:
        low = word.lower()
        if low in {"daily", "weekly"}:
            settings = with_changes(settings, frequency=low)
        elif re.fullmatch(r"\d{1,2}([:.]\d{2})?", word):
            settings = with_changes(settings, time=parse_time(word))
        elif low[:3] in {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}:
            settings = with_changes(settings, weekday=parse_weekday(word), frequency="weekly")
        else:
            raise ValueError(f"I don't understand “{cut(word, 30)}”. Use daily or weekly, a "
                             "time like 08:30, and for weekly a day like Mon")
    return settings


def describe(chat: dict[str, Any], now: dt.datetime) -> str:
    settings = settings_of(chat)
    if settings.frequency == "weekly":
        when = f"weekly on {WEEKDAY_NAMES[settings.weekday]} at {settings.time:%H:%M}"
    else:
        when = f"daily at {settings.time:%H:%M}"
    kinds = ", ".join(KIND_LABELS[k] for k in KINDS if k in settings.kinds) or "nothing"
    quiet = (f"{settings.quiet[0]:%H:%M}–{settings.quiet[1]:%H:%M}" if settings.quiet else "off")
    lines = [
        f"<b>Digest:</b> {when} ({esc(settings.tz)})" if chat.get("subscribed")
        else "<b>Digest:</b> not subscribed (/subscribe)",
        f"<b>You get:</b> {kinds}",
        f"<b>Quiet hours:</b> {quiet}",
    ]
    if chat.get("subscribed"):
        nxt = next_moment(settings, now).astimezone(settings.zone)
        lines.append(f"<b>Next digest:</b> {show_date(nxt.date())}, {nxt:%H:%M}")
    return "\n".join(lines)


async def subscribe(update: Update, context: Context) -> None:
    """Subscribe this chat (or ``@channel``) to digests and reminders."""
    words = argument_text(update).split()
    try:
        chat_id, chat_type, title, username = await _target_full(update, context, words)
        chat = _chat_doc(context, chat_id, chat_type, title)
        if username:
            chat["username"] = username
        settings = parse_subscribe_args(words, settings_of(chat))
    except Refused as refused:
        await send(update, context, Reply(str(refused)))
        return
    except ValueError as error:
        await send(update, context, Reply(f"{esc(error)}. Example: "
                                          "<code>/subscribe weekly 09:00 Mon</code>."))
        return
    now = services(context).now()
    if not chat.get("subscribed"):
        chat["subscribed_at"] = now.isoformat()
        chat["last_digest_at"] = now.isoformat()
    chat["subscribed"] = True
    if "digest" not in settings.kinds:
        settings = with_changes(settings, kinds=settings.kinds | {"digest"})
    chat["settings"] = settings.to_dict()
    services(context).store.put_chat(chat)
    where = "This channel" if chat_type == ChatType.CHANNEL else "This chat"
    await send(update, context, Reply(f"✅ {where} is subscribed.\n\n{describe(chat, now)}\n\n"
                                      "Change it with /settings; stop with /unsubscribe."))


async def unsubscribe(update: Update, context: Context) -> None:
    """Stop digests and reminders (follows stay until /unfollow)."""
    words = argument_text(update).split()
    try:
        chat_id, _type, _title = await _target(update, context, words)
    except Refused as refused:
        await send(update, context, Reply(str(refused)))
        return
    store = services(context).store
    chat = store.get_chat(chat_id)
    if chat is None or not chat.get("subscribed"):
        await send(update, context, Reply("This chat is not subscribed. /subscribe to start."))
        return
    chat["subscribed"] = False
    store.put_chat(chat)
    await send(update, context, Reply("🔕 Unsubscribed: no more digests or reminders here. "
                                      "Follow alerts stay until you /unfollow."))


# --------------------------------------------------------------------------- settings

def settings_reply(chat: dict[str, Any], now: dt.datetime) -> Reply:
    settings = settings_of(chat)
    cid = chat["id"]
    kinds = tuple(Button(("✅ " if k in settings.kinds else "▫️ ") + KIND_LABELS[k],
                         f"s:{cid}:k:{k}") for k in KINDS)
    rows = (
        (Button(f"Frequency: {settings.frequency}", f"s:{cid}:f"),
         Button(f"Day: {WEEKDAY_NAMES[settings.weekday][:3]}", f"s:{cid}:w")),
        (Button("− 1 h", f"s:{cid}:t-"), Button(f"Time {settings.time:%H:%M}", "noop"),
         Button("+ 1 h", f"s:{cid}:t+")),
        (Button(f"Zone: {settings.tz}", f"s:{cid}:z"),
         Button("Quiet: " + (f"{settings.quiet[0]:%H}–{settings.quiet[1]:%H}"
                             if settings.quiet else "off"), f"s:{cid}:q")),
        kinds[:2], kinds[2:],
    )
    text = (f"⚙️ <b>Settings</b>\n\n{describe(chat, now)}\n\nTap to change, or send e.g. "
            "<code>/settings time 08:30</code>, <code>/settings day fri</code>, "
            "<code>/settings tz Asia/Almaty</code>, <code>/settings quiet 22:00-08:00</code>.")
    return Reply(text, rows)


def apply_setting(settings: ChatSettings, key: str, value: str) -> ChatSettings:
    """A text setting (``/settings time 08:30``); ValueError with a short reason."""
    key = key.lower()
    if key in {"time", "at"}:
        return with_changes(settings, time=parse_time(value))
    if key in {"day", "weekday"}:
        return with_changes(settings, weekday=parse_weekday(value))
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
        chat_id, chat_type, title = await _target(update, context, words)
    except Refused as refused:
        await send(update, context, Reply(str(refused)))
        return
    chat = _chat_doc(context, chat_id, chat_type, title)
    now = services(context).now()
    if words:
        if len(words) < 2:
            await send(update, context, Reply("Send a setting and a value, e.g. "
                                              "<code>/settings time 08:30</code>."))
            return
        try:
            settings = apply_setting(settings_of(chat), words[0], " ".join(words[1:]))
        except ValueError as error:
            await send(update, context, Reply(f"{esc(error)}."))
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
            target = services(context).store.get_chat(chat_id)
            name = [f"@{target['username']}"] if target and target.get("username") else []
            if not name:
                raise Refused("Send /settings @channel again.")
            await _target(update, context, name)
        else:
            await _target(update, context, [])
    except (Refused, ValueError) as refused:
        await query.answer(re.sub(r"<[^>]+>", "", str(refused))[:190], show_alert=True)
        return
    store = services(context).store
    doc = store.get_chat(chat_id)
    if doc is None:
        await query.answer("This chat is not set up any more: send /subscribe.")
        return
    try:
        doc["settings"] = toggle(settings_of(doc), action).to_dict()
    except ValueError:
        await query.answer()
        return
    store.put_chat(doc)
    await query.answer("Saved")
    await edit(update, context, settings_reply(doc, services(context).now()))


# --------------------------------------------------------------------------- follows

def _resolve_follow(context: Context, words: list[str]) -> Follow | Reply:
    store = services(context).store
    if not words:
        return Reply("Follow what? e.g. <code>/follow bill water code</code>, "
                     "<code>/follow official Ashimbayev</code> or <code>/follow maslikhat</code>.")
    kind = words[0].lower()
    rest = " ".join(words[1:]).strip()
    if kind in {"bill", "official"} and rest:
        if len(rest) > 200:
            return Reply("That is too long for a name.")
        if kind == "bill":
            bills = lookup.find_bill(rest, store.all_bills())
            if bills.kind == "found":
                bill = bills.items[0]
                return Follow("bill", bill.id, bill.display_title)
            return Reply("Which bill?" if bills.items else
                         f"No bill matches “{esc(cut(rest, 60))}”. See /bills.",
                         tuple((Button(cut(b.display_title, 60), f"f:b:{b.id}"),)
                               for b in bills.items[:6]))
        people = lookup.find_official(rest, store.all_officials())
        if people.kind == "found":
            person = people.items[0]
            return Follow("official", person.id, person.name)
        return Reply("Which official?" if people.items else
                     f"No official matches “{esc(cut(rest, 60))}”. See /officials.",
                     tuple((Button(cut(o.name, 60), f"f:o:{o.id}"),) for o in people.items[:6]))
    keyword = " ".join(words).strip()
    folded = fold(keyword)
    if not 3 <= len(folded) <= 50:
        return Reply("A keyword is 3 to 50 letters, e.g. <code>/follow maslikhat</code>.")
    return Follow("keyword", folded, keyword)


async def _save_follow(update: Update, context: Context, follow: Follow) -> Reply:
    try:
        chat_id, chat_type, title = await _target(update, context, [])
    except Refused as refused:
        return Reply(str(refused))
    chat = _chat_doc(context, chat_id, chat_type, title)
    follows = follows_of(chat)
    if any(f.kind == follow.kind and f.key == follow.key for f in follows):
        return Reply(f"Already following {esc(follow.label)}. /following lists everything.")
    if len(follows) >= MAX_FOLLOWS:
        return Reply(f"A chat can follow up to {MAX_FOLLOWS} things: /unfollow some first.")
    if not follows:
        chat["alert_seq"] = services(context).store.last_change_seq()
    chat["follows"] = [*(f.to_dict() for f in follows), follow.to_dict()]
    services(context).store.put_chat(chat)
    return Reply(f"🔔 Following <b>{esc(follow.label)}</b>: I'll tell this chat when a new "
                 "article mentions it. /following lists what you follow.")


async def follow(update: Update, context: Context) -> None:
    """Follow a bill, an official or a keyword."""
    resolved = _resolve_follow(context, argument_text(update).split())
    if isinstance(resolved, Reply):
        await send(update, context, resolved)
        return
    await send(update, context, await _save_follow(update, context, resolved))


async def follow_button(update: Update, context: Context) -> None:
    """🔔 Follow on a card, or a choice after an ambiguous /follow."""
    query = update.callback_query
    assert query is not None
    _f, kind, item_id = (query.data or "").split(":", 2)
    store = services(context).store
    target: Follow | None = None
    if kind == "b" and (b := store.get_bill(item_id)):
        target = Follow("bill", b.id, b.display_title)
    elif kind == "o" and (o := store.get_official(item_id)):
        target = Follow("official", o.id, o.name)
    if target is None:
        await query.answer("This is no longer available.")
        return
    reply = await _save_follow(update, context, target)
    await query.answer(re.sub(r"<[^>]+>", "", reply.text)[:190])


async def following(update: Update, context: Context) -> None:
    """What this chat follows, with buttons to unfollow."""
    chat = update.effective_chat
    assert chat is not None
    doc = services(context).store.get_chat(chat.id)
    follows = follows_of(doc) if doc else []
    if not follows:
        await send(update, context, Reply("This chat follows nothing yet. Try "
                                          "<code>/follow bill water code</code>."))
        return
    icons = {"bill": "📜", "official": "👤", "keyword": "🔎"}
    lines = ["<b>Following</b>", ""] + [f"{icons[f.kind]} {esc(f.label)}" for f in follows]
    buttons = tuple((Button(f"✖ {cut(f.label, 50)}", f"u:{i}"),) for i, f in enumerate(follows))
    await send(update, context, Reply("\n".join(lines), buttons))


async def unfollow(update: Update, context: Context) -> None:
    """Stop following something."""
    words = argument_text(update).split()
    if not words:
        await following(update, context)
        return
    resolved = _resolve_follow(context, words)
    if isinstance(resolved, Reply):
        await send(update, context, resolved)
        return
    await send(update, context, await _remove_follow(update, context, resolved.kind,
                                                     resolved.key))


async def _remove_follow(update: Update, context: Context, kind: str, key: str) -> Reply:
    try:
        chat_id, _type, _title = await _target(update, context, [])
    except Refused as refused:
        return Reply(str(refused))
    store = services(context).store
    chat = store.get_chat(chat_id)
    follows = follows_of(chat) if chat else []
    kept = [f for f in follows if not (f.kind == kind and f.key == key)]
    if chat is None or len(kept) == len(follows):
        return Reply("This chat wasn't following that. /following lists what it follows.")
    chat["follows"] = [f.to_dict() for f in kept]
    store.put_chat(chat)
    return Reply("Done: no more alerts about that here.")


async def unfollow_button(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    doc = services(context).store.get_chat(update.effective_chat.id)
    follows = follows_of(doc) if doc else []
    index = int((query.data or "u:-1").split(":")[1])
    if not 0 <= index < len(follows):
        await query.answer("Already gone.")
        return
    reply = await _remove_follow(update, context, follows[index].kind, follows[index].key)
    await query.answer(re.sub(r"<[^>]+>", "", reply.text)[:190])


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

async def calendar(update: Update, context: Context) -> None:
    """Upcoming dates and anniversaries as an .ics file."""
    s = services(context)
    chat = update.effective_chat
    if chat is None:
        return
    data, count = calendar_file(s.store, s.today(), s.tz)
    if not count:
        await send(update, context, Reply("Nothing dated ahead to put in a calendar yet."))
        return
    await context.bot.send_document(
        chat.id, document=data, filename="kz-parliament.ics",
        caption=f"📅 {count} upcoming dates and anniversaries. Open the file to add them to "
                "your calendar.")


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("subscribe", subscribe))
    app.add_handler(CommandHandler("unsubscribe", unsubscribe))
    app.add_handler(CommandHandler("settings", settings_command))
    app.add_handler(CommandHandler("follow", follow))
    app.add_handler(CommandHandler("following", following))
    app.add_handler(CommandHandler("unfollow", unfollow))
    app.add_handler(CommandHandler("calendar", calendar))
    app.add_handler(CallbackQueryHandler(settings_button, pattern=r"^s:-?\d+:"))
    app.add_handler(CallbackQueryHandler(follow_button, pattern=r"^f:[bo]:"))
    app.add_handler(CallbackQueryHandler(unfollow_button, pattern=r"^u:\d+$"))
    app.add_handler(ChatMemberHandler(membership, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, migrated))
