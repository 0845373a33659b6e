"""Units, not roles, decide the side: in 上挂下派 a county bureau both hosts cadres and sends
its own. Its operator — whether the account was made as `receiving`, `dispatching` or
`unit_operator` — works both sides from one login, through the API and the pages, and sees
nothing of a third unit."""
import datetime

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.choices import Role
from placements.models import DemandOrder, Nomination, Placement, WorkLog
from programs.choices import UnitKind
from reports.models import Alert

D = datetime.date


@pytest.fixture
def bureau(world, make):
    """开化县发展和改革局 hosts a cadre of the province's 农业农村厅 and has sent one of its
    own to 开化县人民政府; 开化县农业农村局 is the third unit."""
    w = world
    w.bureau = make.unit(w.county, "开化县发展和改革局", UnitKind.LOCAL_GOVERNMENT)
    w.program.participants.add(w.bureau)
    w.hosted = make.placement(w.cadre, w.batch, w.bureau, status="on_post")
    w.own_cadre = make.cadre(w.bureau, "刘建国")
    w.sent = make.placement(w.own_cadre, w.batch, w.host, status="on_post",
                            direction="up")
    w.own_order = make.order(w.batch, w.bureau, title="发改局需求")
    w.published = make.order(w.batch, w.host, title="县政府需求")
    w.third_cadre = make.cadre(w.other_host, "吕志和")
    w.third = make.placement(w.third_cadre, w.batch, w.host, status="on_post")
    w.third_log = WorkLog.objects.create(placement=w.third, date=D(2026, 3, 2), content="调研")
    w.log = WorkLog.objects.create(placement=w.hosted, date=D(2026, 3, 2), content="走访企业")
    w.as_receiving = make.user(Role.RECEIVING, w.bureau, "bureau_receiving")
    w.as_dispatching = make.user(Role.DISPATCHING, w.bureau, "bureau_dispatching")
    w.as_operator = make.user(Role.UNIT_OPERATOR, w.bureau, "bureau_operator")
    return w


ACCOUNTS = ("as_receiving", "as_dispatching", "as_operator")
REVIEW = {"decision": "accepted", "comment": "属实"}


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def listed(client, endpoint):
    return {row["id"] for row in client.get(f"/api/v1/{endpoint}/",
                                            {"page_size": 200}).json()["results"]}


@pytest.mark.parametrize("account", ACCOUNTS)
def test_the_bureau_reads_both_sides_and_nothing_of_a_third_unit(bureau, account):
    w = bureau
    c = api(getattr(w, account))
    assert listed(c, "placements") == {w.hosted.pk, w.sent.pk}
    for placement in (w.hosted, w.sent):
        assert c.get(f"/api/v1/placements/{placement.pk}/").status_code == 200
    assert c.get(f"/api/v1/placements/{w.third.pk}/").status_code == 404
    assert listed(c, "cadres") == {w.cadre.pk, w.own_cadre.pk}
    assert c.get(f"/api/v1/cadres/{w.third_cadre.pk}/").status_code == 404
    # Its own orders as host, the published list of the open batch as home.
    assert listed(c, "orders") == {w.own_order.pk, w.published.pk}
    assert listed(c, "work-logs") == {w.log.pk}
    assert c.get(f"/api/v1/work-logs/{w.third_log.pk}/").status_code == 404


@pytest.mark.parametrize("account", ACCOUNTS)
def test_the_bureau_drafts_its_orders_and_nominates_its_cadres_from_one_login(bureau, make,
                                                                             account):
    w = bureau
    c = api(getattr(w, account))
    candidate = make.cadre(w.bureau, "史文静")
    response = c.post("/api/v1/orders/", {
        "batch": w.batch.pk, "receiving_unit": w.bureau.pk, "title": "招商顾问",
        "post_title": "挂职副局长", "headcount": 1}, format="json")
    assert response.status_code == 201, response.content.decode()
    response = c.post("/api/v1/nominations/", {"cadre": candidate.pk, "batch": w.batch.pk},
                      format="json")
    assert response.status_code == 201, response.content.decode()
    # As host it reviews the diary of the cadre it hosts; as home it follows the one it sent.
    assert c.post(f"/api/v1/work-logs/{w.log.pk}/review/", REVIEW,
                  format="json").status_code == 200


@pytest.mark.parametrize("account", ACCOUNTS)
def test_nothing_of_a_third_unit_is_written(bureau, make, account):
    w = bureau
    c = api(getattr(w, account))
    before = (DemandOrder.objects.count(), Nomination.objects.count(),
              list(WorkLog.objects.values_list("pk", "status")))
    assert c.post("/api/v1/orders/", {
        "batch": w.batch.pk, "receiving_unit": w.other_host.pk, "title": "代填",
        "post_title": "挂职副局长", "headcount": 1}, format="json").status_code == 403
    assert c.post("/api/v1/nominations/", {"cadre": w.third_cadre.pk, "batch": w.batch.pk},
                  format="json").status_code == 400  # not a cadre it may name
    assert c.post(f"/api/v1/work-logs/{w.third_log.pk}/review/", REVIEW,
                  format="json").status_code == 404
    assert before == (DemandOrder.objects.count(), Nomination.objects.count(),
                      list(WorkLog.objects.values_list("pk", "status")))


def test_a_unit_that_only_hosts_still_cannot_nominate(bureau, make):
    """The side comes from the unit: 开化县人民政府 employs no cadre and sent none, so its
    `receiving` login puts nobody forward (403, nothing written)."""
    w = bureau
    stranger = make.cadre(w.sender, "曾晓峰")
    response = api(w.receiving).post("/api/v1/nominations/",
                                     {"cadre": stranger.pk, "batch": w.batch.pk}, format="json")
    assert response.status_code == 403
    assert not Nomination.objects.filter(cadre=stranger).exists()
    assert w.receiving.acting_roles == {Role.RECEIVING}


def test_the_alerts_of_both_sides_reach_the_bureau(bureau):
    w = bureau
    for role in (Role.RECEIVING, Role.DISPATCHING):
        Alert.objects.create(kind="diary_gap", content_type_id=_placement_type(),
                             object_id=w.sent.pk, unit=w.bureau, role=role, message=role)
    for account in ACCOUNTS:
        messages = {a["message"] for a in api(getattr(w, account)).get(
            "/api/v1/alerts/").json()["results"]}
        assert messages == {"receiving", "dispatching"}, account


def _placement_type():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Placement).pk


def page(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("account", ACCOUNTS)
def test_the_menu_and_home_show_both_sets_of_work(bureau, account):
    w = bureau
    c = page(getattr(w, account))
    home = c.get("/").content.decode()
    for heading in ("本单位的需求订单", "已发布的需求", "本单位接收的挂职干部",
                    "本单位派出的挂职干部"):
        assert heading in home, heading
    assert "发改局需求" in home and "县政府需求" in home
    for label in ("需求订单", "推荐人选", "挂职", "干部", "导入"):
        assert f">{label}</a>" in home, label
    for url in (f"/placements/{w.hosted.pk}/", f"/placements/{w.sent.pk}/",
                "/nominations/add/", "/orders/add/"):
        assert c.get(url).status_code == 200, url
    assert c.get(f"/placements/{w.third.pk}/").status_code == 404


def test_a_host_only_unit_sees_only_its_host_work(bureau):
    home = page(bureau.receiving).get("/").content.decode()
    assert "本单位接收的挂职干部" in home and "本单位派出的挂职干部" not in home
    assert ">推荐人选</a>" not in home
    assert page(bureau.receiving).get("/nominations/add/").status_code == 403
