"""Endpoints for life on post: leave, work logs, inspections, achievements, appraisals and
allowance statements. Every write goes through a service, which decides who may make it."""
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.choices import Role
from core.api.base import (
    ReadOnlyScopedViewSet,
    ScopedViewSet,
    file_download,
    payload,
    service_response,
)
from core.api.bulk import BulkResponseSerializer, run_each
from core.api.history import HistoryMixin
from core.exceptions import InvalidInput
from programs.models import Program

from .. import filtersets, services
from ..choices import LeaveKind
from ..models import (
    Achievement,
    AllowanceStatement,
    Appraisal,
    Inspection,
    Leave,
    Placement,
    WorkLog,
)
from ..services.permissions import is_department_staff
from . import serializers as s

EVERY_ROLE = (Role.ORG_STAFF, Role.RECEIVING, Role.DISPATCHING, Role.CADRE)


class PlacementChildViewSet(HistoryMixin, ScopedViewSet):
    select_related = ("placement",)
    ordering_fields = ["id"]

    def _same_placement(self, serializer):
        new = serializer.validated_data.get("placement")
        if new is not None and new.pk != serializer.instance.placement_id:
            raise PermissionDenied("记录所属的挂职不能修改")

    def _fields(self, serializer):
        return {k: v for k, v in serializer.validated_data.items() if k != "placement"}


