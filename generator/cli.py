"""The command line: parse options, call one library function, map errors to exit codes.

No logic lives here that a test would want to call without Click. Heavy modules are imported inside
the command that needs them, so `check` and `schema` start fast.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, ParamSpec, TypeVar

import click

from generator import __version__
from generator.errors import ContentError, Finding, InfoprepError, UsageError
from generator.terminal import terminal_text

if TYPE_CHECKING:
    from generator.render.theme import CompiledTemplates


def _echo(text: str, err: bool = False, nl: bool = True) -> None:
    """Every line the program prints: what comes from content is escaped for the terminal
    (generator/terminal.py)."""
    click.echo(terminal_text(text), err=err, nl=nl)


CONTENT = click.argument(
    "content", default="content", type=click.Path(path_type=Path, file_okay=False)
)


def output_option(description: str = "Output folder."):  # type: ignore[no-untyped-def]
    """`-o/--output`, as `build`, `serve` and `publish` take it."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path),
        default=Path("output"),
        show_default=True,
        help=description,
    )


def _report(findings: list[Finding] | tuple[Finding, ...]) -> None:
    for finding in findings:
        _echo(str(finding), err=True)


class _Terminated(KeyboardInterrupt):
    """SIGTERM, turned into an interruption so the build cleans up as it does on Ctrl-C."""

    signum = signal.SIGTERM


