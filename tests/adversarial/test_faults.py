"""Family "Faults": interrupted builds, crashes, unwritable or full disks, and reproducible output.

Kills are real: `infoprep build` runs as a subprocess in its own session and gets SIGINT (to the
whole process group, as Ctrl-C in a terminal does) or SIGKILL (to the build process, as the OOM
killer or `kill -9` does) at several moments. After each, the previous output must be byte-identical
and nothing else beside it may be left once the next build has run.

A copied old output carries its build cache, so an unchanged build would render nothing: builds that
must be caught rendering run with --clean. Kill moments follow the build's own progress (workers
forked, the scratch folder of new PDFs made, the first PDF in it), not the clock.

The writer normally holds its staging folder for milliseconds, after all PDFs are rendered, so
"kill during staging" uses slow_writer.py: the real writer, one file at a time with a pause between.

Read-only folders: we run as root, and root ignores permission bits, so chmod 0o555 would prove
nothing. What really stops root is the immutable attribute (`chattr +i`, ext4/xfs/btrfs): that is
used for a read-only parent and a read-only output folder (skipped where chattr does not work). Two
root-proof failures need no attribute: a parent that is a file, and a file squatting on the staging
folder's name. A full disk is a real write failure too: RLIMIT_FSIZE makes the kernel refuse to grow
a file (EFBIG), the same path through the writer as ENOSPC, which is also simulated in-process.
"""

from __future__ import annotations

import contextlib
import errno
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from adversarial.helpers import (
    EPOCH,
    MEETING_ID,
    TRIP,
    Guard,
    Workspace,
    cli,
    copy_tree,
    printed,
    tree_digest,
)

SLOW_WRITER = Path(__file__).resolve().parent / "slow_writer.py"


INTERRUPTED = "interrupted; the previous output is unchanged"
PDFS = ("itinerary.pdf", "pocket-cards.pdf", f"meetings/{MEETING_ID}/packet.pdf")


def child_env() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "SOURCE_DATE_EPOCH", "INFOPREP_PASSWORD", "INFOPREP_PDF_TIMEOUT")
    }
    env["SOURCE_DATE_EPOCH"] = EPOCH
    return env


def new_workspace(root: Path, old_output: Path) -> Workspace:
    ws = Workspace(root)
    copy_tree(TRIP, ws.content)
    copy_tree(old_output, ws.output)
    return ws


# ---- processes -----------------------------------------------------------------------------------


