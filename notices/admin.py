from django.contrib import admin

from core.admin import ScopedAdmin

from .models import Message, Notice


@admin.register(Notice)
class NoticeAdmin(ScopedAdmin):
    """Read in the admin; published on its page or the API (publish_notice checks the units)."""

    list_display = ["title", "program", "published_at", "published_by"]
    list_filter = ["program"]
    search_fields = ["title"]
    readonly_fields = ["program", "title", "body", "units", "published_by", "published_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Message)
class MessageAdmin(ScopedAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at", "delivery_note"]
    list_filter = ["kind"]
    readonly_fields = ["recipient", "kind", "title", "body", "url", "created_at", "read_at",
                       "delivered_at", "delivery_note"]

    def has_add_permission(self, request):
        return False
