"""The content files as strict pydantic models: one model per file kind.

Pure data: no file access, no clock. Unknown keys are refused (`extra="forbid"`),
booleans are strict (YAML 1.2 `yes` is text, not true) and text fields take
numbers as they were written (`012345`, `1.10`).
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from generator.content.scalars import (
    MAX_NESTING,
    MAX_TEXT,
    SLUG_RE,
    Clock,
    Day,
    LocalDateTime,
    Markdown,
    Slug,
    Text,
    TimeZone,
    Url,
    Whole,
    bounded_markup,
    bounded_nesting,
)

__all__ = ["MAX_NESTING", "MAX_TEXT", "SLUG_RE", "Clock", "Day", "LocalDateTime", "Markdown", "Slug", "Text", "TimeZone", "Url", "Whole", "bounded_markup", "bounded_nesting"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False, use_attribute_docstrings=True)

    def __getstate__(self) -> dict[Any, Any]:
        """pydantic's state, with the set of fields given in sorted order: a set of strings pickles in an order
        that changes with each process's hash seed, and a page's cache key is the pickle of its context
        (render/page_keys.py)."""
        state = super().__getstate__()
        return {**state, "__pydantic_fields_set__": sorted(state["__pydantic_fields_set__"])}

    def __setstate__(self, state: dict[Any, Any]) -> None:
        super().__setstate__({**state, "__pydantic_fields_set__": set(state.get("__pydantic_fields_set__", ()))})


# ----- trip.yaml -------------------------------------------------------------------------------


class Paper(str, Enum):
    LETTER = "letter"
    A4 = "a4"


class Traveler(Strict):
    name: Text = Field(min_length=1, examples=["Alex Rivera"])
    """Your name, as it goes on every packet."""
    email: Text | None = Field(None, examples=["alex.rivera@example.com"])
    """Your e-mail, for confirmation and thank-you drafts."""
    phone: Text | None = Field(None, examples=["+1 202 555 0100"])
    """Your phone number (quote it)."""
    pitch: Markdown | None = Field(None, examples=["Recent MPP graduate who turns messy public data into decisions."])
    """Your 30-second introduction (Markdown)."""
    resume: Text | None = Field(None, examples=["resume.pdf"])
    """A file in the content folder: your resume, linked from the itinerary."""


class Lodging(Strict):
    name: Text = Field(examples=["Hotel Harrington"])
    """Where you stay."""
    address: Text | None = Field(None, examples=["436 11th St NW, Washington, DC 20004"])
    """Its street address (gets a map link)."""


class Defaults(Strict):
    duration: Whole = Field(45, ge=5, le=600, examples=[45])
    """Minutes per meeting when a meeting does not say."""
    buffer: Whole = Field(30, ge=0, le=600, examples=[30])
    """Minimum free minutes between meetings."""
    per_day: tuple[Whole, Whole] = Field((3, 4), examples=[[3, 4]])
    """Planned meetings per day [fewest, most]: fewer or more is a warning."""
    day_hours: tuple[Clock, Clock] = Field(("08:00", "18:30"), validate_default=True, examples=[["08:00", "18:30"]])  # type: ignore[assignment]
    """Local working hours [from, to]: meetings outside them are a warning."""
    resume_copies: Whole = Field(2, ge=0, le=50, examples=[2])
    """Printed resumes to bring to each in-person meeting."""
    dress: Text = Field("business professional", examples=["business professional"])
    """Dress code, unless the company's own says otherwise."""
    follow_up_within: Whole = Field(24, ge=1, le=24 * 14, examples=[24])
    """Hours after a meeting ends that its thank-you is due."""
    min_questions: Whole = Field(15, ge=0, le=200, examples=[15])
    """A packet with fewer questions is a warning."""
    paper: Paper = Field(Paper.LETTER, examples=["letter"])
    """Paper size of the PDFs: letter or a4."""


