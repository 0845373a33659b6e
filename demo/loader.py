"""Loads the demo: the five programs of the seed articles with their real figures.

Every record is found by its natural key before it is created, so loading twice changes
nothing. Bulk inserts keep the first run fast on SQLite.
"""
import datetime
import itertools
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from accounts.choices import Role
from accounts.models import User
from cadres.choices import CadreStatus, ProfessionalTitle, Rank
from cadres.models import Cadre, Expertise
from cadres.scope import refresh_all
from cadres.search import index_names
from placements.choices import (
    Direction,
    NominationStatus,
    OrderStatus,
    PlacementStatus,
)
from placements.models import DemandOrder, Nomination, Placement
from placements.services.dates import add_months
from programs.choices import BatchStatus, Level, ProgramStatus, TargetMeasure, TrackKind, UnitKind
from programs.models import AllowancePolicy, Batch, Program, ProgramTarget, Region, Track, Unit

from . import facts
from .onpost import load_onpost
from .people import PersonFactory

DEMO_PASSWORD = "demo-2026"


@dataclass
class CadreSpec:
    person: dict
    employer: Unit
    position: str
    rank: str = Rank.SECTION_CHIEF
    title: str = ProfessionalTitle.NONE
    expertise: list[str] = field(default_factory=list)
    native_place: Region | None = None


