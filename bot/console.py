"""``python -m bot reply`` and ``python -m bot console``: the real handlers, no Telegram.

Both show what the chat would: the HTML of each message, its buttons as a numbered list, a
button's pop-up text, and a sent file saved beside the database with its path printed.
"""

from __future__ import annotations

import asyncio
import re
import sys
import warnings
from pathlib import Path

from telegram.warnings import PTBUserWarning

from bot.app import BotApp, build_application, error_handler
from bot.config import ConfigError, Settings
from bot.context import Context
from bot.core.json_types import JsonObject
from bot.database import open_database
from bot.delivery import Outgoing
from bot.offline import (
    OFFLINE_CHANNEL,
    OFFLINE_TOKEN,
    OfflineRequest,
    callback_update,
    message_update,
)
from bot.sending import send_reply
from bot.services import Services
from store.files import StoreFileError


def _build(settings: Settings, admin_of: frozenset[int] = frozenset()
           ) -> tuple[BotApp, OfflineRequest]:
    request = OfflineRequest(admin_chats=admin_of)
    store = open_database(settings.storage.db)
    app = build_application(store, OFFLINE_TOKEN, request=request,
                            services=Services(settings=settings),
                            rate_limit=None, jobs=False)
    app.remove_error_handler(error_handler)  # its traceback and apology: for other errors only
    app.add_error_handler(_store_failed)
    # The tasks handlers start (the tick after /ingest) are awaited here (``_finish_tasks``).
    warnings.filterwarnings("ignore", "Tasks created via `Application.create_task`",
                            PTBUserWarning)

    async def preview(message: Outgoing) -> None:
        """What a tick (after /ingest, a confirmed /broadcast) would send: shown, labelled
        with its chat, and never claimed in the delivery ledger: the live bot sends it."""
        start = len(request.sent)
        await send_reply(app.bot, message.chat_id, message.reply, thread_id=message.thread_id)
        for _method, params in request.sent[start:]:
            params["_pushed"] = True

    app.bot_data.preview = preview
    return app, request


async def _finish_tasks() -> None:
    """Wait for what the handlers started (the tick after /ingest or a confirmed /broadcast),
    so its messages are shown with the reply."""
    current = asyncio.current_task()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 60  # a tick that hangs is left behind, not waited for forever
    while (pending := [t for t in asyncio.all_tasks() if t is not current and not t.done()]) \
            and loop.time() < deadline:
        await asyncio.wait(pending, timeout=deadline - loop.time())


_FAILED: list[StoreFileError | OSError] = []


async def _store_failed(update: object, context: Context) -> None:
    """A file of the database read during a reply (knowledge parts and chat files are read
    when first needed) was damaged, or the disk refused a write (a read-only folder): kept, so
    the command names it in one line and exits 2 (``_raise_store_failure``), as ``ingest``
    does; any other error is the bot's own, logged with its traceback."""
    if isinstance(context.error, StoreFileError | OSError):
        _FAILED.append(context.error)
    else:
        await error_handler(update, context)


def _raise_store_failure() -> None:
    if _FAILED:
        error = _FAILED[0]
        _FAILED.clear()
        raise error


def buttons_of(params: JsonObject) -> list[tuple[str, str]]:
    """(label, callback data or URL) of a message's inline keyboard, row by row."""
    markup = params.get("reply_markup") or {}
    rows = markup.get("inline_keyboard", []) if isinstance(markup, dict) else []
    return [(str(b.get("text", "")), str(b.get("callback_data") or b.get("url") or ""))
            for row in rows for b in row]


def save_file(request: OfflineRequest, index: int, folder: Path) -> Path:
    """Write a file the bot sent into ``folder`` (made if missing); its path."""
    name, data = request.files[index]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (re.sub(r"[^\w.-]", "_", Path(name).name) or "file")
    path.write_bytes(data)
    return path


