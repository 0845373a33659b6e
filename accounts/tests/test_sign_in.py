"""Sign-in security: the lockout (form, admin and token endpoint), the sign-in throttle, and
API tokens that expire, can be revoked and die with a password change."""
import datetime
import itertools
import random

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

# Random start: the cache (Redis in CI) outlives a test run, and the throttle remembers a minute.
_addresses = itertools.count(random.randrange(1, 2**24))

LOCKED = "密码连续输错6次，该账户已锁定30分钟，请稍后再试或联系组织部重置密码。"


def address():
    """An address of the test's own: the throttle counts per address in the shared cache."""
    n = next(_addresses)
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"


@pytest.fixture
def user(world):
    world.staff.set_password("right-password-2026")
    world.staff.save()
    return world.staff


def test_the_sixth_wrong_password_locks_the_account_on_the_form(user, world):
    client = Client(REMOTE_ADDR=address())
    for _ in range(5):
        response = client.post("/accounts/login/", {"username": "staff", "password": "wrong"})
        assert response.status_code == 200
        assert "用户名或密码不正确" in response.content.decode()
    sixth = client.post("/accounts/login/", {"username": "staff", "password": "wrong"})
    assert sixth.status_code == 429 and LOCKED in sixth.content.decode()
    # The right password now is refused too, from anywhere, and signs nobody in.
    elsewhere = Client(REMOTE_ADDR=address())
    right = elsewhere.post("/accounts/login/", {"username": "staff",
                                                "password": "right-password-2026"})
    assert right.status_code == 429 and "_auth_user_id" not in elsewhere.session
    # Another account is not affected.
    world.manager.set_password("another-password-1")
    world.manager.save()
    ok = elsewhere.post("/accounts/login/", {"username": "manager",
                                             "password": "another-password-1"})
    assert ok.status_code == 302


def test_the_lock_ends_after_30_minutes(user):
    from axes.models import AccessAttempt

    client = Client(REMOTE_ADDR=address())
    for _ in range(6):
        client.post("/accounts/login/", {"username": "staff", "password": "wrong"})
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=31))
    response = client.post("/accounts/login/", {"username": "staff",
                                                "password": "right-password-2026"})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)


def test_the_admin_sign_in_is_locked_too(user):
    client = Client(REMOTE_ADDR=address())
    for _ in range(6):
        client.post("/admin/login/", {"username": "staff", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "staff",
                                             "password": "right-password-2026"})
    assert response.status_code == 429


def test_the_token_endpoint_is_locked_with_the_api_error(user):
    client = APIClient(REMOTE_ADDR=address())
    for _ in range(5):
        response = client.post("/api/v1/auth/token/", {"username": "staff", "password": "x"})
        assert response.status_code == 400
    sixth = client.post("/api/v1/auth/token/", {"username": "staff", "password": "x"})
    assert sixth.status_code == 429
    assert sixth.json() == {"error": {"code": "locked_out", "message": LOCKED, "fields": {}}}
    right = APIClient(REMOTE_ADDR=address()).post(
        "/api/v1/auth/token/", {"username": "staff", "password": "right-password-2026"})
    assert right.status_code == 429 and not Token.objects.exists()


def test_sign_in_is_throttled_per_address(world):
    client = APIClient(REMOTE_ADDR=address())
    statuses = [client.post("/api/v1/auth/token/", {"username": f"nobody{i}",
                                                    "password": "x"}).status_code
                for i in range(11)]
    assert statuses == [400] * 10 + [429]
    throttled = client.post("/api/v1/auth/token/", {"username": "nobody", "password": "x"})
    assert throttled.json()["error"]["code"] == "throttled"


def sign_in(client):
    response = client.post("/api/v1/auth/token/", {"username": "staff",
                                                   "password": "right-password-2026"})
    assert response.status_code == 200
    return response.json()["token"]


def test_a_token_expires_after_12_hours(user):
    client = APIClient(REMOTE_ADDR=address())
    key = sign_in(client)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/programs/").status_code == 200
    Token.objects.filter(key=key).update(created=timezone.now() - datetime.timedelta(hours=13))
    expired = client.get("/api/v1/programs/")
    assert expired.status_code == 401
    assert expired.json()["error"]["message"] == "令牌已过期，请重新获取"
    client.credentials()
    assert sign_in(client) != key  # a new one is issued


def test_signing_out_revokes_the_token(user):
    client = APIClient(REMOTE_ADDR=address())
    key = sign_in(client)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.delete("/api/v1/auth/token/").status_code == 204
    assert client.get("/api/v1/programs/").status_code == 401
    assert not Token.objects.filter(key=key).exists()


