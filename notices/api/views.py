from django.db.models import Exists, OuterRef, Value
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.base import ReadOnlyScopedViewSet, ScopedMixin
from core.roles import Role

from .. import filtersets, services
from ..models import Message, Notice, NoticeRead
from ..receipts import receipts
from . import serializers as s


class NoticeViewSet(ScopedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """通知公告：组织部发布给项目参与单位；单位经办人阅读（按单位记回执）。"""

    queryset = Notice.objects.all()
    serializer_class = s.NoticeSerializer
    filterset_class = filtersets.NoticeFilterSet
    # Units post their receipts (read/); publishing is checked by publish_notice (403).
    write_roles = (Role.ORG_STAFF, Role.RECEIVING, Role.DISPATCHING)
    select_related = ("program",)
    ordering_fields = ["published_at", "id"]
    ordering = ["-published_at", "-id"]

    def get_queryset(self):
        qs = super().get_queryset().with_read_by().prefetch_related("units")
        user = self.request.user
        if user.unit_id:
            qs = qs.annotate(read_by_me=Exists(NoticeRead.objects.filter(
                notice=OuterRef("pk"), unit=user.unit_id)))
        else:
            qs = qs.annotate(read_by_me=Value(None))
        return qs

    def perform_create(self, serializer):
        data = serializer.validated_data
        notice = services.publish_notice(self.request.user, data["program"], data["title"],
                                         data["body"], data.get("units", ()))
        serializer.instance = self.get_queryset().get(pk=notice.pk)

    @extend_schema(request=None, responses=s.NoticeSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """标记本单位已读（回执）。"""
        notice = self.get_object()
        services.read_notice(notice, request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=notice.pk)).data)

    @extend_schema(request=None, responses=s.NoticeReceiptSerializer(many=True))
    @action(detail=True, methods=["get"])
    def receipts(self, request, pk=None):
        """每个接收单位的阅读回执（组织部）。"""
        notice = self.get_object()
        services.check_publish_notice(request.user, notice.program)
        return Response(s.NoticeReceiptSerializer(receipts(notice), many=True).data)


class MessageViewSet(ReadOnlyScopedViewSet):
    """我的消息：订单退回或通过、批次开放、推荐结果、纪实需补充、请假审批。"""

    queryset = Message.objects.all()
    serializer_class = s.MessageSerializer
    filterset_class = filtersets.MessageFilterSet
    write_roles = tuple(Role.values)  # read/ and read-all/ of one's own messages
    ordering_fields = ["created_at", "id"]
    ordering = ["-created_at", "-id"]

    @extend_schema(request=None, responses=s.MessageSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """标记为已读。"""
        message = services.read_message(self.get_object(), request.user)
        message.refresh_from_db()
        return Response(self.get_serializer(message).data)

    @extend_schema(request=None, responses={200: {"type": "object"}})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        """全部标为已读。"""
        return Response({"read": services.read_all(request.user)})
