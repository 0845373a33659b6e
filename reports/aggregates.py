"""Aggregates for dashboards and reports: the one place figures are computed.

Each figure is one aggregate query (values + annotate), never a loop over rows.
"""
import datetime
from decimal import Decimal

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role
from core.pinyin import sort_key
from placements import diary_months
from placements.choices import (
    ACTIVE_PLACEMENT_STATUSES,
    FINISHED_PLACEMENT_STATUSES,
    STARTED_PLACEMENT_STATUSES,
    AppraisalKind,
    AppraisalSide,
    PlacementStatus,
)
from placements.choices import PUBLISHED_ORDER_STATUSES as PUBLISHED
from placements.models import (
    Achievement,
    AchievementTotal,
    AllowanceStatement,
    Appraisal,
    DemandOrder,
    DiaryMonth,
    Leave,
    Nomination,
    Placement,
    WorkLog,
)
from placements.querysets import away_from_post
from programs.calendar import WorkCalendar, overlap_days
from programs.choices import TargetMeasure
from programs.models import Batch, Program, ProgramTarget, Region, Track


def _by(qs, field):
    return {str(k): n for k, n in qs.values_list(field).annotate(n=Count("id")).order_by()}


def as_of_cut(params):
    """The first moment after `as_of`, or None.

    A figure "as of" a day reads the records by their effective dates: placements started by
    then (with the status they had then), diary days and achievements dated by then. Records
    whose only date is their entry (appraisals, allowance statements and their corrections)
    count if entered before this cut. So last quarter's report regenerates identically, and a
    roster of past placements imported today still shows in the reports of its years."""
    as_of = params.get("as_of")
    if not as_of:
        return None
    return timezone.make_aware(datetime.datetime.combine(
        as_of + datetime.timedelta(days=1), datetime.time.min))


def entered_by(qs, params, field="created_at"):
    cut = as_of_cut(params)
    return qs.filter(**{f"{field}__lt": cut}) if cut else qs


def filter_placements(qs, params, through=""):
    """Apply the dashboard filters: program, batch, region (host's, with its subtree),
    direction, a date range that placements overlap, and `as_of` (placements started by then,
    with the status they had then: see `status_then`). `through` ("placement__") applies
    them to a placement's records along their own relation, so that a scope with no
    condition (a superuser, the nation's department) adds no semi-join of every placement."""
    p = through
    if params.get("program"):
        qs = qs.filter(**{f"{p}batch__program": params["program"]})
    if params.get("batch"):
        qs = qs.filter(**{f"{p}batch": params["batch"]})
    if params.get("direction"):
        qs = qs.filter(**{f"{p}direction": params["direction"]})
    if params.get("region"):
        region = Region.objects.filter(pk=params["region"]).first()
        qs = (qs.filter(**{f"{p}host_unit__region__path__startswith": region.path}) if region
              else qs.none())
    if params.get("date_from"):
        qs = qs.filter(Q(**{f"{p}actual_end_date__gte": params["date_from"]})
                       | Q(**{f"{p}actual_end_date__isnull": True,
                              f"{p}planned_end_date__gte": params["date_from"]}))
    if params.get("date_to"):
        qs = qs.filter(**{f"{p}start_date__lte": params["date_to"]})
    if params.get("as_of"):
        qs = qs.filter(**{f"{p}start_date__lte": params["as_of"],
                          f"{p}status__in": STARTED_PLACEMENT_STATUSES})
    return qs


def status_then(params):
    """A placement's status on `as_of`: its final status if it had ended by then, else on
    post (filter_placements keeps only those started by then); today's status otherwise."""
    if not params.get("as_of"):
        return F("status")
    return Case(When(actual_end_date__lte=params["as_of"], then=F("status")),
                default=Value(PlacementStatus.ON_POST))


def _on_post_then(params, prefix=""):
    """A filter for placements on post on `as_of` (today without it)."""
    if not params.get("as_of"):
        return Q(**{f"{prefix}status": PlacementStatus.ON_POST})
    return Q(**{f"{prefix}actual_end_date__isnull": True}) | Q(
        **{f"{prefix}actual_end_date__gt": params["as_of"]})


def _filter_batch_scope(qs, params):
    if params.get("program"):
        qs = qs.filter(batch__program=params["program"])
    if params.get("batch"):
        qs = qs.filter(batch=params["batch"])
    return qs


