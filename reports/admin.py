from django.contrib import admin

from secondment.admin import ScopedAdmin

from .models import Alert, Report


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
