"""The security log: what is recorded, who reads it, and that it is append-only."""
import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import SecurityEvent
from accounts.tasks import purge_security_events
from core.roles import Role
from programs.choices import UnitKind


def kinds(**filters):
    return list(SecurityEvent.objects.filter(**filters).order_by("id")
                .values_list("kind", "username"))


def test_sign_ins_failures_and_lockouts_are_recorded(world):
    world.receiving.set_password("right-password-2026")
    world.receiving.save()
    client = Client(REMOTE_ADDR="10.20.30.40")
    client.post("/accounts/login/", {"username": "receiving", "password": "wrong"})
    client.post("/accounts/login/", {"username": "ghost", "password": "wrong"})
    client.post("/accounts/login/", {"username": "receiving", "password": "right-password-2026"})
    client.post("/accounts/logout/")
    assert kinds() == [("sign_in_failed", "receiving"), ("sign_in_failed", "ghost"),
                       ("sign_in", "receiving"), ("sign_out", "receiving")]
    failed = SecurityEvent.objects.filter(kind="sign_in_failed").order_by("id").first()
    assert (failed.user, failed.ip_address, failed.path) == (
        world.receiving, "10.20.30.40", "/accounts/login/")
    for _ in range(6):
        client.post("/accounts/login/", {"username": "receiving", "password": "wrong"})
    assert ("locked_out", "receiving") in kinds()


def test_refused_requests_exports_and_unmasked_views_are_recorded(world):
    api = APIClient()
    api.force_authenticate(world.receiving)
    assert api.post("/api/v1/reports/", {"kind": "achievements"}, format="json").status_code \
        == 403
    page = Client()
    page.force_login(world.receiving)
    assert page.get("/programs/").status_code == 403
    # the same client within a minute, but a POST to the API and a GET of a page: two rows
    assert kinds(kind="permission_denied") == [("permission_denied", "receiving")] * 2
    staff = APIClient()
    staff.force_authenticate(world.staff)
    assert staff.get(f"/api/v1/cadres/{world.cadre.pk}/").status_code == 200
    manager = APIClient()
    manager.force_authenticate(world.manager)
    manager.get(f"/api/v1/cadres/{world.cadre.pk}/")  # masked for a manager: not logged
    [view] = SecurityEvent.objects.filter(kind="unmasked_view")
    assert (view.user, view.detail) == (world.staff, {"cadre": world.cadre.pk})


def test_org_staff_read_their_departments_events_only(world):
    for user in (world.receiving, world.other_staff, world.staff):
        Client().post("/accounts/login/", {"username": user.username, "password": "nope"})
    api = APIClient()
    api.force_authenticate(world.staff)
    names = {e["username"] for e in api.get("/api/v1/security-events/").json()["results"]}
    assert names == {"receiving", "staff"}
    for user in (world.manager, world.receiving, world.cadre_user):
        api.force_authenticate(user)
        assert api.get("/api/v1/security-events/").status_code == 403
    page = Client()
    page.force_login(world.staff)
    body = page.get("/security-events/?kind=sign_in_failed").content.decode()
    assert "登录失败" in body and "other_staff" not in body


@pytest.mark.postgres
def test_the_database_keeps_the_log_append_only_for_180_days(world):
    if connection.vendor != "postgresql":
        pytest.fail("needs PostgreSQL")
    event = SecurityEvent.objects.create(kind="sign_in", username="staff")
    with pytest.raises(DatabaseError), transaction.atomic():
        SecurityEvent.objects.filter(pk=event.pk).update(username="someone else")
    with pytest.raises(DatabaseError), transaction.atomic():
        SecurityEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(ValueError):
        event.save()
    assert purge_security_events() == {"deleted": 0}
    with connection.cursor() as cur:  # an old row, as if written 181 days ago
        cur.execute("INSERT INTO accounts_securityevent (kind, username, path, detail, "
                    "created_at) VALUES ('sign_in', 'old', '', '{}', %s)",
                    [timezone.now() - datetime.timedelta(days=181)])
    assert purge_security_events() == {"deleted": 1}
    assert SecurityEvent.objects.filter(username="staff").exists()


