"""Golden files: one packet page, one calendar and one vCard of the Seoul trip, byte for byte.

The Seoul trip (tests/fixtures/seoul_phone) is built once with SOURCE_DATE_EPOCH, so the same
content gives the same bytes on every machine. A change to a template, the calendar or the cards
shows here as a readable diff of the whole file, not as a regular expression that still matches.
When the change is intended, rewrite the files and review them like code:

    .venv/bin/python -m pytest -q -p no:xdist tests/golden --update-testdata
    git diff tests/golden/testdata
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

TESTDATA = Path(__file__).resolve().parent / "testdata"
MEETING = "2027-10-11-jae-won-park"
"""A Hangul name with its romanisation on a 4-meeting day, A4: the packet with most to get wrong."""
GOLDEN = {
    "packet.html": f"meetings/{MEETING}/index.html",
    "itinerary.ics": "itinerary.ics",
    "aisling-ni-bhriain.vcf": "meetings/2027-10-11-aisling-ni-bhriain/contact.vcf",
}
"""Golden file -> the output file it holds. The card: an Irish name with a surname particle and a
call to Dublin."""


def _diff(expected: bytes, actual: bytes, name: str) -> str:
    lines = difflib.unified_diff(
        expected.decode("utf-8").splitlines(keepends=True),
        actual.decode("utf-8").splitlines(keepends=True),
        f"golden/{name}",
        f"built/{name}",
        n=2,
    )
    return "".join(list(lines)[:80])


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_the_built_file_matches_its_golden_copy(
    seoul_pages: Path, update_testdata: bool, name: str
) -> None:
    built = (seoul_pages / GOLDEN[name]).read_bytes()
    golden = TESTDATA / name
    if update_testdata:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(built)
    assert golden.is_file(), f"no {golden}: run pytest tests/golden --update-testdata"
    expected = golden.read_bytes()
    assert built == expected, (
        f"{GOLDEN[name]} differs from tests/golden/testdata/{name}; if the change is intended, run "
        "pytest tests/golden --update-testdata and review the diff:\n"
        + _diff(expected, built, name)
    )
