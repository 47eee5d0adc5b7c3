"""What every view shares: paging, choice lists, the "too long" answer, links to events, and
offices in the chat's language."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from bot.core.models import Event, PartialDate
from bot.i18n import _
from bot.render import Button, Reply, cut, esc, show_date
from bot.views.callbacks import ItemKind, Noop, Open, Page

PAGE = 8
# A list this long or shorter is sent whole if its text fits in one message.
WHOLE_LIST_ITEMS = 40
MAX_QUERY = 200  # longer arguments are not names, titles or dates
T = TypeVar("T")


def event_link(event: Event) -> str:
    return f"/event_{event.id}"


def office(title: str) -> str:
    """An office in the chat's language ("Chairman of the Senate" -> «Председатель Сената»);
    an office the catalogs do not know stays as the articles give it."""
    return _(title) if title else title


def too_long(query: str, what: str) -> Reply | None:
    """``what`` is already in the chat's language ("a name", «имени»)."""
    if len(query) > MAX_QUERY:
        return Reply(_("That is {count} characters: too long for {what}. Try a few words, e.g. "
                       "<code>/search water code</code>.").format(count=f"{len(query):,}",
                                                                  what=what))
    return None


def pager(at: Page, pages: int) -> tuple[Button, ...]:
    """Prev / page x of y / Next: the buttons that edit a long list in place."""
    if pages <= 1:
        return ()
    row = []
    if at.page > 0:
        row.append(Button(_("‹ Prev"), at.at(at.page - 1).pack()))
    row.append(Button(f"{at.page + 1} / {pages}", Noop().pack()))
    if at.page < pages - 1:
        row.append(Button(_("Next ›"), at.at(at.page + 1).pack()))
    return tuple(row)


def page_of(items: Sequence[T], page: int) -> tuple[Sequence[T], int, int]:
    pages = max(1, (len(items) + PAGE - 1) // PAGE)
    page = min(max(page, 0), pages - 1)
    return items[page * PAGE:(page + 1) * PAGE], page, pages


def whole_or_paged(items: Sequence[T], page: int,
                   render: Callable[[Sequence[T], int, int], Reply]) -> Reply:
    """The whole list in one message when it fits (nothing hidden behind "Next"), else pages."""
    if len(items) <= WHOLE_LIST_ITEMS:
        whole = render(items, 0, 1)
        if len(whole.messages()) == 1:
            return whole
    shown, page, pages = page_of(items, page)
    return render(shown, page, pages)


def choices(kind: str, items: Sequence[T], query: str, what: str, opens: ItemKind,
            label: Callable[[T], str], see_all: str) -> Reply:
    """Several matches (buttons), near misses (buttons) or nothing; ``what`` is "official" or
    "bill" (the sentences differ per language, so each is its own message)."""
    buttons = tuple((Button(cut(label(item), 60),
                            Open(opens, item.id).pack()),)  # type: ignore[attr-defined]
                    for item in items)
    shown = esc(cut(query, 80))
    if kind == "choices":
        text = (_("Several officials match “{query}”. Which one?") if what == "official"
                else _("Several bills match “{query}”. Which one?"))
        return Reply(text.format(query=shown), buttons)
    if items:
        text = (_("No official matches “{query}”. Did you mean:") if what == "official"
                else _("No bill matches “{query}”. Did you mean:"))
        return Reply(text.format(query=shown), buttons)
    text = (_("No official matches “{query}”. See {see_all} for the full list, or try "
              "<code>/search {short}</code>.") if what == "official"
            else _("No bill matches “{query}”. See {see_all} for the full list, or try "
                   "<code>/search {short}</code>."))
    return Reply(text.format(query=shown, see_all=see_all, short=esc(cut(query, 40))))


def on(date: PartialDate) -> str:
    """ "on 10 March 2022", "in March 2022", "in 2022"."""
    if date.precision == "day":
        return _("on {date}").format(date=show_date(date))
    return _("in {date}").format(date=show_date(date))
