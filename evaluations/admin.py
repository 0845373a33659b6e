"""考核评价 in the admin: read only — the steps are taken on pages and the API. Sheets and
votes are not here at all: a token is a vote, and votes are read as results."""
from django.contrib import admin

from core.admin import ScopedAdmin

from .models import Ballot, ReportOfDuty, Talk


class ReadOnlyAdmin(ScopedAdmin):
    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Ballot)
class BallotAdmin(ReadOnlyAdmin):
    list_display = ["title", "program", "opens_at", "closes_at", "test_mode"]


@admin.register(ReportOfDuty)
class ReportOfDutyAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "submitted_at"]


@admin.register(Talk)
class TalkAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "held_by"]
