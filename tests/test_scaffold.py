"""`infoprep new`: a small trip that works out of the box, and profiles that load once named.

The promise to a new user: one command gives a folder that checks clean and builds,
the next steps are printed, and nothing they already have is ever overwritten.
"""

from __future__ import annotations

import re
import shlex
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
from fixtures.building import Runner

from generator.cli import main
from generator.content.schema import KINDS, schema_file_name
from generator.reading import load_and_plan

AS_OF = ["--today", "2027-04-01"]
"""The scaffold's trip is in April 2027; checking "as of" a fixed day keeps date-dependent lint rules stable."""


def run(*args: str):  # type: ignore[no-untyped-def]
    return Runner().invoke(main, list(args))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("scaffold") / "my-trip"
    result = run("new", str(folder))
    assert result.exit_code == 0, result.output
    return folder, result.stdout


def test_new_writes_trip_bank_schemas_and_readme(made: tuple[Path, str]) -> None:
    folder, _ = made
    files = set(snapshot(folder))
    assert {"trip.yaml", "schedule.yaml", "questions.yaml", "README.md"} <= files
    assert {f"schemas/{schema_file_name(kind)}" for kind in KINDS} <= files
    assert any(f.startswith("people/") for f in files) and any(
        f.startswith("companies/") for f in files
    )
    bank = resources.files("generator").joinpath("data/questions.yaml").read_text(encoding="utf-8")
    written = (folder / "questions.yaml").read_text(encoding="utf-8")
    assert written.split("\n", 1)[1] == bank, (
        "questions.yaml is the built-in bank, below its schema line"
    )
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert f"infoprep check {folder.name}" in readme and f"infoprep build {folder.name}" in readme


def test_new_trip_is_small_and_works(made: tuple[Path, str]) -> None:
    folder, _ = made
    trip, plan, _ = load_and_plan(folder, date(2027, 4, 1))
    days = [d for d in plan.schedule.days if d.slots]
    assert len(days) == 2
    assert len(plan.packets) == 4
    assert [len(d.slots) for d in days] == [2, 2]
    assert plan.findings == (), [str(f) for f in plan.findings]
    # every meeting's person and organisation resolve, so every packet has someone to meet
    assert all(p.slot.meeting.person.profile.name for p in plan.packets)
    assert len(trip.companies) >= 1


def test_new_trip_checks_clean_strictly(made: tuple[Path, str]) -> None:
    folder, _ = made
    result = run("check", str(folder), "--strict", *AS_OF)
    assert result.exit_code == 0, result.output
    assert "4 meetings" in result.stdout and "0 errors, 0 warnings" in result.stdout


def test_new_prints_the_next_three_steps_and_they_work(
    made: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, out = made
    steps = re.findall(r"^\s+(\d)\. (.+)$", out, re.M)
    assert [n for n, _ in steps] == ["1", "2", "3"], out
    commands = [re.search(r"(infoprep [^(]+?)\s*(?:\(|$)", text) for _, text in steps]
    commands = [c.group(1) for c in commands if c]
    assert any(c.startswith(f"infoprep check {folder}") for c in commands), out
    assert any(c.startswith(f"infoprep build {folder}") for c in commands), out
    monkeypatch.chdir(tmp_path)
    sites = []
    for command in commands:
        args = shlex.split(command)[1:]
        if args[0] == "build":
            args.append("--no-pdf")  # the PDFs are not the point here, and are slow
            sites.append(Path(args[args.index("-o") + 1]) if "-o" in args else Path("output"))
        if args[0] == "check":
            args += AS_OF
        result = run(*args)
        assert result.exit_code == 0, f"{command}: {result.output}"
    assert sites and all((site / "index.html").is_file() for site in sites), (
        "the printed build command wrote no site"
    )


def test_new_into_empty_existing_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert run("new", str(tmp_path / "empty")).exit_code == 0
    assert (tmp_path / "empty" / "trip.yaml").is_file()


@pytest.mark.parametrize("existing", ["notes.txt", ".hidden", "trip.yaml"])
def test_new_never_overwrites_a_folder_with_anything_in_it(tmp_path: Path, existing: str) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / existing).write_text("my own words\n", encoding="utf-8")
    before = snapshot(folder)
    result = run("new", str(folder))
    assert result.exit_code == 1
    assert "not empty" in result.stderr and "Traceback" not in result.output
    assert snapshot(folder) == before


def test_new_twice_leaves_the_first_untouched(made: tuple[Path, str]) -> None:
    folder, _ = made
    before = snapshot(folder)
    result = run("new", str(folder))
    assert result.exit_code == 1
    assert snapshot(folder) == before


def test_new_refuses_a_file(tmp_path: Path) -> None:
    target = tmp_path / "a-file"
    target.write_text("keep\n", encoding="utf-8")
    assert run("new", str(target)).exit_code == 1
    assert target.read_text(encoding="utf-8") == "keep\n"


