"""The batch's life as explicit steps (issue 28, item 3; DESIGN Turn-3:
batches/{id}/close-nominations/, batches/{id}/reopen-nominations/ {"reason"}): matching moves
no batch; closing and reopening are the department's steps, with their buttons, the reason,
and the history; the nomination form says why a batch is not offered."""
import pytest
from django.test import Client
from rest_framework.test import APIClient

from programs.models import Batch, BatchEvent


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def state(batch):
    return Batch.objects.get(pk=batch.pk).status, BatchEvent.objects.count()


def test_matching_moves_no_batch(world, make):
    w = world
    make.order(w.batch, w.host)
    from placements.models import Nomination

    Nomination.objects.create(cadre=w.cadre, batch=w.batch, dispatching_unit=w.sender)
    assert api(w.staff).post(f"/api/v1/batches/{w.batch.pk}/match/").status_code == 200
    assert state(w.batch) == ("open", 0)


def test_staff_close_then_reopen_with_a_reason_and_the_history_keeps_both(world):
    w = world
    client = api(w.staff)
    response = client.post(f"/api/v1/batches/{w.batch.pk}/close-nominations/")
    assert response.status_code == 200 and response.json()["status"] == "matching"
    # Closed twice is a 409; reopened without a reason a 400: nothing changes either time.
    again = client.post(f"/api/v1/batches/{w.batch.pk}/close-nominations/")
    assert again.status_code == 409 and again.json()["error"]["code"] == "illegal_transition"
    for body in ({}, {"reason": "   "}):
        refused = client.post(f"/api/v1/batches/{w.batch.pk}/reopen-nominations/", body,
                              format="json")
        assert refused.status_code == 400 and "reason" in refused.json()["error"]["fields"]
    assert state(w.batch) == ("matching", 1)
    reopened = client.post(f"/api/v1/batches/{w.batch.pk}/reopen-nominations/",
                           {"reason": "开化县农业农村局补报需求"}, format="json")
    assert reopened.status_code == 200 and reopened.json()["status"] == "open"
    events = list(BatchEvent.objects.order_by("pk").values_list(
        "from_status", "to_status", "actor", "note"))
    assert events == [("open", "matching", w.staff.pk, ""),
                      ("matching", "open", w.staff.pk, "开化县农业农村局补报需求")]


@pytest.mark.parametrize("who, code", [("manager", 403), ("receiving", 403),
                                       ("dispatching", 403), ("other_staff", 404)])
def test_no_one_else_moves_a_batch(world, who, code):
    w = world
    before = state(w.batch)
    response = api(getattr(w, who)).post(f"/api/v1/batches/{w.batch.pk}/close-nominations/")
    assert response.status_code == code
    assert state(w.batch) == before


def test_the_dashboard_offers_each_step_and_the_nomination_form_says_why(world):
    w = world
    staff = Client()
    staff.force_login(w.staff)
    page = staff.get(f"/batches/{w.batch.pk}/").content.decode()
    assert f"/batches/{w.batch.pk}/close-nominations/" in page
    assert f"/batches/{w.batch.pk}/reopen-nominations/" not in page
    assert staff.post(f"/batches/{w.batch.pk}/close-nominations/").status_code == 302
    page = staff.get(f"/batches/{w.batch.pk}/").content.decode()
    assert f"/batches/{w.batch.pk}/reopen-nominations/" in page and "批次流转记录" in page
    refused = staff.post(f"/batches/{w.batch.pk}/reopen-nominations/", {"reason": ""})
    assert refused.status_code == 400 and "请说明重新开放推荐的原因" in refused.content.decode()
    sender = Client()
    sender.force_login(w.dispatching)
    form = sender.get("/nominations/add/").content.decode()
    assert "已截止推荐、正在对接" in form and w.program.name in form
    leader = Client()
    leader.force_login(w.manager)
    assert f"/batches/{w.batch.pk}/reopen-nominations/" not in leader.get(
        f"/batches/{w.batch.pk}/").content.decode()
    assert leader.post(f"/batches/{w.batch.pk}/reopen-nominations/",
                       {"reason": "x"}).status_code == 403


def test_a_plain_edit_never_takes_a_step_move(world):
    """The API's PATCH and the admin refuse open ↔ matching (the steps, with their history);
    other edits of the batch go through."""
    from django.contrib.auth.models import Permission

    w = world
    client = api(w.staff)
    refused = client.patch(f"/api/v1/batches/{w.batch.pk}/", {"status": "matching"},
                           format="json")
    assert refused.status_code == 400 and "status" in refused.json()["error"]["fields"]
    assert state(w.batch) == ("open", 0)
    assert client.patch(f"/api/v1/batches/{w.batch.pk}/", {"planned_size": 12},
                        format="json").status_code == 200
    w.staff.is_staff = True
    w.staff.save()
    w.staff.user_permissions.set(Permission.objects.filter(content_type__app_label="programs"))
    admin = Client()
    admin.force_login(w.staff)
    form = admin.get(f"/admin/programs/batch/{w.batch.pk}/change/")
    assert form.status_code == 200
    data = {"program": w.program.pk, "number": w.batch.number, "name": "", "status": "matching",
            "term_months": 24, "planned_size": 12}
    response = admin.post(f"/admin/programs/batch/{w.batch.pk}/change/", data)
    assert response.status_code == 200 and "截止推荐或重新开放推荐" in response.content.decode()
    assert state(w.batch) == ("open", 0)
