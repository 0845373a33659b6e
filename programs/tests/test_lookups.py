"""Lookups for pickers (core.api.lookup): at most 20 choices of what the user sees, matched
by what was typed; an object out of scope is never among them, and odd input is an empty
answer, not an error."""
import pytest
from rest_framework.test import APIClient

from programs.models import Batch


@pytest.fixture
def api(world):
    def signed_in(user):
        client = APIClient()
        client.force_authenticate(user)
        return client
    return signed_in


def test_a_department_finds_its_own_batches_by_program_name_or_number(world, api, make):
    for number in range(2, 5):
        make.batch(world.program, number)
    other = world.other_batch
    rows = api(world.staff).get("/api/v1/batches/lookup/", {"q": "千名"}).json()
    assert {row["id"] for row in rows} == set(
        Batch.objects.filter(program=world.program).values_list("pk", flat=True))
    newest = Batch.objects.get(pk=rows[0]["id"])
    assert rows[0] == {"id": newest.pk, "label": f"千名干部交流互派工程 · 第{newest.number}批",
                       "detail": newest.get_status_display()}
    third = api(world.staff).get("/api/v1/batches/lookup/", {"q": "3"}).json()
    assert [row["label"] for row in third] == ["千名干部交流互派工程 · 第3批"]
    # Another department's batch: absent, whatever is typed.
    for text in ("专才", str(other.number), ""):
        found = api(world.staff).get("/api/v1/batches/lookup/", {"q": text}).json()
        assert other.pk not in {row["id"] for row in found}


def test_at_most_twenty_choices_and_odd_input_is_an_empty_answer(world, api, make):
    for number in range(2, 26):
        make.batch(world.program, number)
    client = api(world.staff)
    assert len(client.get("/api/v1/batches/lookup/").json()) == 20
    for text in ("x" * 200, "9" * 30, "不存在的项目", "%", "_"):
        answer = client.get("/api/v1/batches/lookup/", {"q": text})
        assert answer.status_code == 200 and answer.json() == [], text


def test_tracks_are_found_by_their_name_within_scope(world, api, make):
    from programs.models import Track

    mine = Track.objects.create(program=world.program, name="医疗卫生")
    theirs = Track.objects.create(program=world.other_program, name="医疗卫生")
    rows = api(world.staff).get("/api/v1/tracks/lookup/", {"q": "医疗"}).json()
    assert rows == [{"id": mine.pk, "label": "医疗卫生", "detail": world.program.name}]
    assert theirs.pk not in {r["id"] for r in api(world.staff).get(
        "/api/v1/tracks/lookup/").json()}


def test_a_lookup_needs_a_signed_in_user(world):
    assert APIClient().get("/api/v1/batches/lookup/").status_code == 401
