from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import ScopedAdmin

from .models import User
from .querysets import MANAGED_ROLES
from .services import invitation_path


@admin.register(User)
class UserAdmin(ScopedAdmin, BaseUserAdmin):
    """Account management. Org staff keep the logins of the unit operators in their region
    and of the cadres in their programs; departments' own accounts are a superuser's."""

    list_display = ["username", "last_name", "first_name", "role", "unit", "is_active",
                    "last_login"]
    list_filter = ["role", "is_active", "is_staff", "unit__kind"]
    search_fields = ["username", "first_name", "last_name", "unit__name"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("单位与角色"), {"fields": ("unit", "role", "invitation")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("单位与角色"), {"fields": ("unit", "role")}),)
    readonly_fields = ["invitation", "last_login", "date_joined"]
    staff_fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("last_name", "first_name", "email")}),
        (_("单位与角色"), {"fields": ("unit", "role", "is_active", "invitation")}),
        (_("重要日期"), {"fields": ("last_login", "date_joined")}),
    )

    @admin.display(description=_("设置密码邀请链接"))
    def invitation(self, obj):
        path = invitation_path(obj) if obj and obj.pk else None
        if not path:
            return _("（已设置密码）") if obj and obj.pk else "—"
        return format_html('<a href="{0}">{0}</a><div class="help">{1}</div>', path,
                           _("请将此链接交给本人，本人打开后设置密码；链接一周内有效，用后失效。"))

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser or obj is None:
            return super().get_fieldsets(request, obj)
        return self.staff_fieldsets

    def has_change_permission(self, request, obj=None):
        # Org staff change their own password on the password page, not their role here.
        if obj is not None and obj.pk == request.user.pk and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        field = super().formfield_for_choice_field(db_field, request, **kwargs)
        if db_field.name == "role" and not request.user.is_superuser:
            field.choices = [c for c in field.choices if c[0] in MANAGED_ROLES]
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "unit" and not request.user.is_superuser:
            field.queryset = field.queryset.filter(_units_managed_by(request.user)).distinct()
        return field


def _units_managed_by(user):
    """The units whose operators org staff may create: those in their department's region
    and those admitted to its programs."""
    from programs.models import Program

    region = user.department_region
    if region is None:
        return Q(pk__in=[])
    return (Q(region__path__startswith=region.path)
            | Q(programs_joined__in=Program.objects.visible_to(user)))
