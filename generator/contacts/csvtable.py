"""A CSV export as a header and rows of named cells, each row with the line it starts on.

Columns are found by their names in the header, never by position, because exports add, drop and
reorder columns between versions. Lines before the header (LinkedIn's "Notes:") are passed over. A
row that breaks the CSV rules, or holds more cells than the header has columns, is an error at its
own line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from generator.contacts.records import ImportProblem
from generator.errors import Location


@dataclass(frozen=True)
class Row:
    line: int
    """Where the row starts (a quoted cell may run over several lines)."""

    cells: Mapping[str, str]
    """Column name -> the cell's text, trimmed; a column the row is short of is ''."""

    problem: str | None = None
    """What makes the row unreadable as a whole (more cells than columns), if anything."""

    def check(self, file: str) -> None:
        if self.problem:
            raise ImportProblem(Location(file, self.line), self.problem)

    def get(self, *columns: str) -> str:
        """The first non-empty cell among `columns` (an export names one field differently across
        versions)."""
        for column in columns:
            value = self.cells.get(column, "")
            if value:
                return value
        return ""


@dataclass(frozen=True)
class Table:
    header_line: int
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


def csv_rows(text: str, file: str) -> list[tuple[int, list[str]]]:
    """(line the row starts on, its cells) for every row that is not blank."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    out: list[tuple[int, list[str]]] = []
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return out
        except csv.Error as exc:
            raise ImportProblem(
                Location(file, start),
                f"not a well-formed CSV row ({exc}); check the quotes on this line",
            ) from None
        if any(cell.strip() for cell in cells):
            out.append((start, cells))
        start = reader.line_num + 1


def read_table(text: str, file: str, is_header: Callable[[set[str]], bool], expected: str) -> Table:
    """The rows under the first line that `is_header` accepts; `expected` names the columns for the
    error when none does."""
    rows = csv_rows(text, file)
    index = next(
        (i for i, (_, cells) in enumerate(rows) if is_header({cell.strip() for cell in cells})),
        None,
    )
    if index is None:
        raise ImportProblem(Location(file, 1), f"no header row with {expected}")
    line, header = rows[index]
    names = [cell.strip() for cell in header]
    body = []
    for row_line, cells in rows[index + 1 :]:
        problem = None
        if any(cell.strip() for cell in cells[len(names) :]):
            problem = (
                f"this row has {len(cells)} cells but the header (line {line}) has {len(names)} "
                "columns; "
                "a comma inside a cell needs quotes around the cell"
            )
        body.append(
            Row(
                row_line,
                {name: cell.strip() for name, cell in zip(names, cells, strict=False) if name},
                problem,
            )
        )
    return Table(line, tuple(names), tuple(body))
