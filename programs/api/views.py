from django.db import transaction
from django.db.models import Case, Q, When
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.choices import Role
from core.api.base import ScopedViewSet, payload
from core.api.lookup import LookupMixin
from core.pinyin import matches

from .. import batches, filtersets, services
from ..choices import Level
from ..models import (
    AllowancePolicy,
    Batch,
    Holiday,
    Program,
    ProgramTarget,
    Region,
    Track,
    Unit,
)
from ..permissions import is_department_staff
from . import serializers


class RegionViewSet(LookupMixin, ScopedViewSet):
    """行政区划：全国共用的基础数据，所有登录用户可查，系统管理员维护。"""

    queryset = Region.objects.all()
    serializer_class = serializers.RegionSerializer
    filterset_class = filtersets.RegionFilterSet
    ordering_fields = ["path", "name", "code"]
    lookup_select_related = ("parent__parent",)
    # Provinces, then cities, then counties: the broader the region, the likelier the choice.
    lookup_order = (Case(*(When(level=level, then=i) for i, level in enumerate(
        (Level.NATIONAL, Level.PROVINCE, Level.CITY, Level.COUNTY))), default=9),
        "code", "pk")

    def lookup_queryset(self, queryset):
        # Current regions only: a new record names a region as it is now. The cascade
        # (省 › 市 › 县) narrows by the list's filters: level, parent, within.
        return queryset.current()

    def lookup_search(self, queryset, text):
        if text.isdigit():
            return queryset.filter(code__startswith=text)
        return queryset.filter(matches(text))

    def lookup_row(self, region):
        above = [r.name for r in (region.parent and region.parent.parent, region.parent) if r]
        return {"id": region.pk, "label": region.name,
                "detail": " › ".join([*above, region.code or ""]).strip(" ›")}

    def check_write(self, data, instance=None):
        services.check_keep_reference_data(self.request.user, _("行政区划"))


class UnitViewSet(LookupMixin, ScopedViewSet):
    """单位名录：所有登录用户可查；组织部工作人员可登记，已有单位由其所在地或登记它的组织部维护。"""

    queryset = Unit.objects.all()
    serializer_class = serializers.UnitSerializer
    filterset_class = filtersets.UnitFilterSet
    select_related = ("region",)
    ordering_fields = ["name", "kind", "level"]

    lookup_select_related = ("region__parent",)

    @property
    def lookup_order(self):
        # The units nearest the user first — a department's region, an operator's own unit
        # — then in pinyin order. (Ranking by every unit of the department's programs too
        # cost a province 16 ms of SQL a keystroke.)
        user = self.request.user
        region = (user.department_region if user.role in (Role.ORG_STAFF, Role.MANAGER)
                  else None)
        near = (Q(region__path__startswith=region.path) if region is not None
                else Q(pk=user.unit_id))
        return (Case(When(near, then=0), default=1), "pinyin", "pk")

    def lookup_search(self, queryset, text):
        return queryset.filter(matches(text))

    def lookup_row(self, unit):
        region = unit.region
        above = region.parent.name if region.parent_id and region.level == Level.COUNTY else ""
        return {"id": unit.pk, "label": unit.name,
                "detail": " › ".join(n for n in (above, region.name) if n)}

    def filter_queryset(self, queryset):
        # The list's filters (a department's default `scope=mine` among them) choose rows of
        # the directory; one unit is read by its id whoever keeps it.
        return queryset if self.detail else super().filter_queryset(queryset)

    def perform_create(self, serializer):
        serializer.instance = services.save_unit(
            self.request.user, Unit(**serializer.validated_data))

    def perform_update(self, serializer):
        unit = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(unit, name, value)
        services.save_unit(self.request.user, unit)

    def check_write(self, data, instance=None):
        # Create and update go through save_unit; a delete is checked here.
        if instance is not None:
            services.check_keep_unit(self.request.user, instance)


class ProgramViewSet(ScopedViewSet):
    queryset = Program.objects.all()
    serializer_class = serializers.ProgramSerializer
    filterset_class = filtersets.ProgramFilterSet
    select_related = ("organizer",)
    prefetch_related = ("participants",)
    ordering_fields = ["start_date", "name"]

    def check_write(self, data, instance=None):
        user = self.request.user
        organizer = data.get("organizer") or (instance and instance.organizer)
        region = user.department_region
        if user.is_superuser:
            return
        if region is None or not organizer.region.path.startswith(region.path):
            raise PermissionDenied("只能管理本部门（及下级部门）组织的项目")


