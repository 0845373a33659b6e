"""Inputs that once answered a 500 (or an English HTML page) answer a 4xx in the API's JSON
shape, in Chinese, and change nothing."""
import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from programs.models import Batch, Program


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def error_of(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"]), error
    return error


@pytest.mark.parametrize("path", ["/api/v1/batches/", "/api/v1/allowance-policies/",
                                  "/api/v1/allowance-statements/"])
def test_a_page_number_past_any_key_is_a_404(world, path):
    error_of(api(world.staff).get(path, {"page": str(2**64)}), 404)


@pytest.mark.parametrize("path", ["/api/v1/stats/allowances/", "/api/v1/stats/appraisals/",
                                  "/api/v1/stats/overview/"])
def test_dates_outside_1900_to_2100_are_a_400(world, path):
    error = error_of(api(world.staff).get(path, {"as_of": "9999-12-31"}), 400)
    assert "as_of" in error["fields"]


def test_a_database_rule_is_a_400_with_its_message_and_nothing_saved(world):
    before = (Program.objects.count(), Batch.objects.count())
    error = error_of(api(world.staff).post("/api/v1/programs/", {
        "name": "倒置的项目", "organizer": world.department.pk, "start_date": "2026-05-01",
        "end_date": "2026-01-01", "status": "active"}, format="json"), 400)
    assert error["message"] == "结束日期不能早于开始日期"
    error = error_of(api(world.staff).patch(f"/api/v1/batches/{world.batch.pk}/", {
        "training_start": "2026-05-01", "training_end": "2026-04-01"}, format="json"), 400)
    assert error["message"] == "岗前培训结束日期不能早于开始日期"
    assert (Program.objects.count(), Batch.objects.count()) == before
    world.batch.refresh_from_db()
    assert world.batch.training_end is None


def test_a_body_over_the_limit_is_a_400_in_the_json_shape(world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client = Client()
    client.force_login(world.staff)
    body = json.dumps({"name": "大" * 4000})
    response = client.post("/api/v1/expertise/", body, content_type="application/json")
    assert error_of(response, 400)["message"] == "请求内容过大"


@pytest.mark.parametrize("name", ["\u3164\u200b", "\u202e张三", "张\u2066三"])
def test_names_are_written_text_without_direction_controls(world, name):
    from cadres.models import Cadre

    before = Cadre.objects.count()
    error = error_of(api(world.staff).post("/api/v1/cadres/", {
        "name": name, "id_number": "330102198001010031", "phone": "13800000031",
        "employer": world.sender.pk}, format="json"), 400)
    assert "name" in error["fields"]
    assert Cadre.objects.count() == before


def test_a_diary_day_with_a_direction_control_is_refused(world, make):
    import datetime

    from placements.models import WorkLog

    placement = make.placement(world.cadre, world.batch, world.host, status="on_post",
                               start=datetime.date(2026, 9, 1), end=datetime.date(2027, 8, 31))
    response = api(world.cadre_user).post("/api/v1/work-logs/", {
        "placement": placement.pk, "date": "2026-11-17", "content": "走访\u202egpj.exe"},
        format="json")
    error_of(response, 400)
    assert not WorkLog.objects.exists()


@pytest.mark.parametrize("day", ["0148-03-01", "9999-12-31"])
def test_a_date_outside_1900_to_2100_is_a_400_on_every_serializer(world, day):
    before = Program.objects.count()
    error = error_of(api(world.staff).post("/api/v1/programs/", {
        "name": "年份不对的项目", "organizer": world.department.pk, "start_date": day,
        "status": "planning"}, format="json"), 400)
    assert "start_date" in error["fields"]
    error = error_of(api(world.staff).post("/api/v1/reports/", {
        "kind": "monthly_overview", "format": "csv", "period_start": "0001-01-01",
        "period_end": day}, format="json"), 400)
    assert "period_start" in error["fields"]
    assert Program.objects.count() == before


def test_an_imported_date_outside_1900_to_2100_names_its_cell():
    from imports.fields import CellError, parse_date

    assert parse_date("2026-11-18").year == 2026
    for raw in ("0148-03-01", "2200-01-01"):
        with pytest.raises(CellError) as refused:
            parse_date(raw)
        assert "1900" in str(refused.value)
