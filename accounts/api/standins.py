"""代理人 on the API: a unit's operator names a colleague to stand in while away; the steps
taken meanwhile are listed under each stand-in."""
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.base import ScopedMixin
from core.roles import UNIT_ROLES

from .. import standins
from ..models import StandIn, StandInStep, User


class StandInSerializer(serializers.ModelSerializer):
    # An id only: who is not a colleague is the service's 400, told the same way whether or
    # not such a user exists elsewhere.
    stand_in = serializers.IntegerField(source="stand_in_id",
                                        help_text="本单位的另一名经办人（用户 id）")

    class Meta:
        model = StandIn
        fields = ["id", "operator", "stand_in", "starts_on", "ends_on", "reason", "created_at"]
        read_only_fields = ["operator", "created_at"]


class StandInStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = StandInStep
        fields = ["id", "stand_in", "operator", "step", "subject", "url", "created_at"]


class StandInViewSet(ScopedMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin,
                     viewsets.ReadOnlyModelViewSet):
    """代理人：单位经办人外出时指定本单位另一名经办人代为办理（起止日期）；代理期间的办理记为代办。"""

    queryset = StandIn.objects.all()
    serializer_class = StandInSerializer
    write_roles = UNIT_ROLES
    select_related = ("operator", "stand_in")
    ordering_fields = ["id", "starts_on"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        colleague = User.objects.filter(pk=data["stand_in_id"],
                                        unit=self.request.user.unit_id).first()
        serializer.instance = standins.name_stand_in(
            self.request.user, colleague, data["starts_on"], data["ends_on"],
            data.get("reason", ""))

    def perform_destroy(self, instance):
        standins.withdraw_stand_in(instance, self.request.user)

    @extend_schema(responses=StandInStepSerializer(many=True))
    @action(detail=True, methods=["get"])
    def steps(self, request, pk=None):
        """代理期间代理人代为办理的事项。"""
        stand_in = self.get_object()
        rows = StandInStep.objects.filter(
            stand_in=stand_in.stand_in, operator=stand_in.operator,
            created_at__date__range=(stand_in.starts_on, stand_in.ends_on))
        return Response(StandInStepSerializer(rows, many=True).data)
