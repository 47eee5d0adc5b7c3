"""A digest time that falls in the chat's quiet hours: said where the time is confirmed, with
buttons to move the digest or the quiet hours, so "daily at 07:00" never arrives at 08:00 in
silence."""

from __future__ import annotations

import datetime as dt

from bot.core.schedule import ChatSettings, held_until, quiet_around
from bot.i18n import _
from bot.render import Button
from bot.views.callbacks import Setting


def quiet_note(settings: ChatSettings) -> str | None:
    """The line that says the digest waits for the end of the quiet hours (None: it does not)."""
    held = held_until(settings)
    if held is None or settings.quiet is None:
        return None
    return "⚠️ " + _("{time} is inside your quiet hours ({quiet}), so digests come at {held}, "
                     "when they end. Move the digest or the quiet hours with the buttons "
                     "below.").format(time=f"{settings.time:%H:%M}", quiet=_span(settings.quiet),
                                      held=f"{held:%H:%M}")


def quiet_buttons(chat_id: int, settings: ChatSettings) -> tuple[Button, ...]:
    """Digest at the end of the quiet hours / quiet hours that leave the digest's time out; the
    settings buttons (``callbacks.Setting``) do both, computed again from the chat when tapped."""
    held, around = held_until(settings), quiet_around(settings)
    if held is None or around is None:
        return ()
    return (Button(_("Digest at {time}").format(time=f"{held:%H:%M}"), Setting(chat_id, "qt").pack()),
            Button(_("Quiet hours {span}").format(span=_span(around)), Setting(chat_id, "qa").pack()))


def _span(quiet: tuple[dt.time, dt.time]) -> str:
    start, end = quiet
    return f"{start:%H:%M}–{end:%H:%M}"
