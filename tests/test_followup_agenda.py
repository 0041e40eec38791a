"""`infoprep followup --today` lists every step due on that day, in date order, with drafts; the calendar carries
the same steps as to-dos; cards are counted on the day's plan and listed until posted; pings come round."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import icalendar
from fixtures.building import Runner, build_options
from fixtures.mini_trip import edit
from fixtures.seattle_trip import SEATTLE

from generator.build import build
from generator.cli import main


def followup(content: Path, today: str) -> str:
    result = Runner().invoke(main, ["followup", str(content), "--today", today])
    assert result.exit_code == 0, result.output
    return result.stdout


def headers(text: str) -> list[str]:
    return re.findall(r"^(?:DUE|OVERDUE): (.+)$", text, re.MULTILINE)


def test_every_step_due_in_date_order_and_nobody_with_nothing_due() -> None:
    text = followup(SEATTLE, "2027-06-08 12:00")
    assert text.splitlines()[0].startswith(
        "Follow-ups as of Tuesday, June 8, 2027, 12:00 PDT: 7 due (4 overdue): 2 second people to "
        "ask, 1 nudge, 1 promise, 3 thank-yous"
    )
    assert headers(text) == [
        "Ask a second person: Kofi Mensah, Rainier Analytics",  # Wed May 26
        "Nudge: Kofi Mensah, Rainier Analytics",  # Wed Jun 2
        "Ask a second person: 박재원 Jae-won Park, Puget Sound Transit Lab",  # Fri Jun 4
        "Promise: Dr. Meera Raghunathan, Clearwater Reuse",  # Tue Jun 8 (with the thank-you)
        "Thank-you: Dr. Meera Raghunathan, Clearwater Reuse",  # Tue Jun 8 10:45
        "Thank-you: Aisling Ní Bhriain",  # Wed Jun 9 09:15
        "Thank-you: Dana Whitehorse",  # Wed Jun 9 10:45
    ]
    assert "Ben Oduya" not in text
    blocks = text.split("-" * 72)
    # Nobody else at Rainier is in people/: the next person at the highest-ranked organisation is
    # offered instead (she has nothing due herself, so she has no block of her own).
    assert [b for b in blocks if "Lucía" in b] == [
        next(b for b in blocks if "Ask a second person: Kofi" in b)
    ]
    second = next(b for b in blocks if "Ask a second person: 박재원" in b)
    assert (
        "To: tomasz@example.edu" in second
        and "Dear Tomasz," in second
        and "Others still to ask there: Siobhán Kelleher" in second
    )
    nudge = next(b for b in blocks if "Nudge: Kofi" in b)
    assert (
        "Dear Kofi,\n\nI wanted to follow up on my note of Friday, May 21" in nudge
        and "Then set outreach.nudged_on" in nudge
    )
    card = next(b for b in blocks if "Thank-you: Dr. Meera" in b)
    assert (
        "The card (to Dr. Meera Raghunathan, 2207 Eastlake Ave E, Seattle, WA 98102):" in card
        and "Subject:" not in card
    )


def test_before_anything_is_sent_nothing_is_due() -> None:
    assert followup(SEATTLE, "2027-05-03").startswith(
        "Nothing due as of Monday, May 3, 2027 (5 meetings still ahead)"
    )


def test_pings_come_round_from_the_latest_contact(tmp_path: Path) -> None:
    september = followup(SEATTLE, "2027-09-08")
    ping = [h for h in headers(september) if h.startswith("Keep in touch")]
    assert ping == [
        "Keep in touch: Aisling Ní Bhriain",
        "Keep in touch: Dr. Meera Raghunathan, Clearwater Reuse",
    ]  # Jul 20, Sep 8
    assert "Quarterly · last meeting Tue, Jun 8 · due Wed, Sep 8" in september
    content = tmp_path / "seattle"
    shutil.copytree(SEATTLE, content)
    edit(
        content / "people" / "meera-raghunathan.yaml",
        "keep_in_touch: quarterly\n",
        "keep_in_touch: quarterly\nlast_contact: 2027-09-01\n",
    )
    assert "Keep in touch: Dr. Meera" not in followup(content, "2027-09-08")


def _built(content: Path, output: Path, today: date, cache: Path) -> None:
    """The trip's site without PDFs, as it stands on `today`."""
    build(
        build_options(
            content=content,
            output=output,
            pdf=False,
            today=today,
            quiet=True,
            environ={},
            cache=cache,
        )
    )


