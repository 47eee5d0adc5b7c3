"""What every view shares: paging, choice lists, the "too long" answer, links to events, and
offices in the chat's language."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from bot.core.models import Bill, Event, PartialDate
from bot.core.schedule import ChatSettings
from bot.i18n import N_, _, ngettext
from bot.render import QUOTED, Button, Reply, cut, esc, number, sentence, show_date
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
        return Reply(ngettext(
            "That is {count} character: too long for {what}. Try a few words, e.g. "
            "<code>/search water code</code>.",
            "That is {count} characters: too long for {what}. Try a few words, e.g. "
            "<code>/search water code</code>.", len(query)).format(count=number(len(query)),
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


# A weekly schedule is said with its day as each language says "every Wednesday": «по средам в
# 09:00», «сәрсенбі күні, сағат 09:00» (the day's name alone does not decline into either).
WEEKLY_AT = (N_("weekly on Mondays at {time}"), N_("weekly on Tuesdays at {time}"),
             N_("weekly on Wednesdays at {time}"), N_("weekly on Thursdays at {time}"),
             N_("weekly on Fridays at {time}"), N_("weekly on Saturdays at {time}"),
             N_("weekly on Sundays at {time}"))


def schedule_words(settings: ChatSettings) -> str:
    """When a chat's digest comes: "daily at 09:00", «по средам в 09:00»."""
    if settings.frequency == "weekly":
        return _(WEEKLY_AT[settings.weekday]).format(time=f"{settings.time:%H:%M}")
    return _("daily at {time}").format(time=f"{settings.time:%H:%M}")


KINDS = {"code": N_("code"), "law": N_("law"), "constitutional law": N_("constitutional law"),
         "draft law": N_("draft law")}
# The codes of Kazakhstan by their official names: a title the articles give as one of these is
# shown in the reader's language («Водный кодекс», «Су кодексі»); both are found by /bill, the
# Russian and Kazakh through ``bot.core.glossary``. Other titles stay as the articles give them.
CODE_TITLES = frozenset({
    N_("Water Code"), N_("Tax Code"), N_("Budget Code"), N_("Construction Code"),
    N_("Digital Code"), N_("Social Code"), N_("Land Code"), N_("Environmental Code"),
    N_("Labour Code"), N_("Criminal Code"), N_("Civil Code"), N_("Forest Code"),
    N_("Customs Code"), N_("Entrepreneurial Code"),
})


def kind_label(kind: str) -> str:
    label = KINDS.get(kind)
    return _(label) if label else kind


def title_label(title: str) -> str:
    """A title as stored (a search hit's, a follow's label) in the reader's language, if it is
    one of ``CODE_TITLES``."""
    return _(title) if title in CODE_TITLES else title


def bill_title(bill: Bill) -> str:
    """A bill's title for the reader (plain text: escape it): a code by its name in the
    reader's language, a law named by its quoted title with its kind («Конституционный закон
    «On the Constitutional Court»»), any other title as the articles give it."""
    if bill.title in CODE_TITLES:
        return title_label(bill.title)
    if bill.title.startswith("On "):
        return f"{sentence(kind_label(bill.kind))} {_(QUOTED).format(text=bill.title)}"
    return bill.title
