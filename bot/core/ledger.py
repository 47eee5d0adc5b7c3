"""The delivery ledger's words: what became of a pushed message, and the key of each item.

Every pushed message has a ledger key within its chat (``digest:2024-03-13``, ``rem:...``,
``alert:<event>``, ``bc:<broadcast>``), claimed before the request and settled with an
``Outcome`` after it (``store/ledger.py`` keeps them as JSON lines; the values are the words
written there, so files from before these types read the same).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class Outcome(StrEnum):
    CLAIMED = "claimed"  # being sent; left by a killed process, it is the message in doubt
    SENT = "sent"
    SKIPPED = "skipped"  # the ledger says it went already (never written: a return value)
    FORBIDDEN = "forbidden"  # 403: blocked or removed, the chat deactivated
    MIGRATED = "migrated"  # the group became a supergroup: sent to the new id
    TOPIC_GONE = "topic gone"  # the forum topic was closed or deleted
    GONE = "gone"  # chat not found or deactivated
    REFUSED = "refused"  # a bad request: not sent, not retried
    DOUBT = "doubt"  # timed out twice: Telegram may have it; not sent a third time
    RETRY = "retry"  # network trouble: claimed again by the next tick


# A broadcast still owes a message to a chat whose item is absent or in one of these states.
UNSETTLED = frozenset({Outcome.RETRY, Outcome.CLAIMED})


def digest_item(day: dt.date) -> str:
    return f"digest:{day.isoformat()}"


def reminder_item(day: dt.date) -> str:
    return f"rem:{day.isoformat()}"


def alert_item(event_id: str) -> str:
    return f"alert:{event_id}"


def broadcast_item(broadcast_id: str) -> str:
    return f"bc:{broadcast_id}"
