"""Notes as people paste them from GitHub, Obsidian and Notion: lists nest as CommonMark nests them.

Each note below is written the way that tool writes it (GitHub: 2 spaces under `- `, 3 under
`1. `; Notion: 4 spaces; Obsidian: tabs and task lists), and the expected outline is what
GitHub shows for it. The outline is read back from the sanitized HTML the packets use.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from generator.content.scalars import MAX_NESTING, bounded_nesting
from generator.render.markdown import Notes
from generator.render.markdown_lists import commonmark_lists

NOTES = Notes()


class _Outline(HTMLParser):
    """Every list item as "<indent><marker> <its own text>", two spaces per level; blocks outside lists (and code
    anywhere) as "<tag>: text"."""

    BLOCKS = ("p", "pre", "blockquote", "h3", "h4", "table")

    def __init__(self) -> None:
        super().__init__()
        self.lists: list[list[int | str]] = []  # [tag, next number]
        self.lines: list[str] = []
        self.open: list[int] = []  # index in self.lines of each open item or block

    def _is_line(self, tag: str) -> bool:
        return tag == "li" or (tag in self.BLOCKS and (not self.lists or tag == "pre"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ul", "ol"):
            self.lists.append([tag, int(dict(attrs).get("start") or 1)])
            return
        if not self._is_line(tag):
            return
        if tag == "li":
            kind, number = self.lists[-1]
            marker = "-" if kind == "ul" else f"{number}."
            self.lists[-1][1] = int(number) + 1
            self.lines.append("  " * (len(self.lists) - 1) + marker)
        else:
            self.lines.append("  " * len(self.lists) + f"{tag}:")
        self.open.append(len(self.lines) - 1)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            self.lists.pop()
        elif self._is_line(tag) and self.open:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and self.open:
            self.lines[self.open[-1]] += " " + text


def outline(markdown_text: str) -> list[str]:
    parser = _Outline()
    parser.feed(str(NOTES.html(markdown_text)))
    return [line.rstrip() for line in parser.lines]


GITHUB = """\
## What the group does

- Grid integration studies
  - heat pumps as flexible load
    - the 2026 paper: 30 % of peak shifted in a cold week
  - hydrogen electrolysers at substations
- Tools they publish
  1. an open load model (Python)
  2. a substation siting map
"""

GITHUB_ORDERED = """\
1. Ask about the corridor study
   1. who writes the model
   2. which data they trust
2. Ask about internships
   - paid or unpaid
   - start dates
"""

NOTION = """\
- Corridor study
    - three operators in the steering group
        - the northern operator leads
    - final report due in September
- People he mentioned
    1. Felix Braun (Hanseatische)
    2. Dr. Hyun-woo Lee (Seoul office)
