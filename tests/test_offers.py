"""From conversations to offers (issue 29), run as a user runs it on tests/fixtures/dublin: the LAMP
list ranked, whom to ask next taken from it, debrief leads becoming opportunities that move from
lead to interviewing, `followup` naming each step on the right business day, response types,
LinkedIn notes within their limit, and located errors for bad values."""

from __future__ import annotations

import re
import shutil
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fixtures.building import Runner
from fixtures.dublin_trip import DUBLIN, LINKEDIN, RANKED, TO_ASK_ORDER

from generator.cli import main


def run(*args: str, env: dict[str, str] | None = None) -> str:
    result = Runner(env=env).invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def headers(text: str) -> list[str]:
    return re.findall(r"^(?:DUE|OVERDUE): (.+)$", text, re.MULTILINE)


@pytest.fixture()
def dublin(tmp_path: Path) -> Path:
    folder = tmp_path / "dublin"
    shutil.copytree(DUBLIN, folder)
    return folder


def set_opportunity(folder: Path, title: str, **fields: str) -> None:
    """Rewrite one opportunities.yaml entry's fields, as the user does when it moves on."""
    path = folder / "opportunities.yaml"
    blocks = re.split(r"(?m)^(?=- title: )", path.read_text(encoding="utf-8"))
    out = []
    for block in blocks:
        if block.startswith(f"- title: {title}\n"):
            for key, value in fields.items():
                if re.search(rf"(?m)^  {key}: ", block):
                    block = re.sub(rf"(?m)^  {key}: .*$", f"  {key}: {value}", block)
                else:
                    block = block.rstrip("\n") + f"\n  {key}: {value}\n"
        out.append(block)
    path.write_text("".join(out), encoding="utf-8")


# ----- targets ------------------------------------------------------------------------------------


def test_targets_lists_sixteen_organisations_ranked_with_who_you_know_and_the_next_step() -> None:
    text = run("targets", str(DUBLIN), "--today", "2027-06-09")
    names = re.findall(r"^ *\d+\. (.+?)  M\d P\d A\d\*?$", text, re.MULTILINE)
    assert names == RANKED
    assert (
        " 2. Kestrel Health  M3 P2 A3*" in text
    )  # advocacy derived: an alum met there, a referral to ask
    assert " 4. Ringsend Robotics  M3 P0 A0\n    next: find someone there" in text
    kestrel = text.split(" 2. Kestrel Health")[1].split(" 3. ")[0]
    assert "know: Ananya Sharma (scheduled, booster), Conor Byrne (to-ask)" in kestrel
    assert (
        "next: tell Ananya Sharma what happened with Product analyst, patient apps (Kestrel "
        "Health) "
        "(due Tue, 8 Jun)" in kestrel
    )
    assert "next: ask Rory Fitzgerald for a conversation" in text


def test_the_network_page_shows_the_same_list_and_whom_to_ask_next_comes_from_it(
    dublin: Path, tmp_path: Path
) -> None:
    run("build", str(dublin), "-o", str(tmp_path / "site"), "--no-pdf", "--quiet")
    page = (tmp_path / "site" / "network.html").read_text(encoding="utf-8")
    targets = page.split('id="targets-h"')[1].split("</ol>")[0]
    assert re.findall(r"<strong>\d+\. (.+?)</strong>", targets) == [
        n.replace("'", "&#39;") for n in RANKED
    ]
    ask = page.split('id="ask-h"')[1]
    latin = [
        name.split("(")[-1].rstrip(")") for name in TO_ASK_ORDER
    ]  # 王磊 is marked up with its language
    assert all(name in ask for name in latin)
    assert sorted(latin, key=ask.index) == latin


def test_propose_places_the_higher_ranked_organisation_first_when_only_one_fits(
    dublin: Path,
) -> None:
    # Priya (Eblana, 15th) and Saoirse (Howth, 13th): same priority and seniority, one window
    # between them.
    # Without the ranking Priya would win on her name.
    for slug in ("priya-raman", "saoirse-doyle"):
        path = dublin / "people" / f"{slug}.yaml"
        text = re.sub(
            r"outreach: \{status: to-ask(, channel: linkedin)?\}",
            r"outreach: {status: asked, asked_on: 2027-05-20, replied_on: 2027-05-21\1}",
            path.read_text(),
        )
        text = re.sub(r"seniority: \w+", "seniority: manager", text)
        path.write_text(text + 'available: ["2027-06-09 14:00-14:45"]\n', encoding="utf-8")
    text = run("propose", str(dublin))
    assert re.search(r"14:00-14:45  \+ Saoirse Doyle", text)
    assert (
        "Priya Raman: the only window offered, Wed, 9 Jun 14:00-14:45, overlaps Saoirse Doyle"
        in text
    )


