"""vCards out: each packet's contact.vcf and contacts.vcf of everyone on the schedule (vCard 4.0).

Read back twice: by vobject, and by an independent reader that shares no code with it (Perl's
Text::vCard, Debian's libtext-vcard-perl), so a file only vobject understands would fail here.
Private builds seal them like every other file, under names that say nothing about anyone.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import vobject
from fixtures.building import build_options

from generator.build import build
from generator.publish.seal import decrypt_site, derive_site_key

HERE = Path(__file__).resolve().parent
DUBLIN = HERE.parent / "contacts" / "trip"
READER = HERE / "read_vcards.pl"
PASSPHRASE = "a long passphrase for the Dublin week"


def _independent_reader() -> list[str]:
    perl = shutil.which("perl")
    ok = (
        perl
        and subprocess.run(
            [perl, "-MText::vCard::Addressbook", "-e", "1"], capture_output=True
        ).returncode
        == 0
    )
    if not ok:
        message = "Perl's Text::vCard is missing (install Debian's libtext-vcard-perl: scripts/system-deps.sh --test)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return [str(perl), str(READER)]


def read_independently(path: Path) -> list[dict]:
    result = subprocess.run(
        [*_independent_reader(), str(path)], capture_output=True, check=True, timeout=60
    )
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def dublin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("dublin") / "trip"
    shutil.copytree(DUBLIN, content)
    (content / "people" / "wang-xiao-ming.yaml").write_text(
        'name: 王小明\ntitle: "Supply chain; reuse, and returns"\ncompany: google\nphone: "+82 '
        '10-2345-6789"\n'
        "linkedin: https://www.linkedin.com/in/wang-xiao-ming\n",
        encoding="utf-8",
    )
    with (content / "schedule.yaml").open("a", encoding="utf-8") as schedule:
        schedule.write("- person: wang-xiao-ming\n  start: 2027-09-15 09:00\n  format: phone\n")
    output = content.parent / "site"
    build(
        build_options(
            content=content, output=output, pdf=False, quiet=True, environ={}, cache=False
        )
    )
    return output


def cards(path: Path) -> list:
    return list(vobject.readComponents(path.read_text(encoding="utf-8")))


def test_each_packet_offers_its_person_as_a_vcard(dublin_site: Path) -> None:
    folder = dublin_site / "meetings" / "2027-09-13-aisling-ni-bhriain"
    (card,) = cards(folder / "contact.vcf")
    assert card.version.value == "4.0"
    assert card.fn.value == "Aisling Ní Bhriain"
    assert (card.n.value.given, card.n.value.family) == ("Aisling", "Ní Bhriain")
    assert card.org.value == ["Clearwater Reuse Ltd."] and card.title.value == "Operations Lead"
    assert card.email.value == "aisling.nibhriain@example.ie"
    assert card.tel.value == "tel:+35314960123", (
        "'01 496 0123' read as an Irish number: the trip is in Europe/Dublin"
    )
    assert card.tel.params["VALUE"] == ["uri"]
    assert card.note.value.startswith(
        "Informational interview Mon, 13 Sept 2027, 10:00–10:45 (Dublin time), in person at 12 "
        "Grand Canal Quay, Dublin 2."
    )
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert (
        '<a class="button" href="../../meetings/2027-09-13-aisling-ni-bhriain/contact.vcf">Add to '
        "contacts (.vcf)</a>" in page
    )
    assert 'href="tel:+35314960123">(01) 496 0123</a>' in page, "formatted as Ireland writes it"


def test_contacts_vcf_holds_everyone_on_the_schedule_once(dublin_site: Path) -> None:
    everyone = cards(dublin_site / "contacts.vcf")
    assert [c.fn.value for c in everyone] == [
        "Aisling Ní Bhriain",
        "Dr. Meera Raghunathan",
        "王小明",
    ]
    per_meeting = {
        c.fn.value: c.uid.value
        for p in sorted((dublin_site / "meetings").glob("*/contact.vcf"))
        for c in cards(p)
    }
    assert {c.fn.value: c.uid.value for c in everyone} == per_meeting, (
        "one UID per person, so a phone updates, not duplicates"
    )
    meera = everyone[1]
    assert (
        meera.n.value.prefix == "Dr."
        and "14:30–15:00 (Dublin time), video call." in meera.note.value
    )
    assert 'href="contacts.vcf">Everyone to contacts (.vcf)</a>' in (
        dublin_site / "index.html"
    ).read_text(encoding="utf-8")
    wang = everyone[2]
    assert "n" not in wang.contents, "a name in one piece has no N (optional in vCard 4.0)"
    assert (
        wang.title.value == "Supply chain; reuse, and returns"
        and wang.tel.value == "tel:+821023456789"
    )
    assert (
        wang.url.value == "https://www.linkedin.com/in/wang-xiao-ming"
        and "phone call." in wang.note.value
    )


def test_an_independent_reader_reads_the_same_cards(dublin_site: Path) -> None:
    for path in [
        dublin_site / "contacts.vcf",
        *sorted((dublin_site / "meetings").glob("*/contact.vcf")),
    ]:
        ours = cards(path)
        theirs = read_independently(path)
        assert len(theirs) == len(ours)
        for mine, other in zip(ours, theirs, strict=True):
            assert other["version"] == "4.0"
            assert other["fn"] == mine.fn.value and other["title"] == (
                mine.title.value if "title" in mine.contents else None
            )
            assert other.get("family") == (mine.n.value.family if "n" in mine.contents else None)
            assert other["urls"] == [u.value for u in mine.contents.get("url", [])]
            assert other["org"] == mine.org.value[0] and other["uid"] == mine.uid.value
            assert other["emails"] == [e.value for e in mine.contents.get("email", [])]
            assert other["tels"] == [t.value for t in mine.contents.get("tel", [])]
            # Text::vCard unescapes commas and semicolons but leaves "\n" as written: compare on
            # that footing.
            assert other["note"].replace("\\n", "\n") == mine.note.value


def test_the_same_trip_gives_the_same_bytes(dublin_site: Path, tmp_path: Path) -> None:
    build(
        build_options(
            content=dublin_site.parent / "trip",
            output=tmp_path / "again",
            pdf=False,
            quiet=True,
            environ={},
            cache=False,
        )
    )
    for name in ["contacts.vcf", "meetings/2027-09-13-aisling-ni-bhriain/contact.vcf"]:
        assert (tmp_path / "again" / name).read_bytes() == (dublin_site / name).read_bytes()


def test_a_private_build_seals_the_vcards_under_opaque_names(tmp_path: Path) -> None:
    content = tmp_path / "trip"
    shutil.copytree(DUBLIN, content)
    trip = content / "trip.yaml"
    trip.write_text(trip.read_text(encoding="utf-8") + "site:\n  private: true\n", encoding="utf-8")
    output = tmp_path / "site"
    build(
        build_options(
            content=content,
            output=output,
            pdf=False,
            quiet=True,
            environ={"INFOPREP_PASSWORD": PASSPHRASE},
        )
    )
    files = {
        p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()
    }
    assert not [name for name in files if name.endswith(".vcf")], (
        "no vCard is published in the clear"
    )
    assert not [name for name in files if "aisling" in name.lower() or "meera" in name.lower()]
    assert all(b"Aisling" not in data and b"Bhriain" not in data for name, data in files.items())
    salt = re.search(rb'"salt": "([^"]+)"', files["salt.js"])
    assert salt is not None
    key = derive_site_key(PASSPHRASE, base64.b64decode(salt.group(1))).key
    opened = decrypt_site(key, files)
    vcards = {name: data for name, data in opened.items() if name.endswith(".vcf.bin")}
    assert "contacts.vcf.bin" in vcards and len(vcards) == 3, sorted(vcards)
    assert all(name == "contacts.vcf.bin" or name.startswith("m/") for name in vcards)
    assert "FN:Aisling Ní Bhriain" in vcards["contacts.vcf.bin"].decode("utf-8")
    packet = next(
        data.decode()
        for name, data in opened.items()
        if name.startswith("m/") and name.endswith("index.html") and "Aisling" in data.decode()
    )
    assert 'data-infoprep-name="contact.vcf"' in packet, (
        "the download keeps a name that says nothing"
    )
