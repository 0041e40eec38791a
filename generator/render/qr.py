"""QR codes for printed pages, so a phone opens the map or the video link from paper."""

from __future__ import annotations

from generator.render.memo import MEMOS


def qr_data_uri(url: str) -> str:
    """An SVG data URI; made here, so the PDF fetcher may trust it (memoized: ~4 ms each)."""
    return MEMOS["qr"].get(url, _make)


def _make(url: str) -> str:
    import segno  # here: a rebuild finds most codes in the memo, and segno takes ~25 ms to import

    return segno.make(url, error="m").svg_data_uri(scale=4, border=2, dark="#1b2430")
