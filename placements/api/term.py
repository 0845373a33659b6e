"""Endpoints of the term's commitments: extensions (延期), the host's readiness (接收准备),
handovers (工作交接), return plans and later use (返回与后续使用). Every write is a service
step, which decides who may take it."""
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action

from accounts.choices import Role
from core.api.base import ScopedMixin, ScopedPrimaryKeyField, payload, service_response
from core.exceptions import RuleBroken

from .. import filtersets, services
from ..models import (
    Extension,
    Handover,
    LaterUse,
    Placement,
    ReadinessItem,
    Recall,
    ReturnPlan,
)
from ..models.handovers import LISTS

PARTIES = (Role.ORG_STAFF, Role.RECEIVING, Role.DISPATCHING, Role.CADRE)


# --- 延期 -------------------------------------------------------------------------------------

class ExtensionSerializer(serializers.ModelSerializer):
    placement = ScopedPrimaryKeyField(queryset=Placement.objects.all())
    pending = serializers.ListField(child=serializers.CharField(), read_only=True,
                                    help_text="尚未同意的一方：home（派出单位）、cadre（本人）")

    class Meta:
        model = Extension
        fields = ["id", "placement", "planned_end_date", "previous_end_date", "reason", "status",
                  "requested_at", "home_consented_at", "cadre_agreed_at", "refused_at",
                  "refusal_reason", "applied_at", "pending"]
        read_only_fields = ["previous_end_date", "status", "requested_at", "home_consented_at",
                            "cadre_agreed_at", "refused_at", "refusal_reason", "applied_at"]
        # One open request per placement is the service's 409, not a 400 here.
        validators = []


class RefuseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class ExtensionViewSet(ScopedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """延期：接收单位提出，派出单位同意、本人同意后，由组织部办理（placements/{id}/extend/）。"""

    queryset = Extension.objects.all()
    serializer_class = ExtensionSerializer
    filterset_class = filtersets.ExtensionFilterSet
    write_roles = PARTIES
    select_related = ("placement__batch__program", "placement__cadre")
    ordering_fields = ["id", "requested_at"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.request_extension(
            data["placement"], self.request.user, data["planned_end_date"], data["reason"])

    @extend_schema(request=None, responses=ExtensionSerializer)
    @action(detail=True, methods=["post"])
    def agree(self, request, pk=None):
        """派出单位同意或本人同意（各一次）；两者都同意后即为三方同意。"""
        return service_response(services.agree_extension(self.get_object(), request.user),
                                ExtensionSerializer, request)

    @extend_schema(request=RefuseSerializer, responses=ExtensionSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        """派出单位或本人不同意（须说明理由）：申请关闭。"""
        data = payload(RefuseSerializer, request)
        return service_response(
            services.refuse_extension(self.get_object(), request.user, data["reason"]),
            ExtensionSerializer, request)


# --- 接收准备 ----------------------------------------------------------------------------------

class ReadinessItemSerializer(serializers.ModelSerializer):
    done = serializers.BooleanField(read_only=True)

    class Meta:
        model = ReadinessItem
        fields = ["id", "placement", "position", "label", "done", "done_at", "note"]
        read_only_fields = fields


class TickSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class ReadinessItemViewSet(ScopedMixin, viewsets.ReadOnlyModelViewSet):
    """接收准备清单（?placement=）：接收单位在干部到岗前逐项确认。"""

    queryset = ReadinessItem.objects.all()
    serializer_class = ReadinessItemSerializer
    filterset_class = filtersets.ReadinessItemFilterSet
    write_roles = (Role.ORG_STAFF, Role.RECEIVING, Role.DISPATCHING)
    select_related = ("placement__batch__program", "placement__cadre")
    ordering_fields = ["id", "position"]

    @extend_schema(request=TickSerializer, responses=ReadinessItemSerializer)
    @action(detail=True, methods=["post"])
    def tick(self, request, pk=None):
        """确认该事项已准备好（可附说明）。派出单位不能代为确认。"""
        data = payload(TickSerializer, request)
        return service_response(
            services.tick_readiness(self.get_object(), request.user, data["note"]),
            ReadinessItemSerializer, request)

    @extend_schema(request=None, responses=ReadinessItemSerializer)
    @action(detail=True, methods=["post"])
    def untick(self, request, pk=None):
        """撤销确认。"""
        return service_response(services.untick_readiness(self.get_object(), request.user),
                                ReadinessItemSerializer, request)


# --- 工作交接 ----------------------------------------------------------------------------------

class HandoverSerializer(serializers.ModelSerializer):
    placement = ScopedPrimaryKeyField(queryset=Placement.objects.all(),
                                      help_text="交出方的挂职")
    incoming = ScopedPrimaryKeyField(queryset=Placement.objects.all(),
                                     help_text="接任方的挂职")
    confirmed = serializers.BooleanField(read_only=True)
    pending = serializers.ListField(child=serializers.CharField(), read_only=True,
                                    help_text="尚待：outgoing（填写）、incoming、host（确认）")

    class Meta:
        model = Handover
        fields = ["id", "placement", "incoming", "overlap_from", "overlap_to", *LISTS,
                  "written_at", "confirmed_by_incoming_at", "confirmed_by_host_at",
                  "confirmed", "pending", "created_at"]
        read_only_fields = [*LISTS, "written_at", "confirmed_by_incoming_at",
                            "confirmed_by_host_at", "created_at"]
        validators = []


class WriteHandoverSerializer(serializers.Serializer):
    overlap_from = serializers.DateField(required=False, allow_null=True)
    overlap_to = serializers.DateField(required=False, allow_null=True)
    work_plans = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    projects_funds = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    assets = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    contacts = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class HandoverViewSet(ScopedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """工作交接：交出方填写工作计划、项目和资金、资产和重点工作三张清单及联系人，接任方和接收单位确认。"""

    queryset = Handover.objects.all()
    serializer_class = HandoverSerializer
    filterset_class = filtersets.HandoverFilterSet
    write_roles = PARTIES
    select_related = ("placement__batch__program", "placement__cadre", "incoming__cadre",
                      "incoming__batch__program")
    ordering_fields = ["id", "created_at"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.open_handover(
            self.request.user, data["placement"], data["incoming"],
            data.get("overlap_from"), data.get("overlap_to"))

    @extend_schema(request=WriteHandoverSerializer, responses=HandoverSerializer)
    @action(detail=True, methods=["post"])
    def write(self, request, pk=None):
        """交出方干部填写（或修改）交接清单，任何一方确认前可改。"""
        data = payload(WriteHandoverSerializer, request)
        return service_response(services.write_handover(self.get_object(), request.user, **data),
                                HandoverSerializer, request)

    @extend_schema(request=None, responses=HandoverSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """接任方干部或接收单位确认交接（各一次）。"""
        return service_response(services.confirm_handover(self.get_object(), request.user),
                                HandoverSerializer, request)


# --- 返回安排、期满评议、后续使用 --------------------------------------------------------

class ReturnPlanSerializer(serializers.ModelSerializer):
    changes_post = serializers.BooleanField(read_only=True)
    reviews_pending = serializers.ListField(child=serializers.CharField(), read_only=True)
    due = serializers.SerializerMethodField(help_text="返回安排应于此日前完成（期满前一个月）")

    class Meta:
        model = ReturnPlan
        fields = ["id", "placement", "home_post", "new_post", "change_reason", "meeting_date",
                  "note", "status", "changes_post", "written_at", "consented_at",
                  "review_home", "review_home_at", "review_host", "review_host_at",
                  "review_cadre", "review_cadre_at", "reviews_pending", "followed_up_at",
                  "follow_up_note", "due"]
        read_only_fields = fields

    def get_due(self, plan) -> str:
        return services.return_plan_due(plan.placement).isoformat()


class WriteReturnPlanSerializer(serializers.Serializer):
    home_post = serializers.CharField(max_length=100)
    new_post = serializers.CharField(required=False, allow_blank=True, default="",
                                     max_length=100, help_text="留空表示回原岗位")
    change_reason = serializers.CharField(required=False, allow_blank=True, default="",
                                          max_length=500)
    meeting_date = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class TextSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000)


class ReturnPlanViewSet(ScopedMixin, viewsets.ReadOnlyModelViewSet):
    """返回安排列表（组织部查看待同意的岗位变动：?status=awaiting_consent）。"""

    queryset = ReturnPlan.objects.all()
    serializer_class = ReturnPlanSerializer
    filterset_class = filtersets.ReturnPlanFilterSet
    write_roles = (Role.ORG_STAFF,)
    select_related = ("placement__batch__program",)
    ordering_fields = ["id"]

    @extend_schema(request=None, responses=ReturnPlanSerializer)
    @action(detail=True, methods=["post"])
    def consent(self, request, pk=None):
        """组织部同意返回后的岗位变动。"""
        return service_response(services.consent_post_change(self.get_object(), request.user),
                                ReturnPlanSerializer, request)


class LaterUseSerializer(serializers.ModelSerializer):
    placement = ScopedPrimaryKeyField(queryset=Placement.objects.all())

    class Meta:
        model = LaterUse
        fields = ["id", "placement", "kind", "date", "note", "created_at"]
        read_only_fields = ["created_at"]


class LaterUseViewSet(ScopedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """后续使用：返回后的提拔、晋升职级、表彰、遴选、交流，由组织部或派出单位登记。"""

    queryset = LaterUse.objects.all()
    serializer_class = LaterUseSerializer
    filterset_class = filtersets.LaterUseFilterSet
    write_roles = (Role.ORG_STAFF, Role.DISPATCHING)
    select_related = ("placement__batch__program",)
    ordering_fields = ["id", "date"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.record_later_use(
            data["placement"], self.request.user, data["kind"], data["date"],
            data.get("note", ""))


class RecallSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recall
        fields = ["id", "placement", "side", "reason", "status", "proposed_at", "decided_at",
                  "decision_note"]
        read_only_fields = fields


class RecallStepSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500,
                                   help_text="提出召回的理由（接收单位或派出单位）")
    decision = serializers.ChoiceField(choices=["approve", "reject"], required=False,
                                       help_text="组织部决定：approve 召回，reject 不予召回")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    end_date = serializers.DateField(required=False, allow_null=True, default=None)


class PlacementTermActions:
    """The term's steps on a placement (mixed into PlacementViewSet): the return plan, the
    end-of-term review and the follow-up a year after return."""

    # The cadre writes their own end-of-term review; the service decides every other step.
    action_write_roles = {"review": PARTIES, "recall": PARTIES}

    @property
    def write_roles(self):
        return self.action_write_roles.get(getattr(self, "action", None), self.base_write_roles)

    @extend_schema(methods=["GET"], request=None, responses=ReturnPlanSerializer)
    @extend_schema(methods=["PUT"], request=WriteReturnPlanSerializer,
                   responses=ReturnPlanSerializer)
    @action(detail=True, methods=["get", "put"], url_path="return-plan")
    def return_plan(self, request, pk=None):
        """返回安排：派出单位于期满前一个月填写；返回后岗位变动须组织部同意（return-plans/{id}/consent/）。"""
        placement = self.get_object()
        if request.method == "GET":
            plan = ReturnPlan.objects.filter(placement=placement).first()
            if plan is None:
                raise Http404
            return service_response(plan, ReturnPlanSerializer, request)
        data = payload(WriteReturnPlanSerializer, request)
        return service_response(services.write_return_plan(placement, request.user, **data),
                                ReturnPlanSerializer, request)

    @extend_schema(request=TextSerializer, responses=ReturnPlanSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """期满评议：派出单位、接收单位和本人各写一次（挂职最后一个月起）。"""
        data = payload(TextSerializer, request)
        return service_response(services.review_term(self.get_object(), request.user,
                                                     data["text"]),
                                ReturnPlanSerializer, request)

    @extend_schema(request=NoteSerializer, responses=ReturnPlanSerializer)
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        """返回一年后的回访（组织部）。"""
        data = payload(NoteSerializer, request)
        return service_response(services.follow_up(self.get_object(), request.user,
                                                   data["note"]),
                                ReturnPlanSerializer, request)

    @extend_schema(methods=["GET"], request=None, responses=RecallSerializer)
    @extend_schema(methods=["POST"], request=RecallStepSerializer, responses=RecallSerializer)
    @action(detail=True, methods=["get", "post"])
    def recall(self, request, pk=None):
        """召回：接收单位或派出单位提出（reason），组织部决定（decision、note、end_date）；
        召回即提前结束挂职。GET 为最近一次召回。"""
        placement = self.get_object()
        if request.method == "GET":
            recall = placement.recalls.first()
            if recall is None:
                raise Http404
            return service_response(recall, RecallSerializer, request)
        data = payload(RecallStepSerializer, request)
        if data.get("decision"):
            recall = placement.recalls.filter(status=Recall.Status.PROPOSED).first()
            if recall is None:
                raise RuleBroken("没有待决定的召回", code="no_recall")
            return service_response(
                services.decide_recall(recall, request.user, data["decision"] == "approve",
                                       data["note"], data["end_date"]),
                RecallSerializer, request)
        return service_response(services.propose_recall(placement, request.user,
                                                        data.get("reason", "")),
                                RecallSerializer, request, code=201)
