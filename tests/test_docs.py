"""The docs say what the project does: the contract is in the project, CI and the README run one
test command, and the README's map names every module."""

from __future__ import annotations

import re

import pytest

from .command_line import ROOT

SHARED_CONTRACT = ROOT.parent / "shared" / "CONTRACT.md"


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    assert text.startswith("# "), "the README starts with its title"
    block = re.search(r"```\n(.*?)```", text, re.S)
    assert block is not None
    return block.group(1).strip().split("\n")


def test_readme_starts_with_the_two_commands_and_ci_runs_the_second() -> None:
    commands = readme_commands()
    assert len(commands) == 2
    assert commands[0].endswith("python -m bot run")
    assert commands[1] == (ROOT / ".ci" / "test-command").read_text().strip()
    assert "test-command" in (ROOT / ".ci" / "run").read_text()


def test_the_contract_is_in_the_project() -> None:
    local = ROOT / "docs" / "CONTRACT.md"
    assert "docs/CONTRACT.md" in (ROOT / "README.md").read_text()
    assert "../shared/CONTRACT.md" not in (ROOT / "README.md").read_text()
    if not SHARED_CONTRACT.exists():
        pytest.skip("no shared contract beside this clone: the project's copy is the contract")
    assert local.read_text() == SHARED_CONTRACT.read_text()


def test_the_readme_map_names_every_module() -> None:
    readme = (ROOT / "README.md").read_text()
    block = readme[readme.index("## How it works"):readme.index("**Extraction**")]
    for path in sorted((ROOT / "bot").rglob("*.py")) + sorted((ROOT / "store").glob("*.py")):
        if path.name == "__init__.py" or {"extraction", "web", "dates"} & set(path.parts):
            continue  # packages are mapped as a whole (bot/web/, bot/core/extraction, dates)
        name = path.name
        assert name in block or str(path.relative_to(ROOT)) in block, f"{name} not in the map"


def test_console_is_not_confused_with_offline() -> None:
    readme = (ROOT / "README.md").read_text()
    assert re.search(r"bot/console\.py +`reply` and `console`", readme)


def test_every_module_stays_small() -> None:
    """New and split modules stay under ~400 lines (the extraction rules are the lead's)."""
    for name in ("bot/handlers/subscriptions.py", "bot/handlers/follows.py",
                 "bot/handlers/access.py", "bot/core/follows.py", "store/files.py",
                 "bot/console.py", "bot/handlers/settings.py", "bot/handlers/membership.py",
                 "bot/handlers/calendars.py", "bot/core/chats.py", "bot/core/source.py",
                 "bot/core/matching.py", "bot/views/native.py", "bot/views/offices.py"):
        lines = len((ROOT / name).read_text().splitlines())
        assert lines <= 400, f"{name}: {lines} lines"
