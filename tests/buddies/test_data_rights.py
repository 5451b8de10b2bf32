from datetime import date, time, timedelta

import pytest
import time_machine
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from buddies import data_rights
from buddies.models import Consent, Resident, Topic
from buddies.people import services
from scheduling.models import HelpSession
from scheduling.sessions import booking, series
from scheduling.workshops.services import register
from tests.scheduling.conftest import at, make_place, make_ready
from tests.scheduling.workshops.workshop_builders import workshop

SECRETS = ["Maria", "Van den Bossche", "470123456", "471998877", "maria.vdb@example.org",
           "Fabriekstraat 12", "Hoort slecht links", "Woont alleen", "Piet Van den Bossche",
           "487654321"]  # fmt: skip


def _is_text(type_code) -> bool:
    if connection.vendor == "postgresql":
        return type_code in (25, 1042, 1043, 114, 3802)  # text, char, varchar, json, jsonb
    return any(kind in str(type_code).lower() for kind in ("char", "text", "clob", "json"))


def rows_containing(text: str) -> list[str]:
    """Every text column of every table in the database that holds `text`."""
    hits = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                if not _is_text(column.type_code):
                    continue
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(table)} "  # noqa: S608 - names from the schema
                    f"WHERE LOWER(CAST({quote(column.name)} AS TEXT)) LIKE LOWER(%s)",
                    [f"%{text}%"],
                )
                if cursor.fetchone()[0]:
                    hits.append(f"{table}.{column.name}")
    return hits


@pytest.fixture
def lived_resident(full_resident, coordinator, social_worker):
    """Maria with history, a second number, a trusted contact, consents and an admin log."""
    resident = services.update_resident(
        resident=full_resident, by=coordinator, fields={"second_phone": "0471 99 88 77"}
    )
    resident = services.update_resident(
        resident=resident, by=social_worker, fields={"status": "active"}
    )
    services.add_trusted_contact(
        resident=resident, by=social_worker,
        fields={"name": "Piet Van den Bossche", "relation": "zoon", "phone": "0487 65 43 21",
                "channel": "sms"},
    )  # fmt: skip
    services.record_consent(
        resident=resident, by=social_worker, scope=Consent.Scope.PROGRAMME,
        given_by=Consent.GivenBy.RESIDENT,
        text_shown="Ik, Maria Van den Bossche, geef toestemming om mijn gegevens te bewaren.",
    )  # fmt: skip
    LogEntry.objects.log_actions(
        user_id=coordinator.pk, queryset=[resident], action_flag=CHANGE, change_message="[]",
        single_object=True,
    )  # fmt: skip
    return resident


@pytest.fixture
def scheduled_resident(lived_resident, volunteer, coordinator):
    """Maria as well with a cancelled session (its reason names her), a series and a workshop."""
    with time_machine.travel(at(date(2026, 3, 2), 8), tick=False):
        meander = make_place()
        itsme = Topic.objects.get(slug="itsme")
        make_ready(volunteer, meander, itsme)
        session = booking.book_session(
            resident=lived_resident, location=meander, topics=[itsme],
            start=at(date(2026, 3, 3), 10), volunteer=volunteer.volunteer, by=coordinator,
        )  # fmt: skip
        booking.cancel_session(
            session=session, by=coordinator, cancelled_by=HelpSession.CancelledBy.RESIDENT,
            reason="Maria Van den Bossche ligt in het ziekenhuis",
        )  # fmt: skip
        series.start_series(
            resident=lived_resident, location=meander, topics=[itsme],
            first_day=date(2026, 3, 10), local_start=time(14), by=coordinator,
        )  # fmt: skip
        register(workshop=workshop(location=meander), resident=lived_resident, by=coordinator)
    return lived_resident


def test_erasure_leaves_no_personal_field_anywhere(scheduled_resident, coordinator):
    lived_resident = scheduled_resident
    before = {text: rows_containing(text) for text in SECRETS}
    assert all(before.values()), before  # the search does find them while they are there
    assert "buddies_historicalresident.phone" in before["470123456"]
    assert "scheduling_helpsession.cancel_reason" in before["Van den Bossche"]

    data_rights.erase_resident(resident=lived_resident, by=coordinator)

    after = {text: rows_containing(text) for text in SECRETS}
    assert after == {text: [] for text in SECRETS}


def test_erasure_keeps_what_reports_count(lived_resident, coordinator, topics):
    history_rows = lived_resident.history.count()
    erased = data_rights.erase_resident(resident=lived_resident, by=coordinator)
    assert Resident.objects.count() == 1
    assert erased.anonymised_at is not None
    assert erased.status == "active" and erased.birth_year == 1945
    assert set(erased.needs.all()) == set(topics)
    assert Consent.objects.filter(resident=erased).count() == 1
    assert erased.history.count() == history_rows + 1
    assert erased.history.first().history_user == coordinator


