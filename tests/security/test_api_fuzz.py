"""The API fuzzed from its own OpenAPI schema (schemathesis): every operation, as
each role, with a few generated requests each. No answer may be a 500, and every
answer must match the schema (status documented, body of the documented shape).

Select it alone with `pytest -m fuzz`. Examples per operation: API_FUZZ_EXAMPLES
(default 10), kept small so the whole run stays within a few minutes on two cores.
"""

import base64
import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from config.wsgi import application
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.slow, pytest.mark.fuzz, pytest.mark.django_db]

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "10"))
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture
def api_schema(settings):
    """The schema the app serves at /api/schema/, called against the app itself (WSGI)."""
    settings.ALLOWED_HOSTS = ["*"]
    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(_plain(document))
    loaded.app = application
    # Requests go through the WSGI handler inside the test's transaction: like
    # Django's test client, keep the handler from closing the connection after each.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield loaded
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _plain(document):
    """The generated schema with lazy translations turned into plain strings."""
    import json

    return json.loads(json.dumps(document, default=str))


def basic_auth(user) -> dict:
    token = base64.b64encode(f"{user.get_username()}:{PASSWORD}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def fuzz(operation, headers):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case):
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)

    run()


@pytest.mark.parametrize("role", ["coordinator", "social_worker", "volunteer"])
def test_every_operation_as_each_role_answers_within_the_schema(role, api_schema, request):
    user = request.getfixturevalue(role)
    request.getfixturevalue("world")  # objects each role owns, so lists are not empty
    headers = basic_auth(user)
    failures = []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        try:
            fuzz(operation, headers)
        except Exception as error:  # collect all operations' failures, then report
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    assert not failures, "\n\n".join(failures)
