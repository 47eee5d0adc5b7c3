"""Deployment (issue 18): a health check that means something in both modes (the running bot's
heartbeat, read by ``python -m bot health``), no port published for long polling, a compose file
that starts without a .env."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

from .command_line import PYTHON, ROOT, TOKEN, cli_env, run_cli
from .fakebotapi import FakeBotAPI


def wait_until(done: object, timeout: float) -> bool:
    """``done()`` true within ``timeout`` seconds (a file the bot writes: no request to see)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if done():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def test_health_follows_the_running_bots_ticks(tmp_path: Path) -> None:
    db = tmp_path / "data" / "bot.json"
    assert run_cli("export", db=db).returncode == 0  # seeded before the bot starts
    before = run_cli("health", db=db)
    assert before.returncode == 1 and "no heartbeat yet" in before.stderr
    heartbeat = db.with_suffix(".heartbeat")
    with FakeBotAPI(token=TOKEN) as fake:
        env = cli_env(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=fake.url, BOT_DB=str(db))
        with (tmp_path / "bot.log").open("wb") as log:
            bot = subprocess.Popen([PYTHON, "-m", "bot", "run"], cwd=tmp_path, env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
        try:
            assert wait_until(heartbeat.exists, 60), (tmp_path / "bot.log").read_text()
            healthy = run_cli("health", db=db)
            assert healthy.returncode == 0 and healthy.stdout.startswith("healthy"), \
                healthy.stderr
        finally:
            bot.send_signal(signal.SIGTERM)
            bot.wait(timeout=30)
    # Its ticks stopped (a hung loop looks the same from outside): unhealthy once they are old.
    old = time.time() - 600
    os.utime(heartbeat, (old, old))
    stale = run_cli("health", db=db)
    assert stale.returncode == 1 and "the last tick was" in stale.stderr
    assert run_cli("health", "--max-age", "3600", db=db).returncode == 0


def test_the_image_checks_health_by_the_heartbeat_in_both_modes() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    [check] = re.findall(r"^HEALTHCHECK (?:[^\n]*\\\n)*[^\n]*", dockerfile, re.M)
    assert '"-m", "bot", "health"' in check
    assert "BOT_WEBHOOK_URL" not in check  # the same check whatever the mode


def test_compose_publishes_no_port_for_polling_and_needs_no_env_file() -> None:
    compose = (ROOT / "compose.yaml").read_text()
    assert "ports:" not in compose
    assert re.search(r"env_file:\s*\n\s*- path: \.env\s*\n\s*required: false", compose)
    webhook = (ROOT / "docs" / "compose.webhook.yaml").read_text()
    assert "ports:" in webhook and "BOT_PORT" in webhook
