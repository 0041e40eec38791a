"""QR codes for printed pages, so a phone opens the map or the video link from paper."""

from __future__ import annotations

from functools import lru_cache

import segno


@lru_cache(maxsize=1024)
def qr_data_uri(url: str) -> str:
    """An SVG data URI; made here, so the PDF fetcher may trust it."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2, dark="#1b2430")
