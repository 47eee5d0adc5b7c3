"""Follows: alerts when a new article mentions a bill, an official or a keyword
(``/follow water -sport``: a phrase, less words that must not be there), or when an office
changes hands (``/follow office prime minister``, by any of its names in the three languages)."""

from __future__ import annotations

import re

from telegram import Update

from bot.core import lookup
from bot.core.digest import Follow
from bot.core.follows import KeywordError, KeywordRule, parse_keyword
from bot.core.glossary import english_query
from bot.handlers.access import Refused, Target, target, target_chat
from bot.handlers.common import Context, argument_text, edit, send, services
from bot.i18n import _, reason
from bot.render import Button, Reply, cut, esc, quoted
from bot.views.callbacks import FollowItem, FollowKind, Unfollow, parse
from bot.views.common import bill_title, office, title_label
from bot.views.offices import english_office

MAX_FOLLOWS = 50
ICONS = {"bill": "📜", "official": "👤", "keyword": "🔎", "office": "🏛"}


def _plain(html_text: str) -> str:
    """A button's pop-up shows plain text (at most 200 characters)."""
    return re.sub(r"<[^>]+>", "", html_text)[:190]


def resolve_follow(context: Context, words: list[str]) -> Follow | Reply:
    """What ``/follow`` (or ``/unfollow``) names: a bill, an official, a keyword; or an answer."""
    store = services(context).store
    if not words:
        return Reply(_("Follow what? e.g. <code>/follow bill water code</code>, "
                       "<code>/follow official Ashimbayev</code>, <code>/follow "
                       "maslikhat</code> or <code>/follow water -sport</code> (water, but not "
                       "sport)."))
    kind = words[0].lower()
    rest = " ".join(words[1:]).strip()
    if kind == "office" and rest:
        return _office_follow(rest)
    if kind in {"bill", "official"} and rest:
        if len(rest) > 200:
            return Reply(_("That is too long for a name."))
        if kind == "bill":
            # «водный кодекс», «су кодексі»: titles are English (as in /bill)
            bills = lookup.find_bill(english_query(rest), store.all_bills(), store.indexes())
            if bills.kind == "found":
                bill = bills.items[0]
                return Follow("bill", bill.id, bill.display_title)
            return Reply(_("Which bill?") if bills.items else
                         _("No bill matches “{query}”. See /bills.").format(
                             query=esc(cut(rest, 60))),
                         tuple((Button(cut(bill_title(b), 60),
                                       FollowItem(FollowKind.BILL, b.id).pack()),)
                               for b in bills.items[:6]))
        people = lookup.find_official(rest, store.all_officials(), store.indexes())
        if people.kind == "found":
            person = people.items[0]
            return Follow("official", person.id, person.name)
        return Reply(_("Which official?") if people.items else
                     _("No official matches “{query}”. See /officials.").format(
                         query=esc(cut(rest, 60))),
                     tuple((Button(cut(o.name, 60), FollowItem(FollowKind.OFFICIAL, o.id).pack()),)
                           for o in people.items[:6]))
    keyword = " ".join(words).strip()
    if len(keyword) > 200:
        return Reply(_("That is too long for a keyword."))
    try:
        rule = parse_keyword(keyword)
    except KeywordError as error:
        return Reply(_("I can't follow that: {reason}.").format(reason=esc(reason(error))))
    return Follow("keyword", rule.key, keyword)


def _office_follow(words: str) -> Follow | Reply:
    """ "prime minister", «премьер-министр», "akim of the turkestan region": one office."""
    if len(words) > 200:
        return Reply(_("That is too long for a name."))
    title = lookup.office_title(english_office(words) or words)
    if title is None:
        return Reply(_("“{query}” is no office I know, e.g. <code>/follow office prime "
                       "minister</code>.").format(query=esc(cut(words, 60))))
    return Follow("office", title, title)


def describe_follow(follow: Follow) -> str:
    if follow.kind == "office":
        return esc(office(follow.key))
    if follow.kind != "keyword":
        return esc(title_label(follow.label))
    rule = KeywordRule.from_key(follow.key)
    text = quoted(esc(rule.phrase))
    if rule.excluded:
        text += " " + _("but not {words}").format(
            words=", ".join(quoted(esc(w)) for w in rule.excluded))
    return text


async def save_follow(update: Update, context: Context, follow: Follow,
                      where: Target | None = None) -> Reply:
    """Follow in this chat, or in ``where`` (a channel its administrator named, already checked)."""
    try:
        where = where or await target(update, context, [], follows=True)
    except Refused as refused:
        return Reply(str(refused))
    chat = target_chat(context, where)
    follows = chat.follows
    if any(f.kind == follow.kind and f.key == follow.key for f in follows):
        return Reply(_("Already following {what}. /following lists everything.").format(
            what=describe_follow(follow)))
    if len(follows) >= MAX_FOLLOWS:
        return Reply(_("A chat can follow up to {count} things: /unfollow some first.").format(
            count=MAX_FOLLOWS))
    store = services(context).store
    store.put_chat(chat.following(follow, store.last_change_seq()))
    return Reply(followed(follow, where))


