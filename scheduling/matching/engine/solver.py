"""The problem as arrays, candidate pairs, and the optimal batch (OR-Tools min-cost flow)."""

from __future__ import annotations

import math
import time as clock
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

import numpy as np
from ortools.graph.python import min_cost_flow

from scheduling.matching.engine.data import (
    Part,
    PlaceIn,
    Proposal,
    ResidentIn,
    Result,
    Unmatched,
    VolunteerIn,
    Weights,
)
from scheduling.matching.engine.exclusion import explain_exclusion
from scheduling.matching.engine.weekmask import (
    ALL_DAY,
    DAYS,
    SLOT_MINUTES,
    first_stretch,
    usable,
    week_mask,
    week_words,
)

CENTS = 100  # scores are summed in hundredths of a point, exactly
CHUNK = 1024  # residents per block when building candidate pairs

# --- the problem as arrays ----------------------------------------------------------


class Problem:
    """Residents, volunteers and places turned into index arrays, once per run."""

    def __init__(self, residents, volunteers, places, *, on: date, now: datetime, weights):
        self.residents: Sequence[ResidentIn] = residents
        self.volunteers: Sequence[VolunteerIn] = volunteers
        self.places: Sequence[PlaceIn] = places
        self.on, self.now, self.weights = on, now, weights
        self.run = max(1, math.ceil(weights.min_overlap_minutes / SLOT_MINUTES))
        self.place_index = {p.id: i for i, p in enumerate(places)}
        self.volunteer_index = {v.id: i for i, v in enumerate(volunteers)}
        languages = {code for r in residents for code in r.languages}
        languages |= {code for v in volunteers for code in v.languages}
        self.language_index = {code: i for i, code in enumerate(sorted(languages))}
        topics = {t for r in residents for t in r.needs}
        self.topic_index = {t: i for i, t in enumerate(sorted(topics))}
        self._build_residents()
        self._build_volunteers()

    def _build_residents(self) -> None:
        n, places = len(self.residents), len(self.places)
        self.r_lang = np.zeros((n, len(self.language_index)), np.float32)
        self.r_first_lang = np.zeros(n, np.int64)
        self.r_need = np.zeros((n, len(self.topic_index)), np.float32)
        self.r_first = np.zeros((n, len(self.topic_index)), np.float32)  # most urgent need
        self.r_urgency = np.zeros((n, len(self.topic_index)), np.float32)  # 2^(needs below)
        self.r_rank = np.zeros((n, places), np.int64)  # 1 = first choice, 0 = not chosen
        for i, resident in enumerate(self.residents):
            for code in resident.languages:
                self.r_lang[i, self.language_index[code]] = 1
            self.r_first_lang[i] = self.language_index[resident.language]
            ordered = resident.needs_by_urgency
            for rank, topic in enumerate(ordered):
                self.r_need[i, self.topic_index[topic]] = 1
                self.r_urgency[i, self.topic_index[topic]] = 2 ** (len(ordered) - 1 - rank)
            if ordered:
                self.r_first[i, self.topic_index[ordered[0]]] = 1
            self.r_rank[i] = self._ranks(resident)
        every_time = (int(ALL_DAY),) * DAYS
        self.r_win = np.array(
            [week_words(r.windows) if r.windows else every_time for r in self.residents],
            np.uint64,
        ).reshape(n, DAYS)
        self.r_place = (self.r_rank > 0).astype(np.float32)
        self.r_fixed = self._resident_points()

    def _ranks(self, resident: ResidentIn) -> np.ndarray:
        ranks = np.zeros(len(self.places), np.int64)
        if not resident.places:
            ranks[:] = 1  # any place suits them: every place is a first choice
        chosen = [self.place_index[p] for p in resident.places if p in self.place_index]
        for rank, index in enumerate(chosen, start=1):
            ranks[index] = rank
        return ranks

    def _resident_points(self) -> np.ndarray:
        """Score parts that depend on the resident only: waiting time and priority."""
        w = self.weights
        points = np.zeros(len(self.residents), np.int64)
        for i, resident in enumerate(self.residents):
            points[i] = _cents(w.waiting_per_week * self.waiting_weeks(resident))
            points[i] += _cents(w.priority) if resident.priority else 0
        return points

    def waiting_weeks(self, resident: ResidentIn) -> float:
        if resident.waiting_since is None:
            return 0.0
        weeks = (self.now - resident.waiting_since).total_seconds() / (7 * 24 * 3600)
        return round(min(max(weeks, 0.0), self.weights.waiting_max_weeks), 2)

    def _build_volunteers(self) -> None:
        n, places = len(self.volunteers), len(self.places)
        self.v_lang = np.zeros((n, len(self.language_index)), np.float32)
        self.v_untrained = np.ones((n, len(self.topic_index)), np.float32)
        self.v_place = np.zeros((n, places), np.float32)
        self.v_active = np.array([v.active for v in self.volunteers], bool)
        self.v_room = np.array([v.room for v in self.volunteers], np.int64)
        hours = np.array([week_mask(p.hours) for p in self.places], np.uint64).reshape(-1, DAYS)
        availability = np.array(
            [week_words(v.availability) for v in self.volunteers], np.uint64
        ).reshape(n, DAYS)
        self.v_open = availability.reshape(n, 1, DAYS) & hours.reshape(1, places, DAYS)
        for i, volunteer in enumerate(self.volunteers):
            for code in volunteer.languages:
                self.v_lang[i, self.language_index[code]] = 1
            for training in volunteer.trainings:
                if training.topic in self.topic_index and training.valid_on(self.on):
                    self.v_untrained[i, self.topic_index[training.topic]] = 0
            for place in volunteer.places:
                if place in self.place_index:
                    self.v_place[i, self.place_index[place]] = 1
        self.v_usable = self.v_active & (self.v_room > 0)

    def pair_codes(self, attribute: str) -> np.ndarray:
        """resident_index * n_volunteers + volunteer_index for each listed pair."""
        n = len(self.volunteers)
        codes = [
            i * n + self.volunteer_index[v]
            for i, resident in enumerate(self.residents)
            for v in getattr(resident, attribute)
            if v in self.volunteer_index
        ]
        return np.array(sorted(codes), np.int64)


