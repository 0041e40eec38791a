"""versions.version reads what importlib.metadata would answer, without importing it."""

from __future__ import annotations

from importlib import metadata

import pytest

from generator.inputs import _LIBRARIES
from generator.printing.engine import _ENGINE_PACKAGES
from generator.versions import version


@pytest.mark.parametrize("name", ["infoprep", *_LIBRARIES, *_ENGINE_PACKAGES, "PyYAML", "Jinja2"])
def test_the_same_version_as_importlib_metadata(name: str) -> None:
    try:
        expected = metadata.version(name)
    # an engine library of other WeasyPrint versions (html5lib)
    except metadata.PackageNotFoundError:
        expected = "-"
    assert version(name) == expected


def test_a_missing_distribution_is_a_dash() -> None:
    assert version("no-such-distribution-infoprep") == "-"
