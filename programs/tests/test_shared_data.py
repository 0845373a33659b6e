"""Shared reference data: regions and the holiday calendar are the nation's, written by the
system's administrators only; a unit is kept by the department whose region contains it or
that registered it. Every other write is a 403 with a Chinese message and changes nothing."""
import datetime

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from programs.models import Holiday, Region, Unit

WRITERS_REFUSED = ["staff", "other_staff", "manager", "receiving", "dispatching", "cadre_user"]


def client(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.fixture
def shared(world):
    w = world
    w.root = User.objects.create_superuser("root", password="pw-2026-root")
    w.holiday = Holiday.objects.create(date=datetime.date(2026, 10, 1), name="国庆节")
    return w


def snapshot():
    return (list(Region.objects.order_by("pk").values()),
            list(Holiday.objects.order_by("pk").values()),
            list(Unit.objects.order_by("pk").values()))


def refused(response):
    assert response.status_code == 403, response.content
    message = response.json()["error"]["message"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message


@pytest.mark.parametrize("who", WRITERS_REFUSED)
def test_only_administrators_write_regions_and_holidays(shared, who):
    w = shared
    api = client(getattr(w, who))
    before = snapshot()
    refused(api.post("/api/v1/regions/", {"name": "新区", "level": "county",
                                           "parent": w.city.pk}, format="json"))
    refused(api.patch(f"/api/v1/regions/{w.province.pk}/", {"code": "000000"}, format="json"))
    refused(api.delete(f"/api/v1/regions/{w.county.pk}/"))
    refused(api.post("/api/v1/holidays/", {"date": "2026-10-02", "name": "国庆节"},
                     format="json"))
    refused(api.patch(f"/api/v1/holidays/{w.holiday.pk}/", {"name": "改名"}, format="json"))
    refused(api.delete(f"/api/v1/holidays/{w.holiday.pk}/"))
    assert snapshot() == before


def test_an_administrator_keeps_regions_and_holidays(shared):
    w = shared
    api = client(w.root)
    created = api.post("/api/v1/regions/", {"name": "新区", "level": "county",
                                             "parent": w.city.pk}, format="json")
    assert created.status_code == 201, created.content
    assert api.patch(f"/api/v1/holidays/{w.holiday.pk}/", {"name": "国庆节、中秋节"},
                     format="json").status_code == 200
    assert api.delete(f"/api/v1/holidays/{w.holiday.pk}/").status_code == 204


@pytest.mark.parametrize("who", ["other_staff", "manager", "receiving", "dispatching",
                                 "cadre_user"])
def test_another_department_or_a_unit_role_cannot_change_a_unit(shared, who):
    w = shared
    api = client(getattr(w, who))
    before = snapshot()
    refused(api.patch(f"/api/v1/units/{w.host.pk}/", {"name": "改名"}, format="json"))
    refused(api.delete(f"/api/v1/units/{w.other_host.pk}/"))
    assert snapshot() == before


def test_the_department_of_the_region_keeps_its_units(shared):
    w = shared
    response = client(w.staff).patch(f"/api/v1/units/{w.host.pk}/", {"name": "开化县政府"},
                                     format="json")
    assert response.status_code == 200, response.content
    w.host.refresh_from_db()
    assert w.host.name == "开化县政府"


def test_a_department_registering_a_unit_elsewhere_keeps_it_and_so_does_the_region(shared):
    w = shared
    hubei = client(w.other_staff)
    created = hubei.post("/api/v1/units/", {"name": "开化县文旅局", "kind": "local_government",
                                            "level": "county", "region": w.county.pk},
                         format="json")
    assert created.status_code == 201, created.content
    unit = Unit.objects.get(pk=created.json()["id"])
    assert unit.registered_by == w.other_department
    assert hubei.patch(f"/api/v1/units/{unit.pk}/", {"name": "开化县文化和旅游局"},
                       format="json").status_code == 200
    assert client(w.staff).patch(f"/api/v1/units/{unit.pk}/", {"name": "开化县文广旅体局"},
                                 format="json").status_code == 200
    # Other units of that region stay the region's own.
    refused(hubei.patch(f"/api/v1/units/{w.host.pk}/", {"name": "改名"}, format="json"))


@pytest.mark.parametrize("who", ["manager", "receiving", "dispatching", "cadre_user"])
def test_only_departments_register_units(shared, who):
    w = shared
    before = snapshot()
    refused(client(getattr(w, who)).post("/api/v1/units/", {
        "name": "新单位", "kind": "other", "level": "county", "region": w.county.pk},
        format="json"))
    assert snapshot() == before


def test_the_admin_follows_the_same_rules(shared, client):
    w = shared
    w.other_staff.is_staff = True
    w.other_staff.save()
    client.force_login(w.other_staff)
    assert client.get(f"/admin/programs/region/{w.province.pk}/change/").status_code in (
        200, 403)
    response = client.post(f"/admin/programs/region/{w.province.pk}/change/",
                           {"name": "改名", "level": "province", "code": "000000"})
    assert response.status_code == 403
    response = client.post(f"/admin/programs/unit/{w.host.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Region.objects.get(pk=w.province.pk).code == "330000"
    assert Unit.objects.filter(pk=w.host.pk).exists()


@pytest.mark.parametrize("who", WRITERS_REFUSED)
def test_an_existing_professional_field_is_renamed_or_removed_by_administrators_only(
        shared, who):
    """专业领域 are one vocabulary of every department's cadres and orders: a rename by one
    department would rewrite every other's."""
    from cadres.models import Expertise

    w = shared
    field = Expertise.objects.create(name="金融")
    api = client(getattr(w, who))
    refused(api.patch(f"/api/v1/expertise/{field.pk}/", {"name": "改名"}, format="json"))
    refused(api.put(f"/api/v1/expertise/{field.pk}/", {"name": "改名"}, format="json"))
    refused(api.delete(f"/api/v1/expertise/{field.pk}/"))
    assert list(Expertise.objects.values_list("name", flat=True)) == ["金融"]
    added = api.post("/api/v1/expertise/", {"name": "数字经济"}, format="json")
    if who in ("staff", "other_staff"):  # any department adds a field it needs
        assert added.status_code == 201
    else:
        refused(added)
        assert not Expertise.objects.filter(name="数字经济").exists()
    root = client(w.root)
    assert root.patch(f"/api/v1/expertise/{field.pk}/", {"name": "金融服务"},
                      format="json").status_code == 200
