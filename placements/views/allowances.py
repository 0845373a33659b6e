"""Living allowance statements on pages: org staff settle a month for a program and correct
a statement (the original is kept, superseded)."""
from django.contrib import messages
from django.urls import reverse
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
        from django.utils import timezone

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

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        month = self.month()
        ctx["month"] = month
        ctx["statements"] = (
            AllowanceStatement.objects.visible_to(self.request.user)
            .filter(placement__batch__program=self.object, month=month, is_current=True)
            .select_related("placement__cadre", "placement__host_unit")
            .order_by("placement__cadre__name"))
        return ctx


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
