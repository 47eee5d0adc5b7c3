"""The running bot reads its news sources every ``BOT_POLL_MINUTES``.

Each pass runs ``bot/poll_worker.py`` as a child process, awaited from a JobQueue job, and
reads its report as data (``PassReport``): fetching and reading pages never blocks replies, the
pass writes through the same inter-process lock as a CLI ingest, and sources added by the CLI
while the bot runs are read as well (the child reads the store afresh). When the pass added articles, the scheduler's pass runs at once, so
followers hear of them now rather than at the next minute.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from typing import Any

from bot.poll_worker import PassReport
from bot.scheduler import JOB_KWARGS, run_tick
from bot.services import Services

log = logging.getLogger(__name__)

PASS_TIMEOUT = 30 * 60.0  # a pass that takes longer is stopped; the next one starts over


async def poll_pass(services: Services) -> int:
    """One pass in a child process; the number of articles it added (-1 if it failed)."""
    path = services.store.path
    if path is None:
        return 0
    if services.poll_lock.locked():
        return 0  # the previous pass is still running: passes never overlap
    async with services.poll_lock:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.poll_worker", str(path),
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE)
        try:
            out, err = await asyncio.wait_for(process.communicate(), PASS_TIMEOUT)
        except TimeoutError:
            process.kill()
            await process.wait()
            log.warning("poll: a pass took over %d minutes and was stopped",
                        PASS_TIMEOUT // 60)
            return -1
        for line in err.decode(errors="replace").splitlines():
            log.warning("poll: %s", line)  # a crash's traceback: the report is data
        if process.returncode != 0:
            log.warning("poll: the pass exited with status %s", process.returncode)
            return -1
        try:
            report = PassReport.from_dict(json.loads(out.decode().splitlines()[-1]))
        except (ValueError, KeyError, TypeError, IndexError) as error:
            log.warning("poll: the pass gave no report (%s)", error)
            return -1
        for line in report.errors:
            log.warning("poll: %s", line)
        log.info("%s", report.summary)
        return len(report.added)


async def _poll_job(context: Any) -> None:
    services: Services = context.bot_data
    if await poll_pass(services) > 0:
        await run_tick(context.bot, services)


def start(app: Any) -> None:
    """Schedule the polling job (``BOT_POLL_MINUTES``; 0 turns it off)."""
    services: Services = app.bot_data
    minutes = services.poll_minutes
    if app.job_queue is None or minutes <= 0 or services.store.path is None:
        return
    interval = minutes * 60
    app.job_queue.run_repeating(_poll_job, interval=interval, first=min(interval, 5.0),
                                name="poll", job_kwargs=JOB_KWARGS)
