"""Keyword follows: what ``/follow water -sport`` means, and whether an article matches it. Pure.

A keyword follow is a phrase to find and words that must not be there. Its key, stored with the
chat, is the folded phrase followed by the folded excluded words, each with a leading ``-``
(``"water -sport"``): the form of older keys (a bare phrase) stays valid and means the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.errors import BotError
from bot.core.text import fold

MAX_LENGTH = 50
MAX_EXCLUDED = 5
# Words on every page: a follow on any of them alone would alert on every article.
_STOP_TEXT = """
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers him his how i if in into is it its itself just me more most my
no nor not now of off on once only or other our out over own same she should so some such than
that the their them then there these they this those through to too under until up very was we
were what when where which while who whom why will with would you your new news said says
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


class KeywordError(BotError):
    """A refusal fit to show: ``str()`` is the English; ``template`` and ``params`` let the view
    layer show it in the chat's language (this module knows no catalogs)."""

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template.format(**params))
        self.template = template
        self.params = params


@dataclass(frozen=True)
class KeywordRule:
    phrase: str  # folded words to find, in this order
    excluded: tuple[str, ...] = ()  # folded words that must not be there

    @property
    def key(self) -> str:
        return " ".join([self.phrase, *(f"-{word}" for word in self.excluded)])

    @classmethod
    def from_key(cls, key: str) -> KeywordRule:
        words = key.split()
        return cls(" ".join(w for w in words if not w.startswith("-")),
                   tuple(w[1:] for w in words if w.startswith("-") and len(w) > 1))


def _content_word(word: str) -> bool:
    return len(word) >= 2 and word not in STOP_WORDS


# What a keyword may hold besides letters and digits: signs that folding drops without changing
# a word ("covid-19", "women's", "u.s."). Any other sign would be followed as something never
# typed: "<b>&amp;</b>" folds to "b amp b".
_SIGNS = re.compile(r"[^\w\s\-'’.,]|_")


def parse_keyword(text: str) -> KeywordRule:
    """``"water -sport"`` -> find "water", not "sport"; ``KeywordError`` (a ValueError) with a
    reason fit to show."""
    if signs := _SIGNS.findall(text):
        raise KeywordError("a keyword is words and numbers, without signs such as {signs}",
                           signs=" ".join(dict.fromkeys(signs)))
    include: list[str] = []
    exclude: list[str] = []
    for raw in text.split():
        if raw.startswith("-") and len(raw) > 1:
            exclude.extend(fold(raw[1:]).split())
        else:
            include.extend(fold(raw).split())
    phrase = " ".join(w.strip("-") for w in include if w.strip("-"))
    if not phrase:
        raise KeywordError("give a word to look for, e.g. maslikhat or water -sport")
    if len(phrase) > MAX_LENGTH:
        raise KeywordError("a keyword is at most {n} letters", n=MAX_LENGTH)
    if all(len(word) < 2 for word in phrase.split()):
        raise KeywordError("a keyword needs at least two letters, e.g. maslikhat")
    if not any(_content_word(word) for word in phrase.split()):
        raise KeywordError("“{phrase}” is in nearly every article: pick a word that says what "
                           "you care about, e.g. maslikhat", phrase=phrase)
    excluded = tuple(dict.fromkeys(w.strip("-") for w in exclude if w.strip("-")))
    for word in excluded:
        if not _content_word(word):
            raise KeywordError("excluding “{word}” would leave out nearly every article", word=word)
    for word in excluded:
        if _found(word, f" {phrase} "):  # "water -water": every article found is left out
            raise KeywordError("“{word}” is both the keyword and excluded: such a follow could "
                               "never fire", word=word)
    if len(excluded) > MAX_EXCLUDED:
        raise KeywordError("at most {n} words to exclude", n=MAX_EXCLUDED)
    return KeywordRule(phrase, excluded)


def _found(word: str, haystack: str) -> bool:
    # Short words must be whole words ("sud" is not in "sudden"); longer ones may be part of one
    # ("maslikhat" in "maslikhats").
    return f" {word} " in haystack or (len(word) > 4 and word in haystack)


def keyword_matches(key: str, text: str) -> bool:
    """Whether folded, space-padded ``text`` (`` f" {fold(...)} " ``) matches a follow's key."""
    rule = KeywordRule.from_key(key)
    if not rule.phrase or not _found(rule.phrase, text):
        return False
    return not any(_found(word, text) for word in rule.excluded)
