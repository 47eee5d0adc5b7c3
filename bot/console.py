"""``python -m bot reply`` and ``python -m bot console``: the real handlers, no Telegram."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from bot.app import BotApp, build_application
from bot.config import ConfigError, timezone
from bot.ingest import open_store
from bot.offline import OFFLINE_TOKEN, OfflineRequest, callback_update, message_update
from bot.services import Services


def _services() -> Services:
    admins = frozenset(int(a) for a in os.environ.get("BOT_ADMINS", "").replace(",", " ").split()
                       if a.lstrip("-").isdigit())
    return Services(tz=timezone(), admins=admins)


def _build(db: Path) -> tuple[BotApp, OfflineRequest]:
    request = OfflineRequest()
    store = open_store(db)
    app = build_application(store, OFFLINE_TOKEN, request=request, services=_services(),
                            rate_limit=None, jobs=False)
    return app, request


def reply(db: Path, text: str, chat: int | None, user: int) -> int:
    """Print the HTML of every message the bot would send in answer to ``text``."""
    if not text.strip():
        raise ConfigError("reply: the message text is empty")
    try:
        app, request = _build(db)
    except ConfigError:
        raise

    async def main() -> None:
        async with app:
            await app.process_update(message_update(text, chat or user, user, app.bot))
        app.bot_data.store.close()

    asyncio.run(main())
    texts = [params.get("text", "") or f"[{method}]" for method, params in request.sent]
    print("\n\n".join(texts))
    return 0


def console(db: Path) -> int:
    """An interactive chat: type messages; ``:N`` presses button N of the last message."""
    app, request = _build(db)
    user = 1000
    print("Chatting with the bot. Type /help; ':N' presses a button; Ctrl-D quits.")

    async def main() -> None:
        async with app:
            buttons: list[str] = []
            last_id, last_text = 0, ""
            loop = asyncio.get_running_loop()
            while True:
                line = await loop.run_in_executor(None, _read_line)
                if line is None:
                    break
                line = line.strip()
                if not line:
                    continue
                before = len(request.sent)
                if line.startswith(":") and line[1:].isdigit() and buttons:
                    index = int(line[1:]) - 1
                    if not 0 <= index < len(buttons):
                        print("(no such button)")
                        continue
                    update = callback_update(buttons[index], user, user, last_id, last_text,
                                             app.bot)
                else:
                    update = message_update(line, user, user, app.bot)
                await app.process_update(update)
                for method, params in request.sent[before:]:
                    last_text = params.get("text", "")
                    last_id = int(params.get("message_id") or len(request.sent))
                    print(("(edited) " if method == "editMessageText" else "") + last_text)
                    markup = params.get("reply_markup") or {}
                    rows = markup.get("inline_keyboard", []) if isinstance(markup, dict) else []
                    buttons = [b.get("callback_data", "") for row in rows for b in row]
                    labels = [b.get("text", "") for row in rows for b in row]
                    for number, label in enumerate(labels, 1):
                        print(f"  [:{number}] {label}")
                    print()
        app.bot_data.store.close()

    asyncio.run(main())
    return 0


def _read_line() -> str | None:
    try:
        return input("> ")
    except EOFError:
        print(file=sys.stderr)
        return None
