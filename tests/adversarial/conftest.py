"""Fixtures of the adversarial suite: a breakable workspace with a previous build, and shared built sites.

PDF builds are the slow part, so the small trip is built with PDFs once per session and copied
(copying bytes is what an old output is) wherever a test needs an old output to protect.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import hypothesis.configuration
import pytest

from adversarial.helpers import EPOCH, TODAY, TRIP, Workspace, copy_tree

# Hypothesis caches (example database, constants) would otherwise land in .hypothesis/ of the
# current folder, i.e. the checkout; keep them in the temporary folder instead.
hypothesis.configuration.set_hypothesis_home_dir(
    Path(tempfile.gettempdir()) / "infoprep-adversarial-hypothesis"
)


def _build(output: Path, pdf: bool) -> Path:
    """A reproducible build (SOURCE_DATE_EPOCH, as every build of this suite): with the clock, the
    calendar's DTSTAMP, and with it .infoprep.json and sw.js, would differ from any later build's."""
    from fixtures.building import build_options

    from generator.build import build

    environ = {"SOURCE_DATE_EPOCH": EPOCH}
    build(
        build_options(
            content=TRIP, output=output, pdf=pdf, today=TODAY, quiet=True, jobs=1, environ=environ
        )
    )
    return output


@pytest.fixture(scope="session")
def site_nopdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small trip built without PDFs (never modify: copy it)."""
    return _build(tmp_path_factory.mktemp("site-nopdf") / "out", pdf=False)


@pytest.fixture(scope="session")
def site_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small trip built with every PDF (never modify: copy it)."""
    return _build(tmp_path_factory.mktemp("site-pdf") / "out", pdf=True)


def _workspace(tmp_path: Path, previous: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    space = Workspace(tmp_path / "work")
    copy_tree(TRIP, space.content)
    copy_tree(previous, space.output)
    monkeypatch.chdir(space.root)
    return space


@pytest.fixture
def ws(tmp_path: Path, site_nopdf: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """tmp/work/content (the small trip) and tmp/work/out (a previous build); the cwd is tmp/work."""
    return _workspace(tmp_path, site_nopdf, monkeypatch)


@pytest.fixture
def ws_pdf(tmp_path: Path, site_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """Like `ws`, but the previous build has every PDF."""
    return _workspace(tmp_path, site_pdf, monkeypatch)
