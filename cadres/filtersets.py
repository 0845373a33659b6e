import django_filters as filters
from django.utils.translation import gettext_lazy as _

from core.filtersets import ChoicesFilter, IdFilter, IdsFilter, SearchMixin

from .choices import CadreStatus, Gender, Rank
from .models import Cadre, Expertise


class ExpertiseFilterSet(SearchMixin):
    class Meta:
        model = Expertise
        fields = ["name"]


class CadreFilterSet(SearchMixin):
    status = ChoicesFilter(choices=CadreStatus.choices)
    gender = filters.ChoiceFilter(choices=Gender.choices)
    rank = ChoicesFilter(choices=Rank.choices)
    expertise = IdsFilter(queryset=Expertise.objects.all())
    region = IdFilter(method="filter_region", label=_("工作单位所在区划（含下级）"))
    search_fields = ("name", "position", "employer__name")

    class Meta:
        model = Cadre
        fields = ["employer", "status", "gender", "rank", "expertise", "native_place"]

    def filter_region(self, queryset, name, value):
        from programs.models import Region

        region = Region.objects.filter(pk=value).first()
        if region is None:
            return queryset.none()
        return queryset.filter(employer__region__path__startswith=region.path)
