"""The entries of the content's list files, as strict pydantic models: a meeting of schedule.yaml
(with its follow-up and debrief) and a question of questions.yaml.

The one-object files are in models.py.
"""

from __future__ import annotations

from enum import Enum

from pydantic import Field, StrictBool

from generator.content.models import MeetingFormat, Strict
from generator.content.scalars import (
    Day,
    Geo,
    LocalDateTime,
    Markdown,
    Slug,
    Text,
    TimeZone,
    Url,
    Whole,
)


class FollowUpStatus(str, Enum):
    PENDING = "pending"
    SENT = "sent"
    NOT_NEEDED = "not-needed"


class ThanksChannel(str, Enum):
    EMAIL = "email"
    CARD = "card"
    BOTH = "both"


class FollowUpEntry(Strict):
    status: FollowUpStatus = Field(FollowUpStatus.PENDING, examples=["pending"])
    """pending, sent or not-needed."""

    sent_on: Day | None = Field(None, examples=["2027-03-09"])
    """When you sent the thank-you."""

    channel: ThanksChannel = Field(ThanksChannel.EMAIL, examples=["both"])
    """How the thank-you goes: email, card (handwritten, posted), or both.

    A card is written the evening of the meeting (the day's plan counts them, the bring list counts
    cards and stamps) and posted before you leave the city.
    """

    mailed_on: Day | None = Field(None, examples=["2027-03-10"])
    """When you posted the card (channel card or both): a card-only thank-you is then sent."""

    gift: Text | None = Field(None, examples=["Coffee gift card"])
    """A small gift to send or bring."""

    thanks: Markdown | None = Field(None, examples=["Thank you for your time on Monday..."])
    """Draft of the thank-you note (Markdown); generated when absent."""


class Referral(Strict):
    """Someone they suggested you talk to."""

    name: Text = Field(min_length=1, examples=["Lucía Montoya"])
    """Their full name."""

    organisation: Text | None = Field(None, examples=["clearwater-reuse"])
    """Where they work: a company's slug, or free text ("Clearwater Reuse")."""

    title: Text | None = Field(None, examples=["Operations Lead"])
    """Their job title, if you heard it."""

    email: Text | None = Field(None, examples=["lucia@example.org"])
    """Their e-mail, if you were given it."""

    may_use_name: StrictBool = Field(False, examples=[True])
    """true: you may say who suggested them; their outreach draft then names the person you met.

    false (the default): the draft does not.
    """

    note: Text | None = Field(None, examples=["Runs the pilot; ask about the grant"])
    """Why they suggested this person."""


class Promise(Strict):
    """Something you said you would send or do."""

    text: Text = Field(min_length=1, examples=["Send my flow data and the model"])
    """What you promised, in your words."""

    due: Day | None = Field(None, examples=["2027-05-20"])
    """When it is due; the thank-you's due day when absent (send it with the thank-you)."""

    done_on: Day | None = Field(None, examples=["2027-05-19"])
    """When you did it: the to-do is then done."""


class LeadKind(str, Enum):
    OPENING = "opening"
    REFERRAL = "referral"
    PROJECT = "project"
    TEAM = "team"


class Lead(Strict):
    """Something that may become a job: an opening mentioned, a referral offered, a project or a
    team growing."""

    title: Text = Field(min_length=1, examples=["Product analyst, patient apps"])
    """What it is, in a few words; an opportunities.yaml entry with the same title and organisation
    tracks it."""

    organisation: Text | None = Field(None, examples=["kestrel"])
    """Where: a company's slug, or free text; the meeting's organisation when absent.

    A near-miss of a slug (`kestrel-helth`) is an error (did you mean).
    """

    kind: LeadKind = Field(LeadKind.OPENING, examples=["opening"])
    """opening (a posting or one about to be), referral (they offered to refer you), project or team
    (growing)."""

    url: Url | None = Field(None, examples=["https://jobs.example/123"])
    """The posting or page, if there is one."""
    date: Day | None = Field(None, examples=["2027-06-01"])
    """The date that matters: apply by it (a closing date, a start)."""


class Debrief(Strict):
    """What the meeting gave you, written the evening after: it feeds the thank-you, the next
    packets and the to-dos."""

    learned: list[Text] = Field(
        default_factory=list,
        examples=[["They hire 4-6 new engineers a year, applications in October"]],
    )
    """Facts you learned, as you would tell a friend ("They hire ..."): shown in the next packets
    with this person or organisation; the thank-you draft quotes one as written."""

    advice: list[Text] = Field(default_factory=list, examples=[["Get the EIT before applying"]])
    """Advice they gave, in their words ("Get the EIT before applying"): the thank-you draft answers
    the first one, quoting it as written ("Your advice stayed with me ...: “Get the EIT before
    applying.”")."""

    referrals: list[Referral] = Field(
        default_factory=list,
        examples=[
            [
                {
                    "name": "Lucía Montoya",
                    "organisation": "Clearwater Reuse",
                    "email": "lucia@example.org",
                    "may_use_name": True,
                }
            ]
        ],
    )
    """People they suggested you talk to: the network page lists those not yet in people/ as "to
    add", with the command that adds them."""

    promises: list[Promise] = Field(
        default_factory=list,
        examples=[[{"text": "Send my flow data and the model", "due": "2027-05-20"}]],
    )
    """What you said you would send or do: to-dos on the follow-ups page, in `infoprep followup` and
    the calendar."""

    leads: list[Lead] = Field(
        default_factory=list,
        examples=[
            [
                {
                    "title": "Product analyst, patient apps",
                    "organisation": "kestrel",
                    "kind": "opening",
                    "url": "https://jobs.example/123",
                    "date": "2027-06-01",
                }
            ]
        ],
    )
    """Openings, referrals offered, projects and teams growing: each becomes an opportunity
    (opportunities.html, `infoprep followup`), linked to this conversation."""

    @property
    def written(self) -> bool:
        """True when any part of it is filled in."""
        return bool(self.learned or self.advice or self.referrals or self.promises)


