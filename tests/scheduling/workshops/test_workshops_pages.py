from datetime import timedelta

import pytest
import time_machine

from scheduling.models import WorkshopRegistration
from scheduling.workshops import services
from tests.scheduling.workshops.workshop_builders import brussels, place, workshop

pytestmark = pytest.mark.django_db
NOW = brussels(2026, 3, 2, 9)


@pytest.fixture(autouse=True)
def before_the_workshops():
    with time_machine.travel(NOW, tick=False):
        yield


def in_english(client):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def staff_urls(w, registration):
    return [
        "/workshops/manage/",
        f"/workshops/manage/{w.pk}/",
        f"/workshops/manage/{w.pk}/register/",
        f"/workshops/manage/registrations/{registration.pk}/",
    ]


def coordinator_urls(w):
    return [
        "/workshops/manage/new/",
        "/workshops/manage/money/",
        f"/workshops/manage/{w.pk}/edit/",
        f"/workshops/manage/{w.pk}/places/",
        f"/workshops/manage/{w.pk}/attendance/",
    ]


@pytest.fixture
def booked(coordinator, resident):
    w = workshop()
    registration = services.register(workshop=w, resident=resident, by=coordinator)
    return w, registration


def test_public_list_is_open_and_plain(client):
    w = workshop()
    response = client.get("/workshops/", HTTP_ACCEPT_LANGUAGE="nl")
    text = response.content.decode()
    assert response.status_code == 200
    assert w.title_nl in text
    assert "dinsdag 17 maart 2026" in text
    assert "02 370 88 80" in text and 'href="tel:+3223708880"' in text
    assert "5,00" in text and "1,00" in text


def test_public_list_hides_cancelled_and_past_workshops(client):
    workshop(title="Geannuleerd", status="cancelled")
    workshop(title="Voorbij", start=NOW - timedelta(days=3))
    text = client.get("/workshops/").content.decode()
    assert "Geannuleerd" not in text and "Voorbij" not in text


def test_anonymous_visitors_are_sent_to_log_in(client, booked):
    w, registration = booked
    for url in staff_urls(w, registration) + coordinator_urls(w):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_volunteers_and_strangers_get_403(client_for, volunteer, stranger, booked):
    w, registration = booked
    for user in (volunteer, stranger):
        client = client_for(user)
        for url in staff_urls(w, registration) + coordinator_urls(w):
            assert client.get(url).status_code == 403, (user, url)


def test_coordinator_reaches_every_page(client_for, coordinator, booked):
    w, registration = booked
    client = client_for(coordinator)
    for url in staff_urls(w, registration) + coordinator_urls(w):
        assert client.get(url).status_code == 200, url


def test_social_worker_sees_only_their_own_residents(
    client_for, social_worker, other_social_worker, booked
):
    w, registration = booked
    own = client_for(social_worker)
    assert "Maria" in own.get(f"/workshops/manage/{w.pk}/").content.decode()
    assert own.get(f"/workshops/manage/registrations/{registration.pk}/").status_code == 200
    for url in coordinator_urls(w):
        assert own.get(url).status_code == 403, url
    other = client_for(other_social_worker)
    assert "Maria" not in other.get(f"/workshops/manage/{w.pk}/").content.decode()
    assert other.get(f"/workshops/manage/registrations/{registration.pk}/").status_code == 404


def test_social_worker_registers_own_resident_with_social_tariff(
    client_for, social_worker, resident
):
    w = workshop()
    response = client_for(social_worker).post(
        f"/workshops/manage/{w.pk}/register/",
        {"resident": resident.pk, "tariff": "social", "social_tariff_checked": "on"},
    )
    assert response.status_code == 302
    registration = WorkshopRegistration.objects.get()
    assert registration.social_tariff_by == social_worker
    assert str(registration.price_due) == "1.00"


def test_social_worker_cannot_pick_another_workers_resident(
    client_for, other_social_worker, resident
):
    w = workshop()
    response = client_for(other_social_worker).post(
        f"/workshops/manage/{w.pk}/register/", {"resident": resident.pk, "tariff": "standard"}
    )
    assert response.status_code == 200
    assert not WorkshopRegistration.objects.exists()


def test_form_refuses_social_tariff_without_the_card_check(client_for, coordinator):
    w = workshop()
    response = in_english(client_for(coordinator)).post(
        f"/workshops/manage/{w.pk}/register/",
        {"walk_in_name": "Jos", "walk_in_phone": "0470 11 22 33", "tariff": "social"},
    )
    text = response.content.decode()
    assert response.status_code == 200 and 'class="error-summary"' in text
    assert "checked the UiTPAS card" in text
    assert not WorkshopRegistration.objects.exists()


