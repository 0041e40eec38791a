"""`check` renders the user's own templates against the real contexts, so a typo fails `check`, not
`build`.

A template override or a theme folder is code the user wrote; the only way to know it works with
this trip is to render it with this trip's contexts, as `build` does, without making any PDF. Every
distinct mistake is reported once, at the template's file and line (template_errors.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import jinja2

from generator.errors import Finding
from generator.plan.plan import Plan
from generator.render.drafts import Drafts
from generator.render.pages import PageBuilder
from generator.render.paths import Paths
from generator.render.template_errors import raised_in_template, template_finding
from generator.render.theme import BUILTIN_THEMES, CompiledTemplates, Theme, make_environment

MAX_FINDINGS = 20
"""One mistake in a packet template fails every packet: report the first few distinct ones, not
hundreds."""


def has_own_templates(theme: Theme) -> bool:
    """Whether the trip brings templates of its own: a templates/ folder, or a theme folder of its
    own."""
    return theme.overrides is not None or theme.name not in BUILTIN_THEMES


def _pages(plan: Plan, env: jinja2.Environment) -> Iterator[tuple[str, Callable[[], object]]]:
    """(template, its context) for every page kind a build makes, web and print, drafts included
    (the pages word them)."""
    # the page language alone: the pages are what is checked
    drafts = Drafts(env, plan.trip.info, plan.today, plan.opportunities)
    private = plan.trip.info.site.private
    web = PageBuilder(plan, Paths(), drafts, True, private)
    printed = PageBuilder(plan, Paths(), drafts, True, private, for_print=True)
    yield "itinerary.html", web.itinerary
    yield "itinerary.html", printed.itinerary
    yield "network.html", web.network
    yield "opportunities.html", web.opportunities
    yield "followups.html", web.followups
    yield "pocket.html", printed.pocket
    formats = set()
    for packet in plan.packets:
        yield "packet.html", lambda packet=packet: web.packet(packet)  # type: ignore[misc]
        kind = (
            packet.slot.meeting.entry.format,
            packet.slot.meeting.company is None,
            packet.followup.introducer is None,
        )
        # print pages differ by QR codes and for_print blocks: one of each kind of meeting
        if kind not in formats:
            formats.add(kind)
            yield "packet.html", lambda packet=packet: printed.packet(packet)  # type: ignore[misc]


def check_templates(
    plan: Plan, theme: Theme, compiled: CompiledTemplates | None = None
) -> list[Finding]:
    """The errors `build` would stop on in the trip's own templates; [] when it brings none."""
    if not has_own_templates(theme):
        return []
    env = make_environment(theme, dates=plan.dates, words=plan.words, compiled=compiled)
    root = plan.trip.root
    display = plan.trip.source.location.file.rsplit("/", 1)[0]
    found: dict[tuple[str, int, str], Finding] = {}
    for name, context in _pages(plan, env):
        names: list[str] = []
        try:
            value = context()
            names = ["page", *vars(value)]
            env.get_template(name).render(page=value, **vars(value))
        except (jinja2.TemplateError, TypeError, AttributeError, KeyError, ValueError) as exc:
            if not isinstance(exc, jinja2.TemplateError) and not raised_in_template(exc):
                raise
            finding = template_finding(exc, root, display, names)
            found.setdefault(
                (finding.location.file, finding.location.line, finding.message), finding
            )
            if len(found) >= MAX_FINDINGS:
                break
    return list(found.values())
