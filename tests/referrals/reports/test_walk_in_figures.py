"""The reach report's walk-in figures, on visits counted by hand."""

from datetime import date, datetime, time

import pytest
import time_machine

from buddies.models import Topic
from referrals.reports import registry
from referrals.reports.scope import Scope
from scheduling.models import HelpSession, WalkInVisit
from scheduling.sessions import booking
from tests.scheduling.conftest import BRUSSELS, make_place

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def _visit(place, day: date, *, returning=False):
    return WalkInVisit.objects.create(
        location=place, at=datetime.combine(day, time(10), tzinfo=BRUSSELS), returning=returning
    )


@pytest.fixture
def corners(db, coordinator, resident):
    topic = Topic.objects.create(slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme")
    a, b = make_place("LDC A"), make_place("LDC B")
    _visit(a, date(2026, 3, 2))
    _visit(a, date(2026, 3, 3), returning=True)
    _visit(a, date(2026, 3, 31), returning=True)  # the last day counts
    _visit(b, date(2026, 3, 10))
    _visit(a, date(2026, 2, 28), returning=True)  # before the period
    _visit(b, date(2026, 4, 1))  # after it
    with time_machine.travel(datetime(2026, 3, 1, 8, tzinfo=BRUSSELS), tick=False):
        for day in (2, 3):  # one resident, two sessions at A: counted once
            booking.book_session(
                resident=resident, location=a, topics=[topic], by=coordinator,
                start=datetime(2026, 3, day, 10, tzinfo=BRUSSELS),
            )  # fmt: skip
        cancelled = booking.book_session(
            resident=resident, location=b, topics=[topic], by=coordinator,
            start=datetime(2026, 3, 4, 10, tzinfo=BRUSSELS),
        )  # fmt: skip
    HelpSession.objects.filter(pk=cancelled.pk).update(status=HelpSession.Status.CANCELLED)
    return a, b


def figures(location=None) -> dict:
    report = registry.build("reach", Scope(*MARCH, location))
    return {f.key: f.value for f in report.figures}


def test_walk_ins_returning_and_booked_residents_in_the_period(corners):
    reach = figures()
    assert reach["walk_ins"] == 4  # 2, 3 and 31 March at A; 10 March at B
    assert reach["walk_ins.returning"] == 2  # 3 and 31 March
    assert reach["booked_residents"] == 1  # Maria, twice at A; the cancelled one not
    assert reach["residents"] == 0  # no session done: the earlier figures stay as they were


def test_walk_in_figures_follow_the_place(corners):
    a, b = corners
    assert (figures(a)["walk_ins"], figures(a)["walk_ins.returning"]) == (3, 2)
    assert (figures(b)["walk_ins"], figures(b)["booked_residents"]) == (1, 0)


def test_the_rows_behind_walk_ins_name_no_visitor(corners):
    rows = registry.REPORTS["reach"].rows(Scope(*MARCH), {"figure": "walk_ins_returning"})
    assert [r.at.date() for r in rows.queryset] == [date(2026, 3, 3), date(2026, 3, 31)]
    booked = registry.REPORTS["reach"].rows(Scope(*MARCH), {"figure": "booked"})
    assert len(list(booked.queryset)) == 1
