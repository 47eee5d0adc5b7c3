"""Bill names of particular forms, and a bill's identity: the official titles of amending laws,
laws about other laws, amnesties and budget adjustments, citations of a law in force. Rules of
``bills.find_bills``, each with the sentences it exists for.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class BillHit:
    start: int
    end: int
    title: str
    kind: str
    # Named inside another bill's title ("a draft law declaring the Law on X invalid"): a law
    # that exists, cited, not the subject of the day's stage.
    cited: bool = False

# --------------------------------------------------------------------------- identity

# Words every intergovernmental agreement repeats: without them, the ids of "the Agreement between
# the Government of the Republic of Kazakhstan and the Government of the Russian Federation on
# gas supply" and "... of the Republic of Uzbekistan on migration" differ within their first words.
_BOILERPLATE_IN_ID = re.compile(
    r"-?\b(?:the-)?governments?-of-(?:the-)?|-?\b(?:the-)?republic-of-|\bkazakhstan-and-"
)


@functools.lru_cache(maxsize=4096)
def bill_id(title: str) -> str:
    """The record id of a bill: its title as a slug. A long title keeps what tells it apart
    (the country, the subject) and, cut short, a digest of the whole, so two agreements whose
    titles share their first sixty letters stay two bills."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "item"
    # One bill, many names: "the law on mass media" is the law «On Mass Media»; "the budget for
    # 2026/28" is the budget for 2026-2028; "the Law on the First President of Kazakhstan" is
    # the law "On the First President"
    slug = re.sub(r"^(?:draft-)?(?:law|bill)-on-", "on-", slug)
    slug = re.sub(r"\b(\d\d)(\d\d)-(\d\d)\b", r"\1\2-\1\3", slug)
    slug = re.sub(r"(?<=.)-of-(?:the-)?(?:republic-of-)?kazakhstan$", "", slug)
    if len(slug) <= 60:
        return slug
    short = re.sub(r"-+", "-", _BOILERPLATE_IN_ID.sub("-", slug)).strip("-")
    if len(short) <= 60:
        return short
    digest = hashlib.sha1(slug.encode()).hexdigest()[:7]
    return f"{short[:52].rstrip('-')}-{digest}"



# --------------------------------------------------------------------------- forms

# "the Law of the Republic of Kazakhstan on the introduction of changes and additions to some
# legislative acts regarding the protection of children's rights, education, and informatization",
# "a law on amendments to certain legislative acts on issues of migration": the official title of
# an amending law, its subject listed after "regarding"/"on" (a list of lower-case words; a comma
# before a capital, "Kazinform cites", ends it).
AMENDING_LAW = re.compile(
    r"\b(?P<kind>(?i:(?:draft\s+)?(?:law|bill)))\s+(?:of\s+the\s+Republic\s+of\s+Kazakhstan\s+)?"
    r"(?P<title>(?i:on\s+(?:the\s+)?(?:introduction\s+of\s+|introducing\s+|making\s+)?(?:changes"
    r"|amendments)(?:\s+and\s+(?:additions|amendments|changes))?\s+to\s+(?:some|certain|several"
    r"|a\s+number\s+of)\s+legislative\s+acts))(?:\s+of\s+(?:the\s+Republic\s+of\s+)?Kazakhstan)?"
    r"\s+(?P<about>(?:on|regarding|concerning|in\s+the\s+(?:field|sphere)\s+of)\s+(?:issues\s+of\s+)?"
    r"[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*){0,8}(?:,\s+(?:and\s+)?[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*){0,5})*)"
)
# "a draft law on recognising the Law on Tourism as invalid": the draft is the bill, the
# law it repeals or amends is cited (it exists: it is in force).
LAW_ABOUT_LAW = re.compile(
    r"\b(?P<kind>(?:draft\s+)?(?:law|bill))\s+(?P<verb>on\s+(?:declaring|recognizing|recognising"
    r"|repealing|amending|invalidating)|declaring|recognizing|recognising|repealing|amending"
    r"|invalidating)\s+(?:the\s+)?(?P<inner>(?:Constitutional\s+)?Law\s+(?:of\s+the\s+Republic\s+of"
    r"\s+Kazakhstan\s+)?on\s+(?:the\s+)?[A-Z][\w-]+(?:\s+(?:and\s+|of\s+|the\s+|on\s+)*[A-Z][\w-]+)"
    r"{0,6})(?P<tail>\s+(?:as\s+)?(?:invalid|null\s+and\s+void|void|(?:to\s+have\s+)?lost\s+"
    r"(?:its\s+)?force))?"
)

