"""The calendar's to-dos beyond thank-yous: outreach steps, promises, the next keep-in-touch ping and each
opportunity's open steps (apply by, check in, tell whoever helped).

Each is a VTODO with DUE as a date (it is a day's task, not a minute's), and a UID made from
what it is about, so importing the file again updates it rather than adding another. A
promise marked done is COMPLETED; an outreach step or ping leaves the file once it is done
(the nudge sent, someone else asked, the ping's new date replaces the old one under the same UID).
"""

from __future__ import annotations

from generator.plan.agenda import opportunity_words
from generator.plan.outreach import StepKind
from generator.plan.plan import Plan
from generator.render.calendar import Entry, Property, _stamp, sequence, uid


def _todo(plan: Plan, key: str, kind: str, summary: str, due: object, done: bool = False, description: str = "") -> Entry:
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


def followup_todos(plan: Plan) -> list[Entry]:
    entries = []
    for slug, clock in plan.clocks.items():
        for step in clock.steps:
            name = step.person.profile.name
            if step.kind is StepKind.NUDGE:
                entries.append(_todo(plan, slug, "nudge", f"Nudge {name} (no reply in 7 business days)", step.due,
                                     description=f"One short, polite follow-up to your request of {str(clock.asked)[:16]}."))
            else:
                entries.append(_todo(plan, slug, "second-person", step.summary[0].upper() + step.summary[1:], step.due,
                                     description=f"No reply from {name} in 3 business days."))
    for index, promise in enumerate(plan.debriefs.promises):
        key = f"{promise.slot.meeting.id}\0{promise.promise.text}\0{index}"
        entries.append(_todo(plan, key, "promise", f"Promised {promise.person.profile.name}: {promise.promise.text}",
                             promise.due, promise.done))
    for slug, ping in plan.pings.items():
        entries.append(_todo(plan, slug, "ping", f"Get back in touch with {ping.person.profile.name} ({ping.every})", ping.due,
                             description=f"Last {ping.last_was}: {ping.last.isoformat()}."))
    for opportunity in plan.opportunities:
        for move in opportunity.steps:  # open steps; a done one leaves the file, as an outreach step does
            words = opportunity_words(opportunity, move)
            key = f"{opportunity.id}\0{move.kind.value}"
            window = f" Between {move.due.isoformat()} and {move.until.isoformat()}." if move.until != move.due else ""
            entries.append(_todo(plan, key, "opportunity", words[:1].upper() + words[1:], move.due,
                                 description=f"{opportunity.status.value.capitalize()}.{window}"))
    return entries
