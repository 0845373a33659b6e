from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext as _

from .calendar import previous_month
from .models import AllowancePolicy, Batch, Holiday, Program, ProgramTarget, Region, Track, Unit


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "parent", "is_mountain_island", "is_key_assistance"]
    list_filter = ["level", "is_mountain_island", "is_key_assistance"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "level", "region", "parent"]
    list_filter = ["kind", "level"]
    search_fields = ["name", "region__name"]
    autocomplete_fields = ["region", "parent"]
    list_select_related = ["region", "parent"]


class TrackInline(admin.TabularInline):
    model = Track
    extra = 0


class BatchInline(admin.TabularInline):
    model = Batch
    extra = 0
    fields = ["number", "name", "status", "report_by", "term_months", "planned_size"]
    show_change_link = True


class ProgramTargetInline(admin.TabularInline):
    model = ProgramTarget
    extra = 0
    autocomplete_fields = ["track"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "organizer", "start_date", "end_date", "target_total", "status"]
    list_filter = ["status"]
    search_fields = ["name", "organizer__name"]
    autocomplete_fields = ["organizer"]
    inlines = [TrackInline, BatchInline, ProgramTargetInline]
    date_hierarchy = "start_date"
    actions = ["generate_last_months_statements"]

    @admin.action(description=_("生成上月补助结算单"))
    def generate_last_months_statements(self, request, queryset):
        from placements.services import generate_month
        from secondment.exceptions import ServiceError

        month = previous_month(timezone.localdate())
        for program in queryset:
            try:
                outcome = generate_month(program, month, request.user)
            except ServiceError as exc:
                self.message_user(request, f"{program}：{exc.message}", messages.ERROR)
                continue
            summary = _("%(program)s %(month)s：新生成%(created)d张，已有%(existing)d张，"
                        "%(without)d个挂职未设补助政策")
            self.message_user(request, summary % {
                "program": program, "month": month, "created": len(outcome.created),
                "existing": outcome.existing, "without": outcome.without_policy})

    def get_queryset(self, request):
        return Program.objects.visible_to(request.user).select_related("organizer")


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ["name", "program", "kind", "target_count"]
    list_filter = ["kind"]
    search_fields = ["name", "program__name"]
    autocomplete_fields = ["program"]


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "mobilization_date", "report_by", "term_months",
                    "planned_size"]
    list_filter = ["status", "program"]
    search_fields = ["name", "program__name"]
    autocomplete_fields = ["program"]
    list_select_related = ["program"]


@admin.register(ProgramTarget)
class ProgramTargetAdmin(admin.ModelAdmin):
    list_display = ["name", "program", "track", "year", "target", "measure", "achieved_manual"]
    list_filter = ["measure", "year"]
    search_fields = ["name", "program__name"]
    autocomplete_fields = ["program", "track"]


@admin.register(AllowancePolicy)
class AllowancePolicyAdmin(admin.ModelAdmin):
    list_display = ["program", "track", "daily_allowance", "round_trips_per_month",
                    "accident_insurance", "insurance_premium"]
    list_filter = ["accident_insurance"]
    search_fields = ["program__name", "track__name"]
    autocomplete_fields = ["program", "track"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "is_workday"]
    list_filter = ["is_workday"]
    search_fields = ["name"]
    date_hierarchy = "date"
