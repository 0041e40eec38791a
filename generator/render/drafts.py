"""Message drafts (confirmations, thank-yous, outreach), worded by theme templates.

Wording is the theme's business, so a user can rewrite a draft by overriding
`drafts/<kind>.txt`. The templates get typed contexts and produce plain text: a first
line `Subject: ...`, then the body. They are rendered with whitespace kept as written
(no trim_blocks), so a line break beside an `{% if %}` stays where the author put it;
the result is tidied (trailing blanks dropped, runs of blank lines made one), so a
conditional on a line of its own leaves no hole. Each draft becomes a Message: its
subject, its body, and a `mailto:` link that opens it in a mail app.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING
from urllib.parse import quote
from zoneinfo import ZoneInfo

import jinja2

from generator.content.catalog import N_, Words, words_for, writes_informally
from generator.content.entry_models import OpportunityStatus
from generator.content.models import Channel, Gender, Language, Traveler, TripFile
from generator.content.names import (
    Address,
    address_for,
    greeting_of,
    is_familiar,
    mentioned_name,
    names_of,
    written_name,
)
from generator.content.phones import dialable_phone, trip_country
from generator.content.trip import Person
from generator.plan.approach import Approach
from generator.plan.dates import DateStyle
from generator.plan.debrief import Takeaway, takeaways
from generator.plan.followup import FollowUp
from generator.plan.keep_in_touch import Ping
from generator.plan.network import Contact
from generator.plan.openings import Move, SlotOffer
from generator.plan.opportunities import Opportunity
from generator.plan.outreach import RequestClock
from generator.plan.phrasing import promise_clause, sentence
from generator.plan.schedule import Slot

if TYPE_CHECKING:
    from generator.render.theme import Theme


@dataclass(frozen=True)
class Message:
    """A drafted message, ready to send."""

    subject: str
    """The subject line ('' when the template gives none)."""

    body: str
    """The message itself, plain text, paragraphs separated by a blank line."""

    to: str
    """The recipient's e-mail address, or ''."""
    mailto: str
    """A `mailto:` link with the recipient, subject and body filled in (RFC 6068
    percent-encoding)."""

    limit: int | None = None
    """For a LinkedIn connection note: the most characters LinkedIn takes (200, or 300 with
    Premium); None for mail."""
    profile: str = ""
    """For a LinkedIn connection note: the person's profile URL, where the note is sent from (''
    when unknown)."""

    @property
    def length(self) -> int:
        """The body's length as LinkedIn counts it (linkedin_length)."""
        return linkedin_length(self.body)

    @property
    def text(self) -> str:
        """Subject line, blank line, body: the whole draft as one text to copy."""
        return f"Subject: {self.subject}\n\n{self.body}" if self.subject else self.body

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class ConfirmDraft:
    slot: Slot
    traveler: Traveler
    greeting: str
    """How to address them: their `greeting`, else as the draft's language does (names.Address)."""

    first_name: str
    """The same as `greeting` (the name older templates use)."""

    zone_label: str
    """The time, theirs first: "10:00"; for someone in another zone "16:00 your time (Singapore),
    09:00 for me in London"."""

    clock: str
    """The time in their zone ("16:00"), for the subject line."""

    day: str
    """The day in their zone, written out ("Wednesday 2 June")."""

    tomorrow: bool = True
    """True when it is sent the day before the meeting; False when sent earlier (the Friday before a
    long weekend), so the draft names the day instead of saying "tomorrow"."""

    link: str | None = None
    """The video link of a video call (to paste in the confirmation)."""


ENGLISH = frozenset({Language.EN, Language.EN_GB})
"""The languages the English clause grammar of promises (plan/phrasing.py) is written for."""


