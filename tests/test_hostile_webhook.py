"""Strangers on the webhook port (issue 22): bodies refused on their headers, bounded bodies,
header and body timeouts, 400 for what is not an update, no token in the access log and no
trust in X-Forwarded-For. The bot runs for real against the fake Bot API, on 127.0.0.1."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import webhook
from bot.webhook import SECRET_HEADER

from .command_line import PYTHON, cli_env
from .conftest import TOKEN, WEBHOOK_SECRET, free_port, wait_until_listening, webhook_app
from .fakebotapi import FakeBotAPI

SECRET = WEBHOOK_SECRET




def raw(port: int, data: bytes, wait: float = 3.0) -> bytes:
    """Send ``data`` and read what comes back until the server closes or ``wait`` passes.
    A server that answers and closes before the whole of a large body is sent resets the
    connection under the sender: what it answered is still read, else ``b""`` (cut off)."""
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as sock:
        with contextlib.suppress(ConnectionResetError, BrokenPipeError):
            sock.sendall(data)
        reply = b""
        with contextlib.suppress(OSError):
            while chunk := sock.recv(65536):
                reply += chunk
        return reply


def post_head(length: int, secret: str | None = None, extra: str = "") -> bytes:
    head = (f"POST /telegram HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {length}\r\n{extra}")
    if secret is not None:
        head += f"{SECRET_HEADER}: {secret}\r\n"
    return (head + "\r\n").encode()


async def test_a_strangers_body_is_refused_on_its_headers(tmp_path: Path) -> None:
    """Headers of a 50 MiB POST without the secret: 403 at once, without waiting for the body,
    and the connection closed."""
    async with webhook_app(tmp_path) as (port, _fake, _store):
        started = time.monotonic()
        reply = await asyncio.to_thread(raw, port, post_head(50 << 20, "wrong"))
        assert reply.startswith(b"HTTP/1.1 403"), reply[:100]
        assert time.monotonic() - started < 2.5


async def test_half_sent_requests_are_closed(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Twenty connections that send half their headers, twenty that send headers and half a
    body: every one is closed by the server within its timeout (1 s here)."""
    monkeypatch.setattr(webhook, "HEADER_TIMEOUT", 1.0, raising=False)
    monkeypatch.setattr(webhook, "BODY_TIMEOUT", 1.0, raising=False)
    async with webhook_app(tmp_path) as (port, _fake, _store):
        half_head = b"POST /telegram HTTP/1.1\r\nHost: x\r\nContent-Le"
        half_body = post_head(1000, SECRET) + b'{"update_id": 1'
        replies: list[bytes] = []

        def client(data: bytes) -> None:
            replies.append(raw(port, data, 6.0))

        threads = [threading.Thread(target=client, args=(data,))
                   for data in [half_head] * 20 + [half_body] * 20]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        while any(t.is_alive() for t in threads) and time.monotonic() - started < 8:
            await asyncio.sleep(0.05)
        assert time.monotonic() - started < 5.0
        assert len(replies) == 40
        assert all(not r.startswith(b"HTTP/1.1 200") for r in replies)


async def test_bodies_are_capped_and_bad_json_is_400(tmp_path: Path) -> None:
    async with webhook_app(tmp_path) as (port, fake, _store):
        for body in (b"{", b"[]", b"null", b"\xff\xfe", b'{"update_id": "x", "message": 5}',
                     b'{"update_id": 1, "message": {"chat": 5}}'):
            reply = await asyncio.to_thread(raw, port, post_head(len(body), SECRET,
                                                                 "Connection: close\r\n") + body)
            assert reply.startswith(b"HTTP/1.1 400"), (body, reply[:200])
        big = b'{"update_id": 1, "x": "' + b"a" * (2 << 20) + b'"}'
        reply = await asyncio.to_thread(raw, port, post_head(len(big), SECRET) + big)
        # refused: a 4xx answer, or the connection cut while the body was still being sent
        assert reply == b"" or re.match(rb"HTTP/1.1 4\d\d", reply), reply[:200]
        update = json.dumps(fake.make_message("/start", chat_id=6001, user_id=6001)).encode()
        reply = await asyncio.to_thread(raw, port, post_head(len(update), SECRET,
                                                             "Connection: close\r\n") + update)
        assert reply.startswith(b"HTTP/1.1 200"), reply[:200]


async def test_access_log_masks_calendar_tokens_and_ignores_forwarded_for(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    async with webhook_app(tmp_path) as (port, _fake, store):
        token = "Tok3nThatMustNotBeLogged_x"
        store.put_meta("calendar_tokens", {token: 6001})
        request = (f"GET /calendar/{token}.ics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                   f"X-Forwarded-For: 6.6.6.6\r\nX-Real-Ip: 6.6.6.6\r\n\r\n").encode()
        reply = await asyncio.to_thread(raw, port, request)
        assert reply.startswith(b"HTTP/1.1 200"), reply[:200]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "/calendar/" in logged
    assert token not in logged
    assert "6.6.6.6" not in logged


# ------------------------------------------------------------------ memory, in a real process

def peak_rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")


@pytest.fixture
def webhook_bot(tmp_path: Path) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    with FakeBotAPI(token=TOKEN) as fake:
        port = free_port()
        env = cli_env(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=fake.url,
                      BOT_DB=str(tmp_path / "bot.json"), BOT_WEBHOOK_SECRET=SECRET,
                      BOT_POLL_MINUTES="0")
        process = subprocess.Popen(
            [PYTHON, "-m", "bot", "run", "--webhook", "https://bot.example.org/telegram",
             "--listen", "127.0.0.1", "--port", str(port)], cwd=tmp_path, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            fake.wait_for("setWebhook", timeout=30)
            wait_until_listening(port, timeout=30)
            yield port, process
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_strangers_bodies_cost_the_bot_no_memory(
        webhook_bot: tuple[int, subprocess.Popen[bytes]]) -> None:
    """Eight strangers POST 24 MiB each at once: the bot's peak resident memory grows by less
    than 24 MiB (tornado used to buffer each body whole before the secret was looked at)."""
    port, process = webhook_bot
    before = peak_rss(process.pid)
    body = b"x" * (24 << 20)

    def stranger() -> None:
        with contextlib.suppress(OSError), \
                socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(post_head(len(body)))
            sock.sendall(body)
            sock.recv(100)

    threads = [threading.Thread(target=stranger) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    grown = peak_rss(process.pid) - before
    print(f"peak grew {grown >> 10} KiB")
    assert grown < 24 << 20, f"grew {grown >> 20} MiB"
    assert process.poll() is None