def overview(user, params):
    placements = filter_placements(Placement.objects.visible_to(user), params)
    orders = _filter_batch_scope(DemandOrder.objects.visible_to(user), params)
    nominations = _filter_batch_scope(Nomination.objects.visible_to(user), params)
    order_totals = orders.aggregate(total=Count("id"), headcount=Sum("headcount"),
                                    filled=Sum("filled_count"))
    nomination_totals = nominations.aggregate(
        total=Count("id"), self_matched=Count("id", filter=Q(self_matched=True)),
        selected=Count("id", filter=Q(status="selected")),
        dispatching_units=Count("dispatching_unit", distinct=True))
    return {
        "placements": {
            "total": placements.count(),
            "by_status": _by(placements.annotate(status_then=status_then(params)),
                             "status_then"),
            "by_direction": _by(placements, "direction"),
            "by_home_unit_kind": _by(placements, "home_unit__kind"),
            "by_host_region": _by(placements, "host_unit__region"),
            "to_mountain_island": placements.filter(
                host_unit__region__is_mountain_island=True).count(),
        },
        "orders": {
            "total": order_totals["total"],
            "by_status": _by(orders, "status"),
            "headcount": order_totals["headcount"] or 0,
            "filled": order_totals["filled"] or 0,
        },
        "nominations": nomination_totals,
        "targets": targets(user, params.get("program"), params.get("as_of")),
        "batches": batch_progress(user, params),
    }


def placements_per_program(user):
    """{program id: (placements, active placements)} over what the user sees."""
    return {program: (total, active) for program, total, active in
            Placement.objects.visible_to(user).values_list("batch__program").annotate(
                total=Count("id"),
                active=Count("id", filter=Q(status__in=ACTIVE_PLACEMENT_STATUSES)))
            .order_by()}


def _reads_program_figures(user) -> bool:
    return user.is_superuser or user.role in (Role.ORG_STAFF, Role.MANAGER)


def _per_batch(qs, aggregate):
    return Coalesce(Subquery(qs.filter(batch=OuterRef("pk")).order_by().values("batch")
                             .annotate(figure=aggregate).values("figure")), 0)


def batch_progress(user, params):
    """Each visible batch's planned size against its placements and orders (one query):
    program-wide figures, so the department's only."""
    if not _reads_program_figures(user):
        return []
    batches = Batch.objects.visible_to(user)
    if params.get("program"):
        batches = batches.filter(program=params["program"])
    if params.get("batch"):
        batches = batches.filter(pk=params["batch"])
    # Each figure a correlated subquery over its batch's rows (an index range), not a join:
    # joined, the sums multiply, and grouping by a subquery ran it once per placement
    # (4.1 s over 40,000 placements; 0.05 s so).
    rows = batches.annotate(
        placed=_per_batch(Placement.objects.all(), Count("pk")),
        on_post=_per_batch(Placement.objects.filter(status=PlacementStatus.ON_POST),
                           Count("pk")),
        headcount=_per_batch(DemandOrder.objects.filter(status__in=PUBLISHED),
                             Sum("headcount")),
    ).values("id", "program", "number", "name", "status", "planned_size", "placed", "on_post",
             "headcount").order_by("program", "number")
    return list(rows)


def targets(user, program_id, as_of=None):
    """The program's total target, its tracks' and its ProgramTargets', against what was
    achieved (placements counted, or the manually reported value). Program-wide progress is
    the department's figure: a unit or a cadre taking part reads only its own rows. With
    `as_of`, placements count once started by then."""
    if not program_id or not _reads_program_figures(user):
        return []
    program = Program.objects.visible_to(user).filter(pk=program_id).first()
    if program is None:
        return []
    placements = Placement.objects.filter(batch__program=program)
    if as_of:
        placements = filter_placements(placements, {"as_of": as_of})
    rows = [{"name": program.name, "target": program.target_total,
             "achieved": placements.count(), "kind": "program"}]
    by_track = dict(placements.values_list("track").annotate(n=Count("id")).order_by())
    for track in Track.objects.filter(program=program).order_by("id"):
        rows.append({"name": track.name, "target": track.target_count,
                     "achieved": by_track.get(track.pk, 0), "kind": "track"})
    for target in ProgramTarget.objects.filter(program=program).order_by("year", "id"):
        achieved = (_placements_towards(target, placements)
                    if target.measure == TargetMeasure.PLACEMENTS else target.achieved_manual)
        name = f"{target.year}年{target.name}" if target.year else target.name
        rows.append({"name": name, "target": target.target, "achieved": achieved,
                     "kind": "target"})
    return rows


