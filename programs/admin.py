from django import forms
from django.contrib import admin

from core.admin import ScopedAdmin, ScopedInline

from . import batches, services
from .batches import status_edit_error
from .choices import LeaveKind
from .models import AllowancePolicy, Batch, Holiday, Program, ProgramTarget, Region, Track, Unit


class ReferenceDataAdmin(ScopedAdmin):
    """The nation's reference data: read by every admin user, written by the system's
    administrators (services.check_keep_reference_data)."""

    def has_add_permission(self, request, *args):
        return (services.can_keep_reference_data(request.user)
                and super().has_add_permission(request, *args))

    def has_change_permission(self, request, obj=None):
        return (services.can_keep_reference_data(request.user)
                and super().has_change_permission(request, obj))

    def has_delete_permission(self, request, obj=None):
        return (services.can_keep_reference_data(request.user)
                and super().has_delete_permission(request, obj))


@admin.register(Region)
class RegionAdmin(ReferenceDataAdmin):
    list_display = ["name", "code", "level", "parent", "is_mountain_island", "is_key_assistance"]
    list_filter = ["level", "is_mountain_island", "is_key_assistance"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    list_display = ["name", "kind", "level", "region", "parent"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or services.can_keep_unit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or services.can_keep_unit(request.user, obj))

    def save_model(self, request, obj, form, change):
        services.save_unit(request.user, obj)  # the API's and the import's path
    list_filter = ["kind", "level"]
    search_fields = ["name", "region__name"]
    autocomplete_fields = ["region", "parent"]
    list_select_related = ["region", "parent"]


class TrackInline(ScopedInline, admin.TabularInline):
    model = Track
    extra = 0


class BatchInline(ScopedInline, admin.TabularInline):
    model = Batch
    extra = 0
    fields = ["number", "name", "status", "report_by", "term_months", "planned_size"]
    show_change_link = True


class ProgramTargetInline(ScopedInline, admin.TabularInline):
    model = ProgramTarget
    extra = 0
    autocomplete_fields = ["track"]


@admin.register(Program)
class ProgramAdmin(ScopedAdmin):
    list_display = ["name", "organizer", "start_date", "end_date", "target_total", "status"]
    list_filter = ["status"]
    search_fields = ["name", "organizer__name"]
    autocomplete_fields = ["organizer", "participants"]
    inlines = [TrackInline, BatchInline, ProgramTargetInline]
    date_hierarchy = "start_date"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        region = request.user.department_region
        if db_field.name == "organizer" and not request.user.is_superuser:
            # A department runs its own programs and those of the departments below it.
            field.queryset = field.queryset.filter(
                region__path__startswith=region.path) if region else field.queryset.none()
        return field

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organizer")


@admin.register(Track)
class TrackAdmin(ScopedAdmin):
    list_display = ["name", "program", "kind", "target_count"]
    list_filter = ["kind"]
    search_fields = ["name", "program__name"]
    autocomplete_fields = ["program"]


class BatchAdminForm(forms.ModelForm):
    def clean_status(self):
        status = self.cleaned_data["status"]
        error = self.instance.pk and status_edit_error(self.instance.status, status)
        if error:
            raise forms.ValidationError(error)
        return status


@admin.register(Batch)
class BatchAdmin(ScopedAdmin):
    form = BatchAdminForm
    list_display = ["__str__", "status", "mobilization_date", "report_by", "term_months",
                    "planned_size"]
    list_filter = ["status", "program"]
    search_fields = ["name", "program__name"]
    autocomplete_fields = ["program"]
    list_select_related = ["program"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            batches.announce(obj, request.user)  # created open: its units are told


@admin.register(ProgramTarget)
class ProgramTargetAdmin(ScopedAdmin):
    list_display = ["name", "program", "track", "year", "target", "measure", "achieved_manual"]
    list_filter = ["measure", "year"]
    search_fields = ["name", "program__name"]
    autocomplete_fields = ["program", "track"]


class AllowancePolicyAdminForm(forms.ModelForm):
    # The kinds as boxes to tick, not a JSON list to type.
    on_post_leave_kinds = forms.MultipleChoiceField(
        label=AllowancePolicy._meta.get_field("on_post_leave_kinds").verbose_name,
        choices=LeaveKind.choices, widget=forms.CheckboxSelectMultiple, required=False,
        help_text=AllowancePolicy._meta.get_field("on_post_leave_kinds").help_text)

    class Meta:
        model = AllowancePolicy
        fields = ["program", "track", "daily_allowance", "round_trips_per_month",
                  "accident_insurance", "insurance_premium", "home_approval_leave_days",
                  "department_approval_leave_days", "on_post_leave_kinds"]


@admin.register(AllowancePolicy)
class AllowancePolicyAdmin(ScopedAdmin):
    form = AllowancePolicyAdminForm
    list_display = ["program", "track", "daily_allowance", "round_trips_per_month",
                    "accident_insurance", "insurance_premium"]
    list_filter = ["accident_insurance"]
    search_fields = ["program__name", "track__name"]
    autocomplete_fields = ["program", "track"]


@admin.register(Holiday)
class HolidayAdmin(ReferenceDataAdmin):
    list_display = ["date", "name", "is_workday"]
    list_filter = ["is_workday"]
    search_fields = ["name"]
    date_hierarchy = "date"
