"""One home for Brussels wall time: sessions, series and workshops all go through it."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from buddies.errors import RuleError
from scheduling.places.times import combine, local_zone

# Around both changes of 2026 (29 March, 25 October) and some ordinary days.
DAYS = st.sampled_from(
    [date(2026, 3, 28), date(2026, 3, 29), date(2026, 3, 30), date(2026, 10, 25), date(2026, 7, 1)]
)
TIMES = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 59]))


def _offsets(day: date, at: time) -> set[timedelta]:
    """Every UTC offset under which this wall time really happens (none, one or two)."""
    naive = datetime.combine(day, at)
    found = set()
    for fold in (0, 1):
        aware = naive.replace(tzinfo=local_zone(), fold=fold)
        back = aware.astimezone(UTC).astimezone(local_zone()).replace(tzinfo=None)
        if back == naive:
            found.add(aware.utcoffset())
    return found


@given(day=DAYS, at=TIMES)
def test_a_wall_time_is_placed_only_when_it_happens_exactly_once(day, at):
    offsets = _offsets(day, at)
    if len(offsets) == 1:
        placed = combine(day, at)
        assert placed.utcoffset() in offsets
        assert placed.astimezone(local_zone()).replace(tzinfo=None) == datetime.combine(day, at)
        return
    with pytest.raises(RuleError) as refused:
        combine(day, at)
    assert refused.value.code == ("nonexistent_time" if not offsets else "ambiguous_time")


def test_a_workshop_form_refuses_a_skipped_hour_as_a_booking_does(place):
    from scheduling.workshops.forms import WorkshopForm

    form = WorkshopForm(
        data={"title_nl": "Itsme", "location": place.pk, "day": "2026-03-29",
              "start_time": "02:30", "end_time": "04:00", "capacity": "8",
              "trainer_organisation": "KBC", "standard_price": "5.00", "social_price": "1.00",
              "deadline_day": "2026-03-27", "deadline_time": "12:00"}
    )  # fmt: skip
    with pytest.raises(RuleError) as refused:
        combine(date(2026, 3, 29), time(2, 30))
    assert not form.is_valid()
    assert form.errors["start_time"] == [str(refused.value.message)]
    assert "The next valid time is 03:00" in form.errors["start_time"][0]