class Site(Strict):
    private: StrictBool = Field(False, examples=[False])
    """true: every page, PDF and calendar file of the built site is encrypted."""
    password_env: Text = Field("INFOPREP_PASSWORD", pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", examples=["INFOPREP_PASSWORD"])
    """The environment variable the passphrase is read from."""
    remember_days: Whole = Field(14, ge=0, le=90, examples=[14])
    """A private site's lock screen offers "Keep unlocked on this device for N days" (off unless ticked);
    0 takes the offer away, so every visit asks for the passphrase."""


class TripFile(Strict):
    """trip.yaml: the trip, the traveler and the defaults."""

    title: Text = Field(min_length=1, examples=["Washington, D.C. informational interviews"])
    """The trip's title, shown on every page."""
    city: Text = Field(min_length=1, examples=["Washington, D.C."])
    """The city you are visiting."""
    timezone: TimeZone = Field(examples=["America/New_York"])
    """IANA time zone of the trip; meeting times are local to it."""
    start: Day = Field(examples=["2027-03-08"])
    """First day of the trip."""
    end: Day = Field(examples=["2027-03-12"])
    """Last day of the trip (inclusive)."""
    theme: Text = Field("default", examples=["default"])
    """default, compact, or a path to a theme folder."""
    traveler: Traveler = Field(examples=[{"name": "Alex Rivera", "email": "alex.rivera@example.com"}])
    """Who is travelling."""
    lodging: Lodging | None = Field(None, examples=[{"name": "Hotel Harrington", "address": "436 11th St NW, Washington, DC 20004"}])
    """Where you stay."""
    defaults: Defaults = Field(Defaults(), examples=[{"duration": 45, "buffer": 30, "paper": "letter"}])
    """Defaults for every meeting."""
    site: Site = Field(Site(), examples=[{"private": True, "password_env": "INFOPREP_PASSWORD"}])
    """Settings for the built site."""


# ----- companies/<slug>.yaml -------------------------------------------------------------------


class NewsItem(Strict):
    date: Day = Field(examples=["2027-01-15"])
    """When it happened."""
    title: Text = Field(min_length=1, examples=["Opened a health-policy practice"])
    """The headline, in your words."""
    url: Url | None = Field(None, examples=["https://news.example/cag-health"])
    """Where you read it."""


class CompanyFile(Strict):
    """companies/<slug>.yaml: an organisation you meet people from."""

    name: Text = Field(min_length=1, examples=["Capitol Analytics Group"])
    """The organisation's name."""
    industry: Text | None = Field(None, examples=["Public policy consulting"])
    """Its field, in a few words; matched against question tags."""
    website: Url | None = Field(None, examples=["https://capitol-analytics.example"])
    """Its website."""
    address: Text | None = Field(None, examples=["1200 K St NW, Washington, DC 20005"])
    """Street address; meetings here default to it."""
    size: Whole | None = Field(None, ge=1, examples=[120])
    """Number of employees."""
    dress: Text | None = Field(None, examples=["business casual"])
    """Dress code here, overriding the trip's default."""
    overview: Markdown | None = Field(None, examples=["A 120-person consultancy serving federal agencies."])
    """What the organisation does (Markdown)."""
    news: list[NewsItem] = Field(
        default_factory=list,
        examples=[[{"date": "2027-01-15", "title": "Opened a health-policy practice", "url": "https://news.example/cag-health"}]],
    )
    """Recent news worth mentioning."""
    questions: list[Text] = Field(default_factory=list, examples=[["How did the new practice change hiring?"]])
    """Questions specific to this organisation."""
    notes: Markdown | None = Field(None, examples=["Their 2026 annual report stresses data work."])
    """Research notes (Markdown)."""


# ----- people/<slug>.yaml ----------------------------------------------------------------------


class Seniority(str, Enum):
    DECISION_MAKER = "decision-maker"
    MANAGER = "manager"
    STAFF = "staff"
    PEER = "peer"


class ConnectionKind(str, Enum):
    FRIEND = "friend"
    FAMILY = "family"
    ALUMNI = "alumni"
    COLLEAGUE = "colleague"
    REFERRAL = "referral"
    COLD = "cold"


class OutreachStatus(str, Enum):
    TO_ASK = "to-ask"
    ASKED = "asked"
    SCHEDULED = "scheduled"
    DECLINED = "declined"
    NO_REPLY = "no-reply"


class Connection(Strict):
    via: Text | None = Field(None, examples=["priya-natarajan"])
    """Who introduced you: a person's slug, or free text such as "Georgetown alumni"."""
    kind: ConnectionKind | None = Field(None, examples=["alumni"])
    """friend, family, alumni, colleague, referral or cold."""
    note: Text | None = Field(None, examples=["Priya's former manager"])
    """How the connection came about."""


class Outreach(Strict):
    status: OutreachStatus = Field(OutreachStatus.TO_ASK, examples=["scheduled"])
    """to-ask, asked, scheduled, declined or no-reply."""
    asked_on: Day | None = Field(None, examples=["2027-02-10"])
    """When you asked for the meeting."""


class PersonFile(Strict):
    """people/<slug>.yaml: someone you meet or could meet."""

    name: Text = Field(min_length=1, examples=["Jordan Ellis"])
    """Full name."""
    title: Text | None = Field(None, examples=["Director of Research"])
    """Job title."""
    company: Slug | None = Field(None, examples=["capitol-analytics-group"])
    """Slug of a file in companies/ (leave out for independents)."""
    seniority: Seniority | None = Field(None, examples=["decision-maker"])
    """decision-maker, manager, staff or peer."""
    email: Text | None = Field(None, examples=["jordan.ellis@example.com"])
    """E-mail address."""
    phone: Text | None = Field(None, examples=["+1 202 555 0143"])
    """Phone number (quote it)."""
    linkedin: Url | None = Field(None, examples=["https://www.linkedin.com/in/example"])
    """Profile URL."""
    connection: Connection | None = Field(None, examples=[{"via": "priya-natarajan", "kind": "alumni"}])
    """How you reached this person."""
    outreach: Outreach | None = Field(None, examples=[{"status": "scheduled", "asked_on": "2027-02-10"}])
    """Where asking for the meeting stands."""
    background: Markdown | None = Field(None, examples=["Spent eight years at the Federal Reserve."])
    """Career background (Markdown)."""
    talking_points: list[Text] = Field(default_factory=list, examples=[["Both studied economics at Georgetown"]])
    """Things in common, openers."""
    questions: list[Text] = Field(default_factory=list, examples=[["What made you move from the Fed to consulting?"]])
    """Questions for this person."""
    notes: Markdown | None = Field(None, examples=["Prefers e-mail to calls."])
    """Research notes (Markdown)."""
    name_lang: Text | None = Field(None, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$", examples=["ko"])
    """The language of the name, as a BCP 47 tag (ko, ga, ru, zh-Hant), so screen readers say it right; in a
    name that mixes scripts ("박재원 Jae-won Park") only the part not in Latin letters is marked."""


# ----- schedule.yaml ---------------------------------------------------------------------------


class MeetingFormat(str, Enum):
    IN_PERSON = "in-person"
    VIDEO = "video"
    PHONE = "phone"


class FollowUpStatus(str, Enum):
    PENDING = "pending"
    SENT = "sent"
    NOT_NEEDED = "not-needed"


class FollowUpEntry(Strict):
    status: FollowUpStatus = Field(FollowUpStatus.PENDING, examples=["pending"])
    """pending, sent or not-needed."""
    sent_on: Day | None = Field(None, examples=["2027-03-09"])
    """When you sent the thank-you."""
    gift: Text | None = Field(None, examples=["Coffee gift card"])
    """A small gift to send or bring."""
    thanks: Markdown | None = Field(None, examples=["Thank you for your time on Monday..."])
    """Draft of the thank-you note (Markdown); generated when absent."""


class MeetingEntry(Strict):
    """One item of schedule.yaml."""

    person: Slug = Field(examples=["jordan-ellis"])
    """Slug of a file in people/."""
    start: LocalDateTime = Field(examples=["2027-03-08 09:30"])
    """Local start, "YYYY-MM-DD HH:MM"."""
    duration: Whole | None = Field(None, ge=5, le=600, examples=[45])
    """Minutes; the trip default when absent."""
    timezone: TimeZone | None = Field(None, examples=["America/Chicago"])
    """The meeting's own time zone, for a call with someone elsewhere."""
    format: MeetingFormat = Field(MeetingFormat.IN_PERSON, examples=["in-person"])
    """in-person, video or phone."""
    location: Text | None = Field(None, examples=["1200 K St NW, Suite 400"])
    """Where; defaults to the company's address."""
    link: Url | None = Field(None, examples=["https://meet.example/abc"])
    """Video link, for format: video."""
    travel: Whole = Field(0, ge=0, le=600, examples=[20])
    """Minutes needed to get here from the previous place."""
    agenda: Markdown | None = Field(None, examples=["Learn how the research team hires."])
    """What you hope to learn (Markdown)."""
    outcome: Markdown | None = Field(None, examples=["Suggested I talk to Sam in data."])
    """What you learned, written after the meeting (Markdown)."""
    follow_up: FollowUpEntry | None = Field(None, examples=[{"status": "sent", "sent_on": "2027-03-09"}])
    """The thank-you."""


# ----- questions.yaml --------------------------------------------------------------------------


class Category(str, Enum):
    CAREER_PATH = "career-path"
    DAY_TO_DAY = "day-to-day"
    INDUSTRY = "industry"
    COMPANY = "company"
    ADVICE = "advice"
    NEXT_STEPS = "next-steps"


class BankQuestion(Strict):
    """One item of questions.yaml."""

    text: Text = Field(min_length=1, examples=["What does a typical week look like in your role?"])
    """The question."""
    category: Category = Field(examples=["day-to-day"])
    """career-path, day-to-day, industry, company, advice or next-steps."""
    tags: list[Text] = Field(default_factory=list, examples=[["general"]])
    """Matched against the person's seniority and the company's industry; none fits everyone."""