def _placements_towards(target, qs):
    """Placements counted towards a target: its track's (else its program's), started in
    its year when it has one. A program has a handful of targets: one count each."""
    if target.track_id:
        qs = qs.filter(track=target.track_id)
    if target.year:
        qs = qs.filter(start_date__year=target.year)
    return qs.count()


# --- Life on post ----------------------------------------------------------------------------
# Figures for the department and the units concerned, never a ranking (基层减负): groups come
# back in a fixed order (by name), not sorted by their rates.

GROUPS = {
    # group_by: (placement field of the key, field of its label)
    "placement": ("id", "cadre__name"),
    "host_unit": ("host_unit", "host_unit__name"),
    "home_unit": ("home_unit", "home_unit__name"),
    "batch": ("batch", "batch__name"),
    "program": ("batch__program", "batch__program__name"),
}


def share(part, whole):
    """part / whole to four places, or None when there is no whole."""
    return round(part / whole, 4) if whole else None


def _started(user, params):
    return filter_placements(Placement.objects.visible_to(user), params).filter(
        status__in=STARTED_PLACEMENT_STATUSES)


def worklog_compliance(user, params, group_by="placement"):
    """Days logged over working days on post (weekends and public holidays excluded, approved
    leave excluded), up to `as_of` (default yesterday: a day is due once it is over), per
    placement or per group.

    A few queries whatever the number of placements: the placements; the counted days (the
    whole months' rollups, and the raw days of at most two partial months, one aggregate
    each); the approved leave; the holiday calendar."""
    as_of = params.get("as_of") or timezone.localdate() - datetime.timedelta(days=1)
    date_from, date_to = params.get("date_from"), params.get("date_to")
    key_field, label_field = GROUPS[group_by]
    started = _started(user, params)
    placements = list(started.values(
        "id", "start_date", "planned_end_date", "actual_end_date", "cadre__name",
        "host_unit__name", key_field, label_field))
    windows = {}
    for p in placements:
        start = max(filter(None, (p["start_date"], date_from)))
        end = min(filter(None, (p["actual_end_date"] or p["planned_end_date"], as_of, date_to)))
        windows[p["id"]] = (start, end)
    if not placements:
        return {"as_of": as_of, "group_by": group_by, "totals": _compliance_row(0, 0, 0),
                "groups": []}
    cal = WorkCalendar(min(s for s, _ in windows.values()), max(e for _, e in windows.values()))

    counted = _counted_days(started, date_from, min(filter(None, (as_of, date_to))))

    leave_days: dict[int, int] = {}
    for pid, start, end in Leave.objects.filter(
            away_from_post(), placement__in=started.values("id")).values_list(
            "placement_id", "start_date", "end_date"):
        w_start, w_end = windows[pid]
        if overlap_days(w_start, w_end, start, end):
            leave_days[pid] = leave_days.get(pid, 0) + cal.working_days(
                max(start, w_start), min(end, w_end))

    groups: dict = {}
    for p in placements:
        start, end = windows[p["id"]]
        required = max(0, cal.working_days(start, end) - leave_days.get(p["id"], 0))
        logged, accepted = counted.get(p["id"], (0, 0))
        key = p[key_field]
        group = groups.setdefault(key, {"key": key, "name": p[label_field], "placements": 0,
                                        "required": 0, "logged": 0, "accepted": 0})
        if group_by == "placement":
            group["host_unit"] = p["host_unit__name"]
        group["placements"] += 1
        group["required"] += required
        group["logged"] += logged
        group["accepted"] += accepted
    # In pinyin order, as the lists are (core.pinyin).
    rows = sorted(groups.values(), key=lambda g: (sort_key(g["name"] or ""), g["key"]))
    for row in rows:
        row.update(_compliance_row(row["required"], row["logged"], row["accepted"]))
    totals = _compliance_row(sum(r["required"] for r in rows), sum(r["logged"] for r in rows),
                             sum(r["accepted"] for r in rows))
    totals["placements"] = len(placements)
    return {"as_of": as_of, "group_by": group_by, "totals": totals, "groups": rows}


