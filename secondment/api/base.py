"""What every API endpoint shares: pagination, the error shape, scoped viewsets."""
import json

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from accounts.choices import Role
from secondment.exceptions import ServiceError


def _first_message(detail):
    if isinstance(detail, dict):
        for value in detail.values():
            return _first_message(value)
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    return str(detail)


def exception_handler(exc, context):
    """Every error as {"error": {"code", "message", "fields"}} with a Chinese message."""
    if isinstance(exc, ServiceError):
        if exc.status == 403:
            _log_denied(context)
        return Response({"error": {"code": exc.code, "message": exc.message,
                                   "fields": exc.fields}}, status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("对象不存在或无权查看"))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        body = {"code": "invalid", "message": _("输入有误：%s") % _first_message(exc.detail),
                "fields": fields}
    else:
        codes = exc.get_codes() if hasattr(exc, "get_codes") else "error"
        body = {"code": codes if isinstance(codes, str) else "error",
                "message": _first_message(getattr(exc, "detail", str(exc))), "fields": {}}
    response.data = {"error": body}
    if response.status_code == 403:
        _log_denied(context)
    return response


def _log_denied(context):
    from accounts.security import record

    request = context.get("request")
    record("permission_denied", getattr(request, "_request", request),
           method=getattr(request, "method", ""))


class RolePermission(permissions.BasePermission):
    """Reads for every signed-in user (the queryset scopes them); writes for `write_roles`."""

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        roles = getattr(view, "write_roles", ())
        return request.user.is_superuser or request.user.role in roles


class ScopedMixin:
    """A model's endpoint: its list is Model.objects.visible_to(user), so an object outside
    the user's scope is a 404; `write_roles` may write, and `check_write` checks the unit."""

    permission_classes = [RolePermission]
    write_roles: tuple = (Role.ORG_STAFF,)
    select_related: tuple = ()
    prefetch_related: tuple = ()

    def get_queryset(self):
        qs = self.queryset.model.objects.visible_to(self.request.user)
        return qs.select_related(*self.select_related).prefetch_related(*self.prefetch_related)

    def list(self, request, *args, **kwargs):
        """The page, from the cache while no table it read has changed
        (secondment.api.list_cache)."""
        from .list_cache import cached_page

        renderer = getattr(request, "accepted_renderer", None)
        json_type = (request.accepted_media_type
                     if isinstance(renderer, JSONRenderer) else None)
        page = cached_page(self, request, lambda: self.build_list(request, *args, **kwargs).data,
                           json_type)
        return PageResponse(page)

    def build_list(self, request, *args, **kwargs):
        """A page read as plain rows where the serializer allows it (secondment.api.rows):
        the same output without building a model instance per row."""
        from .rows import row_plan

        plan = row_plan(self.get_serializer_class())
        if plan is None or self.paginator is None:
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        rows = self.paginator.paginate_queryset(queryset, request, view=self, reader=plan.read)
        return self.get_paginated_response(rows)


class PageResponse(Response):
    """A list page's answer: its JSON as the cache kept it, or rendered now and kept
    (secondment.api.list_cache.Page)."""

    def __init__(self, page):
        self.page = page
        super().__init__(page.data)

    @property
    def data(self):
        """A page answered from its kept JSON has no data of its own until asked."""
        if self.page.data is None:
            self.page.data = json.loads(next(iter(self.page.rendered.values())))
        return self.page.data

    @data.setter
    def data(self, value):
        self.page.data = value

    @property
    def rendered_content(self):
        renderer = getattr(self, "accepted_renderer", None)
        if not isinstance(renderer, JSONRenderer):
            return super().rendered_content
        body = self.page.body(self.accepted_media_type)
        if body is None:
            body = super().rendered_content
            self.page.keep(self.accepted_media_type, body)
        elif self.content_type is not None:
            self["Content-Type"] = self.content_type
        else:
            self["Content-Type"] = renderer.media_type + (
                f"; charset={renderer.charset}" if renderer.charset else "")
        return body


class ScopedViewSet(ScopedMixin, viewsets.ModelViewSet):
    def check_write(self, data, instance=None):
        """Refuse (403) a write the user's role may make but not on this object."""

    def perform_create(self, serializer):
        self.check_write(serializer.validated_data)
        serializer.save()

    def perform_update(self, serializer):
        self.check_write(serializer.validated_data, serializer.instance)
        serializer.save()

    def perform_destroy(self, instance):
        self.check_write({}, instance)
        from django.db.models import ProtectedError

        try:
            instance.delete()
        except ProtectedError:
            raise ServiceError(_("该记录已被其他记录引用，不能删除"), code="protected") from None


class ReadOnlyScopedViewSet(ScopedMixin, viewsets.ReadOnlyModelViewSet):
    """List and read; POST actions of its own (generate, correct …) only where declared."""