@dataclass(frozen=True)
class ThanksDraft:
    followup: FollowUp
    traveler: Traveler
    greeting: str
    """How to address them: their `greeting`, else as the draft's language does (names.Address)."""

    first_name: str
    """The same as `greeting` (the name older templates use)."""
    takeaways: tuple[Takeaway, ...] = ()
    """The meeting's debrief advice, then what you learned, as written (`quoted` puts one in
    quotation marks unchanged): what the thank-you answers.

    Empty without a debrief (the draft then leaves a line to fill in).
    """

    promises: tuple[str, ...] = ()
    """What you promised, as clauses after "I will", said to them ("send you my teardown" for "Send
    Ananya my teardown"), for promises not yet done; a promise that does not open with a verb is
    left out. Only in an English draft of promises written in English: empty otherwise."""

    card: bool = False
    """True when this is the text for a handwritten card (no subject, no e-mail signature)."""

    promises_as_written: tuple[str, ...] = ()
    """What you promised, as written and ending like a sentence, when the draft is in another
    language than the notes (or either is not English): an English clause cannot be conjugated
    into a German sentence, so the draft quotes it."""

    introducer_name: str | None = None
    """Who introduced you, as a sentence writes the name ("Rohan Mehta"; the Latin part of a name in
    two scripts), or None."""

    opportunities: tuple[Opportunity, ...] = ()
    """Opportunities this meeting's debrief turned up (its `leads:`), with where each stood when
    the thank-you was sent (or today, while it is still to send): the draft thanks them for it and
    says what you did (`_opportunity_words.txt`). A later step is news for the keep-in-touch
    note, not for a thank-you sent before it."""

    day: str = ""
    """The meeting's day as the thank-you names it: its weekday ("Thursday"), with the date once
    the note goes out six days or more after it ("Thursday, 27 May"), when a bare weekday would
    point to the wrong week."""


@dataclass(frozen=True)
class IntroducerThanksDraft:
    followup: FollowUp
    introducer: Person
    traveler: Traveler
    greeting: str
    """How to address the introducer: their `greeting`, else as the draft's language does."""

    first_name: str
    """The same as `greeting` (the name older templates use)."""

    met_name: str = ""
    """The person you met, as a sentence writes the name: "Ananya Sharma" for
    "अनन्या शर्मा Ananya Sharma"."""


@dataclass(frozen=True)
class OutreachDraft:
    contact: Contact
    trip: TripFile
    greeting: str
    """How to address them: their `greeting`, else as the draft's language does (names.Address)."""

    first_name: str
    """The same as `greeting` (the name older templates use)."""

    introducer_name: str | None
    trip_dates: str
    """The trip's dates as one span, in the trip's date format ("17–21 May 2027")."""

    offer: SlotOffer | None = None
    """Open slots that fit the week and the person's windows, to propose in the message (None: none
    known)."""

    approach: Approach | None = None
    """How the request opens for their kind of connection: `approach.variant` (referral, alumni,
    friend, family, colleague, cold, other), who suggested them when their name may be used, the
    phrase for a free-text `via`."""

    after_trip: bool = False
    """True when the trip is over: ask for a call, not for a coffee in the city "that week"."""

    duration: int = 30
    """Minutes to ask for: the trip's `defaults.duration`, or the person's own `duration`."""


@dataclass(frozen=True)
class LinkedInDraft:
    """A connection-request note (drafts/linkedin.txt): no subject, within `limit` characters."""

    contact: Contact
    trip: TripFile
    greeting: str
    introducer_name: str | None
    """Who introduced them, when their name may be used."""

    trip_dates: str
    approach: Approach | None
    limit: int
    """200, or 300 with `traveler.linkedin_premium`."""

    brief: bool
    """True on the second try, when the full note came out over the limit: the template says
    less."""
    after_trip: bool = False
    """True when the trip is over: the note asks for a call, not for coffee in the city."""


@dataclass(frozen=True)
class NudgeDraft:
    """The one polite follow-up to a request with no reply after 7 business days."""

    clock: RequestClock
    """The request's clock: when it was asked, business days waited."""
    trip: TripFile
    greeting: str
    first_name: str
    """The same as `greeting`."""

    asked_day: str
    """The day the request went, written out ("Monday, May 3")."""

    trip_dates: str
    """The trip's dates as one span."""

    offer: SlotOffer | None = None
    """Open slots to offer, if any are known."""

    after_trip: bool = False
    """True when the nudge goes out (when due, or today if later) after the trip's last day: ask
    for a call, not a coffee in the city."""

    duration: int = 30
    """Minutes to ask for: the person's own `duration`, else the trip's `defaults.duration`."""

    until: str = ""
    """While the trip is on when the nudge goes out, its last day ("Wednesday, 2 June"): "I am in
    London until ..." rather than dates already begun; else empty."""


