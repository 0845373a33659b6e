"""Aggregates for dashboards and reports: the one place figures are computed.

Each figure is one aggregate query (values + annotate), never a loop over rows.
"""
import datetime
from decimal import Decimal

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.choices import Role
from placements.choices import (
    APPROVED_LEAVE_STATUSES,
    STARTED_PLACEMENT_STATUSES,
    AppraisalKind,
    AppraisalSide,
    PlacementStatus,
)
from placements.choices import PUBLISHED_ORDER_STATUSES as PUBLISHED
from placements.models import (
    Achievement,
    AllowanceStatement,
    Appraisal,
    DemandOrder,
    Leave,
    Nomination,
    Placement,
    WorkLog,
)
from programs.calendar import WorkCalendar, overlap_days
from programs.choices import TargetMeasure
from programs.models import Batch, Holiday, Program, ProgramTarget, Region, Track


def _by(qs, field):
    return {str(k): n for k, n in qs.values_list(field).annotate(n=Count("id")).order_by()}


def filter_placements(qs, params):
    """Apply the dashboard filters: program, batch, region (host's, with its subtree),
    direction, and a date range that placements overlap."""
    if params.get("program"):
        qs = qs.filter(batch__program=params["program"])
    if params.get("batch"):
        qs = qs.filter(batch=params["batch"])
    if params.get("direction"):
        qs = qs.filter(direction=params["direction"])
    if params.get("region"):
        region = Region.objects.filter(pk=params["region"]).first()
        qs = qs.filter(host_unit__region__path__startswith=region.path) if region else qs.none()
    if params.get("date_from"):
        qs = qs.filter(Q(actual_end_date__gte=params["date_from"])
                       | Q(actual_end_date__isnull=True, planned_end_date__gte=params["date_from"]))
    if params.get("date_to"):
        qs = qs.filter(start_date__lte=params["date_to"])
    return qs


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
            "by_status": _by(placements, "status"),
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
        "targets": targets(user, params.get("program")),
        "batches": batch_progress(user, params),
    }


def _reads_program_figures(user) -> bool:
    return user.is_superuser or user.role in (Role.ORG_STAFF, Role.MANAGER)


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
    rows = batches.annotate(
        placed=Count("placements", distinct=True),
        on_post=Count("placements", filter=Q(placements__status=PlacementStatus.ON_POST),
                      distinct=True),
        # A subquery, not a second join: joined with placements the sum would multiply.
        headcount=Coalesce(Subquery(
            DemandOrder.objects.filter(batch=OuterRef("pk"), status__in=PUBLISHED)
            .values("batch").annotate(total=Sum("headcount")).values("total")), 0),
    ).values("id", "program", "number", "name", "status", "planned_size", "placed", "on_post",
             "headcount").order_by("program", "number")
    return list(rows)


def targets(user, program_id):
    """The program's total target, its tracks' and its ProgramTargets', against what was
    achieved (placements counted, or the manually reported value). Program-wide progress is
    the department's figure: a unit or a cadre taking part reads only its own rows."""
    if not program_id or not _reads_program_figures(user):
        return []
    program = Program.objects.visible_to(user).filter(pk=program_id).annotate(
        achieved=Count("batches__placements")).first()
    if program is None:
        return []
    rows = [{"name": program.name, "target": program.target_total,
             "achieved": program.achieved, "kind": "program"}]
    for track in Track.objects.filter(program=program).annotate(
            achieved=Count("placements")).order_by("id"):
        rows.append({"name": track.name, "target": track.target_count,
                     "achieved": track.achieved, "kind": "track"})
    for target in ProgramTarget.objects.filter(program=program).order_by("year", "id"):
        achieved = (_placements_towards(target) if target.measure == TargetMeasure.PLACEMENTS
                    else target.achieved_manual)
        name = f"{target.year}年{target.name}" if target.year else target.name
        rows.append({"name": name, "target": target.target, "achieved": achieved,
                     "kind": "target"})
    return rows


def _placements_towards(target):
    """Placements counted towards a target: its track's (else its program's), started in
    its year when it has one. A program has a handful of targets: one count each."""
    qs = Placement.objects.filter(batch__program=target.program_id)
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


def _rate(part, whole):
    return round(part / whole, 4) if whole else None


def _started(user, params):
    return filter_placements(Placement.objects.visible_to(user), params).filter(
        status__in=STARTED_PLACEMENT_STATUSES)