def test_operators_of_units_working_in_its_programs_are_read_by_the_department(world, make):
    """A city university sending cadres to a district's program is kept by the city: the
    district still reads what its operator does (and still does not manage the login)."""
    from accounts.models import User

    elsewhere = make.unit(world.other_province, "武汉大学", UnitKind.UNIVERSITY)
    operator = make.user(Role.DISPATCHING, elsewhere, "whu_sender")
    Client().post("/accounts/login/", {"username": "whu_sender", "password": "nope"})
    api = APIClient()
    api.force_authenticate(world.staff)

    def names():
        return {e["username"] for e in api.get("/api/v1/security-events/").json()["results"]}

    assert "whu_sender" not in names()
    world.program.participants.add(elsewhere)
    assert "whu_sender" in names()
    assert not User.objects.visible_to(world.staff).filter(pk=operator.pk).exists()
    api.force_authenticate(world.other_staff)  # its region's department reads it too
    assert "whu_sender" in names()


def test_refusals_repeated_within_a_minute_are_one_row_with_a_count(world, time_machine):
    api = APIClient(REMOTE_ADDR="10.1.1.1")
    api.force_authenticate(world.receiving)
    time_machine.move_to(timezone.make_aware(datetime.datetime(2026, 11, 18, 10, 0, 5)),
                         tick=False)
    for path in ("/api/v1/reports/", "/api/v1/programs/", "/api/v1/reports/"):
        assert api.post(path, {}, format="json").status_code == 403
    time_machine.move_to(timezone.make_aware(datetime.datetime(2026, 11, 18, 10, 0, 40)),
                         tick=False)
    assert api.post("/api/v1/reports/", {}, format="json").status_code == 403
    other = APIClient(REMOTE_ADDR="10.2.2.2")  # another client: a row of its own
    other.force_authenticate(world.receiving)
    assert other.post("/api/v1/reports/", {}, format="json").status_code == 403
    time_machine.move_to(timezone.make_aware(datetime.datetime(2026, 11, 18, 10, 1, 2)),
                         tick=False)  # the next minute: a new row
    assert api.post("/api/v1/reports/", {}, format="json").status_code == 403
    rows = list(SecurityEvent.objects.filter(kind="permission_denied").order_by("id")
                .values_list("ip_address", "count", "path"))
    assert rows == [("10.1.1.1", 4, "/api/v1/reports/"), ("10.2.2.2", 1, "/api/v1/reports/"),
                    ("10.1.1.1", 1, "/api/v1/reports/")]
    first = SecurityEvent.objects.filter(kind="permission_denied").order_by("id").first()
    assert timezone.localtime(first.last_at).second == 40
    staff = Client()
    staff.force_login(world.staff)
    assert "4次（至10:00:40）" in staff.get("/security-events/").content.decode()


@pytest.mark.postgres
def test_the_database_lets_a_row_count_up_only_within_its_minute(world):
    event = SecurityEvent.objects.create(kind="permission_denied", username="receiving")
    later = event.created_at + datetime.timedelta(seconds=30)
    SecurityEvent.objects.filter(pk=event.pk).update(count=2, last_at=later)
    with pytest.raises(DatabaseError), transaction.atomic():
        SecurityEvent.objects.filter(pk=event.pk).update(
            count=3, last_at=event.created_at + datetime.timedelta(minutes=5))
    with pytest.raises(DatabaseError), transaction.atomic():
        SecurityEvent.objects.filter(pk=event.pk).update(count=3, last_at=later, path="/x")
    with pytest.raises(DatabaseError), transaction.atomic():
        SecurityEvent.objects.filter(pk=event.pk).update(count=1, last_at=later)
    event.refresh_from_db()
    assert (event.count, event.path) == (2, "")


def test_a_refusal_with_another_detail_keeps_a_row_of_its_own(world):
    from accounts.security import record

    record("permission_denied", user=world.staff, reason="id_number_out_of_scope")
    record("permission_denied", user=world.staff, reason="id_number_out_of_scope")
    record("permission_denied", user=world.staff, method="POST")
    rows = sorted((e.detail.get("reason", ""), e.count) for e in
                  SecurityEvent.objects.filter(kind="permission_denied", user=world.staff))
    assert rows == [("", 1), ("id_number_out_of_scope", 2)]
