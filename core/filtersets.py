"""What every app's filtersets share: ids and choice codes as filters, drop-downs scoped to
the requesting user, and the `q` search."""
from functools import partial

import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelMultipleChoiceField

from .pinyin import latin_query


class IdFilter(filters.NumberFilter):
    """An id: a whole number a database key can hold (a larger one is a 400, not a 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class BoundedIdsField(ModelMultipleChoiceField):
    """Ids checked to be whole numbers a database key can hold before they are looked up: a
    larger one is a 400 (SQLite cannot even bind it, and answered 500)."""

    def clean(self, value):
        for item in value or ():
            text = str(item).strip()
            if not text.isdigit() or not 1 <= int(text) <= 2**63 - 1:
                raise forms.ValidationError(self.error_messages["invalid_pk_value"],
                                            code="invalid_pk_value", params={"pk": item})
        return super().clean(value)


class IdsFilter(filters.ModelMultipleChoiceFilter):
    """One or more ids of a many-to-many relation (?expertise=1&expertise=2)."""

    field_class = BoundedIdsField


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
        super().__init__(data, queryset, request=request, prefix=prefix)
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
            for f in self.filters.values():
                _labelled(f)
            return super().get_form_class()
        keys = set(self.data.keys())
        fields = {name: _labelled(f) for name, f in self.filters.items()
                  if name in keys or any(k.startswith(f"{name}_") for k in keys)}
        return type(f"{self.__class__.__name__}Form", (self._meta.form,), fields)


def _labelled(f):
    """The filter's form field, labelled in this request's language. The API schema builds
    the fields of the class's own filters before any request (drf-spectacular reads
    `base_filters`, which have no model yet, so no label): every later copy kept a field
    labelled None, which a form shows as its English name (Status, Rank)."""
    field = f.field
    if field.label is None:
        field.label = f.label
    return field


def _scoped_choices(qs, user, request=None):
    if user is None:
        return qs.none()
    # A choice is labelled by str(): fetch what the label reads in the same query.
    return qs.visible_to(user).select_related(*getattr(qs.model, "label_related", ()))


class SearchMixin(ScopedFilterSet):
    q = filters.CharFilter(method="search", label=_("搜索"))
    search_fields: tuple = ("name",)
    # Where a Latin query (zsq, kaihua) is looked up as pinyin (core.pinyin): "" the model
    # itself, "receiving_unit__" a related one; the lookups' pickers match the same way.
    pinyin_paths: tuple = ()

    def search(self, queryset, name, value):
        text = value.strip()
        query = Q()
        for field in self.search_fields:
            query |= Q(**{f"{field}__icontains": text})
        latin = latin_query(text)
        for path in self.pinyin_paths if latin else ():
            query |= Q(**{f"{path}pinyin_terms__contains": f" {latin}"})
        return queryset.filter(query | self.more_matches(text))

    def more_matches(self, text) -> Q:
        """Further ways a row matches `text` (a cadre's name by its indexed terms)."""
        return Q(pk__in=[])
