"""Lookups for pickers: `GET <resource>/lookup/?q=` → `[{"id", "label", "detail"}]`, at most
`LOOKUP_LIMIT`, of what the user sees (the endpoint's own `visible_to` queryset), so a page's
choice of one among thousands is typed, not scrolled. A viewset says how its rows match
(`lookup_search`) and read (`lookup_row`); an object out of scope is simply not among the
results, never an error that would confirm it exists. The endpoint's list filters narrow a
lookup too (`regions/lookup/?parent=…`, `cadres/lookup/?employer=…`): one filterset per
model; a filter the reader may not use (an id out of scope) answers no rows."""
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

LOOKUP_LIMIT = 20
# Longer text matches nothing a picker offers; it is cut, not refused (a pasted line).
MAX_QUERY = 100


class LookupRowSerializer(serializers.Serializer):
    """One choice: what the picker shows (`label`) and a line beside it (`detail`)."""

    id = serializers.IntegerField()
    label = serializers.CharField()
    detail = serializers.CharField(allow_blank=True)


class LookupMixin:
    """Adds `lookup/` to a scoped viewset. `lookup_order`: the rows offered first."""

    lookup_order: tuple = ("pk",)
    lookup_select_related: tuple = ()

    def lookup_queryset(self, queryset):
        """What may be chosen at all, of what the user sees (e.g. not what is retired)."""
        return queryset

    def lookup_search(self, queryset, text):
        raise NotImplementedError

    def lookup_row(self, obj) -> dict:
        return {"id": obj.pk, "label": str(obj), "detail": ""}

    def lookup_rows(self, objs, params) -> list[dict]:
        """The rows of the objects found; `params`: the narrowing filters, already checked."""
        return [self.lookup_row(obj) for obj in objs]

    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="关键字；空则列出前20项")],
        responses=LookupRowSerializer(many=True))
    @action(detail=False, methods=["get"], url_path="lookup", url_name="lookup",
            pagination_class=None,
            filter_backends=[])
    def lookup_choices(self, request):
        """选择器查找：按所输入的关键字，最多20项（仅限可见范围）。"""
        text = request.query_params.get("q", "").strip()[:MAX_QUERY]
        queryset = self.lookup_queryset(self.queryset.model.objects.visible_to(request.user)
                                        .select_related(*self.lookup_select_related))
        params = request.query_params.copy()
        params.pop("q", None)
        if params and self.filterset_class is not None:
            narrowing = self.filterset_class(params, queryset=queryset, request=request)
            narrowing.given_only, narrowing.picking = True, True
            if not narrowing.is_valid():
                return Response([])
            queryset = narrowing.qs
        if text:
            queryset = self.lookup_search(queryset, text)
        found = list(queryset.order_by(*self.lookup_order)[:LOOKUP_LIMIT])
        return Response(self.lookup_rows(found, params))
