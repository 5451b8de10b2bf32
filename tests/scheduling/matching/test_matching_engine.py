"""The pure matching engine: hard rules always hold, the batch is optimal, reasons are true."""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scheduling.matching.engine import (
    PlaceIn,
    Problem,
    ResidentIn,
    TrainingIn,
    VolunteerIn,
    Weights,
    Window,
    candidates,
    candidates_for,
    match,
    spread_cents,
)

ON = date(2026, 3, 10)
NOW = datetime(2026, 3, 10, 9, tzinfo=UTC)
LANGUAGES = ["nl", "fr", "en", "ar"]
TOPICS = [1, 2, 3, 4]
PLACES = [1, 2, 3]


# --- an independent check of the hard rules, in minutes ---------------------------------


def minutes(windows, weekday):
    covered = set()
    for window in windows:
        if window.weekday == weekday:
            start = window.start.hour * 60 + window.start.minute
            covered |= set(range(start, window.end.hour * 60 + window.end.minute))
    return covered


def longest_run(covered):
    best = run = 0
    for minute in range(24 * 60):
        run = run + 1 if minute in covered else 0
        best = max(best, run)
    return best


def free_together(resident, volunteer, place, min_minutes):
    for day in range(7):
        wanted = minutes(resident.windows, day) if resident.windows else set(range(24 * 60))
        shared = wanted & minutes(volunteer.availability, day) & minutes(place.hours, day)
        if longest_run(shared) >= min_minutes:
            return True
    return False


def passes_hard_rules(resident, volunteer, place, weights):
    trained = {t.topic for t in volunteer.trainings if t.valid_on(ON)}
    return (
        volunteer.active
        and resident.needs <= trained
        and bool(resident.languages & volunteer.languages)
        and (place.id in resident.places or not resident.places)
        and place.id in volunteer.places
        and volunteer.id not in resident.excluded
        and free_together(resident, volunteer, place, weights.min_overlap_minutes)
    )


# --- random people ------------------------------------------------------------------


