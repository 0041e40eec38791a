"""LinkedIn's data export, Connections.csv: a few "Notes:" lines, then one row per connection.

    Notes:
    "When exporting your connection data, you may notice that some of the email addresses ..."

    First Name,Last Name,URL,Email Address,Company,Position,Connected On
    Jordan,Ellis,https://www.linkedin.com/in/jordan-ellis,,Capitol Analytics,Director,07 Dec 2025

E-mail is blank for most people (only those who allow it are exported).
"""

from __future__ import annotations

from generator.contacts import cells
from generator.contacts.csvtable import Row, read_table
from generator.contacts.records import LINKEDIN, Record, each_row
from generator.content.names import linkedin_key, scripts_in, whole_name
from generator.errors import Location


def is_header(names: set[str]) -> bool:
    """LinkedIn's header: the name columns, and the two columns only LinkedIn's export has."""
    return {"First Name", "Last Name", "URL", "Connected On"} <= names


def _record(row: Row, file: str) -> Record:
    row.check(file)
    where = Location(file, row.line)
    url = cells.web_address(row.get("URL"), where, "URL") if row.get("URL") else None
    email = row.get("Email Address")
    connected = row.get("Connected On")
    return Record(
        location=where,
        source=LINKEDIN,
        name=(name := whole_name(row.get("First Name"), row.get("Last Name"))),
        reading=_reading(name, url),
        title=row.get("Position") or None,
        organisation=row.get("Company") or None,
        emails=(cells.email(email, where, "Email Address"),) if email else (),
        linkedin=url if url and linkedin_key(url) else None,
        websites=(url,) if url and not linkedin_key(url) else (),
        connected_on=cells.day(connected, where, "Connected On") if connected else None,
    )


def read(text: str, file: str) -> list[Record]:
    table = read_table(
        text,
        file,
        is_header,
        "First Name, Last Name, URL and Connected On (LinkedIn's Connections.csv)",
    )
    return each_row(table.rows, lambda row: _record(row, file))


def _reading(name: str, url: str | None) -> str | None:
    """A name in Han characters read from its profile's address ("井上 真理子",
    linkedin.com/in/mariko-inoue-1a2b3c -> "mariko inoue"): spelled out, the characters would
    give their Chinese reading (a Japanese colleague filed as zhen-li-zi-jing-shang.yaml)."""
    key = linkedin_key(url) if url else None
    if key is None or "CJK" not in scripts_in(name):
        return None
    words = [word for word in key.rsplit("/", 1)[-1].split("-") if word.isalpha()]
    return " ".join(words) or None
