"""Data at national scale for the benchmarks (`manage.py make_bench_data --scale …`).

Every province's organization department with its programs and batches (sizes skewed: a few
large batches, many small ones), units down to county level, cadres with valid ID numbers,
placements in every state, demand orders, nominations, a diary with gaps and achievements.
Directories and people are written by bulk_create; the diary and achievements by set-based
INSERT … SELECT over generate_series, in minutes rather than hours. History tables are left
empty: the audit trail records changes people make, and these rows were never changed.
"""
import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from cadres.models import Cadre, Expertise
from cadres.scope import refresh_all
from cadres.search import index_names
from placements import achievement_totals, diary_months
from placements.models import DemandOrder, Nomination, Placement
from programs.choices import Level, UnitKind
from programs.models import Batch, Program, Region, Track, Unit

from .facts import EXPERTISE
from .people import PersonFactory

PROVINCES = [
    ("110000", "北京市"), ("120000", "天津市"), ("130000", "河北省"), ("140000", "山西省"),
    ("150000", "内蒙古自治区"), ("210000", "辽宁省"), ("220000", "吉林省"),
    ("230000", "黑龙江省"), ("310000", "上海市"), ("320000", "江苏省"), ("330000", "浙江省"),
    ("340000", "安徽省"), ("350000", "福建省"), ("360000", "江西省"), ("370000", "山东省"),
    ("410000", "河南省"), ("420000", "湖北省"), ("430000", "湖南省"), ("440000", "广东省"),
    ("450000", "广西壮族自治区"), ("460000", "海南省"), ("500000", "重庆市"),
    ("510000", "四川省"), ("520000", "贵州省"), ("530000", "云南省"), ("540000", "西藏自治区"),
    ("610000", "陕西省"), ("620000", "甘肃省"), ("630000", "青海省"),
    ("640000", "宁夏回族自治区"), ("650000", "新疆维吾尔自治区"),
]
PASSWORD = "bench-2026"
TODAY = datetime.date(2026, 11, 23)


@dataclass
class Scale:
    provinces: int
    cadres: int
    placements: int
    work_logs: int
    achievements: int


SCALES = {
    "small": Scale(provinces=4, cadres=5_000, placements=2_000, work_logs=200_000,
                   achievements=10_000),
    "national": Scale(provinces=31, cadres=100_000, placements=40_000, work_logs=4_000_000,
                      achievements=200_000),
}


def build(scale: Scale, log=print):
    rng = random.Random(2026)
    with transaction.atomic():
        log("directories…")
        provinces = _regions(scale)
        units = _units(provinces)
        users = _users(provinces, units)
        log("programs and batches…")
        batches = _programs(provinces, units, rng)
        log(f"{scale.cadres:,} cadres…")
        cadres = _cadres(scale, provinces, units, rng)
        log(f"{scale.placements:,} placements, their orders and nominations…")
        _placements(scale, batches, cadres, units, users, rng)
        # Cadres, nominations and placements were bulk-created: who sees them, set by rule.
        refresh_all()
        log(f"about {scale.work_logs:,} diary days…")
        _work_logs(scale)
        log("their months…")
        diary_months.rebuild()
        log(f"{scale.achievements:,} achievements…")
        _achievements(scale)
        achievement_totals.rebuild()
    with connection.cursor() as cur:
        cur.execute("ANALYZE")


def _regions(scale):
    """Each province of the national directory (migration programs/0009) with 4 of its
    cities and 5 counties of each — real names and codes. A municipality's districts hang
    from the province itself: there, 4 groups of 5 districts stand for the cities."""
    provinces = []
    for code, _name in PROVINCES[:scale.provinces]:
        province = Region.objects.get(code=code)
        cities = list(province.children.current().filter(level=Level.CITY).order_by("code")[:4])
        if cities:
            for city in cities:
                city.counties = list(city.children.current().filter(
                    level=Level.COUNTY).order_by("code")[:5])
        else:
            districts = list(province.children.current().filter(
                level=Level.COUNTY).order_by("code")[:20])
            cities = []
            for i in range(0, len(districts), 5):
                group = Region.objects.get(pk=province.pk)
                group.counties = districts[i:i + 5]
                cities.append(group)
        province.cities = cities
        provinces.append(province)
    return provinces


