"""Every button's callback_data is packed and parsed in one place (bot/views/callbacks.py): what
is packed fits the Bot API's 64 bytes and parses back to the same press; what no button of ours
sends parses to None."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from bot.views import callbacks
from bot.views.callbacks import (
    BroadcastAnswer,
    FollowItem,
    FollowKind,
    ItemKind,
    Language,
    ListKind,
    Noop,
    Open,
    Page,
    Setting,
    Unfollow,
)

LOWER = "abcdefghijklmnopqrstuvwxyz"


def _text(max_bytes: int) -> st.SearchStrategy[str]:
    """Any text (Cyrillic, emoji, ':' and '|' included) of 1 to ``max_bytes`` UTF-8 bytes."""
    return st.text(min_size=1, max_size=max_bytes).map(
        lambda t: t.encode()[:max_bytes].decode(errors="ignore")).filter(bool)


def _page(draw: st.DrawFn) -> Page:
    kind = draw(st.sampled_from(ListKind))
    argument = ""
    if kind in {ListKind.BILLS, ListKind.EVENTS}:
        argument = draw(st.one_of(st.just(""), _text(40).filter(lambda t: t != "-")))
    elif kind in {ListKind.SEARCH, ListKind.ON_DATE}:
        argument = draw(_text(40))
    return Page(kind, argument, draw(st.integers(0, 9999)))


@st.composite
def presses(draw: st.DrawFn) -> callbacks.Callback:
    choice = draw(st.integers(0, 7))
    if choice == 0:
        return Noop()
    if choice == 1:
        return _page(draw)
    if choice == 2:
        kind = draw(st.sampled_from(ItemKind))
        item_id = draw(_text(64 - len(kind) - 1).filter(lambda t: "|" not in t))
        return Open(kind, item_id, _page(draw) if draw(st.booleans()) else None)
    if choice == 3:
        return Language(draw(st.text(LOWER, min_size=2, max_size=8)))
    if choice == 4:
        action = draw(st.one_of(st.sampled_from(["f", "w", "z", "q", "qt", "qa", "t+", "t-"]),
                                st.text(LOWER, min_size=1, max_size=20).map("k:".__add__)))
        return Setting(draw(st.integers(-(10 ** 16) + 1, 10 ** 16 - 1)), action)
    if choice == 5:
        return FollowItem(draw(st.sampled_from(FollowKind)), draw(_text(60)))
    if choice == 6:
        return Unfollow(draw(st.integers(0, 9999)))
    return BroadcastAnswer(draw(st.text("0123456789abcdef", min_size=1, max_size=32)),
                           draw(st.booleans()))


@given(presses())
def test_every_press_fits_telegram_and_parses_back(press: callbacks.Callback) -> None:
    data = press.pack()
    assert 1 <= len(data.encode()) <= 64
    parsed = callbacks.parse(data)
    if isinstance(press, Open) and press.back is not None and parsed != press:
        # a Back page that would not fit is left out, never cut
        assert parsed == Open(press.kind, press.item_id)
        assert len(f"{press.kind}:{press.item_id}|{press.back.pack()}".encode()) > 64
    else:
        assert parsed == press


@given(st.one_of(st.text(max_size=80), st.binary(max_size=80), st.integers(), st.none()))
def test_anything_else_is_none_or_a_press_that_packs_back_to_it(data: object) -> None:
    parsed = callbacks.parse(data)
    assert parsed is None or parsed.pack() == data


def test_the_wire_format_of_buttons_already_sent_still_parses() -> None:
    """Buttons in chats' history were sent as these strings; they keep working."""
    assert callbacks.parse("noop") == Noop()
    assert callbacks.parse("b:water-code|bl:-:0") == Open(
        ItemKind.BILL, "water-code", Page(ListKind.BILLS, "", 0))
    assert callbacks.parse("of:Prime Minister") == Open(ItemKind.OFFICE, "Prime Minister")
    assert callbacks.parse("sr:water:2") == Page(ListKind.SEARCH, "water", 2)
    assert callbacks.parse("ol:3") == Page(ListKind.OFFICIALS, "", 3)
    assert callbacks.parse("s:-1001234:k:digest") == Setting(-1001234, "k:digest")
    assert callbacks.parse("f:o:maulen-ashimbayev") == FollowItem(FollowKind.OFFICIAL,
                                                                   "maulen-ashimbayev")
    assert callbacks.parse("u:4") == Unfollow(4)
    assert callbacks.parse("bc:n:0a1b") == BroadcastAnswer("0a1b", send=False)
    assert callbacks.parse("lang:kk") == Language("kk")
    for foreign in ("ol:²", "u:-1", "s:x:f", "s:1:explode", "bc:maybe:1", "zz:1", "b:", "lang:"):
        assert callbacks.parse(foreign) is None, foreign


def test_patterns_select_their_kind_only() -> None:
    follow = callbacks.pattern(FollowItem)
    assert follow("f:b:water-code") and not follow("b:water-code") and not follow(None)


def test_every_button_of_a_long_list_fits_whatever_was_typed() -> None:
    """A count typed with padding ("/events +000...20") still pages with buttons Telegram
    accepts, and turning the page keeps the count."""
    from bot import views
    from bot.core.knowledge import KnowledgeUpdate
    from bot.core.models import Event, PartialDate
    from store.tiny import TinyStore

    store = TinyStore(None)
    store.apply([KnowledgeUpdate(Event(f"e{i:03d}", PartialDate(2024, 1, 1 + i % 28), f"T{i}"),
                                 (), ()) for i in range(30)])
    reply = views.events_list(store, "+" + "0" * 60 + "20")
    data = [b.data for row in reply.buttons for b in row if b.data]
    assert data and all(len(d.encode()) <= 64 for d in data)
    press = callbacks.parse(data[-1])
    assert press == Page(ListKind.EVENTS, "20", 1)
    assert "Latest events</b> (20)" in views.paged(store, press, dt.date(2024, 3, 1)).text
