"""Themes: a user's templates/ overrides file by file, an override can extend what it replaces,
and the built-in compact theme prints denser packets while falling back to default for the rest.
"""

from __future__ import annotations

import io
import re
import shutil
from datetime import date
from pathlib import Path

import jinja2
import pytest
from fixtures.building import build_options
from fixtures.pdf_pages import page_texts, pdf_pages, pdf_text
from pypdf import PdfReader

from generator.build import build
from generator.errors import ContentError
from generator.reading import load_and_plan
from generator.render.memo import RenderMemo
from generator.render.paths import Paths
from generator.render.site import render_pages
from generator.render.theme import THEMES_DIR, make_environment, resolve_theme

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
TODAY = date(2027, 5, 1)
PACKET_BLOCKS = ("cover", "person", "company", "pitch", "learned", "questions", "notes", "after")
"""Blocks of default/packet.html that docs/templates.md promises theme authors."""


def copy_trip(
    dest: Path, *, theme: str | None = None, templates: dict[str, str] | None = None
) -> Path:
    shutil.copytree(MINI, dest)
    if theme:
        trip = dest / "trip.yaml"
        trip.write_text(
            re.sub(
                r"^city: .*$",
                lambda m: f"{m.group(0)}\ntheme: {theme}",
                trip.read_text(encoding="utf-8"),
                count=1,
                flags=re.M,
            ),
            encoding="utf-8",
        )
    for name, text in (templates or {}).items():
        path = dest / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return dest


def html_of(folder: Path) -> dict[str, str]:
    """Every rendered HTML page, without PDFs or writing anything."""
    _, plan, theme = load_and_plan(folder, TODAY)
    pages = render_pages(plan, theme, Paths(), RenderMemo(), with_pdfs=False)
    return {page.path: page.data.decode() for page in pages if page.path.endswith(".html")}


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return html_of(copy_trip(tmp_path_factory.mktemp("base") / "trip"))


def packets(pages: dict[str, str]) -> dict[str, str]:
    found = {name: html for name, html in pages.items() if name.startswith("meetings/")}
    assert found, "no packet pages were rendered"
    return found


# ----- overrides --------------------------------------------------------------------------------


def test_user_template_replaces_one_file_and_nothing_else(
    tmp_path: Path, baseline: dict[str, str]
) -> None:
    mine = "<!doctype html><title>mine</title><p id=mine>My own network page: {{ decision_makers|length }} decide.</p>\n"
    pages = html_of(copy_trip(tmp_path / "trip", templates={"network.html": mine}))
    assert re.fullmatch(  # with the site's policy first, which no template can leave out (issue 26)
        r'<!doctype html>\n<meta http-equiv="Content-Security-Policy" content="[^"]+">\n'
        r"<title>mine</title><p id=mine>My own network page: \d+ decide\.</p>\n",
        pages["network.html"],
    )
    assert {k: v for k, v in pages.items() if k != "network.html"} == {
        k: v for k, v in baseline.items() if k != "network.html"
    }


def test_default_packet_defines_the_documented_blocks() -> None:
    env = make_environment(resolve_theme("default", MINI))
    source = env.loader.get_source(env, "default/packet.html")[0]  # type: ignore[union-attr]
    blocks = {node.name for node in env.parse(source).find_all(jinja2.nodes.Block)}
    assert set(PACKET_BLOCKS) <= blocks, f"missing blocks: {set(PACKET_BLOCKS) - blocks}"


@pytest.mark.parametrize("block", ["questions", "cover", "after", "head"])
def test_override_extending_default_changes_only_that_block(
    tmp_path: Path, baseline: dict[str, str], block: str
) -> None:
    """`{% extends "default/packet.html" %}` plus one block: every other byte of every packet stays the same."""
    marked = f'{{% extends "default/packet.html" %}}{{% block {block} %}}[[START]]{{{{ super() }}}}[[END]]{{% endblock %}}'
    mine = f'{{% extends "default/packet.html" %}}{{% block {block} %}}<section class="mine">Mine: {{{{ p.name }}}}, {{{{ packet.questions.count }}}} questions</section>{{% endblock %}}'
    wrapped = packets(html_of(copy_trip(tmp_path / "marked", templates={"packet.html": marked})))
    custom = packets(html_of(copy_trip(tmp_path / "mine", templates={"packet.html": mine})))
    for name, original in packets(baseline).items():
        assert wrapped[name].count("[[START]]") == 1, (
            f"{name}: block {block} rendered {wrapped[name].count('[[START]]')} times"
        )
        assert wrapped[name].replace("[[START]]", "").replace("[[END]]", "") == original, (
            "super() reproduces the default"
        )
        before, rest = wrapped[name].split("[[START]]")
        _, after = rest.split("[[END]]")
        assert before and after
        match = re.fullmatch(
            re.escape(before)
            + r'<section class="mine">Mine: ([^<]+), (\d+) questions</section>'
            + re.escape(after),
            custom[name],
        )
        assert match, f"{name}: more than block {block} changed"
        assert match.group(1) in original and int(match.group(2)) > 0, (
            "the block sees the packet's variables"
        )