@dataclass(frozen=True)
class PingDraft:
    """A keep-in-touch note, due every `keep_in_touch` after the latest contact."""

    ping: Ping
    traveler: Traveler
    greeting: str
    first_name: str
    """The same as `greeting`."""

    since: str
    """How long since the last contact, in words: "a few weeks", "a month", "three months", "six
    months"."""

    met: bool
    """True when the last contact was a meeting."""

    takeaways: tuple[Takeaway, ...] = ()
    """The advice and facts from your latest meeting with them: the note says what you did with the
    first advice."""

    opportunities: tuple[Opportunity, ...] = ()
    """Opportunities that came through them, with where each stands now."""


@dataclass(frozen=True)
class UpdateDraft:
    """Telling whoever helped with an opportunity what happened (an opportunity's `tell` step)."""

    opportunity: Opportunity
    person: Person
    traveler: Traveler
    greeting: str


@dataclass(frozen=True)
class RescheduleDraft:
    move: Move
    """The meeting that clashes, why, and the open slots to offer instead."""

    traveler: Traveler
    greeting: str
    first_name: str
    """The same as `greeting` (the name older templates use)."""

    when: str
    """The meeting's current time in words: "Tuesday 9 March at 10:30", in their zone when it has
    one."""

    offer: SlotOffer | None
    """Open slots to suggest instead (None: none fits)."""


class Voice:
    """The language a draft is written in: its template environment (catalog and date filters),
    dates and words."""

    def __init__(self, env: jinja2.Environment, dates: DateStyle, words: Words):
        # Text keeps its whitespace as written: trim_blocks would eat the line break after every {%
        # if %}.
        self.env = env.overlay(trim_blocks=False, lstrip_blocks=False)
        self.dates = dates
        self.words = words


NOTE_LIMIT = 200
"""Characters LinkedIn allows in a connection-request note."""

PREMIUM_NOTE_LIMIT = 300
"""The same with LinkedIn Premium (`traveler.linkedin_premium: true`)."""


def linkedin_length(text: str) -> int:
    """Characters as LinkedIn's note box counts them: every character including spaces and line
    breaks (one each), in UTF-16 code units as a browser's maxlength does, so an emoji outside the
    BMP counts two."""
    body = text.replace("\r\n", "\n").rstrip("\n")
    return len(body.encode("utf-16-le")) // 2


LATE = 6
"""Days after the meeting from which a thank-you names its date, not only its weekday."""


def as_of(opportunity: Opportunity, day: date) -> Opportunity:
    """The opportunity as it stood on `day`: a status reached later is not known yet, so it was
    still a lead."""
    if opportunity.since is None or opportunity.since <= day:
        return opportunity
    return replace(opportunity, status=OpportunityStatus.LEAD, since=None, steps=())


def their_start(slot: Slot) -> datetime:
    """The meeting's start where its recipient is: their `timezone`, else the meeting's own, else
    the trip's."""
    zone = slot.meeting.person.profile.timezone
    return slot.start.astimezone(ZoneInfo(zone)) if zone else slot.own_start


def their_time(slot: Slot, dates: DateStyle) -> str | None:
    """The start where they are, by city ("16:00 Singapore"), with their date when it is not
    yours ("Tue 27 Apr 17:00 Los Angeles" for a Wednesday 09:00 in Tokyo), for the traveler's own
    pages; None in the same zone."""
    theirs = their_start(slot)
    if same_clock(theirs, slot.start):
        return None
    day = f"{dates.short_date(theirs.date())} " if theirs.date() != slot.start.date() else ""
    return f"{day}{theirs.strftime('%H:%M')} {dates.zone_name(theirs.tzinfo)}"


def same_clock(theirs: datetime, own: datetime) -> bool:
    """True when their clock and yours read the same at that moment (one zone, or Zürich and
    Berlin): the time is said once."""
    return theirs.strftime("%Y-%m-%d %H:%M") == own.strftime("%Y-%m-%d %H:%M")


