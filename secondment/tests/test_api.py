"""The REST API: error shape, tokens, the access matrix, query counts, the contract's stats."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import User

D = datetime.date


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
    assert {p["id"] for p in listing.json()["results"]} == {api.placement.pk, api.planned.pk}


# The access matrix, one row per endpoint of the contract: which roles read the object of
# their own department/unit/placement, and which read the other department's one (a GET of
# each answers 200, every other role 404). Writes are the action rows below.
# `operator` is a third unit's `unit_operator` (admitted to the program, acting on both sides):
# it reads the program and its published orders, nothing of the other units' placements.
ROLES = ("staff", "manager", "receiving", "dispatching", "cadre_user", "other_staff",
         "operator")
EVERYONE = set(ROLES)
DEPARTMENT = {"staff", "manager"}
ON_PLACEMENT = DEPARTMENT | {"receiving", "dispatching", "cadre_user"}
# Unit operators and cadres read the started programs they take part in (admitted, or with
# records there), never another department's.
PROGRAM_READERS = (DEPARTMENT | {"receiving", "dispatching", "cadre_user", "operator"},
                   {"other_staff"})
PLACEMENT_READERS = (ON_PLACEMENT, {"other_staff"})
READ_MATRIX = {
    "regions": (EVERYONE, EVERYONE),
    "units": (EVERYONE, EVERYONE),
    "expertise": (EVERYONE, EVERYONE),
    "holidays": (EVERYONE, EVERYONE),
    "programs": PROGRAM_READERS,
    "tracks": PROGRAM_READERS,
    "batches": PROGRAM_READERS,
    "targets": PROGRAM_READERS,
    "allowance-policies": PROGRAM_READERS,
    "eligibility-rules": PROGRAM_READERS,
    "cadres": (ON_PLACEMENT, {"other_staff"}),
    # Dispatching units read the published orders of open batches (需求清单) of the programs
    # they take part in.
    "orders": (DEPARTMENT | {"receiving", "dispatching", "operator"}, {"other_staff"}),
    "nominations": (DEPARTMENT | {"dispatching"}, {"other_staff"}),
    # A second round's offer: to the nominee's unit, for the order's unit, and the department.
    "offers": (DEPARTMENT | {"receiving", "dispatching"}, {"other_staff"}),
    "placements": PLACEMENT_READERS,
    "leaves": PLACEMENT_READERS,
    "agreements": PLACEMENT_READERS,
    "extensions": PLACEMENT_READERS,
    "readiness-items": PLACEMENT_READERS,
    "handovers": PLACEMENT_READERS,
    "return-plans": PLACEMENT_READERS,
    "later-uses": PLACEMENT_READERS,
    # A department's own templates: its staff's (a leader prints, never keeps them).
    "document-templates": ({"staff"}, {"other_staff"}),
    "reports-of-duty": PLACEMENT_READERS,
    # Talks and ballots are the department's and the appraising units', never the cadre's.
    "talks": (DEPARTMENT | {"receiving", "dispatching"}, {"other_staff"}),
    "ballots": (DEPARTMENT | {"receiving", "dispatching"}, {"other_staff"}),
    "work-logs": PLACEMENT_READERS,
    "inspections": PLACEMENT_READERS,
    "achievements": PLACEMENT_READERS,
    "appraisals": PLACEMENT_READERS,
    "allowance-statements": PLACEMENT_READERS,
    "reports": (DEPARTMENT, {"other_staff"}),
    # A department's notices reach its program's units (their operators), not its cadres.
    "notices": (DEPARTMENT | {"receiving", "dispatching", "operator"}, {"other_staff"}),
    # Alerts are private to the unit and role they concern.
    "alerts": ({"receiving"}, {"other_staff"}),
}


# Endpoints a role reads or not at all (403 before any object is looked up), tested with
# their readers in their own modules.
ROLE_GATED = {"security-events": "accounts/tests/test_security_events.py",
              "host-ratings": "evaluations/tests/test_host_ratings.py"}
# Endpoints whose objects only the user who made them reads (404 for everyone else).
PRIVATE = {"imports": "imports/tests/test_import_pages.py",
           "stand-ins": "accounts/tests/test_stand_ins.py",
           "messages": "notices/tests/test_messages.py"}


def test_the_read_matrix_covers_every_endpoint_of_the_router():
    from secondment.api.urls import router

    assert {prefix for prefix, _, _ in router.registry} == (
        set(READ_MATRIX) | set(ROLE_GATED) | set(PRIVATE))


@pytest.mark.parametrize("endpoint", sorted(READ_MATRIX))
def test_access_matrix_for_reading(api, endpoint):
    own_readers, other_readers = READ_MATRIX[endpoint]
    for role in ROLES:
        c = api.client(getattr(api, role))
        for side, readers in (("own", own_readers), ("other", other_readers)):
            obj = getattr(api, side)[endpoint]
            response = c.get(f"/api/v1/{endpoint}/{obj.pk}/")
            expected = 200 if role in readers else 404
            assert response.status_code == expected, (endpoint, role, side)
            if expected == 200:
                assert response.json()["id"] == obj.pk
            # The national directory holds thousands of regions: look where the object is.
            # A department's unit directory starts with the units it works with: all asked.
            narrow = ({"within": obj.pk} if endpoint == "regions"
                      else {"scope": "all"} if endpoint == "units" else {})
            listed = {row["id"] for row in c.get(f"/api/v1/{endpoint}/",
                                                 {"page_size": 200, **narrow}).json()["results"]}
            assert (obj.pk in listed) == (role in readers), (endpoint, role, side, "list")


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
    ("receiving", "post", "/api/v1/placements/{planned}/start/", {}, 200),
    ("receiving", "post", "/api/v1/placements/{placement}/start/", {}, 409),  # on post
    ("staff", "post", "/api/v1/placements/{placement}/end/",
     {"actual_end_date": "2026-06-30"}, 400),  # early without a reason
    ("manager", "post", "/api/v1/regions/", {"name": "新区", "level": "county"}, 403),
    # Regions are the nation's reference data: the system's administrators keep them.
    ("staff", "post", "/api/v1/regions/", {"name": "新区", "level": "county"}, 403),
    ("cadre_user", "post", "/api/v1/work-logs/",
     {"placement": "{placement}", "date": "2026-03-03", "content": "走访企业"}, 201),
    ("receiving", "post", "/api/v1/work-logs/",
     {"placement": "{placement}", "date": "2026-03-04", "content": "代写"}, 403),
    ("staff", "post", "/api/v1/batches/{batch}/match/", {}, 200),
    ("receiving", "post", "/api/v1/batches/{batch}/match/", {}, 403),
]


@pytest.mark.parametrize("role, method, path, body, expected", ACTIONS)
def test_access_matrix_for_actions(api, role, method, path, body, expected):
    ids = {"order": api.order.pk, "placement": api.placement.pk, "batch": api.batch.pk,
           "planned": api.planned.pk}
    path = path.format(**ids)
    body = {k: (v.format(**ids) if isinstance(v, str) else v) for k, v in body.items()}
    response = getattr(api.client(getattr(api, role)), method)(path, body, format="json")
    assert response.status_code == expected, response.content.decode()


def test_id_numbers_and_phones_are_masked_for_everyone_but_org_staff(api):
    path = f"/api/v1/cadres/{api.cadre.pk}/"
    full = api.client(api.staff).get(path).json()
    assert full["id_number"] == api.cadre.id_number
    assert full["birth_date"] == api.cadre.birth_date.isoformat()
    for role in ("manager", "receiving", "dispatching"):
        data = api.client(getattr(api, role)).get(path).json()
        assert data["id_number"] != api.cadre.id_number and "*" in data["id_number"]
        assert "*" in data["phone"]
        # The birth date would give back the masked digits: only its year is read.
        assert data["birth_date"] is None and data["birth_year"] == api.cadre.birth_date.year
    assert api.client(api.cadre_user).get(path).json()["phone"] == api.cadre.phone


def test_choice_fields_carry_their_chinese_label(api):
    data = api.client(api.staff).get(f"/api/v1/placements/{api.placement.pk}/").json()
    assert data["direction"] == "down" and data["direction_display"] == "下派"
    assert data["status_display"] == "在岗"


LIST_ENDPOINTS = ["regions", "units", "programs", "tracks", "batches", "targets",
                  "allowance-policies", "expertise", "cadres", "orders", "nominations",
                  "placements", "leaves", "work-logs", "inspections", "achievements",
                  "appraisals", "allowance-statements", "reports", "alerts", "holidays"]


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


def test_administrators_keep_the_holiday_calendar_and_compliance_follows_it(api):
    from django.utils import timezone

    from accounts.models import User

    # A weekday in the past on which the cadre wrote nothing.
    day = timezone.localdate() - datetime.timedelta(days=14)
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    params = {"as_of": str(day), "date_from": str(day), "date_to": str(day)}

    def required():
        figures = api.client(api.staff).get("/api/v1/stats/worklog-compliance/", params).json()
        return figures["totals"]["required"]

    before = required()
    for user in (api.manager, api.staff):
        assert api.client(user).post("/api/v1/holidays/", {
            "date": str(day), "name": "临时调整"}, format="json").status_code == 403
    root = User.objects.create_superuser("root", password="pw-2026-root")
    created = api.client(root).post("/api/v1/holidays/",
                                    {"date": str(day), "name": "临时调整"}, format="json")
    assert created.status_code == 201
    # Every placement on post that day had one required day less.
    assert required() == before - 1 and before >= 1


@pytest.mark.parametrize("year, status", [("2026", 200), ("0", 400), ("0.0", 400),
                                          ("99999", 400)])
def test_the_holiday_year_filter_refuses_years_no_date_can_have(api, year, status):
    # Found by schemathesis: ?year=0 used to end in a 500.
    response = api.client(api.staff).get("/api/v1/holidays/", {"year": year})
    assert response.status_code == status
    if status == 200:
        assert {row["date"][:4] for row in response.json()["results"]} == {"2026"}


def test_the_browsable_api_titles_pages_in_chinese(api):
    client = api.client(api.staff)
    pages = {"/api/v1/placements/": "挂职列表",
             f"/api/v1/placements/{api.placement.pk}/": "挂职详情",
             "/api/v1/stats/worklog-compliance/": "挂职纪实完成率",
             "/api/v1/stats/overview/": "看板总览"}
    for path, title in pages.items():
        html = client.get(path, HTTP_ACCEPT="text/html").content.decode()
        assert f"<h1>{title}</h1>" in html, path


# The cross-department write matrix: every role of the first department against every object
# of the second department (and the nation's shared data), with every write method of each
# endpoint. None may be accepted, and nothing may change.
WRITES = ("put", "patch", "delete")


def _snapshot(obj):
    from django.forms.models import model_to_dict

    fresh = type(obj).objects.filter(pk=obj.pk).first()
    return fresh and {k: str(v) for k, v in model_to_dict(fresh).items()}


@pytest.mark.parametrize("endpoint", sorted(READ_MATRIX))
def test_no_write_crosses_into_another_department(api, endpoint):
    target = api.other[endpoint]
    before = _snapshot(target)
    accepted = []
    for role in (r for r in ROLES if r != "other_staff"):  # every role of the first department
        c = api.client(getattr(api, role))
        for method in WRITES:
            response = getattr(c, method)(f"/api/v1/{endpoint}/{target.pk}/",
                                          {"name": "改写", "title": "改写"}, format="json")
            if response.status_code < 400 or response.status_code >= 500:
                accepted.append((role, method, response.status_code))
            else:
                assert response.json()["error"]["message"], (endpoint, role, method)
    assert accepted == [], endpoint
    assert _snapshot(target) == before