def _counted_days(started, lo, hi):
    """Placement id → (counted diary days, of them confirmed) dated in [lo, hi] (lo None: from
    the start): whole months from the rollups (placements.diary_months), the partial months
    at the edges from the raw days by the same rule. Each part is one aggregate query."""
    counted: dict[int, tuple[int, int]] = {}

    def add(figures):
        for pid, (n, accepted) in figures.items():
            was = counted.get(pid, (0, 0))
            counted[pid] = (was[0] + n, was[1] + accepted)

    whole, edges = _whole_months(lo, hi)
    scope = started.values("id")
    if whole:
        rows = DiaryMonth.objects.filter(placement__in=scope, month__lt=whole[1])
        if whole[0]:
            rows = rows.filter(month__gte=whole[0])
        add({pid: (n or 0, accepted or 0) for pid, n, accepted in rows.order_by()
             .values("placement").annotate(n=Sum("logged"), accepted=Sum("accepted"))
             .values_list("placement", "n", "accepted")})
    for start, end in edges:
        add(diary_months.counts(WorkLog.objects.filter(placement__in=scope,
                                                       date__range=(start, end))))
    return counted


def _whole_months(lo, hi):
    """[lo, hi] as ((first whole month or None, the month after the last), edge ranges), or
    (None, [(lo, hi)]) when it holds no whole month."""
    if lo is not None and lo > hi:
        return None, []
    start = lo if lo is None or lo.day == 1 else diary_months.next_month(lo)
    after = diary_months.next_month(hi)
    stop = after if after - datetime.timedelta(days=1) == hi else diary_months.month_of(hi)
    if start is not None and start >= stop:
        return None, [(lo, hi)]
    edges = []
    if lo is not None and lo < start:
        edges.append((lo, start - datetime.timedelta(days=1)))
    if stop <= hi:
        edges.append((stop, hi))
    return (start, stop), edges


def _compliance_row(required, logged, accepted):
    return {"required": required, "logged": logged, "accepted": accepted,
            "missing": max(0, required - logged), "rate": share(logged, required)}


def achievements(user, params, group_by="program"):
    """Records, amounts (yuan) and counts of achievements by category, in total and per group;
    `verified` counts what the host units confirmed."""
    qs = filter_placements(Achievement.objects.visible_to(user), params, through="placement__")
    if params.get("date_from"):
        qs = qs.filter(date__gte=params["date_from"])
    if params.get("date_to"):
        qs = qs.filter(date__lte=params["date_to"])
    if params.get("as_of"):
        qs = qs.filter(date__lte=params["as_of"])
    # Annotations get names of their own: once annotated, "amount" or "verified" would name
    # the aggregate rather than the field in the expressions that follow.
    figures = dict(n_records=Count("id"), n_verified=Count("id", filter=Q(verified=True)),
                   sum_verified_amount=Sum("amount", filter=Q(verified=True)),
                   sum_amount=Sum("amount"), sum_count=Sum("count"))
    key_field, label_field = GROUPS[group_by]
    key, label = f"placement__{key_field}", f"placement__{label_field}"
    # One scan, grouped finest; the categories' figures and the totals are its sums (three
    # scans of 200,000 achievements took 0.35 s nationally).
    rows = list(qs.values(key, label, "category").annotate(**figures)
                .order_by(label, key, "category"))
    by_category, totals = {}, dict.fromkeys(figures)
    for row in rows:
        into = by_category.setdefault(row["category"], dict.fromkeys(figures))
        for name in figures:
            for target in (into, totals):
                target[name] = _add(target[name], row[name])
    groups = [{"key": row.pop(key), "name": row.pop(label), "category": row.pop("category"),
               **_achievement_figures(row)} for row in rows]
    return {"group_by": group_by, "totals": _achievement_figures(totals),
            "by_category": {category: _achievement_figures(figures_)
                            for category, figures_ in sorted(by_category.items())},
            "groups": groups}


def _add(total, value):
    """Sums as SQL's SUM: None only while nothing was added."""
    if value is None:
        return total
    return value if total is None else total + value


def _achievement_figures(row):
    return {"records": row["n_records"] or 0, "verified": row["n_verified"] or 0,
            "amount": _yuan(row["sum_amount"]),
            "verified_amount": _yuan(row["sum_verified_amount"]),
            "count": row["sum_count"] or 0}


