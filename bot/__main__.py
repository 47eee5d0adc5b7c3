"""The command line: ``python -m bot run | ingest | export | reply | console``.

Exit status 0 on success, 2 on bad usage or bad input (one line on stderr, nothing written).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.config import (
    DEFAULT_DB,
    FetchSettings,
    Settings,
    load_environment,
    settings_from_environment,
)
from bot.core.dates import parse_user_date
from bot.core.errors import BotError
from bot.core.knowledge import KnowledgeUpdate
from bot.core.models import Article, PartialDate
from bot.database import open_database
from bot.health import MAX_AGE_SECONDS, health
from bot.ingest import (
    NOT_ABOUT_THE_STATE,
    IngestResult,
    correct,
    export_knowledge,
    ingest_chunks,
    is_about_the_state,
    read_articles,
)
from store.base import Store
from store.opening import file_error

# True when this module runs as the program (``python -m bot``), not imported by another.
_OWN_PROCESS = False


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m bot", description="Kazakhstan Parliament Telegram bot.")
    common = _Parser(add_help=False)
    common.add_argument("--db", help="database file (default: $BOT_DB, else data/bot.json)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run_cmd = sub.add_parser("run", parents=[common],
                             help="run the bot (long polling, or a webhook with --webhook)")
    run_cmd.add_argument("--webhook", metavar="URL",
                         help="the public https URL Telegram posts updates to "
                              "(default: $BOT_WEBHOOK_URL; none: long polling)")
    run_cmd.add_argument("--listen", metavar="HOST", help="address to listen on "
                         "(default 0.0.0.0)")
    run_cmd.add_argument("--port", type=int, help="port to listen on (default 8443)")
    ingest_cmd = sub.add_parser("ingest", parents=[common],
                                help="add articles (files, folders or web pages)")
    ingest_cmd.add_argument("paths", nargs="+", help="a file, a folder or an http(s) URL")
    ingest_cmd.add_argument("--source", default="", help="source to record for these articles")
    ingest_cmd.add_argument(
        "--date",
        help="publication date (2024-04-19, 2024-04 or 2024) for "
        "articles whose text has no dateline",
    )
    ingest_cmd.add_argument("--title", help="title for an article whose text has no headline")
    sub.add_parser("export", parents=[common], help="print the knowledge base as JSON")
    reply_cmd = sub.add_parser("reply", parents=[common],
                               help="print the bot's reply to a message, without Telegram")
    reply_cmd.add_argument("text")
    reply_cmd.add_argument("--chat", type=int, help="chat id (negative: a group); default: --user")
    reply_cmd.add_argument("--user", type=int, default=1000, help="sender's user id")
    reply_cmd.add_argument("--lang", help="the sender's Telegram language_code (en, ru, kk)")
    reply_cmd.add_argument("--admin", action="store_true",
                           help="the sender administers the group --chat (and any @channel "
                                "named), so /subscribe, /settings and /follow may change it")
    console_cmd = sub.add_parser("console", parents=[common],
                                 help="chat with the bot in this terminal")
    console_cmd.add_argument("--lang", help="your Telegram language_code (en, ru, kk)")
    sources_cmd = sub.add_parser("sources", parents=[common],
                                 help="list news sources (feeds); add or remove one")
    sources_sub = sources_cmd.add_subparsers(dest="action", parser_class=_Parser)
    add_cmd = sources_sub.add_parser("add", parents=[common], help="add a feed, or a page "
                                     "whose feed can be found")
    add_cmd.add_argument("url")
    add_cmd.add_argument("--name", help="a short name (default: the feed's title)")
    remove_cmd = sources_sub.add_parser("remove", parents=[common], help="remove a source")
    remove_cmd.add_argument("ref", metavar="URL|NAME")
    sub.add_parser("poll", parents=[common], help="read every news source once")
    chats_cmd = sub.add_parser("chats", parents=[common],
                               help="chats (settings, follows, subscription) as JSON Lines")
    chats_sub = chats_cmd.add_subparsers(dest="action", required=True, parser_class=_Parser)
    chats_sub.add_parser("export", parents=[common], help="print every chat, one per line")
    import_cmd = chats_sub.add_parser("import", parents=[common],
                                      help="add or update the chats of a JSON Lines file")
    import_cmd.add_argument("file", help="a file written by `chats export`")
    health_cmd = sub.add_parser("health", parents=[common],
                                help="exit 0 if the running bot ticked lately (its heartbeat), "
                                     "else 1: a container's health check")
    health_cmd.add_argument("--max-age", type=float, default=MAX_AGE_SECONDS, metavar="SECONDS",
                            help=f"how old the last tick may be (default {MAX_AGE_SECONDS})")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    load_environment()
    args = _parser().parse_args(argv)
    db = Path(getattr(args, "db", None) or DEFAULT_DB)
    try:
        # read once, here: every command gets its settings from this one value
        settings = settings_from_environment(getattr(args, "db", None),
                                             need_token=args.command == "run")
        db = settings.storage.db
        return _dispatch(args, settings)
    except BrokenPipeError:
        # The reader stopped early (``export | head``): that is its choice, not an error. Point
        # stdout at nothing so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except BotError as error:
        # Bad input, a bad file or setting (StoreFileError: a damaged database file, or a --db
        # that cannot hold one); any other ValueError is a bug and keeps its traceback.
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # the disk refused a write: full, read-only, gone
        print(f"error: {file_error(error, db)}", file=sys.stderr)
        return 2


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    db = settings.storage.db
    if args.command == "ingest":
        date = parse_user_date(args.date) if args.date else None  # InputError: exit 2
        bad: list[str] = []  # bad files inside folders: named, the good ones still go in
        articles = _read_inputs(args.paths, args.source, date, args.title, bad,
                                settings.fetching)
        store = open_database(db)
        if articles and _OWN_PROCESS:
            # Every article is read against all officials (hundreds of thousands of objects at
            # 30,000 events, kept to the end): read them first, and take them out of the cyclic
            # collector's walks, which would go over them again and again (0.25 s of 1.3). Not
            # when called in another program's process (tests): it would freeze that program's.
            store.all_officials()
            gc.freeze()
        off_topic: set[int] = set()  # the articles added though not about the state

        def note_off_topic(article: Article, update: KnowledgeUpdate) -> None:
            if not is_about_the_state(article, update):
                off_topic.add(id(article))

        try:
            for chunk in ingest_chunks(store, articles, accept=note_off_topic):
                for result in chunk:
                    if result.update is None and result.skipped is None and (
                        date or args.title or args.source
                    ):
                        # Already known: --date / --title / --source correct it.
                        print(_correct(store, result, date, args.title, args.source), flush=True)
                        continue
                    line = result.describe()
                    if id(result.article) in off_topic and result.update is not None:
                        # Polling would have skipped it: the operator may add it, knowingly.
                        line += (f"; {NOT_ABOUT_THE_STATE}: it names no official in office, no "
                                 "bill and no state body (added all the same)")
                    print(line, flush=True)  # printed = on disk
        finally:
            store.close()
        for reason in bad:
            print(f"error: {reason}", file=sys.stderr)
        return 2 if bad else 0
    if args.command == "export":
        store = open_database(db)
        try:
            today = dt.datetime.now(settings.schedule.tz).date()
            json.dump(export_knowledge(store, today), sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        finally:
            store.close()
        return 0
    if args.command in {"reply", "console"}:
        from bot.console import console, reply

        if args.command == "reply":
            return reply(settings, args.text, args.chat, args.user, args.lang, args.admin)
        return console(settings, args.lang)
    if args.command in {"sources", "poll"}:
        from bot.cli_sources import poll_command, sources_command

        if args.command == "poll":
            return poll_command(db, settings.fetching)
        return sources_command(db, settings.fetching, args.action, getattr(args, "url", None),
                               getattr(args, "name", None), getattr(args, "ref", None))
    if args.command == "chats":
        from bot.cli_chats import chats_command

        return chats_command(db, args.action, getattr(args, "file", None))
    if args.command == "health":
        healthy, said = health(db, args.max_age)
        print(said, file=sys.stdout if healthy else sys.stderr)
        return 0 if healthy else 1
    if args.command == "run":
        from bot.app import run_bot

        exit_code: int = run_bot(settings, webhook=args.webhook, listen=args.listen,
                                 port=args.port)
        return exit_code
    raise AssertionError(args.command)


def _correct(store: Store, result: IngestResult, date: PartialDate | None, title: str | None,
             source: str | None) -> str:
    name = result.article.name or "text"
    before = store.get_event(result.event_id)
    update = correct(store, result.event_id, date, title, source or None)
    if update is None or before is None:
        return f"unchanged  {name}: already known as event {result.event_id}, as given"
    changes = []
    if update.event.date != before.date:
        was = before.date.iso() if before.date else "undated"
        now = update.event.date.iso() if update.event.date else "undated"
        changes.append(f"date {now} (was {was})")
    if update.event.title != before.title:
        changes.append(f"title “{update.event.title}” (was “{before.title}”)")
    if update.event.source != before.source:
        changes.append(f"source {update.event.source or '-'} (was {before.source or '-'})")
    return f"corrected  {name}: event {result.event_id}: " + "; ".join(changes)


def _read_inputs(inputs: Sequence[str], source: str, date: PartialDate | None,
                 title: str | None, bad: list[str], fetching: FetchSettings) -> list[Article]:
    """Files and folders, and web pages for http(s) URLs (every one read before any is written).
    """
    paths = [Path(i) for i in inputs if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://|^file:", i)]
    urls = [i for i in inputs if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://|^file:", i)]
    articles = read_articles(paths, source=source, date=date, title=title,
                             errors=bad) if paths else []
    if urls:
        from bot.cli_sources import read_pages

        articles += read_pages(urls, fetching, source, date, title)
    return articles


if __name__ == "__main__":
    _OWN_PROCESS = True
    if sys.argv[1:2] == ["reply"]:
        # One message, then the process ends: no cyclic collection, which would only walk the
        # knowledge just read (hundreds of thousands of objects) again and again, 0.2 s of 1.4
        # for `reply /bills` at 30,000 events; the few cycles a reply leaves end with it.
        gc.disable()
    sys.exit(main())
