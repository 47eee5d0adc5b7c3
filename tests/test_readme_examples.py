"""The README's Russian and Kazakh conversations are what ``reply --lang`` prints (issue 18: the
column shown under ``--lang ru`` was Kazakh). Each column of a block headed ``--lang XX`` is run,
and every line it shows must start a line of the real answer (tags stripped)."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import ROOT, run_cli


def language_blocks() -> list[tuple[str, str, list[str]]]:
    """(language, command, shown lines) for each column of each ``--lang`` block."""
    readme = (ROOT / "README.md").read_text()
    columns = []
    for block in re.findall(r"```\n(--lang [a-z]{2}.*?)```", readme, re.S):
        rows = [re.split(r"\s{3,}", line.strip()) for line in block.strip().splitlines()]
        for index, language in enumerate(rows[0]):
            cells = [row[index] for row in rows[1:] if len(row) > index]
            command = cells[0].removeprefix("> ")
            columns.append((language.removeprefix("--lang "), command, cells[1:]))
    return columns


def test_the_readme_shows_each_language_in_its_own_column() -> None:
    columns = language_blocks()
    assert {language for language, _command, _lines in columns} == {"ru", "kk"}
    assert len(columns) >= 4


def test_each_column_is_what_the_bot_answers_in_that_language(seeded_db: Path) -> None:
    columns = language_blocks()
    assert len(columns) >= 4
    for language, command, shown in columns:
        result = run_cli("reply", command, "--lang", language, db=seeded_db)
        assert result.returncode == 0, result.stderr
        answer = [" ".join(re.sub(r"<[^>]+>", "", line).split())
                  for line in result.stdout.splitlines()]
        for line in shown:
            wanted = " ".join(line.split())
            assert any(a.startswith(wanted) for a in answer), (language, command, line, answer)