def _cents(points: float) -> int:
    return round(points * CENTS)


# --- candidates -------------------------------------------------------------------


@dataclass
class Candidates:
    """Every pair that passes the hard rules, as parallel arrays."""

    resident: np.ndarray
    volunteer: np.ndarray
    place: np.ndarray  # index of the chosen place
    quarters: np.ndarray  # usable shared quarters a week at that place
    cents: np.ndarray  # pair score without the load-spreading part


def candidates(problem: Problem, *, partial: bool = False) -> Candidates:
    """Pairs passing the hard rules; with ``partial``, the volunteer need only be trained
    for the resident's most urgent need, and earns points for each need covered."""
    blocks = [_block(problem, start, partial) for start in range(0, len(problem.residents), CHUNK)]
    pairs = [np.concatenate(parts) for parts in zip(*blocks, strict=True)] if blocks else None
    if not pairs:
        pairs = [np.zeros(0, np.int64)] * 2
    resident, volunteer = pairs
    n = len(problem.volunteers)
    codes = resident * n + volunteer
    keep = ~np.isin(codes, problem.pair_codes("excluded"))
    resident, volunteer = resident[keep], volunteer[keep]
    place, quarters = _best_places(problem, resident, volunteer)
    keep = quarters > 0
    resident, volunteer, place, quarters = (a[keep] for a in (resident, volunteer, place, quarters))
    found = Candidates(resident, volunteer, place, quarters, np.zeros(0, np.int64))
    found.cents = _pair_cents(problem, found)
    if partial:
        found.cents += _coverage_cents(problem, found.resident, found.volunteer)
    return found


def _block(problem: Problem, start: int, partial: bool) -> tuple[np.ndarray, np.ndarray]:
    """Pairs in one block of residents passing training, language, place and room."""
    rows = slice(start, start + CHUNK)
    need = problem.r_first[rows] if partial else problem.r_need[rows]
    untrained = need @ problem.v_untrained.T
    if partial:
        # Only residents with a need: without one, nobody is a partial buddy.
        untrained[problem.r_first[rows].sum(axis=1) == 0] = 1
    languages = problem.r_lang[rows] @ problem.v_lang.T
    places = problem.r_place[rows] @ problem.v_place.T
    ok = (untrained == 0) & (languages > 0) & (places > 0) & problem.v_usable[None, :]
    resident, volunteer = np.nonzero(ok)
    return resident.astype(np.int64) + start, volunteer.astype(np.int64)


