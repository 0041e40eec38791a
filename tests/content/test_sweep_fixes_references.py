"""One broken file gives one error: a reference to a person or company whose file exists but failed
to load is not also reported as missing.

A tab or a typo'd key in people/siobhan-ni-bhriain.yaml made `check` add "opportunities.yaml:4:
error: no person 'siobhan-ni-bhriain' in people/", which sends the user to a file that is right.
schedule.yaml and `connection.via` already asked whether the file exists; opportunities.yaml (its
`via` and `organisation`) and a debrief lead's `organisation` now ask the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.building import Runner

from generator.cli import main
from generator.content.load import load
from generator.errors import ContentError
from tests.plan.factory import (
    DISPLAY,
    Content,
    london_week,
    make_content,
    meeting,
    person,
)

LONDON = london_week()

SIOBHAN = """\
name: Dr. Siobhán Ní Bhriain
{title_key}: Head of Credit Risk Analytics
company: halden-bank
connection:
  via: Trinity College Dublin alumni
{indent}kind: alumni
"""

OPPORTUNITIES = """\
- title: Credit risk analyst (lateral), Manchester hub
  organisation: halden-bank
  status: applied
  via: siobhan-ni-bhriain
  since: 2027-05-30
- title: Graduate risk analyst scheme
  organisation: Kite Money
  status: lead
"""


def _trip(tmp_path: Path, *, title_key: str = "title", indent: str = "  ") -> Content:
    """A London week with Siobhán's meeting and an opportunity that came through her; her own file
    written by hand, so a test can break it."""
    content = make_content(
        tmp_path,
        trip=LONDON,
        schedule=[meeting("siobhan-ni-bhriain", "2027-05-27 09:30")],
        people={"siobhan-ni-bhriain": person("Dr. Siobhán Ní Bhriain", "halden-bank")},
        companies={
            "halden-bank": {"name": "Halden Bank plc", "short_name": "Halden"},
            "halden-bank-ie": {"name": "Halden Bank Ireland DAC"},
        },
    )
    (content.root / "people" / "siobhan-ni-bhriain.yaml").write_text(
        SIOBHAN.format(title_key=title_key, indent=indent), encoding="utf-8"
    )
    (content.root / "opportunities.yaml").write_text(OPPORTUNITIES, encoding="utf-8")
    return content


def _errors(content: Content) -> list[str]:
    with pytest.raises(ContentError) as info:
        load(content.root, DISPLAY)
    return [str(f) for f in info.value.findings]


@pytest.mark.parametrize(
    ("broken", "line", "message"),
    [
        ({"title_key": "titel"}, 2, "unknown key 'titel' (did you mean 'title'?)"),
        ({"indent": "\t"}, 6, "a tab character"),
    ],
    ids=["typo", "tab"],
)
def test_a_person_file_that_fails_to_load_is_the_only_error(
    tmp_path: Path, broken: dict[str, str], line: int, message: str
) -> None:
    content = _trip(tmp_path, **broken)
    [error] = _errors(content)
    assert error.startswith(f"{DISPLAY}/people/siobhan-ni-bhriain.yaml:{line}: error:"), error
    assert message in error
    result = Runner().invoke(main, ["check", str(content.root)])
    assert result.exit_code == 1
    assert "opportunities.yaml" not in result.output and "no person" not in result.output
    assert "1 error." in result.output, result.output


def test_a_company_file_that_fails_to_load_is_no_typo_of_another_company(tmp_path: Path) -> None:
    """`halden-bank` is close to `halden-bank-ie`: with halden-bank.yaml broken, the opportunity
    and the debrief's lead naming it were called misspellings of the Irish company."""
    content = _trip(tmp_path)
    (content.root / "companies" / "halden-bank.yaml").write_text(
        "name: Halden Bank plc\nadress: 1 Bishopsgate, London EC2N 3AQ\n", encoding="utf-8"
    )
    (content.root / "schedule.yaml").write_text(
        "- person: siobhan-ni-bhriain\n"
        "  start: 2027-05-27 09:30\n"
        "  location: 1 Bishopsgate, London EC2N 3AQ\n"
        "  debrief:\n"
        "    leads:\n"
        "      - title: Model validation contract\n"
        "        organisation: halden-bank\n"
        "        kind: project\n",
        encoding="utf-8",
    )
    errors = _errors(content)
    assert all("companies/halden-bank.yaml" in e for e in errors), errors
    assert not [e for e in errors if "did you mean 'halden-bank-ie'" in e]


def test_a_person_with_no_file_is_still_missing(tmp_path: Path) -> None:
    """The other side: a slug with no file at all is still an error at the reference."""
    content = _trip(tmp_path)
    (content.root / "opportunities.yaml").write_text(
        OPPORTUNITIES.replace("via: siobhan-ni-bhriain", "via: siobhan-ni-bhriainn"),
        encoding="utf-8",
    )
    [error] = _errors(content)
    assert error.startswith(f"{DISPLAY}/opportunities.yaml:4: error: no person")
    assert "did you mean 'siobhan-ni-bhriain'" in error
