"""What lookups derive from the knowledge (name indexes, bills in order, event texts folded for
search), owned by the read model: each store has its own ``Indexes``, nothing lives in module
state, so two stores in one process (a test's, the bot's) never see each other's.

A derived value is remembered while the caller passes the very same (immutable) objects: a list
with an object added, removed or replaced is a new list and gets a new value. That check is one
identity comparison per item (about 2 ms at 100,000 events), far cheaper than what is derived.
What is costly to redo for every new list is kept per item and carried over: an event's folded
title and text are folded once (``fold_events``), so an article added folds one text, not 30,000.

The folded texts are the search index, kept; the raw texts are not: an event read from part
files holds none (``Event.text`` is None), and ``fold_events`` reads the texts of the events it
has not folded yet through the store's ``read_texts``, all of them in one call (the store reads
each file once), folds them and lets them go.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from itertools import repeat
from typing import Any, TypeVar

from bot.core.matching import whole_words_only
from bot.core.models import Event
from bot.core.text import fold_once

T = TypeVar("T")
V = TypeVar("V")

_NOT_WORD = re.compile(r"[^\w\s-]")

# The stored texts of events that hold none, as (event id, text), read from the store a file
# at a time: only one file's raw texts are alive at once while they are folded.
TextReader = Callable[[Sequence[Event]], Iterable[tuple[str, str]]]


def _no_stored_texts(events: Sequence[Event]) -> Iterable[tuple[str, str]]:
    raise ValueError(f"event {events[0].id} holds no text and this index has no store to read "
                     "it from")


# Typographic signs that ``fold`` drops (they have no ASCII form, so its encoding to ASCII
# leaves them out): an English article is often ASCII but for its quotes and dashes.
_DROPPED_SIGNS = str.maketrans(dict.fromkeys("\u201c\u201d\u2018\u2019\u201e\u201a"
                                             "\u00ab\u00bb\u2039\u203a\u2013\u2014\u2022"))


def fold_text(text: str) -> str:
    """``fold(text)``, quicker for plain ASCII (nearly every article, once its quotes and
    dashes are dropped as ``fold`` drops them): nothing to transliterate or strip of accents
    there, so only the lower-casing, punctuation and spacing of ``fold`` are left (the same
    result, about 20 times quicker on an article). Not remembered: each text is folded once."""
    if not text.isascii():
        plain = text.translate(_DROPPED_SIGNS)
        if not plain.isascii():
            return fold_once(text)
        text = plain
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


class EventTexts:
    """Events' folded titles and texts, in the events' order, for word search.

    A query word has no spaces and folded text is words joined by single spaces, so counting
    the word in the folded text (``str.count``, in C) is counting it inside the text's words:
    no postings to build or keep, and a search reads 33 MB of folded text at 30,000 events in
    tens of milliseconds.
    """

    def __init__(self, folded: Sequence[tuple[str, str]]) -> None:
        # each with a space each side (``Indexes.fold_event``): a short word is looked for
        # whole (" su "), not inside "summit"; the strings are the ones the index keeps per
        # event, not copies (33 MB of folded text at 30,000 events)
        self.titles = [title for title, _body in folded]
        self.bodies = [body for _title, body in folded]

    def scores(self, words: Sequence[str]) -> list[tuple[int, float]]:
        """(event index, score) of every event the words match, in the events' order: 90 when
        every word is in its title, else 60 + 4 per occurrence in its text (at most 80) when
        every word is in the text. Each word is looked for in every text by ``map`` (the loop
        in C): 30,000 texts in a few milliseconds."""
        in_title: list[bool] | None = None
        totals: list[int] | None = None
        for typed in words:
            word = f" {typed} " if whole_words_only(typed) else typed
            found = list(map(operator.contains, self.titles, repeat(word)))
            in_title = found if in_title is None else list(map(operator.and_, in_title, found))
            counts = list(map(str.count, self.bodies, repeat(word)))
            # every word must occur: a text missing one counts 0
            totals = counts if totals is None else [
                total + count if total and count else 0 for total, count in zip(totals, counts, strict=True)]
        if in_title is None or totals is None:
            return []
        return [(at, 90.0 if title else 60.0 + min(20.0, 4.0 * total))
                for at, (title, total) in enumerate(zip(in_title, totals, strict=True)) if title or total]


class Indexes:
    """The derived values of one store's knowledge (see the module's docstring)."""

    KEEP = 2  # per key: the current list and one other (each may hold megabytes)

    def __init__(self, read_texts: TextReader = _no_stored_texts) -> None:
        self._memo: dict[Hashable, list[tuple[tuple[Any, ...], Any]]] = {}
        self._read_texts = read_texts
        # event id -> (the event folded, its folded title, its folded text): carried from list
        # to list while the event is the very same object (a part read again makes new ones,
        # and its texts are read again with it: the text itself is not kept to compare)
        self._folded: dict[str, tuple[Event, str, str]] = {}
        self._each: dict[Hashable, dict[int, tuple[Any, Any]]] = {}

    def derived(self, key: Hashable, items: Sequence[Any],
                build: Callable[[Sequence[Any]], V]) -> V:
        """``build(items)``, remembered while ``items`` holds the very same objects."""
        if key not in self._memo and len(self._memo) >= 32:
            self._memo.clear()  # callers passing a new function each time must not grow this
        entries = self._memo.setdefault(key, [])
        for index, (kept, value) in enumerate(entries):
            if len(kept) == len(items) and all(map(operator.is_, kept, items)):
                if index:
                    entries.insert(0, entries.pop(index))
                return value  # type: ignore[no-any-return]
        value = build(items)
        entries.insert(0, (tuple(items), value))
        del entries[self.KEEP:]
        return value

    def each(self, key: Hashable, items: Sequence[T], compute: Callable[[T], V]) -> list[V]:
        """``[compute(item) for item in items]``, reusing the last list's value for each very
        same object: after another process wrote, the parts it changed are read again as new
        objects, and only those are computed again (an index is then rebuilt from the parts of
        the items, not from nothing)."""
        previous = self._each.get(key, {})
        current: dict[int, tuple[Any, Any]] = {}
        values = []
        for item in items:
            entry = previous.get(id(item))
            if entry is None or entry[0] is not item:
                entry = (item, compute(item))
            current[id(item)] = entry
            values.append(entry[1])
        self._each[key] = current  # the items of this list alone: the others may go
        return values

    def fold_event(self, event: Event) -> tuple[str, str]:
        """The event's folded title and text, each with a space either side (what
        ``EventTexts`` looks words up in), folded once per event."""
        self.fold_events((event,))
        return self._folded[event.id][1:]

    def fold_events(self, events: Iterable[Event]) -> None:
        """Fold the texts of these events not folded yet (the bot does it in slices after it
        starts), reading those not held in one call to the store."""
        stale = [e for e in events if (kept := self._folded.get(e.id)) is None or kept[0] is not e]
        not_held: dict[str, Event] = {}
        for event in stale:
            if event.text is None:
                not_held[event.id] = event
            else:
                self._fold(event, event.text)
        if not not_held:
            return
        for event_id, text in self._read_texts(list(not_held.values())):
            if event_id in not_held:
                self._fold(not_held.pop(event_id), text)
        if not_held:
            raise LookupError(f"event {next(iter(not_held))}: the store has no text for it")

    def fold_read(self, read: Iterable[tuple[Event, str]]) -> None:
        """Fold the texts of events just read (the store hands them over as it reads a part,
        so the running bot need not read the part again for them)."""
        for event, text in read:
            self._fold(event, text)

    def _fold(self, event: Event, text: str) -> None:
        self._folded[event.id] = (event, f" {fold_text(event.title)} ", f" {fold_text(text)} ")

    def event_texts(self, events: Sequence[Event]) -> EventTexts:
        texts: EventTexts = self.derived("event-texts", events, self._event_texts)
        return texts

    def _event_texts(self, events: Sequence[Event]) -> EventTexts:
        self.fold_events(events)
        return EventTexts([self._folded[e.id][1:] for e in events])
