"""Family "YAML and models": every broken file is refused with `path:line: error: message`, exit 1,
no traceback, the previous output byte-identical and nothing else touched.

Each case edits one file of a copy of the small trip and runs `infoprep build content -o out --no-pdf`
(build reads and validates everything before it writes anything, so it is the strictest command to
run bad input through). Expected lines are derived from the edited file (`@@needle@@` is the line
holding `needle`), never guessed.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

import pytest

from adversarial.helpers import Guard, Workspace, cli, printed, refused

BUILD = ("build", "content", "-o", "out", "--no-pdf")


@dataclass(frozen=True)
class Case:
    id: str
    rel: str
    old: str | None
    """Snippet to replace; None: `new` is the whole file."""
    new: str | bytes
    expect: str
    """Start of the expected stderr line, without the leading `content/`; `@@needle@@` is a line number."""
    marks: tuple = field(default=())

    def apply(self, ws: Workspace) -> None:
        if self.old is None:
            ws.write(self.rel, self.new)
        else:
            assert isinstance(self.new, str)
            ws.edit(self.rel, self.old, self.new)

    def expected(self, ws: Workspace) -> str:
        rel = self.expect.split(":", 1)[0]
        return "content/" + re.sub(
            r"@@(.+?)@@", lambda m: str(ws.line(rel, m.group(1))), self.expect
        )


def case(
    id: str, rel: str, old: str | None, new: str | bytes, expect: str, *marks: object
) -> object:
    return pytest.param(Case(id, rel, old, new, expect), id=id, marks=marks)


def bug(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(reason=f"BUG: {reason}", strict=True)


TRIP_TEXT = """title: T
city: C
timezone: UTC
start: 2027-05-10
end: 2027-05-10
traveler:
  name: R
