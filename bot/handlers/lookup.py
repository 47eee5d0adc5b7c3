"""Commands about officials, bills and events; the buttons that page and open cards."""

from __future__ import annotations

import re

from telegram import Update

from bot import views
from bot.handlers.common import Context, argument_text, edit, send, services
from bot.i18n import _, ngettext
from bot.render import Reply, cut, esc, number
from bot.services import COMMANDS
from bot.views import callbacks


def help_text(is_admin: bool, bot_name: str = "ParliamentBot") -> str:
    lines = ["<b>" + _("What I can do") + "</b>", ""]
    for command in COMMANDS:
        if command.admin and not is_admin:
            continue
        usage = f"/{command.name} {_(command.args)}" if command.args else f"/{command.name}"
        lines.append(f"{esc(usage)} — {esc(_(command.description))}")
    lines += ["", _("Names match loosely: <code>/official tokaev</code>, <code>/bill "
                    "water</code>, <code>/official Ашимбаев</code>, <code>/bill водный "
                    "кодекс</code>. In a private chat, any plain text is a search. In any chat, "
                    "type @{bot} and a name to share a card.").format(bot=esc(bot_name)),
              "", _("Since 1 July 2026 the Parliament is one chamber, the Kurultai: a bill passes "
                    "three readings there, and the third adopts it. Bills of the Parliament "
                    "before it keep their stages in the Mazhilis and the Senate.")]
    return "\n".join(lines)


async def start(update: Update, context: Context) -> None:
    """Welcome; a deep-link payload (``/start bill_water-code``) opens that card."""
    store = services(context).store
    payload = argument_text(update).strip()
    if payload == "help":  # the inline mode's "search in the bot" button
        await help_command(update, context)
        return
    match = re.fullmatch(r"(official|bill|event)_([\w-]{1,60})", payload)
    if match:
        card = views.open_item(store, callbacks.ITEM_BY_NAME[match.group(1)], match.group(2),
                               services(context).today())
        if card is not None:
            await send(update, context, card)
            return
    if payload:  # a link to something no longer (or never) known: say so, not just "hello"
        lists = {"official": "/officials", "bill": "/bills", "event": "/events"}
        see = lists.get(match.group(1), "/help") if match else "/help"
        await send(update, context, Reply(
            _("That link is out of date: I don't know “{what}” (any more). See {see} for what I "
              "know now.").format(what=esc(cut(payload, 60)), see=see)))
        return
    events, officials_, bills_ = store.sizes()
    text = "\n\n".join((
        "👋 <b>" + _("Kazakhstan's Parliament, followed for you.") + "</b>",
        _("I know {events}, {officials} and {bills} from the news.").format(
            events=ngettext("{n} event", "{n} events", events).format(n=number(events)),
            officials=ngettext("{n} official", "{n} officials", officials_).format(
                n=number(officials_)),
            bills=ngettext("{n} bill", "{n} bills", bills_).format(n=number(bills_))),
        "\n".join((_("• /officials: who holds which office"),
                   _("• /bills: where each bill stands"),
                   _("• /events and /on DATE: what happened when"),
                   _("• /upcoming and /today: what is ahead, and anniversaries"))),
        _("<b>Stay informed:</b> /subscribe for a daily or weekly digest, "
          "<code>/follow bill water code</code> for alerts. Language: /language. All commands: "
          "/help"),
    ))
    await send(update, context, Reply(text))


async def help_command(update: Update, context: Context) -> None:
    """List every command."""
    user = update.effective_user
    is_admin = bool(user and user.id in services(context).admins)
    await send(update, context, Reply(help_text(is_admin, context.bot.username or "")))


async def officials(update: Update, context: Context) -> None:
    """Who is who."""
    s = services(context)
    await send(update, context, views.officials_list(s.store, today=s.today()))


async def official(update: Update, context: Context) -> None:
    """One official's card, found loosely by name."""
    s = services(context)
    await send(update, context, views.official_lookup(s.store, argument_text(update), s.today()))


async def bills(update: Update, context: Context) -> None:
    """Bills grouped by status, optionally one status."""
    s = services(context)
    await send(update, context, views.bills_list(s.store, argument_text(update), today=s.today()))


async def bill(update: Update, context: Context) -> None:
    """One bill's card."""
    s = services(context)
    await send(update, context, views.bill_lookup(s.store, argument_text(update), s.today()))


async def events(update: Update, context: Context) -> None:
    """Latest events."""
    await send(update, context, views.events_list(services(context).store, argument_text(update)))


async def event(update: Update, context: Context) -> None:
    """One event by id."""
    await send(update, context, views.event_lookup(services(context).store,
                                                   argument_text(update)))


async def event_shortcut(update: Update, context: Context) -> None:
    """``/event_7571c05ec6``: the tappable form of ``/event ID`` used in lists."""
    message = update.effective_message
    text = (message.text or "") if message else ""
    event_id = text.split()[0].split("@")[0].removeprefix("/event_")
    await send(update, context, views.event_lookup(services(context).store, event_id))


async def on(update: Update, context: Context) -> None:
    """What happened on a day, month or year."""
    await send(update, context, views.on_date(services(context).store, argument_text(update)))


async def search(update: Update, context: Context) -> None:
    """Search everything."""
    await send(update, context, views.search(services(context).store, argument_text(update)))


async def plain_text_search(update: Update, context: Context) -> None:
    """In a private chat, plain text is a search; "who is the president?" asks the office index."""
    message = update.effective_message
    if message is not None and message.text:
        s = services(context)
        await send(update, context, views.question(s.store, message.text, s.today()))


async def upcoming(update: Update, context: Context) -> None:
    """Dated mentions ahead of today."""
    s = services(context)
    await send(update, context, views.upcoming(s.store, s.today()))


async def today(update: Update, context: Context) -> None:
    """Anniversaries of this day."""
    s = services(context)
    await send(update, context, views.today_view(s.store, s.today()))


async def button(update: Update, context: Context) -> None:
    """Pager and card buttons: edit the message in place."""
    query = update.callback_query
    if query is None:
        return
    press = callbacks.parse(query.data)
    s = services(context)
    if isinstance(press, callbacks.Noop):
        await query.answer()
        return
    reply: Reply | None = None
    if isinstance(press, callbacks.Open):
        reply = views.open_from_button(s.store, press, s.today())
    elif isinstance(press, callbacks.Page):
        reply = views.paged(s.store, press, s.today())
    if reply is None:
        await query.answer(_("This is no longer available."), show_alert=False)
        return
    await query.answer()
    await edit(update, context, reply)
