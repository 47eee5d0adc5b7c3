"""Which event an article is: ids from its URL or its words."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

from bot.core.models import Article
from bot.core.text import normalize_text

# Times of day, view counters after a date and the scraped "date 2023-11-27" line change when a
# site corrects a timestamp (11:20 -> 11:25); they must not make the same article a new event.
_VOLATILE = re.compile(
    r"\b\d{1,2}:\d{2}(?::\d{2})?\b|\(UTC[+-]\d{2}:?\d{2}\)|^\s*date\s+\d{4}-\d{2}-\d{2}\s*$",
    re.M | re.I,
)


def content_id(text: str) -> str:
    """An id from the article's words, blind to timestamps: the same story edited at 11:25
    instead of 11:20 is the same event."""
    canonical = " ".join(_VOLATILE.sub(" ", normalize_text(text)).split()).lower()
    return hashlib.sha256(canonical.encode()).hexdigest()[:10]


def legacy_article_id(text: str) -> str:
    """The id earlier versions gave an article (its exact words); still checked so that an
    article ingested before the change is not taken again."""
    canonical = " ".join(normalize_text(text).split()).lower()
    return hashlib.sha256(canonical.encode()).hexdigest()[:10]


def url_id(url: str) -> str:
    """An id from a page's address: scheme and host folded, fragment and tracking tags dropped."""
    parts = urlsplit(url.strip())
    query = "&".join(
        q for q in parts.query.split("&") if q and not q.lower().startswith(("utm_", "fbclid="))
    )
    path = parts.path.rstrip("/") or "/"
    canonical = f"{parts.netloc.lower().removeprefix('www.')}{path}?{query}"
    return hashlib.sha256(canonical.encode()).hexdigest()[:10]


def article_keys(article: Article) -> tuple[str, ...]:
    """Every id under which this article may already be known, its own id first: its URL's
    (web pages), its content's, and the one older versions gave it."""
    keys = [url_id(article.url)] if article.url else []
    keys += [content_id(article.text), legacy_article_id(article.text)]
    return tuple(dict.fromkeys(keys))


def article_id(article: Article) -> str:
    """The event id of an article: its URL's for a web page, else its content's."""
    return article_keys(article)[0]


