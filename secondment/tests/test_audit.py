"""The audit trail: who changed what, when and from where, for changes through the API, the
pages and the admin; read at `…/history/` and on the detail pages, masked as the object is,
and never written through the app."""
import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.test import Client
from rest_framework.test import APIClient

from cadres.models import Cadre
from placements.models import Placement, WorkLog


def api(user, address="10.1.2.3"):
    client = APIClient(REMOTE_ADDR=address)
    client.force_authenticate(user)
    return client


class _Form(HTMLParser):
    """The values an admin change form was rendered with, as the browser would send them."""

    def __init__(self):
        super().__init__()
        self.values, self._select, self._textarea, self._multiple = {}, None, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "checkbox", "file"):
            self.values[name] = a.get("value", "")
        elif tag == "input" and name and a.get("type") == "checkbox" and "checked" in a:
            self.values.setdefault(name, []).append(a.get("value", "on"))
        elif tag == "select" and name:
            self._select, self._multiple = name, "multiple" in a
            self.values.setdefault(name, [] if self._multiple else "")
        elif tag == "option" and self._select and "selected" in a:
            if self._multiple:
                self.values[self._select].append(a.get("value", ""))
            else:
                self.values[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data.lstrip("\n")


def form_values(html):
    parser = _Form()
    parser.feed(html)
    return parser.values


def last_change(entries):
    [entry] = [e for e in entries if e["kind"] == "changed"][-1:]
    return entry


def test_a_phone_changed_through_the_api_is_recorded(world):
    cadre = world.cadre
    old_phone = cadre.phone
    response = api(world.staff).patch(f"/api/v1/cadres/{cadre.pk}/", {"phone": "13912345678"},
                                      format="json")
    assert response.status_code == 200
    history = api(world.staff).get(f"/api/v1/cadres/{cadre.pk}/history/").json()
    assert history[0]["kind"] == "created"
    entry = last_change(history)
    assert entry["actor"] == "staff" and entry["data"]["ip_address"] == "10.1.2.3"
    assert entry["data"]["changes"] == [
        {"field": "phone", "label": "手机号码", "before": old_phone, "after": "13912345678"}]


def test_a_masked_reader_sees_the_change_masked(world):
    cadre = world.cadre
    api(world.staff).patch(f"/api/v1/cadres/{cadre.pk}/", {"phone": "13912345678"},
                           format="json")
    history = api(world.manager).get(f"/api/v1/cadres/{cadre.pk}/history/").json()
    [change] = last_change(history)["data"]["changes"]
    assert change["after"] == "139****5678"
    created = {c["field"]: c["after"] for c in history[0]["data"]["changes"]}
    assert created["id_number"] == "33" + "*" * 15 + cadre.id_number[-1]
    assert created["birth_date"] == "1985"
    body = str(history)
    assert cadre.id_number not in body and "13912345678" not in body


def test_history_is_scoped_like_its_object(world):
    cadre = world.cadre
    assert api(world.other_staff).get(f"/api/v1/cadres/{cadre.pk}/history/").status_code == 404


def test_a_change_on_a_page_is_recorded_with_its_actor(world, make):
    placement = make.placement(world.cadre, world.batch, world.host, status="on_post")
    client = Client(REMOTE_ADDR="10.9.8.7")
    client.force_login(world.cadre_user)
    response = client.post("/my/", {"date": "2026-03-02", "content": "走访农户，了解种植情况",
                                    "category": "research"})
    assert response.status_code == 302
    log = WorkLog.objects.get(placement=placement)
    history = api(world.staff).get(f"/api/v1/work-logs/{log.pk}/history/").json()
    assert [(h["kind"], h["actor"], h["data"]["ip_address"]) for h in history] == [
        ("created", "cadre", "10.9.8.7")]
    # The cadre's page shows the cadre's recorded changes.
    staff = Client()
    staff.force_login(world.staff)
    page = staff.get(f"/cadres/{world.cadre.pk}/").content.decode()
    assert "修改记录" in page and "创建" in page


def test_a_change_in_the_admin_is_recorded(world):
    world.staff.is_staff = True
    world.staff.is_superuser = True
    world.staff.save()
    placement_count = Placement.objects.count()
    client = Client(REMOTE_ADDR="10.5.5.5")
    client.force_login(world.staff)
    cadre = world.cadre
    form = client.get(f"/admin/cadres/cadre/{cadre.pk}/change/")
    assert form.status_code == 200
    data = form_values(form.content.decode())
    data["position"] = "处长"
    response = client.post(f"/admin/cadres/cadre/{cadre.pk}/change/", data)
    errors = re.findall(r"errorlist[^>]*>(.*?)</ul>", response.content.decode(), re.S)
    assert response.status_code == 302, errors
    entry = last_change(api(world.staff).get(f"/api/v1/cadres/{cadre.pk}/history/").json())
    assert entry["data"]["ip_address"] == "10.5.5.5" and entry["actor"] == "staff"
    assert {c["field"] for c in entry["data"]["changes"]} == {"position"}
    assert Placement.objects.count() == placement_count


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_history_is_not_written_through_the_app(world, method):
    cadre = world.cadre
    before = cadre.history.count()
    response = getattr(api(world.staff), method)(f"/api/v1/cadres/{cadre.pk}/history/", {},
                                                 format="json")
    assert response.status_code == 405
    assert not admin.site.is_registered(Cadre.history.model)
    assert cadre.history.count() == before


def test_nominations_declined_at_the_close_of_matching_are_recorded(world, make):
    from placements.models import Nomination
    from placements.services.matching import decline_unselected

    nomination = Nomination.objects.create(cadre=world.cadre, batch=world.batch,
                                           dispatching_unit=world.sender)
    decline_unselected(world.batch, world.staff)
    history = api(world.staff).get(f"/api/v1/nominations/{nomination.pk}/history/").json()
    entry = last_change(history)
    assert entry["actor"] == "staff"
    assert entry["data"]["changes"] == [
        {"field": "status", "label": "状态", "before": "已推荐", "after": "未选派"}]
