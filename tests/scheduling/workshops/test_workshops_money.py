from datetime import date
from decimal import Decimal

import pytest
import time_machine

from scheduling.workshops import selectors, services
from scheduling.workshops.money import MoneySummary, euro
from tests.scheduling.workshops.workshop_builders import brussels, workshop

pytestmark = pytest.mark.django_db
D = Decimal


def person(w, by, name, tariff="standard"):
    return services.register(
        workshop=w, by=by, walk_in_name=name, walk_in_phone="+32470112233", tariff=tariff,
        social_tariff_by=by if tariff == "social" else None,
    )  # fmt: skip


def pay(registration, amount, by, method="cash"):
    services.record_payment(registration=registration, amount=D(amount), method=method, by=by)


@pytest.fixture
def mixed(coordinator):
    """Three workshops, hand-counted below: mixed tariffs, partial payments, a refund."""
    march = workshop(start=brussels(2026, 3, 17, 10), capacity=6)
    cents = workshop(start=brussels(2026, 3, 31, 10), social_price=D("0.10"), title="Itsme")
    # 00:30 on 1 April in Brussels is still 31 March in UTC: it counts for April.
    april = workshop(
        start=brussels(2026, 4, 1, 0, 30), standard_price=D("7.50"), social_price=D("1.50")
    )
    by = coordinator
    with time_machine.travel(brussels(2026, 3, 2, 9), tick=False):
        r1, r2 = person(march, by, "R1"), person(march, by, "R2")
        r3, _r4 = person(march, by, "R3", "social"), person(march, by, "R4", "social")
        r5, r6 = person(march, by, "R5"), person(march, by, "R6")
        person(march, by, "R7")  # waitlisted: owes nothing
        pay(r1, "5.00", by), pay(r2, "2.50", by, "payconiq"), pay(r3, "1.00", by)
        pay(r6, "5.00", by)
        services.cancel_registration(registration=r5, by=by)  # unpaid: owes nothing
        services.cancel_registration(registration=r6, by=by)  # paid: to refund
        for name in ("C1", "C2", "C3"):
            pay(person(cents, by, name, "social"), "0.10", by)
        pay(person(april, by, "A1"), "7.50", by, "invoice")
        pay(person(april, by, "A2", "social"), "0.75", by)
    with time_machine.travel(march.start, tick=False):
        services.mark_attendance(registration=r2, attended=True, by=by)
        services.mark_attendance(registration=r3, attended=False, by=by)
    return march, cents, april


def test_workshop_money_matches_the_hand_count(mixed):
    march, _cents, _april = mixed
    assert selectors.workshop_money(march) == MoneySummary(
        standard_count=2, social_count=2, standard_due=D("10.00"), social_due=D("2.00"),
        received=D("8.50"), to_refund=D("5.00"),
    )  # fmt: skip
    money = selectors.workshop_money(march)
    assert (money.count, money.due, money.outstanding) == (4, D("12.00"), D("3.50"))


def test_cents_add_up_exactly(mixed):
    _march, cents, _april = mixed
    money = selectors.workshop_money(cents)
    assert (money.social_count, money.social_due, money.received) == (3, D("0.30"), D("0.30"))
    assert money.outstanding == D("0.00")


def test_money_by_month_follows_brussels_months(mixed):
    months = selectors.money_by_month(date(2026, 1, 1), date(2026, 12, 31))
    assert [m.month for m in months] == [date(2026, 3, 1), date(2026, 4, 1)]
    march, april = months[0].money, months[1].money
    assert (march.standard_count, march.social_count) == (2, 5)
    assert (march.due, march.received, march.outstanding, march.to_refund) == (
        D("12.30"), D("8.80"), D("3.50"), D("5.00"),
    )  # fmt: skip
    assert (april.standard_count, april.social_count) == (1, 1)
    assert (april.due, april.received, april.outstanding) == (D("9.00"), D("8.25"), D("0.75"))


def test_per_workshop_list_carries_the_same_figures(mixed):
    rows = selectors.workshops_with_money(date(2026, 3, 1), date(2026, 3, 31))
    assert [(w.money.due, w.money.received) for w in rows] == [
        (D("12.00"), D("8.50")), (D("0.30"), D("0.30")),
    ]  # fmt: skip


def test_money_page_shows_the_month_totals(mixed, client_for, coordinator):
    response = client_for(coordinator).get("/workshops/manage/money/?year=2026")
    assert response.status_code == 200
    text = response.content.decode()
    assert "12,30" in text and "8,80" in text and "3,50" in text


def test_euro_is_written_the_belgian_way():
    from django.utils import translation

    with translation.override("nl"):
        assert euro(D("1234.5")) == "€\u00a01234,50"
