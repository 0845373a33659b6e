"""What every API endpoint shares: pagination, the error shape, scoped viewsets."""
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.exceptions import ServiceError
from core.roles import Role, acts_as
from core.validators import validate_year_range


def _first_message(detail):
    if isinstance(detail, dict):
        for value in detail.values():
            return _first_message(value)
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    return str(detail)


def exception_handler(exc, context):
    """Every error as {"error": {"code", "message", "fields"}} with a Chinese message."""
    if isinstance(exc, IntegrityError):
        return constraint_response(exc)
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


def constraint_response(exc):
    """A write the database refused by one of the models' constraints (two requests racing
    past the checks, or a rule only the database holds): 400 for a check constraint (the
    input was wrong), 409 for a unique one (it clashes with a record), with the constraint's
    own Chinese message — never a 500."""
    from django.apps import apps
    from django.db.models import CheckConstraint

    text = str(exc)
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if constraint.name in text:
                check = isinstance(constraint, CheckConstraint)
                return Response({"error": {
                    "code": "invalid" if check else "conflict",
                    "message": str(constraint.violation_error_message % {
                        "name": constraint.name}),
                    "fields": {}}}, status=400 if check else 409)
    return Response({"error": {"code": "conflict", "message": _("数据与已有记录冲突，未保存"),
                               "fields": {}}}, status=409)


def _log_denied(context):
    from core.signals import security_event

    request = context.get("request")
    security_event.send(sender=RolePermission, kind="permission_denied",
                        request=getattr(request, "_request", request),
                        method=getattr(request, "method", ""))


class RolePermission(permissions.BasePermission):
    """Reads for every signed-in user (the queryset scopes them); writes for `write_roles`."""

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        roles = getattr(view, "write_roles", ())
        return request.user.is_superuser or acts_as(request.user, *roles)


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


class ScopedViewSet(ScopedMixin, viewsets.ModelViewSet):
    def check_write(self, data, instance=None):
        """Refuse (403) a write the user's role may make but not on this object."""

    # Each write in a transaction of its own: a constraint the database refuses leaves
    # nothing behind (and is answered by constraint_response).
    def perform_create(self, serializer):
        self.check_write(serializer.validated_data)
        with transaction.atomic():
            serializer.save()

    def perform_update(self, serializer):
        self.check_write(serializer.validated_data, serializer.instance)
        with transaction.atomic():
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
        # By language: the field answers every row of a response, in its request's language.
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


@extend_schema_field({"type": "string", "nullable": True})
class NullableChoiceLabelField(ChoiceLabelField):
    """The label of a choice that may be null, or withheld from some readers (`withheld` on
    the choice field: a masked personal entry)."""


class ChoiceDisplayMixin(serializers.ModelSerializer):
    """Adds a read-only `<field>_display` with the Chinese label for every choice field."""

    def get_fields(self):
        fields = super().get_fields()
        for name, field in list(fields.items()):
            if isinstance(field, serializers.ChoiceField) and not isinstance(
                    field, serializers.MultipleChoiceField):
                label_class = (NullableChoiceLabelField
                               if field.allow_null or getattr(field, "withheld", False)
                               else ChoiceLabelField)
                fields[f"{name}_display"] = label_class(
                    list(field.choices.items()), source=field.source or name)
        return fields

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

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if issubclass(field_class, serializers.DateField):
            # Every date of the API is of the years the work can concern: year 148 was a
            # typing error accepted, year 9999 overflowed the figures' arithmetic.
            kwargs["validators"] = [*kwargs.get("validators", []), validate_year_range]
        return field_class, kwargs

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
