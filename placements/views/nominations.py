"""Nomination pages: a dispatching unit puts its cadres forward, or takes one back."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.pages import ConfirmForm, ServiceFormView

from .. import services
from ..forms import NominationForm, WishesForm
from ..models import Nomination


class NominationCreateView(ServiceFormView):
    roles = (Role.DISPATCHING, Role.ORG_STAFF)
    form_class = NominationForm
    title = _("推荐干部")
    submit_label = _("推荐")
    success_message = _("已推荐。组织部将在对接时统一安排；自主对接的待组织部确认。")

    def get_initial(self):
        # "Nominate to this order" links from a published order's page carry it.
        return {key: self.request.GET[key] for key in ("batch", "order", "cadre")
                if self.request.GET.get(key, "").isdigit()}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        data = form.cleaned_data
        return services.nominate(self.request.user, data["cadre"], data["batch"],
                                 order=data["order"], note=data["note"],
                                 declarations=data.get("declarations", ()))

    def get_success_url(self, result=None):
        return reverse("placements:nomination_list")


class NominationWithdrawView(ServiceFormView):
    roles = (Role.DISPATCHING, Role.ORG_STAFF)
    model = Nomination
    select_related = ("cadre", "batch__program")
    form_class = ConfirmForm
    title = _("撤回推荐")
    submit_label = _("撤回推荐")
    success_message = _("推荐已撤回。")
    irreversible = True

    def perform(self, form):
        return services.withdraw_nomination(self.object, self.request.user)

    def get_success_url(self, result=None):
        return reverse("placements:nomination_list")

    def get_breadcrumbs(self):
        return [(_("推荐人选"), reverse("placements:nomination_list")), (self.title, None)]


class WishesView(ServiceFormView):
    """填报志愿: the nominee (or their unit) says which orders they want, in order."""

    roles = (Role.CADRE, Role.DISPATCHING, Role.ORG_STAFF)
    model = Nomination
    select_related = ("cadre", "batch__program", "dispatching_unit")
    form_class = WishesForm
    template_name = "placements/wishes.html"
    title = _("填报志愿")
    submit_label = _("保存志愿")
    success_message = _("志愿已保存，组织部对接时会优先考虑。")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "nomination": self.object}

    def get_initial(self):
        n = self.object
        picked = dict(zip(("first", "second", "third"), n.choices or [], strict=False))
        partner = (Nomination.objects.filter(batch=n.batch_id, cadre=n.spouse_id)
                   .exclude(status__in=("declined", "withdrawn")).first()
                   if n.spouse_id else None)
        return {**picked, "available_from": n.available_from, "spouse": partner,
                "spouse_rule": n.spouse_rule}

    def perform(self, form):
        data = form.cleaned_data
        partner = data["spouse"]
        return services.state_wishes(
            self.object, self.request.user, choices=form.choices(),
            available_from=data["available_from"],
            spouse=partner.cadre_id if partner else None, spouse_rule=data["spouse_rule"])

    def get_success_url(self, result=None):
        if self.request.user.role == Role.CADRE:
            return reverse("placements:my")
        return reverse("placements:nomination_list")

    def get_breadcrumbs(self):
        return [(str(self.object), None), (self.title, None)]
