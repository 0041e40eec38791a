"""`infoprep import` on real-shaped exports: what it writes, what it leaves alone, and what it refuses.

Every test runs the CLI on a copy of the Dublin trip and looks at the files: the new profiles
parse and pass `infoprep check`, the profiles already there keep every byte, and a bad row
stops the import before anything is written.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fixtures.building import Runner

from generator.cli import main
from generator.content.models import ConnectionKind, OutreachStatus
from generator.content.yaml import parse
from generator.reading import load_and_plan

from .conftest import ALL, ANDROID, GOOGLE, GOOGLE_CLASSIC, IPHONE, LINKEDIN, snapshot

AS_OF = date(2027, 9, 1)


def run(*args: str | Path):  # type: ignore[no-untyped-def]
    return Runner().invoke(main, [str(a) for a in args])


def imported(trip: Path, *files: Path, dry_run: bool = False):  # type: ignore[no-untyped-def]
    result = run("import", *files, "--into", trip, *(["--dry-run"] if dry_run else []))
    assert result.exit_code == 0, result.output
    return result


def profile(trip: Path, rel: str) -> dict:
    path = trip / rel
    return parse(path.read_text(encoding="utf-8"), str(path)).data


def new_files(before: dict[str, bytes], trip: Path) -> set[str]:
    return set(snapshot(trip)) - set(before)


def assert_untouched(before: dict[str, bytes], trip: Path) -> None:
    after = snapshot(trip)
    changed = [name for name, data in before.items() if after.get(name) != data]
    assert not changed, f"changed: {changed}"


def assert_checks_clean(trip: Path) -> None:
    result = run("check", trip, "--today", AS_OF.isoformat())
    assert result.exit_code == 0, result.output
    assert " error:" not in result.output and "0 errors" in result.output


# ----- LinkedIn -----------------------------------------------------------------------------------


def test_linkedin_export_with_its_notes_preamble_and_blank_emails(trip: Path) -> None:
    before = snapshot(trip)
    result = imported(trip, LINKEDIN)
    assert new_files(before, trip) == {
        "people/jae-won-park.yaml",
        "people/ana-sofiya-petrova.yaml",
        "people/sean-o-briain.yaml",
        "people/kwame-mensah.yaml",
        "companies/hanbit-robotics.yaml",
        "companies/halvorsen-institut.yaml",
        "companies/mensah-and-daughters.yaml",
    }
    assert_untouched(before, trip)
    ana = profile(trip, "people/ana-sofiya-petrova.yaml")
    assert ana["name"] == "Ана-София Петрова"
    assert ana["title"] == "Staff Engineer, Maps"
    assert ana["company"] == "google", "Google LLC is the existing companies/google.yaml"
    assert ana["email"] is None, "LinkedIn left her e-mail blank"
    assert ana["linkedin"] == "https://www.linkedin.com/in/ana-sofia-petrova"
    assert ana["connection"] == {
        "via": None,
        "kind": None,
        "note": "LinkedIn connection since Aug 2022",
    }, "no kind: LinkedIn does not say one"
    assert ana["outreach"] == {"status": "to-ask"}
    assert profile(trip, "companies/hanbit-robotics.yaml")["name"] == "Hanbit Robotics, Inc."
    # The report: who was added, who is there already (and what the export adds), what was skipped,
    # the near miss.
    out = result.output
    assert (
        "Added 4 people:" in out
        and "people/kwame-mensah.yaml  Kwame Mensah (Founder, Mensah & Daughters, LLC)" in out
    )
    assert (
        "Meera Raghunathan = " in out
        and "people/meera-raghunathan.yaml (same name at The Halvorsen Institute)" in out
    )
    assert (
        "title: Director of Materials Research; linkedin: "
        "https://www.linkedin.com/in/meera-raghunathan-4b1a2c" in out
    )
    assert "Aisling Ní Bhriain = " in out and "(same e-mail)" in out
    assert "Connections.csv:9: no name in this row" in out
    assert (
        "companies/halvorsen-institut.yaml  Halvorsen Institut  did you mean halvorsen-institute "
        "(The Halvorsen Institute)?" in out
    )
    assert f"Next: infoprep check {trip}" in out
    assert_checks_clean(trip)


def test_the_written_profile_keeps_the_style_of_infoprep_new(trip: Path) -> None:
    imported(trip, LINKEDIN)
    text = (trip / "people" / "kwame-mensah.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Added by infoprep import from Connections.csv:11.")
    assert "seniority:                      # decision-maker | manager | staff | peer\n" in text
    kinds = " ".join(
        line.split("# ", 1)[1]
        for line in text.splitlines()
        if line.startswith(("  kind:", " " * 32 + "#"))
    )
    assert kinds == " | ".join([*(kind.value for kind in ConnectionKind), "or your own word"])
    statuses = " | ".join(status.value for status in OutreachStatus)
    assert f"  status: to-ask                # {statuses}\n" in text
    assert "yaml-language-server" not in text, "this folder has no schemas/ to point at"


def test_into_a_folder_made_by_infoprep_new_the_files_name_their_schema(tmp_path: Path) -> None:
    folder = tmp_path / "trip"
    assert run("new", folder).exit_code == 0
    imported(folder, LINKEDIN)
    person = (folder / "people" / "kwame-mensah.yaml").read_text(encoding="utf-8")
    company = (folder / "companies" / "hanbit-robotics.yaml").read_text(encoding="utf-8")
    assert person.startswith("# yaml-language-server: $schema=../schemas/person.schema.json\n")
    assert company.startswith("# yaml-language-server: $schema=../schemas/company.schema.json\n")
    assert run("check", folder, "--today", "2027-04-01").exit_code == 0


# ----- Google Contacts ----------------------------------------------------------------------------


def test_google_csv_newer_header_with_multi_value_cells_and_labels(trip: Path) -> None:
    before = snapshot(trip)
    result = imported(trip, GOOGLE)
    assert new_files(before, trip) == {
        "people/jae-won-park.yaml",
        "people/lucia-montoya.yaml",
        "people/ravi-shah.yaml",
        "companies/hanbit-robotics.yaml",
    }
    assert_untouched(before, trip)
    lucia = profile(trip, "people/lucia-montoya.yaml")
    assert lucia["name"] == "Dr. Lucía Montoya"
    assert lucia["company"] == "clearwater-reuse", (
        "'Clearwater Reuse Ltd' is 'Clearwater Reuse Ltd.'"
    )
    assert lucia["email"] == "lucia.montoya@example.org", "the '* Home' e-mail is the primary one"
    assert lucia["phone"] == "087 123 4567", "the first of '087 123 4567 ::: +353 1 555 0100'"
    assert lucia["linkedin"] == "https://www.linkedin.com/in/lucia-montoya"
    assert lucia["connection"]["kind"] == "family"
    assert lucia["connection"]["note"] == "From Google Contacts (labels: Dublin trip)"
    assert "other e-mail lucia@clearwater.example; other phone +353 1 555 0100" in lucia["notes"]
    jae = profile(trip, "people/jae-won-park.yaml")
    assert jae["connection"]["kind"] == "alumni" and jae["phone"] == "+82 10-2345-6789"
    assert jae["notes"].startswith(
        "Met at the Seoul robotics expo.\nWants to hear about reuse logistics.\n"
    )
    assert (
        "google-contacts.csv:6: Dublin Bike Co-op: a card for an organisation, not a person"
        in result.output
    )
    assert_checks_clean(trip)


def test_google_csv_classic_header(trip: Path) -> None:
    imported(trip, GOOGLE_CLASSIC)
    eleni = profile(trip, "people/eleni-papadopoulou.yaml")
    assert eleni["company"] == "google", "'Google, Inc.' is companies/google.yaml"
    assert eleni["title"] == "Product Lead" and eleni["email"] == "eleni@papadopoulou.example"
    assert eleni["connection"]["kind"] == "colleague", "the Coworkers group"
    wang = profile(trip, "people/wang-xiao-ming.yaml")
    assert wang["name"] == "王小明" and wang["company"] == "hanbit-robotics"
    assert_checks_clean(trip)


# ----- vCard --------------------------------------------------------------------------------------


def test_iphone_vcard_with_item_groups_photos_and_an_organisation_card(trip: Path) -> None:
    before = snapshot(trip)
    result = imported(trip, IPHONE)
    assert new_files(before, trip) == {
        "people/jae-won-park.yaml",
        "people/niamh-o-suilleabhain.yaml",
        "companies/hanbit-robotics.yaml",
        "companies/university-college-dublin.yaml",
    }
    jae = profile(trip, "people/jae-won-park.yaml")
    assert jae["name"] == "박재원 Jae-won Park", (
        "the slug is jae-won-park, the name stays as written"
    )
    assert jae["email"] == "jaewon.park@hanbit.example", "item1.EMAIL"
    assert jae["linkedin"] == "https://www.linkedin.com/in/jaewonpark", (
        "item2.URL, labelled LinkedIn"
    )
    niamh = profile(trip, "people/niamh-o-suilleabhain.yaml")
    assert niamh["title"] == "Associate Professor, Sustainable Materials", "an escaped comma"
    assert niamh["phone"] == "01 716 0000"
    assert niamh["linkedin"] == "https://www.linkedin.com/in/niamh-o-suilleabhain", (
        "X-SOCIALPROFILE"
    )
    assert niamh["connection"]["kind"] == "referral"
    assert (
        niamh["notes"]
        == "Introduced at the Engineers Ireland night. Ask about the reuse-loop lab, and whether they take visiting analysts.\n"
    )
    assert (
        "iphone-contacts.vcf:37: Grand Canal Dock Coffee: a card for an organisation, not a person"
        in result.output
    )
    assert all(
        "9j/4AAQ" not in (trip / name).read_text(encoding="utf-8")
        for name in new_files(before, trip)
    ), "photos are not copied"
    assert_checks_clean(trip)


def test_android_vcard_2_1_in_quoted_printable(trip: Path) -> None:
    before = snapshot(trip)
    result = imported(trip, ANDROID)
    assert new_files(before, trip) == {
        "people/ana-sofiya-petrova.yaml",
        "people/eleni-papadopoyloy.yaml",
    }
    ana = profile(trip, "people/ana-sofiya-petrova.yaml")
    assert ana["name"] == "Ана-София Петрова" and ana["company"] == "google"
    assert ana["phone"] == "+353 87 222 3344" and ana["email"] == "ana.petrova@example.ru"
    assert (
        ana["notes"]
        == "Познакомились на DevFest Dublin. Asked about the Maps team — friendly, replies fast.\n"
    )
    assert profile(trip, "people/eleni-papadopoyloy.yaml")["name"] == "Ελένη Παπαδοπούλου"
    assert "android-contacts.vcf:22: no name in this row" in result.output
    assert_checks_clean(trip)


# ----- all at once, twice -------------------------------------------------------------------------


def test_one_person_in_several_exports_becomes_one_profile(trip: Path) -> None:
    imported(trip, *ALL)
    jae = profile(trip, "people/jae-won-park.yaml")
    assert not (trip / "people" / "jae-won-park-2.yaml").exists()
    assert (
        jae["title"] == "Head of Hardware"
        and jae["linkedin"] == "https://www.linkedin.com/in/jaewonpark"
    )
    assert jae["email"] == "jaewon.park@hanbit.example" and jae["phone"] == "+82 10-2345-6789"
    assert jae["connection"]["note"] == (
        "LinkedIn connection since Mar 2024; From Google Contacts; From the contacts file "
        "iphone-contacts.vcf"
    )
    ana = profile(
        trip, "people/ana-sofiya-petrova.yaml"
    )  # LinkedIn knows her title, the phone her e-mail
    assert ana["title"] == "Staff Engineer, Maps" and ana["email"] == "ana.petrova@example.ru"
    _, plan, _ = load_and_plan(trip, AS_OF)
    assert len(plan.trip.people) == 12
    assert_checks_clean(trip)


def test_importing_the_same_files_again_writes_nothing(trip: Path) -> None:
    imported(trip, *ALL)
    before = snapshot(trip)
    again = imported(trip, *ALL)
    assert snapshot(trip) == before
    assert (
        "Added nobody new." in again.output
        and "Already there, left as they are (12):" in again.output
    )
    assert f"Nothing to write: everyone is already in {trip}/." in again.output


def test_dry_run_reports_and_writes_nothing(trip: Path) -> None:
    before = snapshot(trip)
    result = imported(trip, *ALL, dry_run=True)
    assert snapshot(trip) == before
    assert "Would add 10 people:" in result.output and "Companies to create (4):" in result.output
    assert (
        "Dry run: nothing written. Run it again without --dry-run to write 14 files."
        in result.output
    )


def test_a_new_namesake_gets_a_slug_of_their_own(trip: Path) -> None:
    namesake = trip / "people" / "jae-won-park.yaml"
    namesake.write_text("name: Jae-won Park\ntitle: Pastry chef\n", encoding="utf-8")
    before = snapshot(trip)
    imported(trip, LINKEDIN)
    assert_untouched(before, trip)
    assert profile(trip, "people/jae-won-park-2.yaml")["company"] == "hanbit-robotics"


def test_a_person_known_by_linkedin_profile_is_left_alone(trip: Path) -> None:
    (trip / "people" / "k-mensah.yaml").write_text(
        "name: K. Mensah\nlinkedin: https://linkedin.com/in/Kwame-Mensah/\n", encoding="utf-8"
    )
    before = snapshot(trip)
    result = imported(trip, LINKEDIN)
    assert_untouched(before, trip)
    assert not (trip / "people" / "kwame-mensah.yaml").exists()
    assert (
        "(same LinkedIn profile)" in result.output
        and "email: kwame@mensah.example" in result.output
    )


# ----- bad input ----------------------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def test_malformed_rows_are_reported_with_file_and_line_and_nothing_is_written(
    trip: Path, tmp_path: Path
) -> None:
    bad = write(
        tmp_path / "Connections.csv",
        'Notes:\n"Some e-mails are missing."\n\n'
        + LINKEDIN_HEADER
        + "Siobhán,Kelly,https://www.linkedin.com/in/siobhan-kelly,,Clearwater Reuse,Analyst,03 Mar 2025\n"
        + "Tadhg,Byrne,https://www.linkedin.com/in/tadhg,tadhg.example.ie,Clearwater Reuse,Analyst,03 Mar 2025\n"
        + "Orla,Walsh,https://www.linkedin.com/in/orla,,Clearwater Reuse,Analyst,last Tuesday\n"
        + "Cian,Doyle,https://www.linkedin.com/in/cian,,Clearwater Reuse, Ltd,Analyst,03 Mar 2025\n",
    )
    vcard = write(
        tmp_path / "phone.vcf",
        "BEGIN:VCARD\nVERSION:3.0\nFN:Róisín Daly\nnot a property line\nEND:VCARD\n",
    )
    before = snapshot(trip)
    result = run("import", LINKEDIN, bad, vcard, "--into", trip)
    assert result.exit_code == 1
    assert snapshot(trip) == before, "the good file is not imported either: nothing is written"
    lines = result.stderr.splitlines()
    assert lines == [
        f"{bad}:6: error: Email Address: 'tadhg.example.ie' is not an e-mail address",
        f"{bad}:7: error: Connected On: 'last Tuesday' is not a date like 07 Dec 2025",
        f"{bad}:8: error: this row has 8 cells but the header (line 4) has 7 columns; a comma "
        "inside a cell needs quotes around the cell",
        f"{vcard}:4: error: not a well-formed vCard: Failed to parse line: not a property line",
        "4 errors; nothing was written.",
    ]
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "unclosed.csv",
            (
                LINKEDIN_HEADER + 'Nuala,"Ní Dhomhnaill,https://www.linkedin.com/in/nuala,,,,\n'
            ).encode(),
            ":2: error: not a well-formed CSV row",
        ),
        (
            "latin1.csv",
            (LINKEDIN_HEADER + "Se\xe1n,Murphy,,,,,\n").encode("latin-1"),
            ":2: error: not UTF-8 text",
        ),
        ("notes.txt", b"Buy milk\nCall Mam\n", ":1: error: not a file infoprep can import"),
        (
            "unclosed.vcf",
            b"BEGIN:VCARD\nVERSION:3.0\nFN:Eoin Walsh\n",
            ":3: error: not a well-formed vCard: Component VCARD was never closed",
        ),
        ("missing.vcf", None, ":1: error: no such file"),
    ],
)
def test_files_that_cannot_be_read(
    trip: Path, tmp_path: Path, name: str, data: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    before = snapshot(trip)
    result = run("import", path, "--into", trip)
    assert result.exit_code == 1 and f"{path}{message}" in result.stderr, result.output
    assert snapshot(trip) == before


def test_a_damaged_photo_does_not_stop_the_import(trip: Path, tmp_path: Path) -> None:
    card = write(
        tmp_path / "broken-photo.vcf",
        "BEGIN:VCARD\nVERSION:3.0\nFN:Fiadh Nolan\nORG:Clearwater "
        "Reuse\nPHOTO;ENCODING=b;TYPE=JPEG:!!not base64\n  still not\nEND:VCARD\n",
    )
    imported(trip, card)
    assert profile(trip, "people/fiadh-nolan.yaml")["company"] == "clearwater-reuse"


def test_into_a_folder_without_trip_yaml_is_a_usage_error(tmp_path: Path) -> None:
    result = run("import", LINKEDIN, "--into", tmp_path)
    assert result.exit_code == 2 and "no trip.yaml here" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_control_characters_and_yaml_lookalikes_are_written_safely(
    trip: Path, tmp_path: Path
) -> None:
    export = write(
        tmp_path / "odd.csv",
        LINKEDIN_HEADER
        + '"Null",True,https://www.linkedin.com/in/null-true,,"# not a comment: really",\'quoted\' - yes,07 Dec 2025\n'
        + 'Bell\x07,Ó Dálaigh,https://www.linkedin.com/in/bell,,"[Brackets] & {braces}",- a list?,07 Dec 2025\n',
    )
    result = imported(trip, export)
    assert "\x07" not in result.output and "Bell Ó Dálaigh" in result.output
    null = profile(trip, "people/null-true.yaml")
    assert null["name"] == "Null True" and null["title"] == "'quoted' - yes"
    bell = profile(trip, "people/bell-o-dalaigh.yaml")
    assert bell["name"] == "Bell Ó Dálaigh" and bell["title"] == "- a list?"
    assert profile(trip, "companies/not-a-comment-really.yaml")["name"] == "# not a comment: really"
    assert_checks_clean(trip)
