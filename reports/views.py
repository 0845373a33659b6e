"""Dashboards of a program and of a batch: tables rendered from the aggregates, charts drawn
by static/js/dashboard.js from the same aggregates through the API's stats endpoints."""
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from placements.choices import AchievementCategory, Direction, OrderStatus, PlacementStatus
from placements.models import Placement
from programs.choices import BatchStatus, UnitKind
from programs.models import Batch, Program, Region
from programs.views import DEPARTMENT
from secondment.pages import ObjectDetailView, ObjectListView, ServiceFormView

from . import aggregates, filtersets, services, tables
from .forms import AnswerForm, FeedbackForm
from .models import Alert, Feedback


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
            "scope": params,
            "labels": chart_labels(host_regions(
                Placement.objects.visible_to(self.request.user).filter(batch=batch))),
            "alerts": open_alerts(self.request.user),
        })
        return ctx




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
        ctx["entries"] = (Feedback.objects.visible_to(self.request.user)
                          .select_related("author__unit")[:50])
        ctx["answers"] = self.request.user.is_superuser or self.request.user.role == "org_staff"
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
