"""Pages of a list that stay cheap however large the table (the API's and the pages' lists).

- The count is exact up to `LIST_COUNT_CAP` rows; past it the database is not asked to scan
  every row on every page: the count is PostgreSQL's estimate and `count_exact` is false.
- `?page=` works as the contract says. Past the first `KEYSET_FROM` rows the `next` link
  carries `?after=` (the last row's sort key) instead of a page number: the following page is
  read from an index position (keyset), not by skipping rows, so a deep page costs what the
  first one does. A client that follows `next` never sees the difference.
"""
import json

from django.conf import settings
from django.core import signing
from django.core.paginator import Page
from django.core.paginator import Paginator as DjangoPaginator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param


def capped_count(queryset, cap=None):
    """(count, exact): the exact count up to `cap`, else the planner's estimate (never less
    than cap + 1) — one LIMITed scan instead of a count of the whole table."""
    cap = settings.LIST_COUNT_CAP if cap is None else cap
    counted = queryset.order_by()[:cap + 1].count()
    if counted <= cap:
        return counted, True
    return max(_estimate(queryset), cap + 1), False


def _estimate(queryset):
    from django.db import connections

    if connections[queryset.db].vendor != "postgresql":
        return 0
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def rows_of(queryset, start, stop):
    """The rows [start:stop) of the queryset in its order, read in two steps: the keys of the
    slice (its filters and order over the table's own columns and indexes, without the joins
    that only display needs), then those rows with their related rows. In one step the
    database joined every candidate row before sorting or skipping: a department's 20th page
    of placements took 30 ms of SQL nationally (its first 4.8); keys first, about 1.5 ms."""
    keys = list(queryset.values_list("pk", flat=True)[start:stop])
    if not keys:
        return []
    found = {row.pk: row for row in queryset.order_by().filter(pk__in=keys)}
    return [found[key] for key in keys if key in found]


# --- keyset ----------------------------------------------------------------------------
def keyset_fields(queryset):
    """The queryset's ordering as [(field, descending)], ending in the primary key, when every
    field is a non-null column of the model itself (else None: no keyset)."""
    query = queryset.query
    ordering = list(query.order_by or (query.default_ordering and query.get_meta().ordering)
                    or [])
    fields, meta = [], queryset.model._meta
    for item in ordering:
        if not isinstance(item, str) or "__" in item or item == "?":
            return None
        name = item.lstrip("-")
        name = meta.pk.name if name == "pk" else name
        try:
            field = meta.get_field(name)
        except Exception:  # noqa: BLE001 - an annotation or an unknown name: no keyset
            return None
        if field.null or field.is_relation and not field.concrete:
            return None
        fields.append((field.attname, item.startswith("-")))
        if field.primary_key:
            return fields
    fields.append((meta.pk.attname, bool(fields and fields[-1][1])))
    return fields


MAX_PAGE = 10**7

# A cursor is signed (django.core.signing) with the order it belongs to: a client can follow
# it but not forge one — a made-up position over a field the reader sees masked would let it
# search for the field's values.
CURSOR_SALT = "core.api.pagination.cursor"


def encode_cursor(fields, values):
    return signing.dumps({"f": [name for name, _desc in fields],
                          "v": [_plain(value) for value in values]},
                         salt=CURSOR_SALT, compress=True)


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def after(queryset, fields, cursor):
    """The rows after `cursor` in the queryset's order."""
    from django.db.models import Q

    try:
        signed = signing.loads(cursor, salt=CURSOR_SALT)
        values = signed["v"]
        if signed["f"] != [name for name, _desc in fields] or len(values) != len(fields):
            raise ValueError
        values = [queryset.model._meta.get_field(_name_of(queryset, n)).to_python(v)
                  for (n, _d), v in zip(fields, values, strict=True)]
    except Exception:  # noqa: BLE001 - any malformed cursor is the same bad request
        raise NotFound(_("无效的分页游标")) from None
    condition = Q()
    for i, (name, desc) in enumerate(fields):
        step = Q(**{f"{name}__{'lt' if desc else 'gt'}": values[i]})
        for j in range(i):
            step &= Q(**{fields[j][0]: values[j]})
        condition |= step
    return queryset.filter(condition)


def _name_of(queryset, attname):
    for field in queryset.model._meta.concrete_fields:
        if field.attname == attname:
            return field.name
    return attname


class Pagination(PageNumberPagination):
    """?page= and ?page_size= (capped at 200), as the API contract says; `after` for deep
    pages (see the module's note)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    cursor_query_param = "after"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self.get_page_size(request)
        self.fields = keyset_fields(queryset)
        cursor = request.query_params.get(self.cursor_query_param)
        self.count, self.count_exact = capped_count(queryset)
        if cursor and self.fields:
            self.number, offset = None, None
            rows = rows_of(after(queryset, self.fields, cursor), 0, size + 1)
        else:
            try:
                self.number = int(request.query_params.get(self.page_query_param, 1))
                # Bounded: a page past any list's end, and an offset the database can hold.
                if not 1 <= self.number <= MAX_PAGE:
                    raise ValueError
            except ValueError:
                raise NotFound(_("无效页面")) from None
            offset = (self.number - 1) * size
            rows = rows_of(queryset, offset, offset + size + 1)
            if not rows and self.number > 1:
                raise NotFound(_("无效页面"))
        self.has_next = len(rows) > size
        self.rows, self.size, self.offset = rows[:size], size, offset
        return self.rows

    def get_next_link(self):
        if not self.has_next:
            return None
        url = self.request.build_absolute_uri()
        deep = self.offset is None or self.offset + self.size >= settings.KEYSET_FROM
        if deep and self.fields:
            url = remove_query_param(url, self.page_query_param)
            last = self.rows[-1]
            return replace_query_param(url, self.cursor_query_param, encode_cursor(
                self.fields, [getattr(last, name) for name, _desc in self.fields]))
        return replace_query_param(url, self.page_query_param, self.number + 1)

    def get_previous_link(self):
        if not self.number or self.number == 1:
            return None
        url = self.request.build_absolute_uri()
        if self.number == 2:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, self.number - 1)

    def get_paginated_response(self, data):
        return Response({"count": self.count, "count_exact": self.count_exact,
                         "next": self.get_next_link(), "previous": self.get_previous_link(),
                         "results": data})

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count_exact"] = {
            "type": "boolean",
            "description": "false when the count is an estimate (more than LIST_COUNT_CAP rows)"}
        response["required"] = ["count", "results"]
        return response

    def get_schema_operation_parameters(self, view):
        return [*super().get_schema_operation_parameters(view), {
            "name": self.cursor_query_param, "required": False, "in": "query",
            "description": "the `next` link's position past the first rows (keyset)",
            "schema": {"type": "string"}}]


class PagePaginator(DjangoPaginator):
    """The pages' lists: the same capped count (the page shows 10,000+ past the cap)."""

    @cached_property
    def count(self):
        count, self.count_exact = capped_count(self.object_list)
        return count

    def page(self, number):
        """Django's page, its rows read keys first (see rows_of)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return Page(rows_of(self.object_list, bottom, top), number, self)
