"""The fake Telegram over HTTP on 127.0.0.1, for running the real `huisbot run` against it.

Bot API calls go to the same `FakeTelegram.handle()` as in-process calls; form values arrive as
strings and are turned back into the types the spec gives. `getUpdates` serves the updates a
test queued with `push()`, honouring `offset` like Telegram does.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from .world import FakeTelegram


class FakeTelegramServer:
    def __init__(self, world: FakeTelegram) -> None:
        self.world = world
        self._lock = threading.Condition()
        self._updates: list[dict[str, Any]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/bot"

    def push(self, updates: list[dict[str, Any]]) -> None:
        with self._lock:
            self._updates.extend(updates)
            self._lock.notify_all()

    def wait_for(self, predicate: Any, timeout: float) -> bool:
        """Block until `predicate(world)` holds (checked after each call the bot makes)."""
        with self._lock:
            return self._lock.wait_for(lambda: predicate(self.world), timeout=timeout)

    @contextmanager
    def running(self) -> Iterator[FakeTelegramServer]:
        self._thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()

    def _typed(self, method: str, form: dict[str, str]) -> dict[str, Any]:
        spec = self.world.spec.methods.get(method)
        typed: dict[str, Any] = {}
        for name, value in form.items():
            kinds = spec.fields[name].types if spec and name in spec.fields else ()
            if "Integer" in kinds and value.lstrip("-").isdigit():
                typed[name] = int(value)
            elif "Boolean" in kinds and value in ("true", "false"):
                typed[name] = value == "true"
            elif "Float" in kinds:
                typed[name] = float(value)
            else:
                typed[name] = value
        return typed

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 1.0)
        with self._lock:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if not self._updates and timeout:
                self._lock.wait(timeout)
            return list(self._updates)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_POST(self) -> None:
                prefix, _, method = self.path.rpartition("/")
                token = prefix.rpartition("/bot")[2]
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if len(raw) < length:  # the client died mid-request (kill -9): never arrived
                    self.close_connection = True
                    return
                body = raw.decode()
                if "json" in (self.headers.get("Content-Type") or ""):
                    params: dict[str, Any] = json.loads(body or "{}")
                else:
                    form = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
                    params = server._typed(method, form)
                if method == "getUpdates":
                    status, answer = 200, {"ok": True, "result": server._get_updates(params)}
                else:
                    with server._lock:
                        status, answer = server.world.handle(method, params, token=token)
                        server._lock.notify_all()
                payload = json.dumps(answer).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    return  # the bot stopped and hung up on a long poll: as Telegram, move on

        return Handler
