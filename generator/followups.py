"""`infoprep followup`: the thank-yous due or overdue as of a date, as plain text to copy."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from generator.build import load_and_plan
from generator.plan.followup import FollowUpState
from generator.render.drafts import Drafts
from generator.render.theme import make_environment


def followup_report(content: Path, today: date | datetime) -> str:
    """`today`: a date (as of the start of that day) or an instant, read as `check --today` reads it."""
    trip, plan, theme = load_and_plan(content, today)
    dates = plan.dates
    _when = dates.when
    drafts = Drafts(make_environment(theme, dates=dates), trip.info)
    open_items = [p.followup for p in plan.packets if p.followup.open]
    open_items.sort(key=lambda f: (f.state is not FollowUpState.OVERDUE, f.due))
    assert plan.now is not None
    midnight = (plan.now.hour, plan.now.minute) == (0, 0)
    label = dates.long_date(plan.now) + ("" if midnight else f", {plan.now.strftime('%H:%M')} {plan.now.tzname()}")
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
        lines += ["", drafts.thanks(item).text.rstrip()]
        extra = drafts.introducer_thanks(item)
        if extra and item.introducer:
            to = f" <{item.introducer.profile.email}>" if item.introducer.profile.email else ""
            lines += ["", f"Also thank {item.introducer.profile.name}{to}, who introduced you:", "", extra.text.rstrip()]
        lines.append("")
    lines.append(rule)
    return "\n".join(lines) + "\n"
