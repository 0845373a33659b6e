"""The cadre's own pages, built for a phone (/my/): today's diary in two taps, a whole week
at once, the month at a glance; and the host unit's review of an entry."""
import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from accounts.choices import Role
from core.exceptions import NotAllowed, ServiceError
from core.pages import RoleRequiredMixin, ServiceFormView, show_refusal

from .. import services
from ..choices import WorkLogCategory
from ..forms import ReviewForm, WorkLogEditForm, WorkLogForm
from ..models import Placement, WorkLog
from .lifecycle import PlacementRecordStepView


def current_placement(user):
    """The cadre's placement on post, else their latest one."""
    mine = Placement.objects.visible_to(user).select_related("host_unit", "batch__program")
    return mine.filter(status="on_post").first() or mine.order_by("-start_date").first()


def my_handovers(user):
    """The handovers waiting for this cadre: to write (outgoing) or to confirm (incoming),
    whether or not they are on post now."""
    from ..models import Handover

    handovers = Handover.objects.visible_to(user).filter(
        confirmed_by_incoming_at__isnull=True).select_related(
        "placement__cadre", "incoming__cadre", "placement__batch__program")
    return [h for h in handovers if services.can_write_handover(user, h)
            or services.can_confirm_handover(user, h)]


class MyPlacementView(RoleRequiredMixin, View):
    """/my/: the placement, today's entry (or the form for it), and what needs attention."""

    roles = (Role.CADRE,)
    template_name = "placements/my.html"

    def get(self, request):
        return self.page(WorkLogForm())

    def page(self, form, status=200):
        placement = current_placement(self.request.user)
        today = timezone.localdate()
        ctx = {"placement": placement, "form": form, "today": today, "title": _("我的挂职"),
               "breadcrumbs": [(_("我的挂职"), None)],
               "nominations": my_nominations(self.request.user)}
        ctx["handovers_due"] = my_handovers(self.request.user)
        if placement is not None:
            from .browse import agreement_context

            ctx.update(agreement_context(self.request.user, placement))
            ctx["extensions_due"] = [
                e for e in placement.extensions.filter(status="requested")
                if services.can_answer_extension(self.request.user, e)]
            ctx["review_due"] = services.can_review_term(self.request.user, placement)
            ctx["today_log"] = placement.work_logs.filter(date=today).first()
            ctx["recent"] = placement.work_logs.order_by("-date")[:5]
            ctx["needs_more"] = placement.work_logs.filter(status="needs_more").order_by("date")
            ctx["achievements"] = placement.achievements.order_by("-date")[:5]
            month = services.month_view(placement, today.strftime("%Y-%m"))
            ctx["month"] = {"logged": month.count("logged"), "missing": month.count("missing"),
                            "leave": month.count("leave")}
        return render(self.request, self.template_name, ctx, status=status)

    def post(self, request):
        form = WorkLogForm(request.POST, request.FILES)
        placement = current_placement(request.user)
        if not form.is_valid():
            return self.page(form, status=400)
        if placement is None:
            raise PermissionDenied
        data = form.cleaned_data
        try:
            services.write_log(request.user, placement, data["date"], data["content"],
                               category=data["category"], attachment=data["attachment"])
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from None
        except ServiceError as exc:
            show_refusal(form, exc)
            return self.page(form, status=exc.status)
        messages.success(request, _("%s的挂职纪实已保存。") % data["date"].strftime("%m-%d"))
        return redirect("placements:my")


def _monday(day):
    return day - datetime.timedelta(days=day.weekday())


class WeekForm(forms.Form):
    """Seven days at once (补记一周): a content box for each day still to write."""

    def __init__(self, *args, days, **kwargs):
        super().__init__(*args, **kwargs)
        self.days = days
        for row in days:
            if row.state in ("missing", "pending"):
                key = row.date.isoformat()
                self.fields[f"content-{key}"] = forms.CharField(
                    required=False, label=row.date, widget=forms.Textarea(
                        attrs={"rows": 2, "class": "form-control"}))
                self.fields[f"category-{key}"] = forms.ChoiceField(
                    required=False, choices=WorkLogCategory.choices, initial="other",
                    label=gettext_lazy("类别"), widget=forms.Select(
                        attrs={"class": "form-select form-select-sm"}))

    @property
    def rows(self):
        """(day, its content field, its category field): the fields are None once written."""
        for row in self.days:
            key = row.date.isoformat()
            if f"content-{key}" in self.fields:
                yield row, self[f"content-{key}"], self[f"category-{key}"]
            else:
                yield row, None, None

    def entries(self):
        return [{"date": row.date,
                 "content": self.cleaned_data[f"content-{row.date.isoformat()}"],
                 "category": self.cleaned_data[f"category-{row.date.isoformat()}"] or None}
                for row in self.days
                if self.cleaned_data.get(f"content-{row.date.isoformat()}", "").strip()]


