"""docs/templates.md, from the typed page contexts in render/contexts.py and the filters in
render/theme.py."""

from __future__ import annotations

import ast
import dataclasses
import enum
import inspect
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from generator.content.models import PersonFile
from generator.reference.content import classes_in
from generator.reference.text import NOTICE, cell

TEMPLATES: dict[str, tuple[str, str]] = {
    "itinerary.html": ("ItineraryPage", "`index.html` and `itinerary.pdf`"),
    "packet.html": ("PacketPage", "`meetings/<id>/index.html` and `meetings/<id>/packet.pdf`"),
    "network.html": ("NetworkPage", "`network.html`"),
    "followups.html": ("FollowUpsPage", "`followups.html`"),
    "opportunities.html": ("OpportunitiesPage", "`opportunities.html`"),
    "pocket.html": ("PocketPage", "`pocket-cards.pdf`"),
    "lock.html": (
        "LockPage",
        "the lock screen of every page of a private site (the page's ciphertext inline)",
    ),
    "drafts/confirm.txt": (
        "ConfirmDraft",
        "the confirmation message sent the day before a meeting",
    ),
    "drafts/thanks.txt": (
        "ThanksDraft",
        "the thank-you note (unless the meeting's `follow_up.thanks` has your own)",
    ),
    "drafts/introducer-thanks.txt": (
        "IntroducerThanksDraft",
        "the note thanking whoever introduced you",
    ),
    "drafts/outreach.txt": ("OutreachDraft", "the message asking someone for a meeting"),
    "drafts/linkedin.txt": (
        "LinkedInDraft",
        "the LinkedIn connection note asking for a meeting (`outreach.channel: linkedin`)",
    ),
    "drafts/reschedule.txt": (
        "RescheduleDraft",
        "the message asking to move a meeting that clashes, with open slots instead",
    ),
    "drafts/nudge.txt": (
        "NudgeDraft",
        "the one polite follow-up to a request with no reply after 7 business days",
    ),
    "drafts/ping.txt": (
        "PingDraft",
        "the keep-in-touch note due every `keep_in_touch` after the latest contact",
    ),
    "drafts/update.txt": (
        "UpdateDraft",
        "the note telling whoever helped with an opportunity what happened",
    ),
}
"""Each template of the default theme, the context it gets, and what it makes."""

HELPERS = {
    "_next_step.html": "macros for an opportunity's next step in words "
    "(`opportunity_step`, `state`)",
    "_opportunity_words.txt": "macros for where an opportunity stands, in a draft's words "
    "(`where_it_stands`, `what`)",
    "base.html": "the page frame every HTML page extends",
    "_macros.html": (
        "macros shared by the pages (`meeting_format`, `place`, `warnings`, `draft`, `who`); "
        "its `agenda_summary(item, city)`, `meeting_format(slot)` and `keep_in_touch(ping)` also "
        "word the calendar file's events and to-dos (as plain text)"
    ),
    "sw.js": (
        "the service worker's code, read as it is (not Jinja): "
        "infoprep puts the build's file list before it"
    ),
}

