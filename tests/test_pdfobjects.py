"""The little PDF reader behind the binder: references found exactly, strings left alone."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pypdf import PdfReader

from generator.printing.pdfobjects import edit, entries, items, ref_spans, value
from generator.printing.pdfwriter import PdfWriter, text_string


def test_references_are_found_in_dictionaries_and_arrays() -> None:
    body = b"<</Type /Page/Parent 1 0 R/Annots [7 0 R 12 0 R]/Resources 4 0 R/W [3 [278 333] 16 [500]]>>"
    assert [n for _, _, n in ref_spans(body)] == [1, 7, 12, 4]


def test_strings_and_names_are_not_references() -> None:
    body = b"<</URI (https://example.org/3 0 R) /F1 0 R /Title (a \\) 5 0 R) /Next 9 0 R>>"
    assert [n for _, _, n in ref_spans(body)] == [9]


def test_text_strings() -> None:
    assert text_string("09:00 Ada (CFO)") == b"(09:00 Ada \\(CFO\\))"
    assert (
        text_string("Mei Chen (陈美)")
        == b"<FEFF" + "Mei Chen (陈美)".encode("utf-16-be").hex().upper().encode() + b">"
    )


def test_a_dictionarys_own_keys_are_found_and_edited_strings_and_inner_dictionaries_left_alone() -> (
    None
):
    body = b"<</Type /Annot/Contents (/StructParent 3) /A <</S /URI /StructParent 4>>/StructParent 9/Rect [1 2 3 4]>>"
    found = entries(body)
    assert list(found) == [b"/Type", b"/Contents", b"/A", b"/StructParent", b"/Rect"]
    assert (
        value(body, b"/StructParent") == b"9"
        and value(body, b"/A") == b"<</S /URI /StructParent 4>>"
    )
    edited = edit(body, {b"/StructParent": b"12", b"/Rect": None, b"/P": b"7 0 R"})
    assert (
        edited
        == b"<</Type /Annot/Contents (/StructParent 3) /A <</S /URI /StructParent 4>>/StructParent 12 /P 7 0 R>>"
    )
    assert items(b"[ 1 0 R (a ] b) <</K [2]>> /N 3.5 ]") == [
        b"1 0 R",
        b"(a ] b)",
        b"<</K [2]>>",
        b"/N",
        b"3.5",
    ]


def test_what_the_writer_packs_reads_back(tmp_path: Path) -> None:
    """Objects without streams go into object streams, found through a cross-reference stream by another reader."""
    out = tmp_path / "x.pdf"
    with out.open("wb") as handle:
        writer = PdfWriter(handle)
        writer.PACK = 2  # several object streams
        writer.write(1, b"<< /Type /Catalog /Pages 2 0 R >>")
        writer.write(2, b"<< /Type /Pages /Count 1 /Kids [ 3 0 R ] >>")
        writer.write(
            3,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 5 0 R /Resources << /Font << /F 4 0 R >> >> >>",
        )
        writer.write(
            4, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
        )
        writer.write(5, b"<< >>", b"BT /F 12 Tf 10 50 Td (Binder page 1 of 1) Tj ET")
        writer.pack([(6, b"<< /Title (Packed) >>")])
        writer.close(7, b"/Root 1 0 R /Info 6 0 R")
    reader = PdfReader(out)
    assert reader.metadata is not None and reader.metadata.title == "Packed"
    assert "Binder page 1 of 1" in (reader.pages[0].extract_text() or "")
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Binder page 1 of 1" in text