"""

OBSIDIAN = "- Hanseatische\n\t- hiring two planning engineers\n\t- [ ] ask whether German B2 is required\n\t- [x] read the Lausitz decision\n- Her team\n\t1. Felix Braun, team lead\n\t2. two working students\n"


def test_github_two_space_nesting() -> None:
    assert outline(GITHUB) == [
        "h4: What the group does",
        "- Grid integration studies",
        "  - heat pumps as flexible load",
        "    - the 2026 paper: 30 % of peak shifted in a cold week",
        "  - hydrogen electrolysers at substations",
        "- Tools they publish",
        "  1. an open load model (Python)",
        "  2. a substation siting map",
    ]


def test_github_three_spaces_under_an_ordered_item_and_mixed_kinds() -> None:
    assert outline(GITHUB_ORDERED) == [
        "1. Ask about the corridor study",
        "  1. who writes the model",
        "  2. which data they trust",
        "2. Ask about internships",
        "  - paid or unpaid",
        "  - start dates",
    ]


def test_notion_four_space_nesting_still_nests() -> None:
    assert outline(NOTION) == [
        "- Corridor study",
        "  - three operators in the steering group",
        "    - the northern operator leads",
        "  - final report due in September",
        "- People he mentioned",
        "  1. Felix Braun (Hanseatische)",
        "  2. Dr. Hyun-woo Lee (Seoul office)",
    ]


def test_obsidian_tabs_and_task_lists() -> None:
    assert outline(OBSIDIAN) == [
        "- Hanseatische",
        "  - hiring two planning engineers",
        "  - \u2610 ask whether German B2 is required",
        "  - \u2611 read the Lausitz decision",
        "- Her team",
        "  1. Felix Braun, team lead",
        "  2. two working students",
    ]


def test_a_list_right_after_a_paragraph_line() -> None:
    assert outline("Things to ask Jae-won:\n- the study's data\n- internships\n") == [
        "p: Things to ask Jae-won:",
        "- the study's data",
        "- internships",
    ]


def test_a_number_starting_a_line_of_prose_is_not_a_list() -> None:
    """CommonMark: only a list starting at 1 may interrupt a paragraph ("7. Juni" is a German date)."""
    assert outline("We meet again on\n7. Juni in Berlin.\n") == [
        "p: We meet again on 7. Juni in Berlin."
    ]


def test_deep_items_and_wide_numbers() -> None:
    text = "9. nine\n10. ten\n    - under ten\n      - deeper\n"
    assert outline(text) == ["9. nine", "10. ten", "  - under ten", "    - deeper"]


def test_paragraphs_and_code_inside_items() -> None:
    text = "- Item one\n  continued\n\n  Second paragraph of item one\n- Item two\n\n  ```\n  python load_model.py --week 23\n  ```\n- Item three\n"
    assert outline(text) == [
        "- Item one continued Second paragraph of item one",
        "- Item two",
        "  pre: python load_model.py --week 23",
        "- Item three",
    ]


def test_a_quote_with_a_nested_list() -> None:
    assert outline("> From Jae-won's e-mail:\n> - the study\n>   - its data\n> - people\n") == [
        "blockquote:",
        "p: From Jae-won's e-mail:",
        "- the study",
        "  - its data",
        "- people",
    ]


def test_code_is_left_alone() -> None:
    fenced = "```\n- not a list\n  - still code\n```\n"
    indented = "Intro\n\n    - an indented code line\n"
    assert commonmark_lists(fenced) == fenced
    assert commonmark_lists(indented) == indented
    assert "<pre><code>- not a list\n  - still code" in str(NOTES.html(fenced))


def test_text_without_lists_is_unchanged() -> None:
    text = "Met at the **Berlin Energy Days**.\n\n    code\n\n> a quote\n"
    assert commonmark_lists(text) is text


def test_the_deepest_nesting_the_models_accept_renders() -> None:
    deep = "".join("  " * level + f"- level {level}\n" for level in range(MAX_NESTING + 1))
    bounded_nesting(deep)
    lines = outline(deep)
    assert lines[-1] == "  " * MAX_NESTING + f"- level {MAX_NESTING}"


def test_plain_text_keeps_nested_items_apart() -> None:
    text = NOTES.plain(GITHUB)
    assert "- heat pumps as flexible load" in text
    assert "- an open load model (Python)" in text


@pytest.mark.parametrize(("delimiter", "align"), [("---:", "right"), (":---:", "center")])
def test_table_columns_keep_their_alignment(delimiter: str, align: str) -> None:
    html = str(NOTES.html(f"| Role | People |\n| --- | {delimiter} |\n| Researchers | 14 |\n"))
    assert f'<th align="{align}">People</th>' in html
    assert f'<td align="{align}">14</td>' in html
    assert "<td>Researchers</td>" in html


def test_links_whose_text_is_not_their_address_are_marked_for_print() -> None:
    html = str(
        NOTES.html(
            "[the hiring page](https://ieni.example/jobs) <https://ieni.example/> "
            "[ieni.example](https://ieni.example) [mail](mailto:a@ieni.example)"
        )
    )
    assert '<a class="url" href="https://ieni.example/jobs"' in html
    assert html.count('class="url"') == 1


@pytest.mark.parametrize(
    ("note", "lists"),
    [
        (
            "1. first\n2. second\n- a bullet\n",
            ["ol", "ul"],
        ),  # issue 24: was one item "second - a bullet"
        ("- a\n- b\n1. one\n", ["ul", "ol"]),
        (
            "- dash\n+ plus\n* star\n",
            ["ul", "ul", "ul"],
        ),  # a change of bullet starts a new list too
        ("1. one\n2) two\n", ["ol", "ol"]),
        ("- a\n  1. nested\n- b\n", ["ul"]),  # a nested list of another kind stays inside its item
        ("1. a\n2. b\n3. c\n", ["ol"]),
    ],
)
def test_a_change_of_list_type_starts_a_new_list(note: str, lists: list[str]) -> None:
    html = str(NOTES.html(note))
    top = [tag for depth, tag in _top_lists(html) if depth == 0]
    assert top == lists, html
    assert "second\n- a bullet" not in html and "<!--" not in html


def _top_lists(html: str) -> list[tuple[int, str]]:
    depth, out = 0, []
    for closing, tag in re.findall(r"<(/?)(ol|ul)\b", html):
        if closing:
            depth -= 1
        else:
            out.append((depth, tag))
            depth += 1
    return out
