"""Read export files whole, each by what it holds (not by its name), collecting every problem before
raising once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.contacts import google, linkedin, vcards
from generator.contacts.csvtable import csv_rows
from generator.contacts.records import (
    GOOGLE,
    LINKEDIN,
    VCARD,
    ImportProblem,
    ImportProblems,
    Record,
)
from generator.errors import FindingList, Location

MAX_EXPORT_BYTES = 50_000_000
"""A phone's vCard export with photos runs to tens of megabytes; more than this is not a contacts
file."""


@dataclass(frozen=True)
class ExportFile:
    path: Path
    display: str
    """The path as the user gave it, for messages."""

    kind: str
    """LINKEDIN, GOOGLE or VCARD."""

    records: tuple[Record, ...]


def _decode(raw: bytes, file: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")  # Outlook and some phones write UTF-16 with a BOM
        except UnicodeDecodeError as exc:  # a lone surrogate, an odd number of bytes
            text = raw[: exc.start].decode("utf-16", "replace")
            raise ImportProblem(
                Location(file, text.count("\n") + 1), "broken UTF-16 text; export the file again"
            ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportProblem(
            Location(file, line),
            "not UTF-8 text; export the file again as UTF-8 (a spreadsheet's 'CSV UTF-8')",
        ) from None


def _kind(text: str, file: str) -> str:
    if vcards.is_vcard(text):
        return VCARD
    for _, cells in csv_rows(text, file)[:20]:
        names = {cell.strip() for cell in cells}
        if linkedin.is_header(names):
            return LINKEDIN
        if google.is_header(names):
            return GOOGLE
    raise ImportProblem(
        Location(file, 1),
        "not a file infoprep can import: expected LinkedIn's Connections.csv, a Google Contacts "
        "CSV or a vCard (.vcf) file",
    )


def read_export(path: Path) -> ExportFile:
    display = _shown(str(path))
    if not path.is_file():
        raise ImportProblem(
            Location(display, 1), "no such file" if not path.exists() else "not a file"
        )
    try:
        size = path.stat().st_size
        if size > MAX_EXPORT_BYTES:
            raise ImportProblem(
                Location(display, 1),
                f"the file is {size:,} bytes; the limit is {MAX_EXPORT_BYTES:,}",
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportProblem(
            Location(display, 1), f"cannot read the file: {exc.strerror or exc}"
        ) from None
    text = _decode(raw, display)
    kind = _kind(text, display)
    reader = {LINKEDIN: linkedin.read, GOOGLE: google.read, VCARD: vcards.read}[kind]
    return ExportFile(path, display, kind, tuple(reader(text, display)))


def _shown(name: str) -> str:
    """A file name as messages and profiles show it: control characters and line breaks escaped, so
    a name with a line break cannot add a line (and keys) to every profile the import writes."""
    return "".join(
        char if char.isprintable() or char == " " else char.encode("unicode_escape").decode("ascii")
        for char in name
    )


def read_exports(paths: list[Path]) -> list[ExportFile]:
    """Every file read; a ContentError listing each file's problem when any cannot be."""
    findings = FindingList()
    files = []
    for path in paths:
        try:
            files.append(read_export(path))
        except ImportProblem as exc:
            findings.error(exc.location, exc.message)
        except ImportProblems as exc:
            for problem in exc.problems:
                findings.error(problem.location, problem.message)
    findings.raise_if_errors()
    return files