SENDER_KINDS = [(UnitKind.PROVINCIAL_ORGAN, "厅", 20), (UnitKind.SOE, "集团", 8),
                (UnitKind.UNIVERSITY, "大学", 6), (UnitKind.RESEARCH_INSTITUTE, "研究院", 4),
                (UnitKind.CENTRAL_UNIT, "监管局", 3)]


def _units(provinces):
    rows = []
    for province in provinces:
        short = province.name[:2]
        rows.append(Unit(name=f"中共{province.name}委组织部", kind=UnitKind.ORG_DEPARTMENT,
                         level=Level.PROVINCE, region=province))
        for kind, suffix, n in SENDER_KINDS:
            rows += [Unit(name=f"{short}第{i}{suffix}", kind=kind, level=Level.PROVINCE,
                          region=province) for i in range(1, n + 1)]
        for city in province.cities:
            for county in city.counties:
                rows.append(Unit(name=f"{county.name}人民政府", kind=UnitKind.LOCAL_GOVERNMENT,
                                 level=Level.COUNTY, region=county))
                rows += [Unit(name=f"{county.name}{d}", kind=UnitKind.LOCAL_GOVERNMENT,
                              level=Level.COUNTY, region=county)
                         for d in ("发展和改革局", "农业农村局", "科学技术局")]
                rows += [Unit(name=f"{county.name}第{t}镇", kind=UnitKind.TOWNSHIP,
                              level=Level.TOWNSHIP, region=county) for t in (1, 2)]
    for row in rows:
        row.refresh_pinyin()  # bulk_create calls no save
    Unit.objects.bulk_create(rows, batch_size=2000)
    by_province = {}
    for unit in Unit.objects.select_related("region"):
        code = unit.region.path.split("/")[1]
        by_province.setdefault(int(code), []).append(unit)
    return {p.pk: _split(by_province[p.pk]) for p in provinces}


def _split(units):
    return {
        "department": next(u for u in units if u.kind == UnitKind.ORG_DEPARTMENT),
        "senders": [u for u in units if u.level == Level.PROVINCE
                    and u.kind != UnitKind.ORG_DEPARTMENT],
        "counties": [u for u in units if u.kind == UnitKind.LOCAL_GOVERNMENT],
        "townships": [u for u in units if u.kind == UnitKind.TOWNSHIP],
    }


def _users(provinces, units):
    """Per province: org staff, a leader, a receiving and a dispatching operator; one cadre
    login. Usernames carry the province code (bench_staff_330000 …)."""
    password = make_password(PASSWORD)
    rows = []
    for province in provinces:
        u = units[province.pk]
        rows += [
            User(username=f"bench_staff_{province.code}", role=Role.ORG_STAFF,
                 unit=u["department"], password=password, first_name="组织部"),
            User(username=f"bench_leader_{province.code}", role=Role.MANAGER,
                 unit=u["department"], password=password, first_name="领导"),
            User(username=f"bench_host_{province.code}", role=Role.RECEIVING,
                 unit=u["counties"][0], password=password),
            User(username=f"bench_sender_{province.code}", role=Role.DISPATCHING,
                 unit=u["senders"][0], password=password),
        ]
    User.objects.bulk_create(rows)
    return {user.username: user for user in User.objects.filter(username__startswith="bench_")}


def _programs(provinces, units, rng):
    """Two programs per province, a batch every half year from its start to this autumn (so
    every department has people on post, writing today's diary); sizes are skewed when the
    placements are drawn (a few batches of hundreds, most of tens)."""
    batches = []
    for province in provinces:
        department = units[province.pk]["department"]
        participants = units[province.pk]["senders"] + units[province.pk]["counties"]
        for p, (name, start) in enumerate((("千名干部交流互派工程", datetime.date(2021, 6, 1)),
                                           ("专才支持计划", datetime.date(2023, 3, 1)))):
            program = Program.objects.create(
                name=name, organizer=department, start_date=start,
                end_date=datetime.date(2027, 12, 31), target_total=1000 if p == 0 else 300,
                status="active")
            program.participants.set(participants)
            Track.objects.bulk_create([
                Track(program=program, name="下派挂职", kind="secondment", target_count=600),
                Track(program=program, name="上挂锻炼", kind="secondment", target_count=400)])
            for n in range(1, 20):
                mobilized = start + datetime.timedelta(days=182 * (n - 1) + rng.randint(0, 30))
                if mobilized > TODAY - datetime.timedelta(days=60):
                    break
                batches.append(Batch(
                    program=program, number=n, name=f"第{n}批",
                    status="closed" if mobilized < TODAY - datetime.timedelta(days=760)
                    else "in_progress", mobilization_date=mobilized,
                    report_by=mobilized + datetime.timedelta(days=14), term_months=24,
                    planned_size=0))
    Batch.objects.bulk_create(batches)
    return list(Batch.objects.select_related("program__organizer__region"))


