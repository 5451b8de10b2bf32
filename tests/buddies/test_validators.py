"""Names with line breaks or hidden direction marks, and impossible birth years, are
refused everywhere a person's name or birth year is typed: pages, API, admin."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from buddies.models import Resident, TrustedContact
from buddies.people.forms import ResidentForm, TrustedContactForm
from buddies.people.serializers import ResidentSerializer
from buddies.validators import validate_birth_year, validate_person_name
from referrals.intake.forms import IntakeForm
from referrals.intake.serializers import IntakeCreateSerializer
from referrals.partners.models import Partner
from scheduling.workshops.forms import RegistrationForm
from scheduling.workshops.serializers import RegisterSerializer

BAD_NAMES = [
    "Maria\nPeeters", "Maria\r\nPeeters", "Maria\u202eSREETEP", "Maria\u202a", "\u202bMaria",
    "Maria\u202c", "Maria\u202d", "Maria\u2066x\u2069", "Maria\u2067", "Maria\u2068",
    "Maria\tPeeters", "Maria\x00", "Maria\x1b[31m", "Maria\u200b", "Maria\u2028Peeters",
    "Maria\x85",
]  # fmt: skip
GOOD_NAMES = ["Van den Bossche", "Zoë", "N'Diaye", "Marie-Thérèse", "Ahmed Ben Saïd", "Łukasz"]
BAD_YEARS = [0, 1, 1899, 2999, 32767]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_hidden_characters_in_a_name_are_refused(name):
    with pytest.raises(ValidationError):
        validate_person_name(name)


@pytest.mark.parametrize("name", GOOD_NAMES)
def test_real_names_pass(name):
    validate_person_name(name)


@pytest.mark.parametrize("year", BAD_YEARS)
def test_impossible_birth_years_are_refused(year):
    with pytest.raises(ValidationError):
        validate_birth_year(year)


def test_plausible_birth_years_pass():
    for year in (1900, 1945, 2000):
        validate_birth_year(year)


NAME_FORMS = [
    (ResidentForm, ["first_name", "last_name"]),
    (TrustedContactForm, ["name"]),
    (IntakeForm, ["first_name", "last_name"]),
    (RegistrationForm, ["walk_in_name"]),
]
NAME_SERIALIZERS = [
    (ResidentSerializer, ["first_name", "last_name"]),
    (IntakeCreateSerializer, ["first_name", "last_name"]),
    (RegisterSerializer, ["walk_in_name"]),
]


@pytest.mark.parametrize(("form_class", "fields"), NAME_FORMS)
@pytest.mark.parametrize("name", ["Maria\u202eSREETEP", "Maria\nPeeters"])
def test_every_form_with_a_name_refuses_hidden_characters(coordinator, form_class, fields, name):
    extra = {"user": coordinator} if form_class is RegistrationForm else {}
    form = form_class(data=dict.fromkeys(fields, name), **extra)
    form.is_valid()
    for field in fields:
        assert field in form.errors, (form_class.__name__, field)
        assert "line breaks" in " ".join(form.errors[field])


@pytest.mark.parametrize(("serializer_class", "fields"), NAME_SERIALIZERS)
def test_every_serializer_with_a_name_refuses_hidden_characters(db, serializer_class, fields):
    serializer = serializer_class(data=dict.fromkeys(fields, "Maria\u202eSREETEP"))
    serializer.is_valid()
    for field in fields:
        assert field in serializer.errors, (serializer_class.__name__, field)


@pytest.mark.parametrize("form_class", [ResidentForm, IntakeForm])
@pytest.mark.parametrize("year", BAD_YEARS)
def test_forms_refuse_impossible_birth_years(db, form_class, year):
    form = form_class(data={"birth_year": str(year)})
    form.is_valid()
    assert "birth_year" in form.errors


@pytest.mark.parametrize("serializer_class", [ResidentSerializer, IntakeCreateSerializer])
@pytest.mark.parametrize("year", BAD_YEARS)
def test_serializers_refuse_impossible_birth_years(db, serializer_class, year):
    serializer = serializer_class(data={"birth_year": year})
    serializer.is_valid()
    assert "birth_year" in serializer.errors


def test_the_models_refuse_them_too_for_the_admin(resident):
    resident.first_name, resident.birth_year = "Maria\u202e", 32767
    with pytest.raises(ValidationError) as refused:
        resident.full_clean()
    assert {"first_name", "birth_year"} <= set(refused.value.message_dict)
    contact = TrustedContact(resident=resident, name="Piet\nPeeters", channel="phone")
    with pytest.raises(ValidationError):
        contact.full_clean(exclude=["resident"])
    with pytest.raises(ValidationError):
        Partner(name="Card\u202eStop").full_clean()


@pytest.mark.parametrize(
    ("body", "field", "french"),
    [
        ({"first_name": "Maria\u202eSREETEP"}, "first_name", "saut de ligne"),
        ({"birth_year": 32767}, "birth_year", "année de naissance"),
        ({"birth_year": 0}, "birth_year", "année de naissance"),
    ],
)
def test_the_api_answers_400_in_the_users_language_and_saves_nothing(
    client, coordinator, body, field, french
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    client.force_login(coordinator)
    payload = {"first_name": "Maria", "last_name": "Peeters", "language": "nl",
               "preferred_channel": "letter", "street": "Kerkstraat 1", "postcode": "1600",
               "town": "Sint-Pieters-Leeuw", **body}  # fmt: skip
    response = client.post("/api/v1/residents/", payload, content_type="application/json")
    assert response.status_code == 400, response.content
    assert french in " ".join(response.json()[field]).lower()
    assert not Resident.objects.exists()
