from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin import ScopedAdmin, ScopedInline
from core.exceptions import ServiceError
from programs import admin as programs_admin
from programs.calendar import previous_month
from programs.models import Program

from . import services
from .models import (
    Achievement,
    Agreement,
    AllowanceStatement,
    Appraisal,
    DemandOrder,
    EligibilityRule,
    Extension,
    Handover,
    Inspection,
    LaterUse,
    Leave,
    MatchProposal,
    Nomination,
    Offer,
    OrderEvent,
    Placement,
    PlacementEvent,
    ReadinessItem,
    Recall,
    ReturnPlan,
    WorkLog,
)


class OrderEventInline(ScopedInline, admin.TabularInline):
    model = OrderEvent
    extra = 0
    readonly_fields = ["from_status", "to_status", "actor", "note", "created_at"]
    can_delete = False


class ReadOnlyAdminMixin:
    """Kept by its workflow (units write it on pages and the API, the system generates it):
    the admin reads it, and its actions are the workflow's steps."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StepActionsMixin:
    def run_each(self, request, queryset, step, done_message):
        done = 0
        for obj in queryset:
            try:
                step(obj, request.user)
                done += 1
            except ServiceError as exc:
                self.message_user(request, f"{obj}：{exc.message}", messages.ERROR)
        if done:
            self.message_user(request, done_message % done, messages.SUCCESS)


class ServiceAdmin(StepActionsMixin, ScopedAdmin):
    """An admin whose saves and actions are workflow steps: a refused step shows its Chinese
    message and changes nothing (the admin's transaction is rolled back)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


@admin.register(DemandOrder)
class DemandOrderAdmin(ReadOnlyAdminMixin, StepActionsMixin, ScopedAdmin):
    """Receiving units draft orders on their pages; here the department reviews them."""

    list_display = ["title", "receiving_unit", "batch", "post_title", "headcount",
                    "filled_count", "status", "submitted_at"]
    list_filter = ["status", "batch__program", "batch"]
    search_fields = ["title", "post_title", "receiving_unit__name"]
    list_select_related = ["receiving_unit", "batch__program"]
    inlines = [OrderEventInline]
    actions = ["approve", "close"]

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("审核通过所选订单"))
    def approve(self, request, queryset):
        self.run_each(request, queryset, services.approve_order, _("已审核通过%d个订单"))

    @admin.action(description=_("关闭所选订单"))
    def close(self, request, queryset):
        self.run_each(request, queryset, services.close_order, _("已关闭%d个订单"))


@admin.register(EligibilityRule)
class EligibilityRuleAdmin(ScopedAdmin):
    """A program's 资格条件: kept by its department (the model's clean checks each kind)."""

    list_display = ["__str__", "program", "kind", "created_at"]
    list_filter = ["kind", "program"]
    autocomplete_fields = ["program"]


@admin.register(Agreement)
class AgreementAdmin(ScopedAdmin):
    """挂职任务书: drafted, confirmed and changed through its steps (pages, API)."""

    list_display = ["__str__", "version", "is_current", "confirmed_by_home_at",
                    "confirmed_by_host_at", "confirmed_by_cadre_at"]
    list_filter = ["is_current"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Agreement._meta.fields]

    def has_add_permission(self, request):
        return False


class StepRecordAdmin(ScopedAdmin):
    """A record the term's steps write (pages, API): read here, never edited past its steps."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Extension)
class ExtensionAdmin(StepRecordAdmin):
    list_display = ["__str__", "status", "requested_at", "home_consented_at",
                    "cadre_agreed_at", "applied_at"]
    list_filter = ["status"]


@admin.register(ReadinessItem)
class ReadinessItemAdmin(StepRecordAdmin):
    list_display = ["__str__", "done_at"]


@admin.register(Handover)
class HandoverAdmin(StepRecordAdmin):
    list_display = ["__str__", "written_at", "confirmed_by_incoming_at", "confirmed_by_host_at"]


@admin.register(ReturnPlan)
class ReturnPlanAdmin(StepRecordAdmin):
    list_display = ["__str__", "status", "consented_at", "followed_up_at"]
    list_filter = ["status"]


@admin.register(LaterUse)
class LaterUseAdmin(StepRecordAdmin):
    list_display = ["__str__", "kind", "date"]
    list_filter = ["kind"]


@admin.register(Recall)
class RecallAdmin(StepRecordAdmin):
    list_display = ["__str__", "side", "status", "proposed_at", "decided_at"]
    list_filter = ["status"]


@admin.register(Offer)
class OfferAdmin(ScopedAdmin):
    """A second round's offers: answered by the dispatching unit on its page or the API."""

    list_display = ["__str__", "round", "expires_at", "status", "decided_at"]
    list_filter = ["status", "round"]
    readonly_fields = ["batch", "order", "nomination", "round", "score", "reasons",
                       "expires_at", "status", "decided_by", "decided_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdminMixin, StepActionsMixin, ScopedAdmin):
    list_display = ["cadre", "batch", "dispatching_unit", "order", "self_matched", "status"]
    list_filter = ["status", "self_matched", "batch__program", "batch"]
    search_fields = ["cadre__name", "dispatching_unit__name"]
    list_select_related = ["cadre", "batch__program", "dispatching_unit", "order"]
    actions = ["withdraw"]

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("撤回所选推荐"))
    def withdraw(self, request, queryset):
        self.run_each(request, queryset, services.withdraw_nomination, _("已撤回%d条推荐"))


