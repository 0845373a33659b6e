from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from secondment.api.base import ReadOnlyScopedViewSet

from .. import aggregates
from ..models import Alert, Report
from .serializers import AlertSerializer, OverviewSerializer, ReportSerializer


class ReportViewSet(ReadOnlyScopedViewSet):
    queryset = Report.objects.all()
    serializer_class = ReportSerializer
    filterset_fields = ["kind", "format", "status", "program", "batch"]
    ordering_fields = ["created_at"]


class AlertViewSet(ReadOnlyScopedViewSet):
    queryset = Alert.objects.all()
    serializer_class = AlertSerializer
    filterset_fields = ["kind", "unit", "role"]
    ordering_fields = ["raised_at"]


class StatsParams(serializers.Serializer):
    program = serializers.IntegerField(required=False)
    batch = serializers.IntegerField(required=False)
    region = serializers.IntegerField(required=False)
    direction = serializers.ChoiceField(choices=["down", "up", "mutual", "out"], required=False)
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)


class OverviewView(APIView):
    """看板总览：挂职、订单、推荐与目标进度（按用户可见范围统计）。"""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[OpenApiParameter(name, required=False, type=str)
                               for name in StatsParams().fields],
                   responses=OverviewSerializer)
    def get(self, request):
        params = StatsParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        return Response(aggregates.overview(request.user, params.validated_data))