FILTER_EXAMPLES: dict[str, tuple[str, tuple[Any, ...], str]] = {
    "clock": ("slot.start|clock", (datetime(2027, 3, 8, 9, 30),), "A time as 24-hour `HH:MM`."),
    "long_date": (
        "slot.start.date()|long_date",
        (date(2027, 3, 8),),
        "A date written out in full.",
    ),
    "short_date": ("slot.start.date()|short_date", (date(2027, 3, 8),), "A date in a few letters."),
    "medium_date": (
        "n.date|medium_date",
        (date(2027, 2, 14),),
        "A date with its year and no weekday, in the locale's order "
        "(2027年2月14日 in Japanese): not `short_date` and the year side by side.",
    ),
    "day_heading": (
        "d.day.date|day_heading",
        (date(2027, 3, 8),),
        "A date with its weekday, no year.",
    ),
    "weekday": ("slot.start|weekday", (date(2027, 3, 8),), "The weekday's name."),
    "date_range": (
        "trip.start|date_range(trip.end)",
        (date(2027, 3, 8), date(2027, 3, 12)),
        "Two dates as one span.",
    ),
    "tel": ("p.phone|tel(country)", ("(202) 555-0143", "US"), "A `tel:` link for a phone number."),
    "phone": (
        "p.phone|phone(country)",
        ("+1 202 555 0143", "US"),
        "A phone number formatted for reading.",
    ),
    "address": (
        "slot.location|address",
        ("Westminster Bridge Road, London SE1 7EH",),
        "An address with its postcode kept on one line (a no-break space inside UK, Canadian and "
        "Dutch postcodes "
        "and between a US state and its ZIP code).",
    ),
    "plural": (
        'meeting_count|plural("meeting")',
        (3, "meeting"),
        "A count and a word, plural when it is not 1; a second argument gives an irregular plural.",
    ),
    "markdown": (
        "p.notes|markdown(root)",
        ("Met at **the conference**.", ""),
        "Markdown to sanitized HTML; pass `root` so relative links and images work on every page.",
    ),
    "plain": (
        "entry.agenda|plain",
        ("Learn how **hiring** works.",),
        "Markdown to plain text (for drafts and calendar text).",
    ),
    "number": ("c.size|number", (12000,), "A count with the locale's digit grouping."),
    "translated": (
        "q.text|translated",
        ("What does a typical week look like in your role?",),
        "A phrase of the catalog in the page's language (a bank question); anything else comes "
        "back as it is.",
    ),
    "css_string": (
        '"Page "|css_string',
        ("Page ",),
        "Text as a quoted CSS string, every risky character escaped.",
    ),
    "named": (
        "p|named",
        (PersonFile(name="박재원 Jae-won Park", name_lang="ko"),),
        "A person's name as HTML, marked with its `name_lang`.",
    ),
}
"""Sample input for each filter: the docs show what the filter really returns for it.

The note is used when the function has no docstring.
"""


