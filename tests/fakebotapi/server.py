"""The server: an aiohttp app on 127.0.0.1 in a thread of its own, each Bot API method routed
to the layer that models it, long polling, and the answers faults shape."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

from aiohttp import web

from .faults import Fault
from .protocol import (
    BOT_FIRST_NAME,
    CANONICAL,
    GET_ME,
    MAX_UPLOAD_SIZE,
    OPT_IN_UPDATES,
    SEND_METHODS,
)
from .updates import Updates
from .wire import NGINX_502, ApiError, Request, int_param, json_param, json_response, read_params


class FakeBotAPI(Updates):
    """A fake Telegram Bot API server running in a background thread on 127.0.0.1.

    Args:
        token: the only token accepted; other tokens get 401 Unauthorized.
        port: TCP port, 0 (default) for a free one.
        strict_chats: when True, sending to a chat the fake has never seen (via
            ``set_chat``, ``set_member`` or a pushed update) answers "chat not found";
            by default such chats are created on the fly (positive id: private chat,
            ``-100...``: supergroup, other negative ids: group).
        latency: seconds added to every answer (see the ``latency`` attribute).
        long_poll_cap: upper bound for getUpdates' ``timeout``.
    """

    def _routes(self) -> dict[str, Callable[[dict[str, Any]], Any]]:
        """Each method the fake models, to the layer that models it; any other method answers
        ``true`` (a send method: a message with its caption)."""
        return {
            "getMe": lambda p: dict(GET_ME),
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "getWebhookInfo": self._get_webhook_info,
            "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
            "getChatAdministrators": self._get_chat_administrators,
            "getChatMemberCount": self._get_chat_member_count,
            "sendDocument": self._send_document,
            "copyMessage": self._copy_message,
            "getFile": self._get_file,
            "getMyName": lambda p: {"name": BOT_FIRST_NAME},
            "getMyDescription": lambda p: {"description": ""},
            "getMyShortDescription": lambda p: {"short_description": ""},
            "getChatMenuButton": lambda p: {"type": "default"},
            "answerInlineQuery": self._answer_inline_query,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
        }

    @property
    def url(self) -> str:
        """Base URL, ``http://127.0.0.1:PORT``; the Bot API lives under ``/bot<token>/``."""
        if self._port is None:
            raise RuntimeError("FakeBotAPI is not started")
        return f"http://127.0.0.1:{self._port}"

    @property
    def port(self) -> int:
        """The bound TCP port (after ``start()``)."""
        if self._port is None:
            raise RuntimeError("FakeBotAPI is not started")
        return self._port

    def start(self) -> FakeBotAPI:
        """Start serving in a background thread; returns once the port accepts connections."""
        if self._thread is not None:
            raise RuntimeError("FakeBotAPI already started")
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self._requested_port))
        # A deep backlog: a benchmark may open many connections at once.
        sock.listen(1024)
        sock.setblocking(False)
        self._port = sock.getsockname()[1]
        self._stopping = False
        ready = threading.Event()
        self._thread = threading.Thread(
            target=self._serve, args=(sock, ready), name=f"FakeBotAPI:{self._port}", daemon=True
        )
        self._thread.start()
        if not ready.wait(10.0) or self._startup_error is not None:
            error = self._startup_error
            self._thread = None
            self._port = None
            raise RuntimeError("FakeBotAPI failed to start") from error
        return self

    def stop(self) -> None:
        """Stop the server (pending long polls answer at once); idempotent."""
        thread, loop = self._thread, self._loop
        if thread is None or loop is None:
            return
        self._stopping = True
        with contextlib.suppress(RuntimeError):  # loop already closed
            future = asyncio.run_coroutine_threadsafe(self._shutdown(), loop)
            with contextlib.suppress(Exception):
                future.result(timeout=10.0)
            loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10.0)
        self._thread = None
        self._loop = None

    def __enter__(self) -> FakeBotAPI:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    async def __aenter__(self) -> FakeBotAPI:
        return await asyncio.to_thread(self.start)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await asyncio.to_thread(self.stop)

    def __repr__(self) -> str:
        where = self.url if self._port is not None else "stopped"
        return f"<FakeBotAPI {where} requests={len(self._requests)}>"

    def _serve(self, sock: socket.socket, ready: threading.Event) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._start_app(sock))
        except BaseException as exc:
            self._startup_error = exc
            ready.set()
            loop.close()
            sock.close()
            return
        self._loop = loop
        ready.set()
        try:
            loop.run_forever()
        finally:
            # Handlers still sleeping (timeout faults, long polls) outlive the runner's
            # shutdown timeout; cancel them so the loop closes without warnings.
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            with contextlib.suppress(Exception):
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
                loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    async def _start_app(self, sock: socket.socket) -> None:
        self._updates_event = asyncio.Event()
        app = web.Application(client_max_size=MAX_UPLOAD_SIZE + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._handle_download)
        # No access log: formatting a log line per request costs throughput.
        # A short shutdown timeout: handlers sleeping for "timeout" faults must not
        # delay stop().
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.25)
        await runner.setup()
        await web.SockSite(runner, sock).start()
        self._runner = runner

    async def _shutdown(self) -> None:
        if self._updates_event is not None:
            self._updates_event.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        arrived = time.monotonic()
        raw_method = request.match_info["method"]
        method = CANONICAL.get(raw_method.lower(), raw_method)
        record = Request(method, {}, arrived, http_method=request.method)
        try:
            record.params = await read_params(request)
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            if method == "getUpdates":
                return await self._get_updates(request, record)
            with self._lock:
                fault = self._take_fault(method, record.params)
            if fault is not None:
                record.fault = fault.kind
                return await self._answer_fault(request, record, fault)
            payload = self._process(method, record.params, arrived)
            status = 200
        except ApiError as exc:
            payload, status = exc.payload(), exc.status
        return await self._finish(record, status, payload)

    def _process(self, method: str, params: dict[str, Any], now: float) -> dict[str, Any]:
        """Run a method under the lock; returns the success payload or raises ApiError."""
        with self._lock:
            if method in SEND_METHODS:
                retry_after = self._check_rate(params, now)
                if retry_after is not None:
                    raise ApiError(
                        429,
                        f"Too Many Requests: retry after {retry_after}",
                        {"retry_after": retry_after},
                    )
            handler = self._handlers.get(method)
            if handler is None:
                if method in SEND_METHODS:
                    handler = self._send_other
                else:
                    return {"ok": True, "result": True}
            try:
                result = handler(params)
            except ApiError:
                raise
            except Exception as exc:
                # A bug in the fake or input it does not model: make it loud, not a hang.
                self.errors.append(exc)
                raise ApiError(500, f"Internal Server Error: FakeBotAPI: {exc!r}") from exc
        return {"ok": True, "result": result}

    async def _finish(
        self, record: Request, status: int, payload: dict[str, Any]
    ) -> web.StreamResponse:
        record.status = status
        record.response = payload
        if status == 429:
            with self._lock:
                self._too_many_requests += 1
        # Record before the latency sleep so the recording never lags the client's view.
        self._record(record)
        if self.latency > 0:
            await asyncio.sleep(self.latency)
        return json_response(status, payload)

    async def _answer_fault(
        self, request: web.Request, record: Request, fault: Fault
    ) -> web.StreamResponse:
        options = fault.options
        kind = fault.kind
        if kind in ("timeout", "drop"):
            if record.method == "getUpdates":
                # A poll that hangs or dies delivers nothing.
                payload, status = {"ok": True, "result": []}, 200
            elif options.get("process", kind == "timeout"):
                try:
                    payload, status = self._process(record.method, record.params, record.time), 200
                except ApiError as exc:
                    payload, status = exc.payload(), exc.status
            else:
                payload, status = {"ok": True, "result": True}, 200
            if kind == "drop":
                record.status = 0
                self._record(record)
                if request.transport is not None:
                    request.transport.abort()
                # aiohttp discards this response: the transport is already gone.
                return web.Response(status=204)
            record.status, record.response = status, payload
            self._record(record)
            await asyncio.sleep(float(options.get("delay", 6.0)))
            return json_response(status, payload)
        if kind == "server_error" and int(options.get("status", 500)) == 502:
            # Telegram's frontend answers 502 with an nginx HTML page, not JSON.
            record.status = 502
            record.response = {"ok": False, "error_code": 502, "description": "Bad Gateway"}
            self._record(record)
            return web.Response(status=502, text=NGINX_502, content_type="text/html")
        error = self._fault_error(fault)
        return await self._finish(record, error.status, error.payload())

    async def _get_updates(self, request: web.Request, record: Request) -> web.StreamResponse:
        """Long polling: answer at once if updates are pending, else wait for one."""
        params = record.params
        try:
            offset = int_param(params, "offset")
            limit = min(max(int_param(params, "limit", 100) or 100, 1), 100)
            timeout = max(int_param(params, "timeout", 0) or 0, 0)
            allowed = json_param(params, "allowed_updates")
        except ApiError as exc:
            return await self._finish(record, exc.status, exc.payload())
        event = self._updates_event
        assert event is not None
        with self._lock:
            fault = self._take_fault("getUpdates", params)
            if fault is None:
                if isinstance(allowed, list):
                    # Sticky like Telegram; an empty list restores the default set.
                    self._allowed_updates = frozenset(allowed) if allowed else None
                self._confirm_updates(offset)
                self._poll_generation += 1
                generation = self._poll_generation
        if fault is not None:
            record.fault = fault.kind
            return await self._answer_fault(request, record, fault)
        event.set()  # wake an older poll so that it notices it was superseded
        deadline = time.monotonic() + min(float(timeout), self.long_poll_cap)
        waiting = False
        try:
            while True:
                event.clear()
                with self._lock:
                    if generation != self._poll_generation:
                        error = ApiError(
                            409,
                            "Conflict: terminated by other getUpdates request; make sure "
                            "that only one bot instance is running",
                        )
                        return await self._finish(record, 409, error.payload())
                    updates = self._select_updates(offset, limit)
                remaining = deadline - time.monotonic()
                if updates or remaining <= 0 or self._stopping:
                    return await self._finish(record, 200, {"ok": True, "result": updates})
                if not waiting:
                    waiting = True
                    with self._lock:
                        self._polls_waiting += 1
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), remaining)
        finally:
            if waiting:
                with self._lock:
                    self._polls_waiting -= 1

    def _confirm_updates(self, offset: int | None) -> None:
        if offset is None:
            return
        if offset < 0:
            # Negative offset: keep only the last -offset updates, forget the rest.
            self._updates = self._updates[offset:]
        elif self._updates and self._updates[0]["update_id"] < offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]

    def _select_updates(self, offset: int | None, limit: int) -> list[dict[str, Any]]:
        allowed = self._allowed_updates
        selected = []
        for update in self._updates:
            if offset is not None and offset > 0 and update["update_id"] < offset:
                continue
            kinds = update.keys() - {"update_id"}
            if allowed is None:
                if kinds & OPT_IN_UPDATES:
                    continue
            elif not kinds & allowed:
                continue
            selected.append(update)
            if len(selected) >= limit:
                break
        return selected

    async def _handle_download(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        record = Request("download", {"file_path": path}, time.monotonic(), http_method="GET")
        if request.match_info["token"] != self.token:
            return await self._finish(record, 401, ApiError(401, "Unauthorized").payload())
        with self._lock:
            file_id = self._file_paths.get(path)
            content = self._files[file_id]["content"] if file_id is not None else None
        if content is None:
            return await self._finish(record, 404, ApiError(404, "Not Found").payload())
        record.response = {"ok": True, "result": {"file_id": file_id, "size": len(content)}}
        self._record(record)
        if self.latency > 0:
            await asyncio.sleep(self.latency)
        return web.Response(body=content, content_type="application/octet-stream")
