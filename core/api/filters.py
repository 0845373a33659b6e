"""The API's filter backend: django-filter's, validating only the filters a request gives."""
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend


class FilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        # See ScopedFilterSet.get_form_class; the browsable API's filter form (to_html)
        # is another filterset, with every field.
        filterset.given_only = True
        if not filterset.is_valid() and self.raise_exception:
            raise utils.translate_validation(filterset.errors)
        return filterset.qs
