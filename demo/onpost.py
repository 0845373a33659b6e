"""Demo life on post: the holiday calendar, a diary with its reviews and a few gaps, leave,
inspections, achievements and the monthly allowance statements — so that every page and
figure of a placement on post has something true to show."""
import datetime
import random

from django.utils import timezone

from placements import achievement_totals, diary_months
from placements.choices import STARTED_PLACEMENT_STATUSES
from placements.models import (
    Achievement,
    AllowanceStatement,
    Inspection,
    Leave,
    Placement,
    WorkLog,
)
from placements.services import generate_month
from programs import holidays
from programs.calendar import WorkCalendar, month_bounds
from programs.models import Holiday, Program
from reports.alerts import raise_all

from . import facts

ONE_DAY = datetime.timedelta(days=1)


def load_holidays():
    rows = [Holiday(date=datetime.date.fromisoformat(day), name=name, is_workday=workday)
            for year in facts.HOLIDAYS.values()
            for key, workday in (("off", False), ("work", True))
            for day, name in year[key]]
    Holiday.objects.bulk_create(rows, ignore_conflicts=True)
    # The past years from the published notices (the Kaijiang case of 2017 among them); the
    # years above are kept by hand, as the staff do.
    holidays.load()


def _months(first: datetime.date, last: datetime.date):
    month = first.replace(day=1)
    while month <= last:
        yield f"{month.year:04d}-{month.month:02d}"
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def settle_months(program, start, end):
    """Allowance statements for every month of `program` that is over, by the monthly job's
    own service (never twice)."""
    for month in _months(start, end):
        if month_bounds(month)[1] < timezone.localdate():
            generate_month(program, month)


def load_diaries(batch, today):
    """A diary for each placement of `batch` on post, from its start to yesterday: most working
    days written, the older entries confirmed by the host unit, a few sent back for more."""
    placements = list(batch.placements.filter(status__in=STARTED_PLACEMENT_STATUSES)
                      .select_related("cadre", "host_unit").order_by("id"))
    if not placements or WorkLog.objects.filter(placement__in=placements).exists():
        return
    rng = random.Random(f"diary-{batch.pk}")
    start = min(p.start_date for p in placements)
    cal = WorkCalendar(start, today)
    categories = list(facts.WORK_LOG_LINES)
    logs, leaves = [], []
    for i, placement in enumerate(placements):
        # One approved and reported-back leave each for half of them, to show in the figures.
        leave_days = set()
        if i % 2 == 0:
            leave_start = placement.start_date + datetime.timedelta(days=60 + 7 * i)
            leave = Leave(placement=placement, start_date=leave_start,
                          end_date=leave_start + datetime.timedelta(days=2),
                          reason="家中有事，请事假", status="reported_back",
                          host_approved_at=timezone.now(), reported_back_at=timezone.now())
            leave.count_days()
            leaves.append(leave)
            leave_days = {leave_start + k * ONE_DAY for k in range(3)}
        diligence = 0.97 if i % 4 else 0.8  # some cadres leave more gaps than others
        day = placement.start_date
        end = min(placement.occupied_until, today - ONE_DAY)
        while day <= end:
            if cal.is_working_day(day) and day not in leave_days and rng.random() < diligence:
                category = rng.choice(categories)
                line = rng.choice(facts.WORK_LOG_LINES[category]).format(n=rng.randint(2, 6))
                age = (today - day).days
                status = "accepted" if age > 7 else "submitted"
                comment = ""
                if status == "accepted" and rng.random() < 0.02:
                    status, comment = "needs_more", "请补充具体成效和下一步打算"
                reviewed = (timezone.make_aware(datetime.datetime.combine(
                    day + 2 * ONE_DAY, datetime.time(10))) if status != "submitted" else None)
                logs.append(WorkLog(placement=placement, date=day, content=line,
                                    category=category, status=status, review_comment=comment,
                                    reviewed_at=reviewed))
            day += ONE_DAY
    Leave.objects.bulk_create(leaves)
    WorkLog.objects.bulk_create(logs, batch_size=1000)
    # Written in bulk, past the receivers: the months are counted once here.
    diary_months.refresh_placements([p.pk for p in placements])
    # A pending request for the demo cadre's host unit to decide.
    first = placements[0]
    ask = today + datetime.timedelta(days=10)
    if ask <= first.occupied_until:
        Leave.objects.create(placement=first, start_date=ask, end_date=ask + 4 * ONE_DAY,
                             reason="探亲", needs_home_approval=True)


