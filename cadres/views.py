"""The cadres' directory and profile pages, scoped and masked as the API is."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.audit import audit_trail
from core.pages import ObjectDetailView, ObjectListView, ServiceFormView
from core.pinyin import stroke_order

from . import filtersets, services, tables
from .forms import CadreForm, RelationFormSet, relations_initial
from .masking import history_mask, log_unmasked_view, personal_fields_for
from .models import Cadre

READERS = (Role.ORG_STAFF, Role.MANAGER, Role.RECEIVING, Role.DISPATCHING)


class CadreListView(ObjectListView):
    export_kind = "cadres"
    model = Cadre
    roles = READERS
    filterset_class = filtersets.CadreFilterSet
    page_filters = ("q", "status", "gender", "rank", "expertise")
    lookups = {"expertise": "expertise-lookup"}
    named_orders = {"strokes": (_("按姓氏笔画"), lambda: (stroke_order("name"), "pinyin"))}
    columns = tables.CADRE_COLUMNS
    select_related = ("employer",)
    default_ordering = ("pinyin", "name", "id")
    title = _("干部")
    empty_message = _("没有可查看的干部。派出单位可在“干部”中登记本单位干部。")
    actions = [(_("登记干部"), "cadres:cadre_add", services.can_register_cadres)]


class CadreDetailView(ObjectDetailView):
    model = Cadre
    roles = READERS
    select_related = ("employer", "native_place")
    template_name = "cadres/cadre_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        cadre = self.object
        log_unmasked_view(self.request, cadre)
        personal = personal_fields_for(self.request.user, cadre)
        ctx.update({
            "title": cadre.name,
            "breadcrumbs": [(_("干部"), reverse("cadres:cadre_list")), (cadre.name, None)],
            "personal": personal,
            "record": _record_labels(cadre, personal),
            "steps": [{"label": _("修改"), "url": reverse("cadres:cadre_edit", args=[cadre.pk]),
                       "style": "outline-primary"}]
            if services.may_keep(self.request.user, cadre.employer_id) else [],
            "expertise": list(cadre.expertise.all()),
            # Through the reverse relation: the people app does not import the workflow's.
            "placements": cadre.placements.visible_to(self.request.user)
            .select_related("host_unit", "batch__program"),
            "history": audit_trail(cadre, mask=history_mask(self.request.user, cadre)),
        })
        return ctx


class CadreFormView(ServiceFormView):
    """Add (/cadres/add/) or edit (/cadres/<id>/edit/) a cadre with declared relatives."""

    roles = (Role.DISPATCHING, Role.ORG_STAFF)
    model = Cadre
    form_class = CadreForm
    template_name = "cadres/cadre_form.html"
    success_message = _("干部信息已保存。")

    @property
    def title(self):
        return _("修改干部信息") if self.object else _("登记干部")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user,
                "instance": self.object or Cadre()}

    def get_formset(self):
        if self.request.method == "POST":
            return RelationFormSet(self.request.POST, prefix="relations")
        return RelationFormSet(prefix="relations", initial=relations_initial(self.object))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # The relatives as typed after a POST (errors beside them), else as stored.
        ctx["relations"] = getattr(self, "relations", None) or self.get_formset()
        return ctx

    def post(self, request, *args, **kwargs):
        self.relations = self.get_formset()
        form = self.get_form()
        if form.is_valid() and self.relations.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def perform(self, form):
        relations = [{k: f.cleaned_data[k] for k in ("name", "relation", "unit")}
                     for f in self.relations.forms if f.cleaned_data.get("name")]
        return services.save_cadre(self.request.user, form.instance,
                                   expertise=form.cleaned_data["expertise"],
                                   former_units=form.cleaned_data["former_units"],
                                   relations=relations)

    def get_cancel_url(self):
        return self.object.get_absolute_url() if self.object else reverse("cadres:cadre_list")

    def get_breadcrumbs(self):
        return [(_("干部"), reverse("cadres:cadre_list")), (self.title, None)]


def _record_labels(cadre, personal):
    """The labels of the record's personal choices as this reader may read them (None where
    withheld: cadres.masking)."""
    reserve = None
    if personal["is_reserve"] is not None:
        reserve = (cadre.get_reserve_level_display() or _("是")) if cadre.is_reserve else _("否")
    return {"ethnicity": cadre.get_ethnicity_display() if personal["ethnicity"] else None,
            "reserve": reserve}