def test_erasing_twice_is_refused(resident, coordinator):
    data_rights.erase_resident(resident=resident, by=coordinator)
    with pytest.raises(services.RuleError):
        data_rights.erase_resident(resident=resident, by=coordinator)


def test_erasure_runs_the_erasers_other_apps_register(resident, coordinator, monkeypatch):
    monkeypatch.setattr(data_rights, "_erasers", {})
    seen = []
    data_rights.register_eraser("sessions", lambda r: seen.append(r.pk))
    data_rights.erase_resident(resident=resident, by=coordinator)
    assert seen == [resident.pk]


def test_coordinator_erases_from_the_page_and_the_api(resident, coordinator, client_for):
    client = client_for(coordinator)
    url = reverse("buddies:resident-erase", args=[resident.pk])
    assert "Maria" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert Resident.objects.get().first_name == data_rights.ERASED
    assert client.post(f"/api/v1/residents/{resident.pk}/erase/").status_code == 400


def test_social_worker_cannot_erase(resident, social_worker, client_for):
    client = client_for(social_worker)
    assert client.post(reverse("buddies:resident-erase", args=[resident.pk])).status_code == 403
    assert client.post(f"/api/v1/residents/{resident.pk}/erase/").status_code == 403
    assert Resident.objects.get().first_name == "Maria"


def test_export_holds_consents_contacts_history_and_registered_sections(
    lived_resident, coordinator, client_for, monkeypatch
):
    monkeypatch.setattr(data_rights, "_sections", dict(data_rights._sections))
    data_rights.register_export_section(
        "sessions", title="Help sessions", collect=lambda r: [{"resident": r.pk, "topic": "itsme"}]
    )
    data_rights.register_export_section(
        "referrals", title="Referrals", collect=lambda r: [{"partner": "Card Stop"}]
    )
    body = client_for(coordinator).get(f"/api/v1/residents/{lived_resident.pk}/export/").json()
    assert body["resident"][0]["last_name"] == "Van den Bossche"
    assert body["resident"][0]["phone"] == "+32470123456"
    assert sorted(body["resident"][0]["needs"]) == ["email", "itsme"]
    assert body["consents"][0]["text_shown"].startswith("Ik, Maria")
    assert body["trusted_contacts"][0]["name"] == "Piet Van den Bossche"
    assert len(body["history"]) == 3
    assert body["sessions"] == [{"resident": lived_resident.pk, "topic": "itsme"}]
    assert body["referrals"] == [{"partner": "Card Stop"}]


def test_export_holds_the_residents_sessions_series_and_workshop_registrations(
    scheduled_resident, coordinator, client_for
):
    url = f"/api/v1/residents/{scheduled_resident.pk}/export/"
    body = client_for(coordinator).get(url).json()
    cancelled = next(row for row in body["sessions"] if row["status"] == "cancelled")
    assert cancelled["cancel_reason"] == "Maria Van den Bossche ligt in het ziekenhuis"
    assert (cancelled["place"], cancelled["topics"]) == ("LDC Meander", ["itsme"])
    assert [c["to_status"] for c in cancelled["status_changes"]] == ["claimed", "cancelled"]
    assert len(body["sessions"]) > 1  # the series' sessions too
    assert [row["local_start"] for row in body["series"]] == ["14:00:00"]
    assert [row["workshop"] for row in body["workshop_registrations"]] == ["Online bankieren"]
    assert all("resident" not in row for row in body["sessions"] + body["series"])


def test_printable_export_page_and_json_download(lived_resident, coordinator, client_for):
    client = client_for(coordinator)
    url = reverse("buddies:resident-export", args=[lived_resident.pk])
    page = client.get(url).content.decode()
    assert "Piet Van den Bossche" in page and "geef toestemming" in page
    download = client.get(url, {"format": "json"})
    assert download["Content-Disposition"].startswith("attachment")
    assert b"Van den Bossche" in download.content


def test_history_shows_who_changed_what_to_coordinators(lived_resident, coordinator, client_for):
    page = client_for(coordinator).get(reverse("buddies:resident-detail", args=[lived_resident.pk]))
    html = page.content.decode()
    assert 'id="history"' in html
    assert "Sofie" in html and "Ann" in html
    assert "+32471998877" in html  # the second phone: — → new number


def _closed(resident, months_ago: int):
    closed_at = timezone.now() - timedelta(days=31 * months_ago)
    Resident.objects.filter(pk=resident.pk).update(status="closed", closed_at=closed_at)


