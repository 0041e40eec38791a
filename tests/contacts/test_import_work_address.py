"""`import` keeps a vCard's work address for the company it creates (issue 24): ADR;TYPE=WORK becomes the new
company's `address` (meetings there default to it); a home address is never written into a company's file."""

from __future__ import annotations

import shutil
from pathlib import Path

from fixtures.building import Runner
from fixtures.london_calls_trip import LONDON

from generator.cli import main
from generator.content.load import load

CARD = """BEGIN:VCARD
VERSION:3.0
N:Okonjo;Adaeze;;;
FN:Adaeze Okonjo
ORG:Northwind Clinical Analytics Ltd
TITLE:Head of Data
EMAIL;TYPE=INTERNET,WORK:adaeze@northwind-clinical.example
TEL;TYPE=CELL:+44 7911 654321
ADR;TYPE=HOME:;;22 Acacia Avenue;Croydon;;CR0 1AA;United Kingdom
ADR;TYPE=WORK:;Floor 3;20 Eastbourne Terrace;London;;W2 6LG;United Kingdom
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:Jordan Ellis
ORG:Capitol Analytics Group
ADR;TYPE=work:;;1200 K St NW;Washington;DC;20005;USA
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Sam Home
ORG:Homebody Ltd
ADR;TYPE=HOME:;;3 Quiet Lane;Leeds;;LS1 1AA;United Kingdom
END:VCARD
"""


def test_a_new_company_gets_the_work_address_of_the_card(tmp_path: Path) -> None:
    content = tmp_path / "trip"
    shutil.copytree(LONDON, content)
    card = tmp_path / "phone.vcf"
    card.write_text(CARD, encoding="utf-8")
    result = Runner().invoke(main, ["import", str(card), "--into", str(content)])
    assert result.exit_code == 0, result.output
    trip = load(content, str(content))
    assert (
        trip.companies["northwind-clinical-analytics"].profile.address
        == "Floor 3, 20 Eastbourne Terrace, London W2 6LG, United Kingdom"
    )
    assert (
        trip.companies["capitol-analytics-group"].profile.address
        == "1200 K St NW, Washington, DC 20005, USA"
    )
    assert trip.companies["homebody"].profile.address is None
    assert "Acacia" not in "".join(
        p.read_text(encoding="utf-8") for p in (content / "companies").iterdir()
    )
