from rest_framework import serializers

from core.api.base import ChoiceDisplayMixin, DownloadUrlField, ScopedPrimaryKeyField
from core.validators import validate_year_range
from programs.models import Batch, Program

from ..choices import ReportFormat, ReportKind
from ..models import Alert, Report


class ReportSerializer(ChoiceDisplayMixin):
    download_url = DownloadUrlField("file", "report-download")
    duration_seconds = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = ["id", "kind", "format", "status", "program", "batch", "period_start",
                  "period_end", "as_of", "parameters", "row_count", "file_size", "error",
                  "attempts", "scheduled", "requested_by", "created_at", "started_at",
                  "finished_at", "duration_seconds", "download_url"]
        read_only_fields = fields

    def get_duration_seconds(self, report) -> float | None:
        duration = report.duration
        return round(duration.total_seconds(), 3) if duration is not None else None


class ReportRequestSerializer(serializers.Serializer):
    """`POST reports/`: what to build. The program and batch must be within the user's scope;
    a period left out is the last month for the monthly kinds."""

    kind = serializers.ChoiceField(choices=ReportKind.choices)
    format = serializers.ChoiceField(choices=ReportFormat.choices, default=ReportFormat.XLSX)
    program = ScopedPrimaryKeyField(queryset=Program.objects.all(), required=False,
                                    allow_null=True)
    batch = ScopedPrimaryKeyField(queryset=Batch.objects.all(), required=False, allow_null=True)
    period_start = serializers.DateField(required=False, allow_null=True,
                                         validators=[validate_year_range])
    period_end = serializers.DateField(required=False, allow_null=True,
                                       validators=[validate_year_range])
    as_of = serializers.DateField(required=False, allow_null=True,
                                  validators=[validate_year_range])
    parameters = serializers.DictField(child=serializers.CharField(max_length=20),
                                       required=False, help_text="side（host/home）、group_by")


class AlertSerializer(ChoiceDisplayMixin):
    class Meta:
        model = Alert
        fields = ["id", "kind", "message", "unit", "role", "raised_at", "resolved_at"]
        read_only_fields = fields


class BatchProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    program = serializers.IntegerField()
    number = serializers.IntegerField()
    name = serializers.CharField()
    status = serializers.CharField()
    planned_size = serializers.IntegerField(allow_null=True)
    placed = serializers.IntegerField()
    on_post = serializers.IntegerField()
    headcount = serializers.IntegerField(help_text="已发布订单的需求人数")


class OverviewSerializer(serializers.Serializer):
    placements = serializers.DictField()
    orders = serializers.DictField()
    nominations = serializers.DictField()
    targets = serializers.ListField(child=serializers.DictField())
    batches = BatchProgressSerializer(many=True)


# Shapes of the stats endpoints (documented in the schema, which the tests check them against).
def _ints(*names, null=False):
    return {name: serializers.IntegerField(allow_null=null) for name in names}


def _shape(class_name, /, **fields):
    return type(class_name, (serializers.Serializer,), fields)


ComplianceFigures = _shape(
    "ComplianceFigures", rate=serializers.FloatField(allow_null=True),
    **_ints("required", "logged", "accepted", "missing", "placements"))
ComplianceGroup = _shape(
    "ComplianceGroup", key=serializers.IntegerField(), name=serializers.CharField(),
    host_unit=serializers.CharField(required=False), rate=serializers.FloatField(allow_null=True),
    **_ints("placements", "required", "logged", "accepted", "missing"))
ComplianceSerializer = _shape(
    "ComplianceStats", as_of=serializers.DateField(), group_by=serializers.CharField(),
    totals=ComplianceFigures(), groups=ComplianceGroup(many=True))

_achievement_figures = dict(
    amount=serializers.DecimalField(max_digits=18, decimal_places=2, coerce_to_string=True),
    verified_amount=serializers.DecimalField(max_digits=18, decimal_places=2),
    **_ints("records", "verified", "count"))
AchievementFigures = _shape("AchievementFigures", **_achievement_figures)
AchievementGroup = _shape(
    "AchievementGroup", key=serializers.IntegerField(), name=serializers.CharField(),
    category=serializers.CharField(), **_achievement_figures)
AchievementStatsSerializer = _shape(
    "AchievementStats", group_by=serializers.CharField(), totals=AchievementFigures(),
    by_category=serializers.DictField(child=AchievementFigures()),
    groups=AchievementGroup(many=True))

AppraisalStatsSerializer = _shape(
    "AppraisalStats", total=serializers.IntegerField(),
    by_grade=serializers.DictField(child=serializers.IntegerField()),
    by_kind=serializers.DictField(child=serializers.DictField(
        child=serializers.DictField(child=serializers.IntegerField()))),
    end_of_term_due=serializers.IntegerField())

_fulfilment_figures = dict(average_rating=serializers.FloatField(allow_null=True),
                           **_ints("orders", "headcount", "filled", "rated", null=True))
FulfilmentGroup = _shape(
    "FulfilmentGroup", key=serializers.IntegerField(), name=serializers.CharField(),
    achievements=serializers.IntegerField(),
    achievement_amount=serializers.DecimalField(max_digits=18, decimal_places=2),
    fill_rate=serializers.FloatField(allow_null=True), **_fulfilment_figures)
FulfilmentSerializer = _shape(
    "FulfilmentStats", group_by=serializers.CharField(),
    totals=_shape("FulfilmentFigures", **_fulfilment_figures)(),
    groups=FulfilmentGroup(many=True))

_allowance_figures = dict(
    amount=serializers.DecimalField(max_digits=18, decimal_places=2),
    **_ints("statements", "days_on_post", "leave_days", "trips_allowed", "trips_taken",
            "insured", null=True))
AllowanceStatsSerializer = _shape(
    "AllowanceStats",
    months=_shape("AllowanceMonth", month=serializers.CharField(), **_allowance_figures)(
        many=True),
    totals=_shape("AllowanceFigures", **_allowance_figures)())

_later_use_figures = dict(rate=serializers.FloatField(allow_null=True),
                          **_ints("returned", "used", "promotion", "rank_promotion",
                                  "commendation", "selection", "transfer"))
LaterUseSerializer = _shape(
    "LaterUseStats",
    totals=_shape("LaterUseFigures", **_later_use_figures)(),
    groups=_shape("LaterUseGroup", key=serializers.IntegerField(),
                  name=serializers.CharField(), **_later_use_figures)(many=True))
