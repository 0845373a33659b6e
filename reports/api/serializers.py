from rest_framework import serializers

from secondment.api.base import ChoiceDisplayMixin

from ..models import Alert, Report


class ReportSerializer(ChoiceDisplayMixin):
    class Meta:
        model = Report
        fields = ["id", "kind", "format", "status", "program", "batch", "period_start",
                  "period_end", "as_of", "parameters", "row_count", "error", "created_at",
                  "started_at", "finished_at"]
        read_only_fields = fields


class AlertSerializer(ChoiceDisplayMixin):
    class Meta:
        model = Alert
        fields = ["id", "kind", "message", "unit", "role", "raised_at", "resolved_at"]
        read_only_fields = fields


class OverviewSerializer(serializers.Serializer):
    placements = serializers.DictField()
    orders = serializers.DictField()
    nominations = serializers.DictField()
    targets = serializers.ListField(child=serializers.DictField())
