"""A meeting written up with a `debrief:` and no `outcome:` counts as written up (issue 24): no "write its
outcome" warning, no blank space to write it in, and its own learned, advice and promises in its packet."""

from __future__ import annotations

from html import unescape
from pathlib import Path

from fixtures.building import Runner, build_options
from fixtures.london_calls_trip import AFTER, LONDON

from generator.build import build
from generator.cli import main


def test_a_debrief_without_an_outcome_is_not_asked_for_again() -> None:
    result = Runner().invoke(main, ["check", str(LONDON), "--today", str(AFTER)])
    warned = [line for line in result.stderr.splitlines() if "write its outcome" in line]
    assert not any("Ananya" in line or "Okafor" in line for line in warned)
    assert any("Mr Tom Hughes" in line for line in warned)  # nothing written: still asked


def test_its_packet_shows_its_own_debrief_instead_of_the_space_to_write_it(tmp_path: Path) -> None:
    output = tmp_path / "site"
    build(
        build_options(
            content=LONDON,
            output=output,
            pdf=False,
            today=AFTER,
            quiet=True,
            environ={},
            cache=tmp_path / "c",
        )
    )
    page = unescape(
        (output / "meetings" / "2027-05-27-ananya-sharma" / "index.html").read_text(
            encoding="utf-8"
        )
    )
    after = page.split('id="after-h"')[1]
    assert "Debrief (write it tonight)" not in after
    for text in (
        "Product reports to their CMO, not the CTO",
        "Don't do the MSc first",
        "Send Ananya my teardown of the triage app",
        "Introduce her to Tom at Guy's",
    ):
        assert text in after
    tom = unescape(
        (output / "meetings" / "2027-05-28-tom-hughes" / "index.html").read_text(encoding="utf-8")
    )
    assert "Debrief (write it tonight)" in tom