def test_form_refuses_a_wrong_uitpas_number(client_for, coordinator):
    w = workshop()
    response = in_english(client_for(coordinator)).post(
        f"/workshops/manage/{w.pk}/register/",
        {"walk_in_name": "Jos", "walk_in_phone": "0470 11 22 33", "tariff": "standard",
         "uitpas_number": "1234"},
    )  # fmt: skip
    assert "A UiTPAS number has 13 digits" in response.content.decode()
    assert not WorkshopRegistration.objects.exists()


def test_staff_confirm_an_offer_on_the_workshop_page(client_for, coordinator):
    w = workshop(capacity=1)
    first, second = (
        services.register(workshop=w, by=coordinator, walk_in_name=n, walk_in_phone="+3223771122")
        for n in ("A", "B")
    )
    client = in_english(client_for(coordinator))
    client.post(f"/workshops/manage/registrations/{first.pk}/cancel/")
    page = client.get(f"/workshops/manage/{w.pk}/").content.decode()
    assert "Confirm the place for B" in page
    client.post(f"/workshops/manage/registrations/{second.pk}/confirm/")
    second.refresh_from_db()
    assert second.status == "registered"


def test_coordinator_plans_a_workshop_with_the_form(client_for, coordinator):
    location = place()
    response = client_for(coordinator).post(
        "/workshops/manage/new/",
        {"title_nl": "MyMinfin", "location": location.pk, "day": "2026-03-19",
         "start_time": "10:00", "end_time": "12:00", "capacity": "8",
         "trainer_organisation": "FOD Financiën", "standard_price": "5.00",
         "social_price": "1.00", "deadline_day": "2026-03-18", "deadline_time": "12:00"},
    )  # fmt: skip
    assert response.status_code == 302
    from scheduling.models import Workshop

    created = Workshop.objects.get()
    assert created.start == brussels(2026, 3, 19, 10)


def test_form_refuses_a_time_skipped_by_the_clocks(client_for, coordinator):
    response = in_english(client_for(coordinator)).post(
        "/workshops/manage/new/",
        {"title_nl": "Itsme", "location": place().pk, "day": "2026-03-29",
         "start_time": "02:30", "end_time": "04:00", "capacity": "8",
         "trainer_organisation": "KBC", "standard_price": "5.00", "social_price": "1.00",
         "deadline_day": "2026-03-27", "deadline_time": "12:00"},
    )  # fmt: skip
    assert "does not exist" in response.content.decode()


def test_attendance_list_prints_tariff_and_paid(client_for, coordinator, booked):
    w, registration = booked
    services.record_payment(registration=registration, amount="2.50", method="cash", by=coordinator)
    text = client_for(coordinator).get(f"/workshops/manage/{w.pk}/attendance/").content.decode()
    assert "Maria" in text and "2,50" in text and "5,00" in text


def _queries(client, url, django_assert_max_num_queries) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _fill(count: int, coordinator, resident=None):
    for index in range(count):
        w = workshop(title=f"Workshop {index}", capacity=3)
        for n in range(4):
            services.register(
                workshop=w, by=coordinator, walk_in_name=f"P{n}", walk_in_phone="+32470112233"
            )
    return w


@pytest.mark.parametrize(
    "url",
    ["/workshops/", "/workshops/manage/", "/workshops/manage/money/?year=2026", "detail",
     "attendance"],
)  # fmt: skip
def test_lists_cost_the_same_queries_at_two_sizes(
    client_for, coordinator, url, django_assert_max_num_queries
):
    client = client_for(coordinator)
    w = _fill(2, coordinator)
    path = {
        "detail": f"/workshops/manage/{w.pk}/",
        "attendance": f"/workshops/manage/{w.pk}/attendance/",
    }
    small = _queries(client, path.get(url, url), django_assert_max_num_queries)
    _fill(15, coordinator)
    w = workshop(title="Big", capacity=30)
    for n in range(35):
        services.register(
            workshop=w, by=coordinator, walk_in_name=f"Q{n}", walk_in_phone="+32470112233"
        )
    path = {
        "detail": f"/workshops/manage/{w.pk}/",
        "attendance": f"/workshops/manage/{w.pk}/attendance/",
    }
    with django_assert_max_num_queries(small):
        client.get(path.get(url, url))
