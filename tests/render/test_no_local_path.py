"""A published page never reveals where the content lives (issue 24): two folders with the same content, one
deep in a home folder, build the same pages, byte for byte; warnings name files relative to the trip."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from fixtures.building import build_options
from fixtures.london_calls_trip import LONDON

from generator.build import build


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_two_copies_of_a_trip_build_the_same_pages(tmp_path: Path) -> None:
    deep = tmp_path / "home" / "maya" / "Documents" / "london-2027"
    flat = tmp_path / "trip"
    outputs = []
    for folder in (deep, flat):
        shutil.copytree(LONDON, folder)
        output = tmp_path / f"site-{folder.name}"
        environ = {"SOURCE_DATE_EPOCH": "1812000000"}  # one build time: only the folder differs
        build(
            build_options(
                content=folder,
                output=output,
                pdf=False,
                today=date(2027, 6, 4),
                quiet=True,
                environ=environ,
                cache=tmp_path / f"cache-{folder.name}",
            )
        )
        outputs.append(_files(output))
    assert outputs[0] == outputs[1]
    everything = b"".join(outputs[0].values())
    assert b"Documents" not in everything and str(tmp_path).encode() not in everything
    network = outputs[0]["network.html"].decode()
    assert "infoprep new . --person" in network or "Suggested in a debrief" not in network
    index = outputs[0]["index.html"].decode()
    assert '<span class="where">companies/guys-trust.yaml:1</span>' in index
