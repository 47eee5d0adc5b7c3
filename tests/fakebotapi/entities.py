"""Text as Telegram reads it: HTML entities (modelled on tdlib's parser), offsets in UTF-16
units, surrounding white space trimmed, and the bot_command entity of a typed command.

The bot sends HTML only, so HTML is the one parse mode parsed here: a request with Markdown or
MarkdownV2 is a fake that does not model what was sent, and fails loudly (``NotImplementedError``,
an "Internal Server Error" answer recorded in ``fake.errors``) rather than pass unchecked."""

from __future__ import annotations

import re
from typing import Any

from .wire import ApiError, EntityError, bad_request, u16len


def _byte_offset(text: str, index: int) -> int:
    """UTF-8 byte offset of ``text[index]``, as Telegram reports in entity errors."""
    return len(text[:index].encode("utf-8"))


_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}


_HTML_SPECIAL = re.compile(r"[<&]")


_HTML_SPACES = frozenset(" \t\r\n\v\f")


_HTML_ENTITY = re.compile(r"&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8})|([A-Za-z][A-Za-z0-9]*));")


_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def _decode_html_entity(text: str, index: int) -> tuple[str | None, int, str]:
    """Decode the entity at ``text[index] == "&"``: (char or None, end index, why not)."""
    match = _HTML_ENTITY.match(text, index)
    if match is None:
        return None, index, "Character '&' must start an HTML entity, escape it as &amp;"
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        char = _NAMED_ENTITIES.get(name)
        if char is None:
            return None, index, f'Unsupported HTML entity "&{name};"'
        return char, match.end(), ""
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None, index, f'Invalid numeric HTML entity "{match.group(0)}"'
    return chr(code), match.end(), ""


def _decode_attribute(value: str) -> str:
    """Decode entities in an attribute value; like Telegram, a stray '&' stays literal."""
    if "&" not in value:
        return value
    out: list[str] = []
    pos = 0
    while (amp := value.find("&", pos)) >= 0:
        out.append(value[pos:amp])
        char, end, _ = _decode_html_entity(value, amp)
        if char is None:
            out.append("&")
            pos = amp + 1
        else:
            out.append(char)
            pos = end
    out.append(value[pos:])
    return "".join(out)


