"""Whose office is it, and what happened: each office of a sentence given to the person it is
said of, with what the nearest words say happened (taken up, left, held before, held) and the
date its own clause gives, else none invented.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core import gazetteer as gz
from bot.core.dates import DatePhrase
from bot.core.extraction.names import NameHit, Person, Subjects
from bot.core.extraction.results import Change, PositionSighting
from bot.core.extraction.titles import TitleHit
from bot.core.models import PartialDate

# "relieved Murat Nurtleu of the post of", "was dismissed", "resigned as"
_RELEASE = re.compile(
    r"\b(?:releas\w*|reliev\w*|dismiss\w*|remov\w*|resign\w*|step\w* down|fired"
    r"|sacked|ousted|until now|until recently|left the post)\b",
    re.I,
)
# "has been appointed", "was elected", "put forward his candidacy", "became", "takes over"
APPOINT = re.compile(
    r"\b(?:appoint\w*|reappoint\w*|re-appoint\w*|candidacy|candidature|put forward|re-?elected"
    r"|elected|named|took office|assumed|became|becomes|nominated|proposed|approved the appointment"
    r"|takes? over|took over|new|newly)\b",
    re.I,
)
# "previously", "earlier he was", "after serving as", "Before that", "had headed"
_FORMER = re.compile(
    r"(?:^|[,;]\s*|\b(?:and|but)\s+)earlier\b|\bearlier\s+(?:he|she)\b"
    r"|\b(?:previously|formerly|before that|prior to (?:that|this)|in the past|once"
    r"|after serving|had served|served|worked|used to be|had headed|had led|ex-"
    # "the last person to hold the post of X was Y": Y held it before, nobody holds it now
    r"|last (?:person|one|holder) to (?:hold|occupy|fill))\b"
    r"|^\s*Before\b",
    re.I,
)
# Words that join a person to an office later in the sentence: "X was ...", "X served as ...".
_LINK = re.compile(
    r"\b(?:is|was|has been|had been|have been|been|be|becomes?|became|serves?|served|serving"
    r"|works?|worked|working|acts?|acted|as|appointed|re-?appointed|elected|re-?elected|named"
    r"|nominated|post|position|office|role|duties|remains?|remained|took over|takes? over"
    r"|kept|until now|previously|formerly|returns?|returned|moved|heads?|headed"
    r"|leads?|led)\b",
    re.I,
)
# Words after which the office is not the earlier person's: another clause, another speaker.
_BLOCK = re.compile(
    r"\b(?:who|whom|whose|which|while|whereas|but|said|says|told|noted|stressed|announced"
    r"|reported|met|meets|received|receives|thanked|instructed|signed|visited|with|when)\b"
    r"|[;:\"“”]",
    re.I,
)
# The one who acts on an office never takes it: "X appointed ten new deputies to the Senate",
# "X received the new governor of ...", "X explained the introduction of the post of ...",
# "X reminded that ... appoints three judges", "X noted Y as ... and suggested that the deputies".
# A verb of speech or of acting on someone, in the active voice (no "was", "has been" before it,
# no "as" after it: "X, introduced as the new akim" is his).
_AUX = r"(?<!\bwas )(?<!\bwere )(?<!\bis )(?<!\bare )(?<!\bbeen )(?<!\bbe )(?<!\bbeing )"
_ACTS = re.compile(
    _AUX + r"\b(?:explain\w*|remind\w*|recall\w*|suggest\w*|urg(?:ed|es|ing)|emphasi[sz]\w*"
    r"|underline\w*|underscor\w*|prais\w*|welcom\w*|critici[sz]\w*|congratulat\w*|introduc(?:ed|es|ing)"
    r"|present(?:ed|s|ing)|discuss\w*|ask\w*|invit\w*|order(?:ed|s)|instruct\w*|greet\w*|hail\w*|add(?:ed|s)"
    r"|point\w* out|call\w* on|call\w* for|spoke|speak(?:s|ing)?|address\w*|wrote|writ(?:es|ing|ten)|tweet\w*"
    r"|warn\w*|believ\w*|expect\w*|hope\w*|want\w*|plann\w*|submit\w*|sign(?:ed|s|ing)|approv\w*"
    r"|consider(?:ed|s|ing)|support\w*|sent|send\w*|award\w*|decorat\w*"
    r"|that(?!\s+(?:time|year|day|post|position|office|moment)))\b(?!\s+(?:as|for)\b)"
    # "appointed ten new deputies", "received the new akim", "dismissed the minister": the
    # office is the object of the verb, and the subject the one who acts.
    r"|" + _AUX + r"\b(?:appoint\w*|nam(?:ed|es)|elect(?:ed|s)|nominat\w*|propos\w*|dismiss\w*"
    r"|releas\w*|reliev\w*|replac\w*|sack\w*|fir(?:ed|es)|receiv\w*|met|meets?|visit\w*"
    r"|thank\w*|accept\w*)\s+(?:a|an|the|his|her|its|their|new|newly|\d+|two|three|four|five"
    r"|six|seven|eight|nine|ten|several|all|both|each|other)\b",
    re.I,
)
# "deputies", "judges", "members": an office of many, never one person's through a frame that
# links a single person to it ("According to X, the Senate members are ...").
_PLURAL_HEAD = re.compile(
    r"\b(?:deputies|judges|members|ministers|senators|chairmen|chairwomen|chairpersons|heads"
    r"|akims|speakers|leaders|governors|mayors|ambassadors|secretaries|officials)\b",
    re.I,
)
# Rule "now the office": "Dana Sultan (now the head of the Supreme Court)", "Aidos Nurov, now
# the Minister of Energy," (an office the person holds at the time of writing).
_APPOSITION = re.compile(
    r"\s*(?:,|\(|–|—|-)\s*(?:\d{2}\s*,\s*)?(?:now\s+)?(?:the\s+|a\s+|an\s+)?"
    # Rule "former after the name": "Aliya Temirova, former Minister of Energy," (a former post)
    r"(?:(?:new|newly appointed|newly elected|current|incumbent|then|acting|former)\s+)?"
    r"(?:Kazakhstan's\s+|Kazakh\s+|Kazakhstani\s+)?",
    re.I,
)
_CAPITALISED_PAIR = re.compile(r"\b([A-Z][a-z]+)\s+([A-Z][a-z]+)\b")
_OBJECT_PRONOUN = re.compile(r"\b(?:him|her)\b")
# "he", "she", and the descriptions news uses for the person just named ("the 56-year-old
# politician chaired ...").
SUBJECT_PRONOUN = re.compile(
    r"\b(?:he|she|He|She)\b|\b[Tt]he\s+(?:\d+-year-old\s+)?(?:politician|official|diplomat"
    r"|lawmaker|economist|lawyer)\b"
)
_COORDINATED = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)\s*$")
# "Her candidacy was put forward by President X", "the daughter of the first president": an
# office after a preposition is the agent or a complement, not what the sentence says happened.
_OBJECT_OF_PREPOSITION = re.compile(
    r"(?<!post )(?<!position )(?<!office )(?<!role )(?<!duties )"
    r"\b(?:of|by|from|to|with|for|at)\s+(?:the\s+)?(?:[A-Z]\w+'s\s+)?$",
    re.I,
)


_COPULA_AFTER_TITLE = re.compile(
    r"\s+(?:is|was|will\s+be|has\s+become|became|becomes)\s+(?:now\s+)?", re.I
)


def _group(names: list[tuple[NameHit, Person]], index: int, sentence: str,
           forward: bool) -> list[Person]:
    """The person at ``index`` and those coordinated with it ("A, B and C")."""
    group = [names[index][1]]
    joins: list[str] = []
    i = index
    while True:
        j = i + 1 if forward else i - 1
        if not 0 <= j < len(names):
            break
        left, right = (names[i][0], names[j][0]) if forward else (names[j][0], names[i][0])
        join = sentence[left.end : right.start]
        if not re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+)\s*", join):
            break
        group.append(names[j][1])
        joins.append(join)
        i = j
    # A list ends with "and" ("A, B and C"); "Tokayev, Nurzhigitov was appointed" is no list.
    if joins and "and" not in (joins[-1] if forward else joins[0]):
        return group[:1]
    return group


@dataclass
class _Link:
    people: list[Person]
    anchor: int  # where the person (or "he", or the office when it comes first) stands
    title_first: bool = False
    frame: str = ""  # the rule that tied them, for provenance and per-rule counts


def _unread_name(gap: str) -> bool:
    """Two capitalised words in a row that are no organisation: a name the name finder could not
    read ("appointed Yuri Ilyin Minister"), so an office after it is not the earlier person's."""
    for match in _CAPITALISED_PAIR.finditer(gap):
        if not {match.group(1), match.group(2)} & gz.NOT_NAME_WORDS:
            return True
    return False


