import django_filters as filters
from django.utils.translation import gettext_lazy as _

from core.filtersets import ChoicesFilter, IdFilter, IdsFilter, SearchMixin
from core.pinyin import matches

from .choices import CadreStatus, Gender, Rank
from .models import Cadre, Expertise
from .search import name_matches


class ExpertiseFilterSet(SearchMixin):
    pinyin_paths = ("",)

    class Meta:
        model = Expertise
        fields = ["name"]


class CadreFilterSet(SearchMixin):
    status = ChoicesFilter(choices=CadreStatus.choices)
    gender = filters.ChoiceFilter(choices=Gender.choices)
    rank = ChoicesFilter(choices=Rank.choices)
    expertise = IdsFilter(queryset=Expertise.objects.all())
    region = IdFilter(method="filter_region", label=_("工作单位所在区划（含下级）"))
    q = filters.CharFilter(method="search", label=_("搜索（姓名、拼音或首字母、工作单位）"))
    search_fields = ("name", "employer__name")

    class Meta:
        model = Cadre
        fields = ["employer", "status", "gender", "rank", "expertise", "native_place"]

    def search(self, queryset, name, value):
        """A name by its characters, pinyin or initials (cadres.search, an index), or the
        employer's name (a few thousand units, read first): one id list, a UNION."""
        from programs.models import Unit

        text = value.strip()
        by_employer = Cadre.objects.order_by().filter(
            employer__in=Unit.objects.filter(matches(text)).values("pk")).values("pk")
        by_name = name_matches(text)
        ids = by_employer if by_name is None else by_employer.union(by_name, all=True)
        return queryset.filter(pk__in=ids)

    def filter_region(self, queryset, name, value):
        from programs.models import Region

        region = Region.objects.filter(pk=value).first()
        if region is None:
            return queryset.none()
        return queryset.filter(employer__region__path__startswith=region.path)
