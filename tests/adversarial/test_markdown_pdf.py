"""Family "Markdown, HTML, PDF": hostile Markdown in every Markdown field, hostile text in plain fields,
images from everywhere, and Markdown built to make a renderer recurse or crawl.

One hostile trip is built once with every PDF (network blocked) and audited: no script, handler,
style, frame, link, javascript: or data: link of the content survives in any page or PDF, nothing
outside assets/ is loaded, and `check` names the field and line of every image it will not show.
Every dangerous payload carries the marker XSS where it would do harm (an attribute, a URL, a
script body), so "XSS" in such a place means the sanitizer let it through.
"""

from __future__ import annotations

import io
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fixtures.pdf_pages import pdf_text

from adversarial.helpers import (
    MEETING_ID,
    TRIP,
    Guard,
    Ran,
    Workspace,
    cli,
    copy_tree,
    printed,
    refused,
)
from generator.render.page_policy import CONTENT_SECURITY_POLICY

BUILD = ("build", "content", "-o", "out", "--no-pdf")


def bug(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(reason=f"BUG: {reason}", strict=True)


HOSTILE = """Hello <script>alert("XSS1")</script> **bold** and <scr<script>ipt>XSS1b</script>
<img src="assets/ok.png" onerror="alert('XSS2')">
<p style="background:url(XSS3)" onclick="XSS3b">styled</p>
<iframe src="https://evil.example/XSS4"></iframe><iframe srcdoc="XSS4b"></iframe>
<link rel="stylesheet" href="https://evil.example/XSS5.css">
[js](javascript:XSS6) [JS](JaVaScRiPt:XSS7) [tab](java&#x09;script:XSS8) [ent](&#106;avascript:XSS9)
[data](data:text/html,XSS10) <a href="data:text/html,XSS11">d</a> <a href="vbscript:XSS12">v</a>
<svg onload="XSS13"><circle r="1"/></svg> <object data="XSS14"></object> <embed src="XSS15">
<form action="XSS16"><input name="XSS17" value="XSS17b"><button formaction="XSS17c">b</button></form>
<meta http-equiv="refresh" content="0;url=XSS18"> <base href="https://evil.example/XSS19/">
<style>@import 'https://evil.example/XSS20.css';</style> <a href="  javascript:XSS21">sp</a>
<math><mi xlink:href="javascript:XSS22">x</mi></math> ![img](javascript:IMG23)
[ref][r] <javascript:XSS25> <a href="https://ok.example" onmouseover="XSS26">ok link</a> <!-- XSS27 -->
<a href="file:///etc/passwd">file link</a> <div onmouseenter="XSS28">div</div>

[r]: javascript:XSS24
"""
"""Hostile Markdown: each line is one trick; XSS marks where it would bite."""

IMAGES = """Pictures:
![remote](https://evil.example/track.png)
![file](file:///etc/passwd)
![up](../../../secret.png)
<img src="http://evil.example/pixel.gif">
<img src="assets/../../outside.png">
![ok](assets/ok.png)
![svg](assets/evil.svg)
"""
"""Images: only the last two are inside assets/ (and the SVG itself tries to load outside files)."""


DRAFT = HOSTILE.replace("XSS", "ESC")
"""The thank-you draft is shown as the e-mail text to copy (escaped, in <pre>), so its marker is ESC."""


def block(text: str, indent: int = 2) -> str:
    return "|\n" + "".join(
        " " * indent + line + "\n" if line else "\n" for line in text.splitlines()
    )


def png(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def write_hostile(ws: Workspace, outside: Path) -> None:
    """The small trip with hostile Markdown everywhere and hostile text in plain fields."""
    ws.write("assets/ok.png", png(5, 5))
    (outside / "outside.png").write_bytes(png(7, 13))
    ws.write(
        "assets/evil.svg",
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="30" height="30">'
        f'<image href="file://{outside}/outside.png" width="7" height="13"/>'
        '<image xlink:href="../../../outside.png" width="7" height="13"/>'
        '<image href="https://evil.example/x.png" width="7" height="13"/></svg>',
    )
    person = ws.read("people/jose-alvarez.yaml")
    person = person.replace(
        "title: Director of Route Planning",
        "title: '\"><img src=x onerror=ESC1><script>ESC2</script>'",
    )
    person = person.replace(
        "background: |\n  Ran the bus network redesign at a regional agency before joining "
        "Harbor.\n",
        "background: " + block(IMAGES),
    )
    person = person.replace("notes: |\n  Prefers e-mail to calls.\n", "notes: " + block(HOSTILE))
    ws.write("people/jose-alvarez.yaml", person)
    ws.write("people/jose-alvarez.md", HOSTILE + "\n" + IMAGES)
    company = ws.read("companies/harbor-analytics.yaml")
    company = company.replace(
        "name: Harbor Analytics", "name: Harbor <b onmouseover=ESC3>Analytics</b>"
    )
    company = company.replace(
        "overview: |\n  A consultancy that plans bus and rail networks for agencies in New "
        "England.\n",
        "overview: " + block(HOSTILE),
    )
    ws.write("companies/harbor-analytics.yaml", company)
    ws.edit(
        "schedule.yaml",
        "  travel: 15",
        "  travel: 15\n  location: '<script>ESC4</script> 1 Main St'",
    )
    ws.edit(
        "schedule.yaml",
        "  agenda: |\n    How the route-planning team picks which corridors to study.\n",
        "  agenda: "
        + block(HOSTILE, 4)
        + "  outcome: "
        + block(HOSTILE, 4)
        + "  follow_up:\n    thanks: "
        + block(DRAFT, 6),
    )
    ws.edit(
        "trip.yaml",
        "  pitch: |\n    A data analyst moving into transit planning.\n",
        "  pitch: " + block(HOSTILE, 4),
    )


# ---- the audit -----------------------------------------------------------------------------------


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.raw_text: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag in ("script", "style"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.raw_text.append(data)


FORBIDDEN_TAGS = {
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "form",
    "input",
    "button",
    "base",
    "svg",
    "math",
    "applet",
}
URL_ATTRS = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "xlink:href",
    "srcdoc",
    "content",
    "poster",
    "background",
}


OWN_LINKS = {
    ("icon", "icons/icon.svg"),
    ("apple-touch-icon", "icons/icon-192.png"),
    ("manifest", "manifest.webmanifest"),
}
"""The site's own icon and web app manifest (publish/webapp.py): the only links besides its stylesheets."""


def violations(html: str) -> list[str]:
    """Everything in a page that content could have put there to run code, load things or restyle."""
    audit = _Audit()
    audit.feed(html)
    found = []
    for tag, attrs in audit.tags:
        if tag in FORBIDDEN_TAGS:
            found.append(f"<{tag}>")
        words = (
            attrs.get("id") == "infoprep-words" and attrs.get("type") == "application/json"
        )  # data, never run
        if (
            tag == "script"
            and not words
            and not re.fullmatch(r"(\.\./)*static/[\w.-]+\.js", attrs.get("src", ""))
        ):
            found.append(f"<script {attrs}>")
        if tag == "link" and not (
            re.fullmatch(r"(\.\./)*static/[\w.-]+\.css", attrs.get("href", ""))
            or (attrs.get("rel"), re.sub(r"^(\.\./)*", "", attrs.get("href", ""))) in OWN_LINKS
        ):
            found.append(f"<link {attrs}>")
        if (
            tag == "meta"
            and "http-equiv" in attrs
            and (attrs["http-equiv"], attrs.get("content"))
            != ("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        ):
            found.append(f"<meta {attrs}>")
        if tag == "style":
            found.append("<style>")
        for name, value in attrs.items():
            squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
            if name.startswith("on"):
                found.append(f"<{tag} {name}=...>")
            if name == "style" and "XSS" in value:
                found.append(f"<{tag} style={value!r}>")
            if name in URL_ATTRS and (
                squeezed.startswith(("javascript:", "vbscript:", "file:"))
                or (squeezed.startswith("data:") and not squeezed.startswith("data:image/"))
            ):
                found.append(f"<{tag} {name}={value!r}>")
            if "XSS" in value:
                found.append(f"<{tag} {name}={value!r}>")
    found += [
        f"script/style text {text[:40]!r}"
        for text in audit.raw_text
        if "XSS" in text or "ESC" in text
    ]
    return found


def pdf_report(data: bytes) -> tuple[str, list[str], list[tuple[int, int]]]:
    """(text, link targets and actions, image sizes) of a PDF."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    text = pdf_text(data)
    actions: list[str] = []
    sizes: list[tuple[int, int]] = []
    root = reader.trailer["/Root"]
    for key in ("/OpenAction", "/AA"):
        if key in root:
            actions.append(f"catalog {key}")
    if "/Names" in root and "/JavaScript" in root["/Names"]:
        actions.append("catalog JavaScript")

    def xobjects(resources: object, depth: int = 0) -> None:
        if depth > 10 or not resources or "/XObject" not in resources:  # type: ignore[operator]
            return
        for ref in resources["/XObject"].values():  # type: ignore[index]
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                sizes.append((int(obj["/Width"]), int(obj["/Height"])))
            elif obj.get("/Subtype") == "/Form":
                xobjects(obj.get("/Resources"), depth + 1)

    for page in reader.pages:
        xobjects(page.get("/Resources"))
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is None:
                continue
            action = action.get_object()
            actions.append(f"{action.get('/S')} {action.get('/URI', '')}")
    return text, actions, sizes


@dataclass(frozen=True)
class Hostile:
    ws: Workspace
    outside: Path
    build: Ran
    check: Ran
    connections: tuple[str, ...]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, site_pdf: Path) -> Hostile:
    """The hostile trip, checked, then built once with PDFs while every network call fails loudly."""
    root = tmp_path_factory.mktemp("hostile")
    ws = Workspace(root / "work")
    copy_tree(TRIP, ws.content)
    copy_tree(site_pdf, ws.output)
    outside = root / "outside"
    outside.mkdir()
    write_hostile(ws, outside)
    connections: list[str] = []

    def no_network(*args: object, **kwargs: object) -> None:
        connections.append(repr(args)[:100])
        raise OSError("network access attempted during a build")

    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ws.root)
        mp.setattr(socket.socket, "connect", no_network)
        mp.setattr(socket, "getaddrinfo", no_network)
        mp.setattr(socket, "create_connection", no_network)
        check = cli("check", "content")
        build = cli("build", "content", "-o", "out", "-j", "1")
    return Hostile(ws, outside, build, check, tuple(connections))


def test_hostile_trip_builds_with_pdfs(hostile: Hostile) -> None:
    assert hostile.build.code == 0 and "Traceback" not in hostile.build.output, hostile.build.output
    assert (hostile.ws.output / "meetings" / MEETING_ID / "packet.pdf").is_file()
    assert (hostile.ws.output / "binder.pdf").is_file()
    assert not any(p.name.startswith(".out.") for p in hostile.ws.root.iterdir())


def test_no_network_at_build_time(hostile: Hostile) -> None:
    assert hostile.connections == ()


def test_pages_keep_no_script_handler_style_frame_or_bad_link(hostile: Hostile) -> None:
    pages = sorted(hostile.ws.output.rglob("*.html"))
    assert len(pages) >= 4
    report = {
        p.relative_to(hostile.ws.output).as_posix(): violations(p.read_text(encoding="utf-8"))
        for p in pages
    }
    assert report == {name: [] for name in report}


def test_sanitized_notes_still_show_their_text(hostile: Hostile) -> None:
    page = (hostile.ws.output / "meetings" / MEETING_ID / "index.html").read_text(encoding="utf-8")
    assert "<strong>bold</strong>" in page and "ok link" in page and "styled" in page


def test_plain_text_fields_are_escaped(hostile: Hostile) -> None:
    page = (hostile.ws.output / "meetings" / MEETING_ID / "index.html").read_text(encoding="utf-8")
    assert (
        "&lt;script&gt;alert(&#34;ESC1&#34;)&lt;/script&gt;" in page
    )  # the thank-you draft, as text
    assert "&lt;script&gt;ESC2&lt;/script&gt;" in page
    assert "&lt;script&gt;ESC4&lt;/script&gt; 1 Main St" in page
    assert "<b onmouseover" not in page


def test_pdfs_carry_no_script_link_or_outside_image(hostile: Hostile) -> None:
    pdfs = sorted(hostile.ws.output.rglob("*.pdf"))
    assert {p.name for p in pdfs} >= {
        "packet.pdf",
        "itinerary.pdf",
        "binder.pdf",
        "pocket-cards.pdf",
    }
    for pdf in pdfs:
        text, actions, sizes = pdf_report(pdf.read_bytes())
        assert "XSS" not in text, pdf.name
        assert not [
            a for a in actions if not re.fullmatch(r"/URI (https?|mailto|tel):.*|/GoTo.*", a)
        ], (pdf.name, actions)
        assert (7, 13) not in sizes, f"{pdf.name} embeds the image from outside the content folder"


def test_pdf_shows_the_asset_image(hostile: Hostile) -> None:
    _, _, sizes = pdf_report(
        (hostile.ws.output / "meetings" / MEETING_ID / "packet.pdf").read_bytes()
    )
    assert (5, 5) in sizes


def test_check_names_field_and_line_of_each_image_not_shown(hostile: Hostile) -> None:
    ws = hostile.ws
    assert hostile.check.code == 0, hostile.check.output
    why = "will not be shown: only images inside the content's assets/ folder are used"
    for needle, src in [
        ("![remote]", "https://evil.example/track.png"),
        ("![file]", "file:///etc/passwd"),
        ("![up]", "../../../secret.png"),
        ('<img src="http://evil', "http://evil.example/pixel.gif"),
        ('<img src="assets/..', "assets/../../outside.png"),
    ]:
        line = ws.line("people/jose-alvarez.yaml", needle)
        assert (
            f"content/people/jose-alvarez.yaml:{line}: warning: background: image {src!r} {why}"
            in hostile.check.lines
        )
        md_line = ws.line("people/jose-alvarez.md", needle)
        assert (
            f"content/people/jose-alvarez.md:{md_line}: warning: research notes: image {src!r} "
            f"{why}" in hostile.check.lines
        )
    javascript = ws.line("people/jose-alvarez.yaml", "![img](javascript:IMG23)")
    assert printed(
        hostile.check,
        f"content/people/jose-alvarez.yaml:{javascript}: warning: notes: image 'javascript:IMG23'",
    )
    assert not printed(
        hostile.check,
        "content/people/jose-alvarez.yaml:" + str(ws.line("people/jose-alvarez.yaml", "![ok]")),
    )


def test_outside_files_are_never_copied(hostile: Hostile) -> None:
    for path in hostile.ws.output.rglob("*"):
        if path.is_file():
            assert path.read_bytes() != (hostile.outside / "outside.png").read_bytes()
            assert b"root:x:0:0" not in path.read_bytes()


# ---- deep, huge and slow Markdown ----------------------------------------------------------------

NESTED_LIST = "\n".join("  " * i + "- item" for i in range(200))
NESTED_QUOTES = ">" * 5000 + " deep"
SPACED_QUOTES = "> " * 5000 + "deep"
ORDERED = "\n".join("   " * i + "1. item" for i in range(200))
MIXED = "\n".join("> " * i + "- item" for i in range(200))


@pytest.mark.parametrize(
    "text",
    [NESTED_LIST, NESTED_QUOTES, SPACED_QUOTES, ORDERED, MIXED],
    ids=["list", "quotes", "spaced-quotes", "ordered", "mixed"],
)
def test_deep_nesting_in_a_field_is_a_clear_error(ws: Workspace, text: str) -> None:
    ws.edit(
        "people/jose-alvarez.yaml",
        "notes: |\n  Prefers e-mail to calls.\n",
        "notes: " + block(text),
    )
    guard = Guard(ws)
    started = time.perf_counter()
    ran = cli(*BUILD)
    assert time.perf_counter() - started < 10
    line = ws.line("people/jose-alvarez.yaml", "notes:")
    refused(
        ran,
        guard,
        f"content/people/jose-alvarez.yaml:{line}: error: notes: Markdown nested more than 24 "
        "levels deep",
    )


@pytest.mark.parametrize("text", [NESTED_LIST, NESTED_QUOTES], ids=["list", "quotes"])
def test_deep_nesting_in_research_notes_is_a_clear_error(ws: Workspace, text: str) -> None:
    ws.write("people/jose-alvarez.md", "Intro.\n\n" + text + "\n")
    guard = Guard(ws)
    refused(
        cli(*BUILD),
        guard,
        "content/people/jose-alvarez.md:1: error: Markdown nested more than 24 levels deep",
    )


def test_megabyte_notes_field_is_a_clear_error(ws: Workspace) -> None:
    ws.edit(
        "people/jose-alvarez.yaml",
        "notes: |\n  Prefers e-mail to calls.\n",
        "notes: " + block("word " * 210_000),
    )
    guard = Guard(ws)
    line = ws.line("people/jose-alvarez.yaml", "notes:")
    refused(cli(*BUILD), guard, f"content/people/jose-alvarez.yaml:{line}: error: notes: ")


def test_megabyte_research_notes_give_a_whole_page_in_bounded_time(ws: Workspace) -> None:
    paragraph = "The quick brown fox jumps over the lazy dog near the river bank. " * 15
    paragraphs = [f"Paragraph {n}. {paragraph}" for n in range(1_000_000 // len(paragraph))]
    ws.write("people/jose-alvarez.md", "\n\n".join(paragraphs) + "\n")
    guard = Guard(ws)
    started = time.perf_counter()
    ran = cli(*BUILD)
    assert time.perf_counter() - started < 20
    assert ran.code == 0 and "Traceback" not in ran.output, ran.output
    guard.assert_only_output_changed()
    page = (ws.output / "meetings" / MEETING_ID / "index.html").read_text(encoding="utf-8")
    assert f"Paragraph {len(paragraphs) - 1}." in page and page.count(
        "quick brown fox"
    ) == 15 * len(paragraphs)


def test_huge_table_gives_a_table_in_bounded_time(ws: Workspace) -> None:
    rows = "".join(f"| {n} | row {n} |\n" for n in range(5000))
    ws.write("people/jose-alvarez.md", "| n | text |\n|---|---|\n" + rows)
    started = time.perf_counter()
    ran = cli(*BUILD)
    assert time.perf_counter() - started < 20
    assert ran.code == 0, ran.output
    page = (ws.output / "meetings" / MEETING_ID / "index.html").read_text(encoding="utf-8")
    assert page.count("<tr>") >= 5000 and "row 4999" in page


def test_deep_html_is_bounded(ws: Workspace) -> None:
    ws.write("people/jose-alvarez.md", "<div>" * 10_000 + "deep" + "</div>" * 10_000 + "\n")
    guard = Guard(ws)
    started = time.perf_counter()
    ran = cli(*BUILD)
    assert time.perf_counter() - started < 20
    assert "Traceback" not in ran.output and "RecursionError" not in ran.output, ran.output
    if ran.code == 0:
        guard.assert_only_output_changed()
        assert "deep" in (ws.output / "meetings" / MEETING_ID / "index.html").read_text(
            encoding="utf-8"
        )
    else:
        refused(ran, guard, "content/people/jose-alvarez.md")


@pytest.mark.parametrize("where", ["field", "research"])
def test_emphasis_too_deep_to_render_names_the_notes(ws: Workspace, where: str) -> None:
    text = "*" * 50_000 + "x" + "*" * 50_000
    if where == "field":
        ws.edit(
            "people/jose-alvarez.yaml",
            "notes: |\n  Prefers e-mail to calls.\n",
            "notes: " + block(text),
        )
    else:
        ws.write("people/jose-alvarez.md", text + "\n")
    guard = Guard(ws)
    ran = cli(*BUILD)
    assert "Traceback" not in ran.output and "RecursionError" not in ran.output
    refused(ran, guard, "content/people/jose-alvarez.")


def test_unbalanced_brackets_render_in_bounded_time(ws: Workspace) -> None:
    ws.write("people/jose-alvarez.md", "[" * 40_000 + "\n")
    guard = Guard(ws)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "generator", "build", "content", "-o", "out", "--no-pdf"],
            cwd=ws.root,
            capture_output=True,
            text=True,
            timeout=5,
            env={"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1809172800"},
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the build did not finish within 5 s")
    finally:
        for leftover in ws.root.glob(".out.infoprep-staging-*"):
            import shutil

            shutil.rmtree(leftover)
    assert "Traceback" not in proc.stderr
    if proc.returncode != 0:
        guard.assert_untouched()


def test_check_refuses_markup_too_heavy_to_render_quickly(ws: Workspace) -> None:
    """Notes with tens of thousands of brackets are refused fast, naming the file, instead of hanging a build."""
    ws.write("people/jose-alvarez.md", "[" * 40_000 + "\n")
    started = time.perf_counter()
    ran = cli("check", "content")
    assert ran.code == 1 and time.perf_counter() - started < 5
    assert "content/people/jose-alvarez.md:1: error: 40,000 '[' characters" in ran.stderr


# ---- templates: strict undefined, autoescape -----------------------------------------------------


def test_undefined_variable_in_a_template_is_an_error_with_its_line(ws: Workspace) -> None:
    ws.write(
        "templates/itinerary.html",
        '{% extends "default/itinerary.html" %}\n{% block main %}\n{{ nope }}{{ super() }}{% '
        "endblock %}\n",
    )
    guard = Guard(ws)
    refused(
        cli(*BUILD),
        guard,
        "content/templates/itinerary.html:3: error: template error: 'nope' is undefined",
    )


def test_templates_autoescape_text(ws: Workspace) -> None:
    ws.write(
        "templates/itinerary.html",
        '{% extends "default/itinerary.html" %}\n{% block main %}{{ "<b onclick=XSS>x</b>" }}{{ '
        "super() }}{% endblock %}\n",
    )
    ran = cli(*BUILD)
    assert ran.code == 0, ran.output
    page = (ws.output / "index.html").read_text(encoding="utf-8")
    assert "&lt;b onclick=XSS&gt;x&lt;/b&gt;" in page and violations(page) == []
