"""Propose the week: place the waiting requests around the fixed meetings with a constraint solver (CP-SAT).

Pure: the Trip and its Schedule in, a Proposal out; the solver's limits are parameters.
The model, per trip day, is a circuit through the lodging (a depot), the fixed meetings and
the optional meetings each request could have (one per opening); an arc i -> j says j is the
next meeting after i, and carries the timeline's rule (plan/timeline.py): j starts at least a
buffer, plus the travel into j, after i ends. Where you are after a call is where you were
before it, so travel after a call is counted from the last in-person place.

The objective is lexicographic, by weights: (1) place as many requests as possible, a more
important one before any number of less important ones; (2) reach each day's `per_day`
minimum where possible; (3) fewer and shorter hops (a hop past 30 minutes counts double);
(4) earlier in each window. One search worker with a fixed seed and a deterministic time limit
makes the same content give the same proposal; a wall-clock limit stops a runaway machine.
Whatever the solver leaves out is tried once more, most important first, against the same rule,
and what still does not fit is explained in words (plan/explain.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from generator.content.models import MeetingFormat, Priority
from generator.content.trip import Trip
from generator.plan.explain import explain
from generator.plan.requests import Opening, Request, booking_for, requests_of
from generator.plan.schedule import Schedule
from generator.plan.timeline import Booking, Rules, bookings_by_day, clash, insert, positions, travel_into
from generator.plan.travel import Place, estimate_minutes, hop_cost

GRID = 15
"""Proposed meetings start on the quarter hour (local time)."""
TRAVEL_WEIGHT = 100
"""One minute of travel costs as much as starting 100 minutes later in a window."""


@dataclass(frozen=True)
class SolverLimits:
    deterministic: float = 10.0
    """CP-SAT's deterministic time units (about a second each on a laptop core): the limit that keeps results
    reproducible, since it does not depend on the machine's load."""
    seconds: float = 30.0
    """A wall-clock backstop; when it is the one reached the result may differ between runs, and says so."""


@dataclass(frozen=True)
class Proposed:
    """A request placed in the week."""

    request: Request
    start: datetime
    """Aware, in the trip's time zone."""
    end: datetime
    format: MeetingFormat
    place: Place | None
    opening: Opening


@dataclass(frozen=True)
class Unplaced:
    request: Request
    reason: str
    """Why, in words that name the conflict."""


@dataclass(frozen=True)
class WeekRow:
    """One line of the proposed week's table: a fixed or a proposed meeting."""

    day: date
    start: datetime
    end: datetime
    name: str
    format: MeetingFormat
    place: str
    """The place's name, or the format for a call."""
    travel_in: int
    """Minutes of travel into this meeting (0 for calls)."""
    travel_from: str | None
    """Where that travel starts (the lodging or the previous place), when there is travel."""
    estimated: bool
    """True when the travel is infoprep's estimate, not the schedule's own `travel:`."""
    proposed: Proposed | None
    """The proposal, for a proposed meeting; None for a fixed one."""


@dataclass(frozen=True)
class Proposal:
    requests: tuple[Request, ...]
    placed: tuple[Proposed, ...]
    unplaced: tuple[Unplaced, ...]
    rows: tuple[WeekRow, ...]
    """Every meeting of the trip's days, fixed and proposed, in time order."""
    solver_status: str
    """"optimal", "feasible" (the limit was reached first), "no requests", ...; for the report."""
    stopped_by_clock: bool = False
    """The wall-clock limit ended the search: another run may propose differently."""
    per_day_short: tuple[date, ...] = field(default=())
    """Trip days left with fewer meetings than `per_day`'s minimum."""


# ----- the model ---------------------------------------------------------------------------------


@dataclass
class _Node:
    """A meeting (or the depot) in one day's circuit."""

    booking: Booking | None
    """None for the depot (the lodging)."""
    request: Request | None = None
    opening: Opening | None = None
    values: list[int] = field(default_factory=list)
    """Possible start minutes, for an option."""
    present: object = None
    start: object = None
    place: int = 0
    """Index into the place table (0: unknown)."""
    location: object = None
    """Where you are after this node: an int for in-person nodes and the depot, a variable after a call."""


class _Places:
    """The place table: index 0 is "unknown" (no travel can be estimated)."""

    def __init__(self, mode: object):
        self.mode = mode
        self.places: list[Place | None] = [None]
        self._index: dict[str, int] = {}

    def index(self, place: Place | None) -> int:
        if place is None:
            return 0
        if place.key not in self._index:
            self._index[place.key] = len(self.places)
            self.places.append(place)
        return self._index[place.key]

    def minutes(self, a: int, b: int) -> int:
        return estimate_minutes(self.places[a], self.places[b], self.mode) or 0  # type: ignore[arg-type]