def _money(row):
    for name in ("amount", "days_on_post", "leave_days", "trips_allowed", "trips_taken"):
        if row.get(name) is None:
            row[name] = 0
    row["amount"] = _yuan(row["amount"])
    return row


def _yuan(value):
    """Money as a string with two decimals, the same on every database."""
    return f"{Decimal(value or 0):.2f}"


def appraisals(user, params):
    """Grades by kind and side, and the placements ending within 60 days that still lack the
    host unit's end-of-term appraisal (needed to complete them)."""
    placements = filter_placements(Placement.objects.visible_to(user), params)
    qs = entered_by(Appraisal.objects.filter(placement__in=placements), params)
    if params.get("year"):
        qs = qs.filter(year=params["year"])
    by_kind: dict = {}
    for kind, side, grade, n in qs.values_list("kind", "side", "grade").annotate(
            n=Count("id")).order_by("kind", "side", "grade"):
        by_kind.setdefault(kind, {}).setdefault(side, {})[grade] = n
    today = params.get("as_of") or timezone.localdate()
    due = placements.filter(
        _on_post_then(params),
        planned_end_date__lte=today + datetime.timedelta(days=60),
    ).exclude(appraisals__kind=AppraisalKind.END_OF_TERM, appraisals__side=AppraisalSide.HOST)
    return {"total": qs.count(), "by_grade": _by(qs, "grade"), "by_kind": by_kind,
            "end_of_term_due": due.count()}


def fulfilment(user, params, group_by="program"):
    """From order to outcome: orders, posts filled, the receiving units' ratings (1–5) and the
    achievements recorded by the cadres placed on them, per order, unit, batch or program."""
    fields = {"order": ("id", "title"), "host_unit": ("receiving_unit", "receiving_unit__name"),
              "batch": ("batch", "batch__name"), "program": ("batch__program",
                                                             "batch__program__name")}
    key, label = fields[group_by]
    orders = _filter_batch_scope(DemandOrder.objects.visible_to(user), params).exclude(
        status__in=("draft", "submitted", "returned"))
    rows = {row[key]: {"key": row.pop(key), "name": row.pop(label), **row} for row in
            orders.values(key, label).annotate(
                orders=Count("id"), headcount=Sum("headcount"), filled=Sum("filled_count"),
                rated=Count("fulfilment_rating"), average_rating=Avg("fulfilment_rating"))
            .order_by(label, key)}
    # A row per placement (placements.achievement_totals), not every achievement.
    for order_key, records, amount in AchievementTotal.objects.filter(
            placement__order__in=orders).values_list(f"placement__order__{key}").annotate(
            n=Sum("records"), amount=Sum("amount")).order_by():
        if order_key in rows:
            rows[order_key]["achievements"] = records
            rows[order_key]["achievement_amount"] = _yuan(amount)
    groups = list(rows.values())
    for row in groups:
        row.setdefault("achievements", 0)
        row.setdefault("achievement_amount", _yuan(0))
        row["fill_rate"] = share(row["filled"] or 0, row["headcount"] or 0)
        if row["average_rating"] is not None:
            row["average_rating"] = round(row["average_rating"], 2)
    totals = orders.aggregate(orders=Count("id"), headcount=Sum("headcount"),
                              filled=Sum("filled_count"), rated=Count("fulfilment_rating"),
                              average_rating=Avg("fulfilment_rating"))
    if totals["average_rating"] is not None:
        totals["average_rating"] = round(totals["average_rating"], 2)
    return {"group_by": group_by, "totals": totals, "groups": groups}


def allowances(user, params):
    """Current statements per month: how many, days on post, allowance paid (yuan), trips
    allowed and taken, cadres insured."""
    qs = statements(user, params)
    figures = dict(statements=Count("id"), days_on_post=Sum("days_on_post"),
                   leave_days=Sum("leave_days"), amount=Sum("amount"),
                   trips_allowed=Sum("trips_allowed"), trips_taken=Sum("trips_taken"),
                   insured=Count("id", filter=Q(insured=True)))
    months = [_money(row) for row in qs.values("month").annotate(**figures).order_by("month")]
    return {"months": months, "totals": _money(qs.aggregate(**figures))}


