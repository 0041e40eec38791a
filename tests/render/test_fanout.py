"""render/fanout.py: packet pages templated by this process and forked helpers, the same pages whoever made them."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from bench.generate import write_trip

from generator.build import BuildOptions, build
from generator.errors import ContentError
from generator.render import fanout as fanout_module
from generator.render.fanout import PAGES_PER_HELPER, Fanout, helpers_for
from generator.render.memo import MEMOS

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="helpers are forked on Linux only")


@pytest.fixture
def forkable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Allow helpers in this test process even while another thread runs (Playwright's, when the browser tests ran
    first): the build never forks then, but these helpers only template pages and touch nothing that thread holds."""
    monkeypatch.setattr(fanout_module.forking, "can_fork", lambda: True)


def _page(index: int) -> bytes:
    time.sleep(0.001)  # as slow as a real page, so the helper gets some before this process has made them all
    return f"<p>page {index} made by {os.getpid()}</p>".encode()


def _pages(count: int, helpers: int, make=_page) -> tuple[list[bytes], int]:  # type: ignore[no-untyped-def]
    with Fanout(count, make, helpers) as fanout:
        fanout.start()
        pages = fanout.finish()
        return pages, fanout.made_here


@linux_only
def test_helpers_make_some_pages_and_all_come_back_in_order(forkable: None) -> None:
    pages, made_here = _pages(400, helpers=1)
    assert [p.split(b" made by ")[0] for p in pages] == [f"<p>page {i}".encode() for i in range(400)]
    makers = {p.split(b" made by ")[1] for p in pages}
    assert len(makers) == 2, "this process and the helper both made pages"
    assert 0 < made_here < 400
    assert not multiprocessing.active_children()


def test_without_helpers_this_process_makes_every_page() -> None:
    pages, made_here = _pages(5, helpers=0)
    assert made_here == 5 and len({p.split(b" made by ")[1] for p in pages}) == 1


@linux_only
def test_an_error_in_a_helper_is_raised_here_as_itself(forkable: None) -> None:
    def make(index: int) -> bytes:
        if index == 150:
            raise KeyError("page 150 is broken")
        return _page(index)

    with pytest.raises(KeyError, match="page 150 is broken"):
        _pages(300, helpers=1, make=make)
    assert not multiprocessing.active_children()


@linux_only
def test_a_helper_that_dies_leaves_its_pages_to_this_process(forkable: None) -> None:
    build = os.getpid()

    def make(index: int) -> bytes:
        if os.getpid() != build and index > 20:
            os._exit(3)  # the helper vanishes mid-way, without a word
        return f"page {index}".encode()

    pages, _ = _pages(200, helpers=1, make=make)
    assert pages == [f"page {i}".encode() for i in range(200)]
    assert not multiprocessing.active_children()


@linux_only
def test_memo_entries_used_in_helpers_come_back_for_the_build_cache(forkable: None) -> None:
    """New results and results known from the last build alike: an entry a helper used and this process did not
    must still be saved, or the build after next would convert that note again."""
    memo = MEMOS["markdown"]
    memo.seed({f"note {i}": f"<p>known {i}</p>" for i in range(0, 300, 2)})

    def make(index: int) -> bytes:
        time.sleep(0.001)
        return memo.get(f"note {index}", lambda text: f"<p>{text}</p>").encode()

    pages, made_here = _pages(300, helpers=1, make=make)
    assert made_here < 300
    expected = {f"note {i}": f"<p>known {i}</p>" if i % 2 == 0 else f"<p>note {i}</p>" for i in range(300)}
    assert memo.used == expected
    assert pages == [expected[f"note {i}"].encode() for i in range(300)]
    memo.seed({})


def test_how_many_helpers(forkable: None) -> None:
    assert helpers_for(1000, jobs=1) == 0
    assert helpers_for(PAGES_PER_HELPER, jobs=2) == 0, "too few pages to pay for a fork"
    assert helpers_for(2 * PAGES_PER_HELPER, jobs=2) == 1
    assert helpers_for(1000, jobs=4) == 3
    assert helpers_for(3 * PAGES_PER_HELPER, jobs=8) == 2


@linux_only
def test_no_helpers_while_other_threads_run() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert helpers_for(1000, jobs=2) == 0
    finally:
        stop.set()
        thread.join()


# The whole build: a trip big enough for helpers, built with one process and with two.

TODAY = date(2027, 3, 1)


@pytest.fixture(scope="module")
def big_trip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    trip = tmp_path_factory.mktemp("big") / "trip"
    write_trip(trip, 3 * PAGES_PER_HELPER)
    return trip


def _build(content: Path, output: Path, jobs: int) -> None:
    build(BuildOptions(content=content, output=output, pdf=False, today=TODAY, quiet=True, environ={}, jobs=jobs, cache=False))


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@linux_only
def test_a_build_with_helpers_writes_the_same_bytes_as_one_without(big_trip: Path, tmp_path: Path, forkable: None) -> None:
    _build(big_trip, tmp_path / "one", jobs=1)
    _build(big_trip, tmp_path / "two", jobs=2)
    one, two = _tree(tmp_path / "one"), _tree(tmp_path / "two")
    assert len([p for p in one if p.startswith("meetings/") and p.endswith("/index.html")]) == 3 * PAGES_PER_HELPER
    assert one == two


@linux_only
def test_a_template_error_on_a_page_a_helper_makes_names_the_template_and_line(
    big_trip: Path, tmp_path: Path, forkable: None
) -> None:
    import shutil

    content = tmp_path / "trip"
    shutil.copytree(big_trip, content)
    (content / "templates").mkdir()
    last = sorted((content / "people").glob("*.md"))[-1].stem  # met late in the week: a helper's page
    (content / "templates" / "packet.html").write_text(
        '{% extends "default/packet.html" %}\n{% block head %}{{ super() }}\n'
        f'{{% if person.slug == "{last}" %}}{{{{ person.no_such_field }}}}{{% endif %}}\n{{% endblock %}}\n',
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        _build(content, tmp_path / "site", jobs=2)
    message = str(caught.value)
    assert "templates/packet.html:3" in message and "no_such_field" in message
    assert not (tmp_path / "site").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["trip"], "the staging folder begun before templating is gone"
    assert not multiprocessing.active_children()


@linux_only
def test_a_counter_left_locked_by_a_dead_helper_does_not_hang_the_build(forkable: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A helper killed while it holds the page counter's lock (for microseconds, but the OOM killer may strike
    then) never releases it: the build stops waiting after a while and makes the remaining pages itself."""
    monkeypatch.setattr(fanout_module, "CLAIM_PATIENCE", 0.2)
    build = os.getpid()

    def make(index: int) -> bytes:
        if os.getpid() != build and index > 10:
            fanout._next.get_lock().acquire()  # as if killed inside _claim
            os._exit(9)
        time.sleep(0.001)
        return f"page {index}".encode()

    fanout = Fanout(200, make, helpers=1)
    with fanout:
        fanout.start()
        pages = fanout.finish()
    assert pages == [f"page {i}".encode() for i in range(200)]
    assert not multiprocessing.active_children()
