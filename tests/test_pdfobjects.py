"""The little PDF reader behind the binder: references found exactly, strings left alone."""

from __future__ import annotations

from generator.render.pdfobjects import ref_spans, renumber, text_string


def test_references_are_found_in_dictionaries_and_arrays() -> None:
    body = b"<</Type /Page/Parent 1 0 R/Annots [7 0 R 12 0 R]/Resources 4 0 R/W [3 [278 333] 16 [500]]>>"
    assert [n for _, _, n in ref_spans(body)] == [1, 7, 12, 4]


def test_strings_and_names_are_not_references() -> None:
    body = b"<</URI (https://example.org/3 0 R) /F1 0 R /Title (a \\) 5 0 R) /Next 9 0 R>>"
    assert [n for _, _, n in ref_spans(body)] == [9]


def test_renumbering_rewrites_only_references() -> None:
    body = b"<</Kids [3 0 R 4 0 R] /Count 2 /Note (3 0 R) /Gone 99 0 R>>"
    assert renumber(body, {3: 30, 4: 40}.get) == b"<</Kids [30 0 R 40 0 R] /Count 2 /Note (3 0 R) /Gone null>>"


def test_text_strings() -> None:
    assert text_string("09:00 Ada (CFO)") == b"(09:00 Ada \\(CFO\\))"
    assert text_string("Mei Chen (陈美)") == b"<FEFF" + "Mei Chen (陈美)".encode("utf-16-be").hex().upper().encode() + b">"
