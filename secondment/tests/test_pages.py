"""The console's pages: each role's home, lists and detail pages within its scope, masked
personal data, and list pages whose query count does not grow with their rows."""
import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

D = datetime.date


@pytest.fixture
def pages(world, make):
    w = world
    w.order = make.order(w.batch, w.host, title="农业产业顾问")
    w.other_order = make.order(w.batch, w.other_host, title="文旅发展顾问")
    w.placement = make.placement(w.cadre, w.batch, w.host, status="on_post", order=w.order)
    w.other_cadre = make.cadre(w.other_sender, "李四")
    w.other_placement = make.placement(w.other_cadre, w.batch, w.other_host, status="on_post")

    def http(user):
        c = Client()
        c.force_login(user)
        return c
    w.http = http
    return w


@pytest.mark.parametrize("username, status", [
    ("staff", {"/programs/": 200, "/units/": 200, "/cadres/": 200, "/orders/": 200,
               "/nominations/": 200, "/placements/": 200}),
    ("manager", {"/programs/": 200, "/units/": 200, "/nominations/": 200, "/placements/": 200}),
    ("receiving", {"/programs/": 403, "/units/": 403, "/nominations/": 403, "/orders/": 200,
                   "/placements/": 200}),
    ("dispatching", {"/programs/": 403, "/nominations/": 200, "/orders/": 200}),
    ("cadre", {"/programs/": 403, "/cadres/": 403, "/orders/": 403, "/placements/": 200}),
])
def test_each_role_reaches_the_pages_of_its_work(pages, username, status):
    user = getattr(pages, {"cadre": "cadre_user"}.get(username, username))
    c = pages.http(user)
    home = c.get("/")
    assert home.status_code == 200
    assert 'lang="zh-hans"' in home.content.decode()
    for path, code in status.items():
        assert c.get(path).status_code == code, path


def test_a_receiving_unit_never_sees_another_units_order_or_cadre(pages):
    w = pages
    c = w.http(w.receiving)
    listing = c.get("/orders/").content.decode()
    assert "农业产业顾问" in listing and "文旅发展顾问" not in listing
    assert c.get(f"/orders/{w.other_order.pk}/").status_code == 404
    assert c.get(f"/placements/{w.other_placement.pk}/").status_code == 404
    assert c.get(f"/cadres/{w.other_cadre.pk}/").status_code == 404
    assert "李四" not in c.get("/placements/").content.decode()


def test_a_cadre_sees_only_their_own_placement_and_diary(pages):
    w = pages
    c = w.http(w.cadre_user)
    assert c.get(f"/placements/{w.placement.pk}/").status_code == 200
    assert c.get(f"/placements/{w.other_placement.pk}/").status_code == 404
    home = c.get("/").content.decode()
    assert "我的挂职" in home and w.host.name in home and w.other_host.name not in home


def test_the_id_number_is_masked_for_a_manager_and_shown_to_staff(pages):
    w = pages
    number = w.cadre.id_number
    assert number in w.http(w.staff).get(f"/cadres/{w.cadre.pk}/").content.decode()
    masked = w.http(w.manager).get(f"/cadres/{w.cadre.pk}/").content.decode()
    assert number not in masked and f"{number[:2]}{'*' * 15}{number[-1]}" in masked


def test_filter_drop_downs_list_only_what_the_user_may_see(pages, world):
    c = pages.http(pages.receiving)
    body = c.get("/api/v1/placements/?format=api").content.decode()
    assert "李四" not in body
    assert f'<option value="{pages.cadre.pk}">{pages.cadre.name}</option>' in body
    form = c.get("/placements/").content.decode()
    assert "李四" not in form
    # The page's batch filter is a picker fed by batches/lookup/: no option is written but
    # the chosen one, and the lookup offers the batches of the programs the unit takes part in.
    assert 'data-lookup="/api/v1/batches/lookup/"' in form
    assert f'<option value="{pages.batch.pk}"' not in form
    offered = {row["id"] for row in c.get("/api/v1/batches/lookup/").json()}
    assert pages.batch.pk in offered and pages.other_batch.pk not in offered
    chosen = c.get("/placements/", {"batch": pages.batch.pk}).content.decode()
    assert f'<option value="{pages.batch.pk}" selected>{pages.batch}</option>' in chosen
    # Another department's batch, put in the address: its name is not written back.
    foreign = c.get("/placements/", {"batch": pages.other_batch.pk})
    assert str(pages.other_batch.program) not in foreign.content.decode()
    assert list(foreign.context["object_list"]) == []


def test_a_filter_the_page_does_not_offer_still_applies_and_is_kept(pages):
    c = pages.http(pages.staff)
    page = c.get("/placements/", {"cadre": pages.other_cadre.pk, "status": "on_post"})
    assert list(page.context["object_list"]) == [pages.other_placement]
    body = page.content.decode()
    # Not a drop-down of every cadre, but kept when the user filters further.
    assert f'name="cadre" value="{pages.other_cadre.pk}"' in body
    assert '<select name="cadre"' not in body


