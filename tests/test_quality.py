"""ruff and mypy run as part of the test suite, and the core stays free of Telegram and TinyDB."""

from __future__ import annotations

import ast
import subprocess
import sys

from .conftest import ROOT


def test_ruff_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "bot", "store", "tests",
                             "bench"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
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


def test_dependencies_point_inward() -> None:
    assert not _imports("bot/core") & {"telegram", "tinydb", "store", "apscheduler"}
    assert "telegram" not in _imports("store")
