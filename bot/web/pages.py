"""An article page reduced to its article, by trafilatura: headline, publication date (page
metadata, ``<time>``), canonical address and the body's paragraphs, without menus, share
buttons, related news, newsletter boxes, footers or scripts.

A page without a date in its markup is left undated here; the extractor then reads the dateline
of the text ("ASTANA, 14 March 2024 -"), as for a plain-text article.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

from bot.core.articles import MAX_PAGE_BYTES, check_article_bytes
from bot.core.errors import BotError
from bot.core.models import Article, PartialDate
from bot.web.clean import clean_line, clean_text

MIN_WORDS = 20

# trafilatura and htmldate log every page they find hard at WARNING/ERROR: our callers report
# what matters (one line per failing page), so keep them quiet.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


class PageError(BotError):
    """A page with no article in it; the message is one line."""


def decode_html(body: bytes, content_type: str = "") -> str:
    """Bytes to text: the charset the server or the page declares, else UTF-8, leniently."""
    match = re.search(r"charset=([\w-]+)", content_type, re.I) or re.search(
        rb"<meta[^>]+charset=[\"']?([\w-]+)", body[:2048], re.I)
    charset = match.group(1) if match else "utf-8"
    if isinstance(charset, bytes):
        charset = charset.decode("ascii", "replace")
    try:
        return body.decode(charset, "replace")
    except LookupError:
        return body.decode("utf-8", "replace")


def is_page_name(name: str) -> bool:
    """A file named as a saved web page (``story.html``)."""
    return name.lower().endswith((".html", ".htm", ".xhtml"))


def looks_like_html(body: bytes, content_type: str = "") -> bool:
    if "html" in content_type.lower():
        return True
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def page_article(body: bytes, name: str, content_type: str = "", url: str | None = None,
                 source: str = "") -> Article:
    """The article of a web page: the one way HTML becomes an ``Article``, for a fetched page
    (``ingest URL``, a feed's entry), a saved ``.html`` file and an ``.html`` document sent to
    /ingest alike. ``url`` is where it came from (None for a file). ``PageError`` for what is no
    article page; ``ArticleError`` for an article over an article's limits."""
    if len(body) > MAX_PAGE_BYTES:
        raise PageError(f"{name}: too large for a web page ({len(body):,} bytes; the limit "
                        f"is {MAX_PAGE_BYTES:,})")
    article = _article_from_html(decode_html(body, content_type), url, name, source)
    check_article_bytes(article.text.encode(), name)  # the limits of an article file hold too
    return article


def _article_from_html(html: str, url: str | None, name: str, source: str = "") -> Article:
    import trafilatura  # imported on demand: the bot's replies never need it

    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        include_images=False, date_extraction_params={"extensive_search": False,
                                                      "original_date": True})
    text = clean_text(getattr(document, "text", None) or "")
    if len(text.split()) < MIN_WORDS:
        raise PageError(f"{name}: no article text on this page")
    title = clean_line(getattr(document, "title", None) or "") or None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if title and lines and lines[0].casefold() == title.casefold():
        lines = lines[1:]  # the headline is the title, not the first paragraph
    date = None
    raw_date = getattr(document, "date", None)
    if raw_date:
        try:
            date = PartialDate.from_iso(str(raw_date)[:10])
        except ValueError:
            date = None
    canonical = getattr(document, "url", None)
    # The canonical address is the article's identity: the same story reached through another
    # address (tracking tags, a mirror, a saved copy of the page) is then the same event.
    if canonical and urlsplit(canonical).scheme in {"http", "https"} \
            and urlsplit(canonical).hostname:
        url = str(canonical)
    return Article(text="\n\n".join(lines), source=source, title=title, date=date, name=name,
                   url=url)
