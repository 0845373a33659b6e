from rest_framework import serializers

from secondment.api.base import ChoiceDisplayMixin

from ..models import (
    Achievement,
    AllowanceStatement,
    Appraisal,
    DemandOrder,
    Inspection,
    Leave,
    MatchProposal,
    Nomination,
    Placement,
    WorkLog,
)


class DemandOrderSerializer(ChoiceDisplayMixin):
    receiving_unit_name = serializers.CharField(source="receiving_unit.name", read_only=True)
    preferred_unit_kinds = serializers.ListField(child=serializers.CharField(), required=False)

    class Meta:
        model = DemandOrder
        fields = ["id", "batch", "receiving_unit", "title", "post_title", "expertise",
                  "preferred_unit_kinds", "min_rank", "max_rank", "headcount", "term_months",
                  "description", "goals", "status", "filled_count", "return_reason",
                  "submitted_at", "reviewed_at", "receiving_unit_name"]
        read_only_fields = ["status", "filled_count", "return_reason", "submitted_at",
                            "reviewed_at"]


class NominationSerializer(ChoiceDisplayMixin):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)

    class Meta:
        model = Nomination
        fields = ["id", "cadre", "batch", "order", "dispatching_unit", "self_matched", "status",
                  "note", "created_at", "cadre_name"]
        read_only_fields = ["dispatching_unit", "self_matched", "status", "created_at"]


class PlacementSerializer(ChoiceDisplayMixin):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    home_unit_name = serializers.CharField(source="home_unit.name", read_only=True)
    host_unit_name = serializers.CharField(source="host_unit.name", read_only=True)
    direction = serializers.ChoiceField(choices=Placement._meta.get_field("direction").choices,
                                        required=False)

    class Meta:
        model = Placement
        fields = ["id", "cadre", "batch", "track", "order", "home_unit", "host_unit",
                  "post_title", "direction", "start_date", "planned_end_date",
                  "actual_end_date", "status", "end_reason", "partner",
                  "host_confirmed_start_at", "home_confirmed_start_at",
                  "cadre_name", "home_unit_name", "host_unit_name"]
        read_only_fields = ["end_reason", "partner", "host_confirmed_start_at",
                            "home_confirmed_start_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["direction_display"] = instance.get_direction_display()
        return data


class MatchProposalSerializer(serializers.ModelSerializer):
    cadre = serializers.IntegerField(source="nomination.cadre_id", read_only=True)
    cadre_name = serializers.CharField(source="nomination.cadre.name", read_only=True)
    order_title = serializers.CharField(source="order.title", read_only=True)

    class Meta:
        model = MatchProposal
        fields = ["id", "nomination", "cadre", "cadre_name", "order", "order_title", "score",
                  "reasons", "self_matched", "status"]


class ConfirmItemSerializer(serializers.Serializer):
    proposal = serializers.IntegerField()
    decision = serializers.ChoiceField(choices=["accept", "reject", "change"], default="accept")
    order = serializers.IntegerField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True)


class ConfirmMatchesSerializer(serializers.Serializer):
    proposals = ConfirmItemSerializer(many=True, allow_empty=False)


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ExtendSerializer(serializers.Serializer):
    planned_end_date = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class EndSerializer(serializers.Serializer):
    actual_end_date = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class StartSerializer(serializers.Serializer):
    start_date = serializers.DateField(required=False)


class LeaveSerializer(ChoiceDisplayMixin):
    class Meta:
        model = Leave
        fields = ["id", "placement", "start_date", "end_date", "reason", "days", "status"]
        read_only_fields = ["days", "status"]


class WorkLogSerializer(ChoiceDisplayMixin):
    class Meta:
        model = WorkLog
        fields = ["id", "placement", "date", "content", "category", "status", "review_comment"]
        read_only_fields = ["status", "review_comment"]


class InspectionSerializer(ChoiceDisplayMixin):
    class Meta:
        model = Inspection
        fields = ["id", "placement", "kind", "status", "scheduled_date", "date", "findings",
                  "rating"]


class AchievementSerializer(ChoiceDisplayMixin):
    class Meta:
        model = Achievement
        fields = ["id", "placement", "category", "title", "amount", "count", "date", "evidence",
                  "verified"]
        read_only_fields = ["verified"]


class AppraisalSerializer(ChoiceDisplayMixin):
    class Meta:
        model = Appraisal
        fields = ["id", "placement", "kind", "side", "year", "grade", "comments"]


class AllowanceStatementSerializer(ChoiceDisplayMixin):
    month = serializers.CharField(read_only=True)

    class Meta:
        model = AllowanceStatement
        fields = ["id", "placement", "month", "days_on_post", "leave_days", "daily_allowance",
                  "amount", "trips_allowed", "trips_taken", "insured", "insurance_premium",
                  "is_current"]
        read_only_fields = fields