class DemoLoader:
    def __init__(self, today: datetime.date | None = None, log=print):
        self.today = today or datetime.date.today()
        self.log = log
        self.regions: dict[str, Region] = {}
        self.expertise: dict[str, Expertise] = {}

    # --- directory ---------------------------------------------------------------------
    def load(self):
        with transaction.atomic():
            self.load_regions()
            self.expertise = {
                name: Expertise.objects.get_or_create(name=name)[0] for name in facts.EXPERTISE
            }
            self.load_zhejiang()
            self.load_hubei()
            self.load_kaijiang()
            self.load_xiangqiao()
            self.load_zhengxiang()
            load_onpost(self.today)
            self.admit_participants()
            self.load_users()
            # Cadres, nominations and placements were bulk-created: who sees them, by rule.
            refresh_all()
            # The demo's rows are bulk-created: give each its first history row (created),
            # as a record saved through the app would have.
            from django.core.management import call_command

            call_command("populate_history", auto=True, verbosity=0)
        self.load_reports()

    def load_reports(self):
        """Last month's overview and last quarter's batch summary, as beat makes them on the
        1st, so that /reports/ has something to download. After the commit: with a worker
        they are built by it; on the embedded default, at once."""
        from reports.tasks import make_periodic_reports

        for kind in ("monthly_overview", "batch_summary"):
            make_periodic_reports(kind, today=self.today.isoformat())

    def admit_participants(self):
        """Each program admits the units that send, host, order or nominate in it (in real
        life org staff keep this list; here it follows from the seeds' records)."""
        for program in Program.objects.all():
            batches = {"batch__program": program}
            units = (set(Placement.objects.filter(**batches).values_list("host_unit", flat=True))
                     | set(Placement.objects.filter(**batches).values_list("home_unit", flat=True))
                     | set(DemandOrder.objects.filter(**batches)
                           .values_list("receiving_unit", flat=True))
                     | set(Nomination.objects.filter(**batches)
                           .values_list("dispatching_unit", flat=True)))
            program.participants.add(*units)

    def load_regions(self):
        for code, name, level, parent_code, flag in facts.REGIONS:
            region = Region.objects.filter(code=code).first()
            if region is None:
                region = Region(code=code, name=name, level=level,
                                parent=self.regions.get(parent_code), is_mountain_island=flag)
                region.save()
            self.regions[code] = region
        for name, parent_code in facts.TOWNSHIPS:
            parent = self.regions[parent_code]
            region = Region.objects.filter(parent=parent, name=name).first()
            if region is None:
                region = Region(name=name, level=Level.TOWNSHIP, parent=parent)
                region.save()
            self.regions[f"{parent_code}:{name}"] = region

    def unit(self, name, kind, region_key, level=None, parent=None):
        region = self.regions[region_key]
        unit, _ = Unit.objects.get_or_create(
            region=region, name=name,
            defaults={"kind": kind, "level": level or region.level, "parent": parent},
        )
        return unit

    def org_department(self, name, region_code):
        return self.unit(name, UnitKind.ORG_DEPARTMENT, region_code)

    def government(self, region_code, suffix="人民政府"):
        return self.unit(self.regions[region_code].name + suffix, UnitKind.LOCAL_GOVERNMENT,
                         region_code)

    # --- people ------------------------------------------------------------------------
    def ensure_cadres(self, specs: list[CadreSpec]) -> list[Cadre]:
        ids = [s.person["id_number"] for s in specs]
        existing = {c.id_number: c for c in Cadre.objects.filter(id_number__in=ids)}
        new = [
            Cadre(employer=s.employer, position=s.position, rank=s.rank,
                  professional_title=s.title, native_place=s.native_place, **s.person)
            for s in specs if s.person["id_number"] not in existing
        ]
        Cadre.objects.bulk_create(new)
        existing.update({c.id_number: c for c in Cadre.objects.filter(id_number__in=ids)})
        index_names([existing[c.id_number] for c in new])
        through = Cadre.expertise.through
        through.objects.bulk_create(
            [
                through(cadre_id=existing[s.person["id_number"]].pk,
                        expertise_id=self.expertise[name].pk)
                for s in specs for name in s.expertise
            ],
            ignore_conflicts=True,
        )
        return [existing[i] for i in ids]

    def term_status(self, start, end):
        if end < self.today:
            return PlacementStatus.COMPLETED, end
        if start <= self.today:
            return PlacementStatus.ON_POST, None
        return PlacementStatus.PLANNED, None

    def ensure_placements(self, rows: list[dict]) -> list[Placement]:
        """rows: Placement field values; one placement per (cadre, batch)."""
        batch_ids = {r["batch"].pk for r in rows}
        existing = {
            (p.cadre_id, p.batch_id): p
            for p in Placement.objects.filter(batch_id__in=batch_ids)
        }
        new = []
        for row in rows:
            if (row["cadre"].pk, row["batch"].pk) in existing:
                continue
            status, actual_end = self.term_status(row["start_date"], row["planned_end_date"])
            new.append(Placement(status=status, actual_end_date=actual_end, **row))
        Placement.objects.bulk_create(new)
        # The cadre's status follows their placements.
        for status, cadre_status in (
            (PlacementStatus.ON_POST, CadreStatus.ON_PLACEMENT),
            (PlacementStatus.COMPLETED, CadreStatus.RETURNED),
        ):
            Cadre.objects.filter(
                pk__in=[p.cadre_id for p in new if p.status == status]
            ).update(status=cadre_status)
        return new

    def program(self, organizer, name, **fields):
        program, _ = Program.objects.get_or_create(organizer=organizer, name=name, defaults=fields)
        return program

    def batch(self, program, number, **fields):
        return Batch.objects.get_or_create(program=program, number=number, defaults=fields)[0]

    # --- 浙江 千名干部交流互派工程 ----------------------------------------------------------
    def load_zhejiang(self):
        zj = "330000"
        department = self.org_department("中共浙江省委组织部", zj)
        program = self.program(
            department, "千名干部交流互派工程",
            start_date=datetime.date(2021, 6, 1), end_date=datetime.date(2025, 12, 31),
            target_total=1000, status=ProgramStatus.ACTIVE,
            description="5年内组织省部属单位、发达地区与山区海岛县交流互派1000名干部人才，"
                        "助力高质量发展建设共同富裕示范区。",
        )
        down_track, _ = Track.objects.get_or_create(
            program=program, name="省部属单位到山区海岛县挂职",
            defaults={"kind": TrackKind.SECONDMENT})
        up_track, _ = Track.objects.get_or_create(
            program=program, name="山区海岛县到省部属单位挂职",
            defaults={"kind": TrackKind.SECONDMENT})
        organs = [self.unit(n, UnitKind.PROVINCIAL_ORGAN, zj)
                  for n in facts.ZHEJIANG_PROVINCIAL_ORGANS]
        central = [self.unit(n, UnitKind.CENTRAL_UNIT, zj) for n in facts.ZHEJIANG_CENTRAL_UNITS]
        soes = [self.unit(n, UnitKind.SOE, zj) for n in facts.ZHEJIANG_SOES]
        univs = [self.unit(n, UnitKind.UNIVERSITY, "330100", level=Level.PROVINCE)
                 for n in facts.ZHEJIANG_UNIVERSITIES]
        insts = [self.unit(n, UnitKind.RESEARCH_INSTITUTE, "330100", level=Level.PROVINCE)
                 for n in facts.ZHEJIANG_INSTITUTES]
        counties = [self.government(code) for code in facts.ZHEJIANG_MOUNTAIN_ISLAND]
        county_depts = [
            self.unit(self.regions[code].name + dept, UnitKind.LOCAL_GOVERNMENT, code)
            for code in facts.ZHEJIANG_MOUNTAIN_ISLAND
            for dept in ("发展和改革局", "农业农村局")
        ]
        b1 = self.batch(program, 1, name="第一批", status=BatchStatus.CLOSED,
                        mobilization_date=datetime.date(2021, 12, 20),
                        report_by=datetime.date(2021, 12, 31), term_months=24, planned_size=226)
        b2 = self.batch(program, 2, name="第二批", status=BatchStatus.CLOSED,
                        mobilization_date=datetime.date(2022, 12, 14),
                        report_by=datetime.date(2022, 12, 31), term_months=24, planned_size=217)
        # Batch 2 is the article's split; batch 1's split is not published (demo choice).
        plans = [
            (b1, datetime.date(2022, 1, 1), {"organ": 48, "central": 12, "soe": 36, "univ": 22,
                                             "inst": 10, "up": 98}),
            (b2, datetime.date(2023, 1, 1), {"organ": 46, "central": 10, "soe": 35, "univ": 22,
                                             "inst": 10, "up": 94}),
        ]
        pools = {"organ": organs, "central": central, "soe": soes, "univ": univs, "inst": insts}
        named = {n[0]: n for n in facts.ZHEJIANG_NAMED}
        people = PersonFactory("zhejiang")
        for batch, start, counts in plans:
            end = add_months(start, batch.term_months)
            specs, hosts, posts, tracks = [], [], [], []
            named_here = [n for n in facts.ZHEJIANG_NAMED if n[4] == batch.number]
            host_cycle = itertools.cycle(counties)
            for key, pool in pools.items():
                for i in range(counts[key]):
                    home = pool[i % len(pool)]
                    match = next((n for n in named_here if n[1] == home.name), None)
                    if match:
                        named_here.remove(match)
                        person = people.named(match[0], "330100")
                        host = self.government(match[2])
                        exp = [match[5]]
                        post = match[3]
                    else:
                        person = people.person("330100")
                        host = next(host_cycle)
                        exp = [people.rng.choice(facts.EXPERTISE)]
                        post = people.rng.choice(("挂职副县长", "县长助理", "挂职副局长"))
                    specs.append(CadreSpec(person, home, "处长" if key == "organ" else "副处长",
                                           rank=Rank.DIVISION_DEPUTY, expertise=exp))
                    hosts.append(host)
                    posts.append(post)
                    tracks.append(down_track)
            up_hosts = itertools.cycle(organs + central + soes)
            for i in range(counts["up"]):
                home = county_depts[i % len(county_depts)]
                specs.append(CadreSpec(people.person(home.region.code), home, "副局长",
                                       rank=Rank.SECTION_CHIEF,
                                       expertise=[people.rng.choice(facts.EXPERTISE)]))
                hosts.append(next(up_hosts))
                posts.append("挂职处长助理")
                tracks.append(up_track)
            assert not named_here, named_here
            cadres = self.ensure_cadres(specs)
            self.ensure_placements([
                {"cadre": c, "batch": batch, "track": t, "home_unit": s.employer, "host_unit": h,
                 "post_title": p, "start_date": start, "planned_end_date": end,
                 "direction": Direction.DOWN if t == down_track else Direction.UP}
                for c, s, h, p, t in zip(cadres, specs, hosts, posts, tracks, strict=True)
            ])
        del named

    # --- 湖北 基层高质量发展专才支持计划 ----------------------------------------------------
    def load_hubei(self):
        hb = "420000"
        department = self.org_department("中共湖北省委组织部", hb)
        program = self.program(
            department, "基层高质量发展专才支持计划",
            start_date=datetime.date(2018, 12, 1), status=ProgramStatus.ACTIVE,
            description="从高等院校、大型企业选派专业人才到基层挂职两年，"
                        "担任副市（州）长、副县（市）长或产业顾问。",
        )
        batch = self.batch(
            program, 1, name="首批", status=BatchStatus.CLOSED,
            training_start=datetime.date(2019, 1, 8), training_end=datetime.date(2019, 1, 10),
            report_by=datetime.date(2019, 1, 11), term_months=24, planned_size=104,
        )
        facts_ = build_hubei_batch(self, batch)
        people = PersonFactory("hubei")
        if Nomination.objects.filter(batch=batch).exists():
            return
        named = {n[1]: n for n in facts.HUBEI_NAMED}
        specs, named_posts = [], {}
        for unit, count in facts_.nominees:
            for _i in range(count):
                n = named.pop(unit.name, None)
                if n:
                    named_posts[len(specs)] = (n[2], n[3])
                person = people.named(n[0], "420100") if n else people.person("420100")
                exp = [n[4]] if n else [people.rng.choice(facts.EXPERTISE)]
                specs.append(CadreSpec(person, unit, "高级经济师" if n else "副主任",
                                       rank=Rank.SECTION_CHIEF,
                                       title=ProfessionalTitle.DEPUTY_SENIOR, expertise=exp))
        cadres = self.ensure_cadres(specs)
        # The first 71 nominees agreed their post with a receiving unit (自主对接); of the
        # others the first 33 were selected in matching, the rest not.
        slots = [o for o in facts_.orders for _ in range(o.headcount)]
        # The people the article names go to the posts it names.
        chosen = {}
        for i, (code, post) in named_posts.items():
            slot = next(o for o in slots
                        if o.receiving_unit.region.code == code and o.post_title == post)
            slots.remove(slot)
            chosen[i] = slot
        start = batch.report_by
        end = add_months(start, batch.term_months)
        nominations, rows = [], []
        for i, cadre in enumerate(cadres):
            if i in chosen:
                order = chosen[i]
            else:
                # Avoidance: never a post in the region the cadre works in.
                order = slots.pop(next(
                    j for j, o in enumerate(slots)
                    if o.receiving_unit.region_id != cadre.employer.region_id)
                ) if i < facts.HUBEI_SELECTED else None
            self_matched = i < facts.HUBEI_SELF_MATCHED
            nominations.append(Nomination(
                cadre=cadre, batch=batch, dispatching_unit=cadre.employer,
                order=order if self_matched else None, self_matched=self_matched,
                status=NominationStatus.SELECTED if order else NominationStatus.DECLINED,
            ))
            if order:
                rows.append({"cadre": cadre, "batch": batch, "order": order,
                             "home_unit": cadre.employer, "host_unit": order.receiving_unit,
                             "post_title": order.post_title, "direction": Direction.DOWN,
                             "start_date": start, "planned_end_date": end})
        Nomination.objects.bulk_create(nominations)
        by_cadre = {n.cadre_id: n for n in Nomination.objects.filter(batch=batch)}
        for row in rows:
            row["nomination"] = by_cadre[row["cadre"].pk]
        self.ensure_placements(rows)
        for order in facts_.orders:
            order.filled_count = order.headcount
            order.status = OrderStatus.FILLED
        DemandOrder.objects.bulk_update(facts_.orders, ["filled_count", "status"])
        Cadre.objects.filter(pk__in=[n.cadre_id for n in nominations
                                     if n.status == NominationStatus.DECLINED]).update(
            status=CadreStatus.AVAILABLE)

    # --- 开江 三百工程 ------------------------------------------------------------------------
    def load_kaijiang(self):
        kj = "511723"
        department = self.org_department("中共开江县委组织部", kj)
        program = self.program(
            department, "开江县干部人才培育“三百工程”",
            start_date=datetime.date(2017, 1, 1), end_date=datetime.date(2017, 12, 31),
            target_total=300, status=ProgramStatus.CLOSED,
            description="百名干部人才互派挂职、百名干部人才外派挂职、百名干部人才院校培训。",
        )
        mutual, _ = Track.objects.get_or_create(
            program=program, name="百名干部人才互派挂职",
            defaults={"kind": TrackKind.SECONDMENT, "target_count": 100})
        out, _ = Track.objects.get_or_create(
            program=program, name="百名干部人才外派挂职",
            defaults={"kind": TrackKind.SECONDMENT, "target_count": 100})
        college, _ = Track.objects.get_or_create(
            program=program, name="百名干部人才院校培训",
            defaults={"kind": TrackKind.TRAINING, "target_count": 100})
        for track in (out, college):
            # 县外挂职: 每天30元生活补助、每月1次往返交通费、县财政统一购买人身意外保险.
            AllowancePolicy.objects.get_or_create(
                program=program, track=track,
                defaults={"daily_allowance": 30, "round_trips_per_month": 1,
                          "accident_insurance": True})
        batch = self.batch(program, 1, name="2017年度", status=BatchStatus.CLOSED,
                           report_by=datetime.date(2017, 9, 1), term_months=6, planned_size=300)
        start = datetime.date(2017, 9, 1)
        end = add_months(start, 6)
        county_units = [self.unit(f"开江县{n}", UnitKind.LOCAL_GOVERNMENT, kj) for n in (
            "信访局", "农业局", "经济和信息化局", "教育局", "发展和改革局", "财政局", "民政局",
            "住房和城乡建设局", "商务局", "文化广电旅游局")]
        towns = [self.unit(f"{n}人民政府", UnitKind.TOWNSHIP, f"{kj}:{n}")
                 for n in ("普安镇", "任市镇", "讲治镇", "新宁镇")]
        outside = [
            self.unit("成都市成华区信访局", UnitKind.LOCAL_GOVERNMENT, "510108"),
            self.unit("成都市锦江区柳江街道办事处", UnitKind.TOWNSHIP, "510104:柳江街道"),
            self.unit("绵竹市经济和信息化局", UnitKind.LOCAL_GOVERNMENT, "510683"),
            self.unit("眉山市东坡区农业农村局", UnitKind.LOCAL_GOVERNMENT, "511402"),
            self.unit("广汉市农业农村局", UnitKind.LOCAL_GOVERNMENT, "510681"),
        ]
        colleges = [self.unit(n, UnitKind.UNIVERSITY, "510100", level=Level.PROVINCE) for n in (
            "四川大学", "西南财经大学", "电子科技大学", "中共四川省委党校", "西南交通大学")]
        people = PersonFactory("kaijiang")
        named = {
            out: [("潘孝帆", county_units[0], outside[0], "挂职干部"),
                  ("向勇", towns[0], outside[1], "主任助理"),
                  ("王骁锋", county_units[2], outside[2], "副局长"),
                  ("潘雅琴", county_units[1], outside[3], "挂职锻炼")],
            mutual: [("杜江", county_units[3], towns[1], "挂职副镇长")],
            college: [],
        }
        plan = [(mutual, 29, towns + county_units, Direction.MUTUAL),
                (out, 43, outside, Direction.OUT),
                (college, 97, colleges, Direction.OUT)]
        specs, rows = [], []
        for track, count, hosts, direction in plan:
            given = list(named[track])
            for i in range(count):
                if given:
                    name, home, host, post = given.pop(0)
                    person = people.named(name, kj, "female" if name == "潘雅琴" else "male")
                else:
                    home = (county_units + towns)[i % (len(county_units) + len(towns))]
                    host = hosts[i % len(hosts)]
                    if host == home:
                        host = hosts[(i + 1) % len(hosts)]
                    post = "学员" if track == college else "挂职锻炼"
                    person = people.person(kj)
                specs.append(CadreSpec(person, home, "副局长", rank=Rank.SECTION_DEPUTY,
                                       native_place=self.regions[kj]))
                rows.append({"batch": batch, "track": track, "home_unit": home,
                             "host_unit": host, "post_title": post, "direction": direction,
                             "start_date": start, "planned_end_date": end})
        for cadre, row in zip(self.ensure_cadres(specs), rows, strict=True):
            row["cadre"] = cadre
        self.ensure_placements(rows)

    # --- 湘桥 “678”引才工作法 -----------------------------------------------------------------
    def load_xiangqiao(self):
        department = self.org_department("中共潮州市湘桥区委组织部", "445102")
        program = self.program(
            department, "湘桥区“678”引才工作法",
            start_date=datetime.date(2023, 1, 1), end_date=datetime.date(2025, 12, 31),
            status=ProgramStatus.CLOSED,
            description="推进六大领域人才行动，破解七大制约发展问题，打造八支人才队伍。",
        )
        targets = [("引进医疗卫生人才", year, 100) for year in (2023, 2024, 2025)]
        targets += [("培育高素质农民", year, 500) for year in (2023, 2024, 2025)]
        targets += [("新增高级技师", 2025, 30), ("新增技师", 2025, 100), ("新增高级工", 2025, 1000)]
        for name, year, target in targets:
            ProgramTarget.objects.get_or_create(
                program=program, name=name, year=year,
                defaults={"target": target, "measure": TargetMeasure.MANUAL,
                          "unit_label": "名"})

    # --- 蒸湘 “万雁入乡” 上挂下派 (the live program of the demo) ---------------------------
    def load_zhengxiang(self):
        zx = "430408"
        department = self.org_department("中共衡阳市蒸湘区委组织部", zx)
        year = self.today.year
        program = self.program(
            department, "蒸湘区“万雁入乡”干部上挂下派",
            start_date=datetime.date(year - 1, 1, 1), end_date=datetime.date(year + 2, 12, 31),
            target_total=60, status=ProgramStatus.ACTIVE,
            description="聚焦人才“培、引、用”，采取上挂下派、赴外地挂职等方式多途径锻炼干部。",
        )
        track, _ = Track.objects.get_or_create(
            program=program, name="上挂下派",
            defaults={"kind": TrackKind.SECONDMENT, "target_count": 40})
        Track.objects.get_or_create(program=program, name="赴外地挂职",
                                    defaults={"kind": TrackKind.SECONDMENT, "target_count": 20})
        AllowancePolicy.objects.get_or_create(
            program=program, track=None,
            defaults={"daily_allowance": 30, "round_trips_per_month": 1,
                      "accident_insurance": True})
        district = [self.unit(f"蒸湘区{n}", UnitKind.LOCAL_GOVERNMENT, zx) for n in (
            "发展和改革局", "商务局", "文化旅游体育局", "农业农村局", "住房和城乡建设局",
            "自然资源局")]
        towns = [self.unit(f"{n}{'办事处' if '街道' in n else '人民政府'}", UnitKind.TOWNSHIP,
                           f"{zx}:{n}") for n in ("呆鹰岭镇", "雨母山镇", "联合街道")]
        city = [self.unit(n, kind, "430400", level=level) for n, kind, level in (
            ("南华大学", UnitKind.UNIVERSITY, Level.PROVINCE),
            ("衡阳师范学院", UnitKind.UNIVERSITY, Level.PROVINCE),
            ("湖南工学院", UnitKind.UNIVERSITY, Level.PROVINCE),
            ("衡阳市发展和改革委员会", UnitKind.LOCAL_GOVERNMENT, Level.CITY),
            ("衡阳市自然资源和规划局", UnitKind.LOCAL_GOVERNMENT, Level.CITY),
            ("衡阳市交通建设投资集团", UnitKind.SOE, Level.CITY))]
        # Batch 1 went on post eight months ago, whatever the day: a live term with a diary.
        start = (self.today.replace(day=1) - datetime.timedelta(days=240)).replace(day=1)
        b1 = self.batch(program, 1, name="第一批", status=BatchStatus.IN_PROGRESS,
                        report_by=start, term_months=12, planned_size=12)
        b2 = self.batch(program, 2, name="第二批", status=BatchStatus.OPEN,
                        report_by=datetime.date(year + 1, 1, 15), term_months=12,
                        planned_size=10, cap_per_host_unit=2)
        people = PersonFactory("zhengxiang")
        specs, rows = [], []
        for i in range(12):
            down = i < 6
            home = district[i % 6] if down else towns[i % 3]
            host = towns[i % 3] if down else district[i % 6]
            specs.append(CadreSpec(people.person(zx), home, "四级主任科员" if down else "副镇长",
                                   rank=Rank.SECTION_DEPUTY,
                                   expertise=[people.rng.choice(facts.EXPERTISE)]))
            rows.append({"batch": b1, "track": track, "home_unit": home, "host_unit": host,
                         "post_title": "挂职副镇长" if down else "挂职局长助理",
                         "direction": Direction.DOWN if down else Direction.UP,
                         "start_date": start,
                         "planned_end_date": add_months(start, b1.term_months)})
        for cadre, row in zip(self.ensure_cadres(specs), rows, strict=True):
            row["cadre"] = cadre
        self.ensure_placements(rows)
        self.cadre_login = Placement.objects.filter(batch=b1).order_by("id").first().cadre
        # Batch 2 is open: orders placed by receiving units, nominations by senders.
        needs = [
            (district[5], "城市规划设计人才", "挂职副局长", "城市规划", OrderStatus.APPROVED),
            (district[0], "数字经济专业人才", "挂职副局长", "数字经济", OrderStatus.APPROVED),
            (district[1], "现代物流产业顾问", "产业顾问", "现代物流", OrderStatus.APPROVED),
            (district[2], "文化旅游策划人才", "挂职副局长", "文旅", OrderStatus.APPROVED),
            (towns[1], "新型农业技术人才", "挂职副镇长", "农业", OrderStatus.SUBMITTED),
            (district[4], "工程项目建设管理人才", "挂职副局长", "工程建设", OrderStatus.DRAFT),
        ]
        orders = []
        for unit, title, post, exp, status in needs:
            order, created = DemandOrder.objects.get_or_create(
                batch=b2, receiving_unit=unit, title=title,
                defaults={"post_title": post, "headcount": 2 if exp == "数字经济" else 1,
                          "term_months": 12, "status": status,
                          "preferred_unit_kinds": [UnitKind.UNIVERSITY, UnitKind.SOE],
                          "description": f"围绕蒸湘区九大产业发展，急需{exp}方面专业人才。"},
            )
            if created:
                order.expertise.add(self.expertise[exp])
            orders.append(order)
        if not Nomination.objects.filter(batch=b2).exists():
            exps = ["城市规划", "数字经济", "数字经济", "现代物流", "文旅", "农业", "工程建设",
                    "金融", "城市规划", "文旅"]
            specs = [CadreSpec(people.person("430400"), city[i % len(city)], "副教授",
                               rank=Rank.SECTION_CHIEF, title=ProfessionalTitle.DEPUTY_SENIOR,
                               expertise=[e]) for i, e in enumerate(exps)]
            cadres = self.ensure_cadres(specs)
            Nomination.objects.bulk_create([
                Nomination(cadre=c, batch=b2, dispatching_unit=c.employer,
                           order=orders[0] if i == 0 else None, self_matched=i == 0)
                for i, c in enumerate(cadres)
            ])
            Cadre.objects.filter(pk__in=[c.pk for c in cadres]).update(
                status=CadreStatus.NOMINATED)
        self.zx_units = {"host": district[0], "sender": city[0], "department": department}

    # --- logins ----------------------------------------------------------------------------
    def load_users(self):
        zj = Unit.objects.get(name="中共浙江省委组织部")
        hb = Unit.objects.get(name="中共湖北省委组织部")
        apps = ["programs", "cadres", "placements", "reports"]
        staff_group, _ = Group.objects.get_or_create(name="组织部工作人员")
        staff_group.permissions.set(Permission.objects.filter(
            Q(content_type__app_label__in=apps)
            | Q(content_type__app_label="accounts", content_type__model="user")))
        # Leaders read everything and change nothing (the admin also refuses them writes).
        leader_group, _ = Group.objects.get_or_create(name="组织部领导")
        leader_group.permissions.set(Permission.objects.filter(
            content_type__app_label__in=apps, codename__startswith="view_"))
        logins = [
            ("admin", "系统管理员", None, "", True),
            ("zj_staff", "浙江组织部干部", zj, Role.ORG_STAFF, False),
            ("zj_leader", "浙江组织部领导", zj, Role.MANAGER, False),
            ("hb_staff", "湖北组织部干部", hb, Role.ORG_STAFF, False),
            ("zx_staff", "蒸湘组织部干部", self.zx_units["department"], Role.ORG_STAFF, False),
            ("zx_host", "蒸湘区发改局经办人", self.zx_units["host"], Role.RECEIVING, False),
            ("zx_sender", "南华大学经办人", self.zx_units["sender"], Role.DISPATCHING, False),
            ("cadre", self.cadre_login.name, self.cadre_login.employer, Role.CADRE, False),
        ]
        for username, full_name, unit, role, superuser in logins:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"last_name": full_name, "unit": unit, "role": role,
                          "is_superuser": superuser, "is_staff": superuser or role in (
                              Role.ORG_STAFF, Role.MANAGER)},
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
                if role in (Role.ORG_STAFF, Role.MANAGER):
                    user.groups.add(staff_group if role == Role.ORG_STAFF else leader_group)
        Cadre.objects.filter(pk=self.cadre_login.pk, user__isnull=True).update(
            user=User.objects.get(username="cadre"))


