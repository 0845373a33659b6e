"""The REST API: error shape, tokens, the access matrix, query counts, the contract's stats."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import User
from placements.models import Nomination, WorkLog

D = datetime.date


@pytest.fixture
def api(world, make):
    w = world
    w.order = make.order(w.batch, w.host)
    w.other_order = make.order(w.other_batch, make.unit(w.other_province, "郧阳区人民政府"))
    w.placement = make.placement(w.cadre, w.batch, w.host)
    w.other_placement = make.placement(make.cadre(w.other_department), w.other_batch,
                                       w.other_order.receiving_unit)
    w.nomination = Nomination.objects.create(cadre=make.cadre(w.sender), batch=w.batch,
                                             dispatching_unit=w.sender)
    w.log = WorkLog.objects.create(placement=w.placement, date=D(2026, 3, 2), content="调研")

    def client(user=None):
        c = APIClient()
        if user is not None:
            c.force_authenticate(user)
        return c
    w.client = client
    return w


def test_errors_have_one_shape_with_chinese_messages(api):
    anonymous = api.client().get("/api/v1/placements/")
    assert anonymous.status_code == 401
    assert set(anonymous.json()["error"]) == {"code", "message", "fields"}
    missing = api.client(api.staff).get("/api/v1/placements/999999/")
    assert missing.status_code == 404 and "不存在" in missing.json()["error"]["message"]
    bad = api.client(api.staff).post("/api/v1/orders/", {"title": "x"}, format="json")
    assert bad.status_code == 400
    body = bad.json()["error"]
    assert body["code"] == "invalid" and "batch" in body["fields"]
    assert "输入有误" in body["message"]


def test_a_token_is_issued_for_a_username_and_password(api):
    response = APIClient().post("/api/v1/auth/token/", {"username": "staff", "password": "pw"})
    token = response.json()["token"]
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    listing = c.get("/api/v1/placements/")
    assert listing.status_code == 200
    assert [p["id"] for p in listing.json()["results"]] == [api.placement.pk]


# The access matrix: endpoint × role × (own object, other unit's object) → status code of a
# GET of the object; writes are covered by the action rows below.
OBJECTS = {
    "placements": ("placement", "other_placement"),
    "orders": ("order", "other_order"),
    "programs": ("program", "other_program"),
    "batches": ("batch", "other_batch"),
    "work-logs": ("log", None),
    "nominations": ("nomination", None),
    "cadres": ("cadre", None),
}
READ = {
    # role: endpoints whose own object the role reads (others are 404)
    "staff": {"placements", "orders", "programs", "batches", "work-logs", "nominations",
              "cadres"},
    "manager": {"placements", "orders", "programs", "batches", "work-logs", "nominations",
                "cadres"},
    "receiving": {"placements", "orders", "programs", "batches", "work-logs", "cadres"},
    "dispatching": {"placements", "orders", "programs", "batches", "work-logs", "cadres"},
    "cadre_user": {"placements", "programs", "batches", "work-logs", "cadres"},
}
# Programs of another department are public to unit operators (active programs).
OTHER_VISIBLE = {("receiving", "programs"), ("receiving", "batches"),
                 ("dispatching", "programs"), ("dispatching", "batches"),
                 ("dispatching", "orders"), ("cadre_user", "programs"),
                 ("cadre_user", "batches")}


@pytest.mark.parametrize("role", sorted(READ))
def test_access_matrix_for_reading(api, role):
    user = getattr(api, role)
    c = api.client(user)
    for endpoint, (own, other) in OBJECTS.items():
        obj = getattr(api, own)
        if endpoint == "nominations" and role == "dispatching":
            expected = 200  # its own unit's nomination
        else:
            expected = 200 if endpoint in READ[role] else 404
        got = c.get(f"/api/v1/{endpoint}/{obj.pk}/").status_code
        assert got == expected, (role, endpoint, "own", got)
        if other:
            expected_other = 200 if (role, endpoint) in OTHER_VISIBLE else 404
            got = c.get(f"/api/v1/{endpoint}/{getattr(api, other).pk}/").status_code
            assert got == expected_other, (role, endpoint, "other", got)


ACTIONS = [
    # (role, method, path template, body, expected)
    ("receiving", "post", "/api/v1/orders/{order}/approve/", {}, 403),
    ("dispatching", "post", "/api/v1/orders/{order}/approve/", {}, 403),
    ("manager", "post", "/api/v1/orders/{order}/approve/", {}, 403),
    ("staff", "post", "/api/v1/orders/{order}/approve/", {}, 409),  # already approved
    ("other_staff", "post", "/api/v1/orders/{order}/approve/", {}, 404),
    ("staff", "post", "/api/v1/orders/{order}/return/", {}, 400),  # no reason
    ("manager", "post", "/api/v1/placements/{placement}/extend/",
     {"planned_end_date": "2028-06-30"}, 403),
    ("receiving", "post", "/api/v1/placements/{placement}/extend/",
     {"planned_end_date": "2028-06-30"}, 403),
    ("staff", "post", "/api/v1/placements/{placement}/extend/",
     {"planned_end_date": "2028-06-30"}, 200),
    ("staff", "post", "/api/v1/placements/{placement}/extend/",
     {"planned_end_date": "2020-01-01"}, 400),
    ("cadre_user", "post", "/api/v1/placements/{placement}/start/", {}, 403),
    ("receiving", "post", "/api/v1/placements/{placement}/start/", {}, 200),
    ("staff", "post", "/api/v1/placements/{placement}/end/",
     {"actual_end_date": "2026-06-30"}, 400),  # early without a reason
    ("manager", "post", "/api/v1/regions/", {"name": "新区", "level": "county"}, 403),
    ("staff", "post", "/api/v1/regions/", {"name": "新区", "level": "county"}, 201),
    ("cadre_user", "post", "/api/v1/work-logs/",
     {"placement": "{placement}", "date": "2026-03-03", "content": "走访企业"}, 201),
    ("receiving", "post", "/api/v1/work-logs/",
     {"placement": "{placement}", "date": "2026-03-04", "content": "代写"}, 403),
    ("staff", "post", "/api/v1/batches/{batch}/match/", {}, 200),
    ("receiving", "post", "/api/v1/batches/{batch}/match/", {}, 403),
]


@pytest.mark.parametrize("role, method, path, body, expected", ACTIONS)
def test_access_matrix_for_actions(api, role, method, path, body, expected):
    ids = {"order": api.order.pk, "placement": api.placement.pk, "batch": api.batch.pk}
    path = path.format(**ids)
    body = {k: (v.format(**ids) if isinstance(v, str) else v) for k, v in body.items()}
    response = getattr(api.client(getattr(api, role)), method)(path, body, format="json")
    assert response.status_code == expected, response.content.decode()


def test_id_numbers_and_phones_are_masked_for_everyone_but_org_staff(api):
    path = f"/api/v1/cadres/{api.cadre.pk}/"
    assert api.client(api.staff).get(path).json()["id_number"] == api.cadre.id_number
    for role in ("manager", "receiving", "dispatching"):
        data = api.client(getattr(api, role)).get(path).json()
        assert data["id_number"] != api.cadre.id_number and "*" in data["id_number"]
        assert "*" in data["phone"]
    assert api.client(api.cadre_user).get(path).json()["phone"] == api.cadre.phone


def test_choice_fields_carry_their_chinese_label(api):
    data = api.client(api.staff).get(f"/api/v1/placements/{api.placement.pk}/").json()
    assert data["direction"] == "down" and data["direction_display"] == "下派"
    assert data["status_display"] == "待出发"


LIST_ENDPOINTS = ["regions", "units", "programs", "tracks", "batches", "targets",
                  "allowance-policies", "expertise", "cadres", "orders", "nominations",
                  "placements", "leaves", "work-logs", "inspections", "achievements",
                  "appraisals", "allowance-statements", "reports", "alerts"]


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_list_endpoints_use_a_fixed_number_of_queries(api, make, endpoint):
    for _ in range(6):  # more rows than the small page
        cadre = make.cadre(api.sender)
        make.placement(cadre, api.batch, api.host)
    counts = []
    for size in (5, 200):
        c = api.client(User.objects.get(pk=api.staff.pk))  # nothing cached between requests
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(f"/api/v1/{endpoint}/?page_size={size}").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] and counts[0] <= 6, (endpoint, counts)


def test_the_schema_and_swagger_ui_are_served_locally(api):
    schema = api.client(api.staff).get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in ("/api/v1/orders/{id}/return/", "/api/v1/batches/{id}/confirm-matches/",
                 "/api/v1/stats/overview/", "/api/v1/allowance-statements/"):
        assert path in paths
    page = api.client(api.staff).get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in page and "cdn" not in page.lower()