def test_with_nobody_else_there_the_clock_offers_the_next_target(dublin: Path) -> None:
    text = run("followup", str(dublin), "--today", "2027-06-09 12:00")
    block = text.split("OVERDUE: Ask a second person: Lukas Becker, Spire Payments")[1].split(
        "-" * 72
    )[0]
    assert "meanwhile ask Conor Byrne at Kestrel Health, next on your target list" in block
    assert "LinkedIn connection note from https://www.linkedin.com/in/conor-byrne-example" in block
    assert "Hi Conor, Ananya Sharma suggested I reach out." in block


@pytest.mark.parametrize(
    ("added", "advocacy"),
    [
        ([], "A1*"),  # only a cold contact
        (["alumni"], "A2*"),  # a warm tie
        (["alumni", "classmate"], "A3*"),  # two warm ties: one more
        (["friend"], "A3*"),  # a close tie
        (["friend-declined"], "A1*"),  # a friend who said no vouches for no one
    ],
)
def test_advocacy_is_derived_from_who_you_know_there_and_how_close(
    dublin: Path, added: list[str], advocacy: str
) -> None:
    for n, kind in enumerate(added):
        kind, _, declined = kind.partition("-")
        (dublin / "people" / f"extra-{n}.yaml").write_text(
            f"name: Extra Person {n}\ncompany: wicklow-climate-collective\n"
            f"connection: {{kind: {kind}}}\n"
            + (
                "outreach: {status: declined, asked_on: 2027-06-01, replied_on: 2027-06-02}\n"
                if declined
                else ""
            ),
            encoding="utf-8",
        )
    text = run("targets", str(dublin), "--today", "2027-06-09")
    assert re.search(rf"(?m)^\d+\. Wicklow Climate Collective  M0 P0 {re.escape(advocacy)}$", text)


@pytest.mark.parametrize(
    ("replied", "kind"), [("2027-06-09", "booster"), ("2027-06-10", "obligate")]
)
def test_three_business_days_make_a_booster_and_the_bank_holiday_does_not_count(
    dublin: Path, replied: str, kind: str
) -> None:
    # Asked Thursday 3 June in the morning: Fri 4, (Mon 7 is a holiday), Tue 8, Wed 9 are the three
    # business days.
    path = dublin / "people" / "priya-raman.yaml"
    path.write_text(
        path.read_text().replace(
            "outreach: {status: to-ask}",
            f"outreach: {{status: asked, asked_on: 2027-06-03 09:00, replied_on: {replied}}}",
        )
    )
    as_of = str(int(datetime(2027, 6, 20, 12, tzinfo=timezone.utc).timestamp()))
    row = next(
        line
        for line in run("who", str(dublin), "eblana", env={"SOURCE_DATE_EPOCH": as_of}).splitlines()
        if "Priya Raman" in line
    )
    assert kind in row


# ----- opportunities ------------------------------------------------------------------------------


def test_followup_names_each_opportunity_step_on_its_business_day(dublin: Path) -> None:
    # Referred on Friday 4 June; Monday 7 June is a bank holiday: tell Ananya on Tuesday 8 June.
    assert "Opportunity: Product analyst, patient apps, Kestrel Health" not in headers(
        run("followup", str(dublin), "--today", "2027-06-05")
    )
    on_tuesday = run("followup", str(dublin), "--today", "2027-06-08")
    assert "Opportunity: Product analyst, patient apps, Kestrel Health" in headers(on_tuesday)
    block = on_tuesday.split("DUE: Opportunity: Product analyst, patient apps, Kestrel Health")[
        1
    ].split("-" * 72)[0]
    assert (
        "Tell Ananya Sharma what happened with Product analyst, patient apps (Kestrel Health)"
        in block
    )
    assert "Heard of it from: Ananya Sharma, Wed, 2 Jun" in block
    assert (
        "Subject: An update on Product analyst, patient apps" in block
        and "Then set told_on" in block
    )
    # She is told; the check-in window runs 7-10 business days after the referral: 16 to 21 June.
    set_opportunity(dublin, "Product analyst, patient apps", told_on="2027-06-08")
    assert not [
        h for h in headers(run("followup", str(dublin), "--today", "2027-06-15")) if "Kestrel" in h
    ]
    # An application sent through a job board involves nobody in people/: its check-in is listed all
    # the same.
    assert "Opportunity: Data engineer, payments risk, Spire Payments" in headers(
        run("followup", str(dublin), "--today", "2027-06-09")
    )
    due = run("followup", str(dublin), "--today", "2027-06-16")
    assert "DUE: Opportunity: Product analyst, patient apps, Kestrel Health" in due
    assert "Referred since Fri, 4 Jun · Wed, 16 Jun to Mon, 21 Jun" in due
    assert "Check in with Ananya Sharma on Product analyst, patient apps (Kestrel Health)" in due
    assert "DUE: Opportunity: Product analyst, patient apps, Kestrel Health" in run(
        "followup", str(dublin), "--today", "2027-06-21"
    )
    assert "OVERDUE: Opportunity: Product analyst, patient apps, Kestrel Health" in run(
        "followup", str(dublin), "--today", "2027-06-22"
    )


