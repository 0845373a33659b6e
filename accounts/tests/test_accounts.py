"""Account management by org staff, managers reading the admin without writing, and the
cadre's login created when their placement starts."""
import datetime

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from accounts.choices import Role
from accounts.models import User
from accounts.services import invitation_path
from cadres.masking import mask_id_number
from placements import services
from programs.models import Batch, Track


def _staff_login(user, apps):
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=apps))
    http = Client()
    http.force_login(user)
    return http


@pytest.fixture
def console(world):
    w = world
    apps = ["accounts", "programs", "cadres", "placements"]
    w.staff_http = _staff_login(w.staff, apps)
    w.manager_http = _staff_login(w.manager, apps)
    w.other_http = _staff_login(w.other_staff, apps)
    return w


def _new_user(http, **fields):
    data = {"username": "kaihua_op", "password1": "Kaihua-2026-ok", "password2": "Kaihua-2026-ok",
            "usable_password": "true", "role": Role.RECEIVING, **fields}
    return http.post("/admin/accounts/user/add/", data)


def test_org_staff_create_the_operator_of_a_unit_in_their_region(console):
    w = console
    response = _new_user(w.staff_http, unit=w.host.pk)
    assert response.status_code == 302
    user = User.objects.get(username="kaihua_op")
    assert (user.unit, user.role, user.is_staff, user.is_superuser) == (
        w.host, Role.RECEIVING, False, False)
    assert user.check_password("Kaihua-2026-ok")


@pytest.mark.parametrize("case", ["org_staff_role", "unit_elsewhere"])
def test_org_staff_cannot_create_department_accounts_or_operators_elsewhere(console, make, case):
    w = console
    if case == "org_staff_role":
        response = _new_user(w.staff_http, unit=w.host.pk, role=Role.ORG_STAFF)
        field = "role"
    else:
        wuhan = make.unit(w.other_province, "武汉市人民政府")
        response = _new_user(w.staff_http, unit=wuhan.pk)
        field = "unit"
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field]
    assert not User.objects.filter(username="kaihua_op").exists()


def test_the_user_list_is_scoped_to_the_department(console):
    w = console
    listed = set(w.staff_http.get("/admin/accounts/user/").context["cl"].result_list)
    assert {w.receiving, w.dispatching, w.cadre_user, w.staff} <= listed
    assert w.other_staff not in listed and w.manager not in listed
    # Hubei's staff manage none of Zhejiang's operators.
    assert w.other_http.get(f"/admin/accounts/user/{w.receiving.pk}/change/").status_code == 302
    assert set(w.other_http.get("/admin/accounts/user/").context["cl"].result_list) == {
        w.other_staff}


def test_org_staff_cannot_promote_an_operator_to_superuser(console):
    w = console
    response = w.staff_http.post(f"/admin/accounts/user/{w.receiving.pk}/change/", {
        "username": "receiving", "last_name": "经办人", "unit": w.host.pk,
        "role": Role.RECEIVING, "is_active": "on", "is_superuser": "on", "is_staff": "on",
        "date_joined_0": "2026-01-01", "date_joined_1": "08:00:00"})
    assert response.status_code == 302
    w.receiving.refresh_from_db()
    assert (w.receiving.last_name, w.receiving.is_superuser, w.receiving.is_staff) == (
        "经办人", False, False)


