"""The batch's balance (issue 29, item 2; DESIGN Turn-3 `batches/{id}/balance/`): shares among
nominees, open proposals and placements against the program's aims, for the department's
staff only, and how many were placed in their first choice."""
import datetime

import pytest
from rest_framework.test import APIClient

from placements.models import MatchProposal, Nomination

D = datetime.date


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def mixed(world, make):
    """Four nominees (report date 2027-03-01): 李娜 (f, 31, 回族, 后备), 王芳 (f, 41, 群众),
    张树旗 (m, 41), 赵刚 (m, 61); 李娜 and 赵刚 placed, 李娜 in her first choice."""
    w = world
    w.batch.report_by = D(2027, 3, 1)
    w.batch.save()
    w.program.balance_aims = {"women": 40, "reserve": 60}
    w.program.save()
    order = make.order(w.batch, w.host)
    people = [
        make.cadre(w.sender, "李娜", gender="female", birth=D(1995, 6, 1), ethnicity="03",
                   is_reserve=True, political_status="cpc_member"),
        make.cadre(w.sender, "王芳", gender="female", birth=D(1985, 6, 1),
                   political_status="masses"),
        w.cadre,
        make.cadre(w.sender, "赵刚", birth=D(1965, 6, 1), political_status="cpc_member"),
    ]
    w.cadre.political_status = "cpc_member"
    w.cadre.save()
    noms = [Nomination.objects.create(cadre=c, batch=w.batch, dispatching_unit=w.sender,
                                      choices=[order.pk] if c.name == "李娜" else [])
            for c in people]
    for nom in (noms[0], noms[3]):
        make.placement(nom.cadre, w.batch, w.host, nomination=nom, order=order)
        nom.status = "selected"
        nom.save()
    MatchProposal.objects.create(batch=w.batch, nomination=noms[1], order=order, score=50)
    return w


def test_the_balance_counts_each_group_against_the_aims(mixed):
    w = mixed
    body = api(w.staff).get(f"/api/v1/batches/{w.batch.pk}/balance/").json()
    nominees, placed = body["groups"]["nominees"], body["groups"]["placements"]
    assert nominees["total"] == 4 and placed["total"] == 2
    assert (nominees["women"], nominees["minorities"]) == (
        {"count": 2, "share": 0.5}, {"count": 1, "share": 0.25})
    assert nominees["non_party"]["count"] == 1 and nominees["reserve"]["count"] == 1
    assert [a["count"] for a in nominees["ages"]] == [1, 2, 0, 1]
    assert body["groups"]["proposals"]["women"] == {"count": 1, "share": 1.0}
    aims = {m["key"]: (m["aim"], m["met"]) for m in body["measures"]}
    # Placed: 李娜 and 赵刚 — half women (aim 40 %: met), half 后备 (aim 60 %: not met).
    assert aims["women"] == (40, True) and aims["reserve"] == (60, False)
    assert aims["minorities"] == (None, None)
    assert body["wishes"] == {"with_choices": 1, "first": 1, "second": 0, "third": 0,
                              "other": 0, "first_rate": 1.0}


@pytest.mark.parametrize("who, code", [("receiving", 403), ("dispatching", 403),
                                       ("manager", 403), ("other_staff", 404)])
def test_the_balance_is_the_departments_alone(mixed, who, code):
    w = mixed
    assert api(getattr(w, who)).get(f"/api/v1/batches/{w.batch.pk}/balance/"
                                    ).status_code == code


@pytest.mark.parametrize("aims", [{"women": 120}, {"tall": 10}, [30]])
def test_bad_aims_are_a_400(world, aims):
    w = world
    response = api(w.staff).patch(f"/api/v1/programs/{w.program.pk}/",
                                  {"balance_aims": aims}, format="json")
    assert response.status_code == 400 and "balance_aims" in response.json()["error"]["fields"]


def test_the_batch_dashboard_shows_the_balance_to_the_staff_only(mixed):
    from django.test import Client

    w = mixed
    page = Client()
    page.force_login(w.staff)
    html = page.get(f"/batches/{w.batch.pk}/").content.decode()
    assert "批次结构（仅组织部可见）" in html and "2（50%）" in html and "未达到" in html
    page.force_login(w.manager)
    assert "批次结构" not in page.get(f"/batches/{w.batch.pk}/").content.decode()


def test_the_batch_summary_report_gives_the_first_choice_rate(mixed):
    import io

    from openpyxl import load_workbook

    from reports import building
    from reports.models import Report
    from reports.services import request_report

    w = mixed
    report = request_report(w.staff, kind="batch_summary", format="xlsx", program=w.program,
                            deferred=True)
    building.run(report.pk)
    report = Report.objects.get(pk=report.pk)
    sheet = load_workbook(io.BytesIO(report.file.read())).active
    text = "\n".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)
    assert "填报志愿并已选派1人，第一志愿1人（100%），第二志愿0人，第三志愿0人，志愿外0人" in text
