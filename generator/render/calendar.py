"""The calendar file: every meeting as an event; thank-yous, outreach steps, promises, pings and
each opportunity's open steps (apply by, check in, tell whoever helped) as to-dos.

Events carry TZID times with matching VTIMEZONE blocks (icalendar writes them from
the zone data), so calendar apps show the right time wherever the phone is. Its words are the
trip's language: labels from the catalog, and each to-do's summary from the theme's
`agenda_summary` macro, the words the follow-ups page uses for the same task.
UIDs come from the meeting id and the trip, so a re-import updates rather than
duplicates, and no two meetings share one. DTSTAMP is the build's time, which the
build passes in (SOURCE_DATE_EPOCH when set, so the same trip gives the same file),
and SEQUENCE follows from it, so a moved meeting moves on the phone (see `sequence`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from markupsafe import Markup

from generator.content.catalog import Words
from generator.content.phones import display_phone, trip_country
from generator.plan.agenda import AgendaItem, Task, opportunity_words
from generator.plan.outreach import StepKind
from generator.plan.plan import Plan
from generator.plan.schedule import Slot
from generator.render.markdown import Notes
from generator.render.paths import Paths

# imported where a calendar is made (30 ms): not before a build's first PDF can start
if TYPE_CHECKING:
    import icalendar
    import jinja2

    from generator.plan.keep_in_touch import Ping


@dataclass(frozen=True)
class CalendarWords:
    """The theme's macros (`_macros.html`) the calendar words its entries with, as plain text: the
    same words the pages use for the same thing, in the trip's language."""

    env: jinja2.Environment
    city: str

    def _macro(self, name: str) -> Callable[..., str]:
        # a trip's own _macros.html from before a macro existed: the default theme's
        for template in ("_macros.html", "default/_macros.html"):
            found = getattr(self.env.get_template(template).module, name, None)
            if found is not None:
                return found  # type: ignore[no-any-return]
        raise LookupError(name)

    def _text(self, name: str, *arguments: object) -> str:
        return " ".join(Markup(self._macro(name)(*arguments)).unescape().split())

    def task(self, item: AgendaItem) -> str:
        """What to do, as the follow-ups page says it, its first letter a capital."""
        return _sentence(self._text("agenda_summary", item, self.city))

    def meeting_format(self, slot: Slot) -> str:
        return self._text("meeting_format", slot)

    def keep_in_touch(self, ping: Ping) -> str:
        return self._text("keep_in_touch", ping)


def _sentence(text: str) -> str:
    """A summary as a calendar shows it: its first letter a capital (a no-op in CJK scripts)."""
    return text[:1].upper() + text[1:]


def uid(plan: Plan, meeting_id: str, kind: str = "meeting") -> str:
    digest = hashlib.sha256(
        f"{plan.trip.info.title}\0{plan.trip.info.start}\0{kind}\0{meeting_id}".encode()
    ).hexdigest()[:24]
    return f"{digest}@infoprep"


def _stamp(plan: Plan) -> datetime:
    """DTSTAMP: when the build that wrote the file ran (the build passes it in: SOURCE_DATE_EPOCH
    when set, so two builds of the same content are byte-identical); midnight UTC of the trip's
    first day for a plan made without it."""
    if plan.built_at is not None:
        return plan.built_at.astimezone(timezone.utc).replace(microsecond=0)
    first = plan.trip.info.start
    return datetime(first.year, first.month, first.day, tzinfo=timezone.utc)


SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=timezone.utc)


def sequence(plan: Plan) -> int:
    """SEQUENCE, without keeping state between builds: the seconds from 2020-01-01 UTC to DTSTAMP.

    Calendar apps take an event again only when its SEQUENCE is higher than the one they hold. A
    file written by a later build always has a higher one, so a meeting moved since the last import
    moves on the phone too, even when the two builds are seconds apart (minutes gave both the same
    number, and the phone kept the old time); the same build time (SOURCE_DATE_EPOCH) gives the same
    number, so the file stays reproducible. It fits RFC 5545's signed 32-bit integer until 2088.
    """
    return max(0, int((_stamp(plan) - SEQUENCE_EPOCH).total_seconds()))


def packet_url(plan: Plan, paths: Paths, meeting_id: str) -> str | None:
    """The packet's address on the published site (site.url), or None: a relative path means nothing
    in a calendar app."""
    base = plan.trip.info.site.url
    if not base:
        return None
    return base.rstrip("/") + "/" + paths.packet_page(meeting_id).removesuffix("index.html")


def _description(
    slot: Slot,
    words: Words,
    say: CalendarWords,
    notes: Notes,
    url: str | None = None,
    country: str | None = None,
) -> str:
    meeting = slot.meeting
    person = meeting.person.profile
    lines = [person.name + (f", {person.title}" if person.title else "")]
    if meeting.company:
        lines.append(meeting.company.profile.name)
    lines.append(say.meeting_format(slot))
    if meeting.entry.link:
        lines.append(words.phrase("Video link: %(link)s", link=meeting.entry.link))
    if person.phone:
        lines.append(words.phrase("Phone: %(number)s", number=display_phone(person.phone, country)))
    if slot.leave_by:
        lines.append(words.phrase("Leave by %(time)s", time=slot.leave_by.strftime("%H:%M")))
    if meeting.entry.agenda:
        lines += ["", notes.plain(meeting.entry.agenda)]
    if url:
        lines += ["", words.phrase("Packet: %(url)s", url=url)]
    return "\n".join(lines)