@admin.register(MatchProposal)
class MatchProposalAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    """Proposals are decided on the matching board (or confirm-matches), never edited here."""

    list_display = ["nomination", "order", "score", "self_matched", "status", "changed_by"]
    list_filter = ["status", "self_matched", "batch"]
    search_fields = ["nomination__cadre__name", "order__title"]
    list_select_related = ["nomination__cadre", "order__receiving_unit"]

    def has_change_permission(self, request, obj=None):
        return False


class PlacementEventInline(ScopedInline, admin.TabularInline):
    model = PlacementEvent
    extra = 0
    readonly_fields = ["kind", "actor", "note", "data", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Placement)
class PlacementAdmin(ReadOnlyAdminMixin, ServiceAdmin):
    """Only the post and the track are corrected here (through the service); every other
    change is a step: training, start, extension, end, pairing, replacement."""

    list_display = ["cadre", "home_unit", "host_unit", "post_title", "direction",
                    "start_date", "planned_end_date", "status"]
    list_filter = ["status", "direction", "batch__program", "batch", "home_unit__kind",
                   "host_unit__region__is_mountain_island"]
    search_fields = ["cadre__name", "host_unit__name", "home_unit__name", "post_title"]
    autocomplete_fields = ["track"]
    list_select_related = ["cadre", "home_unit", "host_unit"]
    date_hierarchy = "start_date"
    inlines = [PlacementEventInline]
    fields = ["cadre", "batch", "track", "order", "nomination", "home_unit", "host_unit",
              "post_title", "direction", "start_date", "planned_end_date", "actual_end_date",
              "status", "end_reason", "partner", "replaces", "host_confirmed_start_at",
              "home_confirmed_start_at", "host_confirmed_end_at", "home_confirmed_end_at"]
    readonly_fields = [f for f in fields if f not in services.lifecycle.ALWAYS_EDITABLE]
    actions = ["begin_training"]

    def save_model(self, request, obj, form, change):
        services.update_placement(obj, request.user,
                                  **{name: form.cleaned_data[name] for name in form.changed_data})

    @admin.action(description=_("所选挂职开始岗前培训"))
    def begin_training(self, request, queryset):
        self.run_each(request, queryset, services.begin_training, _("%d个挂职已开始岗前培训"))


class PlacementChildAdmin(ServiceAdmin):
    autocomplete_fields = ["placement"]
    list_select_related = ["placement__cadre"]
    search_fields = ["placement__cadre__name"]


@admin.register(Leave)
class LeaveAdmin(ReadOnlyAdminMixin, PlacementChildAdmin):
    list_display = ["placement", "start_date", "end_date", "days", "needs_home_approval",
                    "status"]
    list_filter = ["status", "kind", "needs_home_approval", "needs_department_approval"]
    date_hierarchy = "start_date"
    actions = ["approve", "report_back"]

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("批准所选请假（代接收单位和派出单位）"))
    def approve(self, request, queryset):
        self.run_each(request, queryset,
                      lambda leave, user: services.decide_leave(leave, user, True),
                      _("已批准%d条请假"))

    @admin.action(description=_("为所选请假销假"))
    def report_back(self, request, queryset):
        self.run_each(request, queryset, services.report_back, _("已销假%d条"))


