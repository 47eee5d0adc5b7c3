"""The base of every error that is the user's or the operator's to fix, not a bug.

Bad input (an article, a chat line, a keyword, an argument), a damaged or unusable file, a
setting: each has its own class below this one, and its message is one line fit to show.
Anything else that goes wrong is a bug and keeps its traceback (``bot/__main__.py`` exits 2 on
these only). A ``ValueError`` still, so code that catches ``ValueError`` keeps working.
"""

from __future__ import annotations


class BotError(ValueError):
    """Bad input, a bad file or a bad setting; the message says what, in one line."""


class InputError(BotError):
    """What a user typed cannot be read (a date, a time, a day, a zone, a setting); the message
    says how to write it."""
