"""The site as it goes out: a private one sealed, the web app's files added, the output swapped in.

The build hands over its pages (bytes) and its PDFs (checked files of the build cache); this is the
last step before the writer, and the only one that knows a site may be private.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from generator.output import PrintedFiles, WriteReport, write_output

if TYPE_CHECKING:
    from generator.plan.plan import Plan
    from generator.publish.seal import SiteKey
    from generator.render.contexts import LockPage
    from generator.render.theme import Theme


def publish_site(
    output: Path,
    plan: Plan,
    theme: Theme,
    pages: Mapping[str, bytes],
    pdfs: PrintedFiles,
    key: SiteKey | None,
) -> WriteReport:
    """Seal a private site, add the web app's files (which list every other file), and swap the new
    output in."""
    from generator.publish.service_worker import WORKER_TEMPLATE
    from generator.publish.webapp import web_app
    from generator.render.site import site_files

    files, links, known = dict(pages), dict(pdfs.kept), pdfs.digests()
    copies = site_files(plan, theme)
    if key is not None:
        from generator.publish.seal import encrypt_site

        plain = {**files, **{name: pdfs.read(name) for name in pdfs.kept}}  # read once, checked
        render_lock, days = _lock(plan, theme)
        sealed = encrypt_site(key, plain, copies, remember_days=days, render_lock=render_lock)
        files, copies, links, known = sealed.files, sealed.sources, {}, {}
    listed = {**copies, **{name: pdfs.files[name] for name in links}}  # their digests in `known`
    worker = theme.template_text(WORKER_TEMPLATE)
    files.update(web_app(plan.trip.info, key is not None, files, listed, known, worker))
    return write_output(output, files, copies, links)


def shown_ahead(
    output: Path, plan: Plan, theme: Theme, pages: Mapping[str, bytes], key: SiteKey | None
) -> dict[str, bytes]:
    """Pages as the publish that follows will write them, for serve to show first: a public site's
    as they are; a private site's sealed, their links to other files as the output has them now (a
    file new in this build is linked when the publish comes, and the page reloads once more)."""
    if key is None:
        return dict(pages)
    from generator.output import manifest
    from generator.publish.seal import published_name, seal_page

    renamed = published_name(key.names_key, frozenset(manifest(output)))
    render_lock, days = _lock(plan, theme)
    return {
        name: seal_page(key, name, page, renamed, days, render_lock) for name, page in pages.items()
    }


def printed_ahead(pdfs: Mapping[str, bytes], key: SiteKey | None) -> dict[str, bytes]:
    """PDFs as the publish that follows will write them, by output path, for serve to show before
    it: a private site's sealed under their sealed names."""
    if key is None:
        return dict(pdfs)
    from generator.publish.seal import seal_file

    return dict(seal_file(key, name, data) for name, data in pdfs.items())


def _lock(plan: Plan, theme: Theme) -> tuple[Callable[[LockPage], str], int]:
    """A private site's lock page: the theme's lock.html, and how many days it may offer to keep
    the site unlocked."""
    from generator.render.lock import lock_renderer
    from generator.render.theme import make_environment

    render_lock = lock_renderer(make_environment(theme, words=plan.words))
    return render_lock, plan.trip.info.site.remember_days


def carried_over_notice(written: WriteReport) -> str | None:
    """The warning a private build owes when files that are not infoprep's stay in its output
    unencrypted (the writer carries them over; it never deletes what it did not write)."""
    if not written.carried_over:
        return None
    return (
        f"warning: {len(written.carried_over)} file(s) in the output folder are not infoprep's "
        f"and stay there unencrypted, e.g. {written.carried_over[0]}: move them out before you "
        "publish the site"
    )
