"""The calendar file: every meeting as an event, every thank-you as a to-do, through icalendar.

Events carry TZID times with matching VTIMEZONE blocks (icalendar writes them from
the zone data), so calendar apps show the right time wherever the phone is.
UIDs come from the meeting id and the trip, so a re-import updates rather than
duplicates, and no two meetings share one. Timestamps come from the content, not
the clock, so the same trip gives the same file.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone

import icalendar

from generator.plan.plan import Plan
from generator.plan.schedule import Slot
from generator.render.markdown import plain_text
from generator.render.paths import Paths


def uid(plan: Plan, meeting_id: str, kind: str = "meeting") -> str:
    digest = hashlib.sha256(f"{plan.trip.info.title}\0{plan.trip.info.start}\0{kind}\0{meeting_id}".encode()).hexdigest()[:24]
    return f"{digest}@infoprep"


def _stamp(plan: Plan) -> datetime:
    """A DTSTAMP that changes only when the trip does: midnight UTC of the trip's first day."""
    first = plan.trip.info.start
    return datetime(first.year, first.month, first.day, tzinfo=timezone.utc)


def _description(slot: Slot, paths: Paths) -> str:
    meeting = slot.meeting
    person = meeting.person.profile
    lines = [person.name + (f", {person.title}" if person.title else "")]
    if meeting.company:
        lines.append(meeting.company.profile.name)
    lines.append(f"Format: {meeting.entry.format.value}")
    if meeting.entry.link:
        lines.append(f"Video link: {meeting.entry.link}")
    if person.phone:
        lines.append(f"Phone: {person.phone}")
    if slot.leave_by:
        lines.append(f"Leave by {slot.leave_by.strftime('%H:%M')}")
    if meeting.entry.agenda:
        lines += ["", plain_text(meeting.entry.agenda)]
    lines += ["", f"Packet: {paths.packet_page(meeting.id)}"]
    return "\n".join(lines)


def _event(plan: Plan, slot: Slot, paths: Paths) -> icalendar.Event:
    meeting = slot.meeting
    event = icalendar.Event()
    event.add("uid", uid(plan, meeting.id))
    event.add("dtstamp", _stamp(plan))
    event.add("dtstart", slot.own_start)
    event.add("dtend", slot.own_end)
    company = f" ({meeting.company.profile.name})" if meeting.company else ""
    event.add("summary", f"{meeting.person.profile.name}{company}")
    if slot.location:
        event.add("location", slot.location)
    elif meeting.entry.link:
        event.add("location", meeting.entry.link)
    if meeting.entry.link:
        event.add("url", meeting.entry.link)
    event.add("description", _description(slot, paths))
    event.add("categories", ["Informational interview"])
    event.add("transp", "OPAQUE")
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Leave for {meeting.person.profile.name}" if slot.leave_by else f"Soon: {meeting.person.profile.name}")
    lead = (slot.start - slot.leave_by) if slot.leave_by else timedelta(minutes=30)
    alarm.add("trigger", -(lead + timedelta(minutes=15)))
    event.add_component(alarm)
    return event


def _todo(plan: Plan, slot: Slot) -> icalendar.Todo:
    followup = plan.packet(slot.meeting.id).followup
    todo = icalendar.Todo()
    todo.add("uid", uid(plan, slot.meeting.id, "thanks"))
    todo.add("dtstamp", _stamp(plan))
    todo.add("summary", f"Thank-you note to {slot.meeting.person.profile.name}")
    todo.add("dtstart", slot.end)
    todo.add("due", followup.due)
    done = followup.state.value in ("sent", "not-needed")
    todo.add("status", "COMPLETED" if done else "NEEDS-ACTION")
    if not done:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Send your thank-you to {slot.meeting.person.profile.name}")
        alarm.add("trigger", timedelta(hours=-4), parameters={"RELATED": "END"})
        todo.add_component(alarm)
    return todo


def render_calendar(plan: Plan, paths: Paths) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//infoprep//infoprep//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", plan.trip.info.title)
    cal.add("x-wr-timezone", plan.trip.info.timezone)
    for slot in plan.schedule.slots:
        cal.add_component(_event(plan, slot, paths))
    for slot in plan.schedule.slots:
        cal.add_component(_todo(plan, slot))
    # Zone rules for the trip's year and the next: small, and enough for every event and to-do.
    info = plan.trip.info
    cal.add_missing_timezones(first_date=date(info.start.year - 1, 1, 1), last_date=date(info.end.year + 2, 1, 1))
    return cal.to_ical()