def _best_places(problem: Problem, resident: np.ndarray, volunteer: np.ndarray):
    """For each pair, the shared place with the most usable time (then the better rank)."""
    best_place = np.zeros(len(resident), np.int64)
    best_quarters = np.zeros(len(resident), np.int64)
    best_value = np.full(len(resident), -1, np.int64)
    for p in range(len(problem.places)):
        shared = (problem.r_rank[resident, p] > 0) & (problem.v_place[volunteer, p] > 0)
        rows = np.nonzero(shared)[0]
        if not len(rows):
            continue
        overlap = problem.r_win[resident[rows]] & problem.v_open[volunteer[rows], p]
        quarters = np.bitwise_count(usable(overlap, problem.run)).sum(axis=1).astype(np.int64)
        value = _overlap_cents(problem, quarters) + _place_cents(
            problem, problem.r_rank[resident[rows], p]
        )
        value[quarters == 0] = -1
        better = value > best_value[rows]
        best_value[rows[better]] = value[better]
        best_place[rows[better]] = p
        best_quarters[rows[better]] = quarters[better]
    return best_place, best_quarters


def _coverage_cents(problem: Problem, resident: np.ndarray, volunteer: np.ndarray) -> np.ndarray:
    trained = 1 - problem.v_untrained[volunteer]
    units = (problem.r_urgency[resident] * trained).sum(axis=1)
    return np.rint(units * problem.weights.partial_topic * CENTS).astype(np.int64)


def _overlap_cents(problem: Problem, quarters: np.ndarray) -> np.ndarray:
    w = problem.weights
    hours = np.minimum(quarters / 4.0, w.overlap_max_hours)
    return np.rint(hours * w.overlap_per_hour * CENTS).astype(np.int64)


def _place_cents(problem: Problem, rank: np.ndarray) -> np.ndarray:
    return np.rint(problem.weights.first_place * CENTS / np.maximum(rank, 1)).astype(np.int64)


def _pair_cents(problem: Problem, found: Candidates) -> np.ndarray:
    w, n = problem.weights, len(problem.volunteers)
    codes = found.resident * n + found.volunteer
    continuity = np.isin(codes, problem.pair_codes("previous_buddies"))
    first_lang = problem.v_lang[found.volunteer, problem.r_first_lang[found.resident]] > 0
    return (
        continuity * _cents(w.continuity)
        + _overlap_cents(problem, found.quarters)
        + _place_cents(problem, problem.r_rank[found.resident, found.place])
        + first_lang * _cents(w.first_language)
        + problem.r_fixed[found.resident]
    )


def spread_cents(weights: Weights, volunteer: VolunteerIn, nth_new: int) -> int:
    """Reward for giving this volunteer their nth new resident in this run (1-based).

    Decreasing in n, so the flow fills idle volunteers before busy ones.
    """
    taken = volunteer.current_residents + nth_new - 1
    return _cents(weights.spread_load * (volunteer.max_residents - taken) / volunteer.max_residents)


# --- the batch -------------------------------------------------------------------


def match(
    residents: Sequence[ResidentIn],
    volunteers: Sequence[VolunteerIn],
    places: Sequence[PlaceIn],
    *,
    on: date,
    now: datetime,
    weights: Weights | None = None,
) -> Result:
    """Assign all waiting residents at once: most matched, then highest total score."""
    problem = Problem(residents, volunteers, places, on=on, now=now, weights=weights or Weights())
    found = candidates(problem)
    started = clock.perf_counter()
    chosen = solve(problem, found)
    solver_seconds = clock.perf_counter() - started
    proposals = _proposals(problem, found, chosen)
    passing = np.bincount(found.resident, minlength=len(residents))
    partial, partial_pairs, partial_seconds = _partial_round(problem, passing, proposals)
    solver_seconds += partial_seconds
    proposals = sorted(proposals + partial, key=lambda p: p.resident)
    matched = {p.resident for p in proposals}
    unmatched = [
        _unmatched(problem, i, passing)
        for i, resident in enumerate(residents)
        if resident.id not in matched
    ]
    return Result(
        proposals=proposals,
        unmatched=unmatched,
        candidate_pairs=len(found.resident) + partial_pairs,
        solver_seconds=solver_seconds,
        total_score=round(sum(p.score for p in proposals), 2),
        counts={"residents": len(residents), "volunteers": len(volunteers), "places": len(places)},
    )


