"""The `api` fixture: one object of every endpoint on each side of two departments."""
import datetime

import pytest
from rest_framework.test import APIClient

from placements.models import Nomination, WorkLog

D = datetime.date


def _records(placement, staff):
    """One of each on-post record of a placement, for the read matrix."""
    from placements.models import (
        Achievement,
        AllowanceStatement,
        Appraisal,
        Inspection,
        Leave,
    )

    return {
        "leaves": Leave.objects.create(placement=placement, start_date=D(2026, 4, 1),
                                       end_date=D(2026, 4, 2), reason="事假"),
        "inspections": Inspection.objects.create(placement=placement, status="done",
                                                 date=D(2026, 3, 10), findings="纪实完整",
                                                 rating="good", inspector=staff),
        "achievements": Achievement.objects.create(placement=placement, category="funds_secured",
                                                   title="争取专项资金", amount=500000,
                                                   date=D(2026, 3, 20)),
        "appraisals": Appraisal.objects.create(placement=placement, kind="annual", side="host",
                                               year=2026, grade="excellent"),
        "allowance-statements": AllowanceStatement.objects.create(
            placement=placement, month="2026-02", days_on_post=28, daily_allowance=30,
            amount=840, trips_allowed=1, insured=True),
    }


@pytest.fixture
def api(world, make):
    from django.contrib.contenttypes.models import ContentType

    from accounts.choices import Role
    from cadres.models import Expertise
    from placements.models import EligibilityRule
    from programs.models import AllowancePolicy, ProgramTarget, Track
    from reports.models import Alert, Report

    w = world
    w.operator = make.user(Role.UNIT_OPERATOR, w.other_host, "operator")
    w.order = make.order(w.batch, w.host)
    w.other_order = make.order(w.other_batch, make.unit(w.other_province, "郧阳区人民政府"))
    w.placement = make.placement(w.cadre, w.batch, w.host, status="on_post")
    make.agreed_extension(w.placement, datetime.date(2028, 6, 30))
    w.planned = make.placement(make.cadre(w.sender), w.batch, w.host)
    w.other_cadre = make.cadre(w.other_department)
    w.other_placement = make.placement(w.other_cadre, w.other_batch,
                                       w.other_order.receiving_unit, status="on_post")
    w.nomination = Nomination.objects.create(cadre=make.cadre(w.sender), batch=w.batch,
                                             dispatching_unit=w.sender)
    w.other_nomination = Nomination.objects.create(
        cadre=make.cadre(w.other_department), batch=w.other_batch,
        dispatching_unit=w.other_department)
    w.log = WorkLog.objects.create(placement=w.placement, date=D(2026, 3, 2), content="调研")
    w.other_log = WorkLog.objects.create(placement=w.other_placement, date=D(2026, 3, 2),
                                         content="调研")
    w.own = {"work-logs": w.log, **_records(w.placement, w.staff)}
    w.other = {"work-logs": w.other_log, **_records(w.other_placement, w.other_staff)}
    for key, program in (("own", w.program), ("other", w.other_program)):
        objs = getattr(w, key)
        objs["tracks"] = Track.objects.create(program=program, name="互派挂职")
        objs["targets"] = ProgramTarget.objects.create(program=program, name="选派", target=100)
        objs["allowance-policies"] = AllowancePolicy.objects.create(program=program,
                                                                    daily_allowance=30)
        # A rule everyone meets: the other tests' nominations go through as before.
        objs["eligibility-rules"] = EligibilityRule.objects.create(
            program=program, kind="age_cap", number=70)
    w.own["reports"] = Report.objects.create(kind="monthly_overview", program=w.program,
                                             requested_by=w.staff)
    w.other["reports"] = Report.objects.create(kind="monthly_overview", program=w.other_program,
                                               requested_by=w.other_staff)
    order_type = ContentType.objects.get_for_model(w.order)
    w.own["alerts"] = Alert.objects.create(kind="order_review_overdue", content_type=order_type,
                                           object_id=w.order.pk, unit=w.host,
                                           role=Role.RECEIVING, message="订单待审核")
    w.other["alerts"] = Alert.objects.create(
        kind="order_review_overdue", content_type=order_type, object_id=w.other_order.pk,
        unit=w.other_department, role=Role.ORG_STAFF, message="订单待审核")
    import datetime as dt

    from placements.models import Offer

    deadline = dt.datetime(2026, 11, 21, 10, tzinfo=dt.UTC)
    w.own["offers"] = Offer.objects.create(batch=w.batch, order=w.order, nomination=w.nomination,
                                           score=50, expires_at=deadline)
    w.other["offers"] = Offer.objects.create(batch=w.other_batch, order=w.other_order,
                                             nomination=w.other_nomination, score=50,
                                             expires_at=deadline)
    from placements.models import Agreement

    for key, placement in (("own", w.placement), ("other", w.other_placement)):
        getattr(w, key)["agreements"] = Agreement.objects.create(
            placement=placement, version=1, duties="协助分管农业", post_title="挂职副县长",
            start_date=placement.start_date, end_date=placement.planned_end_date)
    from django.core.files.base import ContentFile

    from documents.defaults import default_template
    from documents.models import DocumentTemplate
    from placements.models import Extension, Handover, LaterUse, ReadinessItem, ReturnPlan

    w.own["extensions"] = Extension.objects.get(placement=w.placement)
    w.other["extensions"] = Extension.objects.create(
        placement=w.other_placement, planned_end_date=D(2028, 6, 30),
        previous_end_date=w.other_placement.planned_end_date, reason="工作需要")
    for key, placement in (("own", w.placement), ("other", w.other_placement)):
        objs = getattr(w, key)
        objs["readiness-items"] = ReadinessItem.objects.create(placement=placement,
                                                               label="住房安排")
        objs["return-plans"] = ReturnPlan.objects.create(placement=placement, home_post="科长")
        objs["later-uses"] = LaterUse.objects.create(placement=placement, kind="commendation",
                                                     date=D(2026, 6, 1))
    w.own["handovers"] = Handover.objects.create(placement=w.placement, incoming=w.planned)
    w.other["handovers"] = Handover.objects.create(placement=w.other_placement,
                                                   incoming=w.other_placement)
    for key, organizer in (("own", w.department), ("other", w.other_department)):
        getattr(w, key)["document-templates"] = DocumentTemplate.objects.create(
            organizer=organizer, kind="approval_form",
            file=ContentFile(default_template("approval_form"), name="审批表.docx"))
    from evaluations.models import Ballot, ReportOfDuty, Talk

    for key, placement, staff in (("own", w.placement, w.staff),
                                  ("other", w.other_placement, w.other_staff)):
        objs = getattr(w, key)
        objs["reports-of-duty"] = ReportOfDuty.objects.create(
            placement=placement, kind="annual", year=2026, text="述职")
        objs["talks"] = Talk.objects.create(placement=placement, held_on=D(2026, 5, 1),
                                            interviewee="村党支部书记", summary="反映良好",
                                            held_by=staff)
        objs["ballots"] = Ballot.objects.create(
            program=placement.batch.program, placement=placement, title="民主测评",
            items=[{"key": "de", "label": "德", "kind": "grade", "required": True}],
            opens_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
            closes_at=dt.datetime(2026, 11, 30, tzinfo=dt.UTC))
    from notices.models import Notice
    from notices.services import publish_notice

    w.own["notices"] = publish_notice(w.staff, w.program, "岗前培训安排", "下周一报到。")
    w.other["notices"] = Notice.objects.create(program=w.other_program, title="通知",
                                               body="正文")
    w.other["notices"].units.set([w.other_order.receiving_unit])
    from programs.models import Holiday

    w.own["holidays"] = Holiday.objects.create(date=D(2026, 10, 1), name="国庆节")
    w.other["holidays"] = Holiday.objects.create(date=D(2026, 10, 10), name="国庆节调休",
                                                 is_workday=True)
    w.own.update({"regions": w.county, "units": w.host, "programs": w.program,
                  "batches": w.batch, "cadres": w.cadre, "orders": w.order,
                  "nominations": w.nomination, "placements": w.placement,
                  "expertise": Expertise.objects.create(name="农业")})
    w.other.update({"regions": w.other_province, "units": w.other_department,
                    "programs": w.other_program, "batches": w.other_batch,
                    "cadres": w.other_cadre, "orders": w.other_order,
                    "nominations": w.other_nomination, "placements": w.other_placement,
                    "expertise": Expertise.objects.create(name="金融")})

    def client(user=None):
        c = APIClient()
        if user is not None:
            c.force_authenticate(user)
        return c
    w.client = client
    return w


@pytest.fixture
def demo(transactional_db, settings):
    """The demo data, committed, for a live server."""
    from django.core.management import call_command

    settings.DEBUG = False
    call_command("load_demo", verbosity=0)


@pytest.fixture
def chromium(monkeypatch):
    from playwright.sync_api import sync_playwright

    from .browser import CHROMIUM

    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test
    # (fixtures, teardown) are still plain synchronous ones.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()
