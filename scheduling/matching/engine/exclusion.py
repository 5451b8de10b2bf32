"""Why a resident has no candidate: the first hard rule that leaves nobody."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from scheduling.matching.engine.weekmask import usable, week_mask

if TYPE_CHECKING:
    from scheduling.matching.engine.solver import Problem


def explain_exclusion(problem: Problem, i: int) -> tuple[str, dict]:
    """Apply the hard rules one by one; name the first that leaves no volunteer.

    The params carry what the rule was about (topic ids, language codes, place
    ids), so the message can be written in the reader's language later.
    """
    resident = problem.residents[i]
    needs = sorted(resident.needs)
    languages = sorted(resident.languages)
    pool = problem.v_active.copy()
    if not pool.any():
        return "no_active_volunteer", {}
    for topic in needs:
        if not (pool & (problem.v_untrained[:, problem.topic_index[topic]] == 0)).any():
            return "not_trained", {"topics": [topic]}
    pool &= (problem.r_need[i] @ problem.v_untrained.T) == 0
    if not pool.any():
        return "not_trained_for_all", {"topics": needs}
    pool &= (problem.r_lang[i] @ problem.v_lang.T) > 0
    if not pool.any():
        return "language", {"topics": needs, "languages": languages}
    return _exclusion_by_place_and_time(problem, i, pool, needs, languages)


def _exclusion_by_place_and_time(problem, i, pool, needs, languages) -> tuple[str, dict]:
    resident = problem.residents[i]
    chosen = [p for p in range(len(problem.places)) if problem.r_rank[i, p] > 0]
    place_ids = [problem.places[p].id for p in chosen]
    if not chosen:
        rule = "places_not_in_use" if resident.places else "no_place"
        return rule, {"places": list(resident.places)}
    described = {"topics": needs, "languages": languages, "places": place_ids}
    pool &= (problem.r_place[i] @ problem.v_place.T) > 0
    if not pool.any():
        return "place", described
    hours = np.array([week_mask(problem.places[p].hours) for p in chosen], np.uint64)
    if not np.bitwise_count(usable(problem.r_win[i] & hours, problem.run)).any():
        return "closed_at_times", {"places": place_ids}
    free = np.zeros(len(problem.volunteers), bool)
    for p in chosen:
        overlap = problem.r_win[i] & problem.v_open[:, p]
        together = np.bitwise_count(usable(overlap, problem.run)).sum(axis=1) > 0
        free |= together & (problem.v_place[:, p] > 0)
    pool &= free
    if not pool.any():
        return "time", described
    return _exclusion_by_history_and_room(problem, i, pool)


def _exclusion_by_history_and_room(problem, i, pool) -> tuple[str, dict]:
    resident = problem.residents[i]
    fitting = int(pool.sum())
    index = problem.volunteer_index
    excluded = [index[v] for v in resident.excluded if v in index]
    pool[excluded] = False
    if not pool.any():
        return "turned_down", {"volunteers": fitting}
    if not (pool & (problem.v_room > 0)).any():
        return "full", {"volunteers": int(pool.sum())}
    return "taken_in_run", {"volunteers": int(pool.sum())}
