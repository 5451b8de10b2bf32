import pytest
import time_machine

from tests.referrals.reports import report_data as data
from tests.scheduling.outcomes import autonomy_data


@pytest.fixture
def made(volunteer, other_volunteer, coordinator, settings):
    """The autonomy history of autonomy_data.py, seen on 15 April 2026."""
    settings.AUTONOMY_RECHECK_DAYS = autonomy_data.DAYS
    with time_machine.travel(data.TODAY, tick=False):
        built = data.build(volunteer, other_volunteer, coordinator)
    autonomy_data.build(built, coordinator)
    with time_machine.travel(data.TODAY, tick=False):
        yield built
