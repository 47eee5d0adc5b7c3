"""What an article is, whatever it came in as (a file, a pasted text, a web page's article):
UTF-8 text of a sensible size, with paragraphs and words. Pure: the callers read the bytes."""

from __future__ import annotations

from bot.core.errors import BotError

# Real articles are a few kilobytes; a megabyte of text is not an article, and the bot must not
# spend its memory and time on one.
MAX_ARTICLE_BYTES = 1_000_000
MAX_LINE_CHARS = 20_000
MIN_WORDS = 5
# A web page carries its article in markup, scripts and menus: allowed more than its text.
MAX_PAGE_BYTES = 2_000_000


class ArticleError(BotError):
    """An input that is not an article we can read; the message is shown to the user."""


def check_article_bytes(raw: bytes, name: str) -> str:
    """Decode and sanity-check an article; raises ``ArticleError`` with a one-line reason."""
    if len(raw) > MAX_ARTICLE_BYTES:
        raise ArticleError(
            f"{name}: too large ({len(raw):,} bytes; the limit is "
            f"{MAX_ARTICLE_BYTES:,}): not a news article"
        )
    if b"\x00" in raw:
        raise ArticleError(f"{name}: binary data, not a text file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ArticleError(f"{name}: not UTF-8 text (byte {error.start})") from None
    if not text.strip():
        raise ArticleError(f"{name}: empty")
    longest = max(len(line) for line in text.splitlines())
    if longest > MAX_LINE_CHARS:
        raise ArticleError(f"{name}: a line of {longest:,} characters; an article has paragraphs")
    if len(text.split()) < MIN_WORDS:
        raise ArticleError(f"{name}: too short to be an article ({len(text.split())} words)")
    printable = sum(ch.isprintable() or ch in "\n\t" for ch in text)
    if printable < 0.95 * len(text):
        raise ArticleError(f"{name}: mostly control characters, not a text file")
    return text
