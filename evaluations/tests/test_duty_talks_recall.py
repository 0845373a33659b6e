"""述职, 个别谈话 and 召回 (issue 31, items 1, 3 and 6; DESIGN Turn-3 `reports-of-duty/`,
`talks/`, `placements/{id}/recall/`): who writes, who reads, the recall end to end, refusals
by their exact code with nothing changed."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from rest_framework.test import APIClient

from evaluations.models import ReportOfDuty, Talk
from placements.models import Placement, PlacementEvent, Recall

D = datetime.date


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def rows(model):
    return sorted(tuple(sorted(model_to_dict(o).items(), key=str)) for o in
                  model.objects.all())


@pytest.fixture
def on_post(world, make):
    w = world
    w.placement = make.placement(w.cadre, w.batch, w.host, status="on_post",
                                 start=D(2025, 1, 1), end=D(2026, 12, 31))
    return w


def test_the_cadre_writes_the_report_of_duty_and_both_units_read_it(on_post):
    w = on_post
    body = {"placement": w.placement.pk, "kind": "annual", "year": 2026,
            "text": "一年来，围绕茶产业发展……"}
    assert api(w.receiving).post("/api/v1/reports-of-duty/", body,
                                 format="json").status_code == 403
    made = api(w.cadre_user).post("/api/v1/reports-of-duty/", body, format="json")
    assert made.status_code == 201, made.json()
    # Written again, it replaces the text (one per kind and year).
    api(w.cadre_user).post("/api/v1/reports-of-duty/", {**body, "text": "修改后的述职报告"},
                           format="json")
    assert ReportOfDuty.objects.get().text == "修改后的述职报告"
    for reader in (w.receiving, w.dispatching, w.staff):
        listed = api(reader).get(f"/api/v1/reports-of-duty/?placement={w.placement.pk}")
        assert listed.json()["count"] == 1
    assert api(w.other_staff).get("/api/v1/reports-of-duty/").json()["count"] == 0
    before = rows(ReportOfDuty)
    bad = api(w.cadre_user).post("/api/v1/reports-of-duty/", {**body, "year": 2019},
                                 format="json")
    assert bad.status_code == 400
    exe = api(w.cadre_user).post("/api/v1/reports-of-duty/", {
        "placement": w.placement.pk, "kind": "end_of_term", "year": 2026,
        "attachment": SimpleUploadedFile("report.exe", b"MZ\x90\x00")}, format="multipart")
    assert exe.status_code == 400
    assert rows(ReportOfDuty) == before


def test_talks_are_for_the_department_and_the_appraising_units_not_the_cadre(on_post):
    w = on_post
    made = api(w.staff).post("/api/v1/talks/", {
        "placement": w.placement.pk, "held_on": "2026-11-10", "interviewee": "村党支部书记",
        "summary": "工作扎实，常驻村里"}, format="json")
    assert made.status_code == 201, made.json()
    assert api(w.receiving).get("/api/v1/talks/").json()["count"] == 1
    assert api(w.dispatching).get("/api/v1/talks/").json()["count"] == 1
    assert api(w.cadre_user).get("/api/v1/talks/").json()["count"] == 0
    assert api(w.cadre_user).get(f"/api/v1/talks/{made.json()['id']}/").status_code == 404
    assert api(w.cadre_user).post("/api/v1/talks/", {
        "placement": w.placement.pk, "held_on": "2026-11-10", "interviewee": "x",
        "summary": "y"}, format="json").status_code == 403
    future = api(w.staff).post("/api/v1/talks/", {
        "placement": w.placement.pk, "held_on": "2027-01-10", "interviewee": "x",
        "summary": "y"}, format="json")
    assert future.status_code == 400
    assert Talk.objects.count() == 1


def test_a_recall_is_proposed_by_a_unit_and_decided_by_the_department(on_post):
    w = on_post
    path = f"/api/v1/placements/{w.placement.pk}/recall/"
    assert api(w.staff).post(path, {"reason": "x"}, format="json").status_code == 403
    no_reason = api(w.receiving).post(path, {}, format="json")
    assert no_reason.status_code == 400 and Recall.objects.count() == 0
    made = api(w.receiving).post(path, {"reason": "长期不在岗，经谈话提醒无改进"},
                                 format="json")
    assert made.status_code == 201 and made.json()["side"] == "host"
    twice = api(w.dispatching).post(path, {"reason": "同意召回"}, format="json")
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "recall_open"
    # A unit cannot decide it: 403, nothing changed.
    before = (rows(Recall), rows(Placement), PlacementEvent.objects.count())
    decided_by_unit = api(w.dispatching).post(path, {"decision": "approve"}, format="json")
    assert decided_by_unit.status_code == 403
    assert (rows(Recall), rows(Placement), PlacementEvent.objects.count()) == before
    done = api(w.staff).post(path, {"decision": "approve", "note": "同意召回",
                                    "end_date": "2026-11-15"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "approved"
    w.placement.refresh_from_db()
    assert (w.placement.status, w.placement.actual_end_date) == ("ended_early", D(2026, 11, 15))
    assert w.placement.end_reason.startswith("召回：长期不在岗")
    assert w.placement.events.filter(kind="recalled").count() == 1
    again = api(w.staff).post(path, {"decision": "reject", "note": "x"}, format="json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "no_recall"


def test_a_rejected_recall_leaves_the_placement_running(on_post):
    w = on_post
    path = f"/api/v1/placements/{w.placement.pk}/recall/"
    api(w.dispatching).post(path, {"reason": "家庭原因"}, format="json")
    no_note = api(w.staff).post(path, {"decision": "reject"}, format="json")
    assert no_note.status_code == 400
    assert api(w.staff).post(path, {"decision": "reject", "note": "建议请假解决"},
                             format="json").json()["status"] == "rejected"
    w.placement.refresh_from_db()
    assert w.placement.status == "on_post"
