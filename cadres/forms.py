"""The cadres app's page forms: a cadre's record and declared relatives (for avoidance)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from core.pages import StyledForm, StyledModelForm
from core.roles import Role
from programs.models import Region, Unit

from .masking import reads_unmasked
from .models import Cadre, Expertise, Relation


class CadreForm(StyledModelForm):
    expertise = forms.ModelMultipleChoiceField(
        label=_("专业领域"), queryset=Expertise.objects.order_by("name"), required=False,
        widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Cadre
        fields = ["name", "gender", "birth_date", "id_number", "phone", "political_status",
                  "education", "rank", "professional_title", "employer", "position",
                  "expertise", "native_place", "former_units"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["native_place"].queryset = Region.objects.order_by("path")
        self.fields["former_units"].queryset = Unit.objects.order_by("name")
        self.fields["former_units"].required = False
        self.fields["former_units"].help_text = _("按住 Ctrl（手机上点选）可选多个；用于回避")
        if user.role != Role.ORG_STAFF and not user.is_superuser:
            # A unit's operator keeps its own unit's cadres only.
            self.fields["employer"].queryset = Unit.objects.filter(pk=user.unit_id)
            self.fields["employer"].empty_label = None  # its one choice, already chosen
            if not self.instance.employer_id:
                self.initial["employer"] = user.unit_id
        if self.instance.pk and not reads_unmasked(user, self.instance):
            # Written once, never read back by those who see them masked.
            del self.fields["id_number"], self.fields["phone"], self.fields["birth_date"]

    def _post_clean(self):
        # Model rules (ID check digit, birth date and gender against it, uniqueness) are
        # checked by the service, on the instance it saves.
        from django.forms.models import construct_instance

        self.instance = construct_instance(self, self.instance, self._meta.fields)


class RelationForm(StyledForm):
    name = forms.CharField(label=_("亲属姓名"), max_length=50, required=False)
    relation = forms.CharField(label=_("关系"), max_length=20, required=False)
    unit = forms.ModelChoiceField(label=_("亲属工作单位"), required=False,
                                  queryset=Unit.objects.order_by("name"))

    def clean(self):
        data = super().clean()
        filled = [bool(data.get(k)) for k in ("name", "relation", "unit")]
        if any(filled) and not all(filled):
            raise forms.ValidationError(_("请填写亲属的姓名、关系和工作单位"))
        return data


RelationFormSet = forms.formset_factory(RelationForm, extra=2)


def relations_initial(cadre):
    return [{"name": r.name, "relation": r.relation, "unit": r.unit_id}
            for r in Relation.objects.filter(cadre=cadre)] if cadre and cadre.pk else []
