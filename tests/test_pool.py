"""The PDF pool (generator/printing/pool.py): the same PDFs as this process makes, failures raised here, time limits kept,
and no worker outliving its pool."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.errors import OutputError, UsageError
from generator.printing.pdf import PdfJob, PdfSettings, render_pdf
from generator.printing.pool import PdfPool, PdfWorkerError, pdf_timeout
from generator.render.theme import THEMES_DIR

SETTINGS = PdfSettings(
    "letter", {"print.css": THEMES_DIR / "default" / "static" / "print.css"}, None
)


def _job(n: int) -> PdfJob:
    return PdfJob(
        f"page-{n}.pdf",
        '<html><head><link rel="stylesheet" href="static/print.css"></head><body><h1>Page '
        f"{n}</h1><p>{'text ' * 40 * n}</p>"
        '<img src="https://example.org/tracker.png"></body></html>',
        f"Page {n}",
    )


def _children() -> set[int]:
    """This process's living descendants (Linux /proc): a worker may be a forkserver's child when threads run."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                parents[int(entry)] = int(fields[1])
    found: set[int] = set()
    frontier = [os.getpid()]
    while frontier:
        current = frontier.pop()
        kids = [pid for pid, parent in parents.items() if parent == current and pid not in found]
        found.update(kids)
        frontier.extend(kids)
    return found


@pytest.mark.parametrize("workers", [1, 2], ids=["in-process", "in-workers"])
def test_the_pool_makes_the_same_pdfs_as_this_process(workers: int) -> None:
    before = _children()
    with PdfPool(workers, 60) as pool:
        pool.start()
        for n in range(1, 4):
            pool.submit(_job(n), SETTINGS)
        made = pool.results()
    assert sorted(made) == ["page-1.pdf", "page-2.pdf", "page-3.pdf"]
    for n in range(1, 4):
        result = made[f"page-{n}.pdf"]
        assert result.data == render_pdf(_job(n), SETTINGS).data
        assert f"Page {n}" in PdfReader(io.BytesIO(result.data)).pages[0].extract_text()
        assert result.loaded == {
            "https://infoprep.invalid/static/print.css": str(SETTINGS.static["print.css"]),
            "https://example.org/tracker.png": "",
        }
        assert result.refused and "refused to load" in result.refused[0]
        assert result.outline[0].title == f"Page {n}"
    assert _children() - _forkserver() <= before


def _forkserver() -> set[int]:
    """multiprocessing's fork server, if this process started one (it does when threads run, an
    earlier test's server threads included): it stays for the process's life, unlike a worker."""
    from multiprocessing import forkserver

    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)  # noqa: SLF001
    return {pid} if pid else set()


def test_a_failure_in_a_worker_is_raised_here() -> None:
    broken = PdfJob("page-2.pdf", None, "Page 2")  # type: ignore[arg-type]  # no HTML at all: WeasyPrint raises
    with PdfPool(2, 60) as pool:
        pool.submit(_job(1), SETTINGS)
        pool.submit(broken, SETTINGS)
        with pytest.raises(PdfWorkerError, match="page-2.pdf"):
            pool.results()


def test_a_pool_started_and_never_used_leaves_no_process() -> None:
    before = _children()
    with PdfPool(2, 60) as pool:
        pool.start()
        # one warms up early (with a forkserver, once a thread runs)
        assert len(_children() - before) >= 1
        assert pool.results() == {}
    assert _children() <= before


def test_the_time_limit_comes_from_the_environment() -> None:
    assert pdf_timeout({}) == 120
    assert pdf_timeout({"INFOPREP_PDF_TIMEOUT": " 2.5 "}) == 2.5
    for bad in ("0", "-3", "soon", "inf", "nan"):
        with pytest.raises(UsageError, match="INFOPREP_PDF_TIMEOUT"):
            pdf_timeout({"INFOPREP_PDF_TIMEOUT": bad})


@pytest.mark.parametrize("workers", [1, 2], ids=["in-process", "in-workers"])
def test_a_pdf_over_the_time_limit_is_an_error_naming_it(workers: int) -> None:
    before = _children()
    with PdfPool(workers, 0.001) as pool:
        pool.submit(_job(3), SETTINGS)
        pool.submit(_job(4), SETTINGS)
        with pytest.raises(
            OutputError,
            match=r"^page-[34]\.pdf: PDF rendering took longer than 0\.001 s; nothing was written$",
        ):
            pool.results()
    assert _children() <= before


def test_the_program_collects_garbage_in_batches() -> None:
    """The `infoprep` program sets pool.BATCH_GC before it runs a command (templating allocates in bulk)."""
    import subprocess
    import sys

    from generator.printing.pool import BATCH_GC

    probe = "import gc\nfrom generator import cli\ncli.main = lambda: print(gc.get_threshold())\ncli.run()\n"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == str(BATCH_GC)


def test_a_page_sent_while_the_worker_warms_up_renders_as_the_build_goes_on(
    tmp_path: Path,
) -> None:
    """The build polls its printer between pages with no one to tell of PDFs (a plain `build`, not
    serve): a job waiting for its worker must still go out once the worker is ready, and its PDF
    come in, before the build collects (it once waited for the end of templating)."""
    from generator.printing.cache import BuildCache
    from generator.printing.printer import Printer
    from generator.render.site import Page

    with BuildCache(tmp_path / "cache") as cache, PdfPool(2, 60) as pool:
        pool.start()
        printer = Printer(cache, pool, SETTINGS, "engine", lambda url: None)
        job = _job(1)
        assert printer.add(Page(job.path, job.html.encode(), job.title, True, job.path))
        for _ in range(600):  # a deadline far beyond any machine's warm-up, never a timing
            printer.poll(None, 0.2)
            if pool.done:
                break
        assert list(pool.done) == [job.path]
        printer.collect()
    assert "Page 1" in PdfReader(io.BytesIO(pool.done[job.path].data)).pages[0].extract_text()