class MyDiaryView(RoleRequiredMixin, View):
    """/my/diary/: a week's form (?week=a date in it) and the month view (?month=YYYY-MM)."""

    roles = (Role.CADRE,)
    template_name = "placements/my_diary.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.placement = current_placement(request.user)
        return super().dispatch(request, *args, **kwargs)

    def week_days(self):
        today = timezone.localdate()
        try:
            day = datetime.date.fromisoformat(self.request.GET.get("week", ""))
        except ValueError:
            day = today
        monday = _monday(min(day, today))
        rows = {}
        for month in {monday.strftime("%Y-%m"),
                      (monday + datetime.timedelta(days=6)).strftime("%Y-%m")}:
            for row in services.month_view(self.placement, month).days:
                rows[row.date] = row
        return monday, [rows[monday + datetime.timedelta(days=i)] for i in range(7)]

    def month(self):
        month = self.request.GET.get("month") or timezone.localdate().strftime("%Y-%m")
        try:
            return services.month_view(self.placement, month)
        except ServiceError:
            return services.month_view(self.placement, timezone.localdate().strftime("%Y-%m"))

    def page(self, form, monday, status=200):
        month = self.month()
        previous = monday - datetime.timedelta(days=7)
        following = monday + datetime.timedelta(days=7)
        return render(self.request, self.template_name, {
            "placement": self.placement, "form": form, "monday": monday,
            "previous_week": previous.isoformat(),
            "next_week": following.isoformat() if following <= timezone.localdate() else None,
            "month": month, "title": _("挂职纪实"),
            # Blank cells before the 1st, so that each column is a weekday (Monday first).
            "month_offset": range(month.days[0].date.weekday()),
            "weekdays": [_("一"), _("二"), _("三"), _("四"), _("五"), _("六"), _("日")],
            "counts": {s: month.count(s) for s in ("logged", "missing", "leave", "off")},
            "breadcrumbs": [(_("我的挂职"), reverse("placements:my")), (_("挂职纪实"), None)],
        }, status=status)

    def get(self, request):
        if self.placement is None:
            return render(request, self.template_name, {"placement": None})
        monday, days = self.week_days()
        return self.page(WeekForm(days=days), monday)

    def post(self, request):
        if self.placement is None:
            raise PermissionDenied
        monday, days = self.week_days()
        form = WeekForm(request.POST, days=days)
        if not form.is_valid():
            return self.page(form, monday, status=400)
        try:
            logs = services.write_logs(request.user, self.placement, form.entries())
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from None
        except ServiceError as exc:
            show_refusal(form, exc)
            return self.page(form, monday, status=exc.status)
        messages.success(request, _("已保存%d天的挂职纪实。") % len(logs))
        return redirect(f"{reverse('placements:my_diary')}?week={monday.isoformat()}")


class WorkLogReviewView(PlacementRecordStepView):
    """The host unit accepts an entry or asks for more, with a comment."""

    roles = (Role.RECEIVING,)
    model = WorkLog
    select_related = ("placement__cadre", "placement__host_unit")
    form_class = ReviewForm
    template_name = "placements/worklog_review.html"
    title = gettext_lazy("审阅挂职纪实")
    submit_label = gettext_lazy("提交审阅")
    success_message = gettext_lazy("审阅意见已保存。")

    def perform(self, form):
        data = form.cleaned_data
        return services.review_log(self.object, self.request.user, data["decision"],
                                   comment=data["comment"])


class WorkLogEditView(ServiceFormView):
    """The cadre adds what the host asked for (or corrects an entry not yet accepted)."""

    roles = (Role.CADRE,)
    model = WorkLog
    select_related = ("placement",)
    form_class = WorkLogEditForm
    template_name = "placements/worklog_review.html"
    title = gettext_lazy("修改挂职纪实")
    success_message = gettext_lazy("纪实已修改，等待接收单位审阅。")

    def get_initial(self):
        return {"content": self.object.content, "category": self.object.category}

    def perform(self, form):
        return services.edit_log(self.object, self.request.user, **form.cleaned_data)

    def get_success_url(self, result=None):
        return reverse("placements:my")

    def get_breadcrumbs(self):
        return [(_("我的挂职"), reverse("placements:my")), (self.title, None)]


def my_nominations(user):
    """The cadre's nominations, newest first: what they asked for (their choices) and what
    became of it, each with the 填报志愿 step where its predicate allows."""
    from ..models import DemandOrder, Nomination

    nominations = list(Nomination.objects.visible_to(user).select_related("batch__program",
                                                                          "cadre")
                       .order_by("-created_at")[:5])
    wanted = {pk for n in nominations for pk in (n.choices or [])}
    titles = dict(DemandOrder.objects.filter(pk__in=wanted).values_list("pk", "title"))
    for n in nominations:
        n.choice_titles = [titles.get(pk, "") for pk in n.choices or []]
        n.can_state_wishes = services.can_state_wishes(user, n)
    return nominations
