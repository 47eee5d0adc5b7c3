"""Russian and Kazakh words people type for bills and stages, in the English the knowledge base
is written in: "/bill водный кодекс" and "/bill су кодексі" find the Water Code.

The knowledge is read from English articles, so a query is matched in English. Only words with
one clear English sense are here (the words of bill titles and of stages); a word not here is
kept as typed, so Cyrillic names still reach the transliterating name matcher.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Stems (a word starting with one is that English word): Russian cases and Kazakh suffixes
# vary the endings ("водного", "водный"; "кодексі", "кодексін").
_STEMS: tuple[tuple[str, str], ...] = (
    # bill titles
    ("водн", "water"), ("су", "water"), ("кодекс", "code"), ("закон", "law"), ("заң", "law"),
    ("земельн", "land"), ("жер", "land"), ("бюджетн", "budget"), ("бюджет", "budget"),
    ("налогов", "tax"), ("салық", "tax"), ("масс-медиа", "mass media"),
    ("сми", "mass media"), ("медиа", "media"), ("конституционн", "constitutional"),
    ("конституциял", "constitutional"), ("экологическ", "environmental"),
    ("экологиял", "environmental"), ("трудов", "labour"), ("еңбек", "labour"),
    ("социальн", "social"), ("әлеуметтік", "social"), ("выбор", "elections"),
    ("сайлау", "elections"), ("проект", "draft"), ("жоба", "draft"),
    # bills by topic ("/bill амнистия", "/bill отмывание", "/bill жасанды интеллект")
    ("амнист", "amnesty"), ("отмыв", "laundering"), ("легализац", "legalization"),
    ("ратифик", "ratification"), ("ратификац", "ratification"), ("соглашени", "agreement"),
    ("келісім", "agreement"), ("строител", "construction"), ("құрылыс", "construction"),
    ("цифров", "digital"), ("цифрлық", "digital"), ("уголовн", "criminal"),
    ("қылмыстық", "criminal"), ("гражданск", "civil"), ("азаматтық", "civil"),
    ("лесн", "forest"), ("орман", "forest"), ("таможен", "customs"), ("кеден", "customs"),
    ("предпринимательск", "entrepreneurial"), ("кәсіпкерлік", "entrepreneurial"),
    ("экстремизм", "extremism"), ("терроризм", "terrorism"), ("интеллект", "intelligence"),
    ("искусствен", "artificial"), ("жасанды", "artificial"), ("республиканск", "republican"),
    ("республикалық", "republican"),
    # stages ("/bills принятые", "/bills күшіне енген")
    ("принят", "adopted"), ("қабылда", "adopted"), ("подписан", "signed"),
    ("қол қойыл", "signed"), ("вступ", "in force"), ("действ", "in force"),
    ("күшіне", "in force"), ("планир", "planned"), ("жоспар", "planned"),
    ("рассматр", "under consideration"), ("қарал", "under consideration"),
    ("первом чтени", "first reading"), ("бірінші оқы", "first reading"),
    # the Kurultai's readings (from 1 July 2026): "/bills во втором чтении", "/bills құрылтай"
    ("втором чтени", "second reading"), ("екінші оқы", "second reading"),
    ("третьем чтени", "third reading"), ("үшінші оқы", "third reading"),
    ("курулта", "kurultai"), ("құрылта", "kurultai"),
    ("возвращ", "returned"), ("қайтарыл", "returned"), ("отклон", "rejected"),
    ("одобр", "approved"), ("мақұлда", "approved"), ("непринят", "rejected"),
    ("неодобр", "rejected"), ("күшіне енбе", "not in force"),
)
# Checked longest first, so a longer stem wins over a shorter one it starts with.
_BY_LENGTH = sorted(_STEMS, key=lambda pair: -len(pair[0]))
# A negated stage: Russian "не принят", Kazakh "қабылданбады", "мақұлданбаған", "жоспарланбаған"
# (the stem, a short derivation such as the passive -н or -лан, the negative -ба/-бе/-па/-пе/-ма/
# -ме, then a tense or participle: -ды/-ті, -ған/-кен, -й, -с). A bill not adopted or not approved
# was rejected; any other stage negated ("не подписан", "қол қойылмаған") names no status.
_NEGATIVE_SUFFIX = re.compile(r"\w{0,3}?[бпм][ае](?:[дт][ыі]|[ғгқк][ае]н|й|с)")
_REJECTING = frozenset({"adopted", "approved"})
_STAGES = frozenset({"adopted", "approved", "signed", "in force", "planned",
                     "under consideration", "returned", "rejected"})
# Words that carry no meaning in a title: "о", "об", "РК".
_DROP = frozenset({"о", "об", "и", "туралы", "рк", "республики", "казахстан", "казахстана",
                   "қазақстан", "республикасының", "енген", "ендi", "в", "во", "силу"})


def english_query(text: str) -> str:
    """``text`` with the Russian and Kazakh words it has for bills and stages in English."""
    if not re.search(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]", text):
        return text
    lowered = " ".join(text.lower().split())
    for stem, english in _BY_LENGTH:
        if " " in stem:  # two-word stems first ("первом чтении", whatever the ending)
            lowered = re.sub(re.escape(stem) + r"\w*", _two_word_stem(stem, english), lowered)
    words: list[str] = []
    negate = False
    for word in lowered.split():
        if word in _DROP:
            continue
        if word == "не":  # Russian: the next word is negated
            negate = True
            continue
        stem, found = next(((s, e) for s, e in _BY_LENGTH if " " not in s and _starts(word, s)),
                           ("", None))
        if found and (negate or _is_negative(stem, word)):
            found = _negated(found)
        words.append(found or word)
        negate = False
    return " ".join(dict.fromkeys(words)) or text


def _two_word_stem(stem: str, english: str) -> Callable[[re.Match[str]], str]:
    """The English for a two-word stem as found ("қол қойылмаған": its negative)."""
    def replace(found: re.Match[str]) -> str:
        return _negated(english) if _is_negative(stem, found.group()) else english
    return replace


def _is_negative(stem: str, word: str) -> bool:
    """Is ``word`` the Kazakh negative of the verb ``stem`` ("қабылдан" + "ба" + "ды")?"""
    return bool(_NEGATIVE_SUFFIX.match(word[len(stem):])) and word.startswith(stem)


def _negated(english: str) -> str:
    if english in _REJECTING:
        return "rejected"
    # a stage said not to have happened is no stage to list; other words stay as they are
    return "not " + english if english in _STAGES else english


def _starts(word: str, stem: str) -> bool:
    # A two-letter stem ("су") is a whole word or takes a suffix, not any word beginning so
    # ("суд" is a court): only "су", "суы", "суды"-less forms count.
    if len(stem) <= 2:
        return word in {stem, stem + "ы", stem + "у", stem + "ға"}
    return word.startswith(stem)
