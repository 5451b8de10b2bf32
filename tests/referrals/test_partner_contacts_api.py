"""Every way to reach a partner, through the API."""

import pytest

from tests.referrals.conftest import make_service

pytestmark = pytest.mark.django_db


def test_a_partners_contact_points_are_listed(client_for, volunteer):
    service = make_service("Card Stop", email="help@cardstop.example")
    response = client_for(volunteer).get(f"/api/v1/partners/{service.partner.pk}/contacts/")
    assert response.status_code == 200
    [point] = response.json()["results"]
    assert point["phone"] == "+3278170170" and point["opening_hours"]