def _cadres(scale, provinces, units, rng):
    people = PersonFactory("bench-national")
    expertise = [Expertise.objects.get_or_create(name=name)[0] for name in EXPERTISE]
    rows = []
    for i in range(scale.cadres):
        province = provinces[i % len(provinces)]
        u = units[province.pk]
        pool = u["senders"] if i % 10 < 7 else u["counties"]
        person = people.person(province.code)
        rows.append(Cadre(
            name=person["name"], gender=person["gender"], birth_date=person["birth_date"],
            id_number=person["id_number"], phone=person["phone"],
            rank=rng.choice(("division_deputy", "division_chief", "section_chief")),
            employer=pool[rng.randrange(len(pool))], position="处长" if i % 3 else "科长",
            native_place=province))
    Cadre.objects.bulk_create(rows, batch_size=5000)
    cadres = list(Cadre.objects.select_related("employer").order_by("pk"))
    index_names(cadres)
    through = Cadre.expertise.through
    through.objects.bulk_create([through(cadre_id=c.pk, expertise_id=expertise[
        c.pk % len(expertise)].pk) for c in cadres], batch_size=10000)
    return cadres


def _placements(scale, batches, cadres, units, users, rng):
    by_department = {}
    for batch in batches:
        by_department.setdefault(batch.program.organizer_id, []).append(batch)
    # Skewed: each batch draws with weight 1/rank^1.3 (ranks shuffled, so a big batch may be
    # old or current): a few batches hold most placements.
    weights = {}
    for dep, bs in by_department.items():
        weights[dep] = [1 / (r + 1) ** 1.3 for r in range(len(bs))]
        rng.shuffle(weights[dep])
    department_of = {}
    for info in units.values():
        for unit in info["senders"] + info["counties"]:
            department_of[unit.pk] = info
    rng.shuffle(cadres)
    chosen = cadres[:scale.placements]
    placements, orders, counts = [], {}, {}
    now = timezone.now()
    for i, cadre in enumerate(chosen):
        info = department_of[cadre.employer_id]
        dep = info["department"].pk
        batch = rng.choices(by_department[dep], weights[dep])[0]
        down = cadre.employer.level == Level.PROVINCE
        host = (info["counties"][i % len(info["counties"])] if down
                else info["senders"][i % len(info["senders"])])
        start = batch.mobilization_date + datetime.timedelta(days=20)
        end = start + datetime.timedelta(days=730)
        if start > TODAY:
            status, confirmed = "planned", None
        elif end < TODAY:
            status, confirmed = ("completed" if i % 25 else "ended_early"), now
        else:
            status, confirmed = "on_post", now
        actual = (end if status == "completed" else
                  start + datetime.timedelta(days=300) if status == "ended_early" else None)
        order = None
        if down:
            key = (batch.pk, host.pk)
            if key not in orders:
                orders[key] = DemandOrder(
                    batch=batch, receiving_unit=host, title=f"{host.name}发展需求",
                    post_title="挂职副县长", headcount=0, status="approved",
                    term_months=24,
                    created_by=users[f"bench_host_{info['department'].region.code}"])
            orders[key].headcount += 1
            order = key
        placements.append((Placement(
            cadre=cadre, batch=batch, home_unit=cadre.employer, host_unit=host,
            post_title="挂职副县长" if down else "挂职处长助理", direction="down" if down else "up",
            start_date=start, planned_end_date=end, actual_end_date=actual, status=status,
            end_reason="工作需要" if status == "ended_early" else "",
            host_confirmed_start_at=confirmed, home_confirmed_start_at=confirmed,
            host_confirmed_end_at=now if actual else None,
            home_confirmed_end_at=now if actual else None), order))
        counts[batch.pk] = counts.get(batch.pk, 0) + 1
    for order in orders.values():
        order.filled_count = order.headcount
        order.status = "filled"
    for order in orders.values():
        order.refresh_pinyin()  # bulk_create calls no save
    DemandOrder.objects.bulk_create(orders.values(), batch_size=5000)
    nominations = [Nomination(cadre=p.cadre, batch=p.batch, dispatching_unit=p.home_unit,
                              status="selected", self_matched=False)
                   for p, _order in placements]
    # Candidates not selected: about half as many again, declined.
    for cadre in cadres[scale.placements:scale.placements + scale.placements // 2]:
        dep = department_of[cadre.employer_id]["department"].pk
        nominations.append(Nomination(cadre=cadre, batch=rng.choice(by_department[dep]),
                                      dispatching_unit=cadre.employer, status="declined"))
    Nomination.objects.bulk_create(nominations, batch_size=5000)
    for (placement, order), nomination in zip(placements, nominations, strict=False):
        placement.order = orders[order] if order else None
        placement.nomination = nomination
    Placement.objects.bulk_create([p for p, _o in placements], batch_size=5000)
    Batch.objects.bulk_update([Batch(pk=pk, planned_size=n) for pk, n in counts.items()],
                              ["planned_size"], batch_size=1000)
    Cadre.objects.filter(placements__status="on_post").update(status="on_placement")
    Cadre.objects.filter(placements__status__in=("completed", "ended_early")).update(
        status="returned")


def _work_logs(scale):
    """Weekdays of each started placement's time on post, up to today, with gaps: about the
    share that brings the total to `scale.work_logs` (some people write every day, some
    skip weeks)."""
    span = """FROM placements_placement p
        CROSS JOIN LATERAL generate_series(0,
            LEAST(COALESCE(p.actual_end_date, p.planned_end_date), %s::date) - p.start_date)
            AS k(n)
        CROSS JOIN LATERAL (SELECT p.start_date + k.n AS d) AS g
        WHERE p.status IN ('on_post', 'completed', 'ended_early')
          AND extract(isodow FROM g.d) <= 5"""
    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) {span}", [TODAY])
        weekdays = cur.fetchone()[0] or 1
        keep = max(1, min(100, round(100 * scale.work_logs / weekdays)))
        cur.execute(f"""
            INSERT INTO placements_worklog (placement_id, date, content, category, attachment,
                status, review_comment, created_at, updated_at)
            SELECT p.id, g.d, '走访调研，推进项目落地', 'research', '',
                   CASE WHEN (p.id + (g.d - DATE '2020-01-01')) %% 4 = 0 THEN 'accepted'
                        ELSE 'submitted' END, '', g.d + time '18:00', g.d + time '18:00'
            {span}
              AND (p.id * 31 + (g.d - DATE '2020-01-01') / 7 * 7
                   + (g.d - DATE '2020-01-01')) %% 100 < %s""", [TODAY, keep])


def _achievements(scale):
    with connection.cursor() as cur:
        cur.execute("""SELECT count(*) FROM placements_placement
                       WHERE status IN ('on_post', 'completed', 'ended_early')""")
        started = cur.fetchone()[0] or 1
        per = max(1, round(scale.achievements / started))
        cur.execute("""
            INSERT INTO placements_achievement (placement_id, category, title, amount, count,
                date, evidence, evidence_file, verified, created_at)
            SELECT p.id, (ARRAY['policy_support','funds_secured','project_advanced',
                     'investment_attracted','training_given','other'])[1 + n %% 6],
                   '引进项目第' || n || '项', (p.id %% 50) * 10000 + n * 1000, 1 + n %% 3,
                   LEAST(p.start_date + n * 30, %s::date), '', '', n %% 2 = 0, now()
            FROM placements_placement p CROSS JOIN generate_series(1, %s) AS n
            WHERE p.status IN ('on_post', 'completed', 'ended_early')""", [TODAY, per])
