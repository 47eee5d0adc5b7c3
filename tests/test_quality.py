"""ruff, mypy and vulture run as part of the test suite, and dependencies point one way: the
core free of Telegram and TinyDB, the store of the bot, only handlers reaching the handlers."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from .command_line import ROOT


def test_ruff_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "bot", "store", "tests",
                             "bench"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


# Names vulture reports that are used where it cannot see, each with where.
NOT_DEAD = {
    "msg": "bot/app.py sets a log record's message in a logging filter",
    "deactivated": "DeliveryStats counts it; the tick logs the stats whole",
    "CORE_MESSAGES": "msgids for Babel (bot.core's messages, translated in the handlers)",
    "OFFICES": "msgids for Babel (office titles)",
    "MAX_MESSAGE": "Telegram's limit, named for the tests that check replies stay under it",
    "read_timeout": "PTB's BaseRequest interface (bot/offline.py)",
    "write_timeout": "PTB's BaseRequest interface",
    "pool_timeout": "PTB's BaseRequest interface",
    "do_request": "PTB's BaseRequest interface",
    "handle_starttag": "html.parser.HTMLParser calls it (bot/web/feeds.py)",
    "log_exception": "tornado calls it (bot/webhook.py)",
    "post": "tornado calls it (bot/webhook.py)",
    "prepare": "tornado calls it (bot/webhook.py)",
    "data_received": "tornado calls it (bot/webhook.py, a streamed body)",
    "contains": "PartialDate's containment, checked by tests as the meaning of a partial date",
    "seen_on": "a position's evidence span, checked by tests beside held_on",
    "canonical_offices": "every office the word lists name, for the test that each is translated",
}


def test_no_dead_code() -> None:
    """vulture finds nothing unused in bot/ and store/ but the names above."""
    result = subprocess.run([sys.executable, "-m", "vulture", "bot", "store",
                             "--min-confidence", "60", "--ignore-names", ",".join(NOT_DEAD)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "No module named vulture" not in result.stderr, \
        "vulture is a test dependency: pip install -e '.[test]'"
    assert result.returncode == 0, result.stdout + result.stderr


def _imports(path: str) -> set[str]:
    names: set[str] = set()
    for file in (ROOT / path).rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text())):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return names


def _module_imports(path: str) -> set[str]:
    """Full module names a file imports at its top level (an import inside a function is a
    deliberate, lazy one and not counted)."""
    names: set[str] = set()
    for node in ast.parse((ROOT / path).read_text()).body:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_dependencies_point_inward() -> None:
    assert not _imports("bot/core") & {"telegram", "tinydb", "store", "apscheduler"}
    assert "telegram" not in _imports("store")
    for file in (ROOT / "store").glob("*.py"):  # the store knows the domain, nothing else of bot
        outside = {m for m in _module_imports(str(file.relative_to(ROOT)))
                   if m.startswith("bot") and not m.startswith("bot.core")}
        assert not outside, (file.name, outside)
    for package in ("bot/views", "bot/web"):  # answers and pages: no Telegram, no storage
        assert not _imports(package) & {"telegram", "tinydb", "store"}, package
    # Each layer reaches only the layers under it: the core only itself; views the core, the
    # catalogs and rendering; the web layer the core.
    allowed = {"bot/core": ("bot.core",), "bot/views": ("bot.core", "bot.i18n", "bot.render",
                                                        "bot.views"),
               "bot/web": ("bot.core", "bot.web")}
    for package, inner in allowed.items():
        for file in (ROOT / package).rglob("*.py"):
            reached = {m for m in _all_module_imports(file)
                       if m.startswith("bot") and not m.startswith(inner)}
            assert not reached, (str(file.relative_to(ROOT)), reached)


def test_only_handlers_reach_the_handlers() -> None:
    """Delivery, the scheduler and the rest send through bot/sending.py and take their context
    type from bot/context.py; only app.py registers the handlers package (nothing inside it)."""
    for file in sorted((ROOT / "bot").rglob("*.py")):
        path = str(file.relative_to(ROOT))
        if path.startswith("bot/handlers/"):
            continue
        reached = {m for m in _module_imports(path) if m.startswith("bot.handlers")}
        imported_package = any(isinstance(node, ast.ImportFrom) and node.module == "bot"
                               and any(a.name == "handlers" for a in node.names)
                               for node in ast.walk(ast.parse(file.read_text())))
        assert not reached, (path, reached)
        assert not imported_package or path == "bot/app.py", path
        lazy = {m for m in _all_module_imports(file) if m.startswith("bot.handlers")}
        assert not lazy, (path, lazy)


def _all_module_imports(file: Path) -> set[str]:
    return {node.module for node in ast.walk(ast.parse(file.read_text()))
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0}


def test_opening_a_database_needs_no_ingest() -> None:
    """The bot, the console and the chats command open their database through bot/database.py
    (store/opening.py); the ingest machinery is loaded only to seed a new database."""
    for name in ("bot/app.py", "bot/console.py", "bot/cli_chats.py", "bot/database.py",
                 "store/opening.py"):
        assert "bot.ingest" not in _module_imports(name), name
