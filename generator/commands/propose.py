"""`infoprep propose`: the proposed week as a table, the requests that did not fit, and the schedule
file to review.

The plan (generator/plan/propose.py) does the thinking; this module reads the content, words the
report for a terminal, and writes `--write FILE`: the user's schedule.yaml as it is, then the
proposed meetings, each under a comment. It never touches schedule.yaml itself and never overwrites
a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.content.load import load
from generator.errors import OutputError
from generator.plan.dates import DateStyle
from generator.plan.propose import Proposal, Proposed, SolverLimits, WeekRow, propose_week
from generator.plan.schedule import as_of, build_schedule
from generator.terminal import cut, pad, width
from generator.terminal import one_line as printable


@dataclass(frozen=True)
class ProposeReport:
    text: str
    """The report for the terminal."""

    proposal: Proposal
    written: Path | None
    """The schedule file written, if any."""


def _cell(text: str, cells: int) -> str:
    return pad(cut(printable(text), cells), cells)


def _travel(row: WeekRow) -> str:
    if row.unknown:
        return "? (no geo)"
    if not row.travel_in:
        return "—"
    where = f" from {printable(row.travel_from)}" if row.travel_from else ""
    return f"{'~' if row.estimated else ''}{row.travel_in} min{where}"


def week_table(rows: tuple[WeekRow, ...], dates: DateStyle) -> list[str]:
    # The day column as wide as its longest day in this locale ("Wed, Mar 10", "Mi., 10. März"): a
    # day is never cut.
    day_width = max([3, *(width(dates.short_date(row.day)) for row in rows)])
    columns = (("Day", day_width), ("Time", 11), ("Person", 26), ("Place", 30))
    lines = ["  ".join(_cell(name, cells) for name, cells in columns) + "  Travel in"]
    previous = None
    for row in rows:
        day = dates.short_date(row.day) if row.day != previous else ""
        previous = row.day
        who = ("+ " if row.proposed else "  ") + row.name
        cells = (day, f"{row.start:%H:%M}-{row.end:%H:%M}", who, row.place)
        lines.append(
            "  ".join(_cell(text, size) for text, (_, size) in zip(cells, columns, strict=True))
            + "  "
            + _travel(row)
        )
    return lines


def _comment(text: str) -> str:
    return re.sub(r"\s+", " ", printable(text)).strip()


def proposed_entry(item: Proposed, travel: int, estimated: bool, zone_name: str) -> str:
    """One proposed meeting as schedule.yaml text, under a comment saying why it is there."""
    opening = item.opening
    if opening.source == "working hours":
        why = "no windows given: any working hour"
    elif opening.source.startswith("free time in "):
        why = opening.source
    else:
        why = f"in their window {opening.source!r}"
    if travel:
        why += f"; {travel} min travel" + (" (estimated)" if estimated else "")
    if not item.request.answered:
        why += "; no reply yet: ask them for this time before you count on it"
    lines = [
        f"# proposed by infoprep: {_comment(item.request.name)}, {_comment(why)}",
        f"- person: {item.request.slug}",
        f'  start: "{item.start:%Y-%m-%d %H:%M}"',
        f"  duration: {item.request.duration}",
        f"  format: {item.format.value}",
    ]
    if travel:
        lines.append(f"  travel: {travel}")
    return "\n".join(lines) + "\n"


def schedule_text(original: str, proposal: Proposal, zone_name: str) -> str:
    """schedule.yaml as written, then every proposed meeting in time order."""
    rows = {id(row.proposed): row for row in proposal.rows if row.proposed is not None}
    entries = [
        proposed_entry(p, rows[id(p)].travel_in, rows[id(p)].estimated, zone_name)
        for p in proposal.placed
    ]
    header = (
        f"# ---- {len(proposal.placed)} meeting{'s' * (len(proposal.placed) != 1)} proposed by "
        "`infoprep propose`, "
        f"times in {zone_name}. Review them, confirm each with the person,\n"
        "# then put this file in place of schedule.yaml (and set their outreach.status to "
        "scheduled).\n"
    )
    body = original.rstrip()
    meaningful = [
        line for line in body.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    if meaningful and meaningful[0].lstrip().startswith("["):
        if re.fullmatch(r"\[\s*\]", " ".join(meaningful).strip()):
            body = "\n".join(
                line
                for line in body.splitlines()
                if line.lstrip().startswith("#") or not line.strip()
            )
        else:
            raise OutputError(
                "schedule.yaml is one [flow-style] list; write its meetings as '- person: ...' "
                "items to add proposals after them"
            )
    return (body + "\n\n" if body.strip() else "") + header + "\n" + "\n".join(entries)


def _names(names: list[str]) -> str:
    shown = [printable(n) for n in names]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def report_text(
    proposal: Proposal,
    title: str,
    zone_name: str,
    per_day: tuple[int, int],
    written: Path | None,
    dates: DateStyle,
) -> str:
    requests = len(proposal.requests)
    fixed = sum(row.proposed is None for row in proposal.rows)
    if not requests:
        return (
            f"{printable(title)}: nothing to propose. Everyone asked already has a meeting "
            f"({fixed} in schedule.yaml); the schedule is full as far as requests go.\n"
            "A request is a person with outreach.status asked (or scheduled) and no meeting yet.\n"
        )
    lines = [
        f"{printable(title)}: {requests} request{'s' * (requests != 1)} around {fixed} fixed "
        f"meeting{'s' * (fixed != 1)}; "
        f"{len(proposal.placed)} placed, {len(proposal.unplaced)} not. Times in {zone_name}.",
        "",
        *week_table(proposal.rows, dates),
        "",
        "+ proposed; the rest are in schedule.yaml. ~ marks travel estimated from geo; ? (no "
        "geo): the buffer must cover it.",
    ]
    silent = [r.name for r in proposal.requests if not r.answered]
    if silent:
        why = "placed only after everyone who replied or offered times"
        lines += ["", f"No reply yet from {_names(silent)}: {why}."]
    if proposal.unplaced:
        lines += ["", f"Could not place {len(proposal.unplaced)}:"]
        lines += [f"  - {printable(item.reason)}." for item in proposal.unplaced]
    if proposal.per_day_short:
        days = ", ".join(dates.short_date(day) for day in proposal.per_day_short)
        lines += [
            "",
            f"Fewer than {per_day[0]} meetings (per_day's fewest): {days}. Ask a referral for one "
            "of the open slots.",
        ]
    if proposal.stopped_by_clock:
        lines += [
            "",
            "The solver stopped at its time limit: the proposal is good but may not be the best, "
            "and may differ next run.",
        ]
    lines.append("")
    if written is not None:
        lines.append(
            f"Wrote {written}: schedule.yaml as it is, then the proposed meetings. Review it, then "
            "put it in place of schedule.yaml."
        )
    elif proposal.placed:
        lines.append(
            "To review it as a file: infoprep propose CONTENT --write schedule.proposed.yaml "
            "(schedule.yaml is never changed)."
        )
    return "\n".join(lines) + "\n"


def _write_new(path: Path, text: str) -> None:
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise OutputError(
            f"{path} already exists; propose never overwrites a file: give a new name"
        ) from None
    except IsADirectoryError:
        raise OutputError(
            f"{path} is a folder; give a file name, e.g. {path}/schedule.proposed.yaml"
        ) from None
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None


def propose(
    content: Path,
    write: Path | None = None,
    limits: SolverLimits | None = None,
    now: datetime | None = None,
) -> ProposeReport:
    """Load CONTENT, propose the week from the day after `now` (naive: the trip's time), and (with
    `write`) write the proposed schedule file."""
    trip = load(content)
    schedule = build_schedule(trip)
    today = as_of(now, ZoneInfo(trip.info.timezone)).date() if now else None
    proposal = propose_week(trip, schedule, limits, today)
    info = trip.info
    written = None
    if write is not None and proposal.placed:
        if write.exists() or write.is_symlink():
            raise OutputError(
                f"{write} already exists; propose never overwrites a file: give a new name"
            )
        original = (content / "schedule.yaml").read_text(encoding="utf-8-sig")
        _write_new(write, schedule_text(original, proposal, info.timezone))
        written = write
    return ProposeReport(
        report_text(
            proposal,
            info.title,
            info.timezone,
            info.defaults.per_day,
            written,
            DateStyle(info.defaults.date_locale),
        ),
        proposal,
        written,
    )
