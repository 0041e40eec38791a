"""`infoprep followup`: the thank-yous due or overdue as of a date, as plain text to copy."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.build import load_and_plan
from generator.plan.followup import FollowUpState
from generator.render.drafts import Drafts
from generator.render.theme import make_environment


def _when(value) -> str:  # type: ignore[no-untyped-def]
    return f"{value.strftime('%a %b')} {value.day} {value.strftime('%H:%M')}"


def followup_report(content: Path, today: date) -> str:
    trip, plan, theme = load_and_plan(content, today)
    drafts = Drafts(make_environment(theme), trip.info)
    open_items = [p.followup for p in plan.packets if p.followup.open]
    open_items.sort(key=lambda f: (f.state is not FollowUpState.OVERDUE, f.due))
    label = f"{today.strftime('%A')}, {today.strftime('%B')} {today.day}, {today.year}"
    if not open_items:
        upcoming = sum(p.followup.state is FollowUpState.UPCOMING for p in plan.packets)
        tail = f" ({upcoming} meeting{'s' * (upcoming != 1)} still ahead)" if upcoming else ""
        return f"No thank-yous due as of {label}{tail}.\n"
    overdue = sum(f.state is FollowUpState.OVERDUE for f in open_items)
    lines = [f"Thank-yous as of {label}: {len(open_items)} to send ({overdue} overdue)", ""]
    rule = "-" * 72
    for item in open_items:
        slot = item.slot
        person = slot.meeting.person.profile
        company = f", {slot.meeting.company.profile.name}" if slot.meeting.company else ""
        lines.append(rule)
        lines.append(f"{item.state.value.upper()}: {person.name}{company}")
        lines.append(f"Met {_when(slot.start)} · due {_when(item.due)} {item.due.tzname()}")
        if person.email:
            lines.append(f"To: {person.email}")
        if item.gift:
            lines.append(f"Gift: {item.gift}")
        lines += ["", drafts.thanks(item).rstrip()]
        extra = drafts.introducer_thanks(item)
        if extra and item.introducer:
            to = f" <{item.introducer.profile.email}>" if item.introducer.profile.email else ""
            lines += ["", f"Also thank {item.introducer.profile.name}{to}, who introduced you:", "", extra.rstrip()]
        lines.append("")
    lines.append(rule)
    return "\n".join(lines) + "\n"
