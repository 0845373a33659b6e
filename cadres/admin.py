from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ScopedAdmin, ScopedInline

from . import services
from .masking import RECORD_FIELDS, mask_id_number, mask_phone
from .models import Cadre, Expertise, Relation


@admin.register(Expertise)
class ExpertiseAdmin(ScopedAdmin):
    search_fields = ["name"]

    def has_add_permission(self, request, *args):
        return (services.can_keep_expertise(request.user)
                and super().has_add_permission(request, *args))

    def has_change_permission(self, request, obj=None):
        return (services.can_keep_expertise(request.user, obj)
                and super().has_change_permission(request, obj))

    def has_delete_permission(self, request, obj=None):
        return (services.can_keep_expertise(request.user, obj)
                and super().has_delete_permission(request, obj))


class RelationInline(ScopedInline, admin.TabularInline):
    model = Relation
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Cadre)
class CadreAdmin(ScopedAdmin):
    list_display = ["name", "gender", "masked_id_number", "employer", "position", "rank",
                    "professional_title", "status"]
    list_filter = ["status", "gender", "rank", "professional_title", "education",
                   "employer__kind", "expertise", "is_reserve", "ethnicity"]
    search_fields = ["name", "id_number", "employer__name", "position"]
    autocomplete_fields = ["employer", "native_place", "former_units", "expertise", "user"]
    list_select_related = ["employer"]
    inlines = [RelationInline]

    # Who reads ID numbers and phones unmasked is decided by the user, as in the API.
    _MASKED = {"id_number": "masked_id_number", "phone": "masked_phone",
               "birth_date": "birth_year"}

    @admin.display(description=_("身份证号码"))
    def masked_id_number(self, obj):
        return mask_id_number(obj.id_number)

    @admin.display(description=_("手机号码"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)

    @admin.display(description=_("出生年份"))
    def birth_year(self, obj):
        return obj.birth_date.year if obj.birth_date else "—"

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if request.user.sees_personal_data:
            return fields
        # The record's personal entries are withheld where the birth date is (masking).
        return [self._MASKED.get(f, f) for f in fields if f not in RECORD_FIELDS]

    def get_readonly_fields(self, request, obj=None):
        masked = [] if request.user.sees_personal_data else list(self._MASKED.values())
        return [*super().get_readonly_fields(request, obj), *masked]

    def get_search_fields(self, request):
        # Searching by a full ID number would confirm it to someone who may not read it.
        fields = super().get_search_fields(request)
        return fields if request.user.sees_personal_data else [
            f for f in fields if f not in self._MASKED]

    def get_list_filter(self, request):
        # Filtering by a withheld entry would tell it.
        filters = super().get_list_filter(request)
        return filters if request.user.sees_personal_data else [
            f for f in filters if f not in RECORD_FIELDS]
