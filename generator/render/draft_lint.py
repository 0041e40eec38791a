"""The rules a request follows, checked on every outreach draft as it is rendered for each person.

Career centres agree on them: short enough to read on a phone (75 words reads best, 100 is the
most), a question to answer, the connection named in the first two sentences when there is one, and
advice asked for, never a job. The drafts checked are the ones the network page shows (a request to
each person still to ask, and a nudge to each request waiting for one), worded by the built-in
templates or the user's `templates/drafts/*` overrides; a warning points at the person's file, since
it is their draft that breaks the rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import jinja2

from generator.content.models import OutreachStatus
from generator.errors import Finding, Level
from generator.plan.approach import Approach
from generator.plan.plan import Plan
from generator.render.drafts import SHORT_LINE, Drafts, Message
from generator.render.theme import CompiledTemplates, Theme, make_environment

GOOD_LENGTH = 75
"""Words above which a request is long for a phone."""

MAX_LENGTH = 100
"""Words above which a request is too long."""

JOB_WORDS = re.compile(
    r"\b(jobs?|positions?|openings?|vacanc(?:y|ies)|open roles?)\b", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@dataclass(frozen=True)
class Body:
    """A draft's body without its greeting and signature: the part a reader reads."""

    text: str

    @classmethod
    def of(cls, message: Message) -> Body:
        paragraphs = [p for p in re.split(r"\n\s*\n", message.body.strip()) if p.strip()]
        if (
            paragraphs
            and "\n" not in paragraphs[0].strip()
            and len(paragraphs[0]) <= SHORT_LINE
            and paragraphs[0].rstrip().endswith((",", ":"))
        ):
            paragraphs = paragraphs[1:]  # "Dear Owen,"
        if paragraphs and all(
            len(line.strip()) <= SHORT_LINE for line in paragraphs[-1].splitlines()
        ):
            paragraphs = paragraphs[:-1]  # "Thank you,\nAlex Rivera\n..."
        return cls("\n\n".join(paragraphs))

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))

    def sentences(self, count: int) -> str:
        return " ".join(_SENTENCE_END.split(" ".join(self.text.split()))[:count])


def _mentions(text: str, words: tuple[str, ...]) -> bool:
    folded = text.casefold()
    return any(re.search(r"(?<!\w)" + re.escape(w.casefold()) + r"(?!\w)", folded) for w in words)


def problems(message: Message, approach: Approach | None, request: bool = True) -> list[str]:
    """What is wrong with one draft, in words; [] when it follows every rule.

    `request`: the first message (the connection rule applies), not a nudge.
    """
    body = Body.of(message)
    found = []
    if message.limit is not None and message.length > message.limit:
        found.append(
            f"{message.length} characters: "
            f"a LinkedIn connection note takes at most {message.limit} "
            "(shorten drafts/linkedin.txt's brief version, or set a shorter greeting)"
        )
    words = body.words
    if words > MAX_LENGTH:
        found.append(
            f"{words} words: cut it to under {MAX_LENGTH} ({GOOD_LENGTH} reads best on a phone)"
        )
    elif words > GOOD_LENGTH:
        found.append(f"{words} words: {GOOD_LENGTH} or fewer reads best on a phone")
    if not _asks(body.text):
        found.append('no question: end with one they can answer ("Would you have 20 minutes ...?")')
    if (
        request
        and approach is not None
        and approach.names_connection
        and not _mentions(body.sentences(2), approach.words)
    ):
        found.append(
            f"the connection is not named in the first two sentences: mention {approach.words[0]}"
        )
    job = JOB_WORDS.search(body.text) or JOB_WORDS.search(message.subject)
    if job:
        found.append(
            f"it asks about a {job.group(0).lower()}: ask for advice and their story, not a job"
        )
    return found


def _where(theme: Theme, name: str) -> str:
    own = theme.overrides is not None and (theme.overrides / "drafts" / f"{name}.txt").is_file()
    return f"your templates/drafts/{name}.txt" if own else f"the built-in drafts/{name}.txt"


def lint_drafts(
    plan: Plan, theme: Theme, compiled: CompiledTemplates | None = None
) -> Iterator[Finding]:
    """A warning per draft that breaks a rule, at the person's outreach line.

    A template that fails to render is reported by check's template check, not here.
    """
    drafts = Drafts(
        make_environment(theme, dates=plan.dates, words=plan.words, compiled=compiled),
        plan.trip.info,
        plan.today,
        plan.opportunities,
        theme,
    )
    for contact in plan.network.contacts:
        person = contact.person
        approach = plan.approaches.get(person.slug)
        made: list[tuple[str, Message, bool]] = []
        try:
            if contact.status is OutreachStatus.TO_ASK:
                made.append(
                    (
                        "outreach",
                        drafts.outreach(contact, plan.openings.offers.get(person.slug), approach),
                        True,
                    )
                )
            clock = plan.clocks.get(person.slug)
            if clock is not None and any(s.kind.value == "nudge" for s in clock.steps):
                made.append(
                    ("nudge", drafts.nudge(clock, plan.openings.offers.get(person.slug)), False)
                )
        except (jinja2.TemplateError, TypeError, AttributeError, KeyError, ValueError):
            continue
        for name, message, request in made:
            found = problems(message, approach, request)
            if found:
                label = ("LinkedIn note" if message.limit else "request") if request else "nudge"
                name = "linkedin" if message.limit else name
                yield Finding(
                    Level.WARNING,
                    person.source.at("outreach"),
                    f"the {label} to {person.profile.name} ({_where(theme, name)}): "
                    + "; ".join(found),
                )


def _asks(text: str) -> bool:
    """Whether a draft asks something: a question mark (full-width too), or a Japanese
    sentence ending in か (polite questions end "…いただけますでしょうか。",
    without a question mark)."""
    asking = ("?", "？", "か。", "か\n")
    return any(mark in text for mark in asking) or text.rstrip().endswith("か")