@dataclass
class HubeiBatch:
    orders: list[DemandOrder]
    nominees: list[tuple[Unit, int]]


def build_hubei_batch(loader: DemoLoader, batch: Batch) -> HubeiBatch:
    """The Hubei batch's receiving units, approved orders (104 posts) and 69 senders.

    Shared by the demo and by the end-to-end test that drives the batch through the services.
    """
    orders = []
    for code, title, post_title, headcount, exp in hubei_order_specs():
        host = loader.government(code)
        order, created = DemandOrder.objects.get_or_create(
            batch=batch, receiving_unit=host, title=title,
            defaults={"post_title": post_title, "headcount": headcount, "term_months": 24,
                      "status": OrderStatus.APPROVED,
                      "description": f"结合本地产业布局，需要{exp}方面的专家人才。"},
        )
        if created:
            order.expertise.add(loader.expertise[exp])
        orders.append(order)
    assert sum(o.headcount for o in orders) == facts.HUBEI_SELECTED
    units = hubei_dispatching_units(loader)
    nominees = hubei_nominee_counts(units)
    return HubeiBatch(orders=orders, nominees=nominees)


def hubei_order_specs():
    """(region code, title, post, headcount, expertise) of the Hubei batch's orders: each place
    asks for its deputy post and industry advisers, 104 posts in all."""
    for i, (code, post, exp) in enumerate(facts.HUBEI_RECEIVING):
        place = next(r[1] for r in facts.REGIONS if r[0] == code)
        advisers = 3 if i < 2 else 2
        if post == "产业顾问":
            yield code, f"{place}产业顾问", "产业顾问", advisers + 1, exp
        else:
            yield code, f"{place}{post}", post, 1, exp
            yield code, f"{place}产业顾问", "产业顾问", advisers, exp


def hubei_nominee_counts(units):
    """How many each of the 69 units nominated: the article's figures where it gives them,
    two or three for the others, 155 in all."""
    given = sum(facts.HUBEI_NOMINEES_GIVEN.values())
    others = [u for u in units if u.name not in facts.HUBEI_NOMINEES_GIVEN]
    extra = facts.HUBEI_NOMINATIONS - given - 2 * len(others)
    nominees, k = [], 0
    for unit in units:
        count = facts.HUBEI_NOMINEES_GIVEN.get(unit.name)
        if count is None:
            count = 3 if k < extra else 2
            k += 1
        nominees.append((unit, count))
    assert sum(c for _, c in nominees) == facts.HUBEI_NOMINATIONS
    return nominees


def hubei_dispatching_units(loader):
    """The 69 dispatching units of the Hubei batch, in the directory."""
    region_of = {"东风能迪（杭州）汽车有限公司": "330100", "中国银行黄石分行": "420200",
                 "三峡大学": "420500", "长江大学": "421000"}
    units = [loader.unit(name, kind, region_of.get(name, "420100"), level=Level.PROVINCE)
             for name, kind in facts.HUBEI_DISPATCHING]
    assert len(units) == 69
    return units
