"""Twenty people phone in for the last place at once: exactly one gets it."""

import itertools
import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection

from scheduling.workshops import services
from tests.scheduling.workshops.workshop_builders import brussels, workshop

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
    ),
]
CALLERS = 20


def _register_all(w, coordinator) -> list:
    barrier = threading.Barrier(CALLERS)
    results, errors = [None] * CALLERS, []

    def call(index: int) -> None:
        try:
            barrier.wait()
            results[index] = services.register(
                workshop=w, by=coordinator, walk_in_name=f"Caller {index:02}",
                walk_in_phone="+32470112233",
            )  # fmt: skip
        except Exception as error:  # reported below, with the thread's own traceback
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=call, args=(i,)) for i in range(CALLERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


def test_twenty_callers_for_the_last_place_one_wins_nineteen_wait_in_order(coordinator):
    # A fixed wall clock (no tick) would give every row the same created_at; let it run.
    with time_machine.travel(brussels(2026, 3, 2, 9), tick=True):
        w = workshop(capacity=5)
        for index in range(4):
            services.register(
                workshop=w, by=coordinator, walk_in_name=f"Early {index}",
                walk_in_phone="+32470112233",
            )  # fmt: skip
        results = _register_all(w, coordinator)
        _check_outcome(w, results, coordinator)


def _check_outcome(w, results, coordinator) -> None:
    registered = [r for r in results if r.status == "registered"]
    waiting = [r for r in results if r.status == "waitlisted"]
    assert len(registered) == 1
    assert len(waiting) == CALLERS - 1
    assert w.registrations.filter(status="registered").count() == 5

    # Arrival order is the order the workshop lock was granted: the winner came
    # first, and the waitlist's order (created_at, pk) is that same order.
    in_line = list(w.registrations.filter(status="waitlisted").order_by("created_at", "pk"))
    assert [r.pk for r in in_line] == sorted(r.pk for r in waiting)
    assert all(a.created_at <= b.created_at for a, b in itertools.pairwise(in_line))
    assert registered[0].pk < in_line[0].pk

    # The first in line is the one offered the next free place.
    services.cancel_registration(registration=registered[0], by=coordinator)
    in_line[0].refresh_from_db()
    assert in_line[0].status == "offered"
    assert in_line[0].offer_expires_at - in_line[0].offered_at == timedelta(hours=48)
