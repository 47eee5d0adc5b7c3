"""What the README promises operators and users is what the bot does (issue 18): offline group
administrators (``reply --admin``), ``/settings @channel``, a plain ``/subscribe`` keeping earlier
settings, ``/official OFFICE`` for an office nobody holds, and why a ``--quick`` bench exits 1."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import ROOT, run_cli

README = (ROOT / "README.md").read_text()


def reply(db: Path, text: str, *args: str) -> str:
    result = run_cli("reply", text, *args, db=db)
    assert result.returncode == 0, result.stderr
    return result.stdout


def row(command: str) -> str:
    """The README's table row for a command."""
    [found] = [line for line in README.splitlines() if line.startswith(f"| `{command}")]
    return found


def test_reply_can_be_a_group_administrator(seeded_db: Path) -> None:
    refused = reply(seeded_db, "/subscribe daily 8", "--chat", "-500")
    assert "Only administrators" in refused
    done = reply(seeded_db, "/subscribe daily 8", "--chat", "-500", "--admin")
    assert "subscribed" in done and "Only administrators" not in done
    follows = reply(seeded_db, "/follow water", "--chat", "-500", "--admin")
    assert "Following" in follows
    channel = reply(seeded_db, "/settings @parlnews time 07:30", "--admin")
    assert "Settings" in channel and "07:30" in channel
    assert "--admin" in row("python -m bot reply")


def test_settings_for_a_channel_is_documented_and_works(seeded_db: Path) -> None:
    assert "/settings @channel" in row("/settings")
    assert "I can't find @parlnews" in reply(seeded_db, "/settings @parlnews")


def test_a_plain_subscribe_keeps_earlier_settings_as_documented(seeded_db: Path) -> None:
    assert re.search(r"plain `/subscribe`[^|]*keeps the chat's earlier settings",
                     row("/subscribe ["))
    reply(seeded_db, "/subscribe weekly 10:00 fri")
    reply(seeded_db, "/unsubscribe")
    again = reply(seeded_db, "/subscribe")
    assert "weekly on Fridays at 10:00" in again


def test_official_office_answers_as_documented(seeded_db: Path) -> None:
    documented = row("/official OFFICE")
    assert "See /officials" in documented and "come close" in documented
    far = reply(seeded_db, "/official minister of magic")
    assert "Nobody known holds the office of Minister of Magic" in far and "/officials" in far
    near = reply(seeded_db, "/official chairman of the kurultai")
    assert "come close" in near and "[:1] Chairman of the Senate" in near


def test_the_bench_exit_status_is_explained() -> None:
    help_text = run_cli("--help").stdout  # the bot's own help names every command
    assert "health" in help_text
    performance = README[README.index("## Performance"):]
    assert re.search(r"exit status is 0 when every target holds and 1 when one is missed, "
                     r"`--quick` included", performance)
