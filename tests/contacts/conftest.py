"""The Dublin trip the import tests add to (tests/contacts/trip) and real-shaped exports (tests/contacts/exports).

The exports are what the services write: LinkedIn's Connections.csv with its "Notes:" preamble,
CRLF line ends and mostly blank e-mails; Google Contacts CSV in the newer and the classic header,
with " ::: " cells; an iPhone vCard 3.0 with itemN. groups, photos and an organisation card; an
old Android vCard 2.1 in quoted-printable UTF-8.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
TRIP = HERE / "trip"
EXPORTS = HERE / "exports"
LINKEDIN = EXPORTS / "Connections.csv"
GOOGLE = EXPORTS / "google-contacts.csv"
GOOGLE_CLASSIC = EXPORTS / "google-classic.csv"
IPHONE = EXPORTS / "iphone-contacts.vcf"
ANDROID = EXPORTS / "android-contacts.vcf"
ALL = [LINKEDIN, GOOGLE, GOOGLE_CLASSIC, IPHONE, ANDROID]


@pytest.fixture
def trip(tmp_path: Path) -> Path:
    """A private copy of the Dublin trip, free to import into."""
    target = tmp_path / "dublin"
    shutil.copytree(TRIP, target)
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
