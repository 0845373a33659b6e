from django.contrib import admin

from secondment.admin import ScopedAdmin

from .models import Alert, Feedback, Report


@admin.register(Report)
class ReportAdmin(ScopedAdmin):
    list_display = ["kind", "format", "status", "program", "batch", "row_count",
                    "requested_by", "created_at", "finished_at"]
    list_filter = ["kind", "format", "status"]
    search_fields = ["program__name"]
    autocomplete_fields = ["program", "batch", "requested_by"]
    readonly_fields = ["status", "file", "row_count", "error", "started_at", "finished_at"]


@admin.register(Alert)
class AlertAdmin(ScopedAdmin):
    list_display = ["kind", "message", "unit", "role", "recipient", "raised_at", "resolved_at"]
    list_filter = ["kind", "role", "resolved_at"]
    search_fields = ["message", "unit__name"]
    autocomplete_fields = ["unit", "recipient"]


@admin.register(Feedback)
class FeedbackAdmin(ScopedAdmin):
    """Read here; answered on the /feedback/ page through the service."""

    list_display = ["created_at", "author", "page", "content", "handled_at"]
    list_filter = ["handled_at"]
    search_fields = ["content"]
    readonly_fields = ["author", "page", "content", "created_at", "reply", "handled_by",
                       "handled_at"]

    def has_add_permission(self, request):
        return False