@contextlib.contextmanager
def _stopped_by_sigterm() -> Iterator[None]:
    """`kill` (SIGTERM) would end the process on the spot, leaving its scratch files and worker
    processes behind."""

    def stop(signum: int, frame: object) -> None:
        raise _Terminated

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: nothing to install
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _exit_interrupted(exc: KeyboardInterrupt, message: str) -> NoReturn:
    """Say what an interrupted command left, and exit with 128 + the signal's number (130 for
    Ctrl-C), once the command has cleaned up (its `finally` blocks ran on the way here).

    The process ends with os._exit, its output flushed, not sys.exit: CPython 3.11 remembers a
    Ctrl-C that lands inside an exec() of a string (dataclasses build their methods that way when a
    module is first imported, so mid-build) and, although the command handled it, ends at exit by
    SIGINT instead (status -2, which a shell or CI reads as "killed", not as 130). A second Ctrl-C
    while the message is written is ignored.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _echo(message, err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(128 + int(getattr(exc, "signum", signal.SIGINT)))


def _fail(exc: InfoprepError, writes: bool = True) -> NoReturn:
    if isinstance(exc, ContentError):
        _report(exc.findings)
        count = len(exc.findings)
        tail = "; nothing was written." if writes else "."
        _echo(f"{count} error{'s' * (count != 1)}{tail}", err=True)
        sys.exit(1)
    _echo(f"error: {exc}", err=True)
    sys.exit(2 if isinstance(exc, UsageError) else 1)


P = ParamSpec("P")
R = TypeVar("R")


def user_errors(writes: bool = True) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """The one place a user error becomes a message and an exit code: a command's own code just
    raises.

    `writes` says whether the command could have written anything, so the summary can say that it
    did not.
    """

    def wrap(command: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(command)
        def run_command(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return command(*args, **kwargs)
            except InfoprepError as exc:
                _fail(exc, writes)

        return run_command

    return wrap


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="infoprep")
def main() -> None:
    """Prep packets, itinerary, calendar and a private site for a week of informational interviews.

    \b
    Start with:  infoprep new my-trip
    Then:        infoprep check my-trip && infoprep build my-trip -o my-trip-site
    """


@main.command(epilog="Example: infoprep new dc-trip")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--person", metavar="SLUG", help="Add people/SLUG.yaml to an existing content folder."
)
@click.option(
    "--company", metavar="SLUG", help="Add companies/SLUG.yaml to an existing content folder."
)
@click.option(
    "--empty",
    is_flag=True,
    help="Write a skeleton to fill in: trip.yaml and an empty schedule, no sample people.",
)
@click.option(
    "--via",
    metavar="SLUG",
    help=(
        "With --person: who suggested them (a person's slug); fills in connection.via and what "
        "that meeting's debrief says about them."
    ),
)
@user_errors()
def new(
    folder: Path, person: str | None, company: str | None, empty: bool, via: str | None
) -> None:
    """Write a small working trip into FOLDER (empty or absent), or add a profile to one."""
    from generator.commands.new import add_profile, scaffold, skeleton

    if via is not None and person is None:
        raise UsageError(
            "--via goes with --person: infoprep new DIR --person SLUG --via WHO-SUGGESTED-THEM"
        )
    if person is not None or company is not None:
        for kind, slug in (("person", person), ("company", company)):
            if slug is not None:
                written = add_profile(folder, kind, slug, via if kind == "person" else None)
                _echo(f"Wrote {written}")
        return
    if empty:
        skeleton(folder)
    else:
        scaffold(folder)
    if empty:
        _echo(f"Wrote an empty trip to {folder}/. Fill in trip.yaml, then add people and meetings:")
        _echo(
            f"  infoprep new {folder} --person jane-doe   (and --company SLUG), then list meetings "
            "in schedule.yaml"
        )
        _echo(f"  infoprep check {folder}")
        return
    _echo(
        f"Wrote a sample trip to {folder}/. Edit trip.yaml, schedule.yaml and people/ there, then:"
    )
    _echo(f"  1. infoprep check {folder}   (every mistake, with file and line)")
    _echo(f"  2. infoprep build {folder} -o {folder}-site   (then open {folder}-site/index.html)")
    _echo(f"  3. infoprep followup {folder}   (after each meeting: thank-yous due, with drafts)")


TODAY_FORMATS = ["%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
TODAY_HELP = (
    'As of this date (YYYY-MM-DD: the start of that day) or moment ("YYYY-MM-DD HH:MM"), in the '
    "trip's time zone; "
    "default: now (SOURCE_DATE_EPOCH when set)."
)


def _compiled() -> CompiledTemplates | None:
    """Templates compiled by an earlier command of this process: a program that runs many commands
    in one process (the test suite, through click's CliRunner) passes one as `main(obj=...)`, as
    serve keeps one between its builds. None for a command run from a terminal."""
    from generator.render.theme import CompiledTemplates

    context = click.get_current_context(silent=True)
    return context.find_object(CompiledTemplates) if context is not None else None


def _as_of(today: datetime | None) -> datetime:
    """--today as check and followup both read it: naive, so the plan reads it in the trip's time
    zone."""
    from generator.clock import build_time

    return today if today is not None else build_time(os.environ)


@main.command(epilog="Example: infoprep check content --strict")
@CONTENT
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--today", type=click.DateTime(TODAY_FORMATS), help=TODAY_HELP)
@user_errors(writes=False)
def check(content: Path, strict: bool, today: datetime | None) -> None:
    """Load, validate and lint CONTENT, and render its own templates; print each problem as
    path:line: level: message."""
    from generator.commands.check import run_check

    report = run_check(content, _as_of(today), os.environ, _compiled())
    _report(report.findings)
    _echo(report.summary(content))
    if report.errors or (strict and report.warnings):
        sys.exit(1)


@main.command(epilog="Example: infoprep build content -o output --no-pdf")
@CONTENT
@output_option()
@click.option("--no-pdf", is_flag=True, help="Skip the PDFs (fast: pages and calendar only).")
@click.option(
    "-j", "--jobs", type=click.IntRange(1, 64), help="PDF worker processes (default: one per core)."
)
@click.option("-q", "--quiet", is_flag=True, help="Print only warnings and errors.")
@click.option("--clean", is_flag=True, help="Ignore the build cache and render every PDF again.")
@click.option(
    "--private/--public",
    "private",
    default=None,
    help="Encrypt this build (--private) or not (--public), whatever site.private says.",
)
@click.option(
    "--new-key", is_flag=True, help="Private sites: a new salt, so every device must unlock again."
)
def build(
    content: Path,
    output: Path,
    no_pdf: bool,
    jobs: int | None,
    quiet: bool,
    clean: bool,
    private: bool | None,
    new_key: bool,
) -> None:
    """Build the site, PDFs and calendar of CONTENT into OUTPUT.

    PDFs whose inputs did not change are reused from the build cache (in ~/.cache/infoprep/, outside
    OUTPUT); the rest render in parallel, one worker process per core unless --jobs says otherwise.
    """
    from generator.build import build as run_build
    from generator.build_options import BuildOptions
    from generator.printing.progress import ProgressBar
    from generator.terminal import interactive

    bar = ProgressBar(sys.stderr, interactive() and not quiet)
    options = BuildOptions(
        content=content,
        output=output,
        pdf=not no_pdf,
        jobs=jobs,
        quiet=quiet,
        clean=clean,
        private=private,
        new_key=new_key,
        compiled=_compiled(),
    )
    try:
        with _stopped_by_sigterm():
            report = run_build(options, bar)
    except InfoprepError as exc:
        bar.clear()
        _fail(exc)
        return
    except KeyboardInterrupt as exc:  # the build has stopped its workers and removed its staging
        bar.clear()
        _exit_interrupted(exc, "interrupted; the previous output is unchanged")
    bar.clear()
    for notice in report.notices:
        _echo(notice, err=True)
    _report(report.findings)
    if not quiet:
        if report.up_to_date:
            pdfs = "up to date: nothing changed since the last build"
        elif no_pdf:
            pdfs = "no PDFs"
            if report.pdfs_dropped:
                pdfs += (
                    f"; the {report.pdfs_dropped} PDFs of the last build are not in it: build "
                    "without --no-pdf to make them again"
                )
        else:
            pdfs = f"{report.pdfs_rendered} rendered, {report.pdfs_reused} reused"
        _echo(
            f"Built {len(report.plan.packets)} packets into {output}/ ({report.written.files} "
            f"files; {pdfs}) in {report.seconds:.1f}s."
        )
        _echo(f"Open {output / 'index.html'}")


PUBLISH_EXAMPLE = "infoprep publish content --remote git@github.com:alex/dc-trip.git --dry-run"


@main.command(epilog=f"Example: {PUBLISH_EXAMPLE}")
@CONTENT
@output_option("The output folder to build (if stale) and publish.")
@click.option(
    "--remote",
    metavar="URL",
    help="The git repository to push to (default: the content's repository's origin).",
)
@click.option(
    "--branch", metavar="NAME", help="The branch to replace with the site (default: gh-pages)."
)
@click.option(
    "--to",
    "to",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help="Publish into this folder instead of a branch: copies what changed, removes "
    "only what infoprep published there.",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="List what would be added, changed and removed; publish and build nothing.",
)
@click.option(
    "--no-history",
    is_flag=True,
    help="Make the branch's new commit its only one (a private site's always is).",
)
@click.option(
    "--private/--public",
    "private",
    default=None,
    help="Publish a private (encrypted) or a public build, whatever site.private says; "
    "--public is needed to publish a private trip readable.",
)
@click.option(
    "--no-build",
    is_flag=True,
    help="Refuse, instead of building, when the output is not built from the content as it is.",
)
def publish(
    content: Path,
    output: Path,
    remote: str | None,
    branch: str | None,
    to: Path | None,
    dry_run: bool,
    no_history: bool,
    private: bool | None,
    no_build: bool,
) -> None:
    """Build CONTENT if the output is stale, then publish it to a git branch (gh-pages) or a folder.

    Refuses, publishing nothing, when the content has errors, a private trip's passphrase is not set
    or does not open the build, the output holds files infoprep did not write, or the branch's last
    commit was not made by infoprep. A private site's branch always holds one commit; a public
    site's keeps its history unless --no-history. Writes .nojekyll, and CNAME when site.url is a
    domain of your own; prints the site's address.
    """
    from generator.commands.publish import PublishOptions
    from generator.commands.publish import publish as run_publish

    options = PublishOptions(
        content=content,
        output=output,
        remote=remote,
        branch=branch,
        to=to,
        dry_run=dry_run,
        history=not no_history,
        private=private,
        build=not no_build,
        compiled=_compiled(),
    )
    try:
        with _stopped_by_sigterm():
            report = run_publish(options)
    except InfoprepError as exc:
        _fail(exc)
        return
    except KeyboardInterrupt as exc:
        _exit_interrupted(
            exc, "interrupted; publish again to finish (a branch is only replaced whole)"
        )
    for line in report.lines():
        _echo(line, err=line.startswith("warning:"))


@main.command(epilog='Example: infoprep followup content --today "2027-03-10 18:00"')
@CONTENT
@click.option("--today", type=click.DateTime(TODAY_FORMATS), help=TODAY_HELP)
@user_errors()
def followup(content: Path, today: datetime | None) -> None:
    """List thank-yous that are due or overdue, with drafts ready to copy."""
    from generator.commands.followup import followup_report

    _echo(followup_report(content, _as_of(today)), nl=False)


@main.command(epilog="Example: infoprep propose content --write schedule.proposed.yaml")
@CONTENT
@click.option(
    "--write",
    "write",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE",
    help=(
        "Also write the week as a schedule file to review (schedule.yaml as it is, then the "
        "proposals); never overwrites."
    ),
)
@click.option(
    "--time-limit",
    type=click.FloatRange(0.1, 3600),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="Seconds the solver may take at most (it usually finishes well before).",
)
@click.option("--today", type=click.DateTime(TODAY_FORMATS), help=TODAY_HELP)
@user_errors()
def propose(content: Path, write: Path | None, time_limit: float, today: datetime | None) -> None:
    """Propose times for everyone asked but not yet scheduled, around the meetings in schedule.yaml.

    Each request goes inside the person's `available:` windows (or their .ics file), within working
    hours, with the buffer and the travel between in-person meetings, at most per_day's most a day;
    the most important first when not everyone fits. Prints the week and why each request left out
    could not be placed. schedule.yaml is never changed. During the trip nothing is proposed
    before tomorrow.
    """
    from generator.commands.propose import propose as run_propose
    from generator.plan.propose import SolverLimits

    report = run_propose(content, write, SolverLimits(seconds=time_limit), _as_of(today))
    _echo(report.text, nl=False)


@main.command(
    "import",
    epilog="Example: infoprep import Connections.csv contacts.vcf --into content --dry-run",
)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--into",
    "content",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("content"),
    show_default=True,
    help="The content folder to add people/ and companies/ files to.",
)
@click.option("--dry-run", is_flag=True, help="Print the report; write nothing.")
@user_errors()
def import_(files: tuple[Path, ...], content: Path, dry_run: bool) -> None:
    """Add people and organisations from LinkedIn's Connections.csv, a Google Contacts CSV or vCard
    (.vcf) files.

    Each file is recognised by what it holds. One people/<slug>.yaml is written per new person and
    one companies/<slug>.yaml per new organisation; nothing is ever overwritten. Someone already in
    CONTENT (same e-mail, LinkedIn profile, or name at the same organisation) is left as they are,
    and what the export adds is listed as a suggestion. A bad row is reported as FILE:LINE and
    nothing is written.
    """
    from generator.commands.import_report import import_report
    from generator.commands.importing import import_contacts

    _echo(import_report(import_contacts(list(files), content, dry_run)), nl=False)


@main.command(epilog="Example: infoprep who content harbor")
@click.argument("content", default="content", type=click.Path(path_type=Path))
@click.argument("query", required=False)
@user_errors(writes=False)
def who(content: Path, query: str | None) -> None:
    """Who you know where: people by organisation, with seniority, outreach status, response type
    and connection.

    QUERY keeps the people whose name, organisation or industry contains it (accents and case
    aside). With one argument that is not a folder, it is the QUERY and CONTENT is ./content.
    """
    from generator.clock import build_today
    from generator.commands.who import who_arguments, who_report

    folder, text = who_arguments(content, query)
    _echo(who_report(folder, text, build_today(os.environ)), nl=False)


@main.command(epilog="Example: infoprep targets content")
@CONTENT
@click.option("--today", type=click.DateTime(TODAY_FORMATS), help=TODAY_HELP)
@user_errors(writes=False)
def targets(content: Path, today: datetime | None) -> None:
    """Organisations ranked by LAMP (motivation, then postings, then advocacy), with who you know
    and the next step.

    Scores come from each company's `lamp:`; an absent advocacy is worked out from the people you
    know there and how close they are. The network page shows the same list.
    """
    from generator.commands.targets import targets_report

    _echo(targets_report(content, _as_of(today)).text, nl=False)


@main.command(epilog="Example: infoprep schema --output schemas/")
@click.option(
    "--output",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    help="Write one schema file per file kind here.",
)
def schema(folder: Path | None) -> None:
    """Print the JSON Schema of the content files (or write them to a folder)."""
    from generator.content.schema import combined_schema, write_schemas

    if folder is None:
        _echo(combined_schema())
        return
    for path in write_schemas(folder):
        _echo(f"Wrote {path}")


@main.command(epilog="Example: infoprep serve content --port 8000")
@CONTENT
@output_option()
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1; 0 picks a free one.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--no-pdf", is_flag=True, help="Skip PDFs while previewing (much faster rebuilds).")
@user_errors()
def serve(content: Path, output: Path, port: int, host: str, no_pdf: bool) -> None:
    """Build, serve OUTPUT on 127.0.0.1, rebuild and reload pages when CONTENT or the theme
    changes."""
    from generator.commands.serve import serve as run_serve

    try:
        run_serve(content, output, host, port, pdf=not no_pdf, echo=lambda m: _echo(m, err=True))
    except KeyboardInterrupt as exc:  # during the first build (later, Ctrl-C stops serving quietly)
        _exit_interrupted(exc, "interrupted; the previous output is unchanged")


def run() -> None:
    """The `infoprep` program: `main()`, then a quick exit.

    (Tests call `main` itself.)
    """
    from generator.printing.pool import BATCH_GC

    # templating allocates in bulk too: collect in batches, as the PDF workers do
    gc.set_threshold(*BATCH_GC)
    try:
        main()
    finally:
        # The process is about to end: spare the garbage collector a last walk over every object of
        # the trip (~0.1 s at 500 meetings). Objects are still released and files closed as Python
        # exits.
        gc.freeze()
