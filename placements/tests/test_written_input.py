"""What people write must mean something, and what they upload must belong to a record
(issue 25, eighth finding): invisible-only text and direction controls refused on every lane,
findings never dropped, no file left behind by a refused or deleted entry."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from placements.models import Achievement, Inspection, WorkLog

D = datetime.date
INVISIBLE = "\u200b\u3000\u2800 "
TURNED = "走访\u202egpj.exe"


@pytest.fixture
def post(world, make):
    world.placement = make.placement(world.cadre, world.batch, world.host,
                                     start=D(2026, 1, 1), end=D(2027, 12, 31), status="on_post")

    def client(user):
        c = APIClient()
        c.force_authenticate(user)
        return c
    world.client = client
    return world


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.mark.parametrize("text", [INVISIBLE, TURNED])
def test_diaries_achievements_and_findings_must_be_written_text(post, text):
    cadre, staff = post.client(post.cadre_user), post.client(post.staff)
    diary = cadre.post("/api/v1/work-logs/", {"placement": post.placement.pk,
                                              "date": "2026-03-02", "content": text},
                       format="json")
    assert diary.status_code == 400 and "content" in diary.json()["error"]["fields"]
    achievement = cadre.post("/api/v1/achievements/", {
        "placement": post.placement.pk, "category": "other", "title": "争取项目",
        "date": "2026-03-02", "evidence": text}, format="json")
    assert achievement.status_code == 400
    assert "evidence" in achievement.json()["error"]["fields"]
    titled = cadre.post("/api/v1/achievements/", {
        "placement": post.placement.pk, "category": "other", "title": text,
        "date": "2026-03-02"}, format="json")
    assert titled.status_code == 400 and "title" in titled.json()["error"]["fields"]
    inspection = staff.post("/api/v1/inspections/", {
        "placement": post.placement.pk, "date": "2026-03-02", "findings": text,
        "rating": "good"}, format="json")
    assert inspection.status_code == 400
    assert not (WorkLog.objects.exists() or Achievement.objects.exists()
                or Inspection.objects.exists())


def test_the_diary_page_refuses_invisible_text_too(post):
    page = Client()
    page.force_login(post.cadre_user)
    response = page.post("/my/", {"date": "2026-03-02", "content": INVISIBLE,
                                  "category": "other"})
    assert response.status_code == 400
    assert "请填写当日工作内容" in response.content.decode()
    assert not WorkLog.objects.exists()


def test_findings_sent_while_scheduling_are_refused_not_dropped(post):
    staff = post.client(post.staff)
    response = staff.post("/api/v1/inspections/", {
        "placement": post.placement.pk, "scheduled_date": "2026-12-01",
        "findings": "班子团结", "rating": "good"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"findings", "rating"}
    assert not Inspection.objects.exists()
    scheduled = staff.post("/api/v1/inspections/", {
        "placement": post.placement.pk, "scheduled_date": "2026-12-01"}, format="json")
    assert scheduled.status_code == 201 and scheduled.json()["status"] == "scheduled"


def test_no_file_outlives_its_entry(post, settings, django_capture_on_commit_callbacks):
    cadre = post.client(post.cadre_user)

    def write(name, day="2026-03-02"):
        return cadre.post("/api/v1/work-logs/", {
            "placement": post.placement.pk, "date": day, "content": "调研",
            "attachment": SimpleUploadedFile(name, b"%PDF-1.4")}, format="multipart")

    with django_capture_on_commit_callbacks(execute=True):
        first = write("纪要.pdf")
    assert first.status_code == 201
    assert stored_files(settings) == ["纪要.pdf"]
    with django_capture_on_commit_callbacks(execute=True):
        assert write("重复.pdf").status_code == 409  # the day already has its entry
    assert stored_files(settings) == ["纪要.pdf"]

    log_id = first.json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        replaced = cadre.patch(f"/api/v1/work-logs/{log_id}/", {
            "attachment": SimpleUploadedFile("新纪要.pdf", b"%PDF-1.5")}, format="multipart")
    assert replaced.status_code == 200
    assert stored_files(settings) == ["新纪要.pdf"]
    with django_capture_on_commit_callbacks(execute=True):
        assert cadre.delete(f"/api/v1/work-logs/{log_id}/").status_code == 204
    assert stored_files(settings) == [] and not WorkLog.objects.exists()


def test_regions_without_a_code_do_not_clash(world, make):
    from programs.models import Region

    admin = APIClient()
    admin.force_authenticate(_superuser())
    for name in ("甲乡", "乙乡"):
        created = admin.post("/api/v1/regions/", {"name": name, "level": "township",
                                                  "parent": world.county.pk, "code": ""},
                             format="json")
        assert created.status_code == 201, created.content
        assert created.json()["code"] is None
    assert Region.objects.filter(parent=world.county, code__isnull=True).count() == 2
    spaces = admin.post("/api/v1/regions/", {"name": "丙乡", "level": "township",
                                             "parent": world.county.pk, "code": "  "},
                        format="json")
    assert spaces.status_code == 201 and spaces.json()["code"] is None


def _superuser():
    from accounts.models import User

    return User.objects.create_superuser("root", password="x-2026-long-password")
