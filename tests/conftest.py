"""Shared fixtures for the core tests: copies of the fixture trip to break, one full build, a CLI runner.

PDF rendering is the slow part of infoprep (seconds per build), so the full build of the
fixture trip with PDFs is made once per session (`mini_site`) and every PDF test reads it.
Tests that change content work on a copy (`mini_copy`), never on tests/fixtures itself.
Constants about the fixture trip live in fixtures/mini_trip.py.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fixtures.chromium import launched
from fixtures.mini_trip import MINI, TODAY, Ran, Site

# Builds keep their cache in the user's cache directory (~/.cache/infoprep/...): the suite's builds,
# in this process and in the CLI subprocesses, keep theirs in a home folder of the suite's own,
# removed at the end.
_HOME = Path(tempfile.mkdtemp(prefix="infoprep-tests-home-"))
os.environ["HOME"] = str(_HOME)
os.environ.pop("XDG_CACHE_HOME", None)
atexit.register(shutil.rmtree, _HOME, True)


def pytest_sessionstart(session: pytest.Session) -> None:
    """WeasyPrint imported once in each test process: a build forks its PDF workers from this
    process, so they start with it loaded instead of importing it again for every build (~0.5 s
    of CPU each, a large share of the suite). CLI subprocesses and the checks of what a command
    imports (test_fast_paths.py) run in fresh interpreters and are not affected."""
    from generator.printing.pdf import import_engine

    import_engine()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The wheel's tests first: they build and install a wheel (~10 s on one worker), and collected
    last they ran last, with the other worker idle until they were done."""
    items.sort(key=lambda item: Path(str(item.fspath)).name != "test_wheel.py")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-testdata",
        action="store_true",
        help="Rewrite the golden files (tests/golden/) from this build instead of comparing with them; "
        "review the diff before committing it.",
    )


@pytest.fixture
def update_testdata(request: pytest.FixtureRequest) -> bool:
    """True when the run was asked to rewrite the golden files (`pytest --update-testdata`)."""
    return bool(request.config.getoption("--update-testdata"))


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, one per test process (fixtures/chromium.py says why one)."""
    yield from launched()


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A private copy of the fixture trip at tmp_path/trip, free to break."""
    target = tmp_path / "trip"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The fixture trip built once, with every PDF (shared by all PDF tests; never modify it)."""
    from fixtures.building import build_options

    from generator.build import build

    output = tmp_path_factory.mktemp("mini-site") / "output"
    build(build_options(content=MINI, output=output, pdf=True, today=TODAY, quiet=True, environ={}))
    return Site(MINI, output)


@pytest.fixture
def infoprep() -> Callable[..., Ran]:
    """Run the real `python -m generator` in a subprocess: what a user's terminal shows, tracebacks included."""

    def run(*args: str, cwd: Path | None = None) -> Ran:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SOURCE_DATE_EPOCH")}
        proc = subprocess.run(
            [sys.executable, "-m", "generator", *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        return Ran(proc.returncode, proc.stdout, proc.stderr)

    return run


SEOUL = Path(__file__).resolve().parent / "fixtures" / "seoul_phone"
"""Seoul, A4, names in Hangul, Irish, Cyrillic and Chinese (with name_lang), a 4-meeting day, a call to Dublin."""


@pytest.fixture(scope="session")
def seoul_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Seoul trip built once without PDFs, with SOURCE_DATE_EPOCH (never modify it)."""
    from fixtures.building import build_options

    from generator.build import build

    output = tmp_path_factory.mktemp("seoul-pages") / "site"
    build(
        build_options(
            content=SEOUL,
            output=output,
            pdf=False,
            quiet=True,
            environ={"SOURCE_DATE_EPOCH": "1790000000"},
        )
    )
    return output