def test_cards_on_the_days_plan_and_until_posted(tmp_path: Path) -> None:
    content = tmp_path / "seattle"
    shutil.copytree(SEATTLE, content)
    output = tmp_path / "site"
    _built(content, output, date(2027, 6, 9), tmp_path / "c")
    home = (output / "index.html").read_text(encoding="utf-8")
    monday = home.split('id="day-2027-06-07"')[1].split('id="day-2027-06-08"')[0]
    assert (
        "Write 1 card tonight: Dr. Meera Raghunathan." in monday
        and "1 thank-you card and 1 stamp, for tonight" in monday
    )
    tuesday = home.split('id="day-2027-06-08"')[1].split('id="day-2027-06-09"')[0]
    assert "Write 1 card tonight: Aisling Ní Bhriain." in tuesday
    page = (output / "followups.html").read_text(encoding="utf-8")
    cards = page.split('id="cards-h"')[1].split("</section>")[0]
    assert (
        "Cards to post before you leave Seattle" in page
        and "Dr. Meera Raghunathan" in cards
        and "Aisling" in cards
    )
    edit(
        content / "schedule.yaml",
        "    channel: card\n",
        "    channel: card\n    mailed_on: 2027-06-08\n",
    )
    _built(content, output, date(2027, 6, 9), tmp_path / "c")
    page = (output / "followups.html").read_text(encoding="utf-8")
    assert "Dr. Meera Raghunathan" not in page.split('id="cards-h"')[1].split("</section>")[0]
    sent = page.split('id="fu-sent"')[1].split("</section>")[0]
    assert "Dr. Meera Raghunathan" in sent  # a card-only thank-you is sent once posted
    assert "Met Mon, Jun 7" not in followup(content, "2027-06-09")


def test_the_calendar_carries_the_steps_as_to_dos_with_a_due_date(tmp_path: Path) -> None:
    output = tmp_path / "site"
    _built(SEATTLE, output, date(2027, 6, 7), tmp_path / "c")
    calendar = icalendar.Calendar.from_ical((output / "itinerary.ics").read_bytes())
    todos = {str(t["summary"]): t for t in calendar.walk("VTODO")}
    due = {summary: t.decoded("due") for summary, t in todos.items()}
    assert due["Nudge 박재원 Jae-won Park: one short, polite follow-up to the request"] == date(
        2027, 6, 10
    )
    assert due[
        "Ask a second person at Puget Sound Transit Lab: Tomasz Zieliński, Lab Director"
    ] == date(2027, 6, 4)
    assert due["Keep your promise to Dr. Meera Raghunathan: Send my flow data and the model"] == (
        date(2027, 6, 9)
    )
    meera = todos["Get back in touch with Dr. Meera Raghunathan"]
    assert meera.decoded("due") == date(2027, 9, 8)
    assert str(meera["description"]).startswith("Quarterly · last meeting ")
    aisling = todos["Get back in touch with Aisling Ní Bhriain"]
    assert aisling.decoded("due") == date(2027, 7, 20)
    assert str(aisling["description"]).startswith("Every 6 weeks · last ")
    uids = [str(t["uid"]) for t in calendar.walk("VTODO")]
    assert len(uids) == len(set(uids))


def test_the_sample_trip_warns_only_about_what_is_due_then() -> None:
    from fixtures.mini_trip import SAMPLE

    before = Runner().invoke(main, ["check", str(SAMPLE), "--today", "2027-03-01"])
    assert "0 errors, 0 warnings" in before.stdout, before.stderr
    friday = (
        Runner().invoke(main, ["check", str(SAMPLE), "--today", "2027-03-12"]).stderr.splitlines()
    )
    issue_16 = [line for line in friday if "business day" in line or "promise to" in line]
    assert [line.split(": warning: ")[0] for line in issue_16] == [
        f"{SAMPLE}/people/marisol-vega.yaml:10",
        f"{SAMPLE}/schedule.yaml:29",
    ]


def test_a_new_trip_drafts_pass_the_lint(tmp_path: Path) -> None:
    assert Runner().invoke(main, ["new", str(tmp_path / "trip")]).exit_code == 0
    result = Runner().invoke(main, ["check", str(tmp_path / "trip"), "--today", "2027-03-01"])
    assert "the request to" not in result.stderr and "the nudge to" not in result.stderr
