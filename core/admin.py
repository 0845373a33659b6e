"""What every app's admin shares: the same scoping as the API and pages, and managers who
read but never write."""
from django.contrib import admin

from core.roles import Role


def reads_only(request) -> bool:
    """Managers (leaders) read every figure but change nothing, the admin included."""
    return not request.user.is_superuser and request.user.role == Role.MANAGER


class ScopedAdmin(admin.ModelAdmin):
    """Lists, change pages, autocompletes and foreign-key choices through visible_to(user)."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.visible_to(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return _scoped(field, request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return _scoped(field, request)

    def has_add_permission(self, request, *args):
        return not reads_only(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return not reads_only(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not reads_only(request) and super().has_delete_permission(request, obj)


class ScopedInline:
    """Inlines follow their admin: managers read them only."""

    def has_add_permission(self, request, obj=None):
        return not reads_only(request) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not reads_only(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not reads_only(request) and super().has_delete_permission(request, obj)


def _scoped(field, request):
    queryset = getattr(field, "queryset", None) if field is not None else None
    if queryset is not None and hasattr(queryset, "visible_to"):
        field.queryset = queryset.visible_to(request.user)
    return field
