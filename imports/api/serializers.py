from django.urls import reverse
from rest_framework import serializers

from core.api.base import ChoiceDisplayMixin

from ..kinds import KIND_CHOICES
from ..models import ImportJob
from ..running import read_progress


class ImportJobSerializer(ChoiceDisplayMixin):
    progress = serializers.SerializerMethodField()
    bad_rows_url = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = ["id", "kind", "original_name", "file_format", "status", "total_rows",
                  "counts", "errors", "ignored_columns", "skipped_rows", "applied_counts",
                  "message",
                  "created_at", "validated_at", "applied_at", "duration_seconds", "progress",
                  "bad_rows_url"]
        read_only_fields = fields

    def get_progress(self, job) -> dict | None:
        """{"done", "total", "apply"} while the rows are being gone through, else null."""
        return read_progress(job.pk)

    def get_bad_rows_url(self, job) -> str | None:
        return reverse("imports:bad_rows", args=[job.pk]) if job.bad_rows else None


class UploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=KIND_CHOICES)
    file = serializers.FileField()