@st.composite
def windows(draw, max_size=3):
    found = []
    for _ in range(draw(st.integers(0, max_size))):
        start = draw(st.integers(6 * 12, 20 * 12)) * 5  # five-minute steps, 06:00-20:00
        length = draw(st.integers(3, 48)) * 5
        end = min(start + length, 23 * 60 + 55)
        day = draw(st.integers(0, 6))
        found.append(Window(day, time(start // 60, start % 60), time(end // 60, end % 60)))
    return tuple(found)


@st.composite
def trainings(draw):
    found = []
    for topic in draw(st.sets(st.sampled_from(TOPICS), max_size=4)):
        completed = ON - timedelta(days=draw(st.integers(-30, 400)))
        expires = draw(st.none() | st.just(completed + timedelta(days=draw(st.integers(1, 500)))))
        found.append(TrainingIn(topic, completed, expires))
    return tuple(found)


@st.composite
def volunteers(draw, n):
    return [
        VolunteerIn(
            id=100 + i,
            languages=frozenset(draw(st.sets(st.sampled_from(LANGUAGES), min_size=1, max_size=2))),
            places=frozenset(draw(st.sets(st.sampled_from(PLACES), min_size=1, max_size=3))),
            availability=draw(windows(max_size=4)),
            trainings=draw(trainings()),
            max_residents=(cap := draw(st.integers(1, 3))),
            current_residents=draw(st.integers(0, cap)),
            active=draw(st.booleans()) or draw(st.booleans()),
        )
        for i in range(n)
    ]


@st.composite
def residents(draw, n, volunteer_ids):
    found = []
    for i in range(n):
        some = st.sets(st.sampled_from(volunteer_ids), max_size=1) if volunteer_ids else st.just(())
        previous, excluded = draw(some), draw(some)
        found.append(
            ResidentIn(
                id=1 + i,
                language=draw(st.sampled_from(LANGUAGES[:3])),
                other_languages=frozenset(draw(st.sets(st.sampled_from(LANGUAGES), max_size=1))),
                needs=frozenset(draw(st.sets(st.sampled_from(TOPICS), max_size=2))),
                places=tuple(draw(st.lists(st.sampled_from(PLACES), unique=True, max_size=2))),
                windows=draw(windows()),
                waiting_since=NOW - timedelta(days=draw(st.integers(0, 400))),
                priority=draw(st.booleans()),
                previous_buddies=frozenset(previous),
                excluded=frozenset(excluded),
            )
        )
    return found


def places():
    return st.just(
        [
            PlaceIn(1, tuple(Window(d, time(9), time(12)) for d in range(5))),
            PlaceIn(2, tuple(Window(d, time(13, 30), time(17)) for d in range(1, 6))),
            PlaceIn(3, (Window(2, time(9), time(16, 45)),)),
        ]
    )


@st.composite
def instances(draw, max_residents=12, max_volunteers=8):
    vols = draw(volunteers(draw(st.integers(0, max_volunteers))))
    people = draw(residents(draw(st.integers(0, max_residents)), [v.id for v in vols]))
    return people, vols, draw(places())


# --- hard rules --------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_every_proposal_passes_every_hard_rule_and_no_volunteer_is_over_capacity(instance):
    people, vols, spots = instance
    weights = Weights()
    result = match(people, vols, spots, on=ON, now=NOW, weights=weights)
    by_id = {p.id: p for p in people}
    volunteer = {v.id: v for v in vols}
    place = {p.id: p for p in spots}
    for proposal in result.proposals:
        resident, buddy = by_id[proposal.resident], volunteer[proposal.volunteer]
        if proposal.open_topics:
            # A partial buddy: trained for the most urgent need, the rest named as open.
            trained = {t.topic for t in buddy.trainings if t.valid_on(ON)}
            assert resident.needs_by_urgency[0] in trained
            assert set(proposal.open_topics) == resident.needs - trained
            assert not candidates_for(resident, vols, spots, on=ON, now=NOW)
            resident = replace(resident, needs=resident.needs & trained)
        assert passes_hard_rules(resident, buddy, place[proposal.place], weights)
    for buddy in vols:
        taken = sum(1 for p in result.proposals if p.volunteer == buddy.id)
        assert buddy.current_residents + taken <= buddy.max_residents
    assert len({p.resident for p in result.proposals}) == len(result.proposals)
    assert {p.resident for p in result.proposals} | {u.resident for u in result.unmatched} == set(
        by_id
    )


@settings(max_examples=80, deadline=None)
@given(instances(max_residents=3))
def test_a_resident_without_candidates_is_one_nobody_passes_the_rules_for(instance):
    """The reason for 'no buddy' is never given while some volunteer would pass."""
    people, vols, spots = instance
    result = match(people, vols, spots, on=ON, now=NOW)
    for unmatched in result.unmatched:
        if unmatched.rule == "taken_in_run":
            continue
        resident = next(p for p in people if p.id == unmatched.resident)
        fits = [
            (v, p)
            for v in vols
            for p in spots
            if passes_hard_rules(resident, v, p, Weights()) and v.room > 0
        ]
        # The engine counts in whole quarter hours, so it may find fewer, never more.
        assert all(not candidates_for(resident, [v], spots, on=ON, now=NOW) for v, _p in fits)


# --- optimality against brute force --------------------------------------------------


def brute_force(problem, found):
    """Best (matched count, total cents) over every assignment that respects capacities."""
    options = {}
    for k in range(len(found.resident)):
        options.setdefault(int(found.resident[k]), []).append(k)
    people = sorted(options)
    room = {i: v.room for i, v in enumerate(problem.volunteers)}
    best = (0, 0)

    def spread_total(taken):
        return sum(
            spread_cents(problem.weights, problem.volunteers[v], nth)
            for v, count in taken.items()
            for nth in range(1, count + 1)
        )

    def walk(index, taken, count, cents):
        nonlocal best
        if index == len(people):
            best = max(best, (count, cents + spread_total(taken)))
            return
        walk(index + 1, taken, count, cents)
        for k in options[people[index]]:
            v = int(found.volunteer[k])
            if taken.get(v, 0) < room[v]:
                taken[v] = taken.get(v, 0) + 1
                walk(index + 1, taken, count + 1, cents + int(found.cents[k]))
                taken[v] -= 1

    walk(0, {}, 0, 0)
    return best


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_residents=8, max_volunteers=6))
def test_batch_is_as_good_as_the_best_assignment_found_by_brute_force(instance):
    people, vols, spots = instance
    problem = Problem(people, vols, spots, on=ON, now=NOW, weights=Weights())
    found = candidates(problem)
    size = 1
    for resident in set(found.resident.tolist()):
        size *= 1 + int((found.resident == resident).sum())
    assume(size <= 200_000)
    result = match(people, vols, spots, on=ON, now=NOW)
    full = [p for p in result.proposals if not p.open_topics]  # partial ones come after
    total_cents = round(sum(p.score for p in full) * 100)
    assert (len(full), total_cents) == brute_force(problem, found)


def test_brute_force_comparison_sees_real_competition():
    """A fixed instance where the greedy choice is wrong: the optimum matches both."""
    morning = (Window(0, time(9), time(12)),)
    spot = [PlaceIn(1, morning)]
    both = VolunteerIn(10, frozenset({"nl", "fr"}), frozenset({1}), morning, max_residents=1)
    dutch = VolunteerIn(11, frozenset({"nl"}), frozenset({1}), morning, max_residents=1)
    people = [ResidentIn(1, "nl", places=(1,)), ResidentIn(2, "fr", places=(1,))]
    result = match(people, [both, dutch], spot, on=ON, now=NOW)
    assert {(p.resident, p.volunteer) for p in result.proposals} == {(1, 11), (2, 10)}


# --- scores and reasons --------------------------------------------------------------

MORNING = (Window(1, time(9), time(12)),)
PLACE = PlaceIn(1, MORNING)


def buddy(pk, languages=("nl",), topics=(1,), **extra):
    return VolunteerIn(
        pk,
        frozenset(languages),
        frozenset({1}),
        MORNING,
        tuple(TrainingIn(t, date(2025, 1, 1)) for t in topics),
        **extra,
    )


def test_previous_buddy_scores_highest():
    resident = ResidentIn(1, "nl", needs=frozenset({1}), previous_buddies=frozenset({11}))
    ranked = candidates_for(resident, [buddy(10), buddy(11), buddy(12)], [PLACE], on=ON, now=NOW)
    assert ranked[0].volunteer == 11
    assert "continuity" in {part.code for part in ranked[0].parts}


def test_when_capacity_is_short_the_resident_who_lost_a_buddy_goes_first():
    longest = ResidentIn(1, "nl", waiting_since=NOW - timedelta(weeks=10))
    lost_buddy = ResidentIn(2, "nl", waiting_since=NOW - timedelta(weeks=2), priority=True)
    result = match([longest, lost_buddy], [buddy(10, max_residents=1)], [PLACE], on=ON, now=NOW)
    assert [p.resident for p in result.proposals] == [2]
    assert result.unmatched[0].rule == "taken_in_run"


def test_when_capacity_is_short_the_longest_waiting_goes_first():
    longest = ResidentIn(1, "nl", waiting_since=NOW - timedelta(weeks=10))
    newer = ResidentIn(2, "nl", waiting_since=NOW - timedelta(weeks=2))
    result = match([newer, longest], [buddy(10, max_residents=1)], [PLACE], on=ON, now=NOW)
    assert [p.resident for p in result.proposals] == [1]


def test_load_is_spread_over_idle_volunteers_first():
    people = [ResidentIn(i, "nl") for i in (1, 2)]
    vols = [buddy(10, max_residents=3), buddy(11, max_residents=3)]
    result = match(people, vols, [PLACE], on=ON, now=NOW)
    assert {p.volunteer for p in result.proposals} == {10, 11}


def test_expired_training_does_not_count():
    expired = VolunteerIn(
        10, frozenset({"nl"}), frozenset({1}), MORNING, (TrainingIn(1, date(2024, 1, 1), ON),)
    )
    result = match([ResidentIn(1, "nl", needs=frozenset({1}))], [expired], [PLACE], on=ON, now=NOW)
    assert result.unmatched[0].rule == "not_trained"


def test_the_only_french_speaking_volunteer_for_a_topic_gone_names_language():
    myminfin = 7
    french = buddy(10, languages=("fr", "nl"), topics=(myminfin,))
    dutch = buddy(11, languages=("nl",), topics=(myminfin,))
    resident = ResidentIn(1, "fr", needs=frozenset({myminfin}), places=(1,))
    assert match([resident], [french, dutch], [PLACE], on=ON, now=NOW).proposals
    result = match([resident], [dutch], [PLACE], on=ON, now=NOW)
    assert result.unmatched[0].rule == "language"
    assert result.unmatched[0].params == {"topics": [myminfin], "languages": ["fr"]}


def test_a_window_shorter_than_a_session_is_not_free_together():
    short = VolunteerIn(10, frozenset({"nl"}), frozenset({1}), (Window(1, time(9), time(9, 45)),))
    result = match([ResidentIn(1, "nl")], [short], [PLACE], on=ON, now=NOW)
    assert result.unmatched[0].rule == "time"


def test_resident_times_when_the_place_is_closed_are_named():
    evening = ResidentIn(1, "nl", windows=(Window(1, time(18), time(20)),))
    result = match([evening], [buddy(10)], [PLACE], on=ON, now=NOW)
    assert result.unmatched[0].rule == "closed_at_times"


def test_proposal_names_the_weekly_time_and_place():
    resident = ResidentIn(1, "nl", windows=(Window(1, time(10), time(14)),))
    proposal = match([resident], [buddy(10)], [PLACE], on=ON, now=NOW).proposals[0]
    assert proposal.window == Window(1, time(10), time(12))
    codes = [part.code for part in proposal.parts]
    assert codes[:5] == ["trained", "language", "place", "time", "room"]
    assert proposal.score == sum(part.points for part in proposal.parts if part.points)


def test_unknown_weight_is_refused():
    try:
        Weights.from_dict({"continuity": 1, "charm": 5})
    except ValueError as error:
        assert "charm" in str(error)
    else:
        raise AssertionError("unknown weight accepted")


# --- partial buddies: the most urgent needs first --------------------------------------


def test_without_a_full_buddy_the_one_trained_for_the_most_urgent_need_is_proposed():
    resident = ResidentIn(1, "nl", needs=frozenset({1, 2, 3}), urgency=(2, 3, 1))
    vols = [buddy(10, topics=(1, 3)), buddy(11, topics=(2,)), buddy(12, topics=(3,))]
    result = match([resident], vols, [PLACE], on=ON, now=NOW)
    [proposal] = result.proposals
    assert proposal.volunteer == 11
    assert proposal.open_topics == (3, 1)
    assert proposal.parts[0].code == "still_open"
    assert proposal.parts[0].params == {"topics": [3, 1]}
    assert not result.unmatched


def test_among_partial_buddies_more_urgent_needs_covered_win():
    resident = ResidentIn(1, "nl", needs=frozenset({1, 2, 3}), urgency=(1, 2, 3))
    first_and_third = buddy(10, topics=(1, 3))
    first_and_second = buddy(11, topics=(1, 2))
    result = match([resident], [first_and_third, first_and_second], [PLACE], on=ON, now=NOW)
    assert [(p.volunteer, p.open_topics) for p in result.proposals] == [(11, (3,))]


def test_a_full_buddy_wins_over_a_partial_one_and_takes_the_room_first():
    full_needs = ResidentIn(1, "nl", needs=frozenset({1, 2}), waiting_since=NOW)
    partial = ResidentIn(2, "nl", needs=frozenset({1, 3}), waiting_since=NOW - timedelta(weeks=20))
    vols = [buddy(10, topics=(1, 2), max_residents=1)]
    result = match([full_needs, partial], vols, [PLACE], on=ON, now=NOW)
    assert [(p.resident, p.open_topics) for p in result.proposals] == [(1, ())]
    assert (result.unmatched[0].rule, result.unmatched[0].params) == (
        "not_trained",
        {"topics": [3]},
    )


def test_a_resident_who_lost_out_on_room_gets_no_partial_buddy_instead():
    """Someone a full buddy exists for waits for one: no partial proposal."""
    first = ResidentIn(1, "nl", needs=frozenset({1, 2}), priority=True)
    second = ResidentIn(2, "nl", needs=frozenset({1, 2}))
    vols = [buddy(10, topics=(1, 2), max_residents=1), buddy(11, topics=(1,))]
    result = match([first, second], vols, [PLACE], on=ON, now=NOW)
    assert [p.resident for p in result.proposals] == [1]
    assert result.unmatched[0].rule == "taken_in_run"


def test_nobody_trained_for_the_most_urgent_need_means_no_partial_buddy():
    resident = ResidentIn(1, "nl", needs=frozenset({1, 2}), urgency=(2, 1))
    result = match([resident], [buddy(10, topics=(1,))], [PLACE], on=ON, now=NOW)
    assert not result.proposals
    assert result.unmatched[0].rule == "not_trained"


def test_without_an_order_the_needs_count_by_topic_id():
    assert ResidentIn(1, "nl", needs=frozenset({3, 1, 2})).needs_by_urgency == (1, 2, 3)
    assert ResidentIn(1, "nl", needs=frozenset({3, 1}), urgency=(3, 9)).needs_by_urgency == (3, 1)