def zone_label(slot: Slot, dates: DateStyle | None = None, words: Words | None = None) -> str:
    """The time as the recipient reads it, theirs first and zones by city: "16:00 your time
    (Singapore), 09:00 for me in London"; only "10:00" when both clocks read the same.

    `words`: the draft's language.
    """
    dates = dates or DateStyle()
    theirs = their_start(slot)
    if same_clock(theirs, slot.start):
        return theirs.strftime("%H:%M")
    return (words or Words()).phrase(
        "%(time)s your time (%(zone)s), %(own)s for me in %(city)s",
        time=theirs.strftime("%H:%M"),
        zone=dates.zone_name(theirs.tzinfo),
        own=slot.start.strftime("%H:%M"),
        city=dates.zone_name(slot.start.tzinfo),
    )


def time_since(days: int, words: Words) -> str:
    """How long since the last contact, in words: "a few weeks" ...

    "a while".
    """
    for limit, phrase in SINCE:
        if days < limit:
            return words.gettext(phrase)
    return words.gettext(N_("a while"))


SINCE = (
    (28, N_("a few weeks")),
    (45, N_("a month")),
    (75, N_("a couple of months")),
    (120, N_("three months")),
    (170, N_("a few months")),
    (240, N_("six months")),
)
"""Days since the last contact below which each phrase is said (the phrases are catalog
messages)."""


def trip_dates(start: date, end: date, dates: DateStyle | None = None) -> str:
    return (dates or DateStyle()).date_range(start, end)


def tidy(text: str) -> str:
    """Trailing blanks dropped, at most one blank line in a row, one newline at the end; and no
    space after a Chinese or Japanese full stop or closing quotation mark (the templates join
    sentences with a space, which those languages do not)."""
    lines = [
        CJK_STOP_SPACE.sub(r"\1", line.rstrip()) for line in text.replace("\r\n", "\n").split("\n")
    ]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


CJK_STOP_SPACE = re.compile(r"([。！？」』])[ \t]+")
"""A space after a CJK full stop, exclamation or question mark, or a closing 」 or 』 (full-width:
only CJK text has them)."""


def split_subject(text: str) -> tuple[str, str]:
    """(subject, body) of a rendered draft whose first line may be `Subject: ...`."""
    first, _, rest = text.partition("\n")
    if first.lower().startswith("subject:"):
        return first.split(":", 1)[1].strip(), tidy(rest)
    return "", tidy(text)


_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")
SHORT_LINE = 40
"""A line this short or shorter is a line of its own (a greeting, a sign-off, a signature), not a
wrapped one."""


def reflow(text: str) -> str:
    """The traveler's own Markdown draft as a message: paragraphs kept, the line breaks of the YAML
    source dropped.

    Lines stay apart where a person means them to: a Markdown hard break, a list item, a short
    greeting or sign-off ending with a comma, and a block of short lines (a signature).
    """
    paragraphs = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").strip())
    out = []
    for paragraph in paragraphs:
        lines = [line.rstrip("\n") for line in paragraph.split("\n") if line.strip()]
        if not lines:
            continue
        if all(len(line.strip()) <= SHORT_LINE for line in lines):
            out.append("\n".join(line.strip() for line in lines))
            continue
        joined = lines[0].strip()
        for previous, line in zip(lines, lines[1:], strict=False):
            hard = previous.endswith(("  ", "\\"))
            keep = (
                hard
                or _LIST_ITEM.match(line)
                or (len(previous.strip()) <= SHORT_LINE and previous.rstrip().endswith(","))
            )
            if hard:
                joined = joined.rstrip("\\").rstrip()
            joined += ("\n" if keep else " ") + line.strip()
        out.append(joined)
    return "\n\n".join(out) + "\n"


def mailto(to: str, subject: str, body: str) -> str:
    """A mailto: URL (RFC 6068): every reserved character percent-encoded, line breaks as CRLF."""
    query = []
    if subject:
        query.append("subject=" + quote(subject, safe=""))
    if body:
        query.append("body=" + quote(body.rstrip("\n").replace("\n", "\r\n"), safe=""))
    address = quote(to, safe="@!$'*+,;=") if to else ""
    return f"mailto:{address}" + ("?" + "&".join(query) if query else "")


def message(subject: str, body: str, to: str | None) -> Message:
    return Message(subject, body, to or "", mailto(to or "", subject, body))