class MeetingEntry(Strict):
    """One item of schedule.yaml."""

    person: Slug = Field(examples=["jordan-ellis"])
    """Slug of a file in people/."""

    start: LocalDateTime = Field(examples=["2027-03-08 09:30"])
    """Start, "YYYY-MM-DD HH:MM": local to the meeting's `timezone` when it names one, else to
    `trip.timezone`."""

    duration: Whole | None = Field(None, ge=5, le=600, examples=[45])
    """Minutes; the trip default when absent."""

    timezone: TimeZone | None = Field(None, examples=["America/Chicago"])
    """The meeting's own time zone, for a call with someone elsewhere: `start` is then read in this
    zone (the time they gave you), and pages show both clocks."""

    format: MeetingFormat = Field(MeetingFormat.IN_PERSON, examples=["in-person"])
    """in-person, video or phone."""

    location: Text | None = Field(None, examples=["1200 K St NW, Suite 400"])
    """Where; defaults to the company's address."""

    geo: Geo | None = Field(None, examples=[[38.9097, -77.0319]])
    """[latitude, longitude] of `location`, for travel estimates (`infoprep propose`); else the
    company's."""

    link: Url | None = Field(None, examples=["https://meet.example/abc"])
    """Video link, for format: video."""

    travel: Whole = Field(0, ge=0, le=600, examples=[20])
    """Minutes needed to get here from the previous place."""

    agenda: Markdown | None = Field(None, examples=["Learn how the research team hires."])
    """What you hope to learn (Markdown)."""

    outcome: Markdown | None = Field(None, examples=["Suggested I talk to Sam in data."])
    """What you learned, written after the meeting (Markdown)."""

    debrief: Debrief | None = Field(
        None,
        examples=[
            {
                "learned": ["They hire 4-6 new engineers a year"],
                "advice": ["Get the EIT before applying"],
            }
        ],
    )
    """The meeting's debrief in parts: learned, advice, referrals, promises (beside the free-text
    `outcome`)."""

    follow_up: FollowUpEntry | None = Field(
        None, examples=[{"status": "sent", "sent_on": "2027-03-09"}]
    )
    """The thank-you."""

    @property
    def debriefed(self) -> bool:
        """True once the meeting is written up: an `outcome`, or a `debrief` with anything in it.

        Either one counts; nothing asks for the other.
        """
        return bool(self.outcome) or (self.debrief is not None and self.debrief.written)


# ----- opportunities.yaml ---------------------------------------------------------------------


class OpportunityStatus(str, Enum):
    LEAD = "lead"
    APPLIED = "applied"
    REFERRED = "referred"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    CLOSED = "closed"


class OpportunityEntry(Strict):
    """One item of opportunities.yaml: where an opportunity stands.

    A debrief's lead with the same title and organisation is the same opportunity (its conversations
    are linked); an entry may also stand alone.
    """

    title: Text = Field(min_length=1, examples=["Product analyst, patient apps"])
    """What it is; matched with a debrief lead's title (case and spacing aside)."""

    organisation: Text | None = Field(None, examples=["kestrel"])
    """A company's slug, or free text; a near-miss of a slug is an error (did you mean)."""

    status: OpportunityStatus = Field(OpportunityStatus.LEAD, examples=["applied"])
    """lead, applied, referred, interviewing, offer or closed (closed: no longer open)."""
    via: Text | None = Field(None, examples=["ananya-sharma"])
    """The person (slug) it came through: they hear what happened, and their conversations are
    linked."""
    since: Day | None = Field(None, examples=["2027-06-03"])
    """When it reached its status: the check-in after a referral or an application counts from
    it."""

    next: Day | None = Field(None, examples=["2027-06-10"])
    """The date of the next step (an interview, a decision); else worked out from the status."""

    told_on: Day | None = Field(None, examples=["2027-06-04"])
    """When you last told the person it came through what happened: the "tell them" step is then
    done."""

    url: Url | None = Field(None, examples=["https://jobs.example/123"])
    """The posting."""

    note: Text | None = Field(None, examples=["Applied through Ananya's referral link"])
    """Anything to remember."""


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

    pin: StrictBool = Field(False, examples=[False])
    """true: the question is in every packet its tags match (every packet, when it has no tags),
    before the bank's other questions of its category."""
