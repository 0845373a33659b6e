from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .masking import mask_id_number
from .models import Cadre, Expertise, Relation


@admin.register(Expertise)
class ExpertiseAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class RelationInline(admin.TabularInline):
    model = Relation
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Cadre)
class CadreAdmin(admin.ModelAdmin):
    list_display = ["name", "gender", "masked_id_number", "employer", "position", "rank",
                    "professional_title", "status"]
    list_filter = ["status", "gender", "rank", "professional_title", "education",
                   "employer__kind", "expertise"]
    search_fields = ["name", "id_number", "employer__name", "position"]
    autocomplete_fields = ["employer", "native_place", "former_units", "expertise", "user"]
    list_select_related = ["employer"]
    inlines = [RelationInline]

    @admin.display(description=_("身份证号码"))
    def masked_id_number(self, obj):
        return mask_id_number(obj.id_number)

    def get_queryset(self, request):
        return Cadre.objects.visible_to(request.user)
