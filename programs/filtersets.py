"""One filterset per model, shared by the API and the HTML list pages."""
import copy
from functools import partial

import django_filters as filters
from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_filters.filters import FilterMethod

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

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # FilterSet.__init__ deep-copied every filter with its querysets on each request
        # (a third of a list request's Python: 7 of 20 ms for a 50-row placements page); a
        # filter keeps no state of its own but its field, its parent and its label, so a
        # shallow copy with its method rebound does.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: _fresh(f, self, queryset.model)
                        for name, f in self.base_filters.items()}
        user = getattr(request, "user", None)
        for f in self.filters.values():
            qs = getattr(f, "queryset", None)
            if qs is not None and not callable(qs) and hasattr(qs, "visible_to"):
                # Scoped when the drop-down is built (django-filter calls it with the
                # request), not for every request that never shows or validates it.
                f.queryset = partial(_scoped_choices, qs, user)


    def get_form_class(self):
        """The API validates only the filters it was given (`given_only`, set by its filter
        backend): building every drop-down's scoped queryset for a form nobody sees was a
        quarter of a list request. Pages render the whole form."""
        if not getattr(self, "given_only", False):
            return super().get_form_class()
        keys = set(self.data.keys())
        fields = {name: f.field for name, f in self.filters.items()
                  if name in keys or any(k.startswith(f"{name}_") for k in keys)}
        return type(f"{self.__class__.__name__}Form", (self._meta.form,), fields)


def _fresh(base, filterset, model):
    f = copy.copy(base)
    if isinstance(base.filter, FilterMethod):
        f.filter = FilterMethod(f)
    f.model, f.parent = model, filterset
    return f


def _scoped_choices(qs, user, request=None):
    if user is None:
        return qs.none()
    # A choice is labelled by str(): fetch what the label reads in the same query.
    return qs.visible_to(user).select_related(*getattr(qs.model, "label_related", ()))


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
