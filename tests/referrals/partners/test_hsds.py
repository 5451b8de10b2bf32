"""The open-data export in Open Referral HSDS 3.0 JSON: valid against the HSDS schemas
(shipped in hsds_schema/), rows linked by id, ids stable, public facts only."""

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from buddies.models import SpokenLanguage
from referrals.partners import hsds
from referrals.partners.models import ContactPoint, Partner, PartnerService
from scheduling.models import Seat, WorkshopRegistration
from tests.scheduling.workshops.workshop_builders import brussels, place, workshop

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "hsds_schema"
URL = "/api/v1/open-data/hsds/"
NOW = brussels(2026, 3, 2, 9)
TABLE_SCHEMA = {
    "organizations": "organization", "services": "service", "locations": "location",
    "service_at_locations": "service_at_location", "schedules": "schedule", "phones": "phone",
    "addresses": "address", "contacts": "contact", "languages": "language",
}  # fmt: skip


def _schemas() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text()) for p in SCHEMAS.glob("*.json")}


def _validator(name: str) -> Draft202012Validator:
    schemas = _schemas()
    registry = Registry().with_resources(
        (s["$id"], Resource.from_contents(s, default_specification=DRAFT202012))
        for s in schemas.values()
    )
    return Draft202012Validator(schemas[name], registry=registry, format_checker=FormatChecker())


@pytest.fixture
def directory(db):
    meander = place()
    closed = place(name="Oud dienstencentrum")
    closed.active = False
    closed.save(update_fields=["active"])
    cardstop = Partner.objects.create(
        name="Card Stop", kind=Partner.Kind.CARD_BLOCKING, description_nl="Blokkeert je kaart.",
        website="https://www.cardstop.be", referral_email="intake@cardstop.example",
    )  # fmt: skip
    block = PartnerService.objects.create(
        partner=cardstop, name_nl="Kaart blokkeren", name_fr="Bloquer la carte",
        situations=["card_lost", "fraud"], how_to_apply_nl="Bel meteen.",
        what_to_bring_nl="Je kaartnummer als je het hebt.",
    )  # fmt: skip
    point = ContactPoint.objects.create(
        service=block, label_nl="Card Stop 24/7", phone="+3270344344",
        email="info@cardstop.example", address="Hoofdstraat 1, 1600 Sint-Pieters-Leeuw",
        opening_hours_nl="Dag en nacht",
    )  # fmt: skip
    point.languages.set([SpokenLanguage.objects.get_or_create(code="nl", name="Nederlands")[0]])
    ContactPoint.objects.create(service=block, label_nl="Website", address="somewhere abroad")
    gone = Partner.objects.create(name="Oude bank", kind=Partner.Kind.BANK, active=False)
    PartnerService.objects.create(partner=gone, name_nl="Niets meer")
    hidden = PartnerService.objects.create(partner=cardstop, name_nl="Oud", active=False)
    with_room = workshop(start=brussels(2026, 3, 17, 10), capacity=2)
    full = workshop(start=brussels(2026, 3, 18, 14), capacity=1, title="Volzet")
    WorkshopRegistration.objects.create(
        workshop=full, walk_in_name="Ann Peeters", walk_in_phone="+32470123456",
        status="registered", price_due=Decimal("5.00"),
    )  # fmt: skip
    return {"place": meander, "closed": closed, "partner": cardstop, "service": block,
            "point": point, "gone": gone, "hidden": hidden, "workshop": with_room,
            "full": full}  # fmt: skip


def _export(client, **params):
    with time_machine.travel(NOW, tick=False):
        answer = client.get(URL, params)
    assert answer.status_code == 200, answer.content
    return answer.json()


def test_the_export_is_valid_hsds(client, directory):
    document = _export(client)
    errors = sorted(_validator("dataset").iter_errors(document), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]
    schemas = _schemas()
    for table, rows in document.items():
        if table in TABLE_SCHEMA:
            known = set(schemas[TABLE_SCHEMA[table]]["properties"])
            assert rows and all(set(row) <= known for row in rows), table  # no made-up fields


def test_the_schema_check_catches_a_broken_row(client, directory):
    document = _export(client)
    document["schedules"][0]["freq"] = "DAILY"
    del document["addresses"][0]["postal_code"]
    document["phones"][0]["id"] = "not-a-uuid"
    messages = {e.message for e in _validator("dataset").iter_errors(document)}
    assert any("DAILY" in m for m in messages)
    assert any("postal_code" in m for m in messages)
    assert any("not-a-uuid" in m for m in messages)


def test_rows_point_at_rows_that_exist_and_ids_are_unique(client, directory):
    document = _export(client)
    ids = {t: {r["id"] for r in document[t]} for t in TABLE_SCHEMA}
    every = [r["id"] for t in TABLE_SCHEMA for r in document[t]]
    assert len(every) == len(set(every))
    links = {
        "organization_id": "organizations",
        "service_id": "services",
        "location_id": "locations",
        "service_at_location_id": "service_at_locations",
    }
    for table in TABLE_SCHEMA:
        for row in document[table]:
            for field, target in links.items():
                if field in row:
                    assert row[field] in ids[target], (table, field, row)


