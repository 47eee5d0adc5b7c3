"""Operator commands, for users in ``BOT_ADMINS``: /broadcast, /stats, /ingest."""

from __future__ import annotations

import secrets
from collections import Counter

from telegram import Update

from bot.core.articles import (
    MAX_ARTICLE_BYTES,
    MAX_PAGE_BYTES,
    ArticleError,
    check_article_bytes,
)
from bot.core.ledger import Outcome
from bot.core.models import Article
from bot.delivery import active_subscribers
from bot.handlers.access import is_operator
from bot.handlers.common import Context, argument_text, edit, send, services
from bot.i18n import N_, _, ngettext
from bot.ingest import IngestResult, ingest
from bot.render import Button, Reply, cut, esc, number, show_date
from bot.scheduler import run_tick
from bot.views.callbacks import BroadcastAnswer, parse
from bot.web.pages import PageError, is_page_name, page_article

MAX_BROADCAST = 3500

# Delivery outcomes as /stats counts them (the stored words stay English).
OUTCOMES: dict[str, str] = {
    Outcome.SENT: N_("sent"), "sending": N_("sending"), Outcome.SKIPPED: N_("skipped"),
    Outcome.FORBIDDEN: N_("forbidden"), Outcome.MIGRATED: N_("migrated"),
    Outcome.TOPIC_GONE: N_("topic gone"), Outcome.GONE: N_("gone"),
    Outcome.REFUSED: N_("refused"), Outcome.DOUBT: N_("doubt"), Outcome.RETRY: N_("retry")}


def chats_of_kind(n: int, kind: str) -> str:
    """ "3 private chats", «3 личных чата»: a count of one kind of chat, in the chat's plural."""
    counted = {"private": ngettext("{n} private chat", "{n} private chats", n),
               "group": ngettext("{n} group", "{n} groups", n),
               "supergroup": ngettext("{n} supergroup", "{n} supergroups", n),
               "channel": ngettext("{n} channel", "{n} channels", n)}
    return counted.get(kind, "{n} " + esc(kind)).format(n=number(n))


def _word(words: dict[str, str], key: str) -> str:
    return _(words[key]) if key in words else key


async def refuse_non_operator(update: Update, context: Context) -> None:
    await send(update, context, Reply(_("This command is for the bot's operators.")))


async def broadcast(update: Update, context: Context) -> None:
    """Preview a message to every subscribed chat, with a confirm button."""
    if not is_operator(update, context):
        await refuse_non_operator(update, context)
        return
    text = argument_text(update).strip()
    if not text:
        await send(update, context, Reply(_("Send the text after the command: "
                                            "<code>/broadcast The Senate meets at 10:00.</code>")))
        return
    if len(text) > MAX_BROADCAST:
        await send(update, context, Reply(ngettext(
            "That is {n} character; a broadcast is at most {limit}.",
            "That is {n} characters; a broadcast is at most {limit}.", len(text)).format(
                n=number(len(text)), limit=number(MAX_BROADCAST))))
        return
    store = services(context).store
    broadcast_id = secrets.token_hex(4)
    pending = [b for b in store.get_meta("broadcasts") or [] if b.get("status") != "draft"]
    pending.append({"id": broadcast_id, "text": text, "status": "draft",
                    "by": update.effective_user.id if update.effective_user else None,
                    "at": services(context).now().isoformat()})
    store.put_meta("broadcasts", pending)
    count = len(active_subscribers(store))
    preview = ("<b>" + _("Preview") + "</b> — "
               + ngettext("to {n} subscribed chat:", "to {n} subscribed chats:", count).format(
                   n=count) + f"\n\n📣 {esc(text)}")
    await send(update, context, Reply(preview, (
        (Button("✅ " + _("Send"), BroadcastAnswer(broadcast_id, send=True).pack()),
         Button("✖ " + _("Cancel"), BroadcastAnswer(broadcast_id, send=False).pack())),)))


async def broadcast_button(update: Update, context: Context) -> None:
    """Confirm or cancel a broadcast; the tick job delivers it (and resumes it after a crash)."""
    query = update.callback_query
    assert query is not None
    if not is_operator(update, context):
        await query.answer(_("Only operators can do this."), show_alert=True)
        return
    press = parse(query.data)
    assert isinstance(press, BroadcastAnswer)  # the handler's pattern
    broadcast_id, sending = press.broadcast_id, press.send
    store = services(context).store
    broadcasts = store.get_meta("broadcasts") or []
    target = next((b for b in broadcasts if b["id"] == broadcast_id), None)
    if target is None or target.get("status") != "draft":
        await query.answer(_("This broadcast was already handled."))
        return
    target["status"] = "sending" if sending else "cancelled"
    store.put_meta("broadcasts", broadcasts)
    await query.answer(_("Sending…") if sending else _("Cancelled"))
    await edit(update, context, Reply(
        ("📣 " + _("Sending to subscribed chats (chats in their quiet hours get it after):")
         if sending else "✖ " + _("Cancelled:")) + "\n\n" + esc(cut(target["text"], 3000))))
    if sending:
        context.application.create_task(run_tick(context.bot, services(context)),
                                        update=update, name=f"broadcast:{broadcast_id}")


