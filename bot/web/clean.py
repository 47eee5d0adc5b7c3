"""Text from other people's sites, made safe to store, print and send.

Control characters (ESC starts terminal escape sequences that clear a screen or set a window
title, BEL rings, NUL cuts strings in C tools) and the invisible bidirectional controls
(U+202E turns "gpj.exe" around) mean nothing in a headline or a paragraph, and do harm in a
terminal, a chat or a calendar app: they are dropped as the text arrives, before it is stored.
"""

from __future__ import annotations

import re

# C0 and C1 controls but tab and newline; DEL; the bidi marks, embeddings, overrides, isolates.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                       "\u2066-\u2069]")


def clean_text(text: str) -> str:
    """Paragraph text without controls (newlines and tabs kept; ``\\r\\n`` read as a newline)."""
    return _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_line(text: str) -> str:
    """A title or a name: one line, controls dropped, runs of white space made one space."""
    return " ".join(_CONTROLS.sub("", text.replace("\r", " ")).split())