def test_ids_stay_the_same_between_exports_and_follow_the_primary_key(client, directory):
    first, second = _export(client), _export(client)
    assert [r["id"] for r in first["services"]] == [r["id"] for r in second["services"]]
    service = next(r for r in first["services"] if r["name"] == "Kaart blokkeren")
    assert service["id"] == hsds.uid("service", directory["service"].pk)
    assert hsds.uid("service", 1) != hsds.uid("partner", 1)


def test_the_places_hours_and_open_workshops_are_there(client, directory):
    document = _export(client)
    meander = next(r for r in document["locations"] if r["name"] == "LDC Meander")
    assert "Oud dienstencentrum" not in {r.get("name") for r in document["locations"]}
    address = next(a for a in document["addresses"] if a["location_id"] == meander["id"])
    assert (address["address_1"], address["postal_code"], address["city"]) == (
        "Welzijnsweg 2", "1600", "Zuun",
    )  # fmt: skip
    assert (address["state_province"], address["country"]) == ("Vlaams-Brabant", "BE")
    weekly = [s for s in document["schedules"] if s.get("location_id") == meander["id"]]
    assert sorted(s["byday"] for s in weekly) == ["FR", "MO", "TH", "TU", "WE"]
    assert {(s["freq"], s["opens_at"], s["closes_at"]) for s in weekly} == {
        ("WEEKLY", "09:00", "17:00")
    }
    names = {s["name"] for s in document["services"]}
    assert "Online bankieren" in names and "Volzet" not in names  # full: not offered
    one_off_id = hsds.uid("workshop-schedule", directory["workshop"].pk)
    one_off = next(s for s in document["schedules"] if s["id"] == one_off_id)
    assert (one_off["valid_from"], one_off["valid_to"], one_off["byday"]) == (
        "2026-03-17", "2026-03-17", "TU",
    )  # fmt: skip
    assert (one_off["opens_at"], one_off["closes_at"], one_off["count"]) == ("10:00", "12:00", 1)
    assert "2" in one_off["description"]  # free places


def test_free_walk_in_times_of_the_coming_week_are_one_off_schedules(client, directory):
    Seat.objects.create(location=directory["place"], label="PC 1")
    document = _export(client)
    validator = _validator("schedule")
    place_id = hsds.uid("place", directory["place"].pk)
    walk_in = [s for s in document["schedules"] if s.get("count") == 1
               and s.get("location_id") == place_id]  # fmt: skip
    # Monday 2 March 2026, 09:00: the rest of that day and the four weekdays after it.
    assert [(s["valid_from"], s["opens_at"], s["closes_at"]) for s in walk_in] == [
        (f"2026-03-0{day}", "09:00", "17:00") for day in range(2, 7)
    ]
    for row in walk_in:
        validator.validate(row)


def test_the_directory_keeps_public_facts_only(client, directory):
    document = _export(client)
    text = json.dumps(document)
    assert "Card Stop" in text and "+32 70 34 43 44" in text and "info@cardstop.example" in text
    for private in ("intake@cardstop.example", "Ann Peeters", "+32470123456", "KBC",
                    "Oude bank", "Niets meer", '"Oud"'):  # fmt: skip
        assert private not in text
    service = next(r for r in document["services"] if r["name"] == "Kaart blokkeren")
    assert service["application_process"].startswith("Bel meteen.")
    assert "kaartnummer" in service["application_process"]
    contact = next(c for c in document["contacts"] if c["service_id"] == service["id"])
    assert (contact["name"], contact["email"]) == ("Card Stop 24/7", "info@cardstop.example")
    assert any(s.get("description") == "Dag en nacht" for s in document["schedules"])
    assert {"name": "Nederlands", "code": "nl"}.items() <= next(
        r for r in document["languages"] if r["service_id"] == service["id"]
    ).items()
    abroad = hsds.uid("contact-point", ContactPoint.objects.get(address="somewhere abroad").pk)
    assert abroad in {r["id"] for r in document["locations"]}  # a location without an address
    assert abroad not in {a["location_id"] for a in document["addresses"]}


def test_texts_follow_the_language_asked_for(client, directory):
    french = _export(client, language="fr")
    assert french["language"] == "fr"
    assert "Bloquer la carte" in {s["name"] for s in french["services"]}
    assert "Banque en ligne" in {s["name"] for s in french["services"]}
    answer = client.get(URL, {"language": "de"})
    assert answer.status_code == 400 and "language" in answer.json()
    assert _export(client, language="")["language"] == "nl"


def test_the_export_is_public_and_costs_a_fixed_number_of_queries(client, directory):
    with CaptureQueriesContext(connection) as few:
        _export(client)
    for n in range(5):
        extra = PartnerService.objects.create(partner=directory["partner"], name_nl=f"Extra {n}")
        ContactPoint.objects.create(
            service=extra, phone="+3223770355", address="Straat 1, 1000 Brussel"
        )
        workshop(start=brussels(2026, 4, 7 + n, 10), location=place(name=f"Plaats {n}"))
    with CaptureQueriesContext(connection) as many:
        _export(client)
    assert len(many) == len(few)


def test_the_command_writes_the_same_document(client, directory, tmp_path):
    target = tmp_path / "hsds.json"
    with time_machine.travel(NOW, tick=False):
        call_command("export_hsds", "--output", str(target), stdout=io.StringIO())
    assert json.loads(target.read_text()) == _export(client)
    with time_machine.travel(NOW, tick=False):
        out = io.StringIO()
        call_command("export_hsds", "--language", "en", stdout=out)
    assert json.loads(out.getvalue())["language"] == "en"
