"""traveler.resume: copied into the output under a name that names no one, linked, and sealed in a private build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fixtures.building import build_options
from fixtures.paper import MEETINGS, PAPER, PHONE_MEETING, RESUME, TODAY, VIDEO_MEETING, paper_copy

from generator.build import build
from generator.content.models import Traveler
from generator.publish.seal import SALT_FILE, decrypt_site, derive_site_key
from generator.render.resume import resume_path

PASSPHRASE = "a resume for Berlin, sealed"


def built(content: Path, output: Path, environ: dict[str, str] | None = None) -> Path:
    build(
        build_options(
            content=content,
            output=output,
            pdf=False,
            today=TODAY,
            quiet=True,
            environ=environ or {},
        )
    )
    return output


def test_the_resume_is_copied_and_linked(tmp_path: Path) -> None:
    out = built(PAPER, tmp_path / "site")
    assert (out / "resume.pdf").read_bytes() == (PAPER / RESUME).read_bytes()
    assert not [p for p in out.rglob("*") if "Conaill" in p.name or "CV" in p.name]
    itinerary = (out / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<dt>Resume</dt><dd><a href="resume\.pdf" download>', itinerary)
    for meeting_id in MEETINGS:
        page = (out / "meetings" / meeting_id / "index.html").read_text(encoding="utf-8")
        bring = re.search(r"<dt>Bring</dt><dd>(.*?)</dd>", page)
        if meeting_id in (VIDEO_MEETING, PHONE_MEETING):
            assert bring is None  # calls: nothing to bring
        else:
            assert bring is not None and bring.group(1).startswith(
                '<a href="../../resume.pdf" download>2 resume copies</a>'
            )


def test_no_resume_no_link(tmp_path: Path) -> None:
    content = paper_copy(tmp_path / "trip")
    trip = content / "trip.yaml"
    trip.write_text(
        trip.read_text(encoding="utf-8").replace(f"  resume: {RESUME}\n", ""), encoding="utf-8"
    )
    out = built(content, tmp_path / "site")
    assert not (out / "resume.pdf").exists()
    assert "resume.pdf" not in (out / "index.html").read_text(encoding="utf-8")


def test_a_private_build_seals_the_resume(tmp_path: Path) -> None:
    import base64
    import json

    out = built(
        paper_copy(tmp_path / "trip", private=True),
        tmp_path / "site",
        {"INFOPREP_PASSWORD": PASSPHRASE},
    )
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert "resume.pdf" not in files and "resume.pdf.bin" in files
    original = (PAPER / RESUME).read_bytes()
    assert not any(original[200:260] in data for data in files.values())
    lock = json.loads(files[SALT_FILE].decode().split("=", 1)[1].strip().rstrip(";"))
    key = derive_site_key(PASSPHRASE, base64.b64decode(lock["salt"])).key
    opened = decrypt_site(key, files)
    assert opened["resume.pdf.bin"] == original
    assert 'href="resume.pdf.bin" data-infoprep-name="resume.pdf"' in opened["index.html"].decode()


@pytest.mark.parametrize(
    ("written", "output"),
    [
        ("resume.pdf", "resume.pdf"),
        ("docs/Ana-Sofía Petrova CV.PDF", "resume.pdf"),
        ("cv.docx", "resume.docx"),
        ("CV", "resume"),
        ("cv.p d f", "resume"),
    ],
)
def test_the_output_name_keeps_only_the_extension(written: str, output: str) -> None:
    assert resume_path(Traveler(name="Niamh Ó Conaill", resume=written)) == output
