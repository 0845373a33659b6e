from django.contrib import admin

from core.admin import ScopedAdmin

from .models import DocumentTemplate, IssuedDocument, Letterhead


@admin.register(Letterhead)
class LetterheadAdmin(ScopedAdmin):
    list_display = ["issuer", "organizer", "reference_prefix", "contact_person"]
    autocomplete_fields = ["organizer"]


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(ScopedAdmin):
    """Read here; uploads go through the 文书模板 page, which checks the placeholders."""

    list_display = ["organizer", "kind", "uploaded_by", "uploaded_at"]
    readonly_fields = ["organizer", "kind", "file", "placeholders", "uploaded_by"]

    def has_add_permission(self, request):
        return False


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(ScopedAdmin):
    list_display = ["kind", "year", "number", "placement", "issued_by", "issued_at"]
    list_filter = ["kind", "year"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