def test_the_program_dashboard_shows_its_batches_and_targets_to_the_department(pages):
    w = pages
    page = w.http(w.manager).get(f"/programs/{w.program.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert 'data-chart="status"' in body and "/api/v1/stats/overview/?program=" in body
    assert "千名干部交流互派工程" in body
    assert ">1000<" in body.replace(",", "")  # the program's target, in the targets table
    assert w.http(w.other_staff).get(f"/programs/{w.program.pk}/").status_code == 404
    assert w.http(w.receiving).get(f"/batches/{w.batch.pk}/").status_code == 403


@pytest.mark.parametrize("path", ["/placements/", "/orders/", "/cadres/", "/nominations/",
                                  "/programs/", "/units/"])
def test_list_pages_cost_the_same_queries_whatever_their_rows(pages, make, path):
    w = pages
    c = w.http(w.staff)
    c.get(path)  # warm the session and content types

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(path).status_code == 200
        return len(ctx.captured_queries)
    before = count()
    for i in range(5):
        cadre = make.cadre(w.sender)
        order = make.order(w.batch, w.other_host, title=f"需求{i}")
        make.placement(cadre, w.batch, make.unit(w.county, kind="local_government"),
                       start=D(2026, 1, 1), end=D(2027, 12, 31), order=order)
    # Session, user, the menu's open-alert count, the filter drop-downs, count and rows.
    assert count() == before <= 13


@pytest.mark.parametrize("path", [
    "/placements/?q=%00", "/orders/?status=%00",
    "/admin/placements/placement/?status__exact=%00",
    "/admin/autocomplete/?term=%00&app_label=placements&model_name=placement&field_name=cadre",
    "/api/v1/placements/?search=%00", "/api/v1/cadres/?q=a%00b",
])
def test_a_nul_character_in_the_query_is_bad_input_not_a_server_error(pages, path):
    w = pages
    w.staff.is_staff = True
    w.staff.save()
    response = Client(raise_request_exception=False)
    response.force_login(w.staff)
    answer = response.get(path)
    assert answer.status_code == 400
    body = answer.content.decode()
    assert "请求参数含有非法字符" in body
    if path.startswith("/api/"):
        assert answer.json()["error"]["code"] == "invalid"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)


def test_every_page_carries_the_csp_and_no_inline_script(pages):
    """The policy forbids inline script; no page of the console has any (its scripts are
    files in static/js, data goes in application/json blocks)."""
    w = pages
    visits = {
        w.staff: ["/", "/programs/", f"/programs/{w.program.pk}/", f"/batches/{w.batch.pk}/",
                  f"/batches/{w.batch.pk}/matching/", "/units/", "/cadres/",
                  f"/cadres/{w.cadre.pk}/", "/cadres/add/", "/orders/",
                  f"/orders/{w.order.pk}/", "/nominations/", "/placements/",
                  f"/placements/{w.placement.pk}/", "/reports/", "/alerts/", "/feedback/",
                  "/accounts/password_change/", "/admin/"],
        w.receiving: ["/", "/orders/add/"],
        w.cadre_user: ["/", "/my/", "/my/diary/", "/my/leave/"],
    }
    w.staff.is_staff = True
    w.staff.save()
    for user, paths in visits.items():
        c = w.http(user)
        for path in paths:
            response = c.get(path)
            assert response.status_code == 200, path
            policy = response["Content-Security-Policy"]
            assert "script-src 'self'" in policy and "unsafe" not in policy, path
            assert not INLINE_SCRIPT.findall(response.content.decode()), path
    anonymous = Client().get("/accounts/login/")
    assert "frame-ancestors 'none'" in anonymous["Content-Security-Policy"]


@pytest.mark.parametrize("path", [
    "/admin/placements/worklog/?date__year=99999",
    "/admin/programs/holiday/?date__year=99999",
    "/admin/placements/placement/?start_date__year=99999",
])
def test_an_impossible_year_in_the_admin_is_no_server_error(pages, path):
    """Django's admin answers a filter it cannot apply by dropping it (a redirect with
    ?e=1), never a 500."""
    w = pages
    w.staff.is_staff = w.staff.is_superuser = True
    w.staff.save()
    client = Client(raise_request_exception=False)
    client.force_login(w.staff)
    answer = client.get(path)
    assert answer.status_code == 302 and answer["Location"].endswith("?e=1")


@pytest.mark.parametrize("path", ["/api/v1/nothing-here/", "/api/v1/cadres/0/nothing/",
                                  "/api/nope"])
def test_an_unknown_api_path_answers_the_json_error_shape(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == "not_found" and "接口不存在" in error["message"]
    assert error["fields"] == {}


def test_an_unknown_method_on_an_api_path_answers_the_json_error_shape(world):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(world.staff)
    response = api.put("/api/v1/stats/overview/", {}, format="json")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_an_unknown_page_stays_a_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")


def test_every_page_asks_dual_engine_browsers_for_their_chromium_engine(client, world):
    """360, QQ and Sogou browsers open intranet sites in their IE engine unless told."""
    client.force_login(world.staff)
    for path in ("/accounts/login/", "/", "/cadres/", "/placements/"):
        html = client.get(path).content.decode()
        assert '<meta name="renderer" content="webkit">' in html, path
        assert '<meta http-equiv="X-UA-Compatible" content="IE=edge">' in html, path
