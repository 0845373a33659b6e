"""Living allowance statements on pages: org staff settle a month for a program and correct
a statement (the original is kept, superseded)."""
from django.contrib import messages
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.choices import Role
from core.pages import ServiceFormView
from programs.calendar import previous_month
from programs.models import Program

from .. import services
from ..forms import CorrectStatementForm, MonthForm
from ..models import AllowanceStatement


class AllowanceMonthView(ServiceFormView):
    roles = (Role.ORG_STAFF,)
    model = Program
    form_class = MonthForm
    template_name = "placements/allowances.html"
    title = gettext_lazy("生活补助结算")
    submit_label = gettext_lazy("生成该月结算单")

    def month(self):
        month = self.request.GET.get("month", "")
        form = MonthForm({"month": month})
        return month if form.is_valid() else previous_month(timezone.localdate())

    def get_initial(self):
        return {"month": self.month()}

    def perform(self, form):
        month = form.cleaned_data["month"]
        outcome = services.generate_month(self.object, month, self.request.user)
        messages.success(self.request, _(
            "%(month)s：新生成%(created)d张，已有%(existing)d张，%(without)d个挂职未设补助政策")
            % {"month": month, "created": len(outcome.created), "existing": outcome.existing,
               "without": outcome.without_policy})
        return month

    def get_success_url(self, result=None):
        base = reverse("placements:allowances", args=[self.object.pk])
        return f"{base}?month={result}" if isinstance(result, str) else base

    def get_cancel_url(self):
        return self.object.get_absolute_url()

    def statements(self, month):
        return (AllowanceStatement.objects.visible_to(self.request.user)
                .filter(placement__batch__program=self.object, month=month, is_current=True)
                .select_related("placement__cadre", "placement__host_unit")
                .order_by("placement__cadre__pinyin", "pk"))

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return self.export(self.month())
        return super().get(request, *args, **kwargs)

    def export(self, month):
        """The month's statements with their 合计, as the page shows them (no personal data)."""
        from core.signals import security_event
        from imports import exporting, files

        statements = self.statements(month)
        rows = [[s.placement.cadre.name, s.placement.host_unit.name, s.days_on_post,
                 s.leave_days, f"{s.trips_taken}/{s.trips_allowed}", s.amount]
                for s in statements]
        totals = month_totals(statements)
        rows.append([_("合计"), "", totals["days"], totals["leave"], "", totals["amount"]])
        headers = [_("干部"), _("接收单位"), _("在岗天数"), _("请假天数"), _("实际往返次数"),
                   _("补助金额（元）")]
        title = _("%(program)s %(month)s 生活补助") % {"program": self.object.name,
                                                   "month": month}
        security_event.send(sender=type(self), kind="export", request=self.request,
                            page=self.request.path, format="xlsx", filters=f"month={month}")
        return exporting.download(files.write_xlsx(headers, rows, title[:31],
                                                   widths={0: 10, 1: 24}), "xlsx", title)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        month = self.month()
        statements = self.statements(month)
        ctx.update({"month": month, "statements": statements,
                    "totals": month_totals(statements),
                    "previous": shift_month(month, -1), "next": shift_month(month, 1),
                    "settled": previous_month(timezone.localdate())})
        return ctx


def month_totals(statements) -> dict:
    """The 合计 of a month's statements: one aggregate over the page's own queryset."""
    from django.db.models import Count, Sum

    sums = statements.order_by().aggregate(days=Sum("days_on_post"), leave=Sum("leave_days"),
                                           amount=Sum("amount"), n=Count("pk"))
    return {key: value or 0 for key, value in sums.items()}


def shift_month(month: str, step: int) -> str:
    year, number = map(int, month.split("-"))
    index = year * 12 + number - 1 + step
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


class StatementCorrectView(ServiceFormView):
    roles = (Role.ORG_STAFF,)
    model = AllowanceStatement
    select_related = ("placement__cadre", "placement__batch__program")
    form_class = CorrectStatementForm
    template_name = "placements/statement_correct.html"
    title = gettext_lazy("更正结算单")
    submit_label = gettext_lazy("更正")
    success_message = gettext_lazy("结算单已更正，原结算单保留备查。")

    def get_initial(self):
        s = self.object
        return {"days_on_post": s.days_on_post, "leave_days": s.leave_days,
                "trips_taken": s.trips_taken}

    def perform(self, form):
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        return services.correct_statement(self.object, self.request.user, reason, **data)

    def get_success_url(self, result=None):
        program = self.object.placement.batch.program
        return (f"{reverse('placements:allowances', args=[program.pk])}"
                f"?month={self.object.month}")

    def get_breadcrumbs(self):
        program = self.object.placement.batch.program
        return [(str(program), program.get_absolute_url()),
                (_("生活补助结算"), self.get_success_url()), (str(self.title), None)]
