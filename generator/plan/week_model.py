"""The week as a constraint model (CP-SAT), for `propose` (plan/propose.py).

The model, per trip day, is a circuit through the lodging (a depot), the fixed meetings and the
optional meetings each request could have (one per opening); an arc i -> j says j is the next
meeting after i, and carries the timeline's rule (plan/timeline.py): j starts at least a buffer,
plus the travel into j, after i ends. Where you are after a call is where you were before it, so
travel after a call is counted from the last in-person place.

The objective is lexicographic, by weights: (1) place as many requests as possible, a more important
one before any number of less important ones (who answered first, then priority); (2) reach each
day's `per_day` minimum where possible; (3) fewer and shorter hops (a hop past 30 minutes counts
double); (4) earlier in each window. One search worker with a fixed seed and a deterministic time
limit makes the same content give the same proposal; a wall-clock limit stops a runaway machine.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime

from generator.errors import MissingExtra

try:
    from ortools.sat.python import cp_model
# OR-Tools (~240 MB with numpy and pandas) is the extra infoprep[propose]
except ImportError as missing:
    raise MissingExtra(
        "infoprep propose needs the solver OR-Tools, an optional part of infoprep. Add it with:\n"
        "    pip install 'infoprep[propose]'\n"
        "(in a checkout of infoprep: make run, or .venv/bin/pip install -e '.[propose]')"
    ) from missing

from generator.content.models import TravelMode
from generator.plan.requests import GRID, Opening, Request, booking_for
from generator.plan.timeline import Booking, Rules
from generator.plan.travel import Place, estimate_minutes, hop_cost

MAX_OPTIONS_PER_DAY = 6
"""A request's openings on one day that become options in the model: the longest (then earliest)
ones.

Overlapping openings of one format are merged first (plan/requests.py), so this cuts only a day cut
into many small gaps.
"""

MAX_NODES_PER_DAY = 120
"""More meetings and options on one day than this is refused: a day's circuit has one variable per
pair of them (25 KB of `available:` windows once made a model of 1.75 GB)."""

TRAVEL_WEIGHT = 100
"""One minute of travel costs as much as starting 100 minutes later in a window."""

Expr = int | cp_model.LinearExpr
"""A start, a place or a cost in the model: known (an int) or the solver's to choose."""


@dataclass(frozen=True)
class SolverLimits:
    deterministic: float = 10.0
    """CP-SAT's deterministic time units (about a second each on a laptop core): the limit that
    keeps results reproducible, since it does not depend on the machine's load."""

    seconds: float = 30.0
    """A wall-clock backstop; when it is the one reached the result may differ between runs, and
    says so."""


@dataclass
class _Node:
    """A meeting in one day's circuit: fixed (a known start) or an option (a request in one
    opening)."""

    booking: Booking
    place: int
    """Index into the place table (0: unknown, or a call)."""

    request: Request | None = None
    opening: Opening | None = None
    values: list[int] = field(default_factory=list)
    """Possible start minutes, for an option."""

    present: cp_model.IntVar | None = None
    start: Expr = 0
    location: Expr = 0
    """Where you are after it: its place if in person; after a call, a variable equal to the place
    before."""

    @property
    def fixed(self) -> bool:
        return self.request is None

    def end(self) -> Expr:
        assert self.request is not None
        return self.start + self.request.duration

    def earliest(self) -> int:
        return self.values[0] if self.values else self.start if isinstance(self.start, int) else 0

    def latest(self) -> int:
        return self.values[-1] if self.values else self.start if isinstance(self.start, int) else 0


class _Places:
    """The place table: index 0 is "unknown" (no travel can be estimated)."""

    def __init__(self, mode: TravelMode):
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
        return estimate_minutes(self.places[a], self.places[b], self.mode) or 0


