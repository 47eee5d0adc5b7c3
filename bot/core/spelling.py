"""Which of two spellings of the same thing a record shows, and which it keeps as aliases.

News does not arrive in date order, and the same person or bill is spelt differently from one
article to the next ("Ashimbayev" / "Ashimbaev", "On Mass Media" / "On Mass-media"). A record
must not look different because one article happened to be read first: every choice here is a
``max`` over a total order (the text itself breaks the last tie), so whichever spelling came
first, the same one is shown, and the same others are kept.
"""

from __future__ import annotations


def _name_preference(name: str) -> tuple[bool, int, int, str]:
    # A full given name over an initial ("Dariga" over "D."), more words, then the longer
    # spelling ("Nazarbayev" over "Nazarbaev").
    parts = name.split()
    return (len(parts) > 1 and not parts[0].endswith("."), len(parts), len(name), name)


def preferred_name(known: str, read: str) -> str:
    """The name a person's card shows, of the one on record and the one just read."""
    return max(known, read, key=_name_preference)


def name_aliases(known_aliases: tuple[str, ...], read_aliases: tuple[str, ...],
                 known: str, read: str) -> tuple[str, ...]:
    """Every spelling seen but the one shown: both names are kept, not only the one on record,
    so the aliases are the same whichever article named the person first."""
    shown = preferred_name(known, read)
    return tuple(sorted({*known_aliases, *read_aliases, known, read} - {shown}))


def _title_preference(title: str) -> tuple[int, int, str]:
    # Titles of one bill differ only in case and punctuation (they share an id): the one with
    # more separate words ("Mass Media" over "Mass-media"), then more capitals, as the law's
    # own name is written.
    return (len(title.split()), sum(c.isupper() for c in title), title)


def preferred_bill_title(known: str, read: str) -> str:
    """The title a bill's card shows, of the one on record and the one just read."""
    return max(known, read, key=_title_preference)