def test_a_lead_moves_to_interviewing(dublin: Path) -> None:
    listed = run("followup", str(dublin), "--today", "2027-06-09")
    assert re.search(
        r"(?m)^  lead +Graduate risk analyst programme \(Harbourline Bank\): "
        r"next, apply for .*, Wed, 30 Jun$",
        listed,
    )
    # Applied on 10 June: the user tracks it in opportunities.yaml (the debrief's lead is the same
    # opportunity).
    (dublin / "opportunities.yaml").write_text(
        (dublin / "opportunities.yaml").read_text() + "- title: Graduate risk analyst programme\n"
        "  organisation: harbourline-bank\n  status: applied\n  since: 2027-06-10\n"
        "  via: seun-adebayo\n",
        encoding="utf-8",
    )
    applied = run("followup", str(dublin), "--today", "2027-06-11")
    assert re.search(
        r"(?m)^  applied +Graduate risk analyst programme \(Harbourline Bank\): "
        r"next, tell Mr\. Oluwaseun Adebayo",
        applied,
    )
    set_opportunity(
        dublin,
        "Graduate risk analyst programme",
        status="interviewing",
        since="2027-06-21",
        next="2027-06-24",
        told_on="2027-06-21",
    )
    interviewing = run("followup", str(dublin), "--today", "2027-06-24")
    assert "DUE: Opportunity: Graduate risk analyst programme, Harbourline Bank" in interviewing
    assert "Interview for Graduate risk analyst programme (Harbourline Bank)" in interviewing
    assert "Interviewing since Mon, 21 Jun · Thu, 24 Jun" in interviewing


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [v for k, v in attrs if k == "href" and v]


