"""The PDF worker pool: workers write the files, report failures, and stop when asked, even mid-import."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator import forking
from generator.errors import OutputError, UsageError
from generator.render.pdf import PdfJob, PdfSettings, render_pdf
from generator.render.pool import PdfRenderer, PdfWorkerError, pdf_timeout, render_all
from generator.render.theme import THEMES_DIR

SETTINGS = PdfSettings("letter", {"print.css": THEMES_DIR / "default" / "static" / "print.css"}, None)


def _job(n: int) -> PdfJob:
    return PdfJob(
        f"page-{n}.pdf",
        f'<html><head><link rel="stylesheet" href="static/print.css"></head><body><h1>Page {n}</h1><p>{"text " * 40 * n}</p>'
        '<img src="https://example.org/tracker.png"></body></html>',
        f"Page {n}",
    )


def test_workers_write_the_same_pdfs_as_this_process(tmp_path: Path) -> None:
    jobs = [_job(n) for n in range(1, 5)]
    made = render_all(jobs, SETTINGS, tmp_path, workers=2)
    assert sorted(made) == sorted(job.path for job in jobs)
    for job in jobs:
        result = made[job.path]
        assert result.file.parent == tmp_path and result.file.read_bytes() == render_pdf(_job(int(job.path[5:-4])), SETTINGS)
        assert f"Page {job.path[5:-4]}" in PdfReader(result.file).pages[0].extract_text()
        assert result.loaded == {"https://infoprep.invalid/static/print.css": str(SETTINGS.static["print.css"]),
                                 "https://example.org/tracker.png": ""}
        assert job.refused and "refused to load" in job.refused[0]  # carried back from the worker
        assert result.outline[0].title == f"Page {job.path[5:-4]}"


def test_a_failure_in_a_worker_is_raised_here(tmp_path: Path) -> None:
    renderer = PdfRenderer(workers=2)
    renderer.start()
    renderer.submit(_job(1), SETTINGS, tmp_path / "ok.pdf")
    (tmp_path / "a-folder").mkdir()
    renderer.submit(_job(2), SETTINGS, tmp_path / "a-folder")  # the worker cannot put a file where a folder is
    with pytest.raises(PdfWorkerError, match="page-2.pdf"):
        renderer.finish()
    assert renderer._pool == []


def test_workers_started_early_and_never_used_are_stopped() -> None:
    renderer = PdfRenderer(workers=2)
    renderer.start()
    processes = [worker.process for worker in renderer._pool]
    assert len(processes) == 1  # one warms up early; more only when there is more than one job
    assert renderer.finish() == {}
    assert not any(p.is_alive() for p in processes)


def test_one_worker_renders_in_this_process(tmp_path: Path) -> None:
    renderer = PdfRenderer(workers=1)
    renderer.start()
    renderer.submit(_job(1), SETTINGS, tmp_path / "one.pdf")
    assert renderer._pool == []
    assert (tmp_path / "one.pdf").exists() is False  # nothing happens before finish()
    assert list(renderer.finish()) == ["page-1.pdf"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork is the Linux choice")
def test_no_fork_while_other_threads_run() -> None:
    if threading.active_count() == 1:  # other tests may have left a daemon thread running
        assert forking.context().get_start_method() == "fork"
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert forking.context().get_start_method() == "forkserver"
    finally:
        stop.set()
        thread.join()


def test_the_time_limit_comes_from_the_environment() -> None:
    assert pdf_timeout({}) == 120
    assert pdf_timeout({"INFOPREP_PDF_TIMEOUT": " 2.5 "}) == 2.5
    for bad in ("0", "-3", "soon", "inf", "nan"):
        with pytest.raises(UsageError, match="INFOPREP_PDF_TIMEOUT"):
            pdf_timeout({"INFOPREP_PDF_TIMEOUT": bad})


@pytest.mark.parametrize("workers", [1, 2])
def test_a_pdf_over_the_time_limit_is_an_error_naming_it(tmp_path: Path, workers: int) -> None:
    renderer = PdfRenderer(workers=workers, timeout=0.001)
    renderer.start()
    renderer.submit(_job(3), SETTINGS, tmp_path / "slow.pdf")
    renderer.submit(_job(4), SETTINGS, tmp_path / "slower.pdf")
    processes = [worker.process for worker in renderer._pool]
    assert len(processes) == (2 if workers == 2 else 0)
    with pytest.raises(OutputError, match=r"^page-[34]\.pdf: PDF rendering took longer than 0\.001 s; nothing was written$"):
        renderer.finish()
    assert renderer._pool == [] and not any(p.is_alive() for p in processes)
    assert not (tmp_path / "slow.pdf").exists() or not (tmp_path / "slower.pdf").exists()


def test_the_program_and_its_workers_collect_garbage_in_batches() -> None:
    """The `infoprep` program sets forking.BATCH_GC before it runs a command; a PDF worker does too after warming up."""
    import subprocess
    import sys

    probe = (
        "import gc, sys\n"
        "from generator import cli\n"
        "cli.main = lambda: print(gc.get_threshold())\n"
        "cli.run()\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == str(forking.BATCH_GC)
