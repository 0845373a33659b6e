from django.utils import timezone
from rest_framework import serializers

from core.api.base import ChoiceDisplayMixin, DownloadUrlField
from core.api.bulk import BulkSerializer
from programs.calendar import MONTH_RE

from ..choices import InspectionRating, InspectionStatus, WorkLogCategory, WorkLogStatus
from ..models import (
    Achievement,
    Agreement,
    AllowanceStatement,
    Appraisal,
    DemandOrder,
    EligibilityRule,
    Inspection,
    Leave,
    MatchProposal,
    Nomination,
    Offer,
    Placement,
    WorkLog,
)


class DemandOrderSerializer(ChoiceDisplayMixin):
    receiving_unit_name = serializers.CharField(source="receiving_unit.name", read_only=True)
    preferred_unit_kinds = serializers.ListField(child=serializers.CharField(), required=False)

    class Meta:
        model = DemandOrder
        fields = ["id", "batch", "receiving_unit", "track", "title", "post_title", "expertise",
                  "preferred_unit_kinds", "min_rank", "max_rank", "headcount", "term_months",
                  "description", "goals", "status", "filled_count", "return_reason",
                  "submitted_at", "reviewed_at", "receiving_unit_name", "fulfilment_rating",
                  "fulfilment_comment", "rated_at"]
        read_only_fields = ["status", "filled_count", "return_reason", "submitted_at",
                            "reviewed_at", "fulfilment_rating", "fulfilment_comment", "rated_at"]
        step_fields = read_only_fields


class NominationSerializer(ChoiceDisplayMixin):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    declarations = serializers.ListField(
        child=serializers.IntegerField(min_value=1), write_only=True, required=False,
        max_length=50, help_text="派出单位确认的资格条件编号（eligibility-rules/ 中须确认的各项）")

    choices = serializers.ListField(child=serializers.IntegerField(), required=False,
                                    help_text="至多3个本批次已发布的需求订单编号，按志愿排序；空为服从安排")
    spouse = serializers.IntegerField(source="spouse_id", required=False, allow_null=True,
                                      help_text="同批次推荐的配偶（干部编号）")

    class Meta:
        model = Nomination
        fields = ["id", "cadre", "batch", "order", "dispatching_unit", "self_matched", "status",
                  "note", "created_at", "cadre_name", "declarations", "eligibility",
                  "choices", "available_from", "spouse", "spouse_rule"]
        read_only_fields = ["dispatching_unit", "self_matched", "status", "created_at",
                            "eligibility"]
        step_fields = ["self_matched", "status"]
        # A second active nomination of a cadre is the service's 409, not a 400 here.
        validators = []


class AgreementSerializer(serializers.ModelSerializer):
    confirmed = serializers.BooleanField(read_only=True)
    pending = serializers.ListField(child=serializers.CharField(), read_only=True,
                                    help_text="尚未确认的一方：home、host、cadre")
    changes = serializers.SerializerMethodField(help_text="与上一版本相比的变更 {项: [原, 新]}")

    class Meta:
        model = Agreement
        fields = ["id", "placement", "version", "is_current", "duties", "goals",
                  "development_plan", "supervisor", "appraiser", "cost_sharing", "post_title",
                  "start_date", "end_date", "change_reason", "confirmed_by_home_at",
                  "confirmed_by_host_at", "confirmed_by_cadre_at", "confirmed", "pending",
                  "changes", "created_at"]
        read_only_fields = ["version", "is_current", "change_reason", "confirmed_by_home_at",
                            "confirmed_by_host_at", "confirmed_by_cadre_at", "created_at"]
        extra_kwargs = {"post_title": {"required": False}, "start_date": {"required": False},
                        "end_date": {"required": False}}
        # A second agreement for a placement is the service's 409, not a 400 here.
        validators = []

    def get_changes(self, agreement) -> dict:
        from ..services.agreements import changes_from_previous

        return changes_from_previous(agreement)


class AmendSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    duties = serializers.CharField(required=False)
    goals = serializers.CharField(required=False, allow_blank=True)
    development_plan = serializers.CharField(required=False, allow_blank=True)
    supervisor = serializers.CharField(required=False, allow_blank=True)
    appraiser = serializers.CharField(required=False, allow_blank=True)
    cost_sharing = serializers.CharField(required=False, allow_blank=True)
    post_title = serializers.CharField(required=False)
    start_date = serializers.DateField(required=False)
    end_date = serializers.DateField(required=False)


