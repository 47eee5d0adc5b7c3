"""The running bot's knowledge, read and indexed after it starts, between replies.

Reading every part of a large knowledge base and building the lookup indexes takes seconds
(about 4 s of CPU at 30,000 events): done before polling, nobody got an answer meanwhile. The
bot starts with nothing read but the manifest (which counts what is known, so ``/start`` can say
it), and this task reads the parts a few at a time and then builds the indexes a step at a
time (``bot.views.warm``), yielding to the event loop in between: a reply that needs what is not
read yet reads it itself, and waits for at most one step. A damaged part stops the bot, named,
within its first seconds, as a damaged chat file does.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time

from bot.services import Services
from bot.views.warm import warm_up
from store.files import StoreFileError

log = logging.getLogger("bot")

# The reading yields to replies at least this often. A part takes 5-30 ms to read (an events
# part at 100,000 events holds about 100 events, their texts folded for search as they are
# read), so parts are read one at a time until the budget is spent: a fixed number of parts
# per step grew with the base, and a reply waits for a step at each of its awaits (spawn to
# first answer at 10,000 events, the fake Bot API: 20 ms steps 1.8-2.0 s, 5 ms 0.94-1.0 s,
# 2 ms 0.83 s; reading the whole knowledge took as long with each).
STEP_SECONDS = 0.005
LARGE = 5_000  # events from which the collector is kept out of the reading (see below)


async def prepare_knowledge(services: Services) -> None:
    store = services.store
    started = time.perf_counter()
    # Millions of objects are made here and all live on: collecting while they are made frees
    # nothing and took 45% of the reading time; afterwards they are moved out of the collector's
    # sight, so full collections (hundreds of ms) do not stall replies. A small base (the
    # tests' bots, in the tests' process) is left to the collector as it is.
    large = store.sizes().events >= LARGE and gc.isenabled()
    if large:
        gc.disable()
    try:
        step_began = time.perf_counter()
        while not store.load_knowledge(1):
            if time.perf_counter() - step_began >= STEP_SECONDS:
                await asyncio.sleep(0)
                step_began = time.perf_counter()
        read = time.perf_counter() - started
        for _step in warm_up(store, services.today()):
            await asyncio.sleep(0)
    except StoreFileError as error:
        services.halt(error)
        return
    finally:
        if large:
            gc.freeze()
            gc.enable()
    events, officials, bills = store.sizes()
    log.info("knowledge ready: %d events, %d officials, %d bills read in %.2f s, indexed in "
             "%.2f s more", events, officials, bills, read, time.perf_counter() - started - read)