Property = tuple[str, object] | tuple[str, object, tuple[tuple[str, str], ...]]
"""One property of a component: name, value and, if any, its parameters."""


@dataclass(frozen=True)
class Entry:
    """What one event or to-do is made of, and nothing else: the memo key is its repr."""

    kind: str
    properties: tuple[Property, ...]
    alarm: tuple[Property, ...] = ()

    def component(self) -> icalendar.Component:
        import icalendar

        component = icalendar.Event() if self.kind == "event" else icalendar.Todo()
        _add(component, self.properties)
        if self.alarm:
            alarm = icalendar.Alarm()
            _add(alarm, self.alarm)
            component.add_component(alarm)
        return component

    def zones(self) -> set[str]:
        return {
            v.tzinfo.key
            for _, v, *_ in self.properties
            if isinstance(v, datetime) and isinstance(v.tzinfo, ZoneInfo)
        }


def _add(component: icalendar.Component, properties: tuple[Property, ...]) -> None:
    for name, value, *parameters in properties:
        if parameters:
            component.add(name, value, parameters=dict(parameters[0]))  # type: ignore[arg-type]
        else:
            component.add(name, list(value) if isinstance(value, tuple) else value)


def _event(plan: Plan, slot: Slot, paths: Paths, notes: Notes, say: CalendarWords) -> Entry:
    meeting, words = slot.meeting, plan.words
    company = f" ({meeting.company.short})" if meeting.company else ""
    location = slot.location or meeting.entry.link
    lead = (slot.start - slot.leave_by) if slot.leave_by else timedelta(minutes=30)
    hosted = packet_url(plan, paths, meeting.id)
    properties: list[Property] = [
        ("uid", uid(plan, meeting.id)),
        ("dtstamp", _stamp(plan)),
        ("sequence", sequence(plan)),
        ("dtstart", slot.own_start),
        ("dtend", slot.own_end),
        ("summary", f"{meeting.person.profile.name}{company}"),
        *((("location", location),) if location else ()),
        *((("url", meeting.entry.link or hosted),) if meeting.entry.link or hosted else ()),
        (
            "description",
            _description(slot, words, say, notes, hosted, trip_country(plan.trip.info)),
        ),
        ("categories", (words.gettext("Informational interview"),)),
        ("transp", "OPAQUE"),
    ]
    alarm: tuple[Property, ...] = (
        ("action", "DISPLAY"),
        (
            "description",
            words.phrase("Leave for %(name)s", name=meeting.person.profile.name)
            if slot.leave_by
            else words.phrase("Soon: %(name)s", name=meeting.person.profile.name),
        ),
        ("trigger", -(lead + timedelta(minutes=15))),
    )
    return Entry("event", tuple(properties), alarm)


def _todo(plan: Plan, slot: Slot, say: CalendarWords) -> Entry:
    followup = plan.packet(slot.meeting.id).followup
    done = followup.state.value in ("sent", "not-needed")
    person = slot.meeting.person
    task = AgendaItem(Task.THANKS, person, followup.due, False, "", followup=followup)
    summary = say.task(task)
    properties: tuple[Property, ...] = (
        ("uid", uid(plan, slot.meeting.id, "thanks")),
        ("dtstamp", _stamp(plan)),
        ("sequence", sequence(plan)),
        ("summary", summary),
        ("dtstart", slot.end),
        ("due", followup.due),
        ("status", "COMPLETED" if done else "NEEDS-ACTION"),
    )
    alarm: tuple[Property, ...] = ()
    if not done:
        alarm = (
            ("action", "DISPLAY"),
            ("description", summary),
            ("trigger", timedelta(hours=-4), (("RELATED", "END"),)),
        )
    return Entry("todo", properties, alarm)


# The to-dos beyond thank-yous: outreach steps, promises, the next keep-in-touch ping and each
# opportunity's open steps (apply by, check in, tell whoever helped).
# Each is a VTODO with DUE as a date (a day's task, not a minute's), and a UID made from what
# it is about, so importing the file again updates it rather than adding another. A promise
# marked done is COMPLETED; an outreach step or ping leaves the file once it is done.
def _step_todo(
    plan: Plan,
    key: str,
    kind: str,
    summary: str,
    due: object,
    done: bool = False,
    description: str = "",
) -> Entry:
    properties: list[Property] = [
        ("uid", uid(plan, key, kind)),
        ("dtstamp", _stamp(plan)),
        ("sequence", sequence(plan)),
        ("summary", summary),
        ("due", due),
        ("status", "COMPLETED" if done else "NEEDS-ACTION"),
    ]
    if description:
        properties.append(("description", description))
    return Entry("todo", tuple(properties))


