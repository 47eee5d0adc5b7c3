"""Which Parliament a date belongs to, and which offices the Constitution of 2026 abolished.

The Constitution approved by the referendum of 15 March 2026 came into force on 1 July 2026. Until
then Kazakhstan's Parliament had two chambers, the Mazhilis and the Senate; from then on it is one,
the Kurultai, where a bill passes three readings. The post of State Secretary went with the old
Constitution, and so did every office of the Senate and the Mazhilis. These are facts of the
calendar, not of any article: a stage or an office is read the same whatever the outlet.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from bot.core.models import Bill, BillStage, PartialDate

KURULTAI_SINCE = PartialDate(2026, 7, 1)

# Statuses only the Parliament of two chambers has, and those only the Kurultai has (CONTRACT.md).
BICAMERAL_STAGES = frozenset({"adopted_mazhilis", "adopted_senate"})
KURULTAI_STAGES = frozenset({"second_reading", "adopted_kurultai"})

# Offices the new Constitution did away with. Everything named after the Senate or the Mazhilis
# ("Chairman of the Senate", "Senator", "Deputy of the Mazhilis", "Chairman of the Mazhilis
# Committee on Finance") went with the two chambers; the State Secretary's post was abolished.
_OLD_CHAMBERS = re.compile(r"\b(?:Senate|Senators?|Mazhilis|Majilis)\b")
_ABOLISHED_POSTS = frozenset({"Secretary of State", "State Secretary"})


@functools.lru_cache(maxsize=4096)  # asked once per sentence, of a handful of dates
def in_kurultai_era(date: PartialDate | None) -> bool | None:
    """True for a date wholly on or after 1 July 2026, False for one wholly before it, None when
    unknown or when it straddles the day ("2026" alone)."""
    if date is None:
        return None
    if date.start() >= KURULTAI_SINCE.start():
        return True
    if date.end() < KURULTAI_SINCE.start():
        return False
    return None


def stage_era(status: str, date: PartialDate | None) -> bool | None:
    """Whether a bill's stage was the Kurultai's (True), the two chambers' (False), or is not
    told (None): the stages of one Parliament say so themselves, the others by their date."""
    if status in KURULTAI_STAGES:
        return True
    if status in BICAMERAL_STAGES:
        return False
    return in_kurultai_era(date)


def abolished_on(office: str, today: dt.date) -> PartialDate | None:
    """The day ``office`` stopped existing, if it had by ``today``; None for a living office."""
    if today < KURULTAI_SINCE.start():
        return None
    if office in _ABOLISHED_POSTS or _OLD_CHAMBERS.search(office):
        return KURULTAI_SINCE
    return None


def bill_era(bill: Bill, day: dt.date) -> bool | None:
    """``stage_era`` of the stage behind a bill's status on ``day`` (its latest of that
    status)."""
    status = bill.status_on(day)
    stages = [s for s in (*bill.history, *bill.scheduled) if s.status == status]
    latest = max(stages, key=BillStage.order_key) if stages else None
    return stage_era(status, latest.date if latest else None)
