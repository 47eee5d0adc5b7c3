"""Inline mode (answerInlineQuery, checked as Telegram does) and the webhook's registration."""

from __future__ import annotations

import re
from typing import Any

from .entities import parse_with_mode
from .files import Files
from .protocol import MAX_MESSAGE_LENGTH
from .wire import EntityError, bad_request, json_param


class InlineAndWebhook(Files):
    """answerInlineQuery, setWebhook, deleteWebhook, getWebhookInfo."""

    def _answer_inline_query(self, params: dict[str, Any]) -> bool:
        """Checked as Telegram does: at most 50 results, ids 1-64 bytes and unique, each
        article's message text valid (parsed like sendMessage), cache_time a number."""
        if not params.get("inline_query_id"):
            raise bad_request("query is too old and response timeout expired or query ID is "
                               "invalid")
        results = json_param(params, "results")
        if not isinstance(results, list):
            raise bad_request("can't parse inline query results JSON object")
        if len(results) > 50:
            raise bad_request("RESULTS_TOO_MUCH")
        seen = set()
        for result in results:
            result_id = str(result.get("id", "")) if isinstance(result, dict) else ""
            if not 1 <= len(result_id.encode()) <= 64:
                raise bad_request("RESULT_ID_INVALID")
            if result_id in seen:
                raise bad_request("RESULT_ID_DUPLICATE")
            seen.add(result_id)
            if result.get("type") == "article":
                if not str(result.get("title", "")).strip():
                    raise bad_request("RESULT_TITLE_EMPTY")
                content = result.get("input_message_content")
                if not isinstance(content, dict) or "message_text" not in content:
                    raise bad_request("MESSAGE_EMPTY")
                try:
                    text, _entities = parse_with_mode(content["message_text"],
                                                       content.get("parse_mode"))
                except EntityError as error:
                    raise bad_request(f"can't parse entities: {error}") from None
                if not text.strip() or len(text) > MAX_MESSAGE_LENGTH:
                    raise bad_request("MESSAGE_TOO_LONG" if text.strip() else "MESSAGE_EMPTY")
                if "reply_markup" in result:
                    self._check_reply_markup({"reply_markup": result["reply_markup"]})
        cache = params.get("cache_time")
        if cache is not None and not isinstance(cache, int):
            raise bad_request("invalid cache_time specified")
        self.inline_answers.append({**params, "results": results})
        return True

    @property
    def webhook(self) -> dict[str, Any]:
        """What setWebhook registered (url, secret_token, drop_pending_updates ...)."""
        with self._lock:
            return dict(self._webhook)

    def _set_webhook(self, params: dict[str, Any]) -> bool:
        url = str(params.get("url") or "")
        if not url.startswith("https://") and url:
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise bad_request("secret token contains unallowed characters")
        self._webhook = dict(params)
        return True

    def _delete_webhook(self, params: dict[str, Any]) -> bool:
        self._webhook = {}
        return True

    def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": str(self._webhook.get("url", "")),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
