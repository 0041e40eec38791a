"""What tagging the PDFs costs: every packet of a trip rendered with and without `pdf_tags`, in one process.

    python -m tests.bench.tagging [CONTENT] [--rounds 3]

The print HTML comes from infoprep itself (render_pages, through tests/bench/printed.py); each packet is rendered the way printing/pdf.py does
(same fetcher, stylesheet, fonts), tagged and untagged in turn, so both see the same warm caches and the
same machine load. Prints the median time per packet each way and the difference in per cent, and the
size of the files. Timings are never asserted.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
import warnings
from datetime import date
from pathlib import Path

from generator.printing import pdf
from tests.bench.printed import print_pages


def _render(job: pdf.PdfJob, settings: pdf.PdfSettings, tagged: bool) -> bytes:
    weasyprint = pdf.import_engine()
    fonts = pdf._font_config()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        document = weasyprint.HTML(
            string=job.html,
            base_url=pdf.VIRTUAL_ROOT + job.path,
            url_fetcher=pdf.make_fetcher(settings, [], {}),
        ).render(
            stylesheets=[weasyprint.CSS(string=pdf.page_css(settings.paper), font_config=fonts)],
            font_config=fonts,
            presentational_hints=True,
        )
        out = io.BytesIO()
        document.write_pdf(out, pdf_tags=tagged)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", nargs="?", default="content", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    printed = print_pages(args.content, date(2027, 3, 1))
    packets = [job for job in printed.jobs if job.path.endswith("/packet.pdf")]
    pdf.warm_up()
    times: dict[bool, list[float]] = {True: [], False: []}
    sizes: dict[bool, int] = {True: 0, False: 0}
    for round_ in range(args.rounds):
        for job in packets:
            for tagged in (True, False) if round_ % 2 else (False, True):
                started = time.perf_counter()
                data = _render(job, printed.settings, tagged)
                times[tagged].append(time.perf_counter() - started)
                if round_ == 0:
                    sizes[tagged] += len(data)
    plain, tagged = statistics.median(times[False]), statistics.median(times[True])
    print(f"{len(packets)} packets x {args.rounds} rounds, median per packet:")
    print(f"  untagged {plain * 1000:7.0f} ms   {sizes[False] / len(packets) / 1024:6.0f} KB")
    print(f"  tagged   {tagged * 1000:7.0f} ms   {sizes[True] / len(packets) / 1024:6.0f} KB")
    print(
        f"  tagging costs {100 * (tagged - plain) / plain:+.1f} % time, "
        f"{100 * (sizes[True] - sizes[False]) / sizes[False]:+.1f} % size"
    )


if __name__ == "__main__":
    main()
