"""The access matrix in the admin: the same objects as the API's matrix (test_api.READ_MATRIX).
A department's staff open their own objects and not another department's (the admin answers
as for a missing object); managers read but never add; unit operators and cadres have no
admin at all."""
import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client

from .test_api import READ_MATRIX


def admin_url(obj, view="change"):
    meta = obj._meta
    if view == "add":
        return f"/admin/{meta.app_label}/{meta.model_name}/add/"
    return f"/admin/{meta.app_label}/{meta.model_name}/{obj.pk}/change/"


@pytest.fixture
def staffed(api):
    w = api
    every = Permission.objects.filter(content_type__app_label__in=[
        "programs", "cadres", "placements", "reports", "notices", "documents",
        "evaluations"])
    for user in (w.staff, w.other_staff):
        user.is_staff = True
        user.save()
        user.user_permissions.set(every)
    w.manager.is_staff = True
    w.manager.save()
    w.manager.user_permissions.set(every.filter(codename__startswith="view_"))
    return w


def http(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize("endpoint", sorted(READ_MATRIX))
def test_admin_access_matrix(staffed, endpoint):
    w = staffed
    obj = w.own[endpoint]
    assert admin.site.is_registered(type(obj)), endpoint
    own_readers = READ_MATRIX[endpoint][0]
    url = admin_url(obj)
    for role in ("staff", "other_staff", "manager"):
        answer = http(getattr(w, role)).get(url)
        if role in own_readers:
            assert answer.status_code == 200, (endpoint, role)
        else:  # outside the user's scope: as if it did not exist
            assert (answer.status_code, answer["Location"]) == (302, "/admin/"), (endpoint, role)
    assert http(w.manager).get(admin_url(obj, "add")).status_code == 403, endpoint
    for user in (w.receiving, w.dispatching, w.cadre_user):
        answer = http(user).get(url)
        assert answer.status_code == 302 and answer["Location"].startswith("/admin/login/")
