"""build(BuildOptions): the pipeline end to end, without PDFs (those are in render/test_pdf.py)."""

from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from fixtures.building import build_options
from fixtures.mini_trip import MINI, MINI_MEETINGS, SAMPLE, TODAY, edit, line_of, tree_digest

from generator.build import build
from generator.build_options import BuildOptions
from generator.clock import build_today
from generator.errors import ContentError, Level
from generator.output import MARKER
from generator.reading import load_and_plan


def options(content: Path, output: Path, **extra: object) -> BuildOptions:
    settings: dict[str, object] = {
        "pdf": False,
        "today": TODAY,
        "quiet": True,
        "environ": {},
        **extra,
    }
    return build_options(content=content, output=output, **settings)  # type: ignore[arg-type]


def test_report_of_a_build_without_pdfs(tmp_path: Path) -> None:
    report = build(options(MINI, tmp_path / "site"))
    assert [p.id for p in report.plan.packets] == list(MINI_MEETINGS)
    assert report.pdfs_rendered == 0
    assert report.findings == ()
    manifest = json.loads((tmp_path / "site" / MARKER).read_text(encoding="utf-8"))
    assert report.written.files == len(manifest["files"])
    assert not list((tmp_path / "site").rglob("*.pdf"))


def test_sample_trip_builds(tmp_path: Path) -> None:
    report = build(options(SAMPLE, tmp_path / "site", today=date(2027, 3, 1)))
    assert len(report.plan.packets) >= 10
    assert not [f for f in report.findings if f.level is Level.ERROR]
    for p in report.plan.packets:
        assert (tmp_path / "site" / "meetings" / p.id / "index.html").is_file()


def test_same_content_twice_is_byte_identical(tmp_path: Path) -> None:
    epoch = {"SOURCE_DATE_EPOCH": "1809172800"}  # the calendar's DTSTAMP is the build's time
    build(dataclasses.replace(options(MINI, tmp_path / "a"), environ=epoch))
    build(dataclasses.replace(options(MINI, tmp_path / "b"), environ=epoch))
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")


def test_warnings_do_not_stop_a_build(mini_copy: Path, tmp_path: Path) -> None:
    edit(
        mini_copy / "people" / "kim-park.yaml",
        "talking_points:\n  - Both came to transit from general data work\n",
        "",
    )
    report = build(options(mini_copy, tmp_path / "site"))
    assert report.findings
    assert all(f.level is Level.WARNING for f in report.findings)
    assert any("no talking points for Kim Park" in f.message for f in report.findings)
    assert (tmp_path / "site" / "index.html").is_file()


def test_unknown_theme_is_a_content_error_at_its_line(mini_copy: Path, tmp_path: Path) -> None:
    edit(mini_copy / "trip.yaml", "city: Boston\n", "city: Boston\ntheme: fancy\n")
    with pytest.raises(ContentError) as info:
        build(options(mini_copy, tmp_path / "site"))
    [finding] = info.value.findings
    assert finding.location.line == line_of(mini_copy / "trip.yaml", "theme: fancy")
    assert "fancy" in finding.message
    assert not (tmp_path / "site").exists()


def test_content_templates_override_the_theme(mini_copy: Path, tmp_path: Path) -> None:
    (mini_copy / "templates").mkdir()
    (mini_copy / "templates" / "packet.html").write_text(
        '{% extends "default/packet.html" %}{% block main %}<p id="mine">My own {{ '
        "person.profile.name }}</p>{{ super() }}{% endblock %}",
        encoding="utf-8",
    )
    build(options(mini_copy, tmp_path / "site"))
    page = (tmp_path / "site" / "meetings" / "2027-05-10-kim-park" / "index.html").read_text(
        encoding="utf-8"
    )
    assert '<p id="mine">My own Kim Park</p>' in page
    assert '<span class="qt">' in page  # the default packet is still there
    assert 'id="mine"' not in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_assets_are_copied(mini_copy: Path, tmp_path: Path) -> None:
    (mini_copy / "assets").mkdir()
    (mini_copy / "assets" / "floor-plan.png").write_bytes(b"\x89PNG\r\n")
    edit(
        mini_copy / "people" / "kim-park.yaml",
        "background: |\n",
        "background: |\n  [floor plan](assets/floor-plan.png)\n",
    )
    build(options(mini_copy, tmp_path / "site"))
    assert (tmp_path / "site" / "assets" / "floor-plan.png").read_bytes() == b"\x89PNG\r\n"
    page = (tmp_path / "site" / "meetings" / "2027-05-10-kim-park" / "index.html").read_text(
        encoding="utf-8"
    )
    assert 'href="../../assets/floor-plan.png"' in page


def test_static_theme_files_are_copied(tmp_path: Path) -> None:
    build(options(MINI, tmp_path / "site"))
    for name in ("style.css", "print.css", "site.js"):
        assert (tmp_path / "site" / "static" / name).stat().st_size > 0


def test_build_today_reads_source_date_epoch() -> None:
    assert build_today({"SOURCE_DATE_EPOCH": "1804464000"}) == date(2027, 3, 8)
    assert build_today({"SOURCE_DATE_EPOCH": "not a number"}) == date.today()
    assert build_today({}) == date.today()


def test_load_and_plan_writes_nothing(tmp_path: Path) -> None:
    content = tmp_path / "trip"
    shutil.copytree(MINI, content)
    before = tree_digest(tmp_path)
    trip, plan, theme = load_and_plan(content, TODAY)
    assert len(plan.packets) == 4 and theme.name == "default"
    assert tree_digest(tmp_path) == before


def test_the_pdf_sandbox_reports_what_it_refused(tmp_path: Path) -> None:
    """A theme override that links a remote stylesheet: the PDF still builds, and the build says what it refused."""
    trip = Path(__file__).parent / "adversarial" / "trip"
    content = tmp_path / "trip"
    shutil.copytree(trip, content)
    (content / "templates").mkdir(exist_ok=True)
    (content / "templates" / "packet.html").write_text(
        '{% extends "default/packet.html" %}\n{% block head %}<link rel="stylesheet" '
        'href="https://fonts.example/x.css">{% endblock %}\n',
        encoding="utf-8",
    )
    report = build(options(content, tmp_path / "site", pdf=True, jobs=1))
    refused = [n for n in report.notices if "refused to load 'https://fonts.example/x.css'" in n]
    assert refused and all(
        n.startswith("warning: meetings/") and "packet.pdf" in n for n in refused
    )
    assert (tmp_path / "site" / "binder.pdf").is_file()