def _asked(plan: Plan, asked: date | datetime) -> str:
    """When a request went out, as the trip writes dates (with its time when one was written)."""
    return plan.dates.when(asked) if isinstance(asked, datetime) else plan.dates.medium_date(asked)


def followup_todos(plan: Plan, say: CalendarWords) -> list[Entry]:
    """Every to-do beyond the thank-yous; `say` words each one as the follow-ups page does."""
    words, entries = plan.words, []
    for slug, clock in plan.clocks.items():
        for step in clock.steps:
            name, due = step.person.profile.name, _day_start(step.due)
            if step.kind is StepKind.NUDGE:
                task = AgendaItem(Task.NUDGE, step.person, due, False, step.summary, step=step)
                asked = _asked(plan, clock.asked)
                entries.append(
                    _step_todo(
                        plan,
                        slug,
                        "nudge",
                        say.task(task),
                        step.due,
                        description=words.phrase("Asked %(date)s; no reply yet.", date=asked),
                    )
                )
            else:
                task = AgendaItem(
                    Task.SECOND_PERSON, step.person, due, False, step.summary, step=step
                )
                entries.append(
                    _step_todo(
                        plan,
                        slug,
                        "second-person",
                        say.task(task),
                        step.due,
                        description=words.phrase("No reply from %(name)s yet.", name=name),
                    )
                )
    for index, promise in enumerate(plan.debriefs.promises):
        key = f"{promise.slot.meeting.id}\0{promise.promise.text}\0{index}"
        task = AgendaItem(
            Task.PROMISE, promise.person, _day_start(promise.due), False, "", promise=promise
        )
        entries.append(
            _step_todo(
                plan,
                key,
                "promise",
                say.task(task),
                promise.due,
                promise.done,
            )
        )
    for slug, ping in plan.pings.items():
        task = AgendaItem(Task.PING, ping.person, _day_start(ping.due), False, "", ping=ping)
        entries.append(
            _step_todo(
                plan,
                slug,
                "ping",
                say.task(task),
                ping.due,
                description=say.keep_in_touch(ping),
            )
        )
    for opportunity in plan.opportunities:
        # open steps; a done one leaves the file, as an outreach step does
        for move in opportunity.steps:
            task = AgendaItem(
                Task.OPPORTUNITY,
                move.person or opportunity.via,
                _day_start(move.due),
                False,
                opportunity_words(opportunity, move),
                opportunity=opportunity,
                opportunity_step=move,
            )
            key = f"{opportunity.id}\0{move.kind.value}"
            status = _sentence(words.gettext(opportunity.status.value))
            window = (
                words.phrase(
                    "%(status)s. Between %(start)s and %(end)s.",
                    status=status,
                    start=plan.dates.medium_date(move.due),
                    end=plan.dates.medium_date(move.until),
                )
                if move.until != move.due
                else words.phrase(
                    "%(status)s. On %(date)s.", status=status, date=plan.dates.medium_date(move.due)
                )
            )
            entries.append(
                _step_todo(
                    plan,
                    key,
                    "opportunity",
                    say.task(task),
                    move.due,
                    description=window,
                )
            )
    return entries


def _day_start(day: date) -> datetime:
    """An agenda item's moment for a dated to-do (its order only; the to-do is due on the day)."""
    return datetime(day.year, day.month, day.day)


def _serialized(entry: Entry) -> str:
    return str(entry.component().to_ical().decode("utf-8"))


def render_calendar(
    plan: Plan, paths: Paths, notes: Notes, env: jinja2.Environment | None = None
) -> bytes:
    """The calendar file, worded by the macros of `env`'s theme (None: the default theme's)."""
    if env is None:
        from generator.render.theme import THEMES_DIR, make_environment, resolve_theme

        theme = resolve_theme("default", THEMES_DIR)
        env = make_environment(theme, dates=plan.dates, words=plan.words)
    say = CalendarWords(env, plan.trip.info.city)
    entries = [_event(plan, slot, paths, notes, say) for slot in plan.schedule.slots] + [
        _todo(plan, slot, say) for slot in plan.schedule.slots
    ]
    entries += followup_todos(plan, say)
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//infoprep//infoprep//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # Explicitly TEXT: icalendar writes an X- property it does not know as it is, where only an
    # `assert` (gone under PYTHONOPTIMIZE=1) stood between a line break and a forged component.
    cal.add("x-wr-calname", icalendar.vText(plan.trip.info.title))
    cal.add("x-wr-timezone", icalendar.vText(plan.trip.info.timezone))
    # Zone rules for the trip's year and the next (small, and enough for every event and to-do),
    # before the entries that use them, in a fixed order so the same trip gives the same file.
    info = plan.trip.info
    for zone in sorted(set().union(*(entry.zones() for entry in entries))):
        cal.add_component(
            icalendar.Timezone.from_tzid(
                zone,
                first_date=date(info.start.year - 1, 1, 1),
                last_date=date(info.end.year + 2, 1, 1),
            )
        )
    head, end = cal.to_ical().decode("utf-8").rsplit("END:VCALENDAR", 1)
    return (head + "".join(_serialized(entry) for entry in entries) + "END:VCALENDAR" + end).encode(
        "utf-8"
    )