def followed(follow: Follow, where: Target) -> str:
    """The confirmation: what is followed, named again, and who will be told of what."""
    what = describe_follow(follow)
    if where.username:
        channel = esc(f"@{where.username}")
        told = (_("🔔 Following <b>{what}</b>: I'll tell {channel} when an article says that "
                  "this office changes hands or its holder's term ends.")
                if follow.kind == "office" else
                _("🔔 Following <b>{what}</b>: I'll tell {channel} when a new article mentions "
                  "{what}.")).format(what=what, channel=channel)
        return told + " " + _("<code>/following {channel}</code> lists what it follows.").format(
            channel=channel)
    told = (_("🔔 Following <b>{what}</b>: I'll tell this chat when an article says that this "
              "office changes hands or its holder's term ends.") if follow.kind == "office" else
            _("🔔 Following <b>{what}</b>: I'll tell this chat when a new article mentions "
              "{what}.")).format(what=what)
    return told + " " + _("/following lists what you follow.")


async def channel_named(update: Update, context: Context, words: list[str]
                        ) -> Target | Reply | None:
    """``@channel`` first in the words: that channel, if the user administers it (the name is
    taken off the words), or the refusal; None when no channel is named (this chat)."""
    if not words or not words[0].startswith("@"):
        return None
    try:
        return await target(update, context, words, follows=True)
    except Refused as refused:
        return Reply(str(refused))


def without_buttons(reply: Reply) -> Reply:
    """A choice for a channel is answered in words: a choice button would act on this chat."""
    names = [f"• {esc(button.text)}" for row in reply.buttons for button in row]
    return Reply("\n".join([reply.text, *names]))


async def follow(update: Update, context: Context) -> None:
    """Follow a bill, an official or a keyword, here or in a channel (``/follow @channel …``)."""
    words = argument_text(update).split()
    where = await channel_named(update, context, words)
    if isinstance(where, Reply):
        await send(update, context, where)
        return
    resolved = resolve_follow(context, words)
    if isinstance(resolved, Reply):
        await send(update, context, without_buttons(resolved) if where else resolved)
        return
    await send(update, context, await save_follow(update, context, resolved, where))


async def follow_button(update: Update, context: Context) -> None:
    """🔔 Follow on a card, or a choice after an ambiguous /follow."""
    query = update.callback_query
    assert query is not None
    press = parse(query.data)
    assert isinstance(press, FollowItem)  # the handler's pattern
    store = services(context).store
    found: Follow | None = None
    if press.kind is FollowKind.BILL and (b := store.get_bill(press.item_id)):
        found = Follow("bill", b.id, b.display_title)
    elif press.kind is FollowKind.OFFICIAL and (o := store.get_official(press.item_id)):
        found = Follow("official", o.id, o.name)
    if found is None:
        await query.answer(_("This is no longer available."))
        return
    reply = await save_follow(update, context, found)
    await query.answer(_plain(reply.text))


def following_reply(follows: tuple[Follow, ...]) -> Reply:
    if not follows:
        return Reply(_("This chat follows nothing yet. Try <code>/follow bill water code</code> "
                       "or <code>/follow water -sport</code>."))
    lines = ["<b>" + _("Following") + "</b>", ""] + [f"{ICONS[f.kind]} {describe_follow(f)}" for f in follows]
    buttons = tuple((Button(f"✖ {cut(title_label(f.label), 50)}", Unfollow(i).pack()),)
                    for i, f in enumerate(follows))
    return Reply("\n".join(lines), buttons)


async def following(update: Update, context: Context) -> None:
    """What this chat (or ``@channel``) follows, with buttons to unfollow."""
    chat = update.effective_chat
    assert chat is not None
    where = await channel_named(update, context, argument_text(update).split())
    if isinstance(where, Reply):
        await send(update, context, where)
        return
    stored = services(context).store.get_chat(where.chat_id if where else chat.id)
    listed = following_reply(stored.follows if stored else ())
    # The ✖ buttons act on this chat: a channel's list says how to unfollow instead.
    await send(update, context, listed if where is None else Reply(
        listed.text + "\n\n" + _("Stop one with <code>/unfollow {channel} …</code>.").format(
            channel=esc(f"@{where.username}"))))


async def unfollow(update: Update, context: Context) -> None:
    """Stop following something (``/unfollow @channel …`` in a channel)."""
    words = argument_text(update).split()
    where = await channel_named(update, context, words)
    if isinstance(where, Reply):
        await send(update, context, where)
        return
    if not words:
        await following(update, context)
        return
    resolved = resolve_follow(context, words)
    if isinstance(resolved, Reply):
        await send(update, context, without_buttons(resolved) if where else resolved)
        return
    await send(update, context, await remove_follow(update, context, resolved.kind,
                                                    resolved.key, where))


async def remove_follow(update: Update, context: Context, kind: str, key: str,
                        where: Target | None = None) -> Reply:
    try:
        chat_id = (where or await target(update, context, [], follows=True)).chat_id
    except Refused as refused:
        return Reply(str(refused))
    store = services(context).store
    chat = store.get_chat(chat_id)
    changed = chat.unfollowing(kind, key) if chat else None
    if changed is None:
        return Reply(_("This chat wasn't following that. /following lists what it follows."))
    store.put_chat(changed)
    return Reply(_("Done: no more alerts about that here."))


async def unfollow_button(update: Update, context: Context) -> None:
    """✖ on the /following list: unfollow, then show the list as it is now, in place."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    store = services(context).store
    stored = store.get_chat(update.effective_chat.id)
    follows = stored.follows if stored else ()
    press = parse(query.data)
    assert isinstance(press, Unfollow)  # the handler's pattern
    index = press.index
    if not 0 <= index < len(follows):
        await query.answer(_("Already gone."))
        return
    reply = await remove_follow(update, context, follows[index].kind, follows[index].key)
    await query.answer(_plain(reply.text))
    stored = store.get_chat(update.effective_chat.id)
    await edit(update, context, following_reply(stored.follows if stored else ()))
