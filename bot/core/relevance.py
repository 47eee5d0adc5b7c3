"""Is an article about the Kazakh state? General news feeds also carry sport, weather and
business; the bot keeps only articles that name an official in office, a bill, or a state body.
"""

from __future__ import annotations

import re

from bot.core.extraction import kurultai

# State bodies and offices, as English-language Kazakh news names them. Capitalised words are
# matched as written ("the Government", not "student government"); the rest in any case.
_STATE_BODY = re.compile(
    r"\b(?:Parliament|Senate|Senators?|Mazhilis|Majilis|Majlis|Mazhilisme[nr]|"
    r"Government|Cabinet|Prime Minister|President Tokayev|President of Kazakhstan|"
    r"Head of State|Akorda|Constitutional Court|Supreme Court|Prosecutor General|"
    r"Central Election Commission|Security Council|Supreme Audit Chamber|"
    r"National Bank of Kazakhstan|Assembly of (?:the )?People of Kazakhstan|"
    rf"Khalyk Kenesi|Vice President of Kazakhstan|{kurultai.SPELLINGS})\b"
    r"|\b(?:ministry|ministries|minister|maslikhats?|akimats?|akims?|deputies|deputy of the|"
    r"parliamentar(?:y|ians?)|plenary session|draft law|bill on|decree)\b",
    re.I,
)
_CASE_SENSITIVE = {"Parliament", "Senate", "Government", "Cabinet"}


def names_state_body(text: str) -> bool:
    """True if the text names a state body or office of Kazakhstan (Parliament, Senate,
    Mazhilis, maslikhat, Government, a ministry, an akimat, the Constitutional Court ...)."""
    for match in _STATE_BODY.finditer(text):
        word = match.group(0)
        if word.capitalize() in _CASE_SENSITIVE and word != word.capitalize():
            continue  # "parliament" of a school, "government" in general
        return True
    return False


def about_the_state(text: str, bills: int, officials_in_office: int) -> bool:
    """Keep an article that names a bill, an official holding an office, or a state body; not
    one about Kyrgyzstan's People's Kurultai that says nothing of Kazakhstan."""
    if kurultai.about_other_kurultai(text):
        return False
    return bills > 0 or officials_in_office > 0 or names_state_body(text)