def _partial_round(
    problem: Problem, passing: np.ndarray, proposals: list[Proposal]
) -> tuple[list[Proposal], int, float]:
    """A second flow for residents nobody covers fully, over the room left after the first.

    Full coverage wins: only residents without a single full candidate take part, and
    only volunteers' places the first round did not fill. Returns the partial
    proposals, their candidate pairs and the solver's seconds.
    """
    waiting = [
        resident
        for i, resident in enumerate(problem.residents)
        if not passing[i] and len(resident.needs) > 1
    ]
    if not waiting:
        return [], 0, 0.0
    taken: dict[int, int] = {}
    for proposal in proposals:
        taken[proposal.volunteer] = taken.get(proposal.volunteer, 0) + 1
    volunteers = [
        replace(
            v,
            current_residents=v.current_residents + taken.get(v.id, 0),
            sessions_in_week=v.sessions_in_week + taken.get(v.id, 0),
        )
        for v in problem.volunteers
    ]
    second = Problem(
        waiting,
        volunteers,
        problem.places,
        on=problem.on,
        now=problem.now,
        weights=problem.weights,
    )
    found = candidates(second, partial=True)
    started = clock.perf_counter()
    chosen = solve(second, found)
    seconds = clock.perf_counter() - started
    return _proposals(second, found, chosen), len(found.resident), seconds


def solve(problem: Problem, found: Candidates) -> np.ndarray:
    """Indices of the candidate pairs in an optimal assignment (OR-Tools min-cost flow).

    Nodes: source, one per resident, one per volunteer, sink. Each resident can
    send one unit to one candidate volunteer; each volunteer passes units to the
    sink over one arc per free place, the k-th costing the k-th spreading reward.
    Max flow with min cost = most residents matched, then the best total score.
    """
    if not len(found.resident):
        return np.zeros(0, np.int64)
    residents, r_node = np.unique(found.resident, return_inverse=True)
    volunteers, v_node = np.unique(found.volunteer, return_inverse=True)
    source, first_v = 0, 1 + len(residents)
    sink = first_v + len(volunteers)
    slot_tails, slot_costs = [], []
    for k, v in enumerate(volunteers.tolist()):
        volunteer = problem.volunteers[v]
        for nth in range(1, volunteer.room + 1):
            slot_tails.append(first_v + k)
            slot_costs.append(-spread_cents(problem.weights, volunteer, nth))
    tails = np.concatenate([np.zeros(len(residents)), 1 + r_node, slot_tails]).astype(np.int32)
    heads = np.concatenate(
        [1 + np.arange(len(residents)), first_v + v_node, np.full(len(slot_tails), sink)]
    ).astype(np.int32)
    costs = np.concatenate([np.zeros(len(residents)), -found.cents, slot_costs]).astype(np.int64)
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, np.ones(len(tails)), costs)
    flow.set_node_supply(source, len(residents))
    flow.set_node_supply(sink, -len(residents))
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    pair_arcs = arcs[len(residents) : len(residents) + len(found.resident)]
    return np.nonzero(flow.flows(pair_arcs) > 0)[0]


# --- explanations ----------------------------------------------------------------


def _proposals(problem: Problem, found: Candidates, chosen: np.ndarray) -> list[Proposal]:
    order = sorted(chosen.tolist(), key=lambda k: problem.residents[int(found.resident[k])].id)
    taken: dict[int, int] = {}
    proposals = []
    for k in order:
        v = int(found.volunteer[k])
        taken[v] = taken.get(v, 0) + 1
        proposals.append(_proposal(problem, found, k, taken[v]))
    return proposals