def _holder(
    sentence: str,
    title: TitleHit,
    titles: list[TitleHit],
    names: list[tuple[NameHit, Person]],
    subjects: Subjects,
    previous: tuple[TitleHit, _Link] | None,
) -> _Link | None:
    before = sentence[: title.start]
    # "Minister of Energy Almasadam Satkaliyev", "Deputies A and B", "Chairman of the Senate,
    # Maulen Ashimbayev," (but not "By the Decree of the Head of State, Aidar X has been ...").
    for index, (hit, _person) in enumerate(names):
        if hit.start < title.end:
            continue
        # "Chairman of the Nur Otan Party, First President Nursultan Nazarbayev": offices in a
        # row before one name are all that person's.
        gap = sentence[title.end : hit.start]
        for other in titles:
            if title.end <= other.start and other.end <= hit.start:
                gap = gap.replace(sentence[other.start : other.end], "", 1)
        if re.fullmatch(r"\s*", gap) or (
            re.fullmatch(r"[\s,–—-]*(?:and\s+)?", gap)
            and not _OBJECT_OF_PREPOSITION.search(before)
            and not title.bare
        ):
            # "Deputy Prime Minister and Foreign Minister Murat Nurtleu", "Deputy Prime Minister –
            # Minister of National Economy Serik Zhumangarin": both are his.
            return _Link(_group(names, index, sentence, True), title.start, title_first=True,
                         frame="office before name")
        # "The new akim of Turkestan region is Nuralkhan Kushev": a copula, the office first
        # (not "... is Kushev's deputy", not "of the minister was X").
        if (
            _COPULA_AFTER_TITLE.fullmatch(gap)
            and not re.match(r"['’]s\b", sentence[hit.end :])
            and not _OBJECT_OF_PREPOSITION.search(before)
            and not title.bare
        ):
            return _Link([_person], title.start, title_first=True, frame="office is name")
        break
    if title.bare:
        return None
    # "Deputy Prime Minister – Minister of Foreign Affairs": one person, two offices.
    if previous is not None and re.fullmatch(
        r"\s*(?:[–—-]|and)\s*", sentence[previous[0].end : title.start]
    ):
        return _Link(previous[1].people, previous[1].anchor, previous[1].title_first,
                     "second office")
    preceding = [(i, h) for i, (h, _p) in enumerate(names) if h.end <= title.start]
    pronoun = None
    for match in SUBJECT_PRONOUN.finditer(before):
        pronoun = match
    objects = list(_OBJECT_PRONOUN.finditer(before))
    verbal = title.kind == "verbal"
    if preceding:
        index, hit = preceding[-1]
        # "Toqaev, who until then chaired the Senate": the relative clause is about him.
        gap = re.sub(r"^\s*,\s*who\b", " ", sentence[hit.end : title.start])
        if pronoun is None or pronoun.start() < hit.start:
            # "Kosherbayev Yermek Bedelbayevich Minister of ..."; "Daniyar Beisenov, the new
            # energy minister"; "Yerzhan Kazykhan, until now Assistant to the President"
            # (in a list, "A, former head of X at the Senate B, ..." is B's: a name follows)
            if re.fullmatch(r"\s*", gap) or (_APPOSITION.fullmatch(gap) and not (
                    "former" in gap and _CAPITALISED_PAIR.search(
                        sentence[title.end :].split(",", 1)[0]))):
                return _Link(_group(names, index, sentence, False), hit.start,
                             frame="apposition")
            # "Smailov, 49, had been acting head of government"; "elected A and B deputy
            # chairmen of the Majilis"; "appointed him Assistant to the President"
            if (
                len(gap) <= 120
                and not _OBJECT_OF_PREPOSITION.search(gap)
                and (verbal or _LINK.search(gap))
                and not _BLOCK.search(gap)
                and not _ACTS.search(gap)
                and not _unread_name(gap)
            ):
                if objects and objects[-1].start() > hit.end:
                    return _Link([names[index][1]], hit.start, frame="verb or copula")
                return _Link(_group(names, index, sentence, False), hit.start,
                             frame="verb or copula")
    # "Earlier he was finance minister"; "Since 2019 she has been working as ..."; "Suleimenova
    # was appointed minister in January; before that she worked as vice minister"
    subject = None
    if pronoun is not None:
        here = [p for _h, p in names if _h.end <= pronoun.start()]
        subject = subjects.resolve(pronoun.group(), here) if here else None
        subject = subject or subjects.resolve(pronoun.group())
    if pronoun is not None and subject is not None:
        gap = before[pronoun.end() :]
        if (len(gap) <= 120 and (verbal or _LINK.search(gap)) and not _BLOCK.search(gap)
                and not _ACTS.search(gap)):
            return _Link([subject], pronoun.start(), frame="pronoun")
    return None


