"""The command line: ``python -m bot run | ingest | export | reply | console``.

Exit status 0 on success, 2 on bad usage or bad input (one line on stderr, nothing written).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.config import ConfigError, db_path, load_environment
from bot.core.dates import parse_user_date
from bot.ingest import ArticleError, export_knowledge, ingest_chunks, open_store, read_articles


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m bot", description="Kazakhstan Parliament Telegram bot.")
    common = _Parser(add_help=False)
    common.add_argument("--db", help="database file (default: $BOT_DB, else data/bot.json)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("run", parents=[common], help="run the bot (long polling)")
    ingest_cmd = sub.add_parser("ingest", parents=[common], help="add articles (files or folders)")
    ingest_cmd.add_argument("paths", nargs="+", type=Path)
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
    sub.add_parser("console", parents=[common], help="chat with the bot in this terminal")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    load_environment()
    args = _parser().parse_args(argv)
    try:
        return _dispatch(args)
    except (ConfigError, ArticleError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "ingest":
        date = parse_user_date(args.date) if args.date else None
        articles = read_articles(args.paths, source=args.source, date=date, title=args.title)
        store = open_store(db_path(args.db))
        try:
            for chunk in ingest_chunks(store, articles):
                for result in chunk:
                    print(result.describe(), flush=True)  # printed = on disk
        finally:
            store.close()
        return 0
    if args.command == "export":
        store = open_store(db_path(args.db))
        try:
            json.dump(export_knowledge(store), sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        finally:
            store.close()
        return 0
    if args.command in {"reply", "console"}:
        from bot.console import console, reply

        if args.command == "reply":
            return reply(db_path(args.db), args.text, args.chat, args.user)
        return console(db_path(args.db))
    if args.command == "run":
        from bot.app import run_bot

        exit_code: int = run_bot(args.db)
        return exit_code
    raise AssertionError(args.command)


if __name__ == "__main__":
    sys.exit(main())
