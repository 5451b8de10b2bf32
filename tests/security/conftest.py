"""Shared by the access matrix and the API fuzz: a world of objects owned by the personas."""

from datetime import date

import pytest
import time_machine

from tests.scheduling.conftest import at
from tests.security.access_world import build_world


@pytest.fixture
def frozen():
    """Monday 2 March 2026, 08:00 in Brussels: sessions the world books are ahead."""
    with time_machine.travel(at(date(2026, 3, 2), 8), tick=False):
        yield


@pytest.fixture
def world(frozen, coordinator, social_worker, volunteer, resident):
    return build_world(
        coordinator=coordinator, social_worker=social_worker, volunteer=volunteer,
        resident=resident,
    )  # fmt: skip