def _dates_near(
    sentence: str, start: int, end: int, phrases: Sequence[DatePhrase]
) -> tuple[PartialDate | None, PartialDate | None, PartialDate | None]:
    """What the words around an office date: a start ("since January 5", "from May 2020"), an
    end ("to June 2023") and a plain date ("in January 2012") within [start, end)."""
    since = until = plain = None
    for phrase in phrases:
        if not start <= phrase.start < end:
            continue
        lead = (sentence[max(0, phrase.start - 12) : phrase.start] + phrase.phrase).lower()
        if re.search(r"\b(?:since|from)\s+", lead):
            since = since or phrase.date
        elif re.search(r"\b(?:to|until|till)\s+", lead):
            until = until or phrase.date
        else:
            plain = plain or phrase.date
    return since, until, plain


_CLAUSE_JOINT = re.compile(r";|\band\s+(?=earlier|later|then|previously|before|also)|\bbut\b", re.I)


def _last_change(text: str) -> Change | None:
    """What the words nearest the office say happened: "release X from the post of A and
    appoint her B" ends A and starts B."""
    found: list[tuple[int, Change]] = []
    rules: tuple[tuple[Change, re.Pattern[str]], ...] = (
        ("end", _RELEASE), ("start", APPOINT), ("former", _FORMER)
    )
    for change, pattern in rules:
        found.extend((m.end(), change) for m in pattern.finditer(text))
    return max(found)[1] if found else None


