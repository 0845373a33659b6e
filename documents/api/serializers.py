from rest_framework import serializers

from ..choices import DocumentKind
from ..models import DocumentTemplate, Letterhead


class DocumentTemplateSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField(help_text="下载本单位的模板")

    class Meta:
        model = DocumentTemplate
        fields = ["id", "kind", "file", "placeholders", "uploaded_at", "download"]
        read_only_fields = ["placeholders", "uploaded_at"]
        extra_kwargs = {"file": {"write_only": True}}
        validators = []  # one per kind: an upload replaces the earlier one (the service)

    def get_download(self, template) -> str:
        from django.urls import reverse

        return reverse("documenttemplate-download", args=[template.pk])


class LetterheadSerializer(serializers.ModelSerializer):
    class Meta:
        model = Letterhead
        fields = ["issuer", "reference_prefix", "contact_person", "contact_phone", "address"]


class KindQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)


class SheetQuerySerializer(serializers.Serializer):
    program = serializers.IntegerField()
    month = serializers.RegexField(r"^\d{4}-(0[1-9]|1[0-2])$")
    reviewed_by = serializers.CharField(required=False, allow_blank=True, default="",
                                        max_length=50, help_text="审核人（可留空，打印后签字）")