def test_a_manager_reads_the_admin_but_changes_nothing(console):
    w = console
    batch_url = f"/admin/programs/batch/{w.batch.pk}/change/"
    page = w.manager_http.get(batch_url)
    assert page.status_code == 200 and not page.context["has_change_permission"]
    response = w.manager_http.post(batch_url, {"program": w.program.pk, "number": 9,
                                               "status": "closed", "term_months": 12})
    assert response.status_code == 403
    w.batch.refresh_from_db()
    assert (w.batch.number, w.batch.status) == (1, "open")
    assert w.manager_http.post("/admin/programs/track/add/", {
        "program": w.program.pk, "name": "外派", "kind": "secondment"}).status_code == 403
    assert not Track.objects.exists()
    delete = w.manager_http.post(f"/admin/programs/batch/{w.batch.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403 and Batch.objects.filter(pk=w.batch.pk).exists()


def test_a_manager_reads_cadres_masked_in_the_admin(console):
    w = console
    body = w.manager_http.get(f"/admin/cadres/cadre/{w.cadre.pk}/change/").content.decode()
    assert w.cadre.id_number not in body and w.cadre.phone not in body
    assert mask_id_number(w.cadre.id_number) in body
    # Nor can a full ID number be confirmed by searching for it.
    found = w.manager_http.get("/admin/cadres/cadre/", {"q": w.cadre.id_number})
    assert list(found.context["cl"].result_list) == []
    staff_body = w.staff_http.get(f"/admin/cadres/cadre/{w.cadre.pk}/change/").content.decode()
    assert w.cadre.id_number in staff_body


def test_batches_tracks_and_targets_are_scoped_in_the_admin(console, make):
    w = console
    hubei_track = Track.objects.create(program=w.other_program, name="外派挂职", kind="secondment")
    assert w.staff_http.get(f"/admin/programs/batch/{w.other_batch.pk}/change/").status_code == 302
    assert w.staff_http.get(f"/admin/programs/track/{hubei_track.pk}/change/").status_code == 302
    listed = set(w.staff_http.get("/admin/programs/batch/").context["cl"].result_list)
    assert listed == {w.batch}
    # Nor can a batch be added to another department's program.
    response = w.staff_http.post("/admin/programs/batch/add/", {
        "program": w.other_program.pk, "number": 5, "status": "open", "term_months": 12})
    assert response.status_code == 200 and "program" in response.context["adminform"].form.errors
    assert not Batch.objects.filter(number=5).exists()


def test_a_cadres_login_is_created_at_the_start_and_invites_them_to_set_a_password(world, make):
    w = world
    newcomer = make.cadre(w.sender, "郑新来")
    placement = make.placement(newcomer, w.batch, w.host, start=datetime.date(2026, 3, 1))
    services.confirm_start(placement, w.staff)
    newcomer.refresh_from_db()
    login = newcomer.user
    assert (login.role, login.unit, login.last_name) == (Role.CADRE, w.sender, "郑新来")
    assert not login.has_usable_password()
    assert newcomer.id_number not in login.username and newcomer.phone not in login.username
    path = invitation_path(login)
    http = Client()
    form = http.get(path, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    done = http.post(form.redirect_chain[-1][0], {"new_password1": "Diary-2026-ok",
                                                  "new_password2": "Diary-2026-ok"})
    assert done.status_code == 302
    login.refresh_from_db()
    assert login.check_password("Diary-2026-ok")
    # The invitation is spent: following it again is refused.
    assert invitation_path(login) is None
    assert not Client().get(path, follow=True).context["validlink"]


def test_a_cadre_login_never_takes_a_username_already_in_use(world, make):
    from accounts.services import cadre_username, ensure_cadre_login

    w = world
    newcomer = make.cadre(w.sender, "郑新来")
    make.user(Role.RECEIVING, w.host, cadre_username(newcomer))
    login = ensure_cadre_login(newcomer)
    assert login.username == f"{cadre_username(newcomer)}-2" and newcomer.user == login
    assert ensure_cadre_login(newcomer) == login  # once only


def test_pages_and_api_responses_are_never_cached(world):
    c = Client()
    c.force_login(world.staff)
    for path in ("/", "/placements/", "/api/v1/cadres/"):
        control = c.get(path)["Cache-Control"]
        assert "no-store" in control and "private" in control, path


def test_the_idle_limit_is_renewed_by_activity_with_one_write_a_minute(world, time_machine):
    """30 idle minutes count from the last renewal; requests renew it at most once a minute,
    so a page view is not a write of its session each time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    start = datetime.datetime(2026, 11, 18, 9, 0, tzinfo=datetime.UTC)
    time_machine.move_to(start, tick=False)
    c = Client()
    c.force_login(world.staff)

    def session_writes(minutes):
        time_machine.move_to(start + datetime.timedelta(minutes=minutes), tick=False)
        with CaptureQueriesContext(connection) as queries:
            assert c.get("/placements/").status_code == 200
        return sum(1 for q in queries if q["sql"].startswith("UPDATE \"django_session\""))

    assert session_writes(0) == 1     # the first request notes the sign-in and renews
    assert session_writes(0.5) == 0   # within the minute: no write
    assert session_writes(20) == 1    # renewed: idle until 9:50
    assert session_writes(45) == 1    # still signed in (25 idle minutes), renewed again
    time_machine.move_to(start + datetime.timedelta(minutes=76), tick=False)
    page = c.get("/placements/")      # 31 idle minutes
    assert page.status_code == 302 and page["Location"].startswith("/accounts/login/")


def test_a_session_ends_twelve_hours_after_sign_in_however_active(world, settings):
    import time

    from core.middleware import SIGNED_IN_AT

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    c = Client()
    c.force_login(world.staff)
    assert c.get("/placements/").status_code == 200
    session = c.session
    assert time.time() - session[SIGNED_IN_AT] < 60
    # Each request renews the idle limit.
    assert 29 * 60 < session.get_expiry_age() <= 30 * 60
    session[SIGNED_IN_AT] = int(time.time()) - 12 * 3600 - 1
    session.save()
    page = c.get("/placements/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/login/")
    assert c.get("/placements/").status_code == 302  # signed out, not only redirected once
    api = Client()
    api.force_login(world.staff)
    session = api.session
    session[SIGNED_IN_AT] = int(time.time()) - 13 * 3600
    session.save()
    refused = api.get("/api/v1/cadres/")
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "not_authenticated"