def worklog_compliance(user, params, group_by="placement"):
    """Days logged over working days on post (weekends and public holidays excluded, approved
    leave excluded), up to `as_of` (default yesterday: a day is due once it is over), per
    placement or per group.

    Three queries whatever the number of placements: the placements, the counted logs (one
    aggregate) and the approved leave; the holiday calendar is one more."""
    as_of = params.get("as_of") or timezone.localdate() - datetime.timedelta(days=1)
    date_from, date_to = params.get("date_from"), params.get("date_to")
    key_field, label_field = GROUPS[group_by]
    placements = list(_started(user, params).values(
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

    on_leave = Leave.objects.filter(
        placement=OuterRef("placement"), status__in=APPROVED_LEAVE_STATUSES,
        start_date__lte=OuterRef("date"), end_date__gte=OuterRef("date"))
    holidays_off = Holiday.objects.filter(is_workday=False).values("date")
    weekend_workdays = Holiday.objects.filter(is_workday=True).values("date")
    logs = (WorkLog.objects.filter(placement__in=[p["id"] for p in placements])
            .filter(date__gte=F("placement__start_date"), date__lte=as_of)
            .filter(date__lte=Coalesce("placement__actual_end_date",
                                       "placement__planned_end_date"))
            .filter((Q(date__iso_week_day__lte=5) & ~Q(date__in=holidays_off))
                    | Q(date__in=weekend_workdays))
            .exclude(Exists(on_leave)))
    if date_from:
        logs = logs.filter(date__gte=date_from)
    if date_to:
        logs = logs.filter(date__lte=date_to)
    counted = {pid: (n, accepted) for pid, n, accepted in logs.values("placement").annotate(
        n=Count("id"), accepted=Count("id", filter=Q(status="accepted"))).values_list(
        "placement", "n", "accepted").order_by()}

    leave_days: dict[int, int] = {}
    for pid, start, end in Leave.objects.filter(
            placement__in=windows, status__in=APPROVED_LEAVE_STATUSES).values_list(
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
    rows = sorted(groups.values(), key=lambda g: (g["name"] or "", g["key"]))
    for row in rows:
        row.update(_compliance_row(row["required"], row["logged"], row["accepted"]))
    totals = _compliance_row(sum(r["required"] for r in rows), sum(r["logged"] for r in rows),
                             sum(r["accepted"] for r in rows))
    totals["placements"] = len(placements)
    return {"as_of": as_of, "group_by": group_by, "totals": totals, "groups": rows}


def _compliance_row(required, logged, accepted):
    return {"required": required, "logged": logged, "accepted": accepted,
            "missing": max(0, required - logged), "rate": _rate(logged, required)}


def achievements(user, params, group_by="program"):
    """Records, amounts (yuan) and counts of achievements by category, in total and per group;
    `verified` counts what the host units confirmed."""
    qs = Achievement.objects.filter(placement__in=filter_placements(
        Placement.objects.visible_to(user), params))
    if params.get("date_from"):
        qs = qs.filter(date__gte=params["date_from"])
    if params.get("date_to"):
        qs = qs.filter(date__lte=params["date_to"])
    # Annotations get names of their own: once annotated, "amount" or "verified" would name
    # the aggregate rather than the field in the expressions that follow.
    figures = dict(n_records=Count("id"), n_verified=Count("id", filter=Q(verified=True)),
                   sum_verified_amount=Sum("amount", filter=Q(verified=True)),
                   sum_amount=Sum("amount"), sum_count=Sum("count"))
    key_field, label_field = GROUPS[group_by]
    key, label = f"placement__{key_field}", f"placement__{label_field}"
    by_category = {row.pop("category"): _achievement_figures(row) for row in
                   qs.values("category").annotate(**figures).order_by("category")}
    groups = [
        {"key": row.pop(key), "name": row.pop(label), "category": row.pop("category"),
         **_achievement_figures(row)}
        for row in qs.values(key, label, "category").annotate(**figures).order_by(label, key,
                                                                                  "category")
    ]
    return {"group_by": group_by, "totals": _achievement_figures(qs.aggregate(**figures)),
            "by_category": by_category, "groups": groups}


def _achievement_figures(row):
    return {"records": row["n_records"], "verified": row["n_verified"],
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
    qs = Appraisal.objects.filter(placement__in=placements)
    if params.get("year"):
        qs = qs.filter(year=params["year"])
    by_kind: dict = {}
    for kind, side, grade, n in qs.values_list("kind", "side", "grade").annotate(
            n=Count("id")).order_by("kind", "side", "grade"):
        by_kind.setdefault(kind, {}).setdefault(side, {})[grade] = n
    today = timezone.localdate()
    due = placements.filter(
        status=PlacementStatus.ON_POST,
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
    for order_key, records, amount in Achievement.objects.filter(
            placement__order__in=orders).values_list(f"placement__order__{key}").annotate(
            n=Count("id"), amount=Sum("amount")).order_by():
        if order_key in rows:
            rows[order_key]["achievements"] = records
            rows[order_key]["achievement_amount"] = _yuan(amount)
    groups = list(rows.values())
    for row in groups:
        row.setdefault("achievements", 0)
        row.setdefault("achievement_amount", _yuan(0))
        row["fill_rate"] = _rate(row["filled"] or 0, row["headcount"] or 0)
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
    qs = AllowanceStatement.objects.filter(
        is_current=True,
        placement__in=filter_placements(Placement.objects.visible_to(user), params))
    if params.get("month"):
        qs = qs.filter(month=params["month"])
    figures = dict(statements=Count("id"), days_on_post=Sum("days_on_post"),
                   leave_days=Sum("leave_days"), amount=Sum("amount"),
                   trips_allowed=Sum("trips_allowed"), trips_taken=Sum("trips_taken"),
                   insured=Count("id", filter=Q(insured=True)))
    months = [_money(row) for row in qs.values("month").annotate(**figures).order_by("month")]
    return {"months": months, "totals": _money(qs.aggregate(**figures))}
