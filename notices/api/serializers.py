from rest_framework import serializers

from core.api.base import ChoiceDisplayMixin, ScopedPrimaryKeyField
from programs.models import Program, Unit

from ..models import Message, Notice


class NoticeSerializer(serializers.ModelSerializer):
    program = ScopedPrimaryKeyField(queryset=Program.objects.all())
    units = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), many=True, required=False,
        help_text="接收通知的单位（须为项目参与单位）；不填则发给项目全部参与单位")
    read_by = serializers.IntegerField(read_only=True, help_text="已阅读的单位数")
    sent_to = serializers.IntegerField(read_only=True, help_text="发送的单位数")
    read = serializers.SerializerMethodField(help_text="本单位是否已读（单位经办人）")

    class Meta:
        model = Notice
        fields = ["id", "program", "title", "body", "units", "published_by", "published_at",
                  "read_by", "sent_to", "read"]
        read_only_fields = ["published_by", "published_at"]

    def get_read(self, notice) -> bool | None:
        read = getattr(notice, "read_by_me", None)
        return None if read is None else bool(read)


class NoticeReceiptSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    read_at = serializers.DateTimeField(allow_null=True)
    reader = serializers.CharField(allow_blank=True)


class MessageSerializer(ChoiceDisplayMixin):
    read = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = ["id", "kind", "title", "body", "url", "created_at", "read_at", "read"]
        read_only_fields = fields

    def get_read(self, message) -> bool:
        return message.read_at is not None
