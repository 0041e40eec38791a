"""`propose` and a meeting that gives a `location:` but no `geo:`.

The content reference says a meeting's geo is its own, else its company's. A meeting that only
names its floor or a room kept no geo at all, so `propose` printed "? (no geo)" after it and placed
a request in Berlin 2.5 hours before an in-person meeting in Zürich. And its Place cell was the
location cut at its first comma: "Smith" for "Smith, Jones & Partners, 1 Fleet Place".
"""

from __future__ import annotations

from pathlib import Path

from fixtures.building import Runner

from generator.cli import main
from generator.content.load import load
from generator.plan.propose import propose_week
from generator.plan.schedule import build_schedule
from generator.plan.travel import meeting_place
from tests.plan.factory import (
    Content,
    berlin_week,
    london_week,
    make_content,
    meeting,
    person,
)

FLEET_PLACE = (51.5155, -0.1035)
LODGING = {
    "name": "Premier Inn London Bank",
    "address": "34 Great Tower St, London EC3R 5AQ",
    "geo": [51.5101, -0.0809],
}


def _london(tmp_path: Path, schedule: list[dict[str, object]]) -> Content:
    """Two meetings at Smith, Jones & Partners on Friday (the first on its 5th floor, written as a
    location without geo), and Grace Obi at Thames Civic Data Trust still to place."""
    return make_content(
        tmp_path,
        trip=london_week(lodging=LODGING),
        schedule=schedule,
        people={
            "oluwaseun-adebayo": person(
                "Oluwaseun Adébáyọ̀", "smith-jones-partners", outreach={"status": "scheduled"}
            ),
            "ingrid-sorensen": person(
                "Ingrid Sørensen", "smith-jones-partners", outreach={"status": "scheduled"}
            ),
            "grace-obi": person(
                "Grace Obi",
                "thames-civic-data",
                outreach={"status": "asked", "replied_on": "2027-05-03"},
                available=["2027-05-28 16:00-17:00"],
            ),
        },
        companies={
            "smith-jones-partners": {
                "name": "Smith, Jones & Partners LLP",
                "address": "1 Fleet Place, London EC4M 7WS",
                "geo": list(FLEET_PLACE),
            },
            "thames-civic-data": {
                "name": "Thames Civic Data Trust",
                "address": "20 Bank End, London SE1 9DP",
                "geo": [51.5065, -0.0937],
            },
        },
    )


FRIDAY = [
    meeting(
        "oluwaseun-adebayo",
        "2027-05-28 11:00",
        location="Smith, Jones & Partners, 1 Fleet Place, 5th floor",
    ),
    meeting("ingrid-sorensen", "2027-05-28 14:00", location=None),
]


def _schedule() -> list[dict[str, object]]:
    """FRIDAY without the factory's default address on Ingrid's meeting: hers is at the company."""
    return [{k: v for k, v in m.items() if v is not None} for m in FRIDAY]


def _row(output: str, name: str) -> str:
    [line] = [line for line in output.splitlines() if name in line]
    return line


def test_a_meeting_with_a_location_but_no_geo_is_at_its_companys_geo(tmp_path: Path) -> None:
    trip = load(_london(tmp_path, _schedule()).root)
    places = {m.person.slug: meeting_place(m) for m in trip.meetings}
    upstairs, downstairs = places["oluwaseun-adebayo"], places["ingrid-sorensen"]
    assert upstairs is not None and downstairs is not None
    assert upstairs.geo == FLEET_PLACE
    assert upstairs.address == "Smith, Jones & Partners, 1 Fleet Place, 5th floor"
    assert upstairs.key == downstairs.key  # the same building: no travel between them


def test_propose_knows_the_travel_after_a_meeting_with_only_a_location(tmp_path: Path) -> None:
    content = _london(tmp_path, _schedule())
    result = Runner().invoke(main, ["propose", str(content.root)])
    assert result.exit_code == 0, result.output
    assert "? (no geo)" not in _row(result.output, "Ingrid Sørensen"), result.output
    assert _row(result.output, "Ingrid Sørensen").rstrip().endswith("—")  # same building
    grace = _row(result.output, "Grace Obi")
    assert "~" in grace and "from Smith, Jones & Partners, 1 Fleet Place, 5th floor" not in grace
    assert "from Smith, Jones & Partners LLP" in grace  # from Ingrid's meeting, at the company


def test_the_place_column_is_never_cut_at_a_comma_in_a_name(tmp_path: Path) -> None:
    content = _london(tmp_path, _schedule())
    result = Runner().invoke(main, ["propose", str(content.root)])
    assert result.exit_code == 0, result.output
    upstairs = _row(result.output, "Oluwaseun")
    # The location as written, cut by the column's width (with an ellipsis), not at a comma.
    assert "Smith, Jones & Partners, 1 Fl…" in upstairs, result.output
    assert "Smith, Jones & Partners LLP" in _row(result.output, "Ingrid Sørensen")


def test_a_location_that_is_the_companys_address_is_named_by_the_company(tmp_path: Path) -> None:
    schedule = _schedule()
    schedule[0]["location"] = "1 Fleet Place,  London EC4M 7WS"  # spacing as typed
    trip = load(_london(tmp_path, schedule).root)
    [upstairs] = [meeting_place(m) for m in trip.meetings if m.person.slug == "oluwaseun-adebayo"]
    assert upstairs is not None and upstairs.name == "Smith, Jones & Partners LLP"


def test_no_request_is_placed_in_berlin_hours_before_an_in_person_meeting_in_zurich(
    tmp_path: Path,
) -> None:
    """The Zürich meeting names its address and its own zone, and its company has the geo: the
    request in Berlin that morning could never make it there by 11:00."""
    content = make_content(
        tmp_path,
        trip=berlin_week(
            start="2027-05-18",
            lodging={
                "name": "Zuhause (Prenzlauer Berg)",
                "address": "Kastanienallee 12, 10435 Berlin",
                "geo": [52.5386, 13.4094],
            },
        ),
        schedule=[
            meeting(
                "beat-zuercher",
                "2027-05-19 11:00",
                timezone="Europe/Zurich",
                location="Hardturmstrasse 161, 8005 Zürich",
            )
        ],
        people={
            "beat-zuercher": person(
                "Dr. Beat Zürcher", "helvetia-daten", outreach={"status": "scheduled"}
            ),
            "sophie-wagner": person(
                "Dr. Sophie Wagner",
                "verkehrsverbund",
                outreach={"status": "asked", "replied_on": "2027-05-03"},
                available=["2027-05-19 08:00-09:00", "2027-05-20 09:00-10:00"],
            ),
        },
        companies={
            "helvetia-daten": {
                "name": "Helvetia Datenwerk AG",
                "short_name": "Datenwerk",
                "address": "Hardturmstrasse 161, 8005 Zürich, Schweiz",
                "geo": [47.3933, 8.5120],
            },
            "verkehrsverbund": {
                "name": "Verkehrsverbund Berlin-Brandenburg",
                "address": "Hardenbergplatz 2, 10623 Berlin",
                "geo": [52.5070, 13.3320],
            },
        },
    )
    trip = content.load()
    proposal = propose_week(trip, build_schedule(trip))
    [placed] = proposal.placed
    assert placed.start.date().isoformat() == "2027-05-20", proposal.rows
    zurich = [row for row in proposal.rows if row.name == "Dr. Beat Zürcher"]
    assert zurich and not zurich[0].unknown  # its travel is estimated, not "? (no geo)"