def _minute(moment: datetime, origin: datetime) -> int:
    return int((moment - origin).total_seconds() // 60)


def _option_values(opening: Opening, duration: int, origin: datetime) -> list[int]:
    first = _minute(opening.start, origin)
    first = -(-first // GRID) * GRID
    last = _minute(opening.end, origin) - duration
    return list(range(first, last + 1, GRID))


def _options(request: Request, day: date, origin: datetime) -> list[tuple[Opening, list[int]]]:
    """The request's openings on `day` that fit it, with their start minutes: at most
    MAX_OPTIONS_PER_DAY, the longest first (then the earliest), made before any variable is."""
    fitting = [
        (o, v)
        for o in request.openings
        if o.day == day and (v := _option_values(o, request.duration, origin))
    ]
    fitting.sort(key=lambda pair: (-(pair[0].end - pair[0].start), pair[0].start))
    return sorted(
        fitting[:MAX_OPTIONS_PER_DAY], key=lambda pair: (pair[0].start, pair[0].format.value)
    )


class ModelTooLarge(Exception):
    """The week cannot be weighed in bounded time and memory: too many options on a day, or building
    took longer than the time limit.

    propose turns it into an error at the request that has the most openings.
    """

    def __init__(self, day: date | None, nodes: int = 0):
        super().__init__(f"{day}: {nodes} meetings and options")
        self.day = day
        self.nodes = nodes


def _weights(requests: tuple[Request, ...]) -> dict[str, int]:
    """Lexicographic weights: one request of a class outweighs every request of the classes below
    it.

    The classes are standing (plan/requests.py): first whether they answered, then priority, so a
    person who offered times or replied is placed before any number who never replied.
    """
    classes = sorted({r.standing for r in requests}, reverse=True)
    weight, per = 1, {}
    for standing in classes:  # lowest standing first
        per[standing] = weight
        weight += weight * sum(r.standing == standing for r in requests)
    return {r.slug: per[r.standing] for r in requests}


class _WeekModel:
    """The CP-SAT model of the week, built day by day."""

    def __init__(
        self,
        requests: tuple[Request, ...],
        fixed: dict[date, list[Booking]],
        rules: Rules,
        origin: datetime,
    ):
        self.model = cp_model.CpModel()
        self.requests = requests
        self.fixed = fixed
        self.rules = rules
        self.origin = origin
        self.places = _Places(rules.mode)
        self.lodging = self.places.index(rules.lodging)
        for request in requests:
            self.places.index(request.place)
        for bookings in fixed.values():
            for booking in bookings:
                self.places.index(booking.place if booking.in_person else None)
        self.options: dict[str, list[_Node]] = {}
        self.shortfalls: list[Expr] = []
        self.travel: list[Expr] = []
        self.lateness: list[Expr] = []
        self.travel_bound = 0
        self.late_bound = 0

    # -- nodes --

    def _nodes(self, day: date) -> list[_Node]:
        model, fixed_today = self.model, self.fixed.get(day, [])
        nodes = []
        for booking in fixed_today:
            place = self.places.index(booking.place if booking.in_person else None)
            nodes.append(_Node(booking, place, start=_minute(booking.start, self.origin)))
        if len(fixed_today) < self.rules.per_day[1]:
            for request in self.requests:
                for opening, values in _options(request, day, self.origin):
                    booking = booking_for(request, opening, opening.start)
                    node = _Node(
                        booking, self.places.index(booking.place), request, opening, values
                    )
                    node.present = model.new_bool_var(
                        f"present {request.slug} {opening.start:%m-%d %H:%M}"
                    )
                    node.start = model.new_int_var_from_domain(
                        cp_model.Domain.FromValues(values), f"start {request.slug}"
                    )
                    nodes.append(node)
                    self.options.setdefault(request.slug, []).append(node)
        if len(nodes) > MAX_NODES_PER_DAY:
            raise ModelTooLarge(day, len(nodes))
        for node in nodes:
            if node.booking.in_person:
                node.location = node.place
            else:
                node.location = model.new_int_var(
                    0, len(self.places.places) - 1, f"after call {node.booking.name}"
                )
        return nodes

    # -- one day --

    def add_day(self, day: date) -> None:
        model = self.model
        nodes = self._nodes(day)
        options = [n for n in nodes if not n.fixed]
        fixed_nodes = [n for n in nodes if n.fixed]
        low, high = self.rules.per_day
        count = len(fixed_nodes) + sum(n.present for n in options if n.present is not None)
        if day in self.rules.workdays:
            short = model.new_int_var(0, low, f"short {day}")
            model.add(short >= low - count)
            self.shortfalls.append(short)
        if not options:
            return
        model.add(count <= high)
        self._no_overlap(fixed_nodes, options)
        self._circuit(day, fixed_nodes, options)
        for node in options:
            assert node.present is not None
            late = model.new_int_var(
                0, node.latest() - node.earliest(), f"late {node.booking.name}"
            )
            model.add(late == node.start - node.earliest()).only_enforce_if(node.present)
            model.add(late == 0).only_enforce_if(~node.present)
            self.lateness.append(late)
            self.late_bound += node.latest() - node.earliest()

    def _no_overlap(self, fixed_nodes: list[_Node], options: list[_Node]) -> None:
        """The fixed meetings (merged where they overlap each other) and the options never
        overlap."""
        blocks: list[list[int]] = []
        for node in sorted(fixed_nodes, key=lambda n: n.booking.start):
            a, b = _minute(node.booking.start, self.origin), _minute(node.booking.end, self.origin)
            if blocks and a < blocks[-1][1]:
                blocks[-1][1] = max(blocks[-1][1], b)
            else:
                blocks.append([a, b])
        intervals = [
            self.model.new_fixed_size_interval_var(a, b - a, f"fixed {a}")
            for a, b in blocks
            if b > a
        ]
        for node in options:
            assert node.request is not None and node.present is not None
            intervals.append(
                self.model.new_optional_fixed_size_interval_var(
                    node.start, node.request.duration, node.present, "option"
                )
            )
        self.model.add_no_overlap(intervals)

    def _circuit(self, day: date, fixed_nodes: list[_Node], options: list[_Node]) -> None:
        """The order of the day: index 0 is the lodging, then every node; an arc i -> j: j comes
        right after i."""
        model = self.model
        nodes = [None, *fixed_nodes, *options]
        arcs: list[tuple[int, int, cp_model.LiteralT]] = []
        if not fixed_nodes:  # the lodging alone: a day with nothing on it
            empty = model.new_bool_var(f"empty {day}")
            for node in options:
                assert node.present is not None
                model.add_implication(node.present, ~empty)
            model.add_bool_or(
                [n.present for n in options if n.present is not None]
            ).only_enforce_if(~empty)
            arcs.append((0, 0, empty))
        for index, node in enumerate(options, start=1 + len(fixed_nodes)):
            assert node.present is not None
            arcs.append((index, index, ~node.present))
        following = {id(a): b for a, b in zip(fixed_nodes, fixed_nodes[1:], strict=False)}
        costs = [0]
        for i, a in enumerate(nodes):
            for j, b in enumerate(nodes):
                if i == j or not self._possible(a, b, following):
                    continue
                arc = model.new_bool_var(f"{i}>{j}")
                arcs.append((i, j, arc))
                if b is not None:
                    costs.append(self._arc(a, b, arc))
        model.add_circuit(arcs)
        self.travel_bound += len(nodes) * max(costs)  # one arc into each node

    @staticmethod
    def _possible(a: _Node | None, b: _Node | None, following: dict[int, _Node]) -> bool:
        if a is None or b is None:
            return True
        if a.fixed and b.fixed:
            return following.get(id(a)) is b  # the user's meetings follow one another in time order
        if a.request is not None and a.request is b.request:
            return False  # a request is placed once
        return b.latest() >= a.earliest()

    def _arc(self, a: _Node | None, b: _Node, arc: cp_model.IntVar) -> int:
        """The constraints and cost of b coming right after a (a None: from the lodging); the cost's
        bound."""
        model = self.model
        before = self.lodging if a is None else a.location
        travel: Expr
        if not b.booking.in_person:
            travel, top = 0, 0
            model.add(b.location == before).only_enforce_if(arc)
        elif b.booking.written_travel is not None:
            travel = b.booking.written_travel
            top = hop_cost(travel) if not b.fixed else 0
            if top:
                self.travel.append(top * arc)
        elif isinstance(before, int):
            travel = self.places.minutes(before, b.place)
            top = hop_cost(travel)
            if top:
                self.travel.append(top * arc)
        else:
            column = [self.places.minutes(p, b.place) for p in range(len(self.places.places))]
            travel = model.new_int_var(0, max(column), "travel")
            model.add_element(before, column, travel)
            costs = [hop_cost(m) for m in column]
            top = max(costs)
            cost = model.new_int_var(0, top, "cost")
            model.add_element(before, costs, cost)
            paid = model.new_int_var(0, top, "paid")
            model.add(paid == cost).only_enforce_if(arc)
            model.add(paid == 0).only_enforce_if(~arc)
            self.travel.append(paid)
        if a is not None:
            model.add(b.start >= a.start).only_enforce_if(arc)
            if not (a.fixed and b.fixed):  # two fixed meetings: as the user has them
                end = _minute(a.booking.end, self.origin) if a.fixed else a.end()
                model.add(b.start >= end + self.rules.buffer + travel).only_enforce_if(arc)
        return top

    # -- the whole week --

    def solve(
        self, limits: SolverLimits, spent: float = 0.0
    ) -> tuple[dict[str, tuple[Opening, int]], str, bool]:
        """`spent`: seconds building the model took, counted against the wall-clock limit."""
        for request in self.requests:
            present = [
                n.present for n in self.options.get(request.slug, []) if n.present is not None
            ]
            if len(present) > 1:
                self.model.add_at_most_one(present)
        weights = _weights(self.requests)
        minor = TRAVEL_WEIGHT * self.travel_bound + self.late_bound + 1
        unit = minor * (self.rules.per_day[0] * len(self.rules.workdays) + 1)
        total = cp_model.LinearExpr.sum
        placed = total(
            [
                unit * weights[slug] * n.present
                for slug, nodes in self.options.items()
                for n in nodes
                if n.present is not None
            ]
        )
        self.model.maximize(
            placed
            - minor * total(self.shortfalls)
            - TRAVEL_WEIGHT * total(self.travel)
            - total(self.lateness)
        )
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = 0
        solver.parameters.max_deterministic_time = limits.deterministic
        solver.parameters.max_time_in_seconds = max(0.1, limits.seconds - spent)
        status = solver.solve(self.model)
        name = solver.status_name(status).lower()
        by_clock = status != cp_model.OPTIMAL and solver.wall_time >= limits.seconds * 0.98
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return {}, name, by_clock
        chosen = {}
        for slug, nodes in self.options.items():
            for node in nodes:
                if node.present is not None and solver.boolean_value(node.present):
                    assert node.opening is not None
                    chosen[slug] = (node.opening, int(solver.value(node.start)))
        return chosen, name, by_clock


def solve_week(
    requests: tuple[Request, ...],
    fixed: dict[date, list[Booking]],
    rules: Rules,
    limits: SolverLimits,
    origin: datetime,
) -> tuple[dict[str, tuple[Opening, int]], str, bool]:
    """{request slug: (opening, start minute)} for the requests the solver placed; its status;
    stopped by the clock."""
    started = time.perf_counter()
    week = _WeekModel(requests, fixed, rules, origin)
    for day in rules.days:
        week.add_day(day)
        if time.perf_counter() - started > limits.seconds:
            raise ModelTooLarge(None)
    return week.solve(limits, time.perf_counter() - started)
