"""`infoprep publish`: build if the output is stale, check it is safe to let out, publish it to a
git branch or a folder, and say where the site will be.

Everything that could make a publish wrong is checked before anything leaves the machine, each a
refusal (exit 1, nothing published) with the reason: content errors (as `build` reports them), a
private trip without its passphrase, a public build of a trip whose `site.private` is true (unless
`--public` says so), an output folder holding files infoprep did not write, a private output its
passphrase does not open, a branch whose last commit someone else made, a target folder holding
files of someone else's in the way.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator import __version__
from generator.build import build
from generator.build_options import BuildOptions, BuildReport, BuildState
from generator.clock import build_time
from generator.errors import OutputError, UsageError
from generator.output import infoprep_files, real_output
from generator.publish.address import cname, github_pages_url, shared_origin
from generator.publish.branch import (
    DEFAULT_BRANCH,
    TRAILER,
    Branch,
    Commit,
    default_remote,
    open_branch,
    remote_location,
)
from generator.publish.files import Changes, SiteFiles
from generator.publish.folder import check_folder, publish_to_folder
from generator.publish.seal import SALT_FILE, lock_opens
from generator.render.theme import CompiledTemplates
from generator.stamp import build_state


@dataclass(frozen=True)
class PublishOptions:
    content: Path = Path("content")
    output: Path = Path("output")
    remote: str | None = None
    """The repository to push to; None: the content folder's repository's `origin` (else that
    repository)."""

    branch: str | None = None
    """None: gh-pages."""

    to: Path | None = None
    """Publish into this folder instead of a branch."""

    dry_run: bool = False
    history: bool = True
    """A public site's branch keeps its history (False: `--no-history`); a private site's never
    does."""

    private: bool | None = None
    """`--private` / `--public`, as for `build`; None: trip.yaml's `site.private`."""
    build: bool = True
    """False (`--no-build`): refuse a stale output instead of building it."""
    pdf: bool = True
    """The build publish makes or accepts has PDFs (tests leave them out to run fast)."""

    today: date | None = None
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    cache: Path | None = None
    compiled: CompiledTemplates | None = field(default=None, compare=False)
    """Templates compiled by an earlier command of this process (BuildOptions.compiled)."""


@dataclass(frozen=True)
class PublishReport:
    destination: str
    """Where it went, in words: "branch gh-pages of URL" or the folder."""

    private: bool
    changes: Changes
    built: BuildReport | None = None
    """The build publish made first; None when the output was up to date."""

    stale: bool = False
    """A dry run found the output stale: a real publish would build it first."""

    commit: str | None = None
    replaced_history: bool = False
    """The new commit is the branch's only one (a private site, or --no-history)."""

    url: str | None = None
    dry_run: bool = False
    notices: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        """What the command prints, in order: the build, what changed where, the address."""
        out: list[str] = []
        if self.built is not None:
            out.append(
                f"Built the {'private ' * self.private}site first ({self.built.written.files} "
                "files)."
            )
        if self.stale:
            out.append(
                "The output is out of date: a real publish would build it first, so this list may "
                "change."
            )
        kind = "private site" if self.private else "site"
        if self.dry_run:
            out.append(f"Would publish the {kind} to {self.destination}: {self.changes.counts()}.")
            out += [f"  {what:<8}{name}" for what, names in self._listed() for name in names]
        elif self.changes.none and self.commit is None:
            out.append(f"Nothing to publish: {self.destination} already holds this {kind}.")
        else:
            done = f"Published the {kind} to {self.destination}: {self.changes.counts()}"
            if self.commit is not None:
                only = ", the branch's only commit" if self.replaced_history else ""
                done += f" (commit {self.commit[:10]}{only})"
            out.append(done + ".")
        out += self.notices
        if self.url:
            out.append(f"{'It will be at' if self.dry_run else 'Site'}: {self.url}")
        else:
            out.append(
                "Its address is wherever that host serves the branch: set site.url in trip.yaml to "
                "see it here."
            )
        return out

    def _listed(self) -> list[tuple[str, tuple[str, ...]]]:
        return [
            ("added", self.changes.added),
            ("changed", self.changes.changed),
            ("removed", self.changes.removed),
        ]


def publish(options: PublishOptions) -> PublishReport:
    """Build if needed, check, publish.

    Raises ContentError or OutputError (a refusal: nothing published). The destination is looked at
    before anything is built: an unreachable remote or a branch of someone else's is refused before
    the build's minute of work.
    """
    _check_options(options)
    build_options = BuildOptions(
        content=options.content,
        output=options.output,
        pdf=options.pdf,
        today=options.today,
        quiet=True,
        environ=options.environ,
        cache=options.cache,
        private=options.private,
        compiled=options.compiled,
    )
    state = build_state(build_options)  # content errors stop here, as they would stop the build
    settings = state.trip.info.site
    passphrase = _passphrase(state, options.environ)
    output = real_output(options.output)
    if options.to is not None:
        check_folder(
            options.to, {"the output folder": output, "the content folder": options.content}
        )
        url = settings.url or (options.to / "index.html").absolute().as_uri()
        built, stale = _ready(output, state, passphrase, build_options, options)
        site = _site(output, state.private, settings.url, checked=not stale)
        result = publish_to_folder(site, options.to, options.dry_run)
        notices = [
            f"kept {options.to / name}: changed since infoprep published it" for name in result.kept
        ]
        return PublishReport(
            str(options.to), state.private, result.changes, built, stale, url=url,
            dry_run=options.dry_run, notices=(*_origin_notice(state.private, url), *notices),
        )  # fmt: skip
    given = options.remote
    remote = (
        remote_location(given, Path.cwd())
        if given
        else default_remote(options.content, options.environ)
    )
    branch = Branch(remote, options.branch or DEFAULT_BRANCH)
    with open_branch(branch, options.environ, {settings.password_env}) as session:
        built, stale = _ready(output, state, passphrase, build_options, options)
        site = _site(output, state.private, settings.url, checked=not stale)
        history = options.history and not state.private
        seconds = int(build_time(options.environ).timestamp())
        made = Commit(history, seconds, _message(state.private, site), anonymous=state.private)
        dry = options.dry_run
        outcome = session.preview(site) if dry else session.publish(site, made, options.environ)
    address = settings.url or github_pages_url(remote)
    return PublishReport(
        f"branch {branch.name} of {remote}", state.private, outcome.changes, built, stale,
        outcome.commit, not history, address, dry, _origin_notice(state.private, address),
    )  # fmt: skip