def _proposal(problem: Problem, found: Candidates, k: int, nth_new: int) -> Proposal:
    resident = problem.residents[found.resident[k]]
    volunteer = problem.volunteers[found.volunteer[k]]
    p = int(found.place[k])
    overlap = problem.r_win[found.resident[k]] & problem.v_open[found.volunteer[k], p]
    window = first_stretch(usable(overlap, problem.run))
    spread = spread_cents(problem.weights, volunteer, nth_new)
    untrained = problem.v_untrained[found.volunteer[k]]
    open_topics = tuple(t for t in resident.needs_by_urgency if untrained[problem.topic_index[t]])
    covered = [t for t in resident.needs_by_urgency if t not in open_topics]
    score_parts = _score_parts(problem, found, k, spread)
    if open_topics:
        coverage = int(
            _coverage_cents(problem, found.resident[k : k + 1], found.volunteer[k : k + 1])[0]
        )
        score_parts = (Part("coverage", coverage / CENTS, {"topics": covered}), *score_parts)
    parts = _rule_parts(problem, resident, volunteer, p, window, covered, open_topics)
    score = (int(found.cents[k]) + spread) / CENTS
    return Proposal(
        resident.id,
        volunteer.id,
        problem.places[p].id,
        score,
        window,
        parts + score_parts,
        open_topics,
    )


def _rule_parts(problem, resident, volunteer, p, window, covered, open_topics) -> tuple[Part, ...]:
    shared = sorted(resident.languages & volunteer.languages)
    still_open = (Part("still_open", None, {"topics": list(open_topics)}),) if open_topics else ()
    return (
        *still_open,
        Part("trained", None, {"topics": covered, "on": problem.on.isoformat()}),
        Part("language", None, {"languages": shared}),
        Part("place", None, {"place": problem.places[p].id}),
        Part(
            "time",
            None,
            {
                "weekday": window.weekday,
                "start": window.start.strftime("%H:%M"),
                "end": window.end.strftime("%H:%M"),
                "place": problem.places[p].id,
            },
        ),
        Part(
            "room",
            None,
            {"residents": volunteer.current_residents, "maximum": volunteer.max_residents},
        ),
    )


def _score_parts(problem, found, k, spread: int) -> tuple[Part, ...]:
    """The score parts of one pair, in exactly the cents the flow optimised."""
    w = problem.weights
    i, quarters = found.resident[k], found.quarters[k : k + 1]
    resident, volunteer = problem.residents[i], problem.volunteers[found.volunteer[k]]
    rank = problem.r_rank[i, found.place[k : k + 1]]
    weeks = problem.waiting_weeks(resident)
    cents: list[tuple[str, int, dict[str, object]]] = [
        ("continuity", _cents(w.continuity) * (volunteer.id in resident.previous_buddies), {}),
        ("overlap", int(_overlap_cents(problem, quarters)[0]), {"hours": int(quarters[0]) / 4}),
        (
            "place_rank",
            int(_place_cents(problem, rank)[0]),
            {"rank": int(rank[0]) if resident.places else 0},
        ),
        (
            "first_language",
            _cents(w.first_language) * (resident.language in volunteer.languages),
            {"language": resident.language},
        ),
        ("spread", spread, {"residents": volunteer.current_residents}),
        ("waiting", _cents(w.waiting_per_week * weeks), {"weeks": weeks}),
        ("priority", _cents(w.priority) * resident.priority, {}),
    ]
    return tuple(Part(code, c / CENTS, params) for code, c, params in cents if c)


def _unmatched(problem: Problem, i: int, passing: np.ndarray) -> Unmatched:
    resident = problem.residents[i]
    if passing[i]:
        # Capacity was short: the volunteers who fit went to other residents.
        return Unmatched(resident.id, "taken_in_run", {"volunteers": int(passing[i])})
    rule, params = explain_exclusion(problem, i)
    return Unmatched(resident.id, rule, params)


def candidates_for(
    resident: ResidentIn,
    volunteers: Sequence[VolunteerIn],
    places: Sequence[PlaceIn],
    *,
    on: date,
    now: datetime,
    weights: Weights | None = None,
) -> list[Proposal]:
    """Every volunteer who passes the hard rules for one resident, best score first."""
    problem = Problem([resident], volunteers, places, on=on, now=now, weights=weights or Weights())
    found = candidates(problem)
    proposals = [_proposal(problem, found, k, 1) for k in range(len(found.resident))]
    return sorted(proposals, key=lambda p: (-p.score, p.volunteer))