def test_override_can_extend_a_base_template_too(tmp_path: Path, baseline: dict[str, str]) -> None:
    base = '{% extends "default/base.html" %}{% block scripts %}{{ super() }}<script src="{{ root }}assets/extra.js" defer></script>{% endblock %}'
    pages = html_of(copy_trip(tmp_path / "trip", templates={"base.html": base}))
    for name, html in pages.items():
        if "<html" not in baseline[name]:
            continue
        assert (
            html.replace(
                '<script src="'
                + ("../../" if name.startswith("meetings/") else "")
                + 'assets/extra.js" defer></script>',
                "",
            )
            == baseline[name]
        ), name


def test_a_broken_override_is_reported_with_its_file_and_line(tmp_path: Path) -> None:
    folder = copy_trip(
        tmp_path / "trip",
        templates={
            "packet.html": '{% extends "default/packet.html" %}\n{% block questions %}{{ nonsense.here }}{% endblock %}'
        },
    )
    with pytest.raises(ContentError) as caught:
        html_of(folder)
    assert any(
        f.location.file.endswith("templates/packet.html") and f.location.line == 2
        for f in caught.value.findings
    ), [str(f) for f in caught.value.findings]


# ----- theme resolution ---------------------------------------------------------------------------


def test_compact_falls_back_to_default() -> None:
    theme = resolve_theme("compact", MINI)
    assert theme.folders == (THEMES_DIR / "compact", THEMES_DIR / "default")
    env = make_environment(theme)
    assert (
        Path(env.get_template("packet.html").filename or "").parent
        == THEMES_DIR / "compact" / "templates"
    )
    for inherited in (
        "itinerary.html",
        "network.html",
        "followups.html",
        "pocket.html",
        "base.html",
        "drafts/thanks.txt",
    ):
        assert Path(env.get_template(inherited).filename or "").is_relative_to(
            THEMES_DIR / "default" / "templates"
        ), inherited
    static = theme.static_files()
    assert static["print.css"] == THEMES_DIR / "compact" / "static" / "print.css"
    assert static["style.css"] == THEMES_DIR / "compact" / "static" / "style.css"
    assert static["site.js"] == THEMES_DIR / "default" / "static" / "site.js"


def test_compact_overrides_only_what_it_must() -> None:
    templates = sorted(
        p.relative_to(THEMES_DIR / "compact" / "templates").as_posix()
        for p in (THEMES_DIR / "compact" / "templates").rglob("*")
        if p.is_file()
    )
    assert templates == ["packet.html"]
    assert (THEMES_DIR / "compact" / "templates" / "packet.html").read_text(encoding="utf-8").count(
        '{% extends "default/packet.html" %}'
    ) == 1


def test_users_templates_beat_the_chosen_theme(tmp_path: Path) -> None:
    folder = copy_trip(
        tmp_path / "trip",
        theme="compact",
        templates={
            "packet.html": '{% extends "default/packet.html" %}{% block cover %}<p class="mine">mine</p>{% endblock %}'
        },
    )
    pages = packets(html_of(folder))
    assert all('<p class="mine">mine</p>' in html for html in pages.values())


def test_a_theme_can_be_a_folder(tmp_path: Path, baseline: dict[str, str]) -> None:
    folder = copy_trip(tmp_path / "trip", theme="my-theme")
    (folder / "my-theme" / "templates").mkdir(parents=True)
    (folder / "my-theme" / "templates" / "followups.html").write_text(
        '{% extends "base.html" %}{% block main %}<p>theirs</p>{% endblock %}', encoding="utf-8"
    )
    pages = html_of(folder)
    assert "<p>theirs</p>" in pages["followups.html"]
    assert pages["index.html"] == baseline["index.html"]


def test_an_unknown_theme_is_an_error_at_its_line(tmp_path: Path) -> None:
    folder = copy_trip(tmp_path / "trip", theme="fancy")
    with pytest.raises(ContentError) as caught:
        load_and_plan(folder, TODAY)
    line = next(
        i
        for i, text in enumerate((folder / "trip.yaml").read_text(encoding="utf-8").splitlines(), 1)
        if text.startswith("theme:")
    )
    assert [
        (f.location.file.rsplit("/", 1)[-1], f.location.line) for f in caught.value.findings
    ] == [("trip.yaml", line)]
    assert "compact" in caught.value.findings[0].message


# ----- the compact theme in print -----------------------------------------------------------------


