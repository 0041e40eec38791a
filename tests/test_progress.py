"""The progress bar: drawn only on a terminal, erased before the summary."""

from __future__ import annotations

import io

from generator.printing.progress import ProgressBar


def test_a_bar_on_a_terminal() -> None:
    out = io.StringIO()
    bar = ProgressBar(out, enabled=True)
    bar(1, 4, "meetings/a/packet.pdf")
    bar(4, 4, "binder.pdf")
    text = out.getvalue()
    assert "\r\033[K" in text and "1/4" in text and "4/4" in text and "[" + "#" * 24 + "]" in text
    bar.clear()
    assert out.getvalue().endswith("\r\033[K")


def test_nothing_when_not_a_terminal() -> None:
    out = io.StringIO()
    bar = ProgressBar(out, enabled=False)
    bar(1, 4, "meetings/a/packet.pdf")
    bar.clear()
    assert out.getvalue() == ""
