"""ruff, mypy and vulture run as part of the test suite, and dependencies point one way: every
module in a layer (core, store, support, views, sending, handlers, app), none importing a layer
above its own; the core free of Telegram and TinyDB; only app.py registering the handlers."""

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
    "read_timeout": "PTB's BaseRequest interface (bot/offline.py)",
    "write_timeout": "PTB's BaseRequest interface",
    "pool_timeout": "PTB's BaseRequest interface",
    "do_request": "PTB's BaseRequest interface",
    "handle_starttag": "html.parser.HTMLParser calls it (bot/web/feeds.py)",
    "log_exception": "tornado calls it (bot/webhook.py)",
    "post": "tornado calls it (bot/webhook.py)",
    "prepare": "tornado calls it (bot/webhook.py)",
    "data_received": "tornado calls it (bot/webhook.py, a streamed body)",
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


# The layers, lowest first: a module imports its own layer and the ones below, never above.
# Every module of bot/ and store/ is in one (a new module must be placed to pass).
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("core", ("bot.core",)),
    ("store", ("store",)),
    ("support", ("bot.i18n", "bot.render", "bot.config", "bot.web", "bot.tick_state",
                 "bot.chat_changes", "bot.ingest", "bot.database", "bot.sources",
                 "bot.health")),
    ("views", ("bot.views", "bot.calendar")),
    ("sending", ("bot.sending", "bot.delivery", "bot.services", "bot.context", "bot.scheduler",
                 "bot.polling", "bot.poll_worker", "bot.webhook", "bot.warm_start")),
    ("handlers", ("bot.handlers",)),
    ("app", ("bot.app", "bot.offline", "bot.console", "bot.cli_chats", "bot.cli_sources",
             "bot.__main__")),
)


def _layer(module: str) -> int | None:
    for rank, (_name, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    return None


def _module_name(file: Path) -> str:
    parts = file.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported_modules(file: Path) -> set[str]:
    """Every bot/store module a file imports, at the top or lazily (``from bot import views``
    counts as bot.views)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            if node.module in {"bot", "store"}:
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {n for n in names if n.split(".")[0] in {"bot", "store"} and n not in {"bot", "store"}}


def reaching_up(module: str, imported: set[str]) -> set[str]:
    """The imports of ``module`` that reach a layer above its own (or a module in none)."""
    own = _layer(module)
    assert own is not None, f"{module} is in no layer: add it to LAYERS"
    return {m for m in imported if (rank := _layer(m)) is None or rank > own}


def test_dependencies_point_inward() -> None:
    assert not _imports("bot/core") & {"telegram", "tinydb", "store", "apscheduler"}
    assert "telegram" not in _imports("store")
    for package in ("bot/views", "bot/web"):  # answers and pages: no Telegram, no storage
        assert not _imports(package) & {"telegram", "tinydb", "store"}, package
    for file in sorted([*(ROOT / "bot").rglob("*.py"), *(ROOT / "store").rglob("*.py")]):
        module = _module_name(file)
        if module in {"bot", "store"}:  # the packages' empty __init__
            continue
        assert not reaching_up(module, _imported_modules(file)), (module, reaching_up(
            module, _imported_modules(file)))


def test_the_layer_check_fails_on_a_reach_up() -> None:
    """The check above is not vacuous: each of these imports reaches a layer above."""
    assert reaching_up("bot.core.models", {"store.base"}) == {"store.base"}
    assert reaching_up("store.tiny", {"bot.ingest", "bot.core.models"}) == {"bot.ingest"}
    assert reaching_up("bot.views.bills", {"bot.sending"}) == {"bot.sending"}
    assert reaching_up("bot.delivery", {"bot.handlers.common"}) == {"bot.handlers.common"}
    assert reaching_up("bot.handlers.admin", {"bot.app", "bot.scheduler"}) == {"bot.app"}
    assert reaching_up("bot.render", {"bot.views"}) == {"bot.views"}


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


def test_only_the_config_reads_the_environment() -> None:
    """Settings are read once, in bot/config.py, into one ``Settings``; the rest get them from
    it (``Services.settings``), so a setting has one rule and one error message."""
    readers = []
    for file in sorted([*(ROOT / "bot").rglob("*.py"), *(ROOT / "store").rglob("*.py")]):
        for node in ast.walk(ast.parse(file.read_text())):
            if isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv",
                                                                  "environb"}:
                readers.append(str(file.relative_to(ROOT)))
    assert set(readers) == {"bot/config.py"}, readers
