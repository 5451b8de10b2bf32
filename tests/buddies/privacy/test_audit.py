"""The access log: full-record views, exports, erasures and shares are logged, by whom,
and coordinators (only) can read a resident's log."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from buddies import data_rights
from buddies.models import AuditEvent, BuddyPair, Resident
from referrals.models import OutgoingReferral
from referrals.outgoing import links, services
from tests.referrals.conftest import make_referral, make_service

Action = AuditEvent.Action


def events(resident, **filters):
    return list(AuditEvent.objects.filter(resident_id=resident.pk, **filters))


def only_event(resident):
    logged = events(resident)
    assert len(logged) == 1, logged
    return logged[0]


def test_coordinator_viewing_the_resident_page_is_logged(client_for, coordinator, resident):
    url = f"/people/residents/{resident.pk}/"
    assert client_for(coordinator).get(url + "?tab=1").status_code == 200
    event = only_event(resident)
    assert (event.action, event.actor, event.actor_kind) == (Action.VIEWED, coordinator, "user")
    assert (event.object_type, event.object_id) == ("buddies.resident", str(resident.pk))
    assert event.path == url  # no query string


def test_referring_social_worker_viewing_the_record_is_logged(client_for, social_worker, resident):
    assert client_for(social_worker).get(f"/people/residents/{resident.pk}/").status_code == 200
    assert only_event(resident).actor == social_worker


def test_buddy_short_view_is_logged_too(client_for, volunteer, resident):
    BuddyPair.objects.create(resident=resident, volunteer=volunteer.volunteer)
    assert client_for(volunteer).get(f"/people/residents/{resident.pk}/").status_code == 200
    event = only_event(resident)
    assert (event.action, event.actor) == (Action.VIEWED, volunteer)


def test_refused_view_logs_nothing(client_for, other_social_worker, resident):
    response = client_for(other_social_worker).get(f"/people/residents/{resident.pk}/")
    assert response.status_code == 404
    assert events(resident) == []


def test_api_retrieve_and_list_are_logged(client_for, coordinator, resident):
    client = client_for(coordinator)
    assert client.get("/api/v1/residents/").status_code == 200
    assert only_event(resident).action == Action.LISTED
    assert client.get(f"/api/v1/residents/{resident.pk}/").status_code == 200
    event = events(resident, action=Action.VIEWED)[0]
    assert event.path == f"/api/v1/residents/{resident.pk}/"


@pytest.mark.parametrize(
    "url", ["/people/residents/{pk}/export/", "/people/residents/{pk}/export/?format=json",
            "/api/v1/residents/{pk}/export/"],
)  # fmt: skip
def test_export_is_logged_on_page_and_api(client_for, coordinator, resident, url):
    assert client_for(coordinator).get(url.format(pk=resident.pk)).status_code == 200
    event = only_event(resident)
    assert (event.action, event.actor) == (Action.EXPORTED, coordinator)


@pytest.mark.parametrize("url", ["/people/residents/{pk}/erase/", "/api/v1/residents/{pk}/erase/"])
def test_erasure_is_logged_on_page_and_api(client_for, coordinator, resident, url):
    response = client_for(coordinator).post(url.format(pk=resident.pk))
    assert response.status_code in (200, 302)
    event = only_event(resident)
    assert (event.action, event.actor) == (Action.ERASED, coordinator)


def test_retention_erasure_is_logged_as_the_system(resident):
    Resident.objects.filter(pk=resident.pk).update(
        status=Resident.Status.CLOSED, closed_at=timezone.now() - timedelta(days=800)
    )
    assert data_rights.apply_retention() == 1
    event = only_event(resident)
    assert (event.action, event.actor, event.actor_kind) == (Action.ERASED, None, "system")


def test_log_rows_carry_ids_not_personal_data(client_for, coordinator, resident):
    client_for(coordinator).get(f"/people/residents/{resident.pk}/export/?format=json")
    values = " ".join(str(v) for v in AuditEvent.objects.values().get().values())
    for personal in (resident.first_name, resident.last_name, str(resident.phone)):
        assert personal not in values


@pytest.fixture
def card_stop(db):
    return make_service()


def test_sending_a_referral_to_a_partner_is_logged_as_a_share(
    coordinator, resident, card_stop, django_capture_on_commit_callbacks
):
    referral = make_referral(resident, card_stop, coordinator, status=OutgoingReferral.Status.NEW)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_to_partner(referral=referral, by=coordinator)
    assert len(mail.outbox) == 1
    event = only_event(resident)
    assert (event.action, event.actor) == (Action.SHARED, coordinator)
    assert (event.object_type, event.object_id) == ("referrals.outgoingreferral", str(referral.pk))


def test_a_share_that_could_not_be_sent_is_not_logged(coordinator, resident):
    no_mail = make_service("Politie", email="")
    referral = make_referral(resident, no_mail, coordinator, status=OutgoingReferral.Status.NEW)
    with pytest.raises(Exception, match="no e-mail address"):
        services.send_to_partner(referral=referral, by=coordinator)
    assert events(resident) == []


def test_api_transition_to_sent_is_logged(client_for, coordinator, resident, card_stop):
    referral = make_referral(resident, card_stop, coordinator, status=OutgoingReferral.Status.NEW)
    response = client_for(coordinator).post(
        f"/api/v1/outgoing-referrals/{referral.pk}/transitions/", {"to": "sent"}
    )
    assert response.status_code == 201
    assert only_event(resident).action == Action.SHARED


def test_chasing_a_partner_again_is_a_share_by_the_system(coordinator, resident, card_stop):
    referral = make_referral(resident, card_stop, coordinator)
    OutgoingReferral.objects.filter(pk=referral.pk).update(
        sent_at=timezone.now() - timedelta(days=30)
    )
    assert services.chase_unanswered() == 1
    event = only_event(resident)
    assert (event.action, event.actor_kind) == (Action.SHARED, "system")


def test_partner_opening_its_link_is_logged_with_the_token_masked(
    client, coordinator, resident, card_stop
):
    referral = make_referral(resident, card_stop, coordinator)
    token = links.make_token(referral_id=referral.pk, partner_id=card_stop.partner_id)
    assert client.get(f"/answer/{referral.pk}/{token}/").status_code == 200
    event = only_event(resident)
    assert (event.action, event.actor_kind, event.actor) == (Action.VIEWED, "partner", None)
    assert event.path == f"/answer/{referral.pk}/***/"


def test_coordinator_reads_the_access_log_and_that_read_is_logged(
    client_for, coordinator, social_worker, resident
):
    client_for(social_worker).get(f"/people/residents/{resident.pk}/")
    client = client_for(coordinator)
    detail = client.get(f"/people/residents/{resident.pk}/").content.decode()
    assert f"/people/residents/{resident.pk}/access-log/" in detail
    page = client.get(f"/people/residents/{resident.pk}/access-log/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Sofie" in text and "Ann" in text
    assert [e.action for e in events(resident)] == [
        Action.AUDIT_VIEWED, Action.VIEWED, Action.VIEWED,
    ]  # fmt: skip


def test_api_access_log_for_coordinators(client_for, coordinator, resident):
    client = client_for(coordinator)
    client.get(f"/api/v1/residents/{resident.pk}/")
    body = client.get(f"/api/v1/residents/{resident.pk}/access-log/").json()
    assert [row["action"] for row in body["results"]] == ["audit_viewed", "viewed"]
    assert body["results"][1]["actor"] == coordinator.pk


@pytest.mark.parametrize("who", ["social_worker", "volunteer", "stranger"])
def test_only_coordinators_see_the_access_log(client_for, resident, who, request):
    client = client_for(request.getfixturevalue(who))
    assert client.get(f"/people/residents/{resident.pk}/access-log/").status_code == 403
    assert client.get(f"/api/v1/residents/{resident.pk}/access-log/").status_code == 403
    assert events(resident) == []


def test_access_log_page_costs_fixed_queries(
    client_for, coordinator, resident, django_assert_max_num_queries
):
    client = client_for(coordinator)
    url = f"/people/residents/{resident.pk}/access-log/"
    client.get(url)
    with django_assert_max_num_queries(12):
        client.get(url)
    for _ in range(60):
        client.get(f"/people/residents/{resident.pk}/")
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