class OfferSerializer(ChoiceDisplayMixin):
    cadre_name = serializers.CharField(source="nomination.cadre.name", read_only=True)
    order_title = serializers.CharField(source="order.title", read_only=True)
    receiving_unit_name = serializers.CharField(source="order.receiving_unit.name",
                                                read_only=True)

    class Meta:
        model = Offer
        fields = ["id", "batch", "order", "order_title", "receiving_unit_name", "nomination",
                  "cadre_name", "round", "score", "reasons", "expires_at", "status",
                  "decided_at", "created_at"]
        read_only_fields = fields


class SecondRoundSerializer(serializers.Serializer):
    days = serializers.IntegerField(required=False, default=3, help_text="答复期限（天，1–30）")


class WishesSerializer(serializers.Serializer):
    choices = serializers.ListField(child=serializers.IntegerField(), required=False)
    available_from = serializers.DateField(required=False, allow_null=True)
    spouse = serializers.IntegerField(required=False, allow_null=True)
    spouse_rule = serializers.ChoiceField(choices=["together", "apart", ""], required=False)


class RankNomineesSerializer(serializers.Serializer):
    nominations = serializers.ListField(child=serializers.IntegerField(), max_length=200)


class OfferedNomineeSerializer(serializers.Serializer):
    nomination = serializers.IntegerField(source="pk")
    cadre_name = serializers.CharField(source="cadre.name")
    dispatching_unit = serializers.CharField(source="dispatching_unit.name")
    choice_rank = serializers.IntegerField(allow_null=True, help_text="本订单是其第几志愿")
    rank = serializers.IntegerField(allow_null=True, help_text="本单位的排序")


class EligibilityRuleSerializer(ChoiceDisplayMixin):
    description = serializers.CharField(source="describe", read_only=True)

    class Meta:
        model = EligibilityRule
        fields = ["id", "program", "kind", "rank", "number", "education", "grade", "text",
                  "description", "created_at"]
        read_only_fields = ["created_at"]

    def validate(self, attrs):
        from django.core.exceptions import ValidationError

        rule = EligibilityRule(**{**({f: getattr(self.instance, f) for f in (
            "program_id", "kind", "rank", "number", "education", "grade", "text")}
            if self.instance else {}), **attrs})
        try:
            rule.clean()
        except ValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from None
        return attrs


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
                  "actual_end_date", "status", "end_reason", "partner", "replaces",
                  "insured_until", "host_confirmed_start_at", "home_confirmed_start_at",
                  "host_confirmed_end_at", "home_confirmed_end_at",
                  "cadre_name", "home_unit_name", "host_unit_name"]
        # Status, end, pairing and confirmations move only through the steps (start, end,
        # pair, replace …).
        read_only_fields = ["actual_end_date", "status", "end_reason", "partner", "replaces",
                            "host_confirmed_start_at", "home_confirmed_start_at",
                            "host_confirmed_end_at", "home_confirmed_end_at"]
        step_fields = read_only_fields
        # Left out, the batch's term gives them (see services.create_placement).
        extra_kwargs = {"start_date": {"required": False},
                        "planned_end_date": {"required": False}}


class MatchProposalSerializer(serializers.ModelSerializer):
    cadre = serializers.IntegerField(source="nomination.cadre_id", read_only=True)
    cadre_name = serializers.CharField(source="nomination.cadre.name", read_only=True)
    order_title = serializers.CharField(source="order.title", read_only=True)
    choice_rank = serializers.SerializerMethodField(help_text="该订单是本人的第几志愿（无则为空）")

    class Meta:
        model = MatchProposal
        fields = ["id", "nomination", "cadre", "cadre_name", "order", "order_title", "score",
                  "reasons", "self_matched", "status", "choice_rank"]

    def get_choice_rank(self, proposal) -> int | None:
        return proposal.choice_rank


class UnplacedSerializer(serializers.Serializer):
    nomination = serializers.IntegerField(source="id")
    cadre = serializers.IntegerField(allow_null=True)
    cadre_name = serializers.CharField()
    reason_code = serializers.CharField(help_text="not_yet_matched, outscored, cap_reached, "
                                                  "avoidance, rank_band, not_eligible, "
                                                  "no_open_orders")
    reason = serializers.CharField()


class UnfilledSerializer(serializers.Serializer):
    order = serializers.IntegerField(source="id")
    order_title = serializers.CharField()
    open_slots = serializers.IntegerField()
    reason_code = serializers.CharField(help_text="not_yet_matched, nominees_taken, "
                                                  "cap_reached, avoidance, rank_band, "
                                                  "not_eligible, no_nominees")
    reason = serializers.CharField()