def _minute(moment: datetime, origin: datetime) -> int:
    return int((moment - origin).total_seconds() // 60)


def _option_values(opening: Opening, duration: int, origin: datetime) -> list[int]:
    first = _minute(opening.start, origin)
    first = -(-first // GRID) * GRID
    last = _minute(opening.end, origin) - duration
    return list(range(first, last + 1, GRID))


def _weights(requests: tuple[Request, ...]) -> dict[str, int]:
    """Lexicographic weights: one request of a class outweighs every request of the classes below it."""
    counts = {p: sum(r.priority is p for r in requests) for p in Priority}
    low = 1
    normal = counts[Priority.LOW] * low + 1
    high = counts[Priority.NORMAL] * normal + counts[Priority.LOW] * low + 1
    per = {Priority.LOW: low, Priority.NORMAL: normal, Priority.HIGH: high}
    return {r.slug: per[r.priority] for r in requests}


def _solve(requests: tuple[Request, ...], fixed: dict[date, list[Booking]], rules: Rules, limits: SolverLimits,
           origin: datetime) -> tuple[dict[str, tuple[Opening, int]], str, bool]:
    """{request slug: (opening, start minute)} for the requests the solver placed; its status; stopped by the clock."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    places = _Places(rules.mode)
    lodging = places.index(rules.lodging)
    for request in requests:
        places.index(request.place)
    for bookings in fixed.values():
        for booking in bookings:
            places.index(booking.place if booking.in_person else None)
    place_count = len(places.places)
    low, high = rules.per_day
    weights = _weights(requests)
    objective: list[object] = []
    travel_terms: list[object] = []
    lateness: list[object] = []
    per_request: dict[str, list[_Node]] = {}
    shortfalls = []
    late_bound = 0
    travel_bound = 0

    for day in rules.days:
        fixed_today = fixed.get(day, [])
        nodes = [_Node(None, place=lodging, location=lodging)]
        for booking in fixed_today:
            nodes.append(_Node(booking, place=places.index(booking.place if booking.in_person else None)))
        room = high - len(fixed_today)
        if room > 0:
            for request in requests:
                for opening in request.openings:
                    if opening.day != day:
                        continue
                    values = _option_values(opening, request.duration, origin)
                    if not values:
                        continue
                    in_person = opening.format is MeetingFormat.IN_PERSON
                    booking = Booking(request.name, opening.start, opening.end, opening.format, request.place if in_person else None, None, False)
                    node = _Node(booking, request, opening, values, place=places.index(booking.place))
                    nodes.append(node)
                    per_request.setdefault(request.slug, []).append(node)
        options = [n for n in nodes if n.request is not None]
        count = len(fixed_today)
        for index, node in enumerate(nodes[1:], start=1):
            assert node.booking is not None
            if node.request is None:
                node.present = True
                node.start = _minute(node.booking.start, origin)
            else:
                node.present = model.NewBoolVar(f"p{day}:{index}")
                node.start = model.NewIntVarFromDomain(cp_model.Domain.FromValues(node.values), f"s{day}:{index}")
            if node.booking.in_person:
                node.location = node.place
            else:
                node.location = model.NewIntVar(0, place_count - 1, f"loc{day}:{index}")

        def end_of(node: _Node) -> object:
            assert node.booking is not None
            if node.request is None:
                return _minute(node.booking.end, origin)
            return node.start + node.request.duration  # type: ignore[operator]

        # No overlaps: the fixed meetings (merged where they overlap each other) and the options.
        blocks: list[list[int]] = []
        for booking in sorted(fixed_today, key=lambda b: b.start):
            a, b = _minute(booking.start, origin), _minute(booking.end, origin)
            if blocks and a < blocks[-1][1]:
                blocks[-1][1] = max(blocks[-1][1], b)
            else:
                blocks.append([a, b])
        intervals = [model.NewFixedSizeIntervalVar(a, b - a, f"fix{day}:{a}") for a, b in blocks if b > a]
        for node in options:
            assert node.request is not None
            intervals.append(model.NewOptionalFixedSizeIntervalVar(node.start, node.request.duration, node.present, f"i{day}:{id(node)}"))
        if len(intervals) > 1 and options:
            model.AddNoOverlap(intervals)

        # The day's circuit (needed only when there is something to decide).
        arcs = []
        day_costs = [0]
        fixed_nodes = [n for n in nodes[1:] if n.request is None]
        next_fixed = {id(a): b for a, b in zip(fixed_nodes, fixed_nodes[1:], strict=False)}
        if options and not fixed_nodes:  # the lodging alone: a day with nothing on it
            depot_alone = model.NewBoolVar(f"empty{day}")
            model.AddBoolOr([n.present for n in options]).OnlyEnforceIf(depot_alone.Not())  # type: ignore[arg-type]
            for n in options:
                model.AddImplication(n.present, depot_alone.Not())  # type: ignore[arg-type]
            arcs.append((0, 0, depot_alone))
        for j, node in enumerate(nodes if options else []):
            if node.request is not None:
                arcs.append((j, j, node.present.Not()))  # type: ignore[attr-defined]
        for i, a in enumerate(nodes if options else []):
            for j, b in enumerate(nodes):
                if i == j:
                    continue
                if i != 0 and j != 0 and a.request is None and b.request is None and next_fixed.get(id(a)) is not b:
                    continue  # fixed meetings follow one another in time order
                if i != 0 and j != 0:
                    if a.request is not None and b.request is not None and a.request is b.request:
                        continue
                    earliest_a = a.values[0] if a.request is not None else a.start
                    latest_b = b.values[-1] if b.request is not None else b.start
                    if latest_b < earliest_a:  # type: ignore[operator]
                        continue
                lit = model.NewBoolVar(f"a{day}:{i}>{j}")
                arcs.append((i, j, lit))
                if i == 0 and j == 0:
                    continue
                if j == 0:
                    continue
                assert b.booking is not None
                # Where you are coming from, and what the hop costs.
                if b.booking.in_person:
                    if b.booking.written_travel is not None:
                        travel: object = b.booking.written_travel
                        cost: object = hop_cost(b.booking.written_travel) if b.request is not None else 0
                    elif isinstance(a.location, int):
                        travel = places.minutes(a.location, b.place)
                        cost = hop_cost(travel)  # type: ignore[arg-type]
                    else:
                        column = [places.minutes(p, b.place) for p in range(place_count)]
                        travel = model.NewIntVar(0, max(column), f"t{day}:{i}>{j}")
                        model.AddElement(a.location, column, travel)  # type: ignore[arg-type]
                        costs = [hop_cost(m) for m in column]
                        cost = model.NewIntVar(0, max(costs), f"c{day}:{i}>{j}")
                        model.AddElement(a.location, costs, cost)  # type: ignore[arg-type]
                else:
                    travel, cost = 0, 0
                    model.Add(b.location == a.location).OnlyEnforceIf(lit)  # type: ignore[attr-defined]
                if isinstance(cost, int):
                    if cost:
                        travel_terms.append(cost * lit)
                        day_costs.append(cost)
                else:
                    top = max(hop_cost(places.minutes(p, b.place)) for p in range(place_count))
                    paid = model.NewIntVar(0, top, f"pay{day}:{i}>{j}")
                    model.Add(paid == cost).OnlyEnforceIf(lit)
                    model.Add(paid == 0).OnlyEnforceIf(lit.Not())
                    travel_terms.append(paid)
                    day_costs.append(top)
                if i == 0:
                    continue
                model.Add(b.start >= a.start).OnlyEnforceIf(lit)  # type: ignore[operator]
                if a.request is None and b.request is None:
                    continue  # two fixed meetings: as the user has them
                model.Add(b.start >= end_of(a) + rules.buffer + travel).OnlyEnforceIf(lit)  # type: ignore[operator]
        if options:
            model.AddCircuit(arcs)
        travel_bound += len(nodes) * max(day_costs)  # one arc into each node

        count_expr = count + sum(n.present for n in options)  # type: ignore[misc]
        if options:
            model.Add(count_expr <= high)
        short = model.NewIntVar(0, low, f"short{day}")
        model.Add(short >= low - count_expr)
        shortfalls.append(short)
        for node in options:
            late = model.NewIntVar(0, node.values[-1] - node.values[0], f"late{day}:{id(node)}")
            model.Add(late == node.start - node.values[0]).OnlyEnforceIf(node.present)  # type: ignore[operator, arg-type]
            model.Add(late == 0).OnlyEnforceIf(node.present.Not())  # type: ignore[attr-defined]
            lateness.append(late)
            late_bound += node.values[-1] - node.values[0]

    for request in requests:
        nodes_of = per_request.get(request.slug, [])
        if len(nodes_of) > 1:
            model.AddAtMostOne([n.present for n in nodes_of])  # type: ignore[misc]

    minor = TRAVEL_WEIGHT * travel_bound + late_bound + 1
    day_weight = minor
    unit = day_weight * (low * len(rules.days) + 1)
    for request in requests:
        for node in per_request.get(request.slug, []):
            objective.append(unit * weights[request.slug] * node.present)  # type: ignore[operator]
    model.Maximize(
        sum(objective)  # type: ignore[arg-type]
        - day_weight * sum(shortfalls)
        - TRAVEL_WEIGHT * sum(travel_terms)  # type: ignore[arg-type]
        - sum(lateness)
    )

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_deterministic_time = limits.deterministic
    solver.parameters.max_time_in_seconds = limits.seconds
    status = solver.Solve(model)
    name = solver.StatusName(status).lower()
    by_clock = status != cp_model.OPTIMAL and solver.WallTime() >= limits.seconds * 0.98
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {}, name, by_clock
    placed = {}
    for slug, nodes_of in per_request.items():
        for node in nodes_of:
            if solver.BooleanValue(node.present):  # type: ignore[arg-type]
                assert node.opening is not None
                placed[slug] = (node.opening, int(solver.Value(node.start)))  # type: ignore[arg-type]
    return placed, name, by_clock


# ----- the proposal ------------------------------------------------------------------------------


def _first_fit(request: Request, days: dict[date, list[Booking]], rules: Rules) -> tuple[Opening, datetime] | None:
    """The earliest start on the grid, in the request's openings, that the timeline's rule accepts."""
    for opening in request.openings:
        start = opening.start
        minute = start.astimezone(rules.zone)
        skip = (-(minute.minute % GRID)) % GRID
        start += timedelta(minutes=skip)
        while start + timedelta(minutes=request.duration) <= opening.end:
            if clash(days[opening.day], booking_for(request, opening, start), rules) is None:
                return opening, start
            start += timedelta(minutes=GRID)
    return None


def propose_week(trip: Trip, schedule: Schedule, limits: SolverLimits = SolverLimits()) -> Proposal:
    rules = Rules.of(trip)
    requests = requests_of(trip, schedule, rules)
    fixed = bookings_by_day(schedule, rules)
    origin = datetime.combine(rules.days[0], time(0), tzinfo=rules.zone)
    if requests:
        chosen, status, by_clock = _solve(requests, fixed, rules, limits, origin)
    else:
        chosen, status, by_clock = {}, "no requests", False
    days = {day: list(bookings) for day, bookings in fixed.items()}
    placed: list[Proposed] = []
    for request in requests:
        if request.slug not in chosen:
            continue
        opening, minute = chosen[request.slug]
        start = (origin + timedelta(minutes=minute)).astimezone(rules.zone)
        booking = booking_for(request, opening, start)
        days[opening.day] = insert(days[opening.day], booking)
        placed.append(Proposed(request, start, booking.end, opening.format, booking.place, opening))
    for request in requests:  # what the solver left out, tried once more against the same rule
        if request.slug in chosen:
            continue
        fit = _first_fit(request, days, rules)
        if fit is not None:
            opening, start = fit
            booking = booking_for(request, opening, start)
            days[opening.day] = insert(days[opening.day], booking)
            placed.append(Proposed(request, start, booking.end, opening.format, booking.place, opening))
    placed_slugs = {p.request.slug for p in placed}
    unplaced = tuple(Unplaced(r, explain(r, days, rules)) for r in requests if r.slug not in placed_slugs)
    placed.sort(key=lambda p: (p.start, p.request.rank))
    return Proposal(
        requests=requests,
        placed=tuple(placed),
        unplaced=unplaced,
        rows=_rows(days, placed, rules),
        solver_status=status,
        stopped_by_clock=by_clock,
        per_day_short=tuple(day for day in rules.days if len(days[day]) < rules.per_day[0]),
    )


def _rows(days: dict[date, list[Booking]], placed: list[Proposed], rules: Rules) -> tuple[WeekRow, ...]:
    by_booking = {(p.request.name, p.start): p for p in placed}
    rows = []
    for day in rules.days:
        bookings = days[day]
        where = positions(bookings, rules)
        for index, booking in enumerate(bookings):
            before = where[index - 1] if index else rules.lodging
            travel = travel_into(bookings[index - 1] if index else None, before, booking, rules)
            proposal = None if booking.fixed else by_booking.get((booking.name, booking.start))
            place = (booking.place.name if booking.place else "(no address)") if booking.in_person else booking.format.value
            rows.append(WeekRow(
                day=day,
                start=booking.start.astimezone(rules.zone),
                end=booking.end.astimezone(rules.zone),
                name=booking.name,
                format=booking.format,
                place=place,
                travel_in=travel,
                travel_from=(before.name if before else None) if travel else None,
                estimated=booking.written_travel is None,
                proposed=proposal,
            ))
    return tuple(rows)
