"""Oversized input is refused with 400 or 413, never a 500: field length limits on
every form and API text field, and a limit on the request body."""

import importlib
import inspect
import json

import pytest
from django import forms
from drf_spectacular.generators import SchemaGenerator

ONE_MB = "x" * (1024 * 1024)
TEN_MB = b"x" * (10 * 1024 * 1024)
FORM_MODULES = [
    "buddies.people.forms", "scheduling.sessions.forms", "scheduling.places.forms",
    "scheduling.workshops.forms", "referrals.outgoing.forms",
    "referrals.intake.forms", "scheduling.matching.views", "config.auth_views",
]  # fmt: skip


def form_classes():
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__ == name:
                yield value


# Bounded by what they must match rather than by a length: a phone number is parsed
# by `phonenumbers`, which refuses more than 250 characters; a slug or code in a list
# must name an existing topic or language.
BOUNDED_BY_VALIDATION = {"phone", "second_phone", "walk_in_phone", "topic", "topics", "needs",
                         "other_languages", "languages"}  # fmt: skip


def test_every_text_field_of_every_form_has_a_length_limit():
    unlimited = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in form_classes()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.CharField)
        and field.max_length is None
        and name not in BOUNDED_BY_VALIDATION
    ]
    assert not unlimited, "Text fields without max_length: " + ", ".join(unlimited)


def _request_strings(node, path=""):
    """Paths of string properties in request bodies that have no maxLength."""
    if isinstance(node, dict):
        if node.get("type") == "string" and not node.get("readOnly") and not _bounded(path):
            bounded = {"maxLength", "enum", "format", "pattern"} & node.keys()
            if not bounded:
                yield path
        for key, value in node.items():
            yield from _request_strings(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _request_strings(value, f"{path}/{index}")


def _bounded(path: str) -> bool:
    return any(f"/properties/{name}/" in path + "/" for name in BOUNDED_BY_VALIDATION)


def test_every_api_text_field_in_a_request_has_a_length_limit(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    requested = set()
    for path in schema["paths"].values():
        for operation in path.values():
            body = operation.get("requestBody", {}).get("content", {})
            for content in body.values():
                ref = content["schema"].get("$ref", "")
                requested.add(ref.rsplit("/", 1)[-1])
    unlimited = [
        f"{name}{where}"
        for name in sorted(requested - {""})
        for where in _request_strings(components[name])
    ]
    assert not unlimited, "API text fields without maxLength: " + ", ".join(unlimited)


def test_a_megabyte_in_an_api_text_field_is_refused_with_400(client_for, coordinator):
    response = client_for(coordinator).post(
        "/api/v1/topics/",
        json.dumps({"slug": "scams", "name_nl": ONE_MB, "name_fr": "x", "name_en": "x"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "name_nl" in response.json()


def test_a_megabyte_in_an_intake_question_is_refused_with_400(client_for, social_worker):
    response = client_for(social_worker).post(
        "/api/v1/referrals/", json.dumps({"question": ONE_MB}), content_type="application/json"
    )
    assert response.status_code == 400
    assert "question" in response.json()


def test_a_megabyte_in_a_form_field_is_refused_with_400(client_for, coordinator):
    response = client_for(coordinator).post(
        "/people/residents/new/", {"first_name": ONE_MB, "last_name": "Peeters"}
    )
    assert response.status_code == 400
    assert "first_name" in response.context["form"].errors


def test_a_megabyte_phone_number_is_refused_with_400(client_for, coordinator):
    response = client_for(coordinator).post(
        "/api/v1/residents/",
        json.dumps({"first_name": "An", "last_name": "Peeters", "phone": ONE_MB}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "phone" in response.json()


def test_a_ten_megabyte_api_body_is_refused_with_413(client_for, coordinator):
    response = client_for(coordinator).generic(
        "POST", "/api/v1/topics/", TEN_MB, content_type="application/json"
    )
    assert response.status_code == 413
    assert "te groot" in response.json()["detail"]  # Dutch, the default


@pytest.mark.parametrize("url", ["/people/residents/new/", "/login/", "/api/v1/topics/"])
def test_a_ten_megabyte_body_is_refused_before_login_or_parsing(client, db, url):
    response = client.generic("POST", url, TEN_MB, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413


def test_a_huge_id_in_a_filter_is_a_400_not_a_500(client_for, coordinator):
    response = client_for(coordinator).get(
        "/api/v1/outgoing-referrals/", {"partner": "15797942414945503232"}
    )
    assert response.status_code == 400
