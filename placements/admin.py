from django.contrib import admin

from .models import (
    Achievement,
    AllowanceStatement,
    Appraisal,
    DemandOrder,
    Inspection,
    Leave,
    MatchProposal,
    Nomination,
    OrderEvent,
    Placement,
    PlacementEvent,
    WorkLog,
)


class ScopedAdmin(admin.ModelAdmin):
    """Admin lists go through the same visible_to(user) scoping as the API and pages."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


class OrderEventInline(admin.TabularInline):
    model = OrderEvent
    extra = 0
    readonly_fields = ["from_status", "to_status", "actor", "note", "created_at"]
    can_delete = False


@admin.register(DemandOrder)
class DemandOrderAdmin(ScopedAdmin):
    list_display = ["title", "receiving_unit", "batch", "post_title", "headcount",
                    "filled_count", "status", "submitted_at"]
    list_filter = ["status", "batch__program", "batch"]
    search_fields = ["title", "post_title", "receiving_unit__name"]
    autocomplete_fields = ["batch", "receiving_unit", "expertise", "created_by"]
    list_select_related = ["receiving_unit", "batch__program"]
    readonly_fields = ["filled_count", "submitted_at", "reviewed_at"]
    inlines = [OrderEventInline]


@admin.register(Nomination)
class NominationAdmin(ScopedAdmin):
    list_display = ["cadre", "batch", "dispatching_unit", "order", "self_matched", "status"]
    list_filter = ["status", "self_matched", "batch__program", "batch"]
    search_fields = ["cadre__name", "dispatching_unit__name"]
    autocomplete_fields = ["cadre", "batch", "order", "dispatching_unit", "nominated_by"]
    list_select_related = ["cadre", "batch__program", "dispatching_unit", "order"]


@admin.register(MatchProposal)
class MatchProposalAdmin(ScopedAdmin):
    list_display = ["nomination", "order", "score", "self_matched", "status", "changed_by"]
    list_filter = ["status", "self_matched", "batch"]
    search_fields = ["nomination__cadre__name", "order__title"]
    autocomplete_fields = ["batch", "nomination", "order", "changed_by"]
    list_select_related = ["nomination__cadre", "order__receiving_unit"]


class PlacementEventInline(admin.TabularInline):
    model = PlacementEvent
    extra = 0
    readonly_fields = ["kind", "actor", "note", "data", "created_at"]
    can_delete = False


@admin.register(Placement)
class PlacementAdmin(ScopedAdmin):
    list_display = ["cadre", "home_unit", "host_unit", "post_title", "direction",
                    "start_date", "planned_end_date", "status"]
    list_filter = ["status", "direction", "batch__program", "batch", "home_unit__kind",
                   "host_unit__region__is_mountain_island"]
    search_fields = ["cadre__name", "host_unit__name", "home_unit__name", "post_title"]
    autocomplete_fields = ["cadre", "batch", "track", "order", "nomination", "home_unit",
                           "host_unit", "partner", "replaces"]
    list_select_related = ["cadre", "home_unit", "host_unit"]
    date_hierarchy = "start_date"
    inlines = [PlacementEventInline]


class PlacementChildAdmin(ScopedAdmin):
    autocomplete_fields = ["placement"]
    list_select_related = ["placement__cadre"]
    search_fields = ["placement__cadre__name"]


@admin.register(Leave)
class LeaveAdmin(PlacementChildAdmin):
    list_display = ["placement", "start_date", "end_date", "days", "status"]
    list_filter = ["status"]
    readonly_fields = ["days"]


@admin.register(WorkLog)
class WorkLogAdmin(PlacementChildAdmin):
    list_display = ["placement", "date", "category", "status"]
    list_filter = ["status", "category"]
    date_hierarchy = "date"


@admin.register(Inspection)
class InspectionAdmin(PlacementChildAdmin):
    list_display = ["placement", "kind", "status", "scheduled_date", "date", "rating"]
    list_filter = ["status", "kind", "rating"]


@admin.register(Achievement)
class AchievementAdmin(PlacementChildAdmin):
    list_display = ["title", "placement", "category", "amount", "count", "date", "verified"]
    list_filter = ["category", "verified"]
    search_fields = ["title", "placement__cadre__name"]


@admin.register(Appraisal)
class AppraisalAdmin(PlacementChildAdmin):
    list_display = ["placement", "kind", "side", "year", "grade"]
    list_filter = ["kind", "side", "grade", "year"]


@admin.register(AllowanceStatement)
class AllowanceStatementAdmin(PlacementChildAdmin):
    list_display = ["placement", "month", "days_on_post", "amount", "trips_allowed",
                    "insured", "is_current"]
    list_filter = ["month", "insured", "is_current"]
    readonly_fields = ["corrects"]


@admin.register(PlacementEvent)
class PlacementEventAdmin(PlacementChildAdmin):
    list_display = ["placement", "kind", "actor", "created_at"]
    list_filter = ["kind"]
