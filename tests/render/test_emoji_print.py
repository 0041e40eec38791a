"""Emoji pasted with notes (Notion and Google Docs put them in headings and bullets) print as
themselves, not as empty boxes: the print theme's fonts fall back to an emoji font
(fonts-noto-color-emoji, which `make run` installs with the other fonts)."""

from __future__ import annotations

import io

from pypdf import PdfReader

from generator.printing.pdf import PdfJob, PdfSettings, render_pdf
from generator.render.theme import THEMES_DIR


def _fonts(data: bytes) -> set[str]:
    fonts = PdfReader(io.BytesIO(data)).pages[0]["/Resources"]["/Font"]
    return {str(font.get_object()["/BaseFont"]) for font in fonts.values()}


def test_emoji_in_a_packets_notes_print_in_an_emoji_font() -> None:
    css = THEMES_DIR / "default" / "static" / "print.css"
    html = (
        '<html lang="en-GB"><head><link rel="stylesheet" href="static/print.css"></head><body>'
        "<h2>Pasted from Notion 📝</h2><ul><li>Cards (new in 2026) 🚀</li><li>Done ✅</li></ul>"
        "</body></html>"
    )
    made = render_pdf(
        PdfJob("packet.pdf", html, "Notes"), PdfSettings("a4", {"print.css": css}, None)
    )
    assert any("Emoji" in font for font in _fonts(made.data))
    assert "📝" in PdfReader(io.BytesIO(made.data)).pages[0].extract_text()
