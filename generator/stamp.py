"""Whether the last build is current: what the whole output depends on, as one stamp.

The stamp hashes every content and theme file's digest (inputs.py) with the build's settings:
the day, PDFs or not, the PDF engine, public or private, and a private site's key fingerprint (a
new passphrase or `--new-key` seals everything again). `build` skips all work when the last
build's stamp is the same and its files are still as it wrote them; `publish` asks the same
question before it builds (build_state).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from generator.build_options import BuildOptions, BuildState
from generator.clock import build_time, build_today
from generator.errors import ContentError
from generator.inputs import Snapshot
from generator.output import check_output_folder, real_output
from generator.printing.cache import BuildCache, cache_folder
from generator.printing.engine import engine_id
from generator.reading import load_and_plan
from generator.render.theme import Theme

if TYPE_CHECKING:
    from generator.content.trip import Trip
    from generator.plan.plan import Plan
    from generator.publish.seal import SiteKey


def content_inputs(options: BuildOptions, output: Path) -> Snapshot:
    """Every content file's digest, taken before anything is read (the output folder aside)."""
    inputs = Snapshot()
    inputs.add_tree(options.content, "content", skip=[output])
    return inputs


def is_private(trip: Trip, options: BuildOptions) -> bool:
    """Whether this build is sealed: `--public`/`--private` when given, else `site.private`."""
    return trip.info.site.private if options.private is None else options.private


def stamp_facts(
    inputs: Snapshot,
    theme: Theme,
    today: date,
    options: BuildOptions,
    private: bool,
    key: SiteKey | None,
) -> dict[str, str]:
    """What the whole output depends on besides the content: the theme's files (added to `inputs`)
    and the build's settings; a new passphrase or --new-key (the key's fingerprint) seals all
    again."""
    _add_theme(inputs, theme)
    engine = engine_id() if options.pdf else ""
    facts = {"today": today.isoformat(), "pdf": str(options.pdf), "engine": engine}
    facts["private"] = str(private)
    if key is not None:
        facts["key"] = key.fingerprint
    return facts


def templates_digest(inputs: Mapping[str, str]) -> str:
    """The theme's files (its templates, an override folder's included) by their stamp names and
    digests: every input not under "content/". What a page key (render/page_keys.py) says of the
    templates."""
    digest = hashlib.sha256()
    for name in sorted(inputs):
        if not name.startswith("content/"):
            digest.update(f"{name} {inputs[name]}\n".encode())
    return digest.hexdigest()


def theme_digest(theme: Theme) -> str:
    """The theme's files hashed again (templates_digest): a build compares it with what it hashed
    before reading, and keeps no templated page when a template changed meanwhile."""
    inputs = Snapshot()
    _add_theme(inputs, theme)
    return templates_digest(inputs.files)


def _add_theme(inputs: Snapshot, theme: Theme) -> None:
    """The theme's files into `inputs`, by their stamp names (Theme.inputs)."""
    for name, path in theme.inputs().items():
        inputs.add_file(path, name, Path("/"))


def site_key(trip: Trip, options: BuildOptions, cache: Path) -> SiteKey:
    """The private site's key: serve's salt when it keeps one, else the lasting one for this
    passphrase."""
    from generator.publish.keys import lasting_site_key
    from generator.publish.seal import site_key_from_environment

    where, variable, environ = trip.source.at("site"), trip.info.site.password_env, options.environ
    if options.private_salt is not None:
        return site_key_from_environment(variable, environ, where, options.private_salt)
    return lasting_site_key(variable, environ, where, cache, options.new_key, options.keys)


class Target(NamedTuple):
    """Where a build writes and keeps its cache, and the day it is made as of: what `build` and
    `build_state` both settle first."""

    output: Path
    """The output folder's real path (checked: not the content folder, not inside it)."""

    cache: Path
    """The build cache's folder (printing/cache.py)."""

    today: date


def build_target(options: BuildOptions) -> Target:
    check_output_folder(options.output, options.content)
    output = real_output(options.output)
    cache = options.cache or cache_folder(output, options.environ)
    return Target(output, cache, options.today or build_today(options.environ))


def build_state(options: BuildOptions) -> BuildState:
    """Reads the content (raising a ContentError as the build would) and writes nothing to the
    output: `publish` asks this before it builds; `publish --no-build` refuses a stale output."""
    target = build_target(options)
    with BuildCache(target.cache, options.clean) as cache:
        inputs = content_inputs(options, target.output)
        trip, _, theme = load_and_plan(options.content, target.today, build_time(options.environ))
        private = is_private(trip, options)
        try:
            key = site_key(trip, options, target.cache) if private else None
        except ContentError:  # no passphrase: no build of this trip can be current (publish says)
            return BuildState(trip, private, False)
        facts = stamp_facts(inputs, theme, target.today, options, private, key)
        current = cache.up_to_date(inputs.stamp(facts), target.output) is not None
        return BuildState(trip, private, current)


def changed_meetings(plan: Plan, changed: set[str]) -> set[str]:
    """Meetings whose person's or organisation's files changed since the last build (`changed`:
    content input names): their print pages are printed first."""
    folders = ("content/people/", "content/companies/")
    names = {n.rsplit("/", 1)[-1].rsplit(".", 1)[0] for n in changed if n.startswith(folders)}
    return {
        p.id
        for p in plan.packets
        if p.slot.meeting.person.slug in names
        or (p.slot.meeting.company is not None and p.slot.meeting.company.slug in names)
    }
