"""Aggregates for dashboards and reports: the one place figures are computed.

Each figure is one aggregate query (values + annotate), never a loop over rows.
"""
from django.db.models import Count, Q, Sum

from placements.models import DemandOrder, Nomination, Placement
from programs.models import Program, ProgramTarget, Region, Track


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
    }


def targets(user, program_id):
    """The program's total target, its tracks' and its ProgramTargets', against what was
    achieved (placements counted, or the manually reported value)."""
    if not program_id:
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
    for target in ProgramTarget.objects.filter(program=program).annotate(
            placed=Count("track__placements")).order_by("year", "id"):
        achieved = target.placed if target.measure == "placements" else target.achieved_manual
        name = f"{target.year}年{target.name}" if target.year else target.name
        rows.append({"name": name, "target": target.target, "achieved": achieved,
                     "kind": "target"})
    return rows
