"""Lists that stay cheap at any size: the count capped (an estimate past the cap, said so),
and `next` links that switch to keyset positions for deep pages; following them visits every
row once, in order."""
import datetime

import pytest
from rest_framework.test import APIClient

from placements.models import Placement
from programs.models import Batch

D = datetime.date


@pytest.fixture
def seven(world, make):
    for i in range(7):
        cadre = make.cadre(world.sender)
        # Two share a start date: the key's id decides their order.
        make.placement(cadre, world.batch, world.host, start=D(2025, 1 + min(i, 5), 1),
                       end=D(2026, 12, 31))
    return [p.pk for p in Placement.objects.order_by("-start_date", "id")]


def client(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_following_next_visits_every_row_once_in_order(world, seven, settings):
    settings.LIST_COUNT_CAP, settings.KEYSET_FROM = 3, 4
    c = client(world.staff)
    body = c.get("/api/v1/placements/?page_size=2").json()
    assert body["count_exact"] is False and body["count"] >= 4
    assert "page=2" in body["next"] and "after=" not in body["next"]
    seen, links = [], []
    while True:
        seen += [row["id"] for row in body["results"]]
        if not body["next"]:
            break
        links.append(body["next"])
        body = c.get(body["next"]).json()
    assert seen == seven
    # Past the first KEYSET_FROM rows the links carry a position, not a page number.
    assert "after=" in links[-1] and "page=" not in links[-1]


def test_an_exact_count_under_the_cap(world, seven, settings):
    settings.LIST_COUNT_CAP = 100
    body = client(world.staff).get("/api/v1/placements/?page_size=5").json()
    assert (body["count"], body["count_exact"]) == (7, True)
    assert body["previous"] is None


def test_a_bad_position_or_page_is_a_404_in_the_error_shape(world, seven):
    c = client(world.staff)
    for query in ("after=not-a-cursor", "after=WzFd", "page=99", "page=0", "page=x"):
        response = c.get(f"/api/v1/placements/?{query}")
        assert response.status_code == 404, query
        assert response.json()["error"]["code"] == "not_found"


def test_the_scope_still_holds_on_keyset_pages(world, seven, make, settings):
    settings.LIST_COUNT_CAP, settings.KEYSET_FROM = 3, 2
    other = make.placement(make.cadre(world.sender), world.other_batch, world.host)
    c = client(world.other_staff)
    body = c.get("/api/v1/placements/?page_size=1").json()
    assert [row["id"] for row in body["results"]] == [other.pk] and body["next"] is None


def test_the_page_shows_a_capped_count_with_a_plus(world, seven, settings):
    from django.test import Client

    settings.LIST_COUNT_CAP = 3
    page = Client()
    page.force_login(world.staff)
    html = page.get("/placements/").content.decode()
    assert '+</span></h1>' in html


def test_scoping_ids_are_read_again_after_a_batch_is_added(world, make):
    before = Batch.objects.visible_ids(world.staff)
    assert Batch.objects.visible_ids(world.staff) is before  # kept for the request
    batch = make.batch(world.program, 7)
    assert batch.pk in Batch.objects.visible_ids(world.staff)
    assert batch.pk not in Batch.objects.visible_ids(world.other_staff)


def test_a_filter_given_is_validated_in_scope_and_the_others_are_not_built(world, seven):
    """The API validates only the filters it is given (the others' scoped drop-downs are
    never built), and a given one still refuses what the user may not see."""
    c = client(world.staff)
    refused = c.get(f"/api/v1/placements/?batch={world.other_batch.pk}")
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "invalid"
    assert "batch" in refused.json()["error"]["fields"]
    status = Placement.objects.get(pk=seven[0]).status
    mine = c.get(f"/api/v1/placements/?batch={world.batch.pk}&status={status}").json()
    expected = list(Placement.objects.filter(batch=world.batch, status=status)
                    .order_by("-start_date", "id").values_list("pk", flat=True))
    assert [row["id"] for row in mine["results"]] == expected and expected


@pytest.mark.parametrize("path", ["/api/v1/cadres/", "/api/v1/orders/"])
def test_an_id_too_large_for_a_key_is_a_400_on_every_database(world, path):
    response = client(world.staff).get(path, {"expertise": ["1", str(2**64)]})
    assert response.status_code == 400
    assert "expertise" in response.json()["error"]["fields"]


def test_a_masked_reader_cannot_order_by_a_birth_date_nor_forge_a_position(world, make):
    import base64
    import json

    for year in (1970, 1990, 1980):
        make.cadre(world.sender, birth=datetime.date(year, 1, 1))
    by_birth = "/api/v1/cadres/?ordering=birth_date&page_size=1"
    staff = client(world.staff).get(by_birth).json()
    manager = client(world.manager).get(by_birth).json()
    default = client(world.manager).get("/api/v1/cadres/?page_size=1").json()
    # Ordering by the field the manager sees masked is ignored for the manager.
    assert [r["id"] for r in manager["results"]] == [r["id"] for r in default["results"]]
    assert staff["results"][0]["birth_date"] == "1970-01-01"
    # A position made up by a client (the old, readable cursor) is refused, and a signed one
    # belongs to the order it was made for.
    forged = base64.urlsafe_b64encode(json.dumps(["1980-01-01", 0]).encode()).decode()
    for cursor in (forged, "x" * 40):
        assert client(world.manager).get(
            f"/api/v1/cadres/?ordering=birth_date&after={cursor}").status_code == 404


@pytest.mark.parametrize("path", ["/api/v1/cadres/", "/api/v1/units/", "/api/v1/expertise/",
                                  "/api/v1/regions/"])
def test_a_cursor_holding_a_nul_is_refused_in_the_json_shape(world, path):
    response = client(world.staff).get(path, {"after": "eyJhIjoxfQ\x00:abc"})
    assert response.status_code in (400, 404)
    assert response.json()["error"]["message"]