@admin.register(WorkLog)
class WorkLogAdmin(ReadOnlyAdminMixin, PlacementChildAdmin):
    """The diary is the cadre's and the host unit confirms it; the department reads it."""

    list_display = ["placement", "date", "category", "status", "reviewed_at"]
    list_filter = ["status", "category"]
    search_fields = ["placement__cadre__name", "content"]
    date_hierarchy = "date"

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Inspection)
class InspectionAdmin(PlacementChildAdmin):
    list_display = ["placement", "kind", "status", "scheduled_date", "date", "rating",
                    "inspector"]
    list_filter = ["status", "kind", "rating"]
    fields = ["placement", "kind", "scheduled_date", "date", "findings", "rating"]

    def save_model(self, request, obj, form, change):
        user = request.user
        if change:
            obj.pk = services.complete_inspection(obj, user, obj.date, obj.findings,
                                                  obj.rating).pk
        elif obj.date:
            obj.pk = services.record_inspection(user, obj.placement, obj.date, obj.findings,
                                                obj.rating, obj.kind).pk
        else:
            obj.pk = services.schedule_inspection(user, obj.placement, obj.scheduled_date,
                                                  obj.kind).pk


@admin.register(Achievement)
class AchievementAdmin(PlacementChildAdmin):
    list_display = ["title", "placement", "category", "amount", "count", "date", "verified"]
    list_filter = ["category", "verified"]
    search_fields = ["title", "placement__cadre__name"]
    fields = ["placement", "category", "title", "amount", "count", "date", "evidence",
              "evidence_file"]
    actions = ["verify"]

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.changed_data
                if name != "placement"}
        if change:
            services.edit_achievement(obj, request.user, **data)
        else:
            obj.pk = services.record_achievement(
                request.user, obj.placement,
                **{k: getattr(obj, k) for k in services.achievements.EDITABLE_FIELDS}).pk

    def delete_model(self, request, obj):
        services.delete_achievement(obj, request.user)

    @admin.action(description=_("核实所选成果"))
    def verify(self, request, queryset):
        self.run_each(request, queryset, services.verify_achievement, _("已核实%d项成果"))


@admin.register(Appraisal)
class AppraisalAdmin(PlacementChildAdmin):
    list_display = ["placement", "kind", "side", "year", "grade"]
    list_filter = ["kind", "side", "grade", "year"]
    fields = ["placement", "kind", "side", "year", "grade", "comments"]

    def get_readonly_fields(self, request, obj=None):
        return ["placement", "kind", "side", "year"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            services.edit_appraisal(obj, request.user, obj.grade, obj.comments)
        else:
            obj.pk = services.record_appraisal(request.user, obj.placement, obj.kind, obj.grade,
                                               obj.comments, side=obj.side, year=obj.year).pk


@admin.register(AllowanceStatement)
class AllowanceStatementAdmin(ReadOnlyAdminMixin, PlacementChildAdmin):
    """Saving a statement makes its correction; the original is kept as it was."""

    list_display = ["placement", "month", "days_on_post", "leave_days", "amount",
                    "trips_allowed", "trips_taken", "insured", "is_current"]
    list_filter = ["month", "insured", "is_current"]
    fields = ["placement", "month", "daily_allowance", "days_on_post", "leave_days",
              "trips_allowed", "trips_taken", "insured", "amount", "is_current", "corrects",
              "correction_reason"]
    readonly_fields = ["placement", "month", "daily_allowance", "trips_allowed", "insured",
                       "amount", "is_current", "corrects"]

    def save_model(self, request, obj, form, change):
        corrected = services.correct_statement(
            obj, request.user, obj.correction_reason,
            **{name: form.cleaned_data[name] for name in services.allowances.CORRECTABLE})
        obj.pk = corrected.pk


@admin.register(PlacementEvent)
class PlacementEventAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    """The record of what happened: read, never edited or deleted."""

    list_display = ["placement", "kind", "actor", "created_at"]
    list_filter = ["kind"]
    search_fields = ["placement__cadre__name"]
    list_select_related = ["placement__cadre", "actor"]

    def has_change_permission(self, request, obj=None):
        return False


class ProgramAdmin(programs_admin.ProgramAdmin):
    """The program's admin with the allowance step, which belongs to this app: the programs
    app does not know the placements above it."""

    actions = ["generate_last_months_statements"]

    @admin.action(description=_("生成上月补助结算单"))
    def generate_last_months_statements(self, request, queryset):
        month = previous_month(timezone.localdate())
        for program in queryset:
            try:
                outcome = services.generate_month(program, month, request.user)
            except ServiceError as exc:
                self.message_user(request, f"{program}：{exc.message}", messages.ERROR)
                continue
            summary = _("%(program)s %(month)s：新生成%(created)d张，已有%(existing)d张，"
                        "%(without)d个挂职未设补助政策")
            self.message_user(request, summary % {
                "program": program, "month": month, "created": len(outcome.created),
                "existing": outcome.existing, "without": outcome.without_policy})


admin.site.unregister(Program)
admin.site.register(Program, ProgramAdmin)