def statements(user, params):
    """The allowance statements in force (as of `as_of`: entered by then and not yet
    corrected then) of the placements in scope, for `month` or `month_from`…`month_to`."""
    placements = filter_placements(Placement.objects.visible_to(user),
                                   {k: v for k, v in params.items() if k != "as_of"})
    qs = AllowanceStatement.objects.filter(placement__in=placements)
    cut = as_of_cut(params)
    if cut:
        qs = qs.filter(created_at__lt=cut).filter(
            Q(correction__isnull=True) | Q(correction__created_at__gte=cut))
    else:
        qs = qs.filter(is_current=True)
    if params.get("month"):
        qs = qs.filter(month=params["month"])
    if params.get("month_from"):
        qs = qs.filter(month__gte=params["month_from"])
    if params.get("month_to"):
        qs = qs.filter(month__lte=params["month_to"])
    return qs


# --- Report figures ---------------------------------------------------------------------------
# Tables for the periodic and requested reports, built from the same filters and aggregates as
# the dashboards. Rows come in a fixed order (program, batch, name), never ranked.

_DIRECTIONS = ("down", "up", "mutual", "out")


def _placement_counts(params, prefix=""):
    """Counts of placements in a period [date_from, date_to] as of its end."""
    start, end = params.get("date_from"), params.get("date_to")
    p = prefix
    counts = {
        "placements": Count("id"),
        "on_post": Count("id", filter=_on_post_then(params, p) if params.get("as_of")
                         else Q(**{f"{p}status": PlacementStatus.ON_POST})),
        **{f"direction_{d}": Count("id", filter=Q(**{f"{p}direction": d})) for d in _DIRECTIONS},
    }
    if start:
        counts["started"] = Count("id", filter=Q(**{f"{p}start_date__gte": start}))
    if end:
        counts["ended"] = Count("id", filter=Q(**{f"{p}actual_end_date__lte": end})
                                & Q(**{f"{p}actual_end_date__gte": start or datetime.date.min}))
    return counts


def _achievements_by(user, params, group_field):
    figures = achievements(user, params, group_by=group_field)
    out: dict = {}
    for row in figures["groups"]:
        entry = out.setdefault(row["key"], {"achievements": 0, "achievement_amount": Decimal(0)})
        entry["achievements"] += row["records"]
        entry["achievement_amount"] += Decimal(row["amount"])
    return out, figures["totals"]


def _merge_compliance(rows, compliance):
    by_key = {g["key"]: g for g in compliance["groups"]}
    for row in rows:
        figure = by_key.get(row["key"], _compliance_row(0, 0, 0))
        row.update(required=figure["required"], logged=figure["logged"], rate=figure["rate"])


def monthly_overview(user, params):
    """A period's figures per batch: placements on post at its end, started and ended in it,
    by direction; the diary kept (required working days, days logged, rate) and the
    achievements recorded in it. `params` has date_from, date_to and as_of (the period's end
    unless given)."""
    params = {**params, "as_of": params.get("as_of") or params.get("date_to")}
    placements = filter_placements(Placement.objects.visible_to(user), params)
    rows = [
        {"key": row.pop("batch"), **row}
        for row in placements.values("batch", "batch__program__name", "batch__name",
                                     "batch__number")
        .annotate(**_placement_counts(params)).order_by("batch__program__name", "batch__number")
    ]
    compliance = worklog_compliance(user, params, group_by="batch")
    _merge_compliance(rows, compliance)
    by_batch, achieved = _achievements_by(user, params, "batch")
    for row in rows:
        row.update(by_batch.get(row["key"], {"achievements": 0,
                                             "achievement_amount": Decimal(0)}))
    return {"rows": rows, "compliance": compliance["totals"], "achievements": achieved,
            "as_of": params["as_of"]}