class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A foreign key that only accepts objects the requesting user can see."""

    def get_queryset(self):
        qs = super().get_queryset()
        request = self.context.get("request")
        return qs.visible_to(request.user) if request else qs.none()


@extend_schema_field({"type": "string"})
class ChoiceLabelField(serializers.Field):
    """A choice's label in the request's language, from a table the field builds once per
    response: `get_<field>_display` rebuilt the choices' dict and DRF inspected the method for
    every row (about a third of a 50-row page's time)."""

    def __init__(self, choices, **kwargs):
        self.choice_list = list(choices)
        # By language: a list's row plan (secondment.api.rows) shares the field between
        # requests, and so between threads answering in different languages.
        self._tables = {}
        super().__init__(read_only=True, **kwargs)

    def table(self):
        """{value: label} in the request's language."""
        from django.utils.translation import get_language

        language = get_language()
        table = self._tables.get(language)
        if table is None:
            table = self._tables[language] = {k: str(label) for k, label in self.choice_list}
        return table

    def to_representation(self, value):
        return self.table().get(value, value)


class ChoiceDisplayMixin(serializers.ModelSerializer):
    """Adds a read-only `<field>_display` with the Chinese label for every choice field."""

    def get_fields(self):
        fields = super().get_fields()
        for name, field in list(fields.items()):
            if isinstance(field, serializers.ChoiceField) and not isinstance(
                    field, serializers.MultipleChoiceField):
                fields[f"{name}_display"] = ChoiceLabelField(
                    list(field.choices.items()), source=field.source or name)
        return fields

    # Fields whose value is the model's own column, read straight from the instance: DRF's
    # generic get_attribute (source walk, PKOnlyObject, exception mapping) was half of
    # serializing a 50-row page (placements: 6 of 10 ms in process).
    _PLAIN = (serializers.CharField, serializers.IntegerField, serializers.BooleanField,
              serializers.ChoiceField, serializers.DateField, serializers.DateTimeField,
              serializers.DecimalField, serializers.FloatField, ChoiceLabelField)

    def _plan(self, instance):
        plan, meta = [], instance._meta
        for field in self._readable_fields:
            column = None
            if len(field.source_attrs) == 1 and not isinstance(
                    field, serializers.MultipleChoiceField):
                try:
                    model_field = meta.get_field(field.source_attrs[0])
                except Exception:  # noqa: BLE001 - not a model field: the generic way
                    model_field = None
                if model_field is not None and model_field.concrete and not getattr(
                        model_field, "many_to_many", False):
                    if isinstance(field, serializers.PrimaryKeyRelatedField):
                        if model_field.is_relation and not field.pk_field:
                            column = (model_field.attname, None)
                    elif isinstance(field, self._PLAIN) and not model_field.is_relation:
                        column = (model_field.attname, field.to_representation)
            plan.append((field, column))
        return plan

    def to_representation(self, instance):
        plan = getattr(self, "_representation_plan", None)
        if plan is None:
            plan = self._representation_plan = self._plan(instance)
        ret = {}
        values = instance.__dict__
        for field, column in plan:
            if column is None:
                try:
                    attribute = field.get_attribute(instance)
                except SkipField:
                    continue
                check = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
                ret[field.field_name] = (None if check is None
                                         else field.to_representation(attribute))
                continue
            attname, represent = column
            if attname not in values:  # deferred: let the model load it
                value = getattr(instance, attname)
            else:
                value = values[attname]
            ret[field.field_name] = (value if value is None or represent is None
                                     else represent(value))
        return ret

    def to_internal_value(self, data):
        """Fields only a workflow step changes (`Meta.step_fields`) are refused (400) when
        sent with another value, not silently ignored: the client learns to call the step."""
        step_fields = getattr(self.Meta, "step_fields", ())
        if step_fields and hasattr(data, "keys"):
            current = self.to_representation(self.instance) if self.instance else {}
            sent = [f for f in step_fields if f in data and data[f] != current.get(f)]
            if sent:
                raise serializers.ValidationError(
                    {f: [_("只能通过相应的流程操作修改")] for f in sent})
        return super().to_internal_value(data)

    def build_relational_field(self, field_name, relation_info):
        field_class, kwargs = super().build_relational_field(field_name, relation_info)
        if field_class is serializers.PrimaryKeyRelatedField:
            field_class = ScopedPrimaryKeyField
        return field_class, kwargs


def service_response(obj, serializer_class, request, code=status.HTTP_200_OK):
    return Response(serializer_class(obj, context={"request": request}).data, status=code)


def payload(serializer_class, request):
    """The validated body of an action (a 400 in the error shape otherwise)."""
    serializer = serializer_class(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


_STANDARD_ACTIONS = {"list", "retrieve", "create", "update", "partial_update", "destroy",
                     "metadata", None}
_SUFFIXES = {"List": gettext_lazy("列表"), "Instance": gettext_lazy("详情")}


def view_name(view):
    """Chinese titles in the browsable API: the model's name with 列表/详情, an action's own
    description, or the view's `name`."""
    action = getattr(view, "action", None)
    if action not in _STANDARD_ACTIONS:
        doc = (getattr(getattr(view, action, None), "__doc__", None) or "").strip()
        if doc:
            return doc.split("（")[0].split("：")[0].rstrip("。")
    model = getattr(getattr(view, "queryset", None), "model", None)
    if model is not None:
        return f"{model._meta.verbose_name}{_SUFFIXES.get(getattr(view, 'suffix', None), '')}"
    from rest_framework.views import get_view_name

    return get_view_name(view)


def file_download(field_file):
    """A stored attachment, sent only through an endpoint that has already checked the user
    may see its record (uploads are never served from a public /media/ path)."""
    from pathlib import PurePosixPath

    from django.http import FileResponse, Http404

    if not field_file:
        raise Http404
    return FileResponse(field_file.open("rb"), as_attachment=True,
                        filename=PurePosixPath(field_file.name).name)


@extend_schema_field({"type": "string", "nullable": True})
class DownloadUrlField(serializers.Field):
    """The download endpoint of a record's file, or null when it has none."""

    def __init__(self, file_field, route, **kwargs):
        self.file_field, self.route = file_field, route
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, obj):
        from django.urls import reverse

        if not getattr(obj, self.file_field):
            return None
        return reverse(self.route, args=[obj.pk])

    # Read from a list's plain rows (secondment.api.rows).
    def row_columns(self, meta):
        self._columns = (meta.pk.attname, meta.get_field(self.file_field).attname)
        return self._columns

    def from_row(self, row):
        from django.urls import reverse

        pk, file = self._columns
        return reverse(self.route, args=[row[pk]]) if row[file] else None