# ----- --person / --company -----------------------------------------------------------------------


@pytest.fixture
def trip(tmp_path: Path) -> Path:
    folder = tmp_path / "trip"
    assert run("new", str(folder)).exit_code == 0
    return folder


@pytest.mark.parametrize(("option", "sub"), [("--person", "people"), ("--company", "companies")])
def test_added_profile_is_commented_named_and_loads(trip: Path, option: str, sub: str) -> None:
    result = run("new", str(trip), option, "jane-doe")
    assert result.exit_code == 0, result.output
    path = trip / sub / "jane-doe.yaml"
    assert str(path) in result.stdout
    text = path.read_text(encoding="utf-8")
    assert re.search(r"^name: Jane Doe\b", text, re.M), "the name is filled in from the slug"
    assert text.count("#") >= 4, "the template explains its fields in comments"
    checked = run("check", str(trip), "--strict", *AS_OF)
    assert checked.exit_code == 0, checked.output
    loaded, _, _ = load_and_plan(trip, date(2027, 4, 1))
    found = loaded.people if sub == "people" else loaded.companies
    assert found["jane-doe"].profile.name == "Jane Doe"


def test_person_and_company_together_then_linked(trip: Path) -> None:
    result = run("new", str(trip), "--person", "sam-fox", "--company", "fox-labs")
    assert result.exit_code == 0, result.output
    person = trip / "people" / "sam-fox.yaml"
    person.write_text(
        person.read_text(encoding="utf-8").replace("company:  ", "company: fox-labs  ", 1),
        encoding="utf-8",
    )
    assert run("check", str(trip), *AS_OF).exit_code == 0
    loaded, _, _ = load_and_plan(trip, date(2027, 4, 1))
    assert loaded.people["sam-fox"].company is loaded.companies["fox-labs"]


@pytest.mark.parametrize(("option", "sub"), [("--person", "people"), ("--company", "companies")])
def test_added_profile_refuses_an_existing_file(trip: Path, option: str, sub: str) -> None:
    existing = next((trip / sub).glob("*.yaml"))
    before = existing.read_bytes()
    result = run("new", str(trip), option, existing.stem)
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert existing.read_bytes() == before


@pytest.mark.parametrize(
    "slug", ["Jane_Doe", "jane doe", "../escape", "-jane", "jane-", "jané", ""]
)
def test_added_profile_refuses_a_bad_slug(trip: Path, slug: str) -> None:
    before = snapshot(trip.parent)
    result = run("new", str(trip), "--person", slug)
    assert result.exit_code != 0
    assert snapshot(trip.parent) == before
    if slug:
        assert result.exit_code == 2 and "not a slug" in result.stderr


def test_added_profile_needs_a_content_folder(tmp_path: Path) -> None:
    result = run("new", str(tmp_path), "--person", "jane-doe")
    assert result.exit_code == 2
    assert "trip.yaml" in result.stderr
    assert not (tmp_path / "people").exists()


# ----- --empty and placeholders -------------------------------------------------------------------


def test_new_empty_writes_a_skeleton_with_no_sample_people(tmp_path: Path) -> None:
    folder = tmp_path / "seoul"
    result = run("new", str(folder), "--empty")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (folder / "people").iterdir()) == []
    assert sorted(p.name for p in (folder / "companies").iterdir()) == []
    assert not (folder / "questions.yaml").exists()  # the built-in bank is used
    trip, plan, _ = load_and_plan(folder, date.today())
    assert plan.packets == () and trip.people == {} and trip.info.traveler.name == "Your Name"
    checked = run("check", str(folder))
    assert checked.exit_code == 0 and "0 errors" in checked.stdout
    added = run("new", str(folder), "--person", "jane-doe")
    assert added.exit_code == 0 and (folder / "people" / "jane-doe.yaml").is_file()


def test_new_empty_never_overwrites(tmp_path: Path) -> None:
    folder = tmp_path / "trip"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    assert run("new", str(folder), "--empty").exit_code == 1
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_placeholder_text_left_by_new_is_a_research_gap(trip: Path) -> None:
    assert run("new", str(trip), "--person", "jane-doe", "--company", "doe-works").exit_code == 0
    person = trip / "people" / "jane-doe.yaml"
    person.write_text(
        person.read_text(encoding="utf-8").replace("company:  ", "company: doe-works  ", 1),
        encoding="utf-8",
    )
    schedule = trip / "schedule.yaml"
    schedule.write_text(
        schedule.read_text(encoding="utf-8")
        + '- person: jane-doe\n  start: "2027-04-13 13:00"\n  location: 1 Main St\n',
        encoding="utf-8",
    )
    out = run("check", str(trip), *AS_OF).stderr
    assert "people/jane-doe.yaml:2: warning: research gap: no background for Jane Doe" in out
    assert "companies/doe-works.yaml:2: warning: research gap: no overview of Doe Works" in out
