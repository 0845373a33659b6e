"""The language is bound per request: a schema read in English (the API docs) leaves no
English label behind for the next Chinese reader of a list page (issue 28, item 9)."""
from django.test import Client


def test_the_api_docs_in_english_leave_the_chinese_list_pages_chinese(world):
    english = Client()
    english.force_login(world.staff)
    english.cookies.load({"django_language": "en"})
    assert english.get("/api/v1/schema/", HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    assert "Status" in english.get("/placements/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chinese = Client()
    chinese.force_login(world.staff)
    pages = (("/placements/", ("状态", "挂职方向")), ("/cadres/", ("状态", "性别", "职级")),
             ("/units/", ("单位类别", "层级")), ("/orders/", ("状态",)))
    for path, labels in pages:
        html = chinese.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        for label in labels:
            assert f">{label}</label>" in html or f">{label}<" in html, (path, label)
        for english_label in ("Status", "Direction", "Gender", "Rank", "Kind", "Level"):
            assert f">{english_label}<" not in html, (path, english_label)
