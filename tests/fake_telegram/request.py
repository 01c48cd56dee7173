"""The transport: a python-telegram-bot ``BaseRequest`` that answers from a FakeTelegram."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, RequestData

from .models import UploadedFile

if TYPE_CHECKING:
    from .world import FakeTelegram


class FakeRequest(BaseRequest):
    """Routes every Bot API request of a PTB ``Bot`` into :meth:`FakeTelegram.handle`."""

    def __init__(self, world: FakeTelegram) -> None:
        self.world = world
        self.initialized = False

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        self.initialized = True

    async def shutdown(self) -> None:
        self.initialized = False

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if "/file/bot" in url:  # a file download, after getFile
            content = self.world.download(url.split("/file/bot", 1)[1].split("/", 1)[1])
            return (200, content) if content is not None else (404, b"Not Found")
        prefix, _, api_method = url.rpartition("/")
        token = _token_in(prefix)
        params: dict[str, Any] = {}
        files: dict[str, UploadedFile] = {}
        if request_data is not None:
            params = dict(request_data.parameters)
            if request_data.contains_files:
                files = _read_files(request_data)
        status, body = self.world.handle(api_method, params, files, token=token)
        return status, json.dumps(body).encode("utf-8")


def _token_in(url_prefix: str) -> str | None:
    """The bot token in the URL before the method name (``.../bot<token>``), if any."""
    for segment in reversed(url_prefix.split("/")):
        candidate = segment.removeprefix("bot")
        if candidate.partition(":")[0].isdigit() and ":" in candidate:
            return candidate
    return None


def _read_files(request_data: RequestData) -> dict[str, UploadedFile]:
    files: dict[str, UploadedFile] = {}
    for part, field_tuple in request_data.multipart_data.items():
        name, content = field_tuple[0], field_tuple[1]
        mime_type = field_tuple[2] if len(field_tuple) > 2 else None
        if hasattr(content, "read"):
            if hasattr(content, "seek"):
                content.seek(0)
            content = content.read()
        if isinstance(content, str):
            content = content.encode("utf-8")
        files[part] = UploadedFile(name=str(name), content=bytes(content), mime_type=mime_type)
    return files
