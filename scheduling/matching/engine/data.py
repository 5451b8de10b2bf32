"""Plain data in and out of the matching engine (no Django)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from datetime import time as Time

# --- plain data in ----------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """A weekly time range (Europe/Brussels wall time); weekday 0 is Monday."""

    weekday: int
    start: Time
    end: Time


@dataclass(frozen=True)
class TrainingIn:
    topic: int
    completed_on: date
    expires_on: date | None = None

    def valid_on(self, day: date) -> bool:
        """buddies' Training.is_valid_on, kept here because the engine is pure
        (tests/scheduling/matching/test_matching_engine_agreement.py proves they agree)."""
        return self.completed_on <= day and (self.expires_on is None or day < self.expires_on)


@dataclass(frozen=True)
class ResidentIn:
    id: int
    language: str
    other_languages: frozenset[str] = frozenset()
    needs: frozenset[int] = frozenset()
    # The needs most urgent first, as the resident put them; () = by topic id.
    urgency: tuple[int, ...] = ()
    places: tuple[int, ...] = ()  # preferred places, first choice first; () = any
    windows: tuple[Window, ...] = ()  # () = any time a place is open
    waiting_since: datetime | None = None
    priority: bool = False  # lost their buddy and waits again
    previous_buddies: frozenset[int] = frozenset()
    excluded: frozenset[int] = frozenset()  # rejected, ended or current pairs

    @property
    def languages(self) -> frozenset[str]:
        return frozenset({self.language}) | self.other_languages

    @property
    def needs_by_urgency(self) -> tuple[int, ...]:
        first = tuple(t for t in dict.fromkeys(self.urgency) if t in self.needs)
        return first + tuple(sorted(self.needs - set(first)))


@dataclass(frozen=True)
class VolunteerIn:
    id: int
    languages: frozenset[str]
    places: frozenset[int]
    availability: tuple[Window, ...]
    trainings: tuple[TrainingIn, ...] = ()
    max_residents: int = 3
    current_residents: int = 0
    active: bool = True
    # A new buddy means about one session a week more.
    max_sessions_per_week: int = 99
    # Counted as scheduling.sessions.load counts it: the busier of this ISO week and the next.
    sessions_in_week: int = 0

    @property
    def room(self) -> int:
        residents = self.max_residents - self.current_residents
        sessions = self.max_sessions_per_week - self.sessions_in_week
        return max(min(residents, sessions), 0)


@dataclass(frozen=True)
class PlaceIn:
    id: int
    hours: tuple[Window, ...]


@dataclass(frozen=True)
class Weights:
    """Points of each score part; settings.MATCHING_WEIGHTS overrides any of them."""

    continuity: float = 40.0  # the volunteer was this resident's buddy before
    overlap_per_hour: float = 2.0  # per shared hour a week at the chosen place ...
    overlap_max_hours: float = 6.0  # ... counted up to this many hours
    first_place: float = 10.0  # resident's first place; the n-th choice gets 1/n of it
    first_language: float = 8.0  # volunteer speaks the resident's first language
    spread_load: float = 6.0  # an idle volunteer's first resident; less as they fill up
    waiting_per_week: float = 1.0  # per week the resident has waited ...
    waiting_max_weeks: float = 26.0  # ... counted up to this many weeks
    priority: float = 30.0  # resident lost their buddy and waits again
    min_overlap_minutes: int = 60  # shortest shared stretch that counts as "free together"
    # A partial buddy (trained for some needs, the most urgent among them) is proposed
    # only to a resident nobody covers fully. The least urgent need covered earns this,
    # each need above it twice the one below: covering a more urgent need outweighs
    # all needs below it and every other part of the score together.
    partial_topic: float = 200.0

    @classmethod
    def from_dict(cls, values: dict | None) -> Weights:
        known = {f.name for f in fields(cls)}
        unknown = set(values or {}) - known
        if unknown:
            raise ValueError(f"unknown matching weights: {sorted(unknown)}")
        return cls(**(values or {}))


# --- plain data out ---------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One reason in an explanation: a hard rule passed (points None) or a score part."""

    code: str
    points: float | None = None
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Proposal:
    resident: int
    volunteer: int
    place: int
    score: float
    window: Window  # the first weekly stretch both are free while the place is open
    parts: tuple[Part, ...]
    open_topics: tuple[int, ...] = ()  # needs the buddy is not trained for, most urgent first


@dataclass(frozen=True)
class Unmatched:
    resident: int
    rule: str
    params: dict = field(default_factory=dict)


@dataclass
class Result:
    proposals: list[Proposal]
    unmatched: list[Unmatched]
    candidate_pairs: int
    solver_seconds: float
    total_score: float = 0.0
    counts: dict = field(default_factory=dict)
