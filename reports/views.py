"""Dashboards of a program and of a batch: tables rendered from the aggregates, charts drawn
by static/js/dashboard.js from the same aggregates through the API's stats endpoints."""
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.pages import ObjectDetailView, ObjectListView, ServiceFormView
from placements.balance import batch_balance
from placements.choices import AchievementCategory, Direction, OrderStatus, PlacementStatus
from placements.models import Placement
from placements.services import (
    batch_readiness,
    can_confirm_matches,
    can_finish_matching,
    can_generate_month,
    can_open_second_round,
)
from programs import batches
from programs.choices import BatchStatus, UnitKind
from programs.models import Batch, Program, Region
from programs.permissions import is_department_staff
from programs.views import DEPARTMENT

from . import aggregates, filtersets, services, tables, todo
from .forms import AnswerForm, FeedbackForm, ReportRequestForm
from .models import Alert, Feedback, Report


def chart_labels(regions):
    """What the dashboard script needs to name codes and region ids in Chinese."""
    return {
        "status": dict(PlacementStatus.choices), "direction": dict(Direction.choices),
        "unit_kind": dict(UnitKind.choices), "order_status": dict(OrderStatus.choices),
        "achievement": dict(AchievementCategory.choices),
        "regions": {str(r["id"]): r for r in regions},
        "mountain": str(_("山区海岛县")), "achieved": str(_("完成")), "target": str(_("目标")),
        "rate": str(_("纪实填报率")), "amount": str(_("金额（元）")), "count": str(_("人数")),
        "filled": str(_("已选派")), "open": str(_("待选派")), "records": str(_("项数")),
    }


def open_alerts(user, limit=5):
    """The user's own open to-dos (alerts are private), newest first, with their subjects."""
    return list(Alert.objects.visible_to(user).open().prefetch_related("subject")[:limit])


def host_regions(placements):
    return (Region.objects.filter(units__hosted_placements__in=placements).distinct()
            .values("id", "name", "is_mountain_island"))


class ProgramDashboardView(ObjectDetailView):
    """A program's figures: tables rendered here, charts drawn by static/js/dashboard.js from
    the same aggregates through the API's stats endpoints."""

    model = Program
    roles = DEPARTMENT
    select_related = ("organizer",)
    template_name = "reports/program_dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        program = self.object
        params = {"program": program.pk}
        ctx.update({
            "title": program.name,
            "breadcrumbs": [(_("项目"), reverse("programs:program_list")), (program.name, None)],
            "targets": aggregates.targets(self.request.user, program.pk),
            "batches": [{**b, "status": BatchStatus(b["status"]).label}
                        for b in aggregates.batch_progress(self.request.user, params)],
            "scope": params,
            "labels": chart_labels(host_regions(
                Placement.objects.visible_to(self.request.user).filter(batch__program=program))),
            "alerts": open_alerts(self.request.user),
            "settles_allowances": can_generate_month(self.request.user, program),
            # What became of the returned cadres, per batch (the same figure as the API's
            # stats/later-use/ and the report kind).
            "later_use": aggregates.later_use(self.request.user, params, "batch"),
        })
        return ctx


class BatchDashboardView(ObjectDetailView):
    model = Batch
    roles = DEPARTMENT
    select_related = ("program",)
    template_name = "reports/batch_dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        batch = self.object
        params = {"program": batch.program_id, "batch": batch.pk}
        [progress] = aggregates.batch_progress(self.request.user, params) or [None]
        ctx.update({
            "title": f"{batch.program.name} · {batch}",
            "breadcrumbs": [(_("项目"), reverse("programs:program_list")),
                            (batch.program.name, batch.program.get_absolute_url()),
                            (str(batch.name or batch.number), None)],
            "progress": progress,
            "decides_matching": can_confirm_matches(self.request.user, batch),
            # The batch's balance is the department's own (never a ranking of people).
            "balance": batch_balance(batch) if can_confirm_matches(self.request.user, batch)
            else None,
            # What hosts still lack before their cadres arrive (the department's to chase).
            "readiness": batch_readiness(batch) if is_department_staff(
                self.request.user, batch.program) else None,
            "steps": batch_steps(self.request.user, batch),
            "batch_events": batch.events.select_related("actor"),
            "scope": params,
            "labels": chart_labels(host_regions(
                Placement.objects.visible_to(self.request.user).filter(batch=batch))),
            "alerts": open_alerts(self.request.user),
        })
        return ctx


def batch_steps(user, batch):
    """The batch's steps the user may take now: each offered where its predicate allows."""
    offered = [(batches.can_open_nominations, _("开放征集需求与推荐"),
                "programs:batch_open_nominations", "primary"),
               (batches.can_close_nominations, _("截止推荐并开始对接"),
                "programs:batch_close_nominations", "primary"),
               (batches.can_reopen_nominations, _("重新开放推荐"),
                "programs:batch_reopen_nominations", "outline-secondary"),
               (can_open_second_round, _("补充匹配"),
                "placements:batch_second_round", "outline-primary"),
               (can_finish_matching, _("结束对接"),
                "placements:batch_finish_matching", "outline-primary")]
    return [{"label": label, "url": reverse(name, args=[batch.pk]), "style": style}
            for can, label, name, style in offered if can(user, batch)]