def _passphrase(state: BuildState, environ: Mapping[str, str]) -> str:
    """A private build's passphrase ("" for a public one); refused when it is not set."""
    variable = state.trip.info.site.password_env
    passphrase = environ.get(variable, "") if state.private else ""
    if state.private and not passphrase:
        raise OutputError(
            f"the trip is private but {variable} is not set: infoprep checks the site opens with "
            f"it before publishing; set it (read -rs {variable} && export {variable}), or "
            "publish a public build with --public"
        )
    return passphrase


def _ready(
    output: Path,
    state: BuildState,
    passphrase: str,
    build_options: BuildOptions,
    options: PublishOptions,
) -> tuple[BuildReport | None, bool]:
    """Build the output if it is stale (refused with --no-build); (the build made, or None; whether
    a dry run found it stale and left it so)."""
    current = state.up_to_date and _whole(output)
    if current and _sealed_as_asked(output, state.private, passphrase):
        return None, False
    if options.dry_run:
        return None, True
    if not options.build:
        raise OutputError(_stale_reason(output, state.private, options))
    return build(build_options), False


def _origin_notice(private: bool, url: str | None) -> tuple[str, ...]:
    why = shared_origin(url) if private else None
    return (f"warning: {why}",) if why else ()


def _check_options(options: PublishOptions) -> None:
    if options.to is not None and (options.remote is not None or options.branch is not None):
        raise UsageError(
            "--to publishes to a folder; --remote and --branch name a git branch: give one or the "
            "other"
        )
    if options.to is not None and not options.history:
        raise UsageError(
            "--no-history is about a git branch's commits; a folder (--to) keeps no history"
        )
    if options.branch is not None and (
        not options.branch or options.branch.startswith(("-", "refs/"))
    ):
        raise UsageError(f"--branch {options.branch!r}: give a branch name, e.g. gh-pages")


def _whole(output: Path) -> bool:
    """Every file the last build wrote is still there (a deleted page would otherwise be published
    missing)."""
    return not infoprep_files(output).missing


def _sealed_as_asked(output: Path, private: bool, passphrase: str) -> bool:
    """The output is sealed (a private site) exactly when asked, and a private one opens with the
    passphrase (a site sealed with an old or a test passphrase is built again, or refused with
    --no-build)."""
    lock = output / SALT_FILE
    if not private:
        return not lock.exists()
    try:
        return lock_opens(lock.read_bytes(), passphrase)
    except OSError:
        return False


def _not_ours(output: Path, theirs: tuple[str, ...], private: bool) -> str:
    shown = ", ".join(theirs[:5]) + (f" and {len(theirs) - 5} more" if len(theirs) > 5 else "")
    return (
        f"{output}: holds files infoprep did not write, or changed since: {shown}. A published "
        f"site carries only what infoprep built{' (and a private one nothing plain)' * private}"
        ": move them out of the folder"
    )


def _stale_reason(output: Path, private: bool, options: PublishOptions) -> str:
    """Why --no-build cannot publish this output: files that are not infoprep's come first (a page
    edited by hand also makes the build stale, and that is the thing to fix)."""
    if output.is_dir() and (theirs := infoprep_files(output).theirs):
        return _not_ours(output, theirs, private)
    lock = output / SALT_FILE
    if private and not lock.is_file() and output.is_dir():
        return (
            f"{output}: a public build of a private trip (site.private is true): build it private "
            "first (infoprep build), or say --public to publish it readable by anyone"
        )
    if private and lock.is_file():
        return (
            f"{output}: sealed with another passphrase than the one set now: build it again "
            "(infoprep build)"
        )
    if not private and lock.is_file():
        return (
            f"{output}: a private build, and this publish is public: build it again, or say "
            "--private"
        )
    return (
        f"{output}: not built from the content as it is now (--no-build): run infoprep build "
        f"{options.content} first"
    )


def _site(output: Path, private: bool, url: str | None, checked: bool) -> SiteFiles:
    """The output's files to publish, refused when anything in the folder is not infoprep's."""
    files = infoprep_files(output)
    if not files.made_by_infoprep or not files.ours:
        later = (
            "publish without --dry-run builds it first"
            if not checked
            else "run infoprep build first"
        )
        raise OutputError(f"{output}: no site built by infoprep here yet; {later}")
    if files.theirs:
        raise OutputError(_not_ours(output, files.theirs, private))
    if checked and private and SALT_FILE not in files.ours:
        raise OutputError(f"{output}: not a private build; nothing was published")
    extra = {".nojekyll": b""}
    domain = cname(url)
    if domain is not None:
        extra["CNAME"] = f"{domain}\n".encode("ascii")
    return SiteFiles(output, files.ours, {k: v for k, v in extra.items() if k not in files.ours})


def _message(private: bool, site: SiteFiles) -> str:
    """The commit message: no byte of the trip in it (a private site's branch is public)."""
    what = "a private site" if private else "the site"
    return f"Publish {what} ({len(site.names)} files)\n\n{TRAILER} {__version__}\n"
