"""Pages of the trip abroad (issue 24): a UK postcode stays on one line, "Mention" says something the
"Connection" row does not, and a task item shows its box instead of "• ☑"."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import pytest
from fixtures.building import build_options
from fixtures.london_calls_trip import BEFORE, LONDON

from generator.build import build
from generator.render.markdown import Notes
from generator.render.theme import keep_postcode


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("london") / "site"
    build(
        build_options(
            content=LONDON,
            output=output,
            pdf=False,
            today=BEFORE,
            quiet=True,
            environ={},
            cache=False,
        )
    )
    return output


@pytest.mark.parametrize(
    ("address", "kept"),
    [
        ("Westminster Bridge Road, London SE1 7EH", "SE1\u00a07EH"),
        ("14 Gresham Street, London EC2V 7JE", "EC2V\u00a07JE"),
        ("436 11th St NW, Washington, DC 20004", "DC\u00a020004"),
        ("Damrak 1, 1012 AB Amsterdam", "1012\u00a0AB"),
        ("ON K1A 0B1", "K1A\u00a00B1"),
        ("17 cours Valmy, 92800 Puteaux", "92800\u00a0Puteaux"),  # was "92800 / Puteaux"
        ("Mühlenstraße 8, 10243 Berlin", "10243\u00a0Berlin"),
        ("Bahnhofstrasse 10, 8001 Zürich", "8001\u00a0Zürich"),
    ],
)
def test_a_postcode_is_kept_on_one_line(address: str, kept: str) -> None:
    assert kept in keep_postcode(address)


def test_the_packet_cover_keeps_the_postcode_whole(site: Path) -> None:
    page = unescape(
        (site / "meetings" / "2027-05-28-tom-hughes" / "index.html").read_text(encoding="utf-8")
    )
    assert "London SE1\u00a07EH" in page


def test_mention_does_not_repeat_the_connection(site: Path) -> None:
    page = unescape(
        (site / "meetings" / "2027-05-27-ananya-sharma" / "index.html").read_text(encoding="utf-8")
    )
    connection = page.split("<dt>Connection</dt>")[1].split("</dd>")[0]
    mention = page.split("<h3>Mention</h3>")[1].split("</p>")[0]
    assert "Introduced by Rohan Mehta" in connection
    assert (
        "Introduced by" not in mention
        and "Say early on that Rohan Mehta suggested you meet" in mention
    )
    alumni = unescape(
        (site / "meetings" / "2027-06-01-sian-evans" / "index.html").read_text(encoding="utf-8")
    )
    assert "<h3>Mention</h3>" not in alumni  # nothing to say beyond the Connection row


def test_a_task_item_shows_its_box_not_a_bullet() -> None:
    html = str(Notes().html("- [ ] ask about Helix\n- [x] read the NHS plan\n- a plain item\n"))
    assert (
        '<li class="task">☐ ask about Helix</li>' in html
        and '<li class="task">☑ read the NHS plan</li>' in html
    )
    assert "<li>a plain item</li>" in html
    css = (
        Path(__file__).resolve().parents[2] / "themes" / "default" / "static" / "print.css"
    ).read_text(encoding="utf-8")
    assert "li.task { list-style: none;" in css