def one_meeting_trip(dest: Path, theme: str) -> Path:
    folder = copy_trip(dest, theme=theme)
    schedule = (folder / "schedule.yaml").read_text(encoding="utf-8")
    (folder / "schedule.yaml").write_text(
        schedule.split("\n- person: kim-park")[0] + "\n", encoding="utf-8"
    )
    return folder


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One meeting's trip built with PDFs, once per theme (PDFs are slow: keep it to one packet)."""
    out = {}
    for theme in ("default", "compact"):
        base = tmp_path_factory.mktemp(theme)
        folder = one_meeting_trip(base / "trip", theme)
        report = build(
            build_options(
                content=folder,
                output=base / "out",
                pdf=True,
                today=TODAY,
                jobs=1,
                quiet=True,
                environ={},
            )
        )
        assert len(report.plan.packets) == 1
        out[theme] = base / "out"
    return out


def pdf(path: Path) -> PdfReader:
    return PdfReader(io.BytesIO(path.read_bytes()))


def packet_pdf(out: Path) -> Path:
    (found,) = out.glob("meetings/*/packet.pdf")
    return found


def test_compact_ships_its_own_css(printed: dict[str, Path]) -> None:
    for name in ("print.css", "style.css"):
        assert (printed["compact"] / "static" / name).read_bytes() == (
            THEMES_DIR / "compact" / "static" / name
        ).read_bytes()
        assert (printed["default"] / "static" / name).read_bytes() == (
            THEMES_DIR / "default" / "static" / name
        ).read_bytes()
    assert (printed["compact"] / "static" / "site.js").read_bytes() == (
        THEMES_DIR / "default" / "static" / "site.js"
    ).read_bytes()


def test_compact_packet_has_fewer_pages_and_every_question(printed: dict[str, Path]) -> None:
    compact, default = pdf(packet_pdf(printed["compact"])), pdf(packet_pdf(printed["default"]))
    assert len(compact.pages) < len(default.pages), (len(compact.pages), len(default.pages))
    _, plan, _ = load_and_plan(
        one_meeting_trip(Path(str(printed["compact"]) + "-check"), "compact"), TODAY
    )
    text = re.sub(r"\s+", " ", pdf_text(packet_pdf(printed["compact"])))
    questions = [q.text for group in plan.packets[0].questions.groups for q in group.questions]
    missing = [q for q in questions if re.sub(r"\s+", " ", q) not in text]
    assert not missing, f"compact dropped questions: {missing}"
    assert "After the meeting" in text and "Thank-you" in text


def test_compact_drops_the_blank_notes_page(printed: dict[str, Path]) -> None:
    (compact_html,) = printed["compact"].glob("meetings/*/index.html")
    (default_html,) = printed["default"].glob("meetings/*/index.html")
    assert "notes-page" in default_html.read_text(encoding="utf-8")
    assert "notes-page" not in compact_html.read_text(encoding="utf-8")

    def blank_notes_pages(out: Path) -> int:
        """Pages whose body holds only a "Notes" heading (the running header and page number aside)."""
        return sum(1 for page in pdf_pages(packet_pdf(out)) if page.text.split() == ["Notes"])

    assert blank_notes_pages(printed["default"]) == 1
    assert blank_notes_pages(printed["compact"]) == 0


def test_compact_itinerary_keeps_one_day_per_page(printed: dict[str, Path]) -> None:
    pages = [re.sub(r"\s+", " ", p) for p in page_texts(printed["compact"] / "itinerary.pdf")]
    monday = [
        i for i, text in enumerate(pages) if re.search(r"Monday, May 10(?!, 2027)", text)
    ]  # the day's heading, not the trip's dates
    tuesday = [i for i, text in enumerate(pages) if re.search(r"Tuesday, May 11(?!, 2027)", text)]
    assert monday and tuesday and set(monday).isdisjoint(tuesday), pages


def test_an_installed_theme_package_is_found_by_its_entry_point(tmp_path: Path) -> None:
    """`theme: harbor` names a package installed with an `infoprep.themes` entry point, wherever it lives."""
    import os
    import subprocess
    import sys

    site = tmp_path / "site"
    package = site / "infoprep_harbor"
    (package / "templates").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "templates" / "network.html").write_text(
        '{% extends "default/network.html" %}{% block main %}<p>Harbor theme network page</p>{{ '
        "super() }}{% endblock %}\n",
        encoding="utf-8",
    )
    info = site / "infoprep_harbor-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: infoprep-harbor\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[infoprep.themes]\nharbor = infoprep_harbor\n", encoding="utf-8"
    )
    content = tmp_path / "content"
    shutil.copytree(Path(__file__).parents[2] / "content", content)
    trip = content / "trip.yaml"
    trip.write_text(
        re.sub(r"(?m)^theme:.*\n", "", trip.read_text(encoding="utf-8")) + "theme: harbor\n",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(site), *filter(None, [os.environ.get("PYTHONPATH")])]),
    }
    ran = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            str(content),
            "-o",
            str(tmp_path / "out"),
            "--no-pdf",
            "-q",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    assert "Harbor theme network page" in (tmp_path / "out" / "network.html").read_text(
        encoding="utf-8"
    )
    # the rest: default
    assert "Harbor theme" not in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
