"""One filterset per model, shared by the API and the HTML list pages."""
import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import BatchStatus, Level, ProgramStatus, TrackKind, UnitKind
from .models import AllowancePolicy, Batch, Holiday, Program, ProgramTarget, Region, Track, Unit


class IdFilter(filters.NumberFilter):
    """An id: a whole number a database key can hold (a larger one is a 400, not a 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class ChoicesFilter(filters.MultipleChoiceFilter):
    """One or more codes of a choice column (?status=a&status=b). The column is the row's
    own, so no DISTINCT: django-filter's default added one, which sorted whole lists by
    every column (national diary awaiting review: 98 ms; 12 ms without)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


class ScopedFilterSet(filters.FilterSet):
    """Drop-downs of related objects list only what the requesting user may see (in the API's
    browsable filters and on the pages alike)."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        for f in self.filters.values():
            qs = getattr(f, "queryset", None)
            if qs is not None and not callable(qs) and hasattr(qs, "visible_to"):
                # A choice is labelled by str(): fetch what the label reads in the same query.
                related = getattr(qs.model, "label_related", ())
                f.queryset = (qs.visible_to(user).select_related(*related) if user is not None
                              else qs.none())


class SearchMixin(ScopedFilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"))
    search_fields: tuple = ("name",)

    def search(self, queryset, name, value):
        query = Q()
        for field in self.search_fields:
            query |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(query)


class RegionFilterSet(SearchMixin):
    level = ChoicesFilter(choices=Level.choices)
    within = IdFilter(method="filter_within", label=_("所属区划（含下级）"))
    search_fields = ("name", "code")

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

    class Meta:
        model = Unit
        fields = ["kind", "level", "region", "parent"]

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
