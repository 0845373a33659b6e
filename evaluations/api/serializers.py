from rest_framework import serializers

from core.api.base import ScopedPrimaryKeyField
from placements.models import Placement
from programs.models import Batch

from ..models import Ballot, BallotGroup, ReportOfDuty, Talk


class ReportOfDutySerializer(serializers.ModelSerializer):
    placement = ScopedPrimaryKeyField(queryset=Placement.objects.all())

    class Meta:
        model = ReportOfDuty
        fields = ["id", "placement", "kind", "year", "text", "attachment", "submitted_at"]
        read_only_fields = ["submitted_at"]
        extra_kwargs = {"text": {"required": False, "allow_blank": True},
                        "attachment": {"required": False}}
        validators = []  # one per kind and year: written again, it replaces (the service)


class TalkSerializer(serializers.ModelSerializer):
    placement = ScopedPrimaryKeyField(queryset=Placement.objects.all())

    class Meta:
        model = Talk
        fields = ["id", "placement", "held_on", "interviewee", "summary", "created_at"]
        read_only_fields = ["created_at"]


class GroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = BallotGroup
        fields = ["name", "weight", "sheets"]


class BallotSerializer(serializers.ModelSerializer):
    placement = ScopedPrimaryKeyField(queryset=Placement.objects.all(), required=False,
                                      allow_null=True)
    batch = ScopedPrimaryKeyField(queryset=Batch.objects.all(), required=False,
                                  allow_null=True)
    groups = GroupSerializer(many=True, required=False)
    copy_from = ScopedPrimaryKeyField(
        queryset=Ballot.objects.all(), required=False, allow_null=True, write_only=True,
        help_text="以往的测评：沿用其测评项目和评议群体（未另给出时）")
    items = serializers.JSONField(required=False, help_text=(
        "[{key, label, kind: grade|score, required, max}]；不填为德、能、勤、绩、廉和总体评价"))
    state = serializers.CharField(read_only=True, help_text="scheduled、open 或 closed")
    turnout = serializers.SerializerMethodField()

    class Meta:
        model = Ballot
        fields = ["id", "title", "placement", "batch", "items", "groups", "copy_from",
                  "opens_at", "closes_at", "test_mode", "state", "closed_at", "turnout",
                  "created_at"]
        read_only_fields = ["closed_at", "created_at"]

    def get_turnout(self, ballot) -> dict:
        from ..ballots import turnout

        return turnout(ballot)


class ResultsQuerySerializer(serializers.Serializer):
    placement = serializers.IntegerField(required=False,
                                         help_text="批次测评须指定挂职：每次只看一名干部的结果")


class VoteSerializer(serializers.Serializer):
    answers = serializers.DictField(help_text="{项目key: 等次代码或分数}")


class HostRatingSerializer(serializers.Serializer):
    placement = ScopedPrimaryKeyField(queryset=Placement.objects.all(), write_only=True)
    work_arranged = serializers.IntegerField(min_value=1, max_value=5, help_text="工作安排 1—5")
    conditions = serializers.IntegerField(min_value=1, max_value=5, help_text="工作生活条件 1—5")
    help = serializers.IntegerField(min_value=1, max_value=5, help_text="关心帮助 1—5")
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    note_for_successor = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=5000,
        help_text="给同一岗位继任者的话（署名，可不填）")


class HostRatingRowSerializer(serializers.Serializer):
    host_unit = serializers.IntegerField()
    name = serializers.CharField()
    answers = serializers.IntegerField()
    shown = serializers.BooleanField(help_text="满3人作答才显示平均分和意见")
    work_arranged = serializers.FloatField(allow_null=True)
    conditions = serializers.FloatField(allow_null=True)
    help = serializers.FloatField(allow_null=True)
    comments = serializers.ListField(child=serializers.CharField())


class ProgramQuerySerializer(serializers.Serializer):
    program = serializers.IntegerField(required=False)
