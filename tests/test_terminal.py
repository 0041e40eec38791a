"""One terminal text (issue 23 item 2, issue 24): only what can harm is escaped; spaces of every kind and the
joiners inside a Devanagari name print as themselves; columns line up by display width."""

from __future__ import annotations

import re

import pytest
from fixtures.building import Runner
from fixtures.london_calls_trip import LONDON

from generator.cli import main
from generator.terminal import cut, pad, terminal_text, width


@pytest.mark.parametrize(
    "kept",
    [
        "27 May\u2009–\u20093 Jun 2027",
        "Kestrel\u00a0Ltd",
        "क्\u200dष",
        "Line one\nline two\tcolumn",
        "Ana Sofía",
        "박재원",
    ],
)
def test_ordinary_text_prints_as_itself(kept: str) -> None:
    assert terminal_text(kept) == kept


@pytest.mark.parametrize(
    ("dangerous", "shown"),
    [
        ("\x1b]52;c;aGk=\x07", "\\x1b]52;c;aGk=\\x07"),  # rewrite the clipboard (OSC 52)
        ("abc\u202edcba", "abc\\u202edcba"),  # turn the rest of the line around
        ("name\u2066x\u2069", "name\\u2066x\\u2069"),
        ("one\u2028two", "one\\u2028two"),
        ("bell\x07\r", "bell\\x07\\r"),
    ],
)
def test_what_can_harm_is_escaped(dangerous: str, shown: str) -> None:
    assert terminal_text(dangerous) == shown


@pytest.mark.parametrize(
    ("text", "cells"),
    [("राजेश", 4), ("कुमार", 4), ("박재원", 6), ("王小明", 6), ("Siân", 4), ("e\u0301", 1)],
)
def test_display_width(text: str, cells: int) -> None:
    assert width(text) == cells and width(pad(text, 10)) == 10


def test_cut_never_leaves_a_vowel_sign_without_its_letter_or_overflows() -> None:
    assert width(cut("Chief Nursing Information Officer", 12)) <= 12
    cut_name = cut("राजेश कुमार", 4)
    assert width(cut_name) <= 4 and cut_name.endswith("…")


def test_who_columns_line_up_on_devanagari_and_accented_names() -> None:
    result = Runner().invoke(main, ["who", str(LONDON)])
    assert result.exit_code == 0, result.output
    rows = [
        line
        for line in result.output.splitlines()
        if line.startswith("  ") and re.search(r"scheduled|to-ask|asked", line)
    ]
    starts = set()
    for line in rows:
        status = re.search(r"  (scheduled|to-ask|asked|introducer)\b", line)
        assert status is not None
        starts.add(width(line[: status.start()]))
    assert len(starts) == 1, rows  # the status column starts at one display column in every row


def test_followup_prints_the_dates_thin_spaces_not_their_escapes() -> None:
    result = Runner().invoke(main, ["followup", str(LONDON), "--today", "2027-06-07 12:00"])
    assert result.exit_code == 0, result.output
    assert "\\u2009" not in result.output and "\\xa0" not in result.output
    assert "I was in London 27 May\u2009–\u20093 Jun 2027" in result.output
