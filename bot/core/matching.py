"""Word by word: whether what a person typed is in a name, for the cases fuzzy ratios get wrong.

A ratio of whole strings is loose where a query has several words ("constitutional court" is 70
against "construction code", close enough to list) and strict where a title is long ("safety of
children" is far from "On amendments to certain legislative acts on the safety of children",
though every word is there). So ``bot.core.lookup`` asks these questions of each word too:

* does every word of the query match a word of the name (``covers``)?
* does a word start a name ("ashimb" -> "Ashimbayev"), so the person comes before articles that
  merely contain it (``starts_a_name``)?
* is a word too short to be looked for inside other words ("su" is in "summit", "issue")
  (``whole_words_only``)?
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import TypeVar

from rapidfuzz import fuzz, process

from bot.core.follows import STOP_WORDS
from bot.core.text import fold

T = TypeVar("T")
# Names are folded again on every lookup that reaches them; titles repeat, so their folds are kept.
_fold_name = lru_cache(maxsize=1 << 16)(fold)

# Two words are the same word at this ratio or above ("ashimbaev" and "ashimbayev", "act" and
# "acts"), or when the shorter, at least this long, starts the longer ("child", "children").
SAME_WORD = 85.0
SAME_STEM = 4
# Words this short are found only as whole words: inside others they are noise.
SHORT_WORD = 3
# A name prefix this long or longer is taken as the start of a name ("ash" is not, "ashi" is).
NAME_PREFIX = 4


def whole_words_only(word: str) -> bool:
    return len(word) <= SHORT_WORD


def content_words(query: str) -> list[str]:
    """The folded words of a query worth matching: no stop-words, no single letters."""
    return [w for w in fold(query).split() if len(w) >= 2 and w not in STOP_WORDS]


def same_word(typed: str, word: str, exact: bool = False) -> bool:
    if typed == word or exact:
        return typed == word
    shorter, longer = sorted((typed, word), key=len)
    if len(shorter) >= SAME_STEM and longer.startswith(shorter):
        return True
    return fuzz.ratio(typed, word) >= SAME_WORD


def covers(words: Sequence[str], name: str, exact: bool = False) -> bool:
    """Whether every one of ``words`` (folded) is a word of ``name`` (folded): the same word
    or, unless ``exact``, a close spelling or another form of it."""
    tokens = name.split()
    return bool(words) and all(any(same_word(w, t, exact) for t in tokens) for w in words)


def covering(query: str, items: Sequence[T], forms: Callable[[T], Iterable[str]]) -> list[T]:
    """The items one of whose names holds every content word of ``query``: those holding the
    very words typed if there are any ("safety of children" is the title with "children", not
    the one with "child"), else those holding other forms of them."""
    words = content_words(query)
    if not words:
        return []
    names = [(item, [_fold_name(f) for f in forms(item)]) for item in items]
    for exact in (True, False):
        found = [item for item, folded in names if any(covers(words, f, exact) for f in folded)]
        if found:
            return found
    return []


def may_start_a_name(words: Sequence[str]) -> bool:
    """Whether one of ``words`` is long enough to be meant as the start of a name."""
    return bool(words) and max(len(w) for w in words) >= NAME_PREFIX


def starts_a_name(words: Sequence[str], names: Iterable[str]) -> bool:
    """Whether each of ``words`` starts a word of one of the (folded) names: "ashimb" of
    "maulen ashimbayev"."""
    if not may_start_a_name(words):
        return False
    return any(all(any(t.startswith(w) for t in name.split()) for w in words) for name in names)


class PrefixIndex:
    """Which items have a name word starting with a prefix, without reading every name: the
    words sorted, so those with a prefix are one range found by bisection."""

    def __init__(self, names: Sequence[Sequence[str]]) -> None:
        pairs = sorted({(token, at) for at, item_names in enumerate(names)
                        for name in item_names for token in name.split()})
        self.tokens = [token for token, _at in pairs]
        self.owners = [at for _token, at in pairs]

    def starting(self, prefix: str) -> set[int]:
        """Indexes of the items with a name word that starts with ``prefix``."""
        low = bisect_left(self.tokens, prefix)
        high = bisect_left(self.tokens, prefix + "\U0010ffff")
        return set(self.owners[low:high])


# A name the query starts ("ashimb"): above an article whose title holds the word (90).
NAME_PREFIX_SCORE = 92.0


def refine(words: Sequence[str], close: Sequence[tuple[T, float]], items: Sequence[T],
           names: Callable[[T], list[str]], index: PrefixIndex,
           confident: float) -> list[tuple[T, float]]:
    """Names ranked close to a query (``close``, best first or not), made word by word: for
    several words only those close as a whole (``confident``) or holding every word (a ratio of
    70 lets "constitutional court" find "construction code"); and the names the words start
    ("ashimb") at ``NAME_PREFIX_SCORE``, ranked above articles that merely contain the words.
    Best first."""
    kept = [(item, score) for item, score in close
            if len(words) == 1 or score >= confident
            or any(covers(words, name) for name in names(item))]
    if may_start_a_name(words):
        seen = {id(item) for item, _score in kept}
        kept = [(item, NAME_PREFIX_SCORE)
                if score < NAME_PREFIX_SCORE and starts_a_name(words, names(item))
                else (item, score) for item, score in kept]
        starting = set.intersection(*(index.starting(w) for w in words))
        kept += [(items[at], NAME_PREFIX_SCORE) for at in sorted(starting)
                 if id(items[at]) not in seen and starts_a_name(words, names(items[at]))]
    return sorted(kept, key=lambda pair: -pair[1])


# A mistyped command is this close to the one meant ("/bil", "/offical", "/serch"); a different
# word is not ("/foo" and "/on").
MISTYPED = 80.0


def mistyped(typed: str, words: Iterable[str]) -> str | None:
    """The one of ``words`` that ``typed`` is a slip of the finger for, or None."""
    found = process.extractOne(typed.lower(), list(words), scorer=fuzz.ratio,
                               score_cutoff=MISTYPED)
    return str(found[0]) if found else None