"""

# ---- syntax --------------------------------------------------------------------------------------

SYNTAX = [
    case(
        "tab-indent",
        "trip.yaml",
        "  name: Robin Quill",
        "\tname: Robin Quill",
        "trip.yaml:@@name: Robin Quill@@: error: invalid YAML: a tab character",
    ),
    case(
        "bad-indent",
        "trip.yaml",
        "  email: robin",
        "   email: robin",
        "trip.yaml:@@email: robin@@: error: invalid YAML",
    ),
    case(
        "unclosed-flow-list",
        "trip.yaml",
        "city: Boston",
        "city: [Boston",
        "trip.yaml:@@city: [Boston@@: error: invalid YAML",
    ),
    case(
        "unclosed-quote",
        "companies/harbor-analytics.yaml",
        "name: Harbor Analytics",
        'name: "Harbor Analytics',
        'companies/harbor-analytics.yaml:@@name: "Harbor@@: error: invalid YAML: a quote opened '
        "here is never closed",
    ),
    case(
        "unclosed-single-quote",
        "trip.yaml",
        "title: Adversarial test week",
        "title: 'Adversarial test week",
        "trip.yaml:@@title: 'Adversarial@@: error: invalid YAML: a quote opened here is never "
        "closed",
    ),
    case(
        "several-documents",
        "trip.yaml",
        "city: Boston\n",
        "city: Boston\n---\ncity: Cambridge\n",
        "trip.yaml:@@---@@: error: invalid YAML: the file holds several YAML documents (---); "
        "keep one",
    ),
    case(
        "empty-file",
        "people/kim-park.yaml",
        None,
        "",
        "people/kim-park.yaml:1: error: the file is empty",
    ),
    case(
        "only-comments",
        "people/kim-park.yaml",
        None,
        "# nothing yet\n",
        "people/kim-park.yaml:1: error: the file is empty",
    ),
    case(
        "list-for-mapping",
        "trip.yaml",
        None,
        "- title\n- city\n",
        "trip.yaml:1: error: expected a mapping of keys to values here, found a list",
    ),
    case(
        "nested-list-for-mapping",
        "schedule.yaml",
        "  travel: 15",
        "  travel: 15\n  follow_up:\n    - pending",
        "schedule.yaml:@@follow_up@@: error: follow_up: should be a valid dictionary",
    ),
    case(
        "scalar-for-mapping",
        "people/kim-park.yaml",
        None,
        "Kim Park\n",
        "people/kim-park.yaml:1: error: expected a mapping of keys to values here, found the "
        "value 'Kim Park'",
    ),
    case(
        "mapping-for-list",
        "schedule.yaml",
        None,
        "person: jose-alvarez\nstart: 2027-05-10 10:00\n",
        "schedule.yaml:1: error: expected a list of items (each starting with '- '), found a "
        "mapping",
    ),
    case(
        "scalar-item-in-list",
        "schedule.yaml",
        "- person: jose-alvarez",
        "- just text\n- person: jose-alvarez",
        "schedule.yaml:@@just text@@: error: expected a mapping of keys to values here, found the "
        "value 'just text'",
    ),
    case(
        "invalid-utf8",
        "trip.yaml",
        None,
        TRIP_TEXT.replace("city: C", "city: Bost\xf6n").encode("latin-1"),
        "trip.yaml:2: error: the file is not valid UTF-8 text; save it as UTF-8",
    ),
    case(
        "utf16",
        "trip.yaml",
        None,
        TRIP_TEXT.encode("utf-16"),
        "trip.yaml:1: error: the file is not valid UTF-8 text",
    ),
    case(
        "nul-byte",
        "trip.yaml",
        "city: Boston",
        "city: Bos\0ton",
        "trip.yaml:@@city: Bos@@: error: invalid YAML",
    ),
    case(
        "escape-char",
        "people/kim-park.yaml",
        "name: Kim Park",
        "name: Kim \x1b[31mPark",
        "people/kim-park.yaml:@@name: Kim@@: error: invalid YAML",
    ),
    case(
        "mapping-as-key",
        "trip.yaml",
        "city: Boston",
        "? {a: b}\n: Boston",
        "trip.yaml:@@? {a: b}@@: error: a mapping key must be plain text",
    ),
    case(
        "over-two-megabytes",
        "people/kim-park.yaml",
        None,
        "name: Kim\n# " + "x" * 2_000_001 + "\n",
        "people/kim-park.yaml:1: error: the file is 2,000,014 bytes; the limit is 2,000,000",
    ),
    case(
        "nested-60-levels",
        "trip.yaml",
        "city: Boston",
        "city: " + "[" * 70 + "]" * 70,
        "trip.yaml:@@city: [[[@@: error: nested more than 60 levels deep",
    ),
    case(
        "nested-100000-levels",
        "trip.yaml",
        "city: Boston",
        "city: " + "[" * 100_000 + "]" * 100_000,
        "trip.yaml:@@city: [[[@@: error: invalid YAML: nested too deeply",
    ),
]

# ---- duplicates, unknown keys, wrong types, missing fields ---------------------------------------

KEYS = [
    case(
        "duplicate-top",
        "trip.yaml",
        "city: Boston",
        "city: Boston\ncity: Cambridge",
        "trip.yaml:@@city: Cambridge@@: error: duplicate key 'city' (first given on line @@city: "
        "Boston@@)",
    ),
    case(
        "duplicate-nested",
        "trip.yaml",
        "  email: robin.quill@example.com",
        "  email: robin.quill@example.com\n  name: Bob",
        "trip.yaml:@@name: Bob@@: error: duplicate key 'name' (first given on line @@name: Robin "
        "Quill@@)",
    ),
    case(
        "duplicate-in-list-item",
        "schedule.yaml",
        "  travel: 15",
        "  travel: 15\n  start: 2027-05-10 11:00",
        "schedule.yaml:@@11:00@@: error: duplicate key 'start' (first given on line @@10:00@@)",
    ),
    case(
        "duplicate-number-keys",
        "trip.yaml",
        "city: Boston",
        "city: Boston\n1: a\n01: b",
        "trip.yaml:@@1: a@@: error: unknown key '1'",
    ),
    case(
        "unknown-close",
        "trip.yaml",
        "city: Boston",
        "cty: Boston",
        "trip.yaml:@@cty: Boston@@: error: unknown key 'cty' (did you mean 'city'?)",
    ),
    case(
        "unknown-nested",
        "trip.yaml",
        "  name: Robin Quill",
        "  nmae: Robin Quill",
        "trip.yaml:@@nmae: Robin Quill@@: error: unknown key 'nmae' (did you mean 'name'?)",
    ),
    case(
        "unknown-in-meeting",
        "schedule.yaml",
        "  travel: 15",
        "  travel: 15\n  duraton: 30",
        "schedule.yaml:@@duraton@@: error: unknown key 'duraton' (did you mean 'duration'?)",
    ),
    case(
        "unknown-far",
        "people/kim-park.yaml",
        "title: Transit Analyst",
        "title: Transit Analyst\nshoe_size: 42",
        "people/kim-park.yaml:@@shoe_size@@: error: unknown key 'shoe_size'; allowed keys: name, "
        "greeting, title, company",
    ),
    case(
        "missing-top",
        "trip.yaml",
        "city: Boston\n",
        "",
        "trip.yaml:@@title:@@: error: missing required key 'city'",
    ),
    case(
        "missing-nested",
        "trip.yaml",
        "  name: Robin Quill\n",
        "",
        "trip.yaml:@@traveler:@@: error: missing required key 'name' in traveler",
    ),
    case(
        "missing-in-meeting",
        "schedule.yaml",
        "- person: jose-alvarez\n  start:",
        "- start:",
        "schedule.yaml:@@- start:@@: error: missing required key 'person'",
    ),
    case(
        "missing-in-news",
        "companies/harbor-analytics.yaml",
        "    title: Won the regional bus redesign contract\n",
        "",
        "companies/harbor-analytics.yaml:@@- date: 2027-02-01@@: error: missing required key "
        "'title' in news[0]",
    ),
    case(
        "wrong-type-int",
        "schedule.yaml",
        "  travel: 15",
        "  travel: fifteen",
        "schedule.yaml:@@fifteen@@: error: travel: a whole number of minutes, such as 20, not "
        "'fifteen'",
    ),
    case(
        "wrong-type-list",
        "people/jose-alvarez.yaml",
        "talking_points:\n  - Both worked on bus network redesigns",
        "talking_points: Both worked on bus network redesigns",
        "people/jose-alvarez.yaml:@@talking_points@@: error: talking_points: should be a valid "
        "list",
    ),
    case(
        "wrong-type-mapping",
        "people/jose-alvarez.yaml",
        "connection:\n  via: kim-park\n  kind: referral\n  note: Kim's manager",
        "connection: Kim",
        "people/jose-alvarez.yaml:@@connection@@: error: connection: should be a valid dictionary",
    ),
    case(
        "wrong-type-enum",
        "people/kim-park.yaml",
        "seniority: peer",
        "seniority: intern",
        "people/kim-park.yaml:@@seniority@@: error: seniority: should be 'decision-maker', "
        "'manager', 'staff' or 'peer'",
    ),
    case(
        "wrong-type-bool",
        "trip.yaml",
        "defaults:",
        "site:\n  private: yes\ndefaults:",
        "trip.yaml:@@private: yes@@: error: site.private: true or false, not 'yes'",
    ),
    case(
        "wrong-type-null-name",
        "people/kim-park.yaml",
        "name: Kim Park",
        "name: ~",
        "people/kim-park.yaml:@@name: ~@@: error: name: should be a valid string",
    ),
    case(
        "wrong-type-url",
        "companies/harbor-analytics.yaml",
        "website: https://harbor.example",
        "website: javascript:alert(1)",
        "companies/harbor-analytics.yaml:@@website@@: error: website: should be a web address "
        "starting with https://",
    ),
    case(
        "wrong-tuple-length",
        "trip.yaml",
        "per_day: [1, 3]",
        "per_day: [1, 3, 5]",
        "trip.yaml:@@per_day@@: error: defaults.per_day",
    ),
    case(
        "text-too-long",
        "people/kim-park.yaml",
        "title: Transit Analyst",
        "title: " + "x" * 2001,
        "people/kim-park.yaml:@@title: xxx@@: error: title: ",
    ),
    case(
        "bool-for-int",
        "trip.yaml",
        "buffer: 30",
        "buffer: true",
        "trip.yaml:@@buffer: true@@: error: defaults.buffer",
    ),
    case(
        "bool-for-count",
        "trip.yaml",
        "min_questions: 3",
        "min_questions: false",
        "trip.yaml:@@min_questions@@: error: defaults.min_questions",
    ),
]

# ---- anchors, aliases and tags -------------------------------------------------------------------

BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)

ALIASES = [
    case(
        "alias",
        "trip.yaml",
        "city: Boston",
        "city: &c Boston\ntheme: *c",
        "trip.yaml:@@theme: *c@@: error: invalid YAML: aliases (*name) are not allowed; write the "
        "value out",
    ),
    case(
        "merge-key",
        "people/kim-park.yaml",
        None,
        "base: &b {name: Kim}\n<<: *b\n",
        "people/kim-park.yaml:2: error: invalid YAML: aliases (*name) are not allowed",
    ),
    case(
        "python-object",
        "trip.yaml",
        "city: Boston",
        'city: !!python/object/apply:os.system ["touch pwned"]',
        "trip.yaml:@@city: !!python@@: error: YAML tags such as "
        "'tag:yaml.org,2002:python/object/apply:os.system' are not allowed",
    ),
    case(
        "python-name",
        "trip.yaml",
        "city: Boston",
        "city: !!python/name:os.system ''",
        "trip.yaml:@@city: !!python@@: error: YAML tags such as",
    ),
    case(
        "custom-tag",
        "people/kim-park.yaml",
        "name: Kim Park",
        "name: !secret Kim",
        "people/kim-park.yaml:@@name: !secret@@: error: YAML tags such as '!secret'",
    ),
    case(
        "binary-tag",
        "people/kim-park.yaml",
        "name: Kim Park",
        "name: !!binary aGVsbG8=",
        "people/kim-park.yaml:@@binary@@: error: YAML tags such as",
    ),
    case(
        "set-tag",
        "people/kim-park.yaml",
        "name: Kim Park",
        "name: Kim\nextra: !!set {a, b}",
        "people/kim-park.yaml:@@!!set@@: error: YAML tags such as",
    ),
]

# ---- impossible values ---------------------------------------------------------------------------

VALUES = [
    case(
        "month-13",
        "trip.yaml",
        "start: 2027-05-10",
        "start: 2027-13-45",
        "trip.yaml:@@2027-13-45@@: error: start: '2027-13-45' is not a real date (month must be "
        "in 1..12)",
    ),
    case(
        "feb-29",
        "schedule.yaml",
        "2027-05-10 10:00",
        "2027-02-29 10:00",
        "schedule.yaml:@@2027-02-29@@: error: start: '2027-02-29' is not a real date",
    ),
    case(
        "hour-25",
        "schedule.yaml",
        "2027-05-10 10:00",
        "2027-05-10 25:00",
        "schedule.yaml:@@25:00@@: error: start: '25:00' is not a time of day; write it as "
        '"HH:MM", e.g. "09:30"',
    ),
    case(
        "hour-24",
        "schedule.yaml",
        "2027-05-10 10:00",
        "2027-05-10 24:00",
        "schedule.yaml:@@24:00@@: error: start: '24:00' is not a time of day",
    ),
    case(
        "minute-60",
        "schedule.yaml",
        "2027-05-10 10:00",
        "2027-05-10 10:60",
        "schedule.yaml:@@10:60@@: error: start: '10:60' is not a time of day",
    ),
    case(
        "date-only",
        "schedule.yaml",
        "2027-05-10 10:00",
        "2027-05-10",
        "schedule.yaml:@@start:@@: error: start: '2027-05-10' is not a date and time; write it as "
        '"YYYY-MM-DD HH:MM"',
    ),
    case(
        "day-hours-25",
        "trip.yaml",
        'day_hours: ["08:00", "18:30"]',
        'day_hours: ["08:00", "25:00"]',
        "trip.yaml:@@day_hours@@: error: defaults.day_hours[1]: '25:00' is not a time of day",
    ),
    case(
        "duration-negative",
        "schedule.yaml",
        "  travel: 15",
        "  travel: 15\n  duration: -30",
        "schedule.yaml:@@duration@@: error: duration: should be greater than or equal to 5",
    ),
    case(
        "duration-zero",
        "schedule.yaml",
        "  travel: 15",
        "  travel: 15\n  duration: 0",
        "schedule.yaml:@@duration@@: error: duration: should be greater than or equal to 5",
    ),
    case(
        "duration-absurd",
        "schedule.yaml",
        "  travel: 15",
        "  travel: 15\n  duration: 100000000000000000000",
        "schedule.yaml:@@duration@@: error: duration: should be less than or equal to 600",
    ),
    case(
        "duration-infinite",
        "schedule.yaml",
        "  travel: 15",
        "  travel: 15\n  duration: 1e400",
        "schedule.yaml:@@duration@@: error: duration: a whole number of minutes, such as 45, not "
        "'1e400'",
    ),
    case(
        "duration-nan",
        "schedule.yaml",
        "  travel: 15",
        "  travel: 15\n  duration: .nan",
        "schedule.yaml:@@duration@@: error: duration: a whole number of minutes, such as 45, not "
        "'.nan'",
    ),
    case(
        "duration-fraction",
        "schedule.yaml",
        "  travel: 15",
        "  travel: 15\n  duration: 45.5",
        "schedule.yaml:@@duration@@: error: duration: a whole number of minutes, such as 45, not "
        "'45.5'",
    ),
    case(
        "travel-negative",
        "schedule.yaml",
        "  travel: 15",
        "  travel: -15",
        "schedule.yaml:@@travel@@: error: travel: should be greater than or equal to 0",
    ),
    case(
        "default-duration-absurd",
        "trip.yaml",
        "duration: 45",
        "duration: 99999",
        "trip.yaml:@@duration@@: error: defaults.duration: should be less than or equal to 600",
    ),
    case(
        "unknown-zone",
        "trip.yaml",
        "timezone: America/New_York",
        "timezone: Mars/Olympus_Mons",
        "trip.yaml:@@timezone@@: error: timezone: unknown time zone 'Mars/Olympus_Mons'; use an "
        "IANA name such as America/New_York",
    ),
    case(
        "zone-path-traversal",
        "trip.yaml",
        "timezone: America/New_York",
        "timezone: ../../../../etc/passwd",
        "trip.yaml:@@timezone@@: error: timezone: unknown time zone '../../../../etc/passwd'",
    ),
    case(
        "zone-absolute-path",
        "schedule.yaml",
        "  travel: 15",
        "  travel: 15\n  timezone: /usr/share/zoneinfo/UTC",
        "schedule.yaml:@@timezone@@: error: timezone: unknown time zone '/usr/share/zoneinfo/UTC'",
    ),
    case(
        "end-before-start",
        "trip.yaml",
        "end: 2027-05-10",
        "end: 2027-05-01",
        "trip.yaml:@@end:@@: error: the trip ends (2027-05-01) before it starts (2027-05-10)",
    ),
    case(
        "trip-too-long",
        "trip.yaml",
        "end: 2027-05-10",
        "end: 2028-05-10",
        "trip.yaml:@@end:@@: error: the trip is longer than 60 days",
    ),
    case(
        "day-hours-reversed",
        "trip.yaml",
        'day_hours: ["08:00", "18:30"]',
        'day_hours: ["18:30", "08:00"]',
        "trip.yaml:@@day_hours@@: error: day_hours is [from, to] with from before to",
    ),
    case(
        "per-day-reversed",
        "trip.yaml",
        "per_day: [1, 3]",
        "per_day: [3, 1]",
        "trip.yaml:@@per_day@@: error: per_day is [fewest, most] with fewest <= most",
    ),
]

# ---- broken references ---------------------------------------------------------------------------

REFERENCES = [
    case(
        "unknown-person-close",
        "schedule.yaml",
        "person: jose-alvarez",
        "person: jose-alvares",
        "schedule.yaml:@@person:@@: error: no person 'jose-alvares' in people/ (did you mean "
        "'jose-alvarez'?)",
    ),
    case(
        "unknown-person-far",
        "schedule.yaml",
        "person: jose-alvarez",
        "person: zed",
        "schedule.yaml:@@person:@@: error: no person 'zed' in people/",
    ),
    case(
        "person-not-a-slug",
        "schedule.yaml",
        "person: jose-alvarez",
        "person: José Álvarez",
        "schedule.yaml:@@person:@@: error: person: 'José Álvarez' is not a slug (lower-case "
        "letters, digits and '-')",
    ),
    case(
        "unknown-company",
        "people/kim-park.yaml",
        "company: harbor-analytics",
        "company: harbour-analytics",
        "people/kim-park.yaml:@@company:@@: error: no company 'harbour-analytics' in companies/ "
        "(did you mean 'harbor-analytics'?)",
    ),
    case(
        "unknown-via",
        "people/jose-alvarez.yaml",
        "via: kim-park",
        "via: kim-parks",
        "people/jose-alvarez.yaml:@@via:@@: error: no person 'kim-parks' in people/ (did you mean "
        "'kim-park'?)",
    ),
    case(
        "via-self",
        "people/jose-alvarez.yaml",
        "via: kim-park",
        "via: jose-alvarez",
        "people/jose-alvarez.yaml:@@via:@@: error: a person cannot be introduced by themselves",
    ),
]

ALL = SYNTAX + KEYS + ALIASES + VALUES + REFERENCES


@pytest.mark.parametrize("bad", ALL)
def test_bad_content_is_refused_with_its_line(ws: Workspace, bad: Case) -> None:
    bad.apply(ws)
    expected = bad.expected(ws)
    guard = Guard(ws)
    refused(cli(*BUILD), guard, expected)


@pytest.mark.parametrize("bad", [SYNTAX[0], KEYS[0], VALUES[0], REFERENCES[0]])
def test_check_prints_the_same_line_and_exits_1(ws: Workspace, bad: Case) -> None:
    bad.apply(ws)
    guard = Guard(ws)
    refused(cli("check", "content"), guard, bad.expected(ws))


def test_too_long_text_speaks_of_characters(ws: Workspace) -> None:
    ws.edit("people/kim-park.yaml", "title: Transit Analyst", "title: " + "x" * 2001)
    ran = cli("check", "content")
    assert printed(
        ran,
        f"content/people/kim-park.yaml:{ws.line('people/kim-park.yaml', 'title')}: error: title: ",
    )
    assert "characters" in ran.stderr and "items" not in ran.stderr


def test_every_error_of_every_file_is_reported_at_once(ws: Workspace) -> None:
    ws.edit("trip.yaml", "city: Boston", "cty: Boston")
    ws.edit("people/kim-park.yaml", "seniority: peer", "seniority: intern")
    ws.edit("schedule.yaml", "2027-05-10 10:00", "2027-05-10 25:00")
    guard = Guard(ws)
    ran = cli(*BUILD)
    refused(
        ran,
        guard,
        f"content/trip.yaml:{ws.line('trip.yaml', 'cty:')}: error: unknown key 'cty'",
        f"content/people/kim-park.yaml:{ws.line('people/kim-park.yaml', 'seniority')}: error: "
        "seniority:",
        f"content/schedule.yaml:{ws.line('schedule.yaml', '25:00')}: error: start: '25:00'",
    )


def test_billion_laughs_is_refused_fast(ws: Workspace) -> None:
    ws.write("trip.yaml", BILLION_LAUGHS)
    guard = Guard(ws)
    started = time.perf_counter()
    ran = cli(*BUILD)
    assert time.perf_counter() - started < 2
    refused(
        ran,
        guard,
        "content/trip.yaml:2: error: invalid YAML: aliases (*name) are not allowed; write the "
        "value out",
    )


def test_python_tags_construct_nothing(ws: Workspace) -> None:
    marker = ws.root / "pwned"
    ws.edit(
        "trip.yaml", "city: Boston", f'city: !!python/object/apply:os.system ["touch {marker}"]'
    )
    guard = Guard(ws)
    refused(
        cli(*BUILD), guard, f"content/trip.yaml:{ws.line('trip.yaml', 'city:')}: error: YAML tags"
    )
    assert not marker.exists()


# ---- YAML 1.1 surprises stay what was written ----------------------------------------------------

SURPRISES = [
    ("city", "NO", "NO"),
    ("city", "yes", "yes"),
    ("city", "on", "on"),
    ("city", "off", "off"),
    ("city", "Y", "Y"),
    ("city", "n", "n"),
    ("city", "10:30", "10:30"),
    ("city", "1:20:30", "1:20:30"),
    ("city", "1.10", "1.10"),
    ("city", "012345", "012345"),
    ("city", "0x1F", "0x1F"),
    ("city", "0o17", "0o17"),
    ("city", "1e3", "1e3"),
    ("city", ".inf", ".inf"),
    ("city", "2027-05-10", "2027-05-10"),
    ("city", "1_000", "1_000"),
    ("city", "+12", "+12"),
]


@pytest.mark.parametrize(("key", "written", "value"), SURPRISES, ids=[s[1] for s in SURPRISES])
def test_yaml_1_1_surprises_stay_text(ws: Workspace, key: str, written: str, value: str) -> None:
    from generator.content.load import load

    ws.edit("trip.yaml", "city: Boston", f"{key}: {written}")
    assert getattr(load(ws.content, "content").info, key) == value
    guard = Guard(ws)
    ran = cli(*BUILD)
    assert ran.code == 0 and "Traceback" not in ran.output, ran.output
    guard.assert_only_output_changed()
    assert "<title>" in (ws.output / "index.html").read_text(encoding="utf-8")
    assert value in (ws.output / "index.html").read_text(encoding="utf-8")


def test_zip_like_phone_and_version_like_title_reach_the_packet(ws: Workspace) -> None:
    ws.edit("people/jose-alvarez.yaml", 'phone: "+1 617 555 0142"', "phone: 012345")
    ws.edit("people/jose-alvarez.yaml", "title: Director of Route Planning", "title: 1.10")
    ran = cli(*BUILD)
    assert ran.code == 0, ran.output
    page = (ws.output / "meetings" / "2027-05-10-jose-alvarez" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "012345" in page and "1.10" in page
    assert "5349" not in page  # 012345 read as octal


@pytest.mark.parametrize(
    "start", ['"2027-05-10 10:00"', "2027-05-10 10:00", "'2027-05-10T10:00'", "2027-05-10 9:05"]
)
def test_dates_may_be_quoted_or_not(ws: Workspace, start: str) -> None:
    ws.edit("schedule.yaml", "start: 2027-05-10 10:00", f"start: {start}")
    ran = cli("check", "content", "--strict")
    assert ran.code == 0 and "Traceback" not in ran.output, ran.output


# ---- encodings and line endings ------------------------------------------------------------------


def test_bom_is_accepted(ws: Workspace) -> None:
    ws.write("trip.yaml", "\ufeff" + ws.read("trip.yaml"))
    ran = cli("check", "content", "--strict")
    assert ran.code == 0, ran.output


def test_bom_keeps_line_numbers(ws: Workspace) -> None:
    ws.write(
        "trip.yaml",
        "\ufeff" + ws.read("trip.yaml").replace("city: Boston", "city: Boston\ncity: Cambridge"),
    )
    guard = Guard(ws)
    refused(
        cli(*BUILD),
        guard,
        f"content/trip.yaml:{ws.line('trip.yaml', 'Cambridge')}: error: duplicate key 'city'",
    )


def test_crlf_is_accepted(ws: Workspace) -> None:
    for rel in ("trip.yaml", "schedule.yaml", "people/jose-alvarez.yaml"):
        ws.write(rel, ws.read(rel).replace("\n", "\r\n"))
    ran = cli("check", "content", "--strict")
    assert ran.code == 0, ran.output


def test_crlf_keeps_line_numbers(ws: Workspace) -> None:
    ws.write(
        "trip.yaml",
        ws.read("trip.yaml")
        .replace("city: Boston", "city: Boston\ncity: Cambridge")
        .replace("\n", "\r\n"),
    )
    guard = Guard(ws)
    refused(
        cli(*BUILD),
        guard,
        f"content/trip.yaml:{ws.line('trip.yaml', 'Cambridge')}: error: duplicate key 'city'",
    )


def test_lone_cr_line_endings(ws: Workspace) -> None:
    ws.write(
        "trip.yaml",
        ws.read("trip.yaml")
        .replace("city: Boston", "city: Boston\ncity: Cambridge")
        .replace("\n", "\r"),
    )
    guard = Guard(ws)
    refused(cli(*BUILD), guard, "content/trip.yaml:4: error: duplicate key 'city'")


# ---- daylight saving: warnings, not errors -------------------------------------------------------


def _move_trip(ws: Workspace, day: str, zone: str = "America/New_York") -> None:
    ws.edit("trip.yaml", "start: 2027-05-10", f"start: {day}")
    ws.edit("trip.yaml", "end: 2027-05-10", f"end: {day}")
    ws.edit("trip.yaml", "timezone: America/New_York", f"timezone: {zone}")


def test_meeting_in_a_dst_gap_is_a_warning(ws: Workspace) -> None:
    _move_trip(ws, "2027-03-14")
    ws.edit("schedule.yaml", "2027-05-10 10:00", "2027-03-14 02:30")
    line = ws.line("schedule.yaml", "02:30")
    expected = (
        f"content/schedule.yaml:{line}: warning: 2027-03-14 02:30 does not exist in "
        "America/New_York: "
        "clocks jump forward that night; it would be 03:30. Pick another time"
    )
    ran = cli("check", "content")
    assert ran.code == 0 and expected in ran.lines and "Traceback" not in ran.output, ran.output
    strict = cli("check", "content", "--strict")
    assert strict.code == 1 and expected in strict.lines
    guard = Guard(ws)
    built = cli(*BUILD)
    assert built.code == 0 and expected in built.lines, built.output
    guard.assert_only_output_changed()
    ics = (ws.output / "itinerary.ics").read_text(encoding="utf-8")
    assert "DTSTART;TZID=America/New_York:20270314T033000" in ics


def test_meeting_in_its_own_zones_gap_is_a_warning(ws: Workspace) -> None:
    ws.edit("schedule.yaml", "  travel: 15", "  travel: 15\n  timezone: Europe/London")
    _move_trip(ws, "2027-03-28")
    ws.edit("schedule.yaml", "2027-05-10 10:00", "2027-03-28 01:30")
    ran = cli("check", "content")
    assert ran.code == 0, ran.output
    assert printed(
        ran,
        f"content/schedule.yaml:{ws.line('schedule.yaml', '01:30')}: warning: 2027-03-28 01:30 "
        "does not exist in Europe/London",
    )


def test_meeting_in_a_repeated_hour_is_a_warning(ws: Workspace) -> None:
    _move_trip(ws, "2027-11-07")
    ws.edit("schedule.yaml", "2027-05-10 10:00", "2027-11-07 01:30")
    ran = cli("check", "content")
    assert ran.code == 0, ran.output
    assert printed(
        ran,
        f"content/schedule.yaml:{ws.line('schedule.yaml', '01:30')}: warning: 2027-11-07 01:30 "
        "happens twice in America/New_York",
    )


# ---- errors that cascade must not invent problems ------------------------------------------------


def test_an_invalid_person_is_not_reported_missing_elsewhere(ws: Workspace) -> None:
    ws.edit("people/kim-park.yaml", "seniority: peer", "seniority: intern")
    ran = cli("check", "content")
    assert ran.code == 1
    assert [line for line in ran.lines if ": error: " in line] == [
        f"content/people/kim-park.yaml:{ws.line('people/kim-park.yaml', 'seniority')}: error: "
        "seniority: should be 'decision-maker', 'manager', 'staff' or 'peer'"
    ]
