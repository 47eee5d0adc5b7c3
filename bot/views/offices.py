"""Offices in the chat's language: the canonical titles extraction gives (``bot.core.gazetteer``
folds every spelling into one of these) are msgids, translated like the rest of the interface.
A title not listed here is shown as the articles give it. Read back, the same catalogs turn a
Russian or Kazakh name of an office into its English title (``english_office``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from bot.i18n import LANGUAGES, N_, translations
from bot.views.native import STEMMERS

OFFICES = (
    N_("President"), N_("Prime Minister"), N_("First Deputy Prime Minister"),
    N_("Deputy Prime Minister"), N_("Chairman of the Senate"), N_("Chairman of the Mazhilis"),
    N_("Deputy Chairman of the Senate"), N_("Deputy Chairman of the Mazhilis"),
    N_("Deputy of the Mazhilis"), N_("Member of the Mazhilis"), N_("Deputy of the Senate"),
    N_("Senator"), N_("Chairman of the Constitutional Court"), N_("Chairman of the Supreme Court"),
    N_("Commissioner for Human Rights"), N_("Prosecutor General"), N_("Secretary of State"),
    N_("State Counsellor"), N_("Head of the Presidential Administration"),
    N_("Chairman of the Central Election Commission"), N_("Minister of Agriculture"),
    N_("Minister of Energy"), N_("Minister of Finance"), N_("Minister of Justice"),
    N_("Minister of Foreign Affairs"), N_("Minister of Internal Affairs"),
    N_("Minister of Defence"), N_("Minister of National Economy"),
    N_("Minister of Water Resources and Irrigation"), N_("Minister of Education"),
    N_("Minister of Science and Higher Education"), N_("Minister of Healthcare"),
    N_("Minister of Culture and Information"), N_("Minister of Culture and Sports"),
    N_("Minister of Information and Social Development"),
    N_("Minister of Labour and Social Protection of the Population"),
    N_("Minister of Ecology and Natural Resources"), N_("Minister of Emergency Situations"),
    N_("Minister of Industry and Construction"), N_("Minister of Trade and Integration"),
    N_("Minister of Transport"), N_("Minister of Tourism and Sports"),
    N_("Minister of Digital Development, Innovations and Aerospace Industry"),
    # the Constitution of 2026 (from 1 July 2026): the Kurultai, the Vice President, the Khalyk
    # Kenesi (the State Secretary's post it abolished is "Secretary of State" above)
    N_("Chairman of the Kurultai"), N_("Deputy Chairman of the Kurultai"),
    N_("Deputy of the Kurultai"), N_("Vice President"), N_("Chairman of the Khalyk Kenesi"),
    N_("Member of the Khalyk Kenesi"),
)


@cache
def _by_translated_name() -> dict[str, str]:
    """Each office's Russian and Kazakh names (folded) -> its canonical English title."""
    names: dict[str, str] = {}
    for language in LANGUAGES:
        catalog = translations(language)
        for title in OFFICES:
            translated = catalog.gettext(title)
            if translated != title:
                names.setdefault(_fold(translated), title)
    return names


@cache
def _by_stems() -> dict[tuple[str, ...], str]:
    """The same names by their words' stems: «председателя сената», «президентом», «Сенат
    Төрағасының» are the office the catalog calls «Председатель Сената», «Сенат Төрағасы»."""
    found: dict[tuple[str, ...], str] = {}
    for name, title in _by_translated_name().items():
        for stem in STEMMERS.values():
            found.setdefault(_stems(name, stem), title)
    return found


# Short and everyday names of offices, in the words of their catalog names: «спикер Сената» is
# its chairman, «премьер» the prime minister.
_SHORT_FORMS = {"спикер": "председатель", "премьер": "премьер министр",
                "генпрокурор": "генеральный прокурор", "госсекретарь": "государственный секретарь",
                "госсоветник": "государственный советник",
                "вице премьер": "заместитель премьер министра",
                "омбудсмен": "уполномоченный по правам человека",
                "глава правительства": "премьер министр", "глава государства": "президент",
                "мемлекет басшысы": "президент", "үкімет басшысы": "премьер министр"}


# One pass, longest first: «вице премьер» is not read as «вице» and «премьер»; a short form
# takes a case ending («спикера»).
_SHORT_FORM = re.compile(r"(?<!\w)(" + "|".join(sorted(_SHORT_FORMS, key=len, reverse=True))
                         + r")\w{0,3}(?!\w)")


def _stems(name: str, stem: Callable[[str], str]) -> tuple[str, ...]:
    return tuple(sorted(stem(word) for word in name.replace("-", " ").split()))


def _by_any_form(folded: str) -> str | None:
    """The office whose catalog name ``folded`` is in another case, or in a short form."""
    spaced = " ".join(folded.replace("-", " ").split())
    expanded = spaced
    if not any(full in spaced for full in _SHORT_FORMS.values()):
        expanded = _SHORT_FORM.sub(lambda found: _SHORT_FORMS[found.group(1)], spaced)
    for words in dict.fromkeys((spaced, expanded)):
        for stem in STEMMERS.values():
            if (title := _by_stems().get(_stems(words, stem))) is not None:
                return title
    return None


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").replace("?", " ").split())


# The words around an office in a question: «а кто сейчас президент?», «кто является
# председателем сената», «қазір Сенат Төрағасы кім?», «Премьер-министр кім болып табылады».
_ASKING = frozenset({"а", "кто", "кім", "сейчас", "қазір", "теперь", "такой", "такая",
                     "является", "болып", "табылады", "же", "ғой"})


def english_office(query: str) -> str | None:
    """ "председатель сената", «Сенат Төрағасы», «кто министр энергетики?» -> the office's
    English title, so an office is found by any of its names; None for anything else."""
    words = _fold(query).split()
    while words and words[0] in _ASKING:
        words.pop(0)
    while words and words[-1] in _ASKING:
        words.pop()
    folded = " ".join(words)
    return _by_translated_name().get(folded) or _by_any_form(folded)