class ProgramChildViewSet(ScopedViewSet):
    def check_write(self, data, instance=None):
        program = data.get("program") or (instance and instance.program)
        if not is_department_staff(self.request.user, program):
            raise PermissionDenied("只能管理本部门组织的项目")


class TrackViewSet(LookupMixin, ProgramChildViewSet):
    queryset = Track.objects.all()
    serializer_class = serializers.TrackSerializer
    filterset_class = filtersets.TrackFilterSet
    ordering_fields = ["id", "name"]
    lookup_select_related = ("program",)
    lookup_order = ("-program__start_date", "program", "name")

    def lookup_search(self, queryset, text):
        return queryset.filter(Q(name__icontains=text) | Q(program__name__icontains=text))

    def lookup_row(self, track):
        return {"id": track.pk, "label": track.name, "detail": track.program.name}


class BatchViewSet(LookupMixin, ProgramChildViewSet):
    queryset = Batch.objects.all()
    lookup_select_related = ("program",)
    # The newest programs' batches first: the ones in today's work.
    lookup_order = ("-program__start_date", "program", "-number")

    def lookup_search(self, queryset, text):
        condition = Q(name__icontains=text) | Q(program__name__icontains=text)
        if text.isdigit() and len(text) <= 4:  # 第N批 (a longer number is no batch's)
            condition |= Q(number=int(text))
        return queryset.filter(condition)

    def lookup_row(self, batch):
        return {"id": batch.pk, "label": f"{batch.program.name} · {batch.display_name}",
                "detail": batch.get_status_display()}
    serializer_class = serializers.BatchSerializer
    filterset_class = filtersets.BatchFilterSet
    ordering_fields = ["number", "report_by"]
    write_roles = (Role.ORG_STAFF,)

    def perform_create(self, serializer):
        with transaction.atomic():
            super().perform_create(serializer)
            batches.announce(serializer.instance, self.request.user)

    @extend_schema(request=None, responses=serializers.BatchSerializer)
    @action(detail=True, methods=["post"], url_path="open-nominations")
    def open_nominations(self, request, pk=None):
        """开放征集需求与推荐：批次由“筹备中”转为“征集需求与推荐”，并通知项目各参与单位。"""
        batch = batches.open_nominations(self.get_object(), request.user)
        return Response(serializers.BatchSerializer(batch, context={"request": request}).data)

    @extend_schema(request=None, responses=serializers.BatchSerializer)
    @action(detail=True, methods=["post"], url_path="close-nominations")
    def close_nominations(self, request, pk=None):
        """截止推荐并开始对接：批次由“征集需求与推荐”转为“对接中”。"""
        batch = batches.close_nominations(self.get_object(), request.user)
        return Response(serializers.BatchSerializer(batch, context={"request": request}).data)

    @extend_schema(request=serializers.ReasonSerializer, responses=serializers.BatchSerializer)
    @action(detail=True, methods=["post"], url_path="reopen-nominations")
    def reopen_nominations(self, request, pk=None):
        """重新开放推荐（须说明原因）：批次由“对接中”回到“征集需求与推荐”。"""
        data = payload(serializers.ReasonSerializer, request)
        batch = batches.reopen_nominations(self.get_object(), request.user, data["reason"])
        return Response(serializers.BatchSerializer(batch, context={"request": request}).data)


class ProgramTargetViewSet(ProgramChildViewSet):
    queryset = ProgramTarget.objects.all()
    serializer_class = serializers.ProgramTargetSerializer
    filterset_class = filtersets.ProgramTargetFilterSet
    ordering_fields = ["year", "name"]


class AllowancePolicyViewSet(ProgramChildViewSet):
    queryset = AllowancePolicy.objects.all()
    serializer_class = serializers.AllowancePolicySerializer
    filterset_class = filtersets.AllowancePolicyFilterSet
    ordering_fields = ["id"]


class HolidayViewSet(ScopedViewSet):
    """法定节假日与调休上班日：纪实完成率和生活补助按此计算工作日；全国共用，系统管理员按国务院办公厅通知维护。"""

    queryset = Holiday.objects.all()
    serializer_class = serializers.HolidaySerializer
    filterset_class = filtersets.HolidayFilterSet
    ordering_fields = ["date"]

    def check_write(self, data, instance=None):
        services.check_keep_reference_data(self.request.user, _("节假日安排"))
