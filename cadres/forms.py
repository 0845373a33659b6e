"""The cadres app's page forms: a cadre's record and declared relatives (for avoidance)."""
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.pages import (
    LookupSelect,
    LookupSelectMultiple,
    RegionCascade,
    StyledForm,
    StyledModelForm,
    style_form,
)
from core.roles import Role
from programs.models import Region, Unit

from .masking import PERSONAL_FIELDS, reads_unmasked
from .models import Cadre, Expertise, Relation


class CadreForm(StyledModelForm):
    expertise = forms.ModelMultipleChoiceField(
        label=_("专业领域"), queryset=Expertise.objects.all(), required=False)

    class Meta:
        model = Cadre
        fields = ["name", "id_number", "gender", "birth_date", "ethnicity", "phone",
                  "political_status", "party_join_date", "work_start_date", "education",
                  "fulltime_education", "fulltime_degree", "fulltime_school",
                  "inservice_education", "inservice_degree", "inservice_school",
                  "rank", "professional_title", "employer", "position", "current_post_date",
                  "current_rank_date", "is_reserve", "reserve_level",
                  "expertise", "native_place", "former_units"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Every choice among thousands is typed (names, pinyin, initials) into a picker fed
        # by the scoped lookups (core.pages).
        self.fields["native_place"].queryset = Region.objects.all()
        self.fields["native_place"].widget = RegionCascade(reverse("region-lookup"),
                                                          Region.objects.all())
        self.fields["native_place"].help_text = _("依次选择省、市、县，或直接输入区县名称")
        self.fields["former_units"].queryset = Unit.objects.all()
        self.fields["former_units"].widget = LookupSelectMultiple(reverse("unit-lookup"),
                                                                  Unit.objects.all())
        self.fields["former_units"].required = False
        self.fields["former_units"].help_text = _("可选多个；用于回避")
        self.fields["expertise"].widget = LookupSelectMultiple(
            reverse("expertise-lookup"), Expertise.objects.all(), hint=_("输入领域名称或拼音"))
        self.fields["employer"].widget = LookupSelect(reverse("unit-lookup"), Unit.objects.all())
        if user.role != Role.ORG_STAFF and not user.is_superuser:
            # A unit's operator keeps its own unit's cadres only.
            self.fields["employer"].queryset = Unit.objects.filter(pk=user.unit_id)
            self.fields["employer"].widget = forms.Select()
            self.fields["employer"].empty_label = None  # its one choice, already chosen
            if not self.instance.employer_id:
                self.initial["employer"] = user.unit_id
        if self.instance.pk and not reads_unmasked(user, self.instance):
            # Written once, never read back by those who see them masked.
            for name in PERSONAL_FIELDS:
                self.fields.pop(name, None)
        else:
            # Typed as the ID number states them (static/js/forms.js), and by the service
            # when left blank (Cadre.fill_from_id_number).
            self.fields["id_number"].widget.attrs["data-id-number"] = ""
            self.fields["gender"].required = self.fields["birth_date"].required = False
            self.fields["gender"].help_text = self.fields["birth_date"].help_text = _(
                "留空按身份证号码")
        style_form(self)

    def _post_clean(self):
        # Model rules (ID check digit, birth date and gender against it, uniqueness) are
        # checked by the service, on the instance it saves.
        from django.forms.models import construct_instance

        self.instance = construct_instance(self, self.instance, self._meta.fields)


class RelationForm(StyledForm):
    name = forms.CharField(label=_("亲属姓名"), max_length=50, required=False)
    relation = forms.CharField(label=_("关系"), max_length=20, required=False)
    unit = forms.ModelChoiceField(label=_("亲属工作单位"), required=False,
                                  queryset=Unit.objects.all())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].widget = LookupSelect(reverse("unit-lookup"), Unit.objects.all())
        style_form(self)

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
