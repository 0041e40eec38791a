"""Google Contacts' CSV export, in both of its headers.

The classic one (Google CSV before 2021):
    Name,Given Name,Additional Name,Family Name,...,Group Membership,
    E-mail 1 - Type,E-mail 1 - Value,...,Organization 1 - Name,Organization 1 - Title,...
The newer one:
    First Name,Middle Name,Last Name,...,Organization Name,Organization Title,...,Labels,
    E-mail 1 - Label,E-mail 1 - Value,...

`E-mail N`, `Phone N` and `Website N` repeat; a cell can hold several values separated by
" ::: ", and a type or label starting with "* " marks the primary one. Labels (Group
Membership) hold Google's own groups ("* myContacts") and the user's ("Alumni").
"""

from __future__ import annotations

import re

from generator.contacts import cells
from generator.contacts.csvtable import Row, read_table
from generator.contacts.records import GOOGLE, Record, each_row, labels_from
from generator.content.names import linkedin_key, whole_name
from generator.errors import Location

_REPEATED = re.compile(r"^(E-mail|Phone|Website) (\d+) - Value$")
_MARKERS = {
    "Labels",
    "Group Membership",
    "Organization Name",
    "Organization 1 - Name",
    "Given Name",
    "Notes",
}


def is_header(names: set[str]) -> bool:
    """Google's header: a name column, and its repeated `X N - Value` columns or one of its own
    column names."""
    has_name = bool({"First Name", "Given Name", "Name"} & names)
    return has_name and (any(_REPEATED.match(n) for n in names) or bool(_MARKERS & names))


def _values(row: Row, columns: tuple[str, ...], kind: str) -> list[str]:
    """Every value of the repeated `kind N - Value` columns, primary ones ("* Work") first."""
    found: list[tuple[bool, int, str]] = []
    for column in columns:
        match = _REPEATED.match(column)
        if not match or match.group(1) != kind:
            continue
        number = int(match.group(2))
        kind_cell = row.get(f"{kind} {number} - Type", f"{kind} {number} - Label")
        primary = kind_cell.startswith("*")
        for value in cells.several(row.cells.get(column, "")):
            found.append((not primary, number, value))
    return [value for _, _, value in sorted(found, key=lambda item: item[:2])]


def _name(row: Row) -> str:
    whole = row.get("Name")
    if whole:
        return whole
    given = " ".join(
        part
        for part in (row.get("First Name", "Given Name"), row.get("Middle Name", "Additional Name"))
        if part
    )
    parts = (
        row.get("Name Prefix"),
        whole_name(given, row.get("Last Name", "Family Name")),
        row.get("Name Suffix"),
    )
    return " ".join(part for part in parts if part)


def _record(row: Row, columns: tuple[str, ...], file: str) -> Record:
    row.check(file)
    where = Location(file, row.line)
    emails = tuple(
        dict.fromkeys(cells.email(v, where, "E-mail") for v in _values(row, columns, "E-mail"))
    )
    websites = [cells.web_address(v, where, "Website") for v in _values(row, columns, "Website")]
    linkedin = next((url for url in websites if linkedin_key(url)), None)
    organisation = row.get("Organization Name", "Organization 1 - Name") or None
    name = _name(row)
    return Record(
        location=where,
        source=GOOGLE,
        name=name,
        title=row.get("Organization Title", "Organization 1 - Title") or None,
        organisation=organisation,
        emails=emails,
        phones=tuple(dict.fromkeys(_values(row, columns, "Phone"))),
        linkedin=linkedin,
        websites=tuple(url for url in websites if url != linkedin),
        note=row.get("Notes") or None,
        labels=labels_from(cells.several(row.get("Labels", "Group Membership"))),
        organisation_only=not name and organisation is not None,
    )


def read(text: str, file: str) -> list[Record]:
    table = read_table(
        text,
        file,
        is_header,
        "First Name (or Given Name) and E-mail 1 - Value, Labels... (a Google Contacts CSV)",
    )
    return each_row(table.rows, lambda row: _record(row, table.columns, file))