def batch_summary(user, params):
    """Each batch from demand to placement, as it stands: planned size, orders published and
    their headcount, posts filled, nominations (self-matched, selected), placements by stage."""
    if not _reads_program_figures(user):
        return {"rows": []}
    progress = {row["id"]: row for row in batch_progress(user, params)}
    orders = dict((b, (n, f)) for b, n, f in _filter_batch_scope(
        DemandOrder.objects.visible_to(user), params).filter(status__in=PUBLISHED)
        .values_list("batch").annotate(n=Count("id"), f=Coalesce(Sum("filled_count"), 0))
        .order_by())
    nominations = {row.pop("batch"): row for row in _filter_batch_scope(
        Nomination.objects.visible_to(user), params).values("batch").annotate(
        nominated=Count("id"), self_matched=Count("id", filter=Q(self_matched=True)),
        selected=Count("id", filter=Q(status="selected"))).order_by()}
    stages = {row.pop("batch"): row for row in _filter_batch_scope(
        Placement.objects.visible_to(user), params).values("batch").annotate(
        completed=Count("id", filter=Q(status=PlacementStatus.COMPLETED)),
        ended_early=Count("id", filter=Q(status=PlacementStatus.ENDED_EARLY))).order_by()}
    rows = []
    for batch in Batch.objects.filter(pk__in=progress).select_related("program").order_by(
            "program__name", "number"):
        p = progress[batch.pk]
        n_orders, filled = orders.get(batch.pk, (0, 0))
        rows.append({
            "key": batch.pk, "program": batch.program.name,
            "batch": batch.name or _("第%d批") % batch.number,
            "status": batch.get_status_display(), "report_by": batch.report_by,
            "planned_size": p["planned_size"] or 0, "orders": n_orders,
            "headcount": p["headcount"], "filled": filled,
            **nominations.get(batch.pk, {"nominated": 0, "self_matched": 0, "selected": 0}),
            "placed": p["placed"], "on_post": p["on_post"],
            **stages.get(batch.pk, {"completed": 0, "ended_early": 0}),
            "fill_rate": share(filled, p["headcount"]),
        })
    return {"rows": rows}


UNIT_SIDES = {"host": ("host_unit", "host_unit__name", "host_unit__region__name"),
              "home": ("home_unit", "home_unit__name", "home_unit__region__name")}


def unit_breakdown(user, params, side="host"):
    """Placements per receiving (or dispatching) unit as of a day, by direction, with the
    diary rate and achievements of the cadres placed there."""
    key, label, region = UNIT_SIDES[side]
    placements = filter_placements(Placement.objects.visible_to(user), params)
    rows = [
        {"key": row.pop(key), "name": row.pop(label), "region": row.pop(region), **row}
        for row in placements.values(key, label, region)
        .annotate(**_placement_counts(params)).order_by(f"{key}__pinyin", label, key)
    ]
    compliance = worklog_compliance(user, params, group_by=f"{side}_unit")
    _merge_compliance(rows, compliance)
    by_unit, achieved = _achievements_by(user, params, f"{side}_unit")
    for row in rows:
        row.update(by_unit.get(row["key"], {"achievements": 0,
                                            "achievement_amount": Decimal(0)}))
    return {"rows": rows, "compliance": compliance["totals"], "achievements": achieved}


LATER_USE_GROUPS = {"program": ("batch__program", "batch__program__name"),
                    "batch": ("batch", "batch__name"),
                    "home_unit": ("home_unit", "home_unit__name")}


def later_use(user, params, group_by="program"):
    """返回后使用: of the cadres who returned, how many were later promoted, raised in rank,
    commended, selected or transferred (each placement counted once per kind and once in
    `used`), per program, batch or home unit. One grouped query over the returned
    placements with one EXISTS per kind (no join that would count a placement twice)."""
    from placements.models import LaterUse

    key, name = LATER_USE_GROUPS[group_by]
    returned = filter_placements(Placement.objects.visible_to(user), params).filter(
        status__in=FINISHED_PLACEMENT_STATUSES)
    uses = LaterUse.objects.filter(placement=OuterRef("pk"))
    if params.get("as_of"):
        uses = uses.filter(date__lte=params["as_of"])
    kinds = list(LaterUse.Kind.values)
    annotated = returned.annotate(
        used=Exists(uses), **{f"k_{kind}": Exists(uses.filter(kind=kind)) for kind in kinds})
    rows = (annotated.values(key_id=F(key), name=F(name)).annotate(
        returned=Count("pk"), used_count=Count("pk", filter=Q(used=True)),
        **{kind: Count("pk", filter=Q(**{f"k_{kind}": True})) for kind in kinds})
        .order_by("name", "key_id"))
    groups = [{"key": r["key_id"], "name": r["name"] or str(r["key_id"]),
               "returned": r["returned"], "used": r["used_count"],
               "rate": share(r["used_count"], r["returned"]),
               **{kind: r[kind] for kind in kinds}} for r in rows]
    totals = {"returned": sum(g["returned"] for g in groups),
              "used": sum(g["used"] for g in groups),
              **{kind: sum(g[kind] for g in groups) for kind in kinds}}
    totals["rate"] = share(totals["used"], totals["returned"])
    return {"groups": groups, "totals": totals}