class Drafts:
    """Each draft is worded once per build: a thank-you shows on its packet (web and print) and on
    the follow-ups page, a confirmation on the web and printed itinerary and the pocket card."""

    def __init__(
        self,
        env: jinja2.Environment,
        trip: TripFile,
        today: date | None = None,
        opportunities: tuple[Opportunity, ...] = (),
        theme: Theme | None = None,
    ):
        """`env` writes in the trip's language; with `theme`, a person whose `language:` is another
        one gets drafts from an environment of that language (its catalog, its dates).

        `today`: once it is past the trip's end, a request asks for a call, not a coffee in the city
        that week.
        """
        self.trip = trip
        self.theme = theme
        self.today = today
        self.after_trip = today is not None and today > trip.end
        """True once the trip is over: a request asks for a call, not a coffee in the city that
        week."""
        self.opportunities = opportunities
        """The plan's opportunities: the thank-you and keep-in-touch drafts say where those they
        helped with stand."""
        own = trip.defaults.page_language
        number = trip.traveler.phone
        self.phone = dialable_phone(number, trip_country(trip)) if number else ""
        """The traveler's phone as the drafts sign with it: dialable from anywhere, since the
        recipient may be abroad ("06 12 34 56 78" cannot be called from Singapore)."""
        self._feminine = trip.traveler.gender is Gender.FEMININE
        """Drafts agree with a woman writing them ("reconnaissante", "obrigada")."""
        self._voices: dict[tuple[Language, bool], Voice] = {
            (own, False): Voice(
                env,
                DateStyle(trip.defaults.date_locale),
                words_for(own, trip.translations, feminine=self._feminine),
            )
        }
        """The environment, dates and words of each language drafts are written in, formal and
        informal (a friend's: du, tu, tú), made when first needed: the pages' own for the trip's
        language (Plan.words agree with the traveler as the drafts do)."""
        self._made: dict[tuple[str, int], tuple[object, Message]] = {}
        """(template, id of the plan object) -> (the object, kept so its id is not reused; the
        draft)."""

    def voice(self, person: Person | None = None) -> Voice:
        """How drafts to `person` are written: their `language`, else the trip's; informally to a
        friend or family (`names.is_familiar`)."""
        own = self.trip.defaults.page_language
        language = person.profile.language if person is not None else None
        language = language or own
        familiar = person is not None and is_familiar(person.profile)
        key = (language, writes_informally(familiar, language))
        if key not in self._voices:
            if self.theme is None:  # one voice: the pages' environment
                return self._voices[(own, False)]
            from generator.render.theme import make_environment

            dates = DateStyle(
                self.trip.defaults.date_locale if key[0] == own else key[0].home_locale
            )
            words = words_for(
                key[0], self.trip.translations, informal=key[1], feminine=self._feminine
            )
            self._voices[key] = Voice(
                make_environment(self.theme, dates=dates, words=words), dates, words
            )
        return self._voices[key]

    def greeting(self, person: Person) -> str:
        """How a draft to `person` addresses them, in the way of its language (names.Address):
        "Ananya", "Frau Dr. Yıldırım", "Prof. Dr. Klaus Müller-Lüdenscheidt",
        "山田 太郎"."""
        words = self.voice(person).words
        found = greeting_of(person.profile, self.address(person))
        if found.gender == "m":
            return words.phrase("Mr. %(name)s", name=found.text)
        if found.gender == "f":
            return words.phrase("Ms. %(name)s", name=found.text)
        return found.text

    def address(self, person: Person | None) -> Address:
        """How a draft to `person` addresses people, them and others it names (names.Address)."""
        words = self.voice(person).words
        return address_for(words.language.value, words.informal)

    @property
    def dates(self) -> DateStyle:
        return self.voice().dates

    def _render(
        self,
        name: str,
        subject: object,
        context: Callable[[], object],
        to: str | None,
        person: Person | None = None,
    ) -> Message:
        made = self._made.get((name, id(subject)))
        if made is None:
            env = self.voice(person).env
            title, body = split_subject(
                env.get_template(f"drafts/{name}.txt").render(draft=context(), phone=self.phone)
            )
            made = self._made[(name, id(subject))] = (subject, message(title, body, to))
        return made[1]

    def confirm(self, slot: Slot, sent_on: date | None = None) -> Message:
        """`sent_on`: the day it goes out (None: the day before the meeting, as before the trip)."""
        person = slot.meeting.person
        name = self.greeting(person)
        voice = self.voice(person)
        tomorrow = sent_on is None or (slot.start.date() - sent_on).days <= 1
        theirs = their_start(slot)
        link = slot.meeting.entry.link if slot.meeting.entry.format.value == "video" else None
        return self._render(
            "confirm",
            slot,
            lambda: ConfirmDraft(
                slot,
                self.trip.traveler,
                name,
                name,
                zone_label(slot, voice.dates, voice.words),
                theirs.strftime("%H:%M"),
                voice.dates.day_heading(theirs.date()),
                tomorrow,
                link,
            ),
            person.profile.email,
            person,
        )

    def _thanks_draft(self, followup: FollowUp, card: bool) -> ThanksDraft:
        person = followup.slot.meeting.person
        name = self.greeting(person)
        debrief = followup.slot.meeting.entry.debrief
        names = names_of(person.profile)
        still = [p for p in (debrief.promises if debrief else ()) if p.done_on is None]
        english = {self.voice(person).words.language, self.trip.defaults.page_language} <= ENGLISH
        promised = tuple(
            clause for p in still if english and (clause := promise_clause(p.text, names))
        )
        as_written = () if english else tuple(sentence(p.text) for p in still)
        slot = followup.slot
        written = followup.sent_on or self.today or slot.start.date()
        here = tuple(
            as_of(o, written)
            for o in self.opportunities
            if o.kind is not None and slot in o.conversations
        )
        dates = self.voice(person).dates
        met = their_start(slot).date()  # a call at 17:00 in Los Angeles was Tuesday there
        day = dates.day_heading(met) if (written - met).days >= LATE else dates.weekday(met)
        introducer = (
            mentioned_name(followup.introducer.profile.name, self.address(person))
            if followup.introducer
            else None
        )
        return ThanksDraft(
            followup,
            self.trip.traveler,
            name,
            name,
            takeaways(debrief),
            promised,
            card,
            promises_as_written=as_written,
            introducer_name=introducer,
            opportunities=here,
            day=day,
        )

    def thanks(self, followup: FollowUp) -> Message:
        """The traveler's own draft when written (its paragraphs kept, its source line breaks not),
        else the theme's."""
        person = followup.slot.meeting.person
        drafted = self._render(
            "thanks",
            followup,
            lambda: self._thanks_draft(followup, False),
            person.profile.email,
            person,
        )
        if followup.thanks:
            return message(drafted.subject, reflow(followup.thanks), person.profile.email)
        return drafted

    def card(self, followup: FollowUp) -> Message | None:
        """The thank-you as a handwritten card's text (drafts/thanks.txt with `card` true), when a
        card is part of it."""
        if not followup.card:
            return None
        made = self._made.get(("thanks-card", id(followup)))
        if made is None:
            env = self.voice(followup.slot.meeting.person).env
            text = env.get_template("drafts/thanks.txt").render(
                draft=self._thanks_draft(followup, True)
            )
            made = self._made[("thanks-card", id(followup))] = (
                followup,
                message("", split_subject(text)[1], None),
            )
        return made[1]

    def nudge(self, clock: RequestClock, offer: SlotOffer | None = None) -> Message:
        person = clock.person
        name = self.greeting(person)
        dates = self.voice(person).dates
        asked = dates.day_heading(clock.asked)
        span = dates.date_range(self.trip.start, self.trip.end)
        sent = max(clock.nudge_on, self.today) if self.today else clock.nudge_on
        until = dates.day_heading(self.trip.end) if self.trip.start <= sent <= self.trip.end else ""
        return self._render(
            "nudge",
            clock,
            lambda: NudgeDraft(
                clock,
                self.trip,
                name,
                name,
                asked,
                span,
                offer,
                sent > self.trip.end,
                person.profile.duration or self.trip.defaults.duration,
                until,
            ),
            person.profile.email,
            person,
        )

    def ping(self, ping: Ping) -> Message:
        person = ping.person
        name = self.greeting(person)
        since = time_since((ping.due - ping.last).days, self.voice(person).words)
        theirs = tuple(o for o in self.opportunities if o.via is person)
        return self._render(
            "ping",
            ping,
            lambda: PingDraft(
                ping,
                self.trip.traveler,
                name,
                name,
                since,
                ping.last_was == "meeting",
                takeaways(ping.debrief) if ping.debrief else (),
                theirs,
            ),
            person.profile.email,
            person,
        )

    def update(self, opportunity: Opportunity, person: Person) -> Message:
        """The note telling `person` (who helped) what happened with the opportunity."""
        name = self.greeting(person)
        return self._render(
            "update",
            opportunity,
            lambda: UpdateDraft(opportunity, person, self.trip.traveler, name),
            person.profile.email,
            person,
        )

    def introducer_thanks(self, followup: FollowUp) -> Message | None:
        introducer = followup.introducer
        if introducer is None:
            return None
        name = self.greeting(introducer)
        return self._render(
            "introducer-thanks",
            followup,
            lambda: IntroducerThanksDraft(
                followup,
                introducer,
                self.trip.traveler,
                name,
                name,
                mentioned_name(followup.slot.meeting.person.profile.name, self.address(introducer)),
            ),
            introducer.profile.email,
            introducer,
        )

    def outreach(
        self, contact: Contact, offer: SlotOffer | None = None, approach: Approach | None = None
    ) -> Message:
        """The request: an e-mail, or a LinkedIn connection note for someone with `outreach.channel:
        linkedin`.
        """
        outreach = contact.person.profile.outreach
        if outreach is not None and outreach.channel is Channel.LINKEDIN:
            return self.linkedin(contact, approach)
        introducer = (
            written_name(contact.introducer.profile.name, self.address(contact.person))
            if contact.introducer
            else None
        )
        if approach is not None and approach.withheld:
            # they may not be named: a template that names `introducer_name` must not get it
            introducer = None
        name = self.greeting(contact.person)
        span = self.voice(contact.person).dates.date_range(self.trip.start, self.trip.end)
        return self._render(
            "outreach",
            contact,
            lambda: OutreachDraft(
                contact,
                self.trip,
                name,
                name,
                introducer,
                span,
                offer,
                approach,
                self.after_trip,
                contact.person.profile.duration or self.trip.defaults.duration,
            ),
            contact.person.profile.email,
            contact.person,
        )

    def linkedin(self, contact: Contact, approach: Approach | None = None) -> Message:
        """The connection note: drafts/linkedin.txt, then again with `brief` true when the full one
        is over the limit (a long name or organisation); `check` warns when even the brief one is
        over."""
        made = self._made.get(("linkedin", id(contact)))
        if made is not None:
            return made[1]
        introducer = (
            written_name(contact.introducer.profile.name, self.address(contact.person))
            if contact.introducer
            else None
        )
        if approach is not None and approach.withheld:
            introducer = None
        limit = PREMIUM_NOTE_LIMIT if self.trip.traveler.linkedin_premium else NOTE_LIMIT
        voice = self.voice(contact.person)
        span = voice.dates.date_range(self.trip.start, self.trip.end)
        profile = contact.person.profile.linkedin or ""
        note = None
        for brief in (False, True):
            draft = LinkedInDraft(
                contact,
                self.trip,
                self.greeting(contact.person),
                introducer,
                span,
                approach,
                limit,
                brief,
                self.after_trip,
            )
            text = voice.env.get_template("drafts/linkedin.txt").render(draft=draft)
            body = split_subject(text)[1]
            note = Message("", body, "", "", limit, profile)
            if note.length <= limit:
                break
        assert note is not None
        self._made[("linkedin", id(contact))] = (contact, note)
        return note

    def reschedule(self, move: Move) -> Message:
        slot = move.slot
        own = slot.own_start
        person = slot.meeting.person
        voice = self.voice(person)
        when = voice.words.phrase(
            "%(day)s at %(time)s",
            day=voice.dates.day_heading(own.date()),
            time=own.strftime("%H:%M"),
        )
        name = self.greeting(person)
        return self._render(
            "reschedule",
            move,
            lambda: RescheduleDraft(move, self.trip.traveler, name, name, when, move.offer),
            person.profile.email,
            person,
        )
