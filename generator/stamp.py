"""Whether the last build is current: what the whole output depends on, as one stamp.

The stamp hashes every content and theme file's digest (inputs.py) with the build's settings:
the day, PDFs or not, the PDF engine, public or private, and a private site's key fingerprint (a
new passphrase or `--new-key` seals everything again). `build` skips all work when the last
build's stamp is the same and its files are still as it wrote them; `publish` asks the same
question before it builds (build.build_state).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from generator.build_options import BuildOptions
from generator.inputs import Snapshot
from generator.printing.engine import engine_id
from generator.render.theme import Theme

if TYPE_CHECKING:
    from generator.content.trip import Trip
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
    inputs: Snapshot, theme: Theme, today: date, options: BuildOptions, private: bool,
    key: SiteKey | None,
) -> dict[str, str]:
    """What the whole output depends on besides the content: the theme's files (added to `inputs`)
    and the build's settings; a new passphrase or --new-key (the key's fingerprint) seals all again."""
    for name, path in theme.inputs().items():
        inputs.add_file(path, name, Path("/"))
    engine = engine_id() if options.pdf else ""
    facts = {"today": today.isoformat(), "pdf": str(options.pdf), "engine": engine}
    facts["private"] = str(private)
    if key is not None:
        facts["key"] = key.fingerprint
    return facts


def site_key(trip: Trip, options: BuildOptions, cache: Path) -> SiteKey:
    """The private site's key: serve's salt when it keeps one, else the lasting one for this passphrase."""
    from generator.publish.keys import lasting_site_key
    from generator.publish.seal import site_key_from_environment

    where, variable, environ = trip.source.at("site"), trip.info.site.password_env, options.environ
    if options.private_salt is not None:
        return site_key_from_environment(variable, environ, where, options.private_salt)
    return lasting_site_key(variable, environ, where, cache, options.new_key, options.keys)