async def stats(update: Update, context: Context) -> None:
    """Chats, subscriptions, follows and deliveries."""
    if not is_operator(update, context):
        await refuse_non_operator(update, context)
        return
    store = services(context).store
    chats = store.all_chats()
    by_type = Counter(c.type for c in chats if c.active)
    outcomes = Counter(state for _chat, _item, state in store.ledger_items())
    events, officials, bills = (len(store.all_events()), len(store.all_officials()),
                                len(store.all_bills()))
    lines = [
        "<b>" + _("Stats") + "</b>", "",
        _("Chats: {total}; active: {active} ({kinds})").format(
            total=number(len(chats)),
            active=number(sum(1 for c in chats if c.active)),
            kinds=", ".join(chats_of_kind(n, t) for t, n in sorted(by_type.items()))
            or _("none")),
        _("Subscribed: {n}").format(n=number(len(active_subscribers(store)))),
        _("Follows: {n}").format(n=number(sum(len(c.follows) for c in chats))),
        _("Deliveries: {outcomes}").format(
            outcomes=", ".join(f"{n} {esc(_word(OUTCOMES, s))}"
                               for s, n in sorted(outcomes.items())) or _("none yet")),
        _("Knowledge: {events}, {officials}, {bills}").format(
            events=ngettext("{n} event", "{n} events", events).format(n=number(events)),
            officials=ngettext("{n} official", "{n} officials", officials).format(
                n=number(officials)),
            bills=ngettext("{n} bill", "{n} bills", bills).format(n=number(bills))),
    ]
    await send(update, context, Reply("\n".join(lines)))


async def ingest_command(update: Update, context: Context) -> None:
    """Add an article: a text file sent with /ingest as caption, a reply to one, or pasted text."""
    if not is_operator(update, context):
        await refuse_non_operator(update, context)
        return
    message = update.effective_message
    assert message is not None
    document = message.document or (message.reply_to_message.document
                                    if message.reply_to_message else None)
    name, page_type = "pasted text", None
    if document is not None:
        name = document.file_name or "file"
        if is_page_name(name) or "html" in (document.mime_type or ""):
            page_type = document.mime_type or "text/html"  # a saved web page: its article
        limit = MAX_PAGE_BYTES if page_type else MAX_ARTICLE_BYTES
        if (document.file_size or 0) > limit:
            await send(update, context, Reply(_("{name} is too large for an article (over "
                                                "{limit} bytes).").format(
                name=esc(name), limit=number(limit))))
            return
        raw = bytes(await (await document.get_file()).download_as_bytearray())
    else:
        raw = argument_text(update).encode()
        if not raw.strip():
            await send(update, context, Reply(_(
                "Send a .txt file with the caption /ingest, reply /ingest to a file, or paste "
                "the article after the command.")))
            return
    try:
        article = (page_article(raw, name, page_type) if page_type
                   else Article(check_article_bytes(raw, name), name=name))
    except (ArticleError, PageError) as error:
        await send(update, context, Reply(_("Not ingested: {reason}").format(reason=esc(error))))
        return
    s = services(context)
    results = ingest(s.store, [article], now=s.now())
    await send(update, context, ingest_reply(results[0]))
    # Follow alerts go out now rather than at the next minute's tick.
    context.application.create_task(run_tick(context.bot, s), update=update, name="ingest-tick")


def ingest_reply(result: IngestResult) -> Reply:
    """What /ingest did with the article, in the chat's language (names and titles as given)."""
    name = esc(result.article.name or "text")
    if result.skipped is not None:
        return Reply(_("skipped {name}: {reason}").format(name=name, reason=esc(result.skipped)))
    if result.update is None:
        return Reply(_("unchanged {name}: already known as event {event}").format(
            name=name, event=esc(result.event_id)))
    event = result.update.event
    parts = [ngettext("{n} official", "{n} officials", len(event.officials)).format(
                 n=len(event.officials)),
             ngettext("{n} bill", "{n} bills", len(event.bills)).format(n=number(len(event.bills))),
             ngettext("{n} dated mention", "{n} dated mentions", len(event.mentions)).format(
                 n=len(event.mentions))]
    if result.update.new_officials:
        parts.append(_("new officials: {names}").format(
            names=esc(", ".join(result.update.new_officials))))
    if result.update.changed_bills:
        parts.append(_("bills changed: {names}").format(
            names=esc(", ".join(result.update.changed_bills))))
    return Reply(_("added {name}: event {event} ({date}) “{title}”").format(
        name=name, event=esc(event.id), date=esc(show_date(event.date)), title=esc(event.title))
        + "; " + "; ".join(parts))

