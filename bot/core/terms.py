"""A person's terms in one office: one article's sightings folded into the history. Pure.

``merge_positions`` keeps one term per office and stretch of time, each fact in the term it
belongs to by date, so that the same articles read in any order leave the same terms (news does
not arrive in date order; tests/test_order.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from bot.core.extraction.results import PositionSighting
from bot.core.models import PartialDate, Position

_ONGOING = re.compile(r"\b[Ss]ince\b")


def _earlier(a: PartialDate | None, b: PartialDate | None) -> bool:
    """``a`` starts before ``b`` (a known date is earlier than an unknown one)."""
    return a is not None and (b is None or a.sort_key() < b.sort_key())


def _stint_for(stints: Sequence[Position], date: PartialDate, back: bool = True) -> int | None:
    """The index of the term (of one office) that a dated fact belongs to, or None for a new one.

    The term whose evidence spans the date (from its first evidence to its stated end, open-ended
    when no end is stated); else the next term after the date, when no stated end lies between
    (a person seen in office in December 2022 and re-elected in January 2023 has one term), unless
    ``back`` is false: an end dated before a term's first evidence ends an earlier term.
    """
    day = date.start()
    ordered = sorted(range(len(stints)), key=lambda i: stints[i].sort_key())
    for i in reversed(ordered):
        first = stints[i].begins or stints[i].until
        until = stints[i].until
        if first is not None and first.start() <= date.end() and (
            until is None or day <= until.end()
        ):
            return i
    # A term known only by its stated end ("He replaces X", read before the articles showing X
    # in office): what shows the person there before that end, with no other end between, is
    # that term, whichever article came first.
    ends_only = sorted((i for i in ordered if stints[i].begins is None
                        and stints[i].until is not None), key=lambda i: stints[i].sort_key())
    for i in ends_only:
        end = stints[i].until
        assert end is not None
        if day <= end.end() and not any(
            s.until is not None and day <= s.until.start() and s.until.end() < end.start()
            for s in stints
        ):
            return i
    for i in ordered if back else ():
        first = stints[i].begins
        if first is not None and day < first.start():
            ended_between = any(
                s.until is not None and day <= s.until.end() and s.until.end() < first.start()
                for s in stints
            )
            return None if ended_between else i
    return None


def merge_positions(
    positions: tuple[Position, ...],
    sightings: Sequence[PositionSighting],
    event_id: str | None = None,
    event_date: PartialDate | None = None,
) -> tuple[Position, ...]:
    """Fold the position sightings of one article (``event_id``, dated ``event_date``) into a
    position history, one term per office and stretch of time.

    A stated start ("appointed", "since 2019") is ``since``; a stated end ("released",
    "previously") is ``until``; the article's own date goes into ``first_seen`` / ``last_seen``
    when it shows the person in office. Nothing else becomes a start or an end.
    """
    result = list(positions)
    held_now = {s.title for s in sightings if _shows(s, event_date)}
    for sighting in sightings:
        title, change = sighting.title, sighting.change
        date = sighting.date or event_date
        if date is None:
            # An undated article tells nothing about when, but it does tell the office: kept,
            # with no dates, unless the office is already known; one it says was left ("former
            # Supreme Court chair X", "the dismissal of X, a member of ...") is kept as a former
            # post, its date unknown (``until_event`` alone): it never ends a dated term.
            if not any(p.title == title for p in result):
                left = change in ("end", "former")
                result.append(Position(title, event=event_id, evidence=sighting.evidence,
                                       wording=sighting.wording,
                                       until_event=event_id if left else None,
                                       until_evidence=sighting.evidence if left else ""))
            continue
        seen_at = event_date or date
        same = [i for i, p in enumerate(result) if p.title == title]
        found = _stint_for([result[i] for i in same], date, back=change != "end")
        index = same[found] if found is not None else None
        if change == "former":
            # Held before this article, the end not stated: recorded on its own here and folded
            # into the office's terms once the article is read (``_fold_former``), so that it
            # ends the same term whichever article came first. Not when the same article shows
            # the person in the office ("re-elected; he also led the chamber before"): that
            # speaks of an earlier stretch and ends nothing.
            if title not in held_now:
                result.append(Position(title, ended_by=date, event=event_id,
                                       evidence=sighting.evidence, wording=sighting.wording,
                                       until_event=event_id, until_evidence=sighting.evidence))
            continue
        if change == "end":
            if index is not None and result[index].until is None:
                result[index] = replace(result[index], until=date, until_event=event_id,
                                        until_evidence=sighting.evidence)
            elif index is None:
                result.append(Position(title, until=date, until_event=event_id,
                                       until_evidence=sighting.evidence))
            continue
        current = result[index] if index is not None else Position(title)
        # A start shows the person in office at the article's date when it falls within that
        # date ("appointed today") or the sentence says it goes on ("since 2019 she has been"):
        # "was appointed minister in 2015" in a 2024 article does not say she still is.
        shows = _shows(sighting, event_date)
        if change == "start" and (current.since is None or _earlier(date, current.since)):
            current = replace(current, since=date, event=event_id, evidence=sighting.evidence,
                              wording=sighting.wording)
        if shows:
            if current.first_seen is None or _earlier(seen_at, current.first_seen):
                current = replace(current, first_seen=seen_at)
                if current.since is None:
                    current = replace(current, event=event_id, evidence=sighting.evidence,
                                      wording=sighting.wording)
            if current.last_seen is None or _earlier(current.last_seen, seen_at) or (
                current.last_seen == seen_at and current.last_event is None
            ):
                current = replace(current, last_seen=seen_at, last_event=event_id)
        if index is None:
            result.append(current)
        else:
            result[index] = current
    # An undated article's office is kept only while nothing dated tells of it: read before or
    # after the dated ones, it leaves the same history.
    result = _fold_former(result)
    dated = {p.title for p in result if not _dateless(p)}
    result = [p for p in result if not (_dateless(p) and p.title in dated)]
    # Terms of the same date in a fixed order (the card lists them so), not in reading order: a
    # term begun that day before a post only known to have ended by then, then by office.
    result.sort(key=lambda p: (p.sort_key(), p.begins is None, p.title, p.event or "",
                               p.until_event or ""))
    return tuple(result)


def _shows(sighting: PositionSighting, event_date: PartialDate | None) -> bool:
    """A start shows the person in office at the article's date when it falls within that date
    ("appointed today") or the sentence says it goes on ("since 2019 she has been"): "was
    appointed minister in 2015" in a 2024 article does not say she still is."""
    date = sighting.date or event_date
    if sighting.change == "seen":
        return date is not None
    seen_at = event_date or date
    if sighting.change != "start" or date is None or seen_at is None:
        return False
    return date.start() <= seen_at.end() and (
        seen_at.start() <= date.end() or _ONGOING.search(sighting.evidence) is not None)


