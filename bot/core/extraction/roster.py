"""The officials already known, indexed for resolving a name or a role in a new article."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

from bot.core.models import Official, PartialDate
from bot.core.text import name_key, same_given_name


def _same_given(a: str | None, b: str | None) -> bool:
    return a is None or b is None or same_given_name(a, b)


class Roster:
    """Known officials indexed by folded surname and given name, for name resolution.

    Built once and updated as officials are added, so resolving a name costs a dict lookup and,
    for a misspelling, one fuzzy search over surnames rather than a scan of every official.
    """

    def __init__(self, officials: Iterable[Official] = ()) -> None:
        self.by_id: dict[str, Official] = {}
        self._by_surname: dict[str, list[str]] = {}
        self._by_given: dict[str, list[str]] = {}
        # Office -> ids of everyone seen holding it, and each id's place in ``by_id``, so that
        # ``holder`` reads a few officials, not all of them, and in ``by_id``'s order.
        self._by_office: dict[str, set[str]] = {}
        # Office -> ids of those whose term in it is open (no end known): who a new holder
        # succeeds. Few per office, however many held it before, so appointments cost the same
        # in a base of any size.
        self._open_by_office: dict[str, set[str]] = {}
        self._order: dict[str, int] = {}
        self._nearest: dict[str, str | None] = {}  # misspelt surname key -> nearest known key
        for official in officials:
            self.add(official)

    def add(self, official: Official) -> None:
        old = self.by_id.get(official.id)
        self.by_id[official.id] = official
        titles = {p.title for p in official.positions}
        open_titles = {p.title for p in official.positions if p.is_open}
        if old is not None:
            for title in {p.title for p in old.positions} - titles:
                self._by_office.get(title, set()).discard(official.id)
            for title in {p.title for p in old.positions} - open_titles:
                self._open_by_office.get(title, set()).discard(official.id)
        for title in titles:
            self._by_office.setdefault(title, set()).add(official.id)
        for title in open_titles:
            self._open_by_office.setdefault(title, set()).add(official.id)
        if old is not None:
            return
        self._order[official.id] = len(self._order)
        parts = official.name.split()
        surname = name_key(parts[-1])
        if surname not in self._by_surname:
            self._nearest.clear()  # a new surname may be the nearest to a spelling seen before
        self._by_surname.setdefault(surname, []).append(official.id)
        if len(parts) > 1:
            self._by_given.setdefault(name_key(parts[0]), []).append(official.id)

    def find(self, given: str | None, surname: str | None) -> Official | None:
        if surname:
            key = name_key(surname)
            ids = self._by_surname.get(key)
            if ids is None and len(key) >= 5:
                if key not in self._nearest:
                    # A misspelling ("Asimbayev"): the nearest known surname, looked for once
                    # per spelling until a new surname is known.
                    match = process.extractOne(
                        key, self._by_surname.keys(), scorer=fuzz.ratio, score_cutoff=85
                    )
                    near = match[0] if match is not None and match[0][:1] == key[:1] else None
                    self._nearest[key] = near
                near_key = self._nearest[key]
                ids = self._by_surname[near_key] if near_key is not None else None
            fits = [self.by_id[i] for i in ids or ()
                    if len(parts := self.by_id[i].name.split()) == 1
                    or _same_given(given, parts[0])]
            # An initial or a bare surname is a known person only when exactly one fits:
            # namesakes ("N. Nurov" with a Nurlan and a Nursultan Nurov known) stay apart.
            return fits[0] if len(fits) == 1 else None
        if given:
            ids = self._by_given.get(name_key(given), [])
            return self.by_id[ids[0]] if len(ids) == 1 else None
        return None

    def open_holders_of(self, office: str) -> list[Official]:
        """Those whose term in ``office`` is open (no end known), in ``by_id``'s order."""
        return [self.by_id[i] for i in sorted(self._open_by_office.get(office, ()),
                                              key=self._order.__getitem__)]

    def holders_of(self, office: str) -> list[Official]:
        """Everyone seen holding ``office`` (at any time), in ``by_id``'s order."""
        return [self.by_id[i] for i in sorted(self._by_office.get(office, ()),
                                              key=self._order.__getitem__)]

    def holder(self, office: str, date: PartialDate | None) -> Official | None:
        """Who held ``office`` at ``date``, as far as the knowledge base has seen."""
        holders = self.holders_of(office)
        if date is None:
            return holders[0] if len(holders) == 1 else None
        # Of those the articles place in office that day, the one who took it up last: a
        # predecessor seen once, with no stated end, does not outlast the successor.
        best: tuple[tuple[int, int, int], Official] | None = None
        for official in holders:
            for position in official.positions:
                if position.title != office or not position.held_on(date.start()):
                    continue
                began = position.begins or position.until
                key = began.sort_key() if began else (0, 0, 0)
                if best is None or key > best[0]:
                    best = (key, official)
        return best[1] if best else None
