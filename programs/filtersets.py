"""One filterset per model, shared by the API and the HTML list pages."""
import django_filters as filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.filtersets import ChoicesFilter, IdFilter, ScopedFilterSet, SearchMixin
from core.roles import Role

from .choices import BatchStatus, Level, ProgramStatus, TrackKind, UnitKind
from .models import AllowancePolicy, Batch, Holiday, Program, ProgramTarget, Region, Track, Unit


class RegionFilterSet(SearchMixin):
    level = ChoicesFilter(choices=Level.choices)
    within = IdFilter(method="filter_within", label=_("所属区划（含下级）"))
    current = filters.BooleanFilter(field_name="valid_to", lookup_expr="isnull",
                                    label=_("现行有效"))
    search_fields = ("name", "code")
    pinyin_paths = ("",)

    class Meta:
        model = Region
        fields = ["level", "parent", "code", "is_mountain_island", "is_key_assistance"]

    def filter_within(self, queryset, name, value):
        region = Region.objects.filter(pk=value).first()
        return queryset.within(region) if region else queryset.none()


class UnitFilterSet(SearchMixin):
    kind = ChoicesFilter(choices=UnitKind.choices)
    level = ChoicesFilter(choices=Level.choices)
    within = IdFilter(method="filter_within", label=_("所在区划（含下级）"))
    pinyin_paths = ("",)
    scope = filters.ChoiceFilter(
        choices=[("mine", _("本部门相关单位")), ("all", _("全部单位"))], method="filter_scope",
        label=_("范围"), empty_label=None,
        help_text=_("默认：组织部看本地区、本部门登记和参与本部门项目的单位"))

    class Meta:
        model = Unit
        fields = ["kind", "level", "region", "parent"]

    def filter_queryset(self, queryset):
        """A department's directory starts with the units it works with (`scope=mine`);
        `scope=all` lists the nation's. Other users list every unit unless they ask."""
        queryset = super().filter_queryset(queryset)
        user = getattr(self.request, "user", None)
        # A picker (core.api.lookup) offers every unit, those worked with first.
        if (not self.form.cleaned_data.get("scope") and not getattr(self, "picking", False)
                and getattr(user, "role", None) in (Role.ORG_STAFF, Role.MANAGER)):
            return self.filter_scope(queryset, "scope", "mine")
        return queryset

    def filter_scope(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if value == "mine" and user is not None:
            return queryset.filter(pk__in=Unit.objects.worked_with_by(user).values("pk"))
        return queryset

    def filter_within(self, queryset, name, value):
        region = Region.objects.filter(pk=value).first()
        return queryset.filter(region__path__startswith=region.path) if region else queryset.none()


class ProgramFilterSet(SearchMixin):
    status = ChoicesFilter(choices=ProgramStatus.choices)
    start_after = filters.DateFilter(field_name="start_date", lookup_expr="gte",
                                     label=_("开始日期不早于"))
    start_before = filters.DateFilter(field_name="start_date", lookup_expr="lte",
                                      label=_("开始日期不晚于"))

    class Meta:
        model = Program
        fields = ["status", "organizer"]


class TrackFilterSet(SearchMixin):
    kind = ChoicesFilter(choices=TrackKind.choices)

    class Meta:
        model = Track
        fields = ["program", "kind"]


class BatchFilterSet(SearchMixin):
    status = ChoicesFilter(choices=BatchStatus.choices)

    class Meta:
        model = Batch
        fields = ["program", "status", "number"]


class ProgramTargetFilterSet(SearchMixin):
    class Meta:
        model = ProgramTarget
        fields = ["program", "track", "year"]


class AllowancePolicyFilterSet(ScopedFilterSet):
    class Meta:
        model = AllowancePolicy
        fields = ["program", "track"]


class YearFilter(filters.NumberFilter):
    """A calendar year as a whole number in a range dates can hold (year 0 is no date)."""

    field_class = forms.IntegerField


class HolidayFilterSet(filters.FilterSet):
    year = YearFilter(field_name="date", lookup_expr="year", label=_("年份"), min_value=1900,
                      max_value=2100)
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte", label=_("起始日期"))
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte", label=_("截止日期"))

    class Meta:
        model = Holiday
        fields = ["is_workday"]
