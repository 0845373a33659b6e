from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import ReadOnlyScopedViewSet, payload, service_response
from core.exceptions import RuleBroken
from core.validators import validate_year_range
from programs.calendar import MONTH_RE

from .. import aggregates, services
from ..files import file_response
from ..filtersets import AlertFilterSet, ReportFilterSet
from ..models import Alert, Report
from ..todo import todo_for
from . import serializers as rs
from .serializers import AlertSerializer, OverviewSerializer, ReportSerializer


class ReportViewSet(mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    """报表：申请（202，由后台任务生成）、查看进度、下载。"""

    queryset = Report.objects.all()
    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet
    ordering_fields = ["created_at"]
    write_roles = services.REPORT_ROLES
    select_related = ("program", "batch")

    @extend_schema(request=rs.ReportRequestSerializer, responses={202: ReportSerializer})
    def create(self, request, *args, **kwargs):
        data = payload(rs.ReportRequestSerializer, request)
        report = services.request_report(request.user, **data)
        return service_response(report, ReportSerializer, request, status.HTTP_202_ACCEPTED)

    def perform_content_negotiation(self, request, force=False):
        # The file is the answer whatever the client accepts; errors stay JSON.
        return super().perform_content_negotiation(
            request, force=force or self.action == "download")

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        """下载报表文件"""
        report = self.get_object()
        if not report.is_ready:
            raise RuleBroken(_("报表尚未生成完成（%s）") % report.get_status_display(),
                             code="report_not_ready")
        return file_response(request, report)


class AlertViewSet(ReadOnlyScopedViewSet):
    queryset = Alert.objects.all()
    serializer_class = AlertSerializer
    filterset_class = AlertFilterSet
    ordering_fields = ["raised_at"]


class StatsParams(serializers.Serializer):
    program = serializers.IntegerField(required=False)
    batch = serializers.IntegerField(required=False)
    region = serializers.IntegerField(required=False)
    direction = serializers.ChoiceField(choices=["down", "up", "mutual", "out"], required=False)
    date_from = serializers.DateField(required=False, validators=[validate_year_range])
    date_to = serializers.DateField(required=False, validators=[validate_year_range])
    as_of = serializers.DateField(required=False, validators=[validate_year_range])


def _params(serializer_class, request):
    params = serializer_class(data=request.query_params)
    params.is_valid(raise_exception=True)
    return params.validated_data


def _documented(serializer_class):
    return [OpenApiParameter(name, required=False, type=str)
            for name in serializer_class().fields]


class TodoRowSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    url = serializers.CharField()


class TodoView(APIView):
    """待办：当前用户各项待处理事项的数量及对应列表地址（首页待办面板同此）。"""

    name = "待办"
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=TodoRowSerializer(many=True))
    def get(self, request):
        return Response(todo_for(request.user))


class OverviewView(APIView):
    """看板总览：挂职、订单、推荐与目标进度（按用户可见范围统计）。"""

    name = "看板总览"

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=_documented(StatsParams), responses=OverviewSerializer)
    def get(self, request):
        params = _params(StatsParams, request)
        return Response(aggregates.overview(request.user, params))


GROUPS = ["placement", "host_unit", "home_unit", "batch", "program"]


class ComplianceParams(StatsParams):
    group_by = serializers.ChoiceField(choices=GROUPS, default="placement")


class AchievementParams(StatsParams):
    group_by = serializers.ChoiceField(choices=GROUPS, default="program")


class AppraisalParams(StatsParams):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


class LaterUseParams(StatsParams):
    group_by = serializers.ChoiceField(choices=["program", "batch", "home_unit"],
                                       default="program")


class FulfilmentParams(StatsParams):
    group_by = serializers.ChoiceField(choices=["order", "host_unit", "batch", "program"],
                                       default="program")


class AllowanceParams(StatsParams):
    month = serializers.RegexField(MONTH_RE, required=False)


class StatsView(APIView):
    """A dashboard figure: the aggregate over what the user may see, with the filters."""

    permission_classes = [IsAuthenticated]
    params_class = StatsParams
    figure = None

    def get(self, request):
        params = _params(self.params_class, request)
        group_by = params.pop("group_by", None)
        figure = type(self).figure
        if group_by:
            return Response(figure(request.user, params, group_by))
        return Response(figure(request.user, params))


def stats_view(name, figure, params_class, response, summary):
    """A stats endpoint; its title in the browsable API is the summary's first phrase."""
    # Each view gets a `get` of its own, so each carries its own schema annotation.
    def get(self, request):
        return StatsView.get(self, request)

    get = extend_schema(parameters=_documented(params_class), responses=response,
                        summary=summary)(get)
    return type(name, (StatsView,), {"figure": figure, "params_class": params_class,
                                     "__doc__": summary, "get": get,
                                     "name": summary.split("：")[0]})


ComplianceView = stats_view(
    "ComplianceView", aggregates.worklog_compliance, ComplianceParams, rs.ComplianceSerializer,
    "挂职纪实完成率：已填天数 / 在岗工作日（除周末、法定节假日和已批准请假）")
AchievementStatsView = stats_view(
    "AchievementStatsView", aggregates.achievements, AchievementParams,
    rs.AchievementStatsSerializer,
    "履职成果：按类别的件数、金额（元）、数量及已核实情况")
AppraisalStatsView = stats_view(
    "AppraisalStatsView", aggregates.appraisals, AppraisalParams, rs.AppraisalStatsSerializer,
    "考核：各类型、各方的等次分布，以及60天内期满尚缺期满考核的挂职数")
FulfilmentView = stats_view(
    "FulfilmentView", aggregates.fulfilment, FulfilmentParams, rs.FulfilmentSerializer,
    "需求满足：订单、选派、接收单位评价（1—5分）与对应成果")
AllowanceStatsView = stats_view(
    "AllowanceStatsView", aggregates.allowances, AllowanceParams, rs.AllowanceStatsSerializer,
    "补助结算：各月结算单数、在岗天数、金额、往返次数与投保人数")
LaterUseView = stats_view(
    "LaterUseView", aggregates.later_use, LaterUseParams, rs.LaterUseSerializer,
    "返回后使用：返回干部中提拔、晋升职级、表彰、遴选、交流的人数与比例")