def children(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def rendering(pid: int) -> bool:
    """Whether one of the build's workers is past warming up (~0.05 s of CPU after its fork) and
    into a PDF: it has used 0.15 s of CPU. A moment found by what the worker did, not by a sleep,
    which a fast machine outran (the small trip was rendered within a second)."""
    for child in children(pid):
        try:
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") >= 0.15:
            return True
    return False


def live_in_session(sid: int) -> list[int]:
    """Processes (not zombies) in the session a build was started in."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


@dataclass
class Run:
    proc: subprocess.Popen
    log: Path
    started: float
    started_wall: float = 0.0

    @property
    def stderr(self) -> str:
        return (self.log.with_suffix(".err")).read_text(encoding="utf-8", errors="replace")

    def wait(self, timeout: float = 30) -> int:
        return self.proc.wait(timeout=timeout)

    def cleanup(self) -> None:
        """End whatever is left of this build's own process group (by its id; nothing else)."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)


def start(
    ws: Workspace, *args: str, slow: bool = False, preexec=None, env: dict[str, str] | None = None
) -> Run:  # type: ignore[no-untyped-def]
    log = ws.root.parent / f"{ws.root.name}-build.out"
    command = [sys.executable, str(SLOW_WRITER)] if slow else [sys.executable, "-m", "generator"]
    proc = subprocess.Popen(
        [*command, "build", "content", "-o", "out", *args],
        cwd=ws.root,
        env={**child_env(), **(env or {})},
        stdout=log.open("wb"),
        stderr=log.with_suffix(".err").open("wb"),
        start_new_session=True,
        preexec_fn=preexec,
    )
    return Run(proc, log, time.monotonic(), time.time())


def send(run: Run, sig: signal.Signals) -> None:
    """SIGINT goes to the process group (what Ctrl-C does); other signals to the build process alone."""
    try:
        if sig is signal.SIGINT:
            os.killpg(run.proc.pid, sig)
        else:
            os.kill(run.proc.pid, sig)
    except ProcessLookupError:
        pass


def wait_for(condition, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.005)
    return False


def staging_of(ws: Workspace) -> list[Path]:
    return [p for p in ws.root.iterdir() if ".infoprep-staging-" in p.name]


def scratch_of(ws: Workspace, run: Run) -> Path:
    """Where this build keeps the PDFs it renders: its build cache (outside the workspace, in the suite's ~/.cache)."""
    from generator.printing.cache import cache_folder

    return cache_folder(ws.output, os.environ) / "pdf"


def pdfs_in(folder: Path, since: float = 0.0) -> list[Path]:
    """PDFs in a folder, made since this time (time.time())."""
    try:
        return [p for p in folder.iterdir() if p.suffix == ".pdf" and p.stat().st_mtime >= since]
    except OSError:
        return []


@pytest.fixture(scope="session")
def finished(tmp_path_factory: pytest.TempPathFactory, site_pdf: Path) -> dict[str, str]:
    """What a build of a workspace writes when it finishes before its signal: the same command, run to
    the end in a workspace of its own. A loaded machine may let a build beat its signal; that build's
    output is then compared with this, not with the previous output."""
    ws = new_workspace(tmp_path_factory.mktemp("finished") / "work", site_pdf)
    ran = cli("build", "content", "-o", "out", "--clean", cwd=ws.root)
    assert ran.code == 0, ran.output
    return tree_digest(ws.output)


@pytest.fixture
def runs() -> Iterator[list[Run]]:
    started: list[Run] = []
    yield started
    for run in started:
        run.cleanup()


# ---- interrupted while rendering PDFs ------------------------------------------------------------


def interrupt_while_rendering(
    ws: Workspace, sig: signal.Signals, moment: str, runs: list[Run]
) -> Run:
    run = start(ws, "--clean")
    runs.append(run)
    cache = scratch_of(ws, run)
    # 3 PDFs (and the binder) on 2 workers: the first worker is forked as soon as the inputs are
    # hashed, both render a while later, and the PDFs land in the build cache once all are made
    # (then the binder is assembled).
    condition = {
        "workers": lambda: children(run.proc.pid),
        "rendering": lambda: (
            children(run.proc.pid) and time.sleep(0.3) is None and children(run.proc.pid)
        ),
        "first-pdf": lambda: pdfs_in(cache, since=run.started_wall),
    }[moment]
    assert wait_for(condition, timeout=15), f"{moment}: never happened"
    send(run, sig)
    run.wait()
    return run


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_interrupted_pdf_build_keeps_old_output_and_next_build_works(
    tmp_path: Path, site_pdf: Path, finished: dict[str, str], sig: signal.Signals, runs: list[Run]
) -> None:
    ws = new_workspace(tmp_path / "work", site_pdf)
    guard = Guard(ws)
    interrupted = []
    for moment in ("workers", "rendering", "first-pdf"):
        run = interrupt_while_rendering(ws, sig, moment, runs)
        # An interrupted build leaves the previous output as it was; one that beat the signal (a
        # loaded machine) must have written what that build writes when it runs to the end. At
        # least two of the three moments must really interrupt.
        if run.proc.returncode != 0:
            interrupted.append(moment)
            if sig is signal.SIGINT:
                assert run.proc.returncode == 130 and run.stderr.splitlines() == [INTERRUPTED], (
                    run.stderr
                )
            assert tree_digest(ws.output) == guard.output, f"{moment}: the previous output changed"
        else:
            assert tree_digest(ws.output) == finished, (
                f"{moment}: a finished build wrote other bytes"
            )
            guard = Guard(ws)  # the finished build is the next one's previous output
        run.cleanup()
        if sig is signal.SIGINT:
            guard.assert_untouched()
    assert len(interrupted) >= 2, (
        f"only {interrupted} were interrupted: the build is faster than this test assumes"
    )
    ran = cli("build", "content", "-o", "out", "-j", "1", "--clean", cwd=ws.root)
    assert ran.code == 0, ran.output
    assert "3 rendered" in ran.stdout, ran.stdout
    assert (ws.output / "meetings" / MEETING_ID / "packet.pdf").is_file() and (
        ws.output / "binder.pdf"
    ).is_file()
    guard.assert_only_output_changed()


def test_ctrl_c_as_pdf_workers_start_is_quiet_and_stops(
    tmp_path: Path, site_pdf: Path, runs: list[Run]
) -> None:
    """Workers ignore Ctrl-C (it reaches the whole group); the build stops them, cleans up and says so in one line."""
    for attempt in range(3):
        ws = new_workspace(tmp_path / f"work{attempt}", site_pdf)
        guard = Guard(ws)
        run = start(ws, "--clean")
        runs.append(run)
        pid = run.proc.pid
        assert wait_for(lambda: children(pid), timeout=15), "no PDF worker processes appeared"  # noqa: B023
        send(run, signal.SIGINT)
        code = run.wait()
        gone = wait_for(lambda: not live_in_session(pid), timeout=3)  # noqa: B023
        assert gone, "worker processes outlived the build"
        run.cleanup()
        assert "Traceback" not in run.stderr, run.stderr
        assert code == 130, f"Ctrl-C did not stop the build (exit {code})"
        assert run.stderr.splitlines() == [INTERRUPTED]
        guard.assert_untouched()


def test_ctrl_c_during_serves_first_build_says_so_and_stops(tmp_path: Path) -> None:
    """Ctrl-C while `serve` makes its first build (a 100-meeting trip: about a second of reading and
    templating once the build cache is open) stops like a build's: one line, exit 130, no
    "Aborted!" and no traceback; once it is serving, Ctrl-C stops it quietly with exit 0."""
    from bench.generate import write_trip

    write_trip(tmp_path / "content", 100)
    cache = tmp_path / "cache"
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "content", "-o", "out", "--port", "0"],
        cwd=tmp_path,
        env={**child_env(), "XDG_CACHE_HOME": str(cache)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        assert wait_for(lambda: (cache / "infoprep").is_dir(), timeout=30), "no build started"
        os.killpg(proc.pid, signal.SIGINT)
        stderr = proc.communicate(timeout=60)[1].decode("utf-8", "replace")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    assert "Traceback" not in stderr and "Aborted" not in stderr, stderr
    if "Serving" in stderr:  # a fast machine finished the first build before the signal
        assert proc.returncode == 0, stderr
    else:
        assert proc.returncode == 130 and stderr.splitlines() == [INTERRUPTED], stderr
        assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("moment", ["workers", "rendering"])
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_killed_build_leaves_no_worker_processes(
    tmp_path: Path,
    site_pdf: Path,
    finished: dict[str, str],
    sig: signal.Signals,
    moment: str,
    runs: list[Run],
) -> None:
    """Workers die with the build however it dies (warming up or rendering); SIGTERM also cleans up like Ctrl-C."""
    ws = new_workspace(tmp_path / "work", site_pdf)
    guard = Guard(ws)
    run = start(ws, "--clean")
    runs.append(run)
    assert wait_for(lambda: children(run.proc.pid), timeout=15), "no PDF worker processes appeared"
    if moment == "rendering":
        assert wait_for(lambda: rendering(run.proc.pid), timeout=30), "no worker rendered a PDF"
    assert children(run.proc.pid), "the build had already stopped its workers"
    send(run, sig)
    code = run.wait()
    wait_for(lambda: not live_in_session(run.proc.pid), timeout=3)
    assert live_in_session(run.proc.pid) == []
    if code == 0:  # the build ended between the check for workers and the signal (a loaded machine)
        assert tree_digest(ws.output) == finished, "a finished build wrote other bytes"
        return
    assert tree_digest(ws.output) == guard.output
    if sig is signal.SIGTERM:
        assert code == 128 + signal.SIGTERM and run.stderr.splitlines() == [INTERRUPTED], run.stderr
        guard.assert_untouched()  # its scratch folder removed too


def test_a_crashed_pdf_worker_keeps_old_output(
    tmp_path: Path, site_pdf: Path, runs: list[Run]
) -> None:
    """A worker dying mid-render (segfault, OOM kill) fails the build; the old output stays whole."""
    ws = new_workspace(tmp_path / "work", site_pdf)
    guard = Guard(ws)
    run = start(ws, "--clean")
    runs.append(run)
    assert wait_for(lambda: rendering(run.proc.pid), timeout=30), "no worker rendered a PDF"
    os.kill(children(run.proc.pid)[0], signal.SIGKILL)
    assert run.wait() != 0
    assert "a PDF worker process died" in run.stderr, run.stderr
    wait_for(lambda: not live_in_session(run.proc.pid), timeout=3)
    assert live_in_session(run.proc.pid) == []
    guard.assert_untouched()
    ran = cli("build", "content", "-o", "out", "--no-pdf", cwd=ws.root)
    assert ran.code == 0 and ws.beside_output() == []


@pytest.mark.parametrize("jobs", [1, 2], ids=["in-process", "in-a-worker"])
def test_an_exception_in_pdf_rendering_keeps_old_output(
    ws_pdf: Workspace, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    from fixtures.building import build_options

    import generator.printing.pool as pool
    from generator.build import build
    from generator.printing.pdf import render_pdf

    def flaky(job, settings):  # type: ignore[no-untyped-def]  # fault injection: reaches the workers through fork
        if job.path == "itinerary.pdf":
            raise RuntimeError("WeasyPrint fell over")
        return render_pdf(job, settings)

    monkeypatch.setattr(pool, "render_pdf", flaky)
    guard = Guard(ws_pdf)
    options = build_options(
        content=ws_pdf.content,
        output=ws_pdf.output,
        pdf=True,
        jobs=jobs,
        quiet=True,
        clean=True,
        environ={"SOURCE_DATE_EPOCH": EPOCH},
    )
    with pytest.raises(RuntimeError, match="fell over"):
        build(options)
    guard.assert_untouched()
    monkeypatch.setattr(pool, "render_pdf", render_pdf)
    report = build(options)
    assert report.pdfs_rendered == 3
    assert ws_pdf.beside_output() == [] and (ws_pdf.output / "binder.pdf").is_file()


@pytest.mark.parametrize("jobs", ["1", "2"], ids=["in-process", "in-workers"])
def test_a_pdf_over_the_time_limit_fails_the_build_and_keeps_old_output(
    tmp_path: Path, site_pdf: Path, runs: list[Run], jobs: str
) -> None:
    """INFOPREP_PDF_TIMEOUT: a document that takes longer is an error naming it; its worker is killed, nothing written."""
    ws = new_workspace(tmp_path / "work", site_pdf)
    guard = Guard(ws)
    run = start(ws, "--clean", "-j", jobs, env={"INFOPREP_PDF_TIMEOUT": "0.001"})
    runs.append(run)
    assert run.wait() == 1, run.stderr
    assert "Traceback" not in run.stderr, run.stderr
    [line] = run.stderr.splitlines()
    assert any(
        line == f"error: {pdf}: PDF rendering took longer than 0.001 s; nothing was written"
        for pdf in PDFS
    ), line
    assert wait_for(lambda: not live_in_session(run.proc.pid), timeout=3), (
        "a worker outlived the build"
    )
    guard.assert_untouched()


def test_a_bad_time_limit_is_a_usage_error(ws_pdf: Workspace) -> None:
    guard = Guard(ws_pdf)
    ran = cli("build", "content", "-o", "out", "--clean", env={"INFOPREP_PDF_TIMEOUT": "soon"})
    assert ran.code == 2 and "Traceback" not in ran.output, ran.output
    assert ran.lines == [
        "error: INFOPREP_PDF_TIMEOUT='soon': expected a positive number of seconds, e.g. "
        "INFOPREP_PDF_TIMEOUT=300"
    ]
    guard.assert_untouched()


# ---- interrupted while staging -------------------------------------------------------------------


def interrupt_while_staging(
    ws: Workspace, sig: signal.Signals, delay: float, runs: list[Run]
) -> tuple[Run, float]:
    run = start(ws, "--no-pdf", slow=True)
    runs.append(run)
    assert wait_for(lambda: staging_of(ws), timeout=20), "the staging folder never appeared"
    seen = time.monotonic()
    time.sleep(delay)
    send(run, sig)
    run.wait()
    return run, time.monotonic() - seen


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_interrupted_while_staging_keeps_old_output(
    tmp_path: Path, site_pdf: Path, sig: signal.Signals, runs: list[Run]
) -> None:
    delays = (0.2, 1.0, 3.0)
    spaces = [new_workspace(tmp_path / f"work{n}", site_pdf) for n in range(len(delays))]
    guards = [Guard(ws) for ws in spaces]
    with ThreadPoolExecutor(max_workers=len(delays)) as pool:
        results = list(
            pool.map(
                lambda args: interrupt_while_staging(args[0], sig, args[1], runs),
                zip(spaces, delays, strict=True),
            )
        )
    for ws, guard, delay, (run, _) in zip(spaces, guards, delays, results, strict=True):
        assert run.proc.returncode != 0, f"{delay}s into staging: the build finished first"
        assert tree_digest(ws.output) == guard.output, (
            f"{delay}s into staging: the previous output changed"
        )
        if sig is signal.SIGINT:
            assert "Traceback" not in run.stderr, run.stderr
            assert run.proc.returncode == 130 and run.stderr.splitlines() == [INTERRUPTED], (
                run.stderr
            )
            assert ws.beside_output() == [], "Ctrl-C must clean up its staging folder"
        else:
            assert len(staging_of(ws)) == 1, "a killed build cannot clean up; the next one must"
    for ws, guard in zip(spaces, guards, strict=True):
        ran = cli("build", "content", "-o", "out", "--no-pdf", cwd=ws.root)
        assert ran.code == 0 and "Traceback" not in ran.output, ran.output
        assert ws.beside_output() == []
        guard.assert_only_output_changed()
        assert not (ws.output / "binder.pdf").exists() and (ws.output / "index.html").is_file()


def test_leftovers_of_a_killed_swap_are_recovered(ws: Workspace) -> None:
    """Killed between renames: an `-old-` copy with no output is put back, stray staging is removed."""
    old = ws.root / ".out.infoprep-old-4242"
    ws.output.rename(old)
    stray = ws.root / ".out.infoprep-staging-4243"
    (stray / "meetings").mkdir(parents=True)
    (stray / "index.html").write_text("half written", encoding="utf-8")
    ran = cli("build", "content", "-o", "out", "--no-pdf")
    assert ran.code == 0, ran.output
    assert ws.beside_output() == []
    assert (ws.output / "index.html").read_text(encoding="utf-8") != "half written"


# ---- unwritable and full -------------------------------------------------------------------------


def chattr(path: Path, flag: str) -> bool:
    try:
        return (
            subprocess.run(["chattr", flag, str(path)], capture_output=True, timeout=10).returncode
            == 0
        )
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.fixture
def immutable() -> Iterator[list[Path]]:
    """Paths made immutable by a test, always made mutable again (or pytest could not delete them)."""
    paths: list[Path] = []
    yield paths
    for path in paths:
        chattr(path, "-i")


@pytest.mark.parametrize("which", ["parent", "output"])
def test_read_only_folder_is_a_clear_error(
    ws: Workspace, immutable: list[Path], which: str
) -> None:
    target = ws.root if which == "parent" else ws.output
    guard = Guard(ws)
    if not chattr(target, "+i"):
        pytest.skip("chattr +i is not available here (needs root and ext4/xfs/btrfs)")
    immutable.append(target)
    ran = cli("build", "content", "-o", "out", "--no-pdf")
    chattr(target, "-i")
    assert ran.code == 1 and "Traceback" not in ran.output, ran.output
    expected = (
        "error: out: cannot create the staging folder beside it: "
        if which == "parent"
        else "error: out: writing failed, previous output left as it was: "
    )
    assert printed(ran, expected), ran.stderr
    guard.assert_untouched()


def test_parent_that_is_a_file_is_a_clear_error(ws: Workspace) -> None:
    (ws.root / "afile").write_text("not a folder", encoding="utf-8")
    guard = Guard(ws)
    ran = cli("build", "content", "-o", "afile/out", "--no-pdf")
    assert ran.code == 1 and "Traceback" not in ran.output, ran.output
    assert printed(ran, "error: afile/out: cannot create the staging folder beside it: ")
    guard.assert_untouched()


def test_a_file_in_the_staging_folders_place_is_a_clear_error(ws: Workspace) -> None:
    squatter = ws.root / f".out.infoprep-staging-{os.getpid()}"
    squatter.write_text("someone else's", encoding="utf-8")
    guard = Guard(ws)
    ran = cli("build", "content", "-o", "out", "--no-pdf")
    assert ran.code == 1 and "Traceback" not in ran.output, ran.output
    assert printed(ran, "error: out: cannot create the staging folder beside it: ")
    assert tree_digest(ws.output) == guard.output
    assert squatter.read_text(encoding="utf-8") == "someone else's"


def test_full_disk_is_a_clear_error(ws_pdf: Workspace, runs: list[Run]) -> None:
    """The kernel refuses to grow any file past 4 KiB (RLIMIT_FSIZE): a real failed write, mid-staging."""
    guard = Guard(ws_pdf)

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    run = start(ws_pdf, "--no-pdf", preexec=small_files)
    runs.append(run)
    assert run.wait() == 1
    assert "Traceback" not in run.stderr, run.stderr
    assert (
        "error: out: writing failed, previous output left as it was: File too large"
        in run.stderr.splitlines()
    )
    guard.assert_untouched()


def test_no_space_left_is_a_clear_error(ws_pdf: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Path.write_bytes
    written: list[str] = []

    def fill_up(self: Path, data: bytes) -> int:
        if ".infoprep-staging-" in str(self):
            written.append(self.name)
            if len(written) > 2:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(self, data)

    ws_pdf.edit(
        "trip.yaml", "title: Adversarial test week", "title: Adversarial test week, again"
    )  # every page is new
    monkeypatch.setattr(Path, "write_bytes", fill_up)
    guard = Guard(ws_pdf)
    ran = cli("build", "content", "-o", "out", "--no-pdf")
    assert ran.code == 1 and "Traceback" not in ran.output, ran.output
    assert printed(
        ran, "error: out: writing failed, previous output left as it was: No space left on device"
    )
    guard.assert_untouched()


# ---- reproducible output -------------------------------------------------------------------------


@pytest.mark.parametrize("epoch", [EPOCH, None], ids=["SOURCE_DATE_EPOCH", "no-epoch"])
def test_same_content_twice_gives_identical_trees(ws: Workspace, epoch: str | None) -> None:
    env = {"SOURCE_DATE_EPOCH": epoch}
    first = cli("build", "content", "-o", "first", "-j", "1", env=env)
    time.sleep(1.1)  # a timestamp in seconds would now differ
    second = cli("build", "content", "-o", "second", "-j", "1", env=env)
    assert first.code == 0 and second.code == 0, first.output + second.output
    a, b = tree_digest(ws.root / "first"), tree_digest(ws.root / "second")
    assert {
        "index.html",
        "itinerary.ics",
        "itinerary.pdf",
        "binder.pdf",
        f"meetings/{MEETING_ID}/packet.pdf",
    } <= set(a)
    if epoch is None:
        # The calendar's DTSTAMP (and the SEQUENCE that follows from it) is when the build ran, as
        # RFC 5545 means it; everything else is the same. With SOURCE_DATE_EPOCH, the whole tree is.
        assert a.pop("itinerary.ics") != b.pop("itinerary.ics")
        for name in (
            ".infoprep.json",
            "sw.js",
        ):  # the manifest and the service worker list the calendar's digest
            a.pop(name), b.pop(name)
    assert a == b


def test_epoch_sets_the_as_of_date(ws: Workspace) -> None:
    ran = cli("build", "content", "-o", "dated", "--no-pdf", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert ran.code == 0
    assert "May 1, 2027" in (ws.root / "dated" / "followups.html").read_text(encoding="utf-8")
