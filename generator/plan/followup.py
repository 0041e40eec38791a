"""Thank-yous: when each is due, where it stands, and who else deserves one.

"Now" is a parameter, never the clock: the same content and instant always give the same answer.
Draft wording lives in the theme (render/drafts.py); this module decides only facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from enum import Enum

from generator.content.entry_models import FollowUpStatus, ThanksChannel
from generator.content.names import plain_name, written_name
from generator.content.trip import Person, Trip
from generator.plan.schedule import Schedule, Slot


class FollowUpState(str, Enum):
    UPCOMING = "upcoming"
    """The meeting has not happened yet."""

    DUE = "due"
    """The meeting has begun or happened; the thank-you's due time has not passed."""

    OVERDUE = "overdue"
    """The due time has passed."""

    SENT = "sent"
    NOT_NEEDED = "not-needed"


@dataclass(frozen=True)
class FollowUp:
    slot: Slot
    due: datetime
    """Aware, in the trip's time zone."""

    state: FollowUpState
    introducer: Person | None
    """Thank them too: they made the meeting happen."""

    gift: str | None
    sent_on: date | None
    thanks: str | None
    """The traveler's own draft (Markdown), when written."""

    channel: ThanksChannel = ThanksChannel.EMAIL
    """email, card or both."""
    mailed_on: date | None = None
    """When the card was posted."""
    mailing_address: str | None = None
    """Where the card goes, as its envelope says it: their name, then their `mailing_address`, else
    their organisation's formal name and address ("Dr Nguyễn Thị Mai, Doctolib SAS, 54 quai
    Charles Pasqua, 92300 Levallois-Perret")."""

    @property
    def open(self) -> bool:
        return self.state in (FollowUpState.DUE, FollowUpState.OVERDUE)

    @property
    def card(self) -> bool:
        """A handwritten card is part of this thank-you."""
        return (
            self.channel is not ThanksChannel.EMAIL and self.state is not FollowUpState.NOT_NEEDED
        )

    @property
    def card_to_post(self) -> bool:
        """A card that is part of this thank-you and not posted yet."""
        return self.card and self.mailed_on is None

    @property
    def email(self) -> bool:
        """An e-mail is part of this thank-you."""
        return self.channel is not ThanksChannel.CARD


def state_of(slot: Slot, due: datetime, status: FollowUpStatus, now: datetime) -> FollowUpState:
    """Where a thank-you stands at the instant `now` (aware): due from the meeting's start, overdue
    the minute after its due time.

    The same instant gives the same answer in `check`, `followup` and the built pages.
    """
    if status is FollowUpStatus.SENT:
        return FollowUpState.SENT
    if status is FollowUpStatus.NOT_NEEDED:
        return FollowUpState.NOT_NEEDED
    if slot.start > now:
        return FollowUpState.UPCOMING
    return FollowUpState.OVERDUE if due < now else FollowUpState.DUE


def plan_followups(trip: Trip, schedule: Schedule, now: datetime) -> dict[str, FollowUp]:
    hours = trip.info.defaults.follow_up_within
    out = {}
    for slot in schedule.slots:
        entry = slot.meeting.entry.follow_up
        status = entry.status if entry else FollowUpStatus.PENDING
        if (
            entry
            and entry.channel is ThanksChannel.CARD
            and entry.mailed_on
            and status is FollowUpStatus.PENDING
        ):
            status = FollowUpStatus.SENT  # a card-only thank-you is sent when it is posted
        person = slot.meeting.person
        # Real elapsed hours: across a clock change, 24 hours is not the same clock time tomorrow.
        due = (slot.end.astimezone(timezone.utc) + timedelta(hours=hours)).astimezone(
            slot.end.tzinfo
        )
        introducer_slug = slot.meeting.person.introducer
        out[slot.meeting.id] = FollowUp(
            slot=slot,
            due=due,
            state=state_of(slot, due, status, now),
            introducer=trip.people[introducer_slug] if introducer_slug else None,
            gift=entry.gift if entry else None,
            sent_on=entry.sent_on if entry else None,
            thanks=entry.thanks if entry else None,
            channel=entry.channel if entry else ThanksChannel.EMAIL,
            mailed_on=entry.mailed_on if entry else None,
            mailing_address=_envelope(person),
        )
    return out


def _envelope(person: Person) -> str | None:
    """Who and where a card goes to, on one line; None when no address is known."""
    name = written_name(person.profile.name)
    written = person.profile.mailing_address
    if written:  # as written when it names them already ("Dr. Meera Raghunathan, 2207 ...")
        named = plain_name(name).casefold() in written.casefold()
        return written if named else f"{name}, {written}"
    company = person.company
    if company is None or not company.profile.address:
        return None
    return f"{name}, {company.profile.name}, {company.profile.address}"
