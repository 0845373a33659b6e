"""Free text: length caps and visible characters, refused as 400 with nothing written."""
import pytest
from rest_framework.test import APIClient

from placements.models import DemandOrder, WorkLog

INVISIBLE = "\u200b\u3164\u2800 \ufeff"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def order(world, **over):
    return {"batch": world.batch.pk, "receiving_unit": world.host.pk, "title": "农业顾问",
            "post_title": "挂职副县长", "headcount": 1, **over}


@pytest.mark.parametrize("field, value", [
    ("title", INVISIBLE), ("post_title", "\u200b"), ("description", "字" * 10_000),
])
def test_an_order_with_invisible_or_overlong_text_is_refused(world, field, value):
    response = api(world.receiving).post("/api/v1/orders/", order(world, **{field: value}),
                                         format="json")
    assert response.status_code == 400 and field in response.json()["error"]["fields"]
    assert not DemandOrder.objects.exists()


def test_a_diary_day_of_10000_characters_or_only_invisible_marks_is_refused(world, make):
    placement = make.placement(world.cadre, world.batch, world.host, status="on_post")
    client = api(world.cadre_user)
    for content in ("记" * 10_000, INVISIBLE):
        response = client.post("/api/v1/work-logs/", {
            "placement": placement.pk, "date": "2026-03-02", "content": content},
            format="json")
        assert response.status_code == 400, content[:5]
        assert "content" in response.json()["error"]["fields"]
    assert not WorkLog.objects.exists()
    ok = client.post("/api/v1/work-logs/", {"placement": placement.pk, "date": "2026-03-02",
                                            "content": "记" * 5000}, format="json")
    assert ok.status_code == 201, ok.json()


def test_an_html_page_named_pdf_is_refused_by_its_content(world, make):
    from django.core.files.uploadedfile import SimpleUploadedFile

    placement = make.placement(world.cadre, world.batch, world.host, status="on_post")
    client = api(world.cadre_user)
    fake = SimpleUploadedFile("证明.pdf", b"<html><script>alert(1)</script></html>",
                              content_type="application/pdf")
    response = client.post("/api/v1/work-logs/", {
        "placement": placement.pk, "date": "2026-03-02", "content": "调研",
        "attachment": fake}, format="multipart")
    assert response.status_code == 400
    assert "内容与文件类型" in response.json()["error"]["fields"]["attachment"][0]
    assert not WorkLog.objects.exists()
    real = SimpleUploadedFile("证明.pdf", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n",
                              content_type="application/pdf")
    ok = client.post("/api/v1/work-logs/", {
        "placement": placement.pk, "date": "2026-03-02", "content": "调研",
        "attachment": real}, format="multipart")
    assert ok.status_code == 201, ok.json()
