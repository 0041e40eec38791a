"""One phone format per trip (issue 23 item 2, issue 24): the pages, the pocket cards and the calendar write a
number the same way (national at home, international from abroad), and a vCard types a mobile `cell`."""

from __future__ import annotations

from pathlib import Path

from fixtures.building import build_options
from fixtures.london_calls_trip import BEFORE, LONDON

from generator.build import build
from generator.reading import load_and_plan
from generator.render.drafts import Drafts
from generator.render.pages import PageBuilder
from generator.render.paths import Paths
from generator.render.theme import make_environment


def _site(tmp_path: Path) -> Path:
    output = tmp_path / "site"
    build(
        build_options(
            content=LONDON,
            output=output,
            pdf=False,
            today=BEFORE,
            quiet=True,
            environ={},
            cache=tmp_path / "c",
        )
    )
    return output


def _unfolded(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n ", "").replace("\\n", "\n")


def test_every_output_writes_a_number_one_way(tmp_path: Path) -> None:
    output = _site(tmp_path)
    packet = (output / "meetings" / "2027-05-27-ananya-sharma" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "020 7946 0544" in packet and "(0)" not in packet  # typed "+44 (0)20 7946 0544"
    calendar = _unfolded((output / "itinerary.ics").read_text(encoding="utf-8"))
    assert (
        "Phone: 020 7946 0544" in calendar and "Phone: +1 212-555-0134" in calendar
    )  # New York, from London
    assert "(0)20" not in calendar
    trip, plan, theme = load_and_plan(LONDON, BEFORE)
    env = make_environment(theme, dates=plan.dates)
    pocket = PageBuilder(
        plan, Paths(), Drafts(env, trip.info), with_pdfs=True, private=False, for_print=True
    ).pocket()
    phones = {row.row.person.slug: row.phone for card in pocket.cards for row in card.rows}
    assert phones["ananya-sharma"] == "020 7946 0544" and phones["tom-hughes"] == "07912 345678"


def test_a_uk_mobile_is_a_cell_phone_in_the_vcard(tmp_path: Path) -> None:
    cards = _unfolded((_site(tmp_path) / "contacts.vcf").read_text(encoding="utf-8")).split(
        "END:VCARD"
    )
    tom = next(c for c in cards if "Tom Hughes" in c)
    ananya = next(c for c in cards if "Ananya Sharma" in c)
    assert "TEL;TYPE=cell;VALUE=uri:tel:+447912345678" in tom
    assert "TYPE=work,voice" in ananya and "tel:+442079460544" in ananya


def test_pocket_card_rows_have_header_cells_and_their_clock_by_city() -> None:
    """PDF/UA checkers want header cells in a table: each meeting's time heads its row (issue 24). A call abroad
    shows their time by city, never "+08"."""
    trip, plan, theme = load_and_plan(LONDON, BEFORE)
    env = make_environment(theme, dates=plan.dates)
    pocket = PageBuilder(
        plan, Paths(), Drafts(env, trip.info), with_pdfs=True, private=False, for_print=True
    ).pocket()
    html = env.get_template("pocket.html").render(page=pocket, **vars(pocket))
    assert html.count('<th scope="row" class="t">') == len(plan.schedule.slots)
    assert "(16:00 Singapore for them)" in html and "+08" not in html