class AlertListView(ObjectListView):
    """The user's private to-dos: open ones first."""

    model = Alert
    filterset_class = filtersets.AlertFilterSet
    page_filters = ("kind", "open")
    columns = tables.ALERT_COLUMNS
    prefetch_related = ("subject",)
    default_ordering = (F("resolved_at").desc(nulls_first=True), "-raised_at")
    title = _("提醒")
    empty_message = _("没有提醒。有待办事项时（如纪实未填报、挂职即将期满）会显示在这里。")


class FeedbackView(ServiceFormView):
    """意见建议: anyone writes to the department; org staff read and answer what the users
    they manage wrote. No names of others, no ranking: just the messages."""

    form_class = FeedbackForm
    template_name = "reports/feedback.html"
    title = _("意见建议")
    submit_label = _("提交")
    success_message = _("已提交，组织部工作人员会在这里答复您。")

    def get_initial(self):
        page = self.request.GET.get("from", "")
        return {"page": page if page.startswith("/") else ""}

    def perform(self, form):
        return services.give_feedback(self.request.user, form.cleaned_data["content"],
                                      form.cleaned_data["page"])

    def get_success_url(self, result=None):
        return reverse("dashboards:feedback")

    def get_cancel_url(self):
        return "/"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # `unanswered`: the to-do panel's list, its own queryset (reports.todo).
        entries = (todo.feedback_to_answer(self.request.user)
                   if self.request.GET.get("unanswered") == "true"
                   else Feedback.objects.visible_to(self.request.user))
        ctx["entries"] = entries.select_related("author__unit")[:50]
        ctx["answers"] = services.can_answer_feedback(self.request.user)
        return ctx


class FeedbackAnswerView(ServiceFormView):
    roles = (Role.ORG_STAFF,)
    model = Feedback
    form_class = AnswerForm
    template_name = "reports/feedback_answer.html"
    title = _("答复意见建议")
    submit_label = _("答复")
    success_message = _("已答复。")

    def perform(self, form):
        return services.answer_feedback(self.object, self.request.user,
                                        form.cleaned_data["reply"])

    def get_success_url(self, result=None):
        return reverse("dashboards:feedback")

    def get_breadcrumbs(self):
        return [(_("意见建议"), reverse("dashboards:feedback")), (self.title, None)]


class ReportRequestView(ServiceFormView):
    """`POST /reports/`: the API's report request on a page."""

    roles = services.REPORT_ROLES
    form_class = ReportRequestForm
    title = _("申请报表")
    submit_label = _("申请生成")
    success_message = _("报表已申请；生成完成后即可在此页下载。")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        return services.request_report(self.request.user, **form.service_data())

    def get_cancel_url(self):
        return reverse("dashboards:report_list")

    def get_breadcrumbs(self):
        return [(_("报表"), reverse("dashboards:report_list")), (self.title, None)]


class ReportListView(ObjectListView):
    """Reports of the department: requested here or made by the periodic jobs; the form to
    request one sits above the list (and posts to this page, as the API posts to reports/)."""

    roles = services.REPORT_ROLES
    model = Report
    filterset_class = filtersets.ReportFilterSet
    page_filters = ("kind", "format", "status", "scheduled")
    columns = tables.REPORT_COLUMNS
    select_related = ("program", "batch", "requested_by")
    default_ordering = ("-created_at", "-id")
    template_name = "reports/report_list.html"
    title = _("报表")
    empty_message = _("还没有报表。在上方选择类型和格式申请，或等待每月1日自动生成的月度报表。")

    def post(self, request, *args, **kwargs):
        return ReportRequestView.as_view()(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["request_form"] = ReportRequestForm(user=self.request.user)
        return ctx


class ReportDetailView(ObjectDetailView):
    """A report's run: its status while it builds (static/js/report-status.js polls the API and
    reloads when it is finished), its figures, and the download."""

    roles = services.REPORT_ROLES
    model = Report
    select_related = ("program", "batch", "requested_by")
    template_name = "reports/report_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        report = self.object
        ctx.update({
            "title": f"{report.get_kind_display()}（{report.get_format_display()}）",
            "breadcrumbs": [(_("报表"), reverse("dashboards:report_list")),
                            (report.get_kind_display(), None)],
            "scope": tables.report_scope(report), "period": tables.report_period(report),
            "status_url": reverse("report-detail", args=[report.pk]),
        })
        return ctx


def report_download(request, pk):
    """The file, for those who may see the report (404 otherwise; 409 while it builds)."""
    from django.contrib.auth.views import redirect_to_login
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from .files import file_response

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not services.may_request_reports(request.user):
        raise PermissionDenied
    report = Report.objects.visible_to(request.user).select_related("program", "batch").filter(
        pk=pk).first()
    if report is None:
        raise Http404
    if not report.is_ready:
        from django.contrib import messages
        from django.shortcuts import redirect

        messages.warning(request, _("报表尚未生成完成，请稍候。"))
        return redirect(report)
    return file_response(request, report)