def test_opportunities_page_shows_each_open_one_with_its_step_and_conversations(
    dublin: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    run("build", str(dublin), "-o", str(site), "--no-pdf", "--quiet")
    page = (site / "opportunities.html").read_text(encoding="utf-8")
    open_part, closed_part = page.split('id="closed-h"')
    for title in (
        "Product analyst, patient apps",
        "Senior data analyst, public sector",
        "Data engineer, payments risk",
        "Graduate risk analyst programme",
        "Data platform team",
        "Digital analytics team",
    ):
        assert title in open_part
    assert (
        "Sequencing pipeline pilot" in closed_part and "Sequencing pipeline pilot" not in open_part
    )
    assert (
        "Take up the referral Ananya Sharma offered by" not in page
    )  # referred: the lead step is behind it
    assert "Check in with Ananya Sharma between Wed, 16 Jun and Mon, 21 Jun" in page
    assert "Interview on Thu, 17 Jun" in page
    links = _Links()
    links.feed(page)
    assert "meetings/2027-06-02-ananya-sharma/index.html" in links.hrefs
    assert all(
        (site / h.split("#")[0]).is_file()
        for h in links.hrefs
        if not h.startswith(("http", "mailto", "#"))
    )
    assert 'href="opportunities.html" aria-current="page"' in page
    assert 'href="opportunities.html"' in (site / "index.html").read_text(encoding="utf-8")


def test_thanks_and_keep_in_touch_say_where_a_lead_stands() -> None:
    text = run("followup", str(DUBLIN), "--today", "2027-06-05")
    seun = text.split("Thank-you: Mr. Oluwaseun Adebayo")[1].split("-" * 72)[0]
    assert (
        "Thank you too for telling me about the Graduate risk analyst programme "
        "at Harbourline Bank: "
        "I am preparing my application, and will let you know how it goes."
    ) in seun
    ping = run("followup", str(DUBLIN), "--today", "2027-07-03").split(
        "Keep in touch: Ananya Sharma"
    )[1]
    assert (
        "your advice stayed with me, “Apply through the referral link, not the careers page.”"
        in ping
    )
    assert (
        "As for the Product analyst, patient apps role at Kestrel Health you told me about, "
        "I was referred on Friday 4 June." in ping
    )


# ----- response types -----------------------------------------------------------------------------


def test_who_shows_each_response_type() -> None:
    as_of = str(
        int(datetime(2027, 6, 9, 12, tzinfo=timezone.utc).timestamp())
    )  # `who` is as of now
    text = run("who", str(DUBLIN), env={"SOURCE_DATE_EPOCH": as_of})
    rows = {
        line.split("  ")[1].strip(): line for line in text.splitlines() if line.startswith("  ")
    }
    assert "booster" in rows["Dr. Siobhán Ní Bhraonáin"]  # replied in 2 business days
    assert "obligate" in rows["Tomasz Wiśniewski"]  # replied after 10
    assert "curmudgeon" in rows["Lukas Becker"]  # status no-reply
    assert "curmudgeon" in rows["Niamh Kavanagh"]  # asked 14 May, nothing since
    assert not re.search(r"booster|obligate|curmudgeon", rows["Priya Raman"])  # never asked


def test_someone_who_declined_is_no_booster(tmp_path: Path) -> None:
    """A quick no was labelled "declined booster" in `who` and on the network page."""
    content = tmp_path / "trip"
    shutil.copytree(DUBLIN, content)
    person = next((content / "people").glob("*siobh*.yaml"))
    person.write_text(
        person.read_text(encoding="utf-8").replace("status: scheduled", "status: declined"),
        encoding="utf-8",
    )
    as_of = str(int(datetime(2027, 6, 9, 12, tzinfo=timezone.utc).timestamp()))
    text = run("who", str(content), env={"SOURCE_DATE_EPOCH": as_of})
    row = next(line for line in text.splitlines() if "Siobhán" in line)
    assert "declined" in row and "booster" not in row, row


# ----- LinkedIn -----------------------------------------------------------------------------------


def test_every_linkedin_note_fits_its_limit_and_premium_raises_it(
    dublin: Path, tmp_path: Path
) -> None:
    run("build", str(dublin), "-o", str(tmp_path / "a"), "--no-pdf", "--quiet")
    page = (tmp_path / "a" / "network.html").read_text(encoding="utf-8")
    counts = [
        (int(n), int(limit))
        for n, limit in re.findall(r"LinkedIn note: (\d+) / (\d+) characters", page)
    ]
    # One note per person still to ask on LinkedIn (and again where the outreach clock suggests
    # them).
    assert len(counts) >= len(LINKEDIN) and all(
        limit == 200 and 0 < n <= 200 for n, limit in counts
    )
    for slug in LINKEDIN[:3]:  # Saoirse's profile is not known: her note has no profile button
        assert f'href="https://www.linkedin.com/in/{slug}-example"' in page
    assert "Open in your mail app" in page  # e-mail stays the default for everyone else
    trip = dublin / "trip.yaml"
    trip.write_text(
        trip.read_text().replace("linkedin_premium: false", "linkedin_premium: true"),
        encoding="utf-8",
    )
    run("build", str(dublin), "-o", str(tmp_path / "b"), "--no-pdf", "--quiet")
    premium = (tmp_path / "b" / "network.html").read_text(encoding="utf-8")
    assert re.findall(r"LinkedIn note: \d+ / (\d+) characters", premium) and set(
        re.findall(r"LinkedIn note: \d+ / (\d+) characters", premium)
    ) == {"300"}


def test_a_long_name_gets_the_brief_note_and_an_overlong_template_is_a_located_warning(
    dublin: Path,
) -> None:
    company = dublin / "companies" / "grand-canal-software.yaml"
    company.write_text(
        company.read_text().replace(
            "name: Grand Canal Software",
            "name: Grand Canal Dock Software Engineering and Data Platforms Group",
        )
    )
    check = Runner().invoke(main, ["check", str(dublin), "--today", "2027-05-01"])
    assert "LinkedIn note to Rory Fitzgerald" not in check.output  # the brief version fits
    (dublin / "templates" / "drafts").mkdir(parents=True)
    (dublin / "templates" / "drafts" / "linkedin.txt").write_text(
        "Hi {{ draft.greeting }}, "
        + "I would love to hear about your work and your path into it. " * 4
        + "Coffee?\n"
    )
    check = Runner().invoke(main, ["check", str(dublin), "--today", "2027-05-01"])
    line = next(x for x in check.output.splitlines() if "LinkedIn note to Rory Fitzgerald" in x)
    assert line.startswith(f"{dublin}/people/rory-fitzgerald.yaml:7: warning:")
    assert "characters: a LinkedIn connection note takes at most 200" in line


def test_linkedin_counts_characters_as_its_box_does() -> None:
    from generator.render.drafts import linkedin_length

    assert linkedin_length("Hi Seán, coffee?") == 16  # spaces and accents count one each
    # a line break is one character; the trailing one is not sent
    assert linkedin_length("a\r\nb\n") == 3
    assert linkedin_length("👋 Hi") == 5  # outside the BMP: two, as a browser's maxlength counts


# ----- bad values ---------------------------------------------------------------------------------


def test_bad_values_are_located_errors_and_nothing_is_written(dublin: Path, tmp_path: Path) -> None:
    edits = {
        "companies/liffey-analytics.yaml": ("motivation: 3", "motivation: 5"),
        "people/rory-fitzgerald.yaml": ("channel: linkedin", "channel: fax"),
        "opportunities.yaml": ("status: interviewing", "status: interview"),
        "schedule.yaml": ("kind: project", "kind: projekt"),
        "trip.yaml": ("linkedin_premium: false", 'linkedin_premium: "yes"'),
    }
    for rel, (old, new) in edits.items():
        path = dublin / rel
        path.write_text(path.read_text().replace(old, new, 1), encoding="utf-8")
    opportunities = dublin / "opportunities.yaml"
    text = opportunities.read_text().replace("via: meabh-oreilly", "via: meabh-oreily")
    opportunities.write_text(
        text.replace("organisation: kestrel-health", "organisation: kestral-health")
    )
    schedule = dublin / "schedule.yaml"
    text = schedule.read_text().replace(
        "organisation: harbourline-bank", "organisation: harborline-bank"
    )
    schedule.write_text(text)
    result = Runner().invoke(main, ["build", str(dublin), "-o", str(tmp_path / "out"), "--no-pdf"])
    assert result.exit_code == 1
    errors = [
        line
        for line in result.stderr.splitlines()
        if ": error: " in line or re.match(r".+:\d+: ", line)
    ]
    expected = [
        f"{dublin}/companies/liffey-analytics.yaml:6: ",
        f"{dublin}/people/rory-fitzgerald.yaml:7: ",
        f"{dublin}/opportunities.yaml:3: ",  # kestral-health: did you mean kestrel-health?
        f"{dublin}/opportunities.yaml:10: ",
        f"{dublin}/schedule.yaml:53: ",  # a lead's harborline-bank
        f"{dublin}/opportunities.yaml:24: ",
        f"{dublin}/schedule.yaml:45: ",
        f"{dublin}/trip.yaml:14: ",
    ]
    for where in expected:
        assert any(line.startswith(where) for line in errors), (where, errors)
    assert "did you mean 'meabh-oreilly'" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_the_calendar_carries_each_open_opportunity_step_as_a_todo(tmp_path: Path) -> None:
    import icalendar

    run("build", str(DUBLIN), "-o", str(tmp_path / "site"), "--no-pdf", "--quiet")
    calendar = icalendar.Calendar.from_ical((tmp_path / "site" / "itinerary.ics").read_bytes())
    todos = {
        str(t["SUMMARY"]): t["DUE"].dt
        for t in calendar.walk("VTODO")
        if "what happened" in t["SUMMARY"]
        or str(t["SUMMARY"]).startswith(("Check in", "Apply", "Interview", "Follow up on"))
    }
    tell = "Tell Ananya Sharma what happened with Product analyst, patient apps (Kestrel Health)"
    assert todos[tell].isoformat() == "2027-06-08"  # the next business day after Fri 4 June
    assert (
        todos["Interview for Senior data analyst, public sector (Liffey Analytics)"].isoformat()
        == "2027-06-17"
    )
    assert (
        todos["Apply for Graduate risk analyst programme (Harbourline Bank)"].isoformat()
        == "2027-06-30"
    )
    # The Beacon pilot is closed, but Méabh has not been told yet.
    assert any(s.startswith("Tell Dr. Méabh O'Reilly what happened") for s in todos)
