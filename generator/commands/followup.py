"""`infoprep followup`: everything due or overdue on a day, in date order, with drafts to copy.

Outreach steps (a second person to ask, a nudge), promises from debriefs, thank-yous, cards to post
and keep-in-touch pings come from one list (plan/agenda.py), the one `check` warns from. Someone
with nothing due is not listed.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from generator.plan.agenda import AgendaItem, Task, opportunity_words
from generator.plan.opportunities import Opportunity, OpportunityStep, OpportunityStepKind
from generator.plan.plan import Plan
from generator.reading import load_and_plan
from generator.render.drafts import Drafts
from generator.render.template_errors import templates_located
from generator.render.theme import make_environment

RULE = "-" * 72
LABELS = {
    Task.SECOND_PERSON: "Ask a second person",
    Task.NUDGE: "Nudge",
    Task.PROMISE: "Promise",
    Task.THANKS: "Thank-you",
    Task.CARD: "Card to post",
    Task.PING: "Keep in touch",
    Task.OPPORTUNITY: "Opportunity",
}

COUNTED = {
    Task.SECOND_PERSON: ("second person to ask", "second people to ask"),
    Task.NUDGE: ("nudge", "nudges"),
    Task.PROMISE: ("promise", "promises"),
    Task.THANKS: ("thank-you", "thank-yous"),
    Task.CARD: ("card to post", "cards to post"),
    Task.PING: ("ping", "pings"),
    Task.OPPORTUNITY: ("opportunity step", "opportunity steps"),
}


def _who(item: AgendaItem) -> str:
    if item.opportunity is not None:  # named by what it is: its step says who it involves
        opportunity = item.opportunity
        where = f", {opportunity.organisation}" if opportunity.organisation else ""
        return opportunity.title + where
    assert item.person is not None  # every other step is about someone
    company = item.person.company
    return item.person.profile.name + (f", {company.short}" if company else "")


def _block(item: AgendaItem, plan: Plan, drafts: Drafts) -> list[str]:
    when = plan.dates.when
    day = plan.dates.short_date
    state = "OVERDUE" if item.overdue else "DUE"
    lines = [RULE, f"{state}: {LABELS[item.task]}: {_who(item)}"]
    if item.opportunity is not None and item.opportunity_step is not None:
        return lines + _opportunity(item.opportunity, item.opportunity_step, plan, drafts) + [""]
    assert item.person is not None  # every other step is about someone
    if item.followup is not None:
        followup = item.followup
        slot = followup.slot
        if item.task is Task.THANKS:
            lines.append(
                f"Met {when(slot.start)} · due {when(followup.due)} {followup.due.tzname()}"
            )
        else:
            lines.append(
                f"Met {day(slot.start)} · post it by {day(plan.trip.info.end)}, before you leave "
                f"{plan.trip.info.city}"
            )
        if item.task is Task.THANKS and followup.email:
            if item.person.profile.email:
                lines.append(f"To: {item.person.profile.email}")
            if followup.gift:
                lines.append(f"Gift: {followup.gift}")
            lines += ["", drafts.thanks(followup).text.rstrip()]
        card = drafts.card(followup)
        if card is not None:
            address = f" (to {followup.mailing_address})" if followup.mailing_address else ""
            lines += [
                "",
                f"The card{address}:",
                "",
                card.body.rstrip(),
            ]
        extra = drafts.introducer_thanks(followup) if item.task is Task.THANKS else None
        if extra and followup.introducer:
            to = (
                f" <{followup.introducer.profile.email}>"
                if followup.introducer.profile.email
                else ""
            )
            lines += [
                "",
                f"Also thank {followup.introducer.profile.name}{to}, who introduced you:",
                "",
                extra.text.rstrip(),
            ]
    elif item.step is not None and item.clock is not None:
        clock = item.clock
        lines.append(
            f"Asked {day(clock.asked)} · {clock.waited} business days without a reply · due "
            f"{day(item.step.due)}"
        )
        offer = plan.openings.offers.get(item.person.slug)
        if item.task is Task.NUDGE:
            if item.person.profile.email:
                lines.append(f"To: {item.person.profile.email}")
            lines += [
                "",
                drafts.nudge(clock, offer).text.rstrip(),
                "",
                "Then set outreach.nudged_on in their file.",
            ]
        else:
            second = item.step.second
            assert second is not None
            lines.append(item.step.summary[0].upper() + item.step.summary[1:])
            # Nobody else there: the next person on the target list.
            candidate = second.candidate or second.elsewhere
            if candidate is not None:
                contact = plan.network.contact(candidate.slug)
                message = drafts.outreach(
                    contact,
                    plan.openings.offers.get(candidate.slug),
                    plan.approaches.get(candidate.slug),
                )
                if message.limit is not None:
                    where = f" from {message.profile}" if message.profile else ""
                    count = f"{message.length}/{message.limit} characters"
                    lines.append(f"LinkedIn connection note{where} ({count}):")
                elif candidate.profile.email:
                    lines.append(f"To: {candidate.profile.email}")
                lines += ["", message.text.rstrip()]
                if second.others:
                    lines += [
                        "",
                        "Others still to ask there: "
                        + ", ".join(p.profile.name for p in second.others),
                    ]
    elif item.promise is not None:
        promise = item.promise
        lines.append(f"Promised {day(promise.slot.start)} · due {day(promise.due)}")
        lines += ["", promise.promise.text, "", "Then set its done_on in schedule.yaml."]
    elif item.ping is not None:
        ping = item.ping
        lines.append(
            f"{ping.every[0].upper() + ping.every[1:]} · last {ping.last_was} {day(ping.last)} · "
            f"due {day(ping.due)}"
        )
        if item.person.profile.email:
            lines.append(f"To: {item.person.profile.email}")
        lines += ["", drafts.ping(ping).text.rstrip(), "", "Then set last_contact in their file."]
    lines.append("")
    return lines


def _opportunity(
    opportunity: Opportunity, step: OpportunityStep, plan: Plan, drafts: Drafts
) -> list[str]:
    day = plan.dates.short_date
    window = f"{day(step.due)} to {day(step.until)}" if step.until != step.due else day(step.due)
    since = f" since {day(opportunity.since)}" if opportunity.since else ""
    words = opportunity_words(opportunity, step)
    status = opportunity.status.value.capitalize()
    lines = [f"{status}{since} · {window}", words[:1].upper() + words[1:]]
    if opportunity.conversations:
        met = [
            f"{s.meeting.person.profile.name}, {day(s.start)}" for s in opportunity.conversations
        ]
        lines.append("Heard of it from: " + "; ".join(met))
    if step.kind is OpportunityStepKind.TELL and step.person is not None:
        if step.person.profile.email:
            lines.append(f"To: {step.person.profile.email}")
        lines += [
            "",
            drafts.update(opportunity, step.person).text.rstrip(),
            "",
            "Then set told_on in its opportunities.yaml entry.",
        ]
    elif opportunity.tracked is None:
        lines += [
            "",
            "When it moves, add it to opportunities.yaml (title, organisation, status, since).",
        ]
    else:
        where = opportunity.tracked.source.location
        lines += ["", f"When it moves, change its status and since ({where})."]
    return lines


def _open_opportunities(plan: Plan) -> list[str]:
    """Every open opportunity with its next step: what `followup` ends with, due or not."""
    open_ones = [o for o in plan.opportunities if o.open]
    if not open_ones:
        return []
    lines = [RULE, f"Open opportunities ({len(open_ones)}):"]
    for o in open_ones:
        where = f" ({o.organisation})" if o.organisation else ""
        step = o.next_step
        when = plan.dates.short_date(step.due) if step else ""
        nxt = f": next, {opportunity_words(o, step)}, {when}" if step else ""
        lines.append(f"  {o.status.value:<12} {o.title}{where}{nxt}")
    return lines + [""]


def followup_report(content: Path, today: date | datetime) -> str:
    """`today`: a date (as of the start of that day) or an instant, read as `check --today` reads
    it."""
    trip, plan, theme = load_and_plan(content, today)
    dates = plan.dates
    drafts = Drafts(
        make_environment(theme, dates=dates, words=plan.words),
        trip.info,
        plan.today,
        plan.opportunities,
        theme,
    )
    assert plan.now is not None
    midnight = (plan.now.hour, plan.now.minute) == (0, 0)
    label = dates.long_date(plan.now) + (
        "" if midnight else f", {plan.now.strftime('%H:%M')} {plan.now.tzname()}"
    )
    items = plan.agenda
    if not items:
        # Every meeting that has not begun, whatever its follow_up says: one already marked sent
        # or not-needed is still ahead of you.
        upcoming = sum(p.slot.start > plan.now for p in plan.packets)
        tail = f" ({upcoming} meeting{'s' * (upcoming != 1)} still ahead)" if upcoming else ""
        rest = _open_opportunities(plan)
        nothing = (
            f"Nothing due as of {label}{tail}: no thank-yous, outreach steps, promises or pings.\n"
        )
        return nothing + ("\n" + "\n".join(rest) if rest else "")
    overdue = sum(i.overdue for i in items)
    counts = ", ".join(
        f"{n} {COUNTED[t][n != 1]}" for t in Task if (n := sum(i.task is t for i in items))
    )
    lines = [f"Follow-ups as of {label}: {len(items)} due ({overdue} overdue): {counts}", ""]
    with templates_located(
        trip.root, trip.source.location.file.rsplit("/", 1)[0]
    ):  # a draft override's mistake
        for item in items:
            lines += _block(item, plan, drafts)
    lines += _open_opportunities(plan)
    lines.append(RULE)
    return "\n".join(lines) + "\n"
