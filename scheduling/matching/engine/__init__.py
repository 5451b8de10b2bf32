"""Matching waiting residents with digital buddies: pure code over plain data.

No Django here: the service (scheduling.matching.services) reads the database
into these dataclasses and writes the result back. That keeps the rules and the
optimisation testable on their own, with brute force and property tests.

How it works
------------
1. **Hard rules** filter resident-volunteer pairs: the volunteer is active,
   trained for every topic the resident needs (training valid on the day of the
   run; accepting checks it again at the pair's first free session), shares a
   language, goes to one of the resident's places (a resident without preferred
   places takes any open place), has a weekly window that overlaps the
   resident's times (any time, if they gave none) for at least
   ``min_overlap_minutes`` in a row while that place is open, has room under
   ``max_residents``, and was not turned down for this resident before.
2. **Score** of a pair is a sum of documented parts, each from
   ``settings.MATCHING_WEIGHTS`` (see Weights).
3. **Batch**: one min-cost-flow problem (OR-Tools) over all waiting residents.
   The objective is lexicographic: first as many residents matched as the hard
   rules and capacities allow, then the highest total score among those
   assignments. Load spreading is a concave reward per volunteer (the first new
   resident of an idle volunteer is worth most), modelled as one unit arc per
   free place with increasing cost, which min-cost flow solves exactly.
4. **Partial buddies**: residents nobody passes the rules for with training for
   every need get a second flow over the room left: the volunteer need only be
   trained for the resident's most urgent need (``ResidentIn.urgency``), and
   each need covered earns ``partial_topic`` points, doubled per need below it,
   so more urgent needs covered always win. The needs left open are named on
   the proposal (``Proposal.open_topics``).
5. **Unmatched** residents get the rule that excluded them, found by applying
   the rules one after another and naming the first that leaves nobody.

Time is handled in quarter hours between 06:00 and 22:00 (see weekmask).

Modules: data (dataclasses in and out), weekmask (weekly times as bits),
engine (candidates, scores, the flow), exclusion (reasons for the unmatched).
"""

from scheduling.matching.engine.data import (
    Part,
    PlaceIn,
    Proposal,
    ResidentIn,
    Result,
    TrainingIn,
    Unmatched,
    VolunteerIn,
    Weights,
    Window,
)
from scheduling.matching.engine.solver import (
    Problem,
    candidates,
    candidates_for,
    match,
    spread_cents,
)

__all__ = [
    "Part",
    "PlaceIn",
    "Problem",
    "Proposal",
    "ResidentIn",
    "Result",
    "TrainingIn",
    "Unmatched",
    "VolunteerIn",
    "Weights",
    "Window",
    "candidates",
    "candidates_for",
    "match",
    "spread_cents",
]