def _parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML into (plain text, entities); raise EntityError like Telegram.

    Deliberately stricter than Telegram in one place: a '&' that does not start one of the
    documented entities is an error (Telegram silently keeps it), because the Bot API docs
    require it to be escaped and a bot relying on the leniency is one refactor away from
    a real failure. A raw '>' is accepted, as Telegram does.
    """
    out: list[str] = []
    u16 = 0
    # Open tags: [tag, argument, utf16 start, extra] where extra is a pre's language.
    stack: list[list[Any]] = []
    entities: list[dict[str, Any]] = []
    n = len(text)
    pos = 0
    while True:
        match = _HTML_SPECIAL.search(text, pos)
        if match is None:
            chunk = text[pos:]
            out.append(chunk)
            u16 += u16len(chunk)
            break
        i = match.start()
        if i > pos:
            chunk = text[pos:i]
            out.append(chunk)
            u16 += u16len(chunk)
        if text[i] == "&":
            char, end, why = _decode_html_entity(text, i)
            if char is None:
                raise EntityError(f"{why} at byte offset {_byte_offset(text, i)}")
            out.append(char)
            u16 += 2 if ord(char) > 0xFFFF else 1
            pos = end
            continue
        offset = _byte_offset(text, i)
        if i + 1 < n and text[i + 1] == "/":
            # An end tag.
            if not stack:
                raise EntityError(f"Unexpected end tag at byte offset {offset}")
            j = i + 2
            while j < n and text[j] not in _HTML_SPACES and text[j] != ">":
                j += 1
            end_name = text[i + 2 : j].lower()
            while j < n and text[j] in _HTML_SPACES:
                j += 1
            if j >= n or text[j] != ">":
                raise EntityError(f"Unclosed end tag at byte offset {offset}")
            tag, argument, start, extra = stack.pop()
            if end_name and end_name != tag:
                raise EntityError(
                    f'Unmatched end tag at byte offset {offset}, expected "</{tag}>", '
                    f'found "</{end_name}>"'
                )
            pos = j + 1
            length = u16 - start
            if tag == "code" and argument and stack and stack[-1][0] == "pre":
                # <pre><code class="language-x"> is one "pre" entity with a language.
                stack[-1][3] = argument
                continue
            if length <= 0 or (tag == "a" and not argument):
                continue
            entity: dict[str, Any] = {"type": _HTML_TAGS[tag], "offset": start, "length": length}
            if tag == "a":
                entity["url"] = argument
            elif tag == "pre" and extra:
                entity["language"] = extra
            elif tag == "tg-emoji":
                entity["custom_emoji_id"] = argument
            elif tag == "blockquote" and argument:
                entity["type"] = "expandable_blockquote"
            entities.append(entity)
            continue
        # A start tag.
        j = i + 1
        while j < n and text[j] not in _HTML_SPACES and text[j] != ">":
            j += 1
        if j >= n:
            raise EntityError(f"Unclosed start tag at byte offset {offset}")
        tag = text[i + 1 : j].lower()
        if tag not in _HTML_TAGS:
            raise EntityError(f'Unsupported start tag "{tag}" at byte offset {offset}')
        attributes: dict[str, str] = {}
        while True:
            while j < n and text[j] in _HTML_SPACES:
                j += 1
            if j >= n:
                raise EntityError(f"Unclosed start tag at byte offset {offset}")
            if text[j] == ">":
                j += 1
                break
            name_start = j
            while j < n and text[j] not in _HTML_SPACES and text[j] not in "=>":
                j += 1
            name = text[name_start:j].lower()
            if not name:
                raise EntityError(
                    f'Empty attribute name in the tag "{tag}" at byte offset {offset}'
                )
            while j < n and text[j] in _HTML_SPACES:
                j += 1
            if j >= n:
                raise EntityError(f"Unclosed start tag at byte offset {offset}")
            if text[j] != "=":
                if tag == "blockquote" and name == "expandable":
                    attributes[name] = ""
                    continue
                raise EntityError(
                    "Expected equal sign in declaration of an attribute of the tag "
                    f'"{tag}" at byte offset {offset}'
                )
            j += 1
            while j < n and text[j] in _HTML_SPACES:
                j += 1
            if j >= n:
                raise EntityError(f"Unclosed start tag at byte offset {offset}")
            quote = text[j]
            if quote in "'\"":
                close = text.find(quote, j + 1)
                if close < 0:
                    raise EntityError(f"Unclosed start tag at byte offset {offset}")
                value = _decode_attribute(text[j + 1 : close])
                j = close + 1
            else:
                value_start = j
                while j < n and (text[j].isalnum() or text[j] in ".-"):
                    j += 1
                if j >= n:
                    raise EntityError(f"Unclosed start tag at byte offset {offset}")
                if text[j] not in _HTML_SPACES and text[j] != ">":
                    raise EntityError(
                        "Unexpected end of name token at byte offset "
                        f"{_byte_offset(text, value_start)}"
                    )
                value = text[value_start:j].lower()
            attributes[name] = value
        argument = ""
        if tag == "span":
            if attributes.get("class") != "tg-spoiler":
                raise EntityError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {offset}'
                )
        elif tag == "a":
            argument = attributes.get("href", "")
        elif tag == "code":
            css = attributes.get("class", "")
            argument = css[len("language-") :] if css.startswith("language-") else ""
        elif tag == "tg-emoji":
            argument = attributes.get("emoji-id", "")
            if not argument.isdigit():
                raise EntityError("Invalid custom emoji identifier specified")
        elif tag == "blockquote" and "expandable" in attributes:
            argument = "expandable"
        stack.append([tag, argument, u16, ""])
        pos = j
    if stack:
        raise EntityError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def parse_entities(text: str, parse_mode: str | None) -> tuple[str, list[dict[str, Any]]]:
    """Parse ``text`` like Telegram for ``parse_mode`` (None or "HTML").

    Returns ``(plain_text, entities)``; raises ``ValueError`` with Telegram's description
    ("can't parse entities: ...", "unsupported parse_mode") on invalid input.
    """
    try:
        return parse_with_mode(text, parse_mode)
    except ApiError as exc:
        raise ValueError(exc.description.removeprefix("Bad Request: ")) from None


def parse_with_mode(text: str, parse_mode: Any) -> tuple[str, list[dict[str, Any]]]:
    mode = str(parse_mode).lower() if parse_mode else ""
    try:
        if not mode:
            return text, []
        if mode == "html":
            return _parse_html(text)
        if mode in ("markdown", "markdownv2"):
            raise NotImplementedError(f"parse_mode {parse_mode}: the bot sends HTML, and the "
                                      "fake parses HTML only")
    except EntityError as exc:
        raise bad_request(f"can't parse entities: {exc}") from None
    raise bad_request("unsupported parse_mode")


def trim_entities(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Strip surrounding whitespace like Telegram, shifting/clipping entities to match."""
    stripped = text.strip()
    if len(stripped) == len(text):
        return text, entities
    lead = u16len(text[: len(text) - len(text.lstrip())])
    total = u16len(stripped)
    trimmed = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, total)
        if end > start:
            trimmed.append({**entity, "offset": start, "length": end - start})
    return stripped, trimmed


_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")


def command_entities(text: str) -> list[dict[str, Any]]:
    """The bot_command entity Telegram attaches to a message starting with a command."""
    match = _COMMAND_RE.match(text)
    if match is None:
        return []
    return [{"type": "bot_command", "offset": 0, "length": u16len(match.group(0))}]
