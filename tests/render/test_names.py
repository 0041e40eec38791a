"""Names marked with their language (`name_lang`): the whole name, or only the words in another script."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.render.names import person_name


@pytest.mark.parametrize(
    ("name", "lang", "html"),
    [
        ("박재원 Jae-won Park", "ko", '<span lang="ko">박재원</span> Jae-won Park'),
        ("Jae-won Park 박재원", "ko", 'Jae-won Park <span lang="ko">박재원</span>'),
        ("陈思远 Chen Siyuan", "zh", '<span lang="zh">陈思远</span> Chen Siyuan'),
        ("李 小龍 (Bruce) Lee", "zh-Hant", '<span lang="zh-Hant">李 小龍</span> (Bruce) Lee'),
        ("Aisling Ní Bhriain", "ga", '<span lang="ga">Aisling Ní Bhriain</span>'),
        ("Ана-София Петрова", "bg", '<span lang="bg">Ана-София Петрова</span>'),
        ("Dr. Meera Raghunathan", None, "Dr. Meera Raghunathan"),
        ("Kim <b>Park</b> 김", "ko", 'Kim &lt;b&gt;Park&lt;/b&gt; <span lang="ko">김</span>'),
        ("O'Brien", "ga", '<span lang="ga">O&#39;Brien</span>'),
    ],
)
def test_person_name(name: str, lang: str | None, html: str) -> None:
    assert str(person_name(name, lang)) == html


def test_name_lang_must_be_a_language_tag() -> None:
    from pydantic import ValidationError

    from generator.content.models import PersonFile

    assert PersonFile(name="Aisling Ní Bhriain", name_lang="ga").name_lang == "ga"
    with pytest.raises(ValidationError):
        PersonFile(name="x", name_lang='ko" onmouseover="alert(1)')


def test_names_keep_their_capitals_and_marks_in_a_built_packet(seoul_pages: Path) -> None:
    page = (seoul_pages / "meetings" / "2027-10-11-jae-won-park" / "index.html").read_text(
        encoding="utf-8"
    )
    assert '<h1 id="who"><span lang="ko">박재원</span> Jae-won Park</h1>' in page
    assert (
        "<li>No background for 박재원 Jae-won Park</li>" in page
    )  # was "jae-won park": |capitalize lowers the rest
    assert (
        "<title>박재원 Jae-won Park: Mon 11 Oct, 09:00</title>" in page
    )  # an A4 trip: day before month
