"""One name per office: the ways English news writes the same post folded into the canonical
title ("Governor of Pavlodar Region" and "Mayor of Astana City" are akims, "Kazakhstan's envoy
to Moscow" is the Ambassador Extraordinary and Plenipotentiary to Russia, "Minister of Health" the Minister of Healthcare), and the
list of canonical offices that must have a Russian and a Kazakh name."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.core import gazetteer as gz

# A capital city for its country: "the ambassador in Beijing" is the Ambassador to China.
_CAPITALS = {
    "Moscow": "Russia", "Beijing": "China", "Washington": "the United States",
    "Ankara": "Turkey", "Tashkent": "Uzbekistan", "Bishkek": "Kyrgyzstan",
    "Dushanbe": "Tajikistan", "Ashgabat": "Turkmenistan", "Minsk": "Belarus", "Baku": "Azerbaijan",
    "Kyiv": "Ukraine", "London": "the United Kingdom", "Berlin": "Germany", "Paris": "France",
    "Rome": "Italy", "Madrid": "Spain", "Brussels": "Belgium", "Tokyo": "Japan",
    "Seoul": "South Korea", "Tehran": "Iran", "New Delhi": "India", "Cairo": "Egypt",
    "Riyadh": "Saudi Arabia", "Abu Dhabi": "the United Arab Emirates", "Ottawa": "Canada",
}
# Cities of republican status: their akim is "Akim of Astana", however the city is written.
_CITIES = ("Astana", "Almaty", "Shymkent", "Nur-Sultan")

_AMBASSADOR = re.compile(
    r"^(?:Ambassador|Envoy)(?: Extraordinary and Plenipotentiary)?"
    r"(?: of (?:the Republic of )?Kazakhstan)? (?:to|in) (?P<to>.+)$"
)
_AKIM_OF = re.compile(r"^(?:Akim|Governor|Mayor) of (?P<where>.+)$")
_PLACE = re.compile(r"^(?:the )?(?P<name>[A-Z][\w-]*(?: [A-Z][\w-]*)*) (?P<kind>Region|Oblast|District)$")
_CITY = re.compile(rf"^(?:the )?(?:City of )?(?P<name>{'|'.join(_CITIES)})(?: City)?$")
_MINISTER_OF = re.compile(r"^Minister of (?P<of>.+)$")
NAMED_FOR = re.compile(r"Head of the [A-Z][\w-]*(?:ov|ev|yev|in|ly) Administration")

# "... of the Kazakh Parliament", "... of the Republic of Kazakhstan", "... of the VII" (a
# convocation whose word was cut off): the office is the same without them.
TRAILING_ORG = re.compile(
    r"\s+(?:of|in)\s+(?:the\s+)?(?:(?:Kazakh|Kazakhstani|Kazakhstan's)\s+)?"
    r"(?:Parliament|Republic of Kazakhstan|Kazakhstan|RK|[IVX]+)$"
)
SMALL_WORDS = frozenset({"of", "for", "on", "and", "the", "to", "in"})
@lru_cache(maxsize=4096)
def fold_office(base: str) -> str:
    """The canonical name of an office written ``base`` (no "First"/"Deputy" in front)."""
    # "head of the Tokayev administration": the President's administration, named for him
    if NAMED_FOR.fullmatch(base):
        return "Head of the Presidential Administration"
    ambassador = _AMBASSADOR.match(base)
    if ambassador:
        to = ambassador.group("to")
        # the full title, as decrees give it: "ambassador to Russia" finds it all the same
        return f"Ambassador Extraordinary and Plenipotentiary to {_CAPITALS.get(to, to)}"
    akim = _AKIM_OF.match(base)
    if akim:
        where = akim.group("where")
        if where == "the National Bank":  # its governor is its chairman
            return "Chairman of the National Bank"
        city = _CITY.match(where)
        if city:
            name = city.group("name")
            return f"Akim of {'Astana' if name == 'Nur-Sultan' else name}"
        place = _PLACE.match(where)
        if place:
            kind = "Region" if place.group("kind") == "Oblast" else place.group("kind")
            return f"Akim of {place.group('name')} {kind}"
        if base.startswith(("Governor", "Mayor")) and re.fullmatch(r"[A-Z][\w-]*", where):
            return f"Akim of {where}"  # "Mayor of Karaganda": the city's akim
        return base
    minister = _MINISTER_OF.match(base)
    if minister:
        # "Minister of Health", "Minister of Defense": the short name of a ministry
        portfolio = gz.MINISTRY_PORTFOLIOS.get(minister.group("of").lower())
        if portfolio:
            return f"Minister of {portfolio}"
        if minister.group("of").lower().startswith("digital development"):
            return f"Minister of {gz.MINISTRY_PORTFOLIOS['digital development']}"
    return base



