"""Where the pure matching engine keeps its own copy of a domain rule, it agrees
with the rule's one home in the Django code."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from buddies.models import Training
from scheduling.matching.engine import TrainingIn

DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))


@given(completed=DAYS, lasts=st.none() | st.integers(1, 1500), day=DAYS)
def test_the_engine_and_the_model_agree_on_valid_training(completed, lasts, day):
    expires = completed + timedelta(days=lasts) if lasts else None
    model = Training(topic_id=1, completed_on=completed, expires_on=expires)
    engine = TrainingIn(topic=1, completed_on=completed, expires_on=expires)
    assert engine.valid_on(day) == model.is_valid_on(day)
