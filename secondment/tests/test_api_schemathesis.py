"""Property-based tests of the whole API against its own OpenAPI schema (schemathesis): every
operation, every method, as each role (org staff at length, the others more briefly), on a
database holding one object of every endpoint. No request may end in a 5xx, and every
response must match the schema — the masked values managers and units read included.

The schema is read from the app itself at collection time (no database needed for it); the
app is called in-process through WSGI. `scripts/test.sh` lets the host `localhost`, which is
the one schemathesis sends, into ALLOWED_HOSTS."""
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())


@pytest.fixture
def wsgi_calls():
    # The WSGI handler closes the connection when a request starts and ends, which would end
    # the test's transaction; Django's own test client holds these signals back the same way.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def staff_token(api, wsgi_calls):
    return Token.objects.create(user=api.staff).key


# The other roles read masked personal data and are refused most writes: three generated
# examples an operation, each sent as every one of them (one database set up per operation,
# not one per role).
OTHER_ROLES = ("manager", "receiving", "dispatching", "cadre_user")


@pytest.fixture
def role_tokens(api, wsgi_calls):
    return {role: Token.objects.create(user=getattr(api, role)).key for role in OTHER_ROLES}


CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]


@schema.parametrize()
@settings(max_examples=8, derandomize=True, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_schema(case, staff_token):
    case.call_and_validate(headers={"Authorization": f"Token {staff_token}"}, checks=CHECKS)


# Generated examples only: the coverage phase's explicit cases (tens of thousands over the
# schema, run for org staff above) would take each role ten minutes.
@schema.parametrize()
@settings(max_examples=3, derandomize=True, deadline=None, phases=[Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_schema_for_every_role(case, role_tokens):
    for token in role_tokens.values():
        case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)