def test_a_password_change_ends_the_token(user, client):
    api = APIClient(REMOTE_ADDR=address())
    key = sign_in(api)
    client.force_login(user)
    response = client.post("/accounts/password_change/", {
        "old_password": "right-password-2026", "new_password1": "A-new-password-2026",
        "new_password2": "A-new-password-2026"})
    assert response.status_code == 302
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/programs/").status_code == 401
    assert not Token.objects.filter(user=user).exists()


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_failed_sign_ins_are_throttled_per_address(world, path):
    world.staff.set_password("right-password-2026")
    world.staff.is_staff = True
    world.staff.save()
    here = address()
    # Successful sign-ins are not counted: a whole office may sign in at once.
    for _ in range(12):
        ok = Client(REMOTE_ADDR=here).post(path, {"username": "staff",
                                                  "password": "right-password-2026"})
        assert ok.status_code == 302
    client = Client(REMOTE_ADDR=here)
    statuses = [client.post(path, {"username": f"nobody{i}", "password": "x"}).status_code
                for i in range(11)]
    assert statuses == [200] * 10 + [429]
    page = client.post(path, {"username": "staff", "password": "right-password-2026"})
    assert page.status_code == 429 and "登录失败次数过多" in page.content.decode()
    assert page["Retry-After"] == "60"
    # Another address is not affected.
    assert Client(REMOTE_ADDR=address()).post(path, {"username": "a", "password": "b"}
                                              ).status_code == 200


def test_a_token_reads_the_department_with_its_user_and_refuses_in_chinese(user, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    key = Token.objects.create(user=user).key
    client = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    with CaptureQueriesContext(connection) as captured:
        ids = [p["id"] for p in client.get("/api/v1/programs/").json()["results"]]
    assert world.program.pk in ids and world.other_program.pk not in ids
    # The scope's region came with the token's query, not in one of its own.
    assert not any(q["sql"].startswith('SELECT "programs_region"')
                   for q in captured.captured_queries)
    refused = APIClient(HTTP_AUTHORIZATION="Token " + "0" * 40).get("/api/v1/programs/")
    assert refused.status_code == 401 and refused.json()["error"]["message"] == "令牌无效"
    user.is_active = False
    user.save()
    inactive = client.get("/api/v1/programs/")
    assert inactive.status_code == 401
    assert inactive.json()["error"]["message"] == "用户已停用或已删除"


def test_a_token_without_a_unit_signs_in(world):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", password="pw-2026-root")
    client = APIClient(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=admin).key}")
    response = client.get("/api/v1/programs/")
    assert response.status_code == 200
    assert {p["id"] for p in response.json()["results"]} >= {world.program.pk,
                                                              world.other_program.pk}


def test_a_forwarded_for_header_sent_by_the_client_does_not_lift_the_limit(world):
    client = APIClient(REMOTE_ADDR=address())
    statuses = [client.post("/api/v1/auth/token/", {"username": f"nobody{i}", "password": "x"},
                            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}").status_code
                for i in range(11)]
    assert statuses == [400] * 10 + [429]


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_clients(world, settings):
    from accounts.models import SecurityEvent

    settings.BEHIND_PROXY = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = address()
    client = Client(REMOTE_ADDR=proxy)
    client.post("/accounts/login/", {"username": "staff", "password": "wrong"},
                HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7")
    event = SecurityEvent.objects.filter(kind="sign_in_failed").latest("pk")
    assert event.ip_address == "198.51.100.7"


def test_signing_in_works_with_redis_unreachable(user, settings):
    from django.core.cache import caches

    settings.CACHES = {**settings.CACHES, "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}
    with pytest.raises(Exception):  # noqa: B017, PT011 - whatever the client raises
        caches["default"].get("probe")
    token = APIClient(REMOTE_ADDR=address()).post(
        "/api/v1/auth/token/", {"username": "staff", "password": "right-password-2026"})
    assert token.status_code == 200 and token.json()["token"]
    page = Client(REMOTE_ADDR=address()).post(
        "/accounts/login/", {"username": "staff", "password": "right-password-2026"})
    assert page.status_code == 302
    wrong = Client(REMOTE_ADDR=address()).post(
        "/accounts/login/", {"username": "staff", "password": "wrong"})
    assert wrong.status_code == 200  # the form again, with its message: no 500


def test_a_token_sign_in_is_recorded_as_the_forms_is(user):
    from accounts.models import SecurityEvent

    before = SecurityEvent.objects.filter(kind="sign_in").count()
    sign_in(APIClient(REMOTE_ADDR=address()))
    event = SecurityEvent.objects.filter(kind="sign_in").latest("pk")
    assert SecurityEvent.objects.filter(kind="sign_in").count() == before + 1
    assert event.user == user and event.detail == {"via": "token"}
