"""Nomination pages: a dispatching unit puts its cadres forward, or takes one back."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.pages import ConfirmForm, ServiceFormView

from .. import services
from ..forms import NominationForm
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
