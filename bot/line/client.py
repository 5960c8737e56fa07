"""The only module that talks to the LINE Messaging API (the SDK's async client).

A reply goes through the SDK's ``AsyncApiClient`` alone; its API classes (every method
wrapped in a pydantic validator, with the models they take) are imported only by the rich
menu's set-up, which needs them."""

from __future__ import annotations

import logging
import time
from functools import cached_property
from typing import Any

import aiohttp
from linebot.v3.messaging import AsyncApiClient, Configuration

from bot.line.retry import Outcome, RetryPolicy, deliver
from bot.metrics import REPLY_LATENCY

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 2.0
TOTAL_TIMEOUT = 8.0
CONNECTION_POOL = 100


class _Json(dict[str, Any]):
    """A request body that is plain JSON already (dicts, lists, strings, numbers, booleans)."""


class _ApiClient(AsyncApiClient):  # type: ignore[misc]  # the SDK is untyped
    """The SDK's client, sending a ``_Json`` body as it is: the SDK's walk over a body, which turns
    its models into dicts, finds none in one, and cost ~0.15 ms for a carousel (more than the rest
    of the call). Anything else goes through the SDK's own ``sanitize_for_serialization``."""

    def sanitize_for_serialization(self, obj: Any) -> Any:
        if isinstance(obj, _Json):
            return obj
        return super().sanitize_for_serialization(obj)


class LineClient:
    def __init__(
        self,
        *,
        access_token: str,
        base_url: str,
        data_url: str | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        self._retry = retry or RetryPolicy()
        self._timeout = aiohttp.ClientTimeout(total=TOTAL_TIMEOUT, connect=CONNECT_TIMEOUT)
        config = Configuration(host=base_url.rstrip("/"), access_token=access_token)
        # The SDK's default pool is 5 per CPU; aiohttp counts waiting for a free connection
        # against the connect timeout, so a burst of replies would time out queueing.
        config.connection_pool_maxsize = CONNECTION_POOL
        self._api_client = _ApiClient(config)
        blob_host = (data_url or base_url.replace("://api.", "://api-data.")).rstrip("/")
        self._blob_config = Configuration(host=blob_host, access_token=access_token)
        self._blob_client: AsyncApiClient | None = None

    @property
    def retry(self) -> RetryPolicy:
        return self._retry

    async def reply(
        self, reply_token: str, messages: list[dict[str, Any]], *, arrived: float | None = None
    ) -> Outcome:
        """Send the reply, retrying within the token's life; ``arrived`` is the webhook's
        ``time.monotonic()``. LINE's refusals and failures are logged and counted, not raised."""
        arrived = time.monotonic() if arrived is None else arrived
        body = _Json(replyToken=reply_token, messages=messages)

        async def attempt(timeout: aiohttp.ClientTimeout) -> object:
            # The SDK's client sends the JSON as built (bot/line/messages.py, checked against
            # LINE's limits by its tests) with its auth, headers and error mapping. Building the
            # SDK's model of every flex component first (ReplyMessageRequest) cost ~7 ms a reply.
            return await self._api_client.call_api(
                "/v2/bot/message/reply",
                "POST",
                header_params={"Accept": "application/json", "Content-Type": "application/json"},
                body=body,
                # LINE's answer (the ids of the messages sent) is not read: not parsed into a model.
                response_types_map={},
                auth_settings=["Bearer"],
                _request_timeout=timeout,
            )

        outcome = await deliver(attempt, deadline=self._retry.deadline(arrived), policy=self._retry)
        if outcome == "sent":
            REPLY_LATENCY.observe(time.monotonic() - arrived)
        return outcome

    @cached_property
    def _api(self) -> Any:
        from linebot.v3.messaging import AsyncMessagingApi

        return AsyncMessagingApi(self._api_client)

    @cached_property
    def _blob(self) -> Any:
        from linebot.v3.messaging import AsyncMessagingApiBlob

        self._blob_client = AsyncApiClient(self._blob_config)
        return AsyncMessagingApiBlob(self._blob_client)

    async def create_rich_menu(self, definition: dict[str, Any]) -> str:
        from linebot.v3.messaging import RichMenuRequest

        response = await self._api.create_rich_menu(
            RichMenuRequest.from_dict(definition), _request_timeout=self._timeout
        )
        return str(response.rich_menu_id)

    async def upload_rich_menu_image(self, rich_menu_id: str, png: bytes) -> None:
        await self._blob.set_rich_menu_image(
            rich_menu_id,
            bytearray(png),
            _headers={"Content-Type": "image/png"},
            _request_timeout=self._timeout,
        )

    async def set_default_rich_menu(self, rich_menu_id: str) -> None:
        await self._api.set_default_rich_menu(rich_menu_id, _request_timeout=self._timeout)

    async def close(self) -> None:
        await self._api_client.close()
        if self._blob_client is not None:
            await self._blob_client.close()