def _is_former_only(position: Position) -> bool:
    return position.ended_by is not None and not (
        position.since or position.until or position.first_seen or position.last_seen)


def _fold_former(positions: list[Position]) -> list[Position]:
    """Rule "held before, end not stated" (``former``), applied as if the articles had come in
    date order: the office's last open term begun before the article's date had ended by then
    (the earliest such date kept); a term already ended, or none begun before, is left as it is;
    with no dated term at all, the post is kept once, undated but for the earliest "by"."""
    formers = sorted((p for p in positions if _is_former_only(p)),
                     key=lambda p: (p.ended_by.sort_key() if p.ended_by else (0, 0, 0),
                                    p.until_event or ""))
    result = [p for p in positions if not _is_former_only(p)]
    for former in formers:
        same = [i for i, p in enumerate(result) if p.title == former.title]
        open_terms = [i for i in same if result[i].until is None
                      and _earlier(result[i].begins, former.ended_by)]
        if open_terms:
            i = open_terms[-1]
            held = result[i]
            if held.ended_by is None or _earlier(former.ended_by, held.ended_by):
                result[i] = replace(held, ended_by=former.ended_by,
                                    until_event=former.until_event,
                                    until_evidence=former.until_evidence)
        elif not same:
            result.append(former)
    return result


def _dateless(position: Position) -> bool:
    return not (position.since or position.until or position.first_seen or position.last_seen
                or position.ended_by)
