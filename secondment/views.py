"""The signed-in user's home: each role lands on the work it does."""
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import defaults

from accounts.choices import Role
from core.roles import acts_as
from placements.choices import ACTIVE_PLACEMENT_STATUSES
from placements.models import DemandOrder, Placement, WorkLog
from programs.models import Program
from reports import aggregates
from reports.todo import todo_for
from reports.views import open_alerts


@login_required
def home(request):
    user = request.user
    placements = (Placement.objects.visible_to(user)
                  .select_related("cadre", "host_unit", "home_unit", "batch__program"))
    ctx = {"role": user.role, "alerts": open_alerts(user), "todo": todo_for(user)}
    if user.is_superuser or user.role in (Role.ORG_STAFF, Role.MANAGER):
        programs = list(Program.objects.visible_to(user).select_related("organizer")
                        .order_by("-start_date", "id"))
        counts = aggregates.placements_per_program(user)
        for program in programs:
            program.placement_count, program.active_count = counts.get(program.pk, (0, 0))
        ctx["programs"] = programs
        ctx["placements"] = placements.order_by("-start_date", "id")[:10]
    elif user.role == Role.CADRE:
        ctx["placements"] = placements.order_by("-start_date")
        today = timezone.localdate()
        ctx["today"] = today
        ctx["written_today"] = WorkLog.objects.filter(
            placement__in=placements.filter(status="on_post"), date=today).exists()
    else:
        ctx["order_sections"], ctx["placement_sections"] = _unit_work(user, placements)
    return render(request, "home.html", ctx)


def _unit_work(user, placements):
    """A unit's operator's home: the work of every side its unit holds (core.roles), host
    first, each side in its own table."""
    orders = (DemandOrder.objects.visible_to(user).select_related("receiving_unit")
              .order_by("-id"))
    active = placements.filter(status__in=ACTIVE_PLACEMENT_STATUSES).order_by("-start_date", "id")
    unit = user.unit_id
    order_sections, placement_sections = [], []
    if acts_as(user, Role.RECEIVING):
        order_sections.append((_("本单位的需求订单"), orders.filter(receiving_unit=unit)[:10]))
        placement_sections.append((_("本单位接收的挂职干部"), active.filter(host_unit=unit)[:10]))
    if acts_as(user, Role.DISPATCHING):
        order_sections.append((_("已发布的需求"), orders.exclude(receiving_unit=unit)[:10]))
        placement_sections.append((_("本单位派出的挂职干部"), active.filter(home_unit=unit)[:10]))
    return order_sections, placement_sections


def bad_request(request, exception=None):
    """A request Django refused before any view (a body over DATA_UPLOAD_MAX_MEMORY_SIZE, a
    bad host): under /api/ in the API's error shape, in Chinese; elsewhere the page."""
    from django.core.exceptions import RequestDataTooBig

    if request.path.startswith("/api/"):
        message = (_("请求内容过大") if isinstance(exception, RequestDataTooBig)
                   else _("请求无效"))
        return JsonResponse({"error": {"code": "invalid", "message": message, "fields": {}}},
                            status=400, json_dumps_params={"ensure_ascii": False})
    return defaults.bad_request(request, exception)


def not_found(request, exception=None):
    """A path nothing answers: under /api/ in the API's error shape (as every other API error
    is), elsewhere the page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": "not_found",
                                       "message": _("接口不存在：%s") % request.path,
                                       "fields": {}}},
                            status=404, json_dumps_params={"ensure_ascii": False})
    return defaults.page_not_found(request, exception)