def _clause_end(sentence: str, title: TitleHit, titles: list[TitleHit],
                names: list[tuple[NameHit, Person]]) -> int:
    """Where the office's own clause ends: at the next office, person or clause break."""
    ends = [len(sentence)]
    ends += [t.start for t in titles if t.start >= title.end]
    ends += [h.start for h, _p in names if h.start >= title.end]
    stop = re.compile(r";|,\s+(?:and|while|but|when)\b|\s+and\s+(?=he|she|from|in|since)|,\s+"
                      r"(?:who|which)\b", re.I)
    match = stop.search(sentence, title.end)
    if match:
        ends.append(match.start())
    return min(ends)


def relate(
    sentence: str,
    names: list[tuple[NameHit, Person]],
    titles: list[TitleHit],
    subjects: Subjects,
    date: PartialDate | None,
    phrases: Sequence[DatePhrase] = (),
) -> None:
    """Attach each office in the sentence to the person(s) it is said of, with what happened.

    ``subjects`` tells whom "he" or "she" means. What happened is told
    by the words nearest before the office; when, by the dates of the office's own clause.
    """
    previous: tuple[TitleHit, _Link] | None = None
    for title in titles:
        link = _holder(sentence, title, titles, names, subjects, previous)
        if link is None:
            continue
        if (len(link.people) == 1 and not link.title_first and title.kind != "verbal"
                and _PLURAL_HEAD.search(sentence[title.start : title.end])):
            continue
        previous = (title, link)
        words_before = sentence[max(0, min(link.anchor, title.start - 60) - 50) : title.start]
        marker = _last_change(words_before)
        if title.kind == "verbal":
            # "who headed the Presidential Administration, has been appointed ...": a simple past
            # is a post held before; "to head the ministry" is one taken up; "heads" is held.
            verb = sentence[title.start : title.start + 12].lower()
            if verb.startswith("to "):
                marker = "start"
            elif re.match(r"(?:chaired|headed|led|ran)\b", verb) and not re.search(
                r"\b(?:has|have)\s+(?:also\s+)?$", sentence[: title.start]
            ):
                marker = "former"
        if link.title_first and _OBJECT_OF_PREPOSITION.search(sentence[: title.start]):
            marker = "former" if title.former else None
        window = max(0, min(link.anchor, title.start) - 25)
        # "had led the region since 2019 and earlier served as energy minister": the "since"
        # belongs to the clause before the "and".
        for joint in _CLAUSE_JOINT.finditer(sentence, window, title.start):
            if joint.start() > link.anchor:
                window = joint.end()
        since, until, plain = _dates_near(
            sentence, window, _clause_end(sentence, title, titles, names), phrases,
        )
        sightings: list[tuple[Change, PartialDate | None]] = []
        if title.kind == "passive" and re.search(
            r"(?i)\b(?:previous|former|outgoing)\s+$", sentence[: title.start]
        ):
            marker = "former"
        if title.former or marker == "former":
            if since:
                sightings.append(("start", since))
            sightings.append(("end", until) if until else ("former", None))
        elif marker == "end":
            sightings.append(("end", until or plain or date))
        elif since or until:
            if since:
                sightings.append(("start", since))
            if until:
                sightings.append(("end", until))
        elif marker == "start":
            past = plain is not None and (date is None or plain.start() <= date.end())
            sightings.append(("start", plain if past else date))
        else:
            sightings.append(("seen", date))
        for person in link.people:
            for change, when in sightings:
                note(person, title.title, when, change, sentence, link.frame, title.wording)


def note(person: Person, title: str, date: PartialDate | None, change: Change,
          sentence: str, frame: str = "", wording: str = "") -> None:
    """Record what a sentence says of one person's office, once."""
    sighting = PositionSighting(title, date, change, sentence, frame, wording)
    if sighting not in person.positions:
        person.positions.append(sighting)


# "Tokayev accepted the resignation of Askar Mamin's cabinet": Mamin was Prime Minister.
_CABINET = re.compile(r"^'s\s+(?:cabinet|government)\b", re.I)
_CABINET_ENDS = re.compile(r"\b(?:resignation|resigned|dismiss\w*|sacked|fired)\b", re.I)


def relate_cabinet(
    sentence: str, names: list[tuple[NameHit, Person]], date: PartialDate | None
) -> None:
    for hit, person in names:
        if not _CABINET.match(sentence[hit.end :]):
            continue
        change: Change = "end" if _CABINET_ENDS.search(sentence[: hit.start]) else "seen"
        note(person, "Prime Minister", date, change, sentence, "cabinet of")
