"""The one name for a JSON object as it is read or written: a stored document (a chat, an
event, a table of a file), an export, a manifest entry, a Bot API request's parameters.

It is text's shape, not a value the bot works with: a typed value reads it
(``Chat.from_dict``, ``Event.from_dict`` ...) at the boundary and writes it back
(``to_dict``), so nothing past the boundary passes one around.
"""

from __future__ import annotations

from typing import Any

JsonObject = dict[str, Any]
