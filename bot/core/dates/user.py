"""The date a user types after a chat command such as ``/on``: strict, with a clear refusal."""

from __future__ import annotations

import re

from bot.core.dates.words import (
    _FLAGS,
    _MONTH,
    _ORDINAL_SUFFIX,
    _USER_FORMATS,
    _month_number,
)
from bot.core.errors import InputError
from bot.core.models import PartialDate

_USER_MAX_LENGTH = 40
_USER_FORMS = tuple(
    re.compile(form, _FLAGS)
    for form in (
        r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})",
        r"(?P<y>\d{4})-(?P<m>\d{1,2})",
        r"(?P<y>\d{4})",
        # Day first, as dates are written here: 27.11.2023, 27/11/2023, 27-11-2023.
        r"(?P<d>\d{1,2})([./-])(?P<m>\d{1,2})\2(?P<y>\d{4})",
        r"(?P<m>\d{1,2})[./](?P<y>\d{4})",
        r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})",
        rf"(?P<d>\d{{1,2}}){_ORDINAL_SUFFIX} (?:of )?(?P<mon>{_MONTH}),? (?P<y>\d{{4}})",
        rf"(?P<mon>{_MONTH}) (?P<d>\d{{1,2}}){_ORDINAL_SUFFIX},? (?P<y>\d{{4}})",
        rf"(?P<mon>{_MONTH}),? (?P<y>\d{{4}})",
    )
)


def parse_user_date(text: str) -> PartialDate:
    """A date typed by a user ("2023-03", "13.03.2023", "mar 2023"), at the precision typed.

    Raises ``InputError`` with a short message fit to show the user for anything else. Only
    full matches count, so "tomorrow-ish" or "<b>2023</b>" are refused rather than guessed at.
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        raise InputError(f"Please give a date. {_USER_FORMATS}")
    if len(cleaned) > _USER_MAX_LENGTH:
        raise InputError(f"That is too long to be a date. {_USER_FORMATS}")
    for form in _USER_FORMS:
        match = form.fullmatch(cleaned)
        if match is None:
            continue
        parts = match.groupdict()
        month = _month_number(parts["mon"]) if parts.get("mon") else None
        if parts.get("m"):
            month = int(parts["m"])
        day = int(parts["d"]) if parts.get("d") else None
        try:
            return PartialDate(int(parts["y"]), month, day)
        except ValueError:
            raise InputError(f"There is no such date. {_USER_FORMATS}") from None
    # The user's words are not echoed: the reply shows them (escaped) if it wants to.
    raise InputError(f"I can't read that as a date. {_USER_FORMATS}")
