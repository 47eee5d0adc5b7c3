"""Shared fixtures: stores on both backends, fresh database folders, the seed articles."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

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


def run_cli(*args: str | Path, db: Path | None = None, stdin: str | None = None,
            **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m bot ARGS --db DB`` in this process (``bot.__main__.main``), with the
    environment ``cli_env`` gives a child: what a subprocess would print and return, without
    its 0.2-1 s of imports. Tests where the process is the point (a kill, a pipe, ``run``)
    start ``python -m bot`` as a child instead."""
    from bot.__main__ import main

    argv = [*map(str, args), *(["--db", str(db)] if db is not None else [])]
    if argv[:1] == ["run"]:  # the running bot: its own process (signals, logging, the loop)
        return subprocess.run([PYTHON, "-m", "bot", *argv], cwd=ROOT, env=cli_env(**env),
                              input=stdin, capture_output=True, text=True, timeout=120)
    out, err = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(cli_env(**env))
    try:
        with (contextlib.redirect_stdout(out), contextlib.redirect_stderr(err),
              mock.patch("sys.stdin", io.StringIO(stdin or ""))):
            try:
                code = main(argv)
            except SystemExit as exit_:  # argparse's usage errors
                code = exit_.code if isinstance(exit_.code, int) else 2
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return subprocess.CompletedProcess(["python", "-m", "bot", *argv], code, out.getvalue(),
                                       err.getvalue())