def load_results(batch, today):
    """Inspections (one done, one scheduled), achievements (some verified) for each placement."""
    placements = list(batch.placements.filter(status__in=STARTED_PLACEMENT_STATUSES)
                      .order_by("id"))
    if not placements or Achievement.objects.filter(placement__in=placements).exists():
        return
    rng = random.Random(f"results-{batch.pk}")
    kinds = [("funds_secured", "争取上级专项资金", 10_000, 3_000_000, 0),
             ("project_advanced", "推动产业项目落地", 0, 0, 1),
             ("investment_attracted", "引进企业投资", 1_000_000, 50_000_000, 1),
             ("policy_support", "争取政策支持", 0, 0, 1),
             ("training_given", "开展专题培训", 0, 0, 60)]
    inspections, achievements = [], []
    for i, placement in enumerate(placements):
        visit = min(placement.start_date + datetime.timedelta(days=90), today - ONE_DAY)
        good = i % 4 != 0
        inspections.append(Inspection(
            placement=placement, kind="diary_check", status="done", date=visit,
            findings=("纪实记录完整，工作扎实，群众反映良好" if good
                      else "纪实有缺漏，已提醒及时填写"),
            rating="good" if good else "average"))
        inspections.append(Inspection(placement=placement, kind="visit", status="scheduled",
                                      scheduled_date=today + datetime.timedelta(days=3 + i)))
        for k in range(2 + i % 3):
            category, title, low, high, count = kinds[(i + k) % len(kinds)]
            amount = round(rng.uniform(low, high), -3) if high else 0
            day = placement.start_date + datetime.timedelta(days=rng.randint(30, 200))
            achievements.append(Achievement(
                placement=placement, category=category, title=title, amount=amount,
                count=count, date=min(day, today - ONE_DAY), verified=k % 2 == 0,
                evidence="相关批复、合同或会议纪要"))
    Inspection.objects.bulk_create(inspections)
    Achievement.objects.bulk_create(achievements)
    achievement_totals.refresh([p.pk for p in placements])  # bulk: past the receivers


def load_onpost(today: datetime.date):
    load_holidays()
    zhengxiang = Program.objects.get(name="蒸湘区“万雁入乡”干部上挂下派")
    batch = zhengxiang.batches.get(number=1)
    load_diaries(batch, today)
    load_results(batch, today)
    insure(batch, today)
    settle_months(zhengxiang, batch.report_by, today)
    # The seeds' Kaijiang case: 30 yuan a day, one round trip a month, insured, for the
    # cadres placed outside the county (2017-09 to 2018-02).
    kaijiang = Program.objects.get(name="开江县干部人才培育“三百工程”")
    if not AllowanceStatement.objects.filter(placement__batch__program=kaijiang).exists():
        first = Placement.objects.filter(batch__program=kaijiang).order_by("start_date").first()
        if first:
            settle_months(kaijiang, first.start_date, first.occupied_until)
    raise_all(today)


def insure(batch, today):
    """Accident insurance bought a year at a time from each start: for most the cover runs to
    the term's end; for two it ends within the month, for one it was never recorded — what
    the nightly insurance alert is for."""
    placements = list(batch.placements.filter(status__in=STARTED_PLACEMENT_STATUSES)
                      .order_by("id"))
    for i, placement in enumerate(placements):
        if i == 0:
            continue
        if i in (1, 2):
            placement.insured_until = today + datetime.timedelta(days=10 * i)
        else:
            placement.insured_until = placement.planned_end_date
    Placement.objects.bulk_update(placements, ["insured_until"])