# "the amnesty bill on the 30th anniversary of Independence", "an amnesty law": an amnesty is a
# law of its own, named by its occasion when the text gives one
AMNESTY = re.compile(
    r"\b(?P<kind>(?i:amnesty\s+(?:draft\s+)?(?:bill|law)|draft\s+(?:law|bill)\s+on\s+(?:an?\s+)?"
    r"(?:additional\s+)?amnesty|(?:law|bill|legislation)\s+on\s+(?:an?\s+)?(?:additional\s+)?amnesty))"
    r"(?:\s+(?:on|in\s+connection\s+with|to\s+mark|marking|dedicated\s+to)\s+(?:the\s+)?(?P<occasion>"
    r"(?:\d+\w*|[a-z]+(?:tieth|th|st|nd|rd))\s+anniversary\s+of\s+(?:the\s+)?(?:country's\s+)?"
    r"[A-Z]\w+))?"
)
# "the budget adjustment for 2023", "clarification of the republican budget for 2024": a law that
# changes one year's budget (another year's is another law)
BUDGET_CHANGE = re.compile(
    r"\b(?:(?:republican\s+)?budget\s+(?:adjustment|clarification|revision)|(?:adjustment|"
    r"clarification|revision)\s+of\s+the\s+(?:republican\s+)?budget)\s+for\s+(?P<year>\d{4}"
    r"(?:\s*[-/–]\s*\d{2,4})?)",
    re.I,
)

CITED_AFTER = re.compile(
    r"\b(?:under|in\s+accordance\s+with|pursuant\s+to|in\s+line\s+with|as\s+"
    r"provided\s+(?:by|for\s+in)|in\s+violation\s+of|violat\w+)\s+(?:the\s+)?(?:current\s+|existing\s+"
    r"|applicable\s+)?(?:provisions\s+of\s+the\s+)?$",
    re.I,
)


# "passed amendments to the law on peaceful assemblies": the amending bill, not the law it changes
# (as for codes); "the Senate's amendments to the law on X" are changes to X's own bill.
_AMENDMENTS_BEFORE = re.compile(r"\bamendments?\s+(?:and\s+additions\s+)?to\s+(?:the\s+)?(?:law\s+)?$",
                                re.I)
_CHANGES_IN_PASSAGE = re.compile(
    r"(?:Senate's|senators'|Mazhilis's|Mazhilis'|deputies'|MPs')\s+amendments?\s+to\s+(?:the\s+)?"
    r"(?:law\s+)?$|\bby\s+(?:the\s+)?(?:Senate|senators|Mazhilis|deputies)\s+to\s+(?:the\s+)?(?:law\s+)?$",
    re.I,
)


def amending(sentence: str, hit: BillHit) -> BillHit:
    """``hit``, or the bill amending it when the sentence says "amendments to" it."""
    before = sentence[max(0, hit.start - 80) : hit.start]
    if (hit.cited or hit.kind == "code" or hit.title.startswith("Amendments")
            or not _AMENDMENTS_BEFORE.search(before) or _CHANGES_IN_PASSAGE.search(before)):
        return hit
    law = f"Law “{hit.title}”" if hit.title.startswith("On ") else hit.title
    return BillHit(hit.start, hit.end, f"Amendments to the {law}", "draft law")


def cited_in_passing(sentence: str, hit: BillHit) -> bool:
    """ "Under the Law on Languages, ...", "in accordance with the Tax Code": a law in force,
    cited. ("According to the law on X" is how news tells what a new law says: not this.)"""
    return hit.kind in ("law", "code", "constitutional law") and bool(
        CITED_AFTER.search(sentence[max(0, hit.start - 60) : hit.start])
    )
