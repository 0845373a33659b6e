from rest_framework import serializers

from core.api.base import ChoiceDisplayMixin

from ..batches import status_edit_error
from ..models import AllowancePolicy, Batch, Holiday, Program, ProgramTarget, Region, Track, Unit


class RegionSerializer(ChoiceDisplayMixin):
    class Meta:
        model = Region
        fields = ["id", "name", "level", "code", "parent", "is_mountain_island",
                  "is_key_assistance", "valid_from", "valid_to", "replaced_by"]
        # An edition of the directory sets them (manage.py load_regions).
        read_only_fields = ["valid_from", "valid_to", "replaced_by"]


class UnitSerializer(ChoiceDisplayMixin):
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Unit
        fields = ["id", "name", "kind", "level", "region", "parent", "region_name",
                  "leadership_size"]


class ProgramSerializer(ChoiceDisplayMixin):
    organizer_name = serializers.CharField(source="organizer.name", read_only=True)

    class Meta:
        model = Program
        fields = ["id", "name", "organizer", "start_date", "end_date", "target_total", "status",
                  "description", "organizer_name", "participants", "balance_aims",
                  "leadership_share", "readiness_checklist", "host_opens_ballots"]


class TrackSerializer(ChoiceDisplayMixin):
    class Meta:
        model = Track
        fields = ["id", "program", "name", "kind", "target_count"]


class BatchSerializer(ChoiceDisplayMixin):
    class Meta:
        model = Batch
        fields = ["id", "program", "number", "name", "status", "mobilization_date",
                  "training_start", "training_end", "report_by", "term_months", "planned_size",
                  "cap_per_host_unit", "matching_method"]

    def validate_status(self, value):
        error = self.instance and status_edit_error(self.instance.status, value)
        if error:
            raise serializers.ValidationError(error)
        return value


class ProgramTargetSerializer(ChoiceDisplayMixin):
    class Meta:
        model = ProgramTarget
        fields = ["id", "program", "track", "name", "year", "target", "unit_label", "measure",
                  "achieved_manual"]


class AllowancePolicySerializer(ChoiceDisplayMixin):
    class Meta:
        model = AllowancePolicy
        fields = ["id", "program", "track", "daily_allowance", "round_trips_per_month",
                  "accident_insurance", "insurance_premium", "home_approval_leave_days",
                  "department_approval_leave_days", "on_post_leave_kinds"]

    def validate_on_post_leave_kinds(self, value):
        return sorted(set(value))  # checked by the model field's validator


class HolidaySerializer(serializers.ModelSerializer):
    class Meta:
        model = Holiday
        fields = ["id", "date", "name", "is_workday"]


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="原因")
