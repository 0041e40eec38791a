"""Markdown fields (generator/render/markdown.py): formatting and links survive, anything active is removed."""

from __future__ import annotations

import re

import pytest

from generator.render.markdown import Notes

NOTES = Notes()


def html(text: str, root: str = "") -> str:
    return str(NOTES.html(text, root))


def hrefs(markup: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]*)"', markup)


@pytest.mark.parametrize(
    ("text", "banned"),
    [
        ("<script>alert(1)</script>hello", "<script"),
        ("hi <SCRIPT src=https://evil.example/x.js></SCRIPT>", "script"),
        ('<img src="https://x.example/a.png" onerror="alert(1)">', "onerror"),
        ('<p onclick="steal()">hi</p>', "onclick"),
        ('<a href="https://ok.example" onmouseover="x()">a</a>', "onmouseover"),
        ('<span style="position:fixed;top:0">x</span>', "style="),
        ("<style>body{display:none}</style>text", "<style"),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
        ('<link rel="stylesheet" href="https://evil.example/x.css">', "<link"),
        ('<object data="x.swf"></object><embed src="y">', "<object"),
        ('<form action="https://evil.example"><input name=p></form>', "<form"),
        ("<svg onload=alert(1)><circle/></svg>", "onload"),
        ('<meta http-equiv="refresh" content="0;url=https://evil.example">', "<meta"),
    ],
)
def test_active_html_removed(text: str, banned: str) -> None:
    assert banned.lower() not in html(text).lower()


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<a href="vbscript:msgbox(1)">x</a>',
        "[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![i](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
        '<a href="file:///etc/passwd">x</a>',
    ],
)
def test_dangerous_link_schemes_removed(text: str) -> None:
    out = html(text)
    assert not [
        h for h in hrefs(out) if not h.startswith(("http://", "https://", "mailto:", "tel:"))
    ], out
    assert "javascript" not in out.lower() and "data:" not in out and "file:" not in out


def test_link_text_survives_when_the_link_is_removed() -> None:
    assert "click me" in html("[click me](javascript:alert(1))")


@pytest.mark.parametrize(
    ("text", "href"),
    [
        (
            "[site](https://harbor.example/about?a=1&b=2)",
            "https://harbor.example/about?a=1&amp;b=2",
        ),
        ("[old](http://legacy.example)", "http://legacy.example"),
        ("[mail](mailto:jo@harbor.example)", "mailto:jo@harbor.example"),
        ("[call](tel:+16175550100)", "tel:+16175550100"),
        ('<a href="https://raw.example">raw</a>', "https://raw.example"),
    ],
)
def test_links_kept(text: str, href: str) -> None:
    assert hrefs(html(text)) == [href]


def test_relative_links_point_at_the_output_root() -> None:
    out = html("[map](assets/map.png) ![logo](assets/logo.png) [top](#questions)", root="../../")
    assert hrefs(out) == ["../../assets/map.png", "../../assets/logo.png", "#questions"]


def test_formatting_kept() -> None:
    out = html(
        "**bold** *em* `code`\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> quote\n"
    )
    for tag in (
        "<strong>bold</strong>",
        "<em>em</em>",
        "<code>code</code>",
        "<li>one</li>",
        "<table>",
        "<td>2</td>",
        "<blockquote>",
    ):
        assert tag in out


def test_headings_are_demoted_below_the_page_headings() -> None:
    assert "<h3" in html("# Title\n")
    assert "<h1" not in html("# Title\n")


def test_empty_and_none() -> None:
    assert html("") == ""
    assert str(NOTES.html(None)) == ""


def test_plain_text_for_calendars_and_terminals() -> None:
    text = NOTES.plain("Hello **world** <script>alert(1)</script>\n\n- one\n- two\n")
    assert "Hello world" in text
    assert "alert" not in text and "<" not in text
    assert "- one" in text and "- two" in text


def test_html_entities_are_not_double_escaped_in_plain_text() -> None:
    assert NOTES.plain("Fish & chips <3") == "Fish & chips <3"
