"""资格条件 (issue 29, item 1; DESIGN Turn-3 `eligibility-rules/`, a refused nomination is
409 `not_eligible` with the rule in `fields`): a program's rules, kept as settings, checked
when a cadre is nominated on every lane — the API, the page, an import — each rule named in
the refusal, nothing written; what was checked stays on the nomination."""
import datetime

import pytest
from django.test import Client
from rest_framework.test import APIClient

from placements.models import EligibilityRule, Nomination
from placements.services.eligibility import assess

D = datetime.date


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def rules(world, make):
    """Report by 2027-03-01; 张树旗 (born 1985-05-01: 41 then) is 县处级副职 with a master's."""
    w = world
    w.batch.report_by = D(2027, 3, 1)
    w.batch.save()
    w.cadre.rank, w.cadre.education = "division_deputy", "master"
    w.cadre.current_post_date, w.cadre.current_rank_date = D(2023, 1, 1), D(2021, 6, 1)
    w.cadre.save()
    return w


def rule(w, **fields):
    return EligibilityRule.objects.create(program=w.program, **fields)


def nominate(w, **extra):
    return api(w.dispatching).post("/api/v1/nominations/", {
        "cadre": w.cadre.pk, "batch": w.batch.pk, **extra}, format="json")


@pytest.mark.parametrize("fields, why", [
    ({"kind": "age_cap", "rank": "division_deputy", "number": 40},
     "县处级副职年龄不超过40周岁（2027-03-01时41周岁）"),
    ({"kind": "age_cap", "number": 35}, "所有人选年龄不超过35周岁（2027-03-01时41周岁）"),
    ({"kind": "min_education", "education": "doctorate"}, "学历不低于博士研究生（现为硕士研究生）"),
    ({"kind": "years_in_post", "number": 5}, "任现职满5年（现为4年）"),
    ({"kind": "years_in_rank", "number": 6}, "任现职级满6年（现为5年）"),
    ({"kind": "reserve_only"}, "限后备干部"),
    ({"kind": "declaration", "text": "无在查违纪问题"}, "须由派出单位确认：无在查违纪问题"),
    ({"kind": "min_grade", "grade": "competent"},
     "近一次考核等次不低于称职（系统中无考核记录，须由派出单位确认）"),
])
def test_each_rule_refuses_by_name_and_nothing_is_written(rules, fields, why):
    w = rules
    broken = rule(w, **fields)
    response = nominate(w)
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "not_eligible"
    assert error["fields"] == {"eligibility": [why], "rules": [broken.pk]}
    assert error["message"] == f"张树旗 不符合本项目的资格条件：{why}"
    assert not Nomination.objects.exists()


def test_rules_met_or_confirmed_are_kept_on_the_nomination(rules):
    w = rules
    age = rule(w, kind="age_cap", rank="division_deputy", number=45)
    other_rank = rule(w, kind="age_cap", rank="section_chief", number=35)
    clean = rule(w, kind="declaration", text="无在查违纪问题")
    grade = rule(w, kind="min_grade", grade="competent")
    response = nominate(w, declarations=[clean.pk, grade.pk])
    assert response.status_code == 201, response.json()
    assert response.json()["eligibility"] == [
        {"rule": age.pk, "text": "县处级副职年龄不超过45周岁", "how": "checked"},
        {"rule": clean.pk, "text": "无在查违纪问题", "how": "confirmed"},
        {"rule": grade.pk, "text": "近一次考核等次不低于称职", "how": "confirmed"},
    ]
    assert other_rank.pk not in {r["rule"] for r in response.json()["eligibility"]}


def test_several_broken_rules_are_named_together(rules):
    w = rules
    first = rule(w, kind="age_cap", number=35)
    second = rule(w, kind="reserve_only")
    error = nominate(w).json()["error"]
    assert error["fields"]["rules"] == [first.pk, second.pk]
    assert len(error["fields"]["eligibility"]) == 2