@time_machine.travel("2026-06-01 03:00 +02:00", tick=False)
def test_retention_erases_residents_closed_longer_than_the_period(
    resident, social_worker, coordinator
):
    recent = services.create_resident(
        by=social_worker,
        fields={"first_name": "Jeanne", "last_name": "Dubois", "phone": "0470 55 66 77",
                "preferred_channel": "sms"},
    )  # fmt: skip
    _closed(resident, 25)
    _closed(recent, 23)
    assert data_rights.apply_retention() == 1
    assert Resident.objects.get(pk=resident.pk).anonymised_at is not None
    assert Resident.objects.get(pk=recent.pk).first_name == "Jeanne"
    assert data_rights.apply_retention() == 0


@time_machine.travel("2026-06-01 03:00 +02:00", tick=False)
def test_retention_period_is_a_setting(resident, settings):
    settings.RESIDENT_RETENTION_MONTHS = 6
    _closed(resident, 7)
    assert data_rights.apply_retention() == 1


def test_retention_is_scheduled_daily_by_migration(db):
    from django_q.models import Schedule

    schedule = Schedule.objects.get(func="buddies.tasks.apply_retention")
    assert schedule.schedule_type == Schedule.DAILY


def test_retention_task_runs_through_the_queue(resident):
    from django_q.tasks import async_task

    _closed(resident, 30)
    async_task("buddies.tasks.apply_retention")
    assert Resident.objects.get(pk=resident.pk).anonymised_at is not None


def test_erased_residents_vanish_for_social_workers(resident, social_worker, coordinator):
    from buddies.people.selectors import residents_visible_to

    data_rights.erase_resident(resident=resident, by=coordinator)
    assert not residents_visible_to(social_worker).exists()
    assert residents_visible_to(coordinator).count() == 1


def test_admin_log_names_the_resident_no_more(lived_resident, coordinator):
    data_rights.erase_resident(resident=lived_resident, by=coordinator)
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(Resident))
    assert "Maria" not in entry.object_repr


@time_machine.travel("2026-06-01 03:00 +02:00", tick=False)
def test_retention_erases_residents_paused_and_untouched_longer_than_the_period(
    resident, social_worker, settings
):
    settings.RESIDENT_PAUSED_RETENTION_MONTHS = 12
    touched = services.create_resident(
        by=social_worker,
        fields={"first_name": "Jeanne", "last_name": "Dubois", "phone": "0470 55 66 77",
                "preferred_channel": "sms", "status": "paused"},
    )  # fmt: skip
    long_ago = timezone.now() - timedelta(days=400)
    Resident.objects.filter(pk=resident.pk).update(status="paused", created_at=long_ago)
    Resident.history.filter(id__in=[resident.pk, touched.pk]).update(history_date=long_ago)
    services.update_resident(resident=touched, by=social_worker, fields={"town": "Ruisbroek"})
    assert data_rights.apply_retention() == 1
    assert Resident.objects.get(pk=resident.pk).anonymised_at is not None
    assert Resident.objects.get(pk=touched.pk).first_name == "Jeanne"


def test_retention_of_paused_residents_is_a_setting(resident, settings):
    long_ago = timezone.now() - timedelta(days=100)
    Resident.objects.filter(pk=resident.pk).update(status="paused", created_at=long_ago)
    Resident.history.filter(id=resident.pk).update(history_date=long_ago)
    settings.RESIDENT_PAUSED_RETENTION_MONTHS = 4
    assert data_rights.apply_retention() == 0
    settings.RESIDENT_PAUSED_RETENTION_MONTHS = 3
    assert data_rights.apply_retention() == 1


def test_erasure_clears_consent_purposes_and_phone_numbers_in_consent_texts(
    lived_resident, coordinator, social_worker
):
    services.record_consent(
        resident=lived_resident, by=social_worker, scope=Consent.Scope.SHARE_WITH_PARTNER,
        recipient="Card Stop", valid_until=date(2099, 12, 31),
        purpose="Kaart van Maria Van den Bossche blokkeren",
        text_shown="Card Stop mag mij bellen op 0470 12 34 56 of +32 471 99 88 77, "
        "mailen op maria.vdb@example.org of schrijven naar Fabriekstraat 12.",
        given_by=Consent.GivenBy.RESIDENT,
    )  # fmt: skip
    texts = ["Maria Van den Bossche", "0470 12 34 56", "+32 471 99 88 77", "maria.vdb@example.org"]
    assert all(rows_containing(text) for text in texts)

    data_rights.erase_resident(resident=lived_resident, by=coordinator)

    assert {text: rows_containing(text) for text in texts} == {text: [] for text in texts}
    shared = Consent.objects.get(scope=Consent.Scope.SHARE_WITH_PARTNER)
    assert shared.purpose == "Kaart van — blokkeren"
    assert (
        shared.text_shown == "Card Stop mag mij bellen op — of —, mailen op — of schrijven naar —."
    )
    assert (shared.recipient, shared.valid_until) == ("Card Stop", date(2099, 12, 31))