def _field_docs(cls: type) -> dict[str, str]:
    """Attribute docstrings (a string right after a field) from the class's source."""
    try:
        tree = ast.parse(inspect.getsource(cls))
    except (OSError, TypeError):
        return {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    docs = {}
    for node, following in zip(body, [*body[1:], None], strict=True):
        documented = (
            isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        )
        if documented and isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            text = following.value.value  # type: ignore[union-attr]
            docs[node.target.id] = " ".join(text.split())
    return docs


def _documented(cls: Any) -> bool:
    return (
        inspect.isclass(cls)
        and cls.__module__.startswith("generator.")
        and (dataclasses.is_dataclass(cls) or issubclass(cls, (enum.Enum, BaseModel)))
    )


def _properties(cls: type) -> list[tuple[str, property]]:
    return [
        (name, value)
        for name, value in vars(cls).items()
        if isinstance(value, property) and not name.startswith("_")
    ]


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def reachable_types(roots: list[type]) -> list[type]:
    """Every dataclass, enum and model a template can reach from the contexts, in first-seen
    order."""
    seen: list[type] = []
    queue = list(roots)
    while queue:
        cls = queue.pop(0)
        if cls in seen or not _documented(cls):
            continue
        seen.append(cls)
        if dataclasses.is_dataclass(cls):
            hints = _hints(cls)
            annotations = [hints[f.name] for f in dataclasses.fields(cls)]
            annotations += [
                typing.get_type_hints(prop.fget).get("return")
                for _, prop in _properties(cls)
                if prop.fget
            ]
            for annotation in annotations:
                queue += [c for c in classes_in(annotation) if c not in seen]
    return seen


def _anchor(name: str) -> str:
    return name.lower()


def _type_md(annotation: Any) -> str:
    """A type in words, with documented classes linked."""
    if annotation is type(None):
        return "None"
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        text = " or ".join(_type_md(a) for a in rest)
        return f"{text} or None" if len(rest) < len(args) else text
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return f"tuple of {_type_md(args[0])}"
        return "(" + ", ".join(_type_md(a) for a in args) + ")"
    if origin in (list, set, frozenset):
        return f"{origin.__name__} of {_type_md(args[0])}"
    if origin in (dict, Mapping) or (
        origin is not None and getattr(origin, "__name__", "") == "Mapping"
    ):
        return f"mapping of {_type_md(args[0])} to {_type_md(args[1])}"
    if _documented(annotation):
        return f"[{annotation.__name__}](#{_anchor(annotation.__name__)})"
    return f"`{getattr(annotation, '__name__', str(annotation))}`"


_MODEL_FILES = {
    "TripFile": "`trip.yaml`",
    "Traveler": "`traveler` in `trip.yaml`",
    "Lodging": "`lodging` in `trip.yaml`",
    "Defaults": "`defaults` in `trip.yaml`",
    "Site": "`site` in `trip.yaml`",
    "PersonFile": "`people/<slug>.yaml`",
    "Connection": "`connection` in `people/<slug>.yaml`",
    "Outreach": "`outreach` in `people/<slug>.yaml`",
    "CompanyFile": "`companies/<slug>.yaml`",
    "NewsItem": "an item of `news` in `companies/<slug>.yaml`",
    "MeetingEntry": "an item of `schedule.yaml`",
    "FollowUpEntry": "`follow_up` in a meeting of `schedule.yaml`",
    "BankQuestion": "an item of `questions.yaml`",
}


def _type_section(cls: type) -> list[str]:
    lines = [f"### {cls.__name__}", ""]
    if issubclass(cls, enum.Enum):
        values = ", ".join(f"`{m.value}`" for m in cls)
        lines += [f"An enum (`{cls.__module__}`); compare with `.value`: {values}.", ""]
        return lines
    if issubclass(cls, BaseModel):
        where = _MODEL_FILES.get(cls.__name__, "a content file")
        keys = ", ".join(f"`{name}`" for name in cls.model_fields)
        lines += [
            f"Content as written in {where} (see [content-reference.md](content-reference.md)), "
            "already validated: "
            "dates are dates, times are times, enums are enums, absent keys are `None` or their "
            f"default. Attributes: {keys}.",
            "",
        ]
        return lines
    doc = inspect.getdoc(cls) or ""
    if doc and not doc.startswith(f"{cls.__name__}("):
        lines += [" ".join(doc.split()), ""]
    lines += [f"From `{cls.__module__}`.", ""]
    bases = [b for b in cls.__mro__[1:] if dataclasses.is_dataclass(b)]
    inherited = {f.name for b in bases for f in dataclasses.fields(b)}
    if bases:
        lines += [
            "Also has every attribute of "
            + ", ".join(f"[{b.__name__}](#{_anchor(b.__name__)})" for b in bases)
            + ".",
            "",
        ]
    docs = _field_docs(cls)
    hints = _hints(cls)
    lines += ["| attribute | type | what it is |", "| --- | --- | --- |"]
    for f in dataclasses.fields(typing.cast(Any, cls)):
        if f.name not in inherited:
            lines.append(
                f"| `{f.name}` | {_type_md(hints[f.name])} | {cell(docs.get(f.name, ''))} |"
            )
    for name, prop in _properties(cls):
        returns = typing.get_type_hints(prop.fget).get("return") if prop.fget else None
        lines.append(
            f"| `{name}` | {_type_md(returns) if returns else ''} | "
            f"{cell(inspect.getdoc(prop) or '')} |"
        )
    lines.append("")
    return lines


def _blocks(env: Any, name: str) -> list[str]:
    import jinja2

    source = env.loader.get_source(env, name)[0]
    return [node.name for node in env.parse(source).find_all(jinja2.nodes.Block)]


def _filter_rows(env: Any) -> list[str]:
    import jinja2

    rows = ["| filter | in a template | gives | what it does |", "| --- | --- | --- | --- |"]
    for name in sorted(set(env.filters) - set(jinja2.defaults.DEFAULT_FILTERS)):
        func = env.filters[name]
        usage, args, note = FILTER_EXAMPLES.get(name, (f"value|{name}", (), ""))
        result = f"`{cell(str(func(*args)))}`" if args else "—"
        doc = (inspect.getdoc(func) or note).split("\n\n")[0]
        rows.append(f"| `{name}` | `{{{{ {cell(usage)} }}}}` | {result} | {cell(doc)} |")
    return rows


def templates_md() -> str:
    from generator.render import contexts as pages
    from generator.render import drafts
    from generator.render.theme import THEMES_DIR, make_environment, resolve_theme

    env = make_environment(resolve_theme("default", THEMES_DIR))
    contexts = {
        name: getattr(pages, cls, None) or getattr(drafts, cls)
        for name, (cls, _) in TEMPLATES.items()
    }
    lines = [NOTICE, "", "# Template reference", ""]
    lines += [
        "Templates are Jinja. infoprep looks for each one first in the content folder's "
        "`templates/`, then in the "
        "theme named by `theme:` in `trip.yaml` (`default`, `compact`, or a folder path), then in "
        "the default theme, "
        "so you override one file and inherit the rest. A template can extend the one it "
        "overrides: the name "
        "`default/` always means the built-in default theme, so `templates/packet.html` may start "
        "with "
        '`{% extends "default/packet.html" %}` and replace one block. Unknown variables are errors '
        "(reported as `path:line`), and text is HTML-escaped unless a filter such as `markdown` "
        "returns sanitized HTML.",
        "",
        'Words are the catalog\'s (docs/languages.md): write `{{ _("Before you go") }}` for a '
        "phrase, "
        '`{{ _("Leave by %(time)s", time=slot.leave_by|clock) }}` for one with a value (named '
        "placeholders "
        "only, one whole phrase, never a sentence glued from pieces) and "
        '`{{ ngettext("%(num)s meeting", "%(num)s meetings", n) }}` for a count, whose plural '
        "forms come "
        "from the language's catalog. `lang` is the page language's tag (`de`, `pt-BR`, `zh-Hans`) "
        "for `<html lang>`. "
        "A phrase the catalogs do not know is written as it is, in every language.",
        "",
        "Each page template gets the fields of its context as variables (`{{ person.profile.name "
        "}}`) and the whole "
        "context as `page`. Draft templates (`drafts/*.txt`, plain text) get theirs as `draft`, "
        "and `phone`: your number as the drafts sign with it, dialable from abroad "
        "(`+33 6 12 34 56 78`; empty without `traveler.phone`); "
        "their first line "
        "`Subject: ...` is the message's subject, the rest its body. Draft templates keep their "
        "whitespace as written "
        "(no `trim_blocks`): a line break beside `{% if %}` stays, and blank lines left by a false "
        "condition are "
        "folded into one. Pages get each draft as a [Message](#message) (subject, body, `mailto` "
        "link); the "
        "`draft` macro of `_macros.html` shows one, with a button that opens it in the mail app on "
        "the web. "
        "The `for_print` variable is true when the page is rendered for its PDF.",
        "",
        "A page is made from its context and the template files alone, so a rebuild templates a "
        "packet page again "
        "only when its context, a template or theme file, or infoprep itself changed (the others "
        "are taken from the "
        "last build: see docs/performance.md).",
        "",
        "## Templates",
        "",
        "| template | context | makes |",
        "| --- | --- | --- |",
    ]
    for name, (cls, makes) in TEMPLATES.items():
        lines.append(
            f"| `{name}` | "
            f"[{cls}](#{_anchor(cls)}){' as `draft`' if name.startswith('drafts/') else ''} | "
            f"{makes} |"
        )
    lines += [f"| `{name}` | — | {what} |" for name, what in HELPERS.items()]
    lines += ["", "## Blocks", "", "Blocks a template that extends the default can replace:", ""]
    for name in ("base.html", "packet.html"):
        lines.append(
            f"- `default/{name}`: " + ", ".join(f"`{b}`" for b in _blocks(env, f"default/{name}"))
        )
    lines += [
        "",
        "For example, a packet whose printed question list leaves more room to write (the bank's "
        "questions in the page's language, as the default does; `_()` for the theme's words):",
        "",
    ]
    lines += [
        "```jinja",
        '{% extends "default/packet.html" %}',
        "{% block questions %}",
        '<section class="questions">',
        '  <h2>{{ _("Questions") }}</h2>',
        "  {% for group in packet.questions.groups %}{% for q in group.questions %}",
        '  <p>{{ q.text|translated if q.source.value == "bank" else q.text }}</p>',
        '  <div class="print-only" style="height: 40mm"></div>',
        "  {% endfor %}{% endfor %}",
        "</section>",
        "{% endblock %}",
        "```",
        "",
        "## Filters",
        "",
        "Besides Jinja's built-in filters. The date filters write dates the trip's one way, from "
        "its locale "
        "(`defaults.locale`; en_GB for `paper: a4`, en_US for `letter`): the examples below are "
        "en_US. Use them, not "
        "`strftime`, so every page, PDF and draft agrees.",
        "",
    ]
    lines += _filter_rows(env)
    lines += ["", "## Contexts", ""]
    roots: list[type] = [pages.Page, *dict.fromkeys(contexts.values())]
    for context in roots:
        lines += _type_section(context)
    lines += ["## Types the contexts reach", ""]
    for reached in reachable_types(roots):
        if reached not in roots:
            lines += _type_section(reached)
    return "\n".join(lines).rstrip() + "\n"
