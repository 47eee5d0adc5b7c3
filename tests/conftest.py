"""Shared fixtures: stores on both backends, fresh database folders, the seed articles."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from store.tiny import TinyStore

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = Path(__file__).resolve().parent / "articles"
SEEDS = ROOT / "seeds"


@pytest.fixture(params=["memory", "file"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TinyStore]:
    """Every store test runs on the in-memory twin and on real files."""
    path = None if request.param == "memory" else tmp_path / "db" / "bot.json"
    tiny = TinyStore(path)
    yield tiny
    tiny.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "bot.json"


def cli_env(**extra: str) -> dict[str, str]:
    """Environment for running ``python -m bot`` in a subprocess: no token leaks in from outside."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


PYTHON = sys.executable
