from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from core.admin import ScopedAdmin
from core.exceptions import ServiceError

from . import services
from .models import Alert, Feedback, Report

REQUEST_FIELDS = ["kind", "format", "program", "batch", "period_start", "period_end", "as_of",
                  "parameters"]


class ReportRequestAdminForm(forms.ModelForm):
    """Adding a report in the admin is a request like the API's: checked by the service here,
    recorded and handed to the workers by it in save_model."""

    class Meta:
        model = Report
        fields = REQUEST_FIELDS

    def clean(self):
        data = super().clean()
        try:
            services.check_request(self.request_user, **{k: data.get(k) for k in REQUEST_FIELDS})
        except ServiceError as exc:
            raise ValidationError(exc.message) from None
        return data


@admin.register(Report)
class ReportAdmin(ScopedAdmin):
    list_display = ["kind", "format", "status", "program", "batch", "row_count",
                    "requested_by", "created_at", "finished_at"]
    list_filter = ["kind", "format", "status", "scheduled"]
    search_fields = ["program__name"]
    autocomplete_fields = ["program", "batch"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ReportRequestAdminForm
        form = super().get_form(request, obj, change=change, **kwargs)
        form.request_user = request.user
        return form

    def get_fields(self, request, obj=None):
        if obj is None:
            return REQUEST_FIELDS
        return [*REQUEST_FIELDS, "status", "file", "row_count", "file_size", "error",
                "attempts", "scheduled", "requested_by", "created_at", "started_at",
                "finished_at"]

    def get_readonly_fields(self, request, obj=None):
        # A report is a record of a run: nothing of it is edited, it is requested again.
        return self.get_fields(request, obj) if obj is not None else []

    def save_model(self, request, obj, form, change):
        report = services.request_report(
            request.user, deferred=True,
            **{k: form.cleaned_data.get(k) for k in REQUEST_FIELDS})
        obj.pk, obj.status, obj.created_at = report.pk, report.status, report.created_at
        obj._state.adding = False


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
