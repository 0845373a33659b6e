"""挂职任务书 (issue 30, item 1; DESIGN Turn-3 `agreements/` with `confirm/` and `amend/`): one
per placement, versioned; the home unit, the host unit and the cadre each confirm; a change is
a new version all three confirm again, the earlier kept and compared. Refusals by code, nothing
changed."""
import datetime

import pytest
from rest_framework.test import APIClient

from placements.models import Agreement

D = datetime.date


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def placed(world, make):
    w = world
    order = make.order(w.batch, w.host, goals="引进两个农业产业项目")
    w.placement = make.placement(w.cadre, w.batch, w.host, order=order, status="on_post")
    return w


def draft(w, user=None, **body):
    return api(user or w.staff).post("/api/v1/agreements/", {
        "placement": w.placement.pk, "duties": "协助分管农业农村工作", **body}, format="json")


def test_three_confirmations_make_it_agreed(placed):
    w = placed
    made = draft(w, supervisor="县委副书记", development_plan="参加县委中心组学习")
    assert made.status_code == 201, made.json()
    body = made.json()
    # Its blanks come from the order and the placement.
    assert (body["version"], body["goals"], body["post_title"]) == (
        1, "引进两个农业产业项目", "挂职副县长")
    assert body["pending"] == ["home", "host", "cadre"] and body["confirmed"] is False
    path = f"/api/v1/agreements/{body['id']}/confirm/"
    for user, side in ((w.dispatching, "home"), (w.receiving, "host")):
        answer = api(user).post(path)
        assert answer.status_code == 200 and side not in answer.json()["pending"]
    # Twice by one party: 409, nothing changes.
    twice = api(w.receiving).post(path)
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "already_confirmed"
    # Two of three is not agreed; the cadre's makes it so.
    assert Agreement.objects.get().confirmed is False
    done = api(w.cadre_user).post(path)
    assert done.json()["confirmed"] is True and done.json()["confirmed_by_cadre_at"]


@pytest.mark.parametrize("who, code", [("other_staff", 404), ("staff", 403),
                                       ("manager", 403)])
def test_only_the_three_parties_confirm(placed, who, code):
    w = placed
    agreement_id = draft(w).json()["id"]
    response = api(getattr(w, who)).post(f"/api/v1/agreements/{agreement_id}/confirm/")
    assert response.status_code == code
    assert Agreement.objects.get().pending() == ["home", "host", "cadre"]


def test_a_change_is_a_new_version_confirmed_again_and_compared(placed):
    w = placed
    first = draft(w).json()
    for user in (w.dispatching, w.receiving, w.cadre_user):
        api(user).post(f"/api/v1/agreements/{first['id']}/confirm/")
    no_reason = api(w.receiving).post(f"/api/v1/agreements/{first['id']}/amend/",
                                      {"duties": "分管文旅"}, format="json")
    assert no_reason.status_code == 400 and Agreement.objects.count() == 1
    same = api(w.receiving).post(f"/api/v1/agreements/{first['id']}/amend/",
                                 {"reason": "无", "duties": "协助分管农业农村工作"},
                                 format="json")
    assert same.status_code == 400 and same.json()["error"]["code"] == "unchanged"
    changed = api(w.receiving).post(f"/api/v1/agreements/{first['id']}/amend/", {
        "reason": "县里调整分工", "duties": "协助分管文旅工作", "end_date": "2028-06-30"},
        format="json")
    assert changed.status_code == 201
    second = changed.json()
    assert second["version"] == 2 and second["pending"] == ["home", "host", "cadre"]
    assert second["changes"] == {"duties": ["协助分管农业农村工作", "协助分管文旅工作"],
                                 "end_date": ["2027-12-31", "2028-06-30"]}
    # The first version is kept, no longer current; confirming it is refused.
    old = api(w.cadre_user).post(f"/api/v1/agreements/{first['id']}/confirm/")
    assert old.status_code == 409 and old.json()["error"]["code"] == "superseded"
    listed = api(w.cadre_user).get("/api/v1/agreements/",
                                   {"placement": w.placement.pk}).json()["results"]
    assert [(a["version"], a["is_current"]) for a in listed] == [(2, True), (1, False)]


def test_one_agreement_per_placement_and_a_duty_is_needed(placed):
    w = placed
    empty = draft(w, duties="")
    assert empty.status_code == 400 and "duties" in empty.json()["error"]["fields"]
    assert draft(w).status_code == 201
    again = draft(w)
    assert again.status_code == 409 and again.json()["error"]["code"] == "agreement_exists"
    assert Agreement.objects.count() == 1
    assert draft(w, user=w.other_staff).status_code == 404


def test_the_pages_draft_confirm_and_change_with_the_predicates(placed):
    from django.test import Client

    w = placed
    host = Client()
    host.force_login(w.receiving)
    page = host.get(f"/placements/{w.placement.pk}/").content.decode()
    assert "起草任务书" in page
    refused = host.post(f"/placements/{w.placement.pk}/agreement/", {"duties": ""})
    assert refused.status_code == 400 and not Agreement.objects.exists()
    assert host.post(f"/placements/{w.placement.pk}/agreement/",
                     {"duties": "协助分管农业"}).status_code == 302
    agreement = Agreement.objects.get()
    cadre = Client()
    cadre.force_login(w.cadre_user)
    home = cadre.get("/my/").content.decode()
    assert "待您确认" in home and f"/agreements/{agreement.pk}/confirm/" in home
    shown = cadre.get(f"/agreements/{agreement.pk}/confirm/")
    assert shown.status_code == 200 and "协助分管农业" in shown.content.decode()
    assert cadre.post(f"/agreements/{agreement.pk}/confirm/").status_code == 302
    assert "待您确认" not in cadre.get("/my/").content.decode()
    # The host confirms once; then the button is gone from its page.
    host.post(f"/agreements/{agreement.pk}/confirm/")
    assert "确认任务书" not in host.get(f"/placements/{w.placement.pk}/").content.decode()
    changed = host.post(f"/agreements/{agreement.pk}/amend/", {
        "duties": "协助分管文旅", "post_title": "挂职副县长", "start_date": "2026-01-01",
        "end_date": "2027-12-31", "reason": "分工调整"})
    assert changed.status_code == 302
    assert Agreement.objects.get(is_current=True).version == 2
