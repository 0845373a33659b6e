"""The cadres' directory and profile pages, scoped and masked as the API is."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from secondment.pages import ObjectDetailView, ObjectListView

from . import filtersets, tables
from .masking import personal_fields_for
from .models import Cadre

READERS = (Role.ORG_STAFF, Role.MANAGER, Role.RECEIVING, Role.DISPATCHING)


class CadreListView(ObjectListView):
    model = Cadre
    roles = READERS
    filterset_class = filtersets.CadreFilterSet
    page_filters = ("q", "status", "gender", "rank", "expertise")
    columns = tables.CADRE_COLUMNS
    select_related = ("employer",)
    default_ordering = ("name", "id")
    title = _("干部")
    empty_message = _("没有可查看的干部。派出单位可在“干部”中登记本单位干部。")


class CadreDetailView(ObjectDetailView):
    model = Cadre
    roles = READERS
    select_related = ("employer", "native_place")
    template_name = "cadres/cadre_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        cadre = self.object
        from placements.models import Placement

        ctx.update({
            "title": cadre.name,
            "breadcrumbs": [(_("干部"), reverse("cadres:cadre_list")), (cadre.name, None)],
            "personal": personal_fields_for(self.request.user, cadre),
            "expertise": list(cadre.expertise.all()),
            "placements": Placement.objects.visible_to(self.request.user).filter(cadre=cadre)
            .select_related("host_unit", "batch__program"),
        })
        return ctx
