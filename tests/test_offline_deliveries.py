"""``reply`` and ``console`` share the live bot's database, delivery ledger included: what they
would send to other chats (an alert after ``/ingest``, a confirmed ``/broadcast``) is shown,
labelled with its chat, and left for the live bot to send (issue 18)."""

from __future__ import annotations

import asyncio
import subprocess
from dataclasses import replace

from bot.core.chats import new_chat

from .command_line import PYTHON, ROOT, cli_env
from .conftest import ARTICLES, NOW, Harness


def _offline(harness: Harness, *args: str, stdin: str | None = None
             ) -> subprocess.CompletedProcess[str]:
    assert harness.store.path is not None
    return subprocess.run([PYTHON, "-m", "bot", *args, "--db", str(harness.store.path)],
                          cwd=ROOT, env=cli_env(BOT_ADMINS="1000"), input=stdin,
                          capture_output=True, text=True, timeout=60)


async def test_an_alert_prepared_by_reply_still_reaches_its_chat(harness: Harness) -> None:
    await harness.say("/follow tax code", chat_id=2004, user_id=2004)
    await harness.say("/settings quiet off", chat_id=2004, user_id=2004)
    article = (ARTICLES / "mazhilis_first_reading.txt").read_text()
    after = len(harness.fake.requests)
    result = await asyncio.to_thread(_offline, harness, "reply", f"/ingest {article}")
    assert result.returncode == 0, result.stderr
    assert "added pasted text" in result.stdout
    assert "→ chat 2004: 🔔" in result.stdout  # shown, labelled with the chat it is for
    assert "PTBUserWarning" not in result.stderr
    await harness.tick()  # a minute on: the live bot's own tick may have planned up to NOW
    [alert] = await harness.fake.async_wait_for(
        lambda r: r.method == "sendMessage" and r.chat_id == 2004 and "🔔" in r.params["text"],
        timeout=10, after=after)
    assert "Tax Code" in alert.params["text"]


async def test_a_broadcast_confirmed_in_console_is_sent_by_the_live_bot(harness: Harness
                                                                       ) -> None:
    chat = new_chat(3005, "private", "", NOW, subscribed=True)
    harness.store.put_chat(chat.with_settings(replace(chat.settings, quiet=None)))
    after = len(harness.fake.requests)
    result = await asyncio.to_thread(_offline, harness, "console",
                                     stdin="/broadcast Sitting moved to Friday\n:1\n")
    assert result.returncode == 0, result.stderr
    assert "→ chat 3005: 📣 Sitting moved to Friday" in result.stdout
    assert "PTBUserWarning" not in result.stderr
    await harness.tick()  # a minute on: the live bot's own tick may have planned up to NOW
    [sent] = await harness.fake.async_wait_for(
        lambda r: r.method == "sendMessage" and r.chat_id == 3005 and "📣" in r.params["text"],
        timeout=10, after=after)
    assert "Sitting moved to Friday" in sent.params["text"]
