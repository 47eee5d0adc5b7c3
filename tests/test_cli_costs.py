"""What the one-shot commands (``python -m bot reply``, ``ingest``) spend at their start (issue
19): a lookup does not compile the extraction, an ingest plans once, and the objects a command
reads are kept out of the cyclic garbage collector's walks."""

from __future__ import annotations

import gc
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import bot.ingest as bot_ingest
from bot.core.models import Bill
from bot.ingest import ingest
from store import knowledge as store_knowledge
from store.tiny import TinyStore
from tests.command_line import PYTHON, ROOT, cli_env
from tests.conftest import ARTICLES
from tests.test_knowledge_parts import NEW, _articles, _consistent, _export


def test_a_lookup_command_does_not_load_the_extraction(seeded_db: Path) -> None:
    """``reply /bills`` reads bills: compiling the extraction's patterns (a tenth of a second
    at every start) is left to what reads an article, importing icalendar to ``/calendar``."""
    code = ("import sys; from bot.__main__ import main; "
            f"code = main(['reply', '/bills', '--db', {str(seeded_db)!r}]); "
            "print('loaded:', [m for m in ('bot.core.extract', 'icalendar') if m in sys.modules])")
    child = subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=cli_env(), capture_output=True,
                           text=True, timeout=120)
    assert child.returncode == 0, child.stderr
    assert child.stdout.rstrip().endswith("loaded: []"), child.stdout[-300:]
    assert "<b>Bills</b>" in child.stdout


def test_one_shot_commands_keep_the_knowledge_out_of_the_cyclic_collector(
        seeded_db: Path) -> None:
    """``python -m bot reply`` answers one message and ends: the collector is off (it would
    walk the knowledge just read); ``ingest`` freezes the officials it read (they live to the
    end); other commands keep the collector as it is (``console`` goes on)."""
    code = ("import gc, runpy\n"
            "try:\n    runpy.run_module('bot', run_name='__main__')\n"
            "except SystemExit as end:\n"
            "    print('exit', end.code, 'collector', gc.isenabled(), gc.get_freeze_count() > 0)")

    def run(*args: str) -> str:
        child = subprocess.run([PYTHON, "-c", code, *args, "--db", str(seeded_db)], cwd=ROOT,
                               env=cli_env(), capture_output=True, text=True, timeout=120)
        return child.stdout.rstrip().splitlines()[-1] if child.stdout.strip() else child.stderr

    assert run("reply", "/bills") == "exit 0 collector False False"
    assert run("ingest", str(ARTICLES / NEW[0])) == "exit 0 collector True True"
    assert run("export") == "exit 0 collector True False"


def test_parts_are_decoded_without_the_cyclic_collector(seeded_db: Path) -> None:
    """Decoding a part makes many objects without cycles: the collector is paused meanwhile
    (it would walk them over and over) and enabled again after."""
    seen: list[bool] = []

    def decode(doc: dict[str, Any]) -> Bill:
        seen.append(gc.isenabled())
        return Bill.from_dict(doc)

    assert gc.isenabled()
    with mock.patch.dict(store_knowledge._DECODE, {"bills": decode}):
        store = TinyStore(seeded_db)
        assert store.all_bills()
        store.close()
    assert seen and not any(seen)
    assert gc.isenabled()


def _counting_plans(store: TinyStore, during: Callable[[int], None] = lambda calls: None
                    ) -> Any:
    """Patch ``bot.ingest._plan`` to count its calls on ``store``, running ``during(calls)``
    after each."""
    real = bot_ingest._plan
    calls: list[int] = []

    def plan(planned_on: TinyStore, *args: Any, **kwargs: Any) -> Any:
        planned = real(planned_on, *args, **kwargs)
        if planned_on is store:
            calls.append(1)
            during(len(calls))
        return planned

    return calls, mock.patch.object(bot_ingest, "_plan", plan)


def test_an_ingest_is_planned_once_when_nothing_else_wrote(seeded_db: Path) -> None:
    """Parts read while planning (the officials, the article's keys) are the same version of
    the knowledge: they do not make the ingest plan everything again under the lock."""
    store = TinyStore(seeded_db)
    calls, patch = _counting_plans(store)
    with patch:
        [result] = ingest(store, _articles(NEW[0]))
    store.close()
    assert result.update is not None and len(calls) == 1


def test_an_ingest_is_planned_again_when_another_process_wrote_meanwhile(
        seeded_db: Path) -> None:
    def other_writes(calls: int) -> None:
        if calls == 1:
            other = TinyStore(seeded_db)
            ingest(other, _articles(NEW[1]))
            other.close()

    store = TinyStore(seeded_db)
    calls, patch = _counting_plans(store, other_writes)
    with patch:
        [ours] = ingest(store, _articles(NEW[0]))
    store.close()
    assert len(calls) == 2  # the first plan, then again on the other's write, under the lock
    events = {e["id"] for e in _export(seeded_db)["events"]}
    [theirs] = ingest(TinyStore(seeded_db), _articles(NEW[1]))  # known: "already known"
    assert theirs.update is None and {ours.event_id, theirs.event_id} <= events
    _consistent(seeded_db)
