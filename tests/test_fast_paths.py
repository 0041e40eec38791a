"""Commands that render no PDF never import WeasyPrint (half a second), a PDF library or multiprocessing.

Each command runs in a fresh interpreter, since this test process has imported
everything already; the child reports which heavy modules ended up in sys.modules.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.commands.new import scaffold

HEAVY = ("weasyprint", "pypdf", "pikepdf", "multiprocessing", "cryptography")
PROBE = """
import json, sys
from generator.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(name for name in {heavy!r} if name in sys.modules)), file=sys.__stderr__)
"""


def _heavy_imports(*args: str, cwd: Path) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={
            "SOURCE_DATE_EPOCH": "1806537600",
            "PATH": "/usr/bin:/bin",
            "HOME": os.environ["HOME"],
        },
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stderr.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def trip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("fast")
    scaffold(base / "trip")
    (base / "trip" / "people" / "nobody-yet.yaml").write_text(
        "name: Nobody Yet\ntitle: Analyst\noutreach:\n  status: to-ask\n"
    )
    return base


@pytest.mark.parametrize(
    "args",
    [
        ("check", "trip"),
        ("followup", "trip", "--today", "2027-04-14"),
        ("schema",),
        ("build", "trip", "-o", "web", "--no-pdf"),
    ],
)
def test_commands_without_pdfs_import_no_pdf_engine(trip: Path, args: tuple[str, ...]) -> None:
    assert _heavy_imports(*args, cwd=trip) == []


def test_a_rebuild_with_nothing_to_render_imports_no_pdf_engine(trip: Path) -> None:
    _heavy_imports(
        "build", "trip", "-o", "site", "-q", cwd=trip
    )  # renders every PDF (in worker processes)
    assert (trip / "site" / "binder.pdf").is_file()
    assert _heavy_imports("build", "trip", "-o", "site", "-q", cwd=trip) == []
    # A change no PDF shows (the title of someone not yet met) re-templates the site. A worker was
    # started in case a PDF changed (the pool module loads, and the worker is stopped unused); this
    # process loads no engine.
    person = trip / "trip" / "people" / "nobody-yet.yaml"
    person.write_text(person.read_text().replace("title: Analyst", "title: Senior Analyst"))
    heavy = _heavy_imports("build", "trip", "-o", "site", "-q", cwd=trip)
    assert not {"weasyprint", "pypdf", "cryptography"} & set(heavy)
    assert "Senior Analyst" in (trip / "site" / "network.html").read_text()