class LeaveViewSet(PlacementChildViewSet):
    """请销假：干部申请，接收单位（超过规定天数时还需派出单位）审批，返岗后销假。"""

    queryset = Leave.objects.all()
    serializer_class = s.LeaveSerializer
    filterset_class = filtersets.LeaveFilterSet
    write_roles = EVERY_ROLE
    http_method_names = ["get", "post", "delete", "head", "options"]
    ordering_fields = ["start_date", "id"]

    def perform_create(self, serializer):
        d = serializer.validated_data
        serializer.instance = services.request_leave(
            self.request.user, d["placement"], d["start_date"], d["end_date"], d["reason"],
            d.get("kind", LeaveKind.PERSONAL))

    def perform_destroy(self, instance):
        services.cancel_leave(instance, self.request.user)

    @extend_schema(request=s.CommentSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """批准请假（接收单位；需派出单位审批的，再由派出单位批准）。"""
        data = payload(s.CommentSerializer, request)
        return service_response(
            services.decide_leave(self.get_object(), request.user, True, data["comment"]),
            s.LeaveSerializer, request)

    @extend_schema(request=s.CommentSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """不批准请假，须说明原因。"""
        data = payload(s.CommentSerializer, request)
        return service_response(
            services.decide_leave(self.get_object(), request.user, False, data["comment"]),
            s.LeaveSerializer, request)

    @extend_schema(request=s.BulkLeaveSerializer, responses=BulkResponseSerializer)
    @action(detail=False, methods=["post"], url_path="bulk-decide")
    def bulk_decide(self, request):
        """批量审批请假：逐项办理，一项被拒不影响其他项；不批准须说明原因。"""
        data = payload(s.BulkLeaveSerializer, request)
        approve = data["decision"] == "approve"
        return Response(run_each(
            self.get_queryset(), data["ids"],
            lambda leave: services.decide_leave(leave, request.user, approve, data["comment"])))

    @extend_schema(request=s.ReportBackSerializer)
    @action(detail=True, methods=["post"], url_path="report-back")
    def report_back(self, request, pk=None):
        """销假；提前返岗的填写返岗日期。"""
        data = payload(s.ReportBackSerializer, request)
        return service_response(
            services.report_back(self.get_object(), request.user, data.get("returned_on")),
            s.LeaveSerializer, request)


class WorkLogViewSet(PlacementChildViewSet):
    """挂职纪实：干部每日（或一周一次）填写，接收单位审阅；确认前本人可修改。"""

    queryset = WorkLog.objects.all()
    serializer_class = s.WorkLogSerializer
    filterset_class = filtersets.WorkLogFilterSet
    write_roles = (Role.CADRE, Role.RECEIVING)
    ordering_fields = ["date", "id"]
    # Newest first, read along the (date, id) index: the model's order (by placement) sorted
    # every visible day before the first page (123 ms over 133,000 days; 1 ms so).
    ordering = ["-date", "-id"]

    def perform_create(self, serializer):
        d = serializer.validated_data
        serializer.instance = services.write_log(
            self.request.user, d["placement"], d["date"], d.get("content"), d.get("category"),
            d.get("attachment"))

    def perform_update(self, serializer):
        self._same_placement(serializer)
        serializer.instance = services.edit_log(serializer.instance, self.request.user,
                                                **self._fields(serializer))

    def perform_destroy(self, instance):
        services.delete_log(instance, self.request.user)

    @extend_schema(request=s.WorkLogBulkSerializer,
                   responses={201: s.WorkLogSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """一次填写多天（如补记一周），全部成功或全部不写入。"""
        data = payload(s.WorkLogBulkSerializer, request)
        placement = get_object_or_404(Placement.objects.visible_to(request.user),
                                      pk=data["placement"])
        logs = services.write_logs(request.user, placement, data["entries"])
        return Response(s.WorkLogSerializer(logs, many=True, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def attachment(self, request, pk=None):
        """下载纪实附件（仅能查看该纪实的用户可下载）。"""
        return file_download(self.get_object().attachment)

    @extend_schema(request=s.BulkReviewSerializer, responses=BulkResponseSerializer)
    @action(detail=False, methods=["post"], url_path="bulk-review")
    def bulk_review(self, request):
        """批量审阅纪实：逐条办理，一条被拒不影响其他条。"""
        data = payload(s.BulkReviewSerializer, request)
        return Response(run_each(
            self.get_queryset(), data["ids"],
            lambda log: services.review_log(log, request.user, data["decision"],
                                            data["comment"])))

    @extend_schema(request=s.ReviewSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """接收单位审阅：确认（accepted）或要求补充（needs_more，须说明）。"""
        data = payload(s.ReviewSerializer, request)
        return service_response(
            services.review_log(self.get_object(), request.user, data["decision"],
                                data["comment"]),
            s.WorkLogSerializer, request)


class InspectionViewSet(PlacementChildViewSet):
    """定期检查：组织部安排（计划日期）或直接登记（检查日期、发现、评价）。"""

    queryset = Inspection.objects.all()
    serializer_class = s.InspectionSerializer
    filterset_class = filtersets.InspectionFilterSet
    write_roles = (Role.ORG_STAFF,)
    http_method_names = ["get", "post", "delete", "head", "options"]
    ordering_fields = ["scheduled_date", "date", "id"]

    def perform_create(self, serializer):
        d, user = serializer.validated_data, self.request.user
        if d.get("date"):
            serializer.instance = services.record_inspection(
                user, d["placement"], d["date"], d.get("findings"), d.get("rating"),
                d.get("kind") or "visit", d.get("bears_on_appraisal", False))
        elif d.get("scheduled_date"):
            if d.get("findings") or d.get("rating"):
                # Findings of a visit not yet made would be dropped: say so, keep nothing.
                raise InvalidInput(
                    _("安排检查时不能填写检查发现和评价；检查后请用“登记结果”（complete）填写"),
                    fields={name: [_("安排检查时不能填写")] for name in ("findings", "rating")
                            if d.get(name)})
            serializer.instance = services.schedule_inspection(
                user, d["placement"], d["scheduled_date"], d.get("kind") or "visit")
        else:
            raise InvalidInput(_("请填写计划日期（安排检查）或检查日期（登记检查）"),
                               fields={"scheduled_date": [_("请填写日期")]})

    def perform_destroy(self, instance):
        if not is_department_staff(self.request.user, instance.placement.batch.program):
            raise PermissionDenied(_("只有组织部可以删除检查记录"))
        instance.delete()

    @extend_schema(request=s.CompleteInspectionSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """登记已安排检查的结果。"""
        data = payload(s.CompleteInspectionSerializer, request)
        return service_response(
            services.complete_inspection(self.get_object(), request.user, data["date"],
                                         data["findings"], data["rating"],
                                         data["bears_on_appraisal"]),
            s.InspectionSerializer, request)


class AchievementViewSet(PlacementChildViewSet):
    """履职成果：干部本人或接收单位登记，接收单位核实；核实后不再修改。"""

    queryset = Achievement.objects.all()
    serializer_class = s.AchievementSerializer
    filterset_class = filtersets.AchievementFilterSet
    write_roles = (Role.CADRE, Role.RECEIVING, Role.ORG_STAFF)
    ordering_fields = ["date", "amount", "id"]
    ordering = ["-date", "-id"]

    def perform_create(self, serializer):
        fields = self._fields(serializer)
        serializer.instance = services.record_achievement(
            self.request.user, serializer.validated_data["placement"], **fields)

    def perform_update(self, serializer):
        self._same_placement(serializer)
        serializer.instance = services.edit_achievement(serializer.instance, self.request.user,
                                                        **self._fields(serializer))

    def perform_destroy(self, instance):
        services.delete_achievement(instance, self.request.user)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def evidence(self, request, pk=None):
        """下载成果佐证附件。"""
        return file_download(self.get_object().evidence_file)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """接收单位核实成果。"""
        return service_response(services.verify_achievement(self.get_object(), request.user),
                                s.AchievementSerializer, request)


class AppraisalViewSet(PlacementChildViewSet):
    """考核：年度和期满，接收单位和派出单位各自登记；期满考核是期满结束的前提。"""

    queryset = Appraisal.objects.all()
    serializer_class = s.AppraisalSerializer
    filterset_class = filtersets.AppraisalFilterSet
    write_roles = (Role.RECEIVING, Role.DISPATCHING, Role.ORG_STAFF)
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    ordering_fields = ["year", "id"]

    def perform_create(self, serializer):
        d = serializer.validated_data
        serializer.instance = services.record_appraisal(
            self.request.user, d["placement"], d["kind"], d["grade"], d.get("comments", ""),
            side=d.get("side"), year=d.get("year"))

    def perform_update(self, serializer):
        self._same_placement(serializer)
        d, appraisal = serializer.validated_data, serializer.instance
        if any(d.get(k, getattr(appraisal, k)) != getattr(appraisal, k)
               for k in ("kind", "side", "year")):
            raise PermissionDenied("考核的类型、考核单位和年度不能修改")
        serializer.instance = services.edit_appraisal(appraisal, self.request.user,
                                                      d.get("grade"), d.get("comments"))


class AllowanceStatementViewSet(HistoryMixin, ReadOnlyScopedViewSet):
    """补助结算单：按月生成（每月一次，不重复），更正时保留原单。"""

    queryset = AllowanceStatement.objects.all()
    serializer_class = s.AllowanceStatementSerializer
    filterset_class = filtersets.AllowanceStatementFilterSet
    select_related = ("placement",)
    ordering_fields = ["month", "id"]

    @extend_schema(request=s.GenerateStatementsSerializer,
                   responses={200: s.GenerateResultSerializer, 201: s.GenerateResultSerializer})
    @action(detail=False, methods=["post"])
    def generate(self, request):
        """生成某月的补助结算单（整个项目或一个挂职）；已生成的不重复生成。"""
        data = payload(s.GenerateStatementsSerializer, request)
        if data.get("placement"):
            placement = get_object_or_404(Placement.objects.visible_to(request.user),
                                          pk=data["placement"])
            created = [services.generate_statement(request.user, placement, data["month"])]
            result = {"month": data["month"], "created": 1, "existing": 0,
                      "without_policy": 0, "statements": created}
        else:
            program = get_object_or_404(Program.objects.visible_to(request.user),
                                        pk=data["program"])
            outcome = services.generate_month(program, data["month"], request.user)
            result = {"month": outcome.month, "created": len(outcome.created),
                      "existing": outcome.existing, "without_policy": outcome.without_policy,
                      "statements": outcome.created}
        code = status.HTTP_201_CREATED if result["created"] else status.HTTP_200_OK
        return Response(s.GenerateResultSerializer(result, context={"request": request}).data,
                        status=code)

    # A correction is a new statement: 201, as the schema says.
    @extend_schema(request=s.CorrectStatementSerializer,
                   responses={201: s.AllowanceStatementSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        """更正结算单（须说明原因），原单保留并标记为已更正。"""
        data = payload(s.CorrectStatementSerializer, request)
        reason = data.pop("reason")
        return service_response(
            services.correct_statement(self.get_object(), request.user, reason, **data),
            s.AllowanceStatementSerializer, request, code=status.HTTP_201_CREATED)
