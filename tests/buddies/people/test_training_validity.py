"""One rule for "is this training valid on that day", for a row and for a query."""

from datetime import date, timedelta

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from buddies.models import Topic, Training

DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))
# (completed_on, days until it expires or None)
TRAININGS = st.lists(st.tuples(DAYS, st.none() | st.integers(1, 400)), min_size=1, max_size=6)


def test_a_training_is_valid_from_its_completion_until_the_day_before_it_expires():
    training = Training(completed_on=date(2026, 1, 10), expires_on=date(2026, 6, 1))
    assert not training.is_valid_on(date(2026, 1, 9))
    assert training.is_valid_on(date(2026, 1, 10))
    assert training.is_valid_on(date(2026, 5, 31))
    assert not training.is_valid_on(date(2026, 6, 1))
    assert Training(completed_on=date(2026, 1, 10)).is_valid_on(date(2040, 1, 1))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=TRAININGS, day=DAYS)
def test_the_query_picks_exactly_the_trainings_valid_that_day(rows, day, volunteer):
    with transaction.atomic():
        made = [
            Training.objects.create(
                volunteer=volunteer.volunteer,
                topic=Topic.objects.create(slug=f"t{index}", name_nl=f"t{index}"),
                completed_on=completed,
                expires_on=completed + timedelta(days=lasts) if lasts else None,
            )
            for index, (completed, lasts) in enumerate(rows)
        ]
        valid = set(Training.objects.valid_on(day).values_list("pk", flat=True))
        assert valid == {t.pk for t in made if t.is_valid_on(day)}
        transaction.set_rollback(True)