def show(request: OfflineRequest, method: str, params: JsonObject, folder: Path) -> str:
    """One sent message as the chat would show it: text (or the saved file), then buttons."""
    if method == "sendDocument":
        saved = save_file(request, int(params["_file"]), folder) if "_file" in params else None
        text = f"[file {saved}]" if saved else "[file]"
        if params.get("caption"):
            text += f"\n{params['caption']}"
    else:
        text = ("(edited) " if method == "editMessageText" else "") + str(params.get("text", ""))
    if params.get("_pushed"):  # a message of the tick: for the live bot to send, maybe elsewhere
        topic = params.get("message_thread_id")
        text = f"→ chat {params.get('chat_id')}" + (f" (topic {topic})" if topic else "") + \
            f": {text}"
    lines = [text] + [f"  [:{number}] {label}"
                      for number, (label, _data) in enumerate(buttons_of(params), 1)]
    return "\n".join(lines)


def reply(settings: Settings, text: str, chat: int | None, user: int, lang: str | None = None,
          admin: bool = False) -> int:
    """Print every message the bot would send in answer to ``text`` (from a user whose Telegram
    ``language_code`` is ``lang``; with ``admin``, an administrator of the group ``chat`` and of
    any ``@channel`` named, with the bot an administrator there too)."""
    if not text.strip():
        raise ConfigError("reply: the message text is empty")
    app, request = _build(settings, frozenset({chat or user, OFFLINE_CHANNEL}) if admin
                          else frozenset())
    db = settings.storage.db

    async def main() -> None:
        async with app:
            await app.process_update(message_update(text, chat or user, user, app.bot, lang))
            await _finish_tasks()
        app.bot_data.store.close()

    asyncio.run(main())
    _raise_store_failure()
    folder = db.parent / "sent"
    print("\n\n".join(show(request, method, params, folder) for method, params in request.sent))
    return 0


def console(settings: Settings, lang: str | None = None) -> int:
    """An interactive chat: type messages; ``:N`` presses button N of the last message."""
    app, request = _build(settings)
    db = settings.storage.db
    user = 1000
    folder = db.parent / "sent"
    print("Chatting with the bot (as @ParliamentBot). Type /help; ':N' presses a button; "
          "Ctrl-D quits.")

    async def main() -> None:
        async with app:
            buttons: list[tuple[str, str]] = []
            last_id, last_text = 0, ""
            loop = asyncio.get_running_loop()
            while True:
                line = await loop.run_in_executor(None, _read_line)
                if line is None:
                    break
                line = line.strip()
                if not line:
                    continue
                before, answered = len(request.sent), len(request.answers)
                if re.fullmatch(r":\d+", line):  # a button press, never text to the bot
                    index = int(line[1:]) - 1
                    if not 0 <= index < len(buttons):
                        print("(the last message has no such button)\n")
                        continue
                    data = buttons[index][1]
                    if not data or data.startswith(("http://", "https://")):
                        print(f"(a link: {data})\n")
                        continue
                    update = callback_update(data, user, user, last_id, last_text, app.bot,
                                             lang)
                else:
                    update = message_update(line, user, user, app.bot, lang)
                await app.process_update(update)
                await _finish_tasks()
                if _FAILED:
                    break  # named in one line, exit 2 (below)
                for answer in request.answers[answered:]:
                    if answer:
                        print(f"(pop-up) {answer}\n")
                for method, params in request.sent[before:]:
                    print(show(request, method, params, folder) + "\n")
                    # The last message sent or edited is the one whose buttons ':N' presses.
                    last_text = str(params.get("text", ""))
                    last_id = int(params.get("message_id") or len(request.sent))
                    buttons = buttons_of(params)
        app.bot_data.store.close()

    asyncio.run(main())
    _raise_store_failure()
    return 0


def _read_line() -> str | None:
    try:
        return input("> ")
    except EOFError:
        print(file=sys.stderr)
        return None