class MatchBoardSerializer(serializers.Serializer):
    proposals = MatchProposalSerializer(many=True)
    unplaced = UnplacedSerializer(many=True)
    unfilled = UnfilledSerializer(many=True)


class AcceptProposalsSerializer(serializers.Serializer):
    min_score = serializers.FloatField(min_value=0, help_text="确认得分不低于此值的全部待确认方案")


class ConfirmItemSerializer(serializers.Serializer):
    proposal = serializers.IntegerField()
    decision = serializers.ChoiceField(choices=["accept", "reject", "change"], default="accept")
    order = serializers.IntegerField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True)


class ConfirmMatchesSerializer(serializers.Serializer):
    proposals = ConfirmItemSerializer(many=True, allow_empty=False)


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class BulkReturnSerializer(BulkSerializer):
    reason = serializers.CharField(max_length=2000, help_text="退回原因（各订单相同）")


class BulkReviewSerializer(BulkSerializer):
    decision = serializers.ChoiceField(choices=[WorkLogStatus.ACCEPTED, WorkLogStatus.NEEDS_MORE])
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class BulkLeaveSerializer(BulkSerializer):
    decision = serializers.ChoiceField(choices=["approve", "reject"])
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class PairSerializer(serializers.Serializer):
    partner = serializers.IntegerField(help_text="与之互派的另一挂职编号")


class ReplaceSerializer(serializers.Serializer):
    cadre = serializers.IntegerField(help_text="补派干部编号")
    start_date = serializers.DateField(help_text="补派干部到岗日期（原挂职于前一天结束）")
    reason = serializers.CharField(max_length=2000)
    post_title = serializers.CharField(max_length=100, required=False, allow_blank=True)


class ExtendSerializer(serializers.Serializer):
    planned_end_date = serializers.DateField(
        required=False, help_text="不填则为三方同意的延期日期；须三方已同意（extensions/）")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class EndSerializer(serializers.Serializer):
    actual_end_date = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class StartSerializer(serializers.Serializer):
    start_date = serializers.DateField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500,
                                   help_text="接收准备清单尚有未完成事项时必填")


class LeaveSerializer(ChoiceDisplayMixin):
    class Meta:
        model = Leave
        fields = ["id", "placement", "kind", "start_date", "end_date", "reason", "days", "status",
                  "needs_home_approval", "host_approved_at", "home_approved_at",
                  "needs_department_approval", "department_approved_at", "counts_on_post",
                  "review_comment", "reported_back_at", "created_at"]
        read_only_fields = ["days", "status", "needs_home_approval", "host_approved_at",
                            "home_approved_at", "needs_department_approval",
                            "department_approved_at", "counts_on_post", "review_comment",
                            "reported_back_at", "created_at"]
        step_fields = ["status"]


class WorkLogSerializer(ChoiceDisplayMixin):
    attachment = serializers.FileField(write_only=True, required=False,
                                       help_text="附件（PDF、图片或Office文档，不超过20MB）")
    attachment_url = DownloadUrlField("attachment", "worklog-attachment",
                                      help_text="附件下载地址（无附件时为null）")

    class Meta:
        model = WorkLog
        fields = ["id", "placement", "date", "content", "category", "attachment",
                  "attachment_url", "status", "review_comment", "reviewed_at", "created_at",
                  "updated_at"]
        read_only_fields = ["status", "review_comment", "reviewed_at", "created_at",
                            "updated_at"]
        step_fields = ["status"]
        # One entry a day is the service's rule (a 409 with its message), not a 400 here.
        validators = []


class WorkLogEntrySerializer(serializers.Serializer):
    date = serializers.DateField()
    content = serializers.CharField()
    category = serializers.ChoiceField(choices=WorkLogCategory.choices, required=False)


class WorkLogBulkSerializer(serializers.Serializer):
    placement = serializers.IntegerField()
    entries = WorkLogEntrySerializer(many=True, allow_empty=False, max_length=31)


class ReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[WorkLogStatus.ACCEPTED, WorkLogStatus.NEEDS_MORE])
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class MonthQuerySerializer(serializers.Serializer):
    month = serializers.RegexField(MONTH_RE, required=False,
                                   error_messages={"invalid": "月份格式应为YYYY-MM（1900—2099年）"})


class MonthDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    working_day = serializers.BooleanField()
    on_post = serializers.BooleanField()
    on_leave = serializers.BooleanField()
    state = serializers.ChoiceField(
        choices=["logged", "leave", "missing", "pending", "off", "outside"])
    log = serializers.IntegerField(source="log.pk", allow_null=True, default=None)
    log_status = serializers.CharField(source="log.status", allow_null=True, default=None)


class MonthViewSerializer(serializers.Serializer):
    placement = serializers.IntegerField(source="placement.pk")
    month = serializers.CharField()
    working_days = serializers.IntegerField()
    days_logged = serializers.SerializerMethodField()
    days_missing = serializers.SerializerMethodField()
    days_on_leave = serializers.SerializerMethodField()
    days = MonthDaySerializer(many=True)

    def get_days_logged(self, view) -> int:
        return view.count("logged")

    def get_days_missing(self, view) -> int:
        return view.count("missing")

    def get_days_on_leave(self, view) -> int:
        return view.count("leave")


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReportBackSerializer(serializers.Serializer):
    returned_on = serializers.DateField(required=False)


class InspectionSerializer(ChoiceDisplayMixin):
    is_due = serializers.SerializerMethodField()

    class Meta:
        model = Inspection
        fields = ["id", "placement", "kind", "status", "scheduled_date", "date", "findings",
                  "rating", "bears_on_appraisal", "inspector", "is_due"]
        read_only_fields = ["status", "inspector"]
        step_fields = ["status"]

    def get_is_due(self, obj) -> bool:
        return (obj.status == InspectionStatus.SCHEDULED
                and obj.scheduled_date <= timezone.localdate())


class CompleteInspectionSerializer(serializers.Serializer):
    date = serializers.DateField()
    findings = serializers.CharField()
    rating = serializers.ChoiceField(choices=InspectionRating.choices)
    bears_on_appraisal = serializers.BooleanField(required=False, default=False,
                                                  help_text="作为考核依据：列入考核登记表")


class AchievementSerializer(ChoiceDisplayMixin):
    evidence_file = serializers.FileField(write_only=True, required=False,
                                          help_text="佐证附件（PDF、图片或Office文档，不超过20MB）")
    evidence_file_url = DownloadUrlField("evidence_file", "achievement-evidence",
                                         help_text="佐证附件下载地址（无附件时为null）")

    class Meta:
        model = Achievement
        fields = ["id", "placement", "category", "title", "amount", "count", "date", "evidence",
                  "evidence_file", "evidence_file_url", "verified", "verified_at",
                  "recorded_by", "created_at"]
        read_only_fields = ["verified", "verified_at", "recorded_by", "created_at"]
        step_fields = ["verified"]
        extra_kwargs = {"amount": {"error_messages": {"min_value": "金额不能为负数"}},
                        "count": {"error_messages": {"min_value": "数量不能为负数"}}}


class AppraisalSerializer(ChoiceDisplayMixin):
    class Meta:
        model = Appraisal
        fields = ["id", "placement", "kind", "side", "year", "grade", "comments",
                  "recorded_by", "created_at"]
        read_only_fields = ["recorded_by", "created_at"]
        extra_kwargs = {"side": {"required": False}, "year": {"required": False}}
        # The side and year default in the service, which also refuses a second one (409).
        validators = []


class AllowanceStatementSerializer(ChoiceDisplayMixin):
    month = serializers.CharField(read_only=True)

    class Meta:
        model = AllowanceStatement
        fields = ["id", "placement", "month", "days_on_post", "leave_days", "daily_allowance",
                  "amount", "trips_allowed", "trips_taken", "insured", "insurance_premium",
                  "is_current", "corrects", "correction_reason", "created_at"]
        read_only_fields = fields


class GenerateStatementsSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    program = serializers.IntegerField(required=False)
    placement = serializers.IntegerField(required=False)

    def validate(self, data):
        if not data.get("program") and not data.get("placement"):
            raise serializers.ValidationError({"program": ["请选择项目"]})
        return data


class GenerateResultSerializer(serializers.Serializer):
    month = serializers.CharField()
    created = serializers.IntegerField()
    existing = serializers.IntegerField()
    without_policy = serializers.IntegerField()
    statements = AllowanceStatementSerializer(many=True)


class CorrectStatementSerializer(serializers.Serializer):
    reason = serializers.CharField()
    days_on_post = serializers.IntegerField(required=False, min_value=0, max_value=31)
    leave_days = serializers.IntegerField(required=False, min_value=0, max_value=31)
    trips_taken = serializers.IntegerField(required=False, min_value=0, max_value=31)


class RateFulfilmentSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
