"""Operator commands, for users in ``BOT_ADMINS``: /broadcast, /stats, /ingest."""

from __future__ import annotations

import secrets
from collections import Counter

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.core.models import Article
from bot.delivery import active_subscribers
from bot.handlers.common import Context, argument_text, edit, send, services
from bot.ingest import MAX_ARTICLE_BYTES, ArticleError, check_article_bytes, ingest
from bot.render import Button, Reply, cut, esc
from bot.scheduler import run_tick

MAX_BROADCAST = 3500


def _is_admin(update: Update, context: Context) -> bool:
    user = update.effective_user
    return user is not None and user.id in services(context).admins


async def _refuse(update: Update, context: Context) -> None:
    await send(update, context, Reply("This command is for the bot's operators."))


async def broadcast(update: Update, context: Context) -> None:
    """Preview a message to every subscribed chat, with a confirm button."""
    if not _is_admin(update, context):
        await _refuse(update, context)
        return
    text = argument_text(update).strip()
    if not text:
        await send(update, context, Reply("Send the text after the command: "
                                          "<code>/broadcast The Senate meets at 10:00.</code>"))
        return
    if len(text) > MAX_BROADCAST:
        await send(update, context, Reply(f"That is {len(text):,} characters; a broadcast is at "
                                          f"most {MAX_BROADCAST:,}."))
        return
    store = services(context).store
    broadcast_id = secrets.token_hex(4)
    pending = [b for b in store.get_meta("broadcasts") or [] if b.get("status") != "draft"]
    pending.append({"id": broadcast_id, "text": text, "status": "draft",
                    "by": update.effective_user.id if update.effective_user else None,
                    "at": services(context).now().isoformat()})
    store.put_meta("broadcasts", pending)
    count = len(active_subscribers(store))
    preview = (f"<b>Preview</b> — to {count} subscribed chats:\n\n📣 {esc(text)}")
    await send(update, context, Reply(preview, ((Button("✅ Send", f"bc:y:{broadcast_id}"),
                                                  Button("✖ Cancel", f"bc:n:{broadcast_id}")),)))


async def broadcast_button(update: Update, context: Context) -> None:
    """Confirm or cancel a broadcast; the tick job delivers it (and resumes it after a crash)."""
    query = update.callback_query
    assert query is not None
    if not _is_admin(update, context):
        await query.answer("Only operators can do this.", show_alert=True)
        return
    _bc, answer, broadcast_id = (query.data or "").split(":", 2)
    store = services(context).store
    broadcasts = store.get_meta("broadcasts") or []
    target = next((b for b in broadcasts if b["id"] == broadcast_id), None)
    if target is None or target.get("status") != "draft":
        await query.answer("This broadcast was already handled.")
        return
    target["status"] = "sending" if answer == "y" else "cancelled"
    store.put_meta("broadcasts", broadcasts)
    await query.answer("Sending…" if answer == "y" else "Cancelled")
    await edit(update, context, Reply(
        ("📣 Sending to subscribed chats (chats in their quiet hours get it after):\n\n"
         if answer == "y" else "✖ Cancelled:\n\n") + esc(cut(target["text"], 3000))))
    if answer == "y":
        context.application.create_task(run_tick(context.bot, services(context)),
                                        update=update, name=f"broadcast:{broadcast_id}")


async def stats(update: Update, context: Context) -> None:
    """Chats, subscriptions, follows and deliveries."""
    if not _is_admin(update, context):
        await _refuse(update, context)
        return
    store = services(context).store
    chats = store.all_chats()
    by_type = Counter(c.get("type", "?") for c in chats if c.get("active", True))
    outcomes = Counter(state for _chat, _item, state in store.ledger_items())
    lines = [
        "<b>Stats</b>", "",
        f"Chats: {len(chats)} ({sum(1 for c in chats if c.get('active', True))} active: "
        + ", ".join(f"{n} {esc(t)}" for t, n in sorted(by_type.items())) + ")",
        f"Subscribed: {len(active_subscribers(store))}",
        f"Follows: {sum(len(c.get('follows') or []) for c in chats)}",
        "Deliveries: " + (", ".join(f"{n} {esc(s)}" for s, n in sorted(outcomes.items()))
                          or "none yet"),
        f"Knowledge: {len(store.all_events())} events, {len(store.all_officials())} officials, "
        f"{len(store.all_bills())} bills",
    ]
    await send(update, context, Reply("\n".join(lines)))


async def ingest_command(update: Update, context: Context) -> None:
    """Add an article: a text file sent with /ingest as caption, a reply to one, or pasted text."""
    if not _is_admin(update, context):
        await _refuse(update, context)
        return
    message = update.effective_message
    assert message is not None
    document = message.document or (message.reply_to_message.document
                                    if message.reply_to_message else None)
    name = "pasted text"
    if document is not None:
        name = document.file_name or "file"
        if (document.file_size or 0) > MAX_ARTICLE_BYTES:
            await send(update, context, Reply(f"{esc(name)} is too large for an article "
                                              f"(over {MAX_ARTICLE_BYTES:,} bytes)."))
            return
        raw = bytes(await (await document.get_file()).download_as_bytearray())
    else:
        raw = argument_text(update).encode()
        if not raw.strip():
            await send(update, context, Reply(
                "Send a .txt file with the caption /ingest, reply /ingest to a file, or paste "
                "the article after the command."))
            return
    try:
        text = check_article_bytes(raw, name)
    except ArticleError as error:
        await send(update, context, Reply(f"Not ingested: {esc(error)}"))
        return
    s = services(context)
    results = ingest(s.store, [Article(text, name=name)], now=s.now())
    await send(update, context, Reply(esc(results[0].describe())))
    # Follow alerts go out now rather than at the next minute's tick.
    context.application.create_task(run_tick(context.bot, s), update=update, name="ingest-tick")


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("broadcast", broadcast))
    app.add_handler(CommandHandler("stats", stats))
    app.add_handler(CommandHandler("ingest", ingest_command))
    app.add_handler(MessageHandler(filters.Document.ALL & filters.CaptionRegex(r"^/ingest\b"),
                                   ingest_command))
    app.add_handler(CallbackQueryHandler(broadcast_button, pattern=r"^bc:[yn]:"))