def test_a_recorded_appraisal_and_a_recent_placement_are_read(rules, make):
    w = rules
    earlier = make.placement(w.cadre, w.other_batch, w.host, start=D(2024, 1, 1),
                             end=D(2026, 10, 31), status="completed",
                             actual_end_date=D(2026, 10, 31))
    from placements.models import Appraisal

    Appraisal.objects.create(placement=earlier, kind="end_of_term", side="host", year=2026,
                             grade="basically_competent")
    rule(w, kind="min_grade", grade="competent")
    rule(w, kind="months_since_placement", number=6)
    met, broken = assess(w.cadre, w.batch)
    assert [why for _pk, why in broken] == [
        "近一次考核等次不低于称职（近一次为基本称职）",
        "上次挂职结束满6个月（上次挂职2026-10-31结束）",
    ]


@pytest.mark.parametrize("fields, field", [
    ({"kind": "age_cap", "number": -5}, "number"),
    ({"kind": "age_cap", "number": 12}, "number"),
    ({"kind": "min_education"}, "education"),
    ({"kind": "declaration", "text": " "}, "text"),
    ({"kind": "reserve_only", "rank": "staff"}, "rank"),
])
def test_a_bad_rule_is_a_400_and_nothing_is_kept(world, fields, field):
    w = world
    response = api(w.staff).post("/api/v1/eligibility-rules/",
                                 {"program": w.program.pk, **fields}, format="json")
    assert response.status_code == 400 and field in response.json()["error"]["fields"]
    assert not EligibilityRule.objects.exists()


def test_only_the_department_keeps_the_rules(world):
    w = world
    body = {"program": w.program.pk, "kind": "reserve_only"}
    assert api(w.dispatching).post("/api/v1/eligibility-rules/", body,
                                   format="json").status_code == 403
    # Another department's program is not one it can name (as for its tracks).
    assert api(w.other_staff).post("/api/v1/eligibility-rules/", body,
                                   format="json").status_code == 400
    made = api(w.staff).post("/api/v1/eligibility-rules/", body, format="json")
    assert made.status_code == 201 and made.json()["description"] == "限后备干部"
    # The units nominating read them.
    listed = api(w.dispatching).get("/api/v1/eligibility-rules/",
                                    {"program": w.program.pk}).json()["results"]
    assert [r["id"] for r in listed] == [made.json()["id"]]


def test_the_page_asks_for_the_declarations_and_names_a_broken_rule(rules):
    w = rules
    clean = rule(w, kind="declaration", text="无在查违纪问题")
    page = Client()
    page.force_login(w.dispatching)
    form = page.get("/nominations/add/").content.decode()
    assert "无在查违纪问题" in form and 'name="declarations"' in form
    refused = page.post("/nominations/add/", {"cadre": w.cadre.pk, "batch": w.batch.pk})
    assert refused.status_code == 409
    assert "须由派出单位确认：无在查违纪问题" in refused.content.decode()
    assert not Nomination.objects.exists()
    done = page.post("/nominations/add/", {"cadre": w.cadre.pk, "batch": w.batch.pk,
                                           "declarations": [clean.pk]})
    assert done.status_code == 302
    assert Nomination.objects.get().eligibility[0]["how"] == "confirmed"
    listing = page.get("/nominations/").content.decode()
    assert "符合（1项）" in listing


def test_an_import_checks_the_rules_and_confirms_by_its_column(rules):
    from imports import services
    from imports.tests.conftest import fill_template as fill
    from imports.tests.conftest import upload

    w = rules
    rule(w, kind="declaration", text="身体健康")
    rule(w, kind="age_cap", number=35)
    row = {"身份证号码": w.cadre.id_number, "姓名": w.cadre.name,
           "批次": f"{w.program.name} 第{w.batch.number}批", "已确认资格条件": "是"}
    job = services.start_import(w.staff, "nominations",
                                upload(fill("nominations", w.staff, [row])))
    assert job.counts["bad"] == 1
    assert [e["message"] for e in job.errors] == [
        "张树旗 不符合本项目的资格条件：所有人选年龄不超过35周岁（2027-03-01时41周岁）"]
    EligibilityRule.objects.filter(kind="age_cap").delete()
    job = services.start_import(w.staff, "nominations",
                                upload(fill("nominations", w.staff, [row])))
    assert job.counts["new"] == 1, job.errors
    services.apply_import(w.staff, job)
    assert Nomination.objects.get().eligibility[0]["how"] == "confirmed"
