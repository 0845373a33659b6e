from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.choices import Role
from core.api.base import ScopedViewSet
from core.api.history import HistoryMixin
from core.api.lookup import LookupMixin
from core.audit import audit_trail
from core.pinyin import matches

from .. import services
from ..filtersets import CadreFilterSet, ExpertiseFilterSet
from ..masking import history_mask, log_unmasked_view
from ..models import Cadre, Expertise
from ..search import by_initial, name_matches, surname_initial
from .serializers import CadreSerializer, ExpertiseSerializer


class ExpertiseViewSet(LookupMixin, ScopedViewSet):
    queryset = Expertise.objects.all()
    serializer_class = ExpertiseSerializer
    filterset_class = ExpertiseFilterSet
    ordering_fields = ["name"]
    lookup_order = ("pinyin", "pk")

    def lookup_search(self, queryset, text):
        return queryset.filter(matches(text))

    def check_write(self, data, instance=None):
        services.check_keep_expertise(self.request.user, instance)


class CadreViewSet(LookupMixin, HistoryMixin, ScopedViewSet):
    """干部：身份证号码与手机号码仅组织部工作人员可见全文。"""

    queryset = Cadre.objects.all()
    serializer_class = CadreSerializer
    filterset_class = CadreFilterSet
    write_roles = (Role.ORG_STAFF, Role.DISPATCHING)
    select_related = ("employer",)
    prefetch_related = ("expertise", "former_units")
    lookup_select_related = ("employer",)
    lookup_order = ("pinyin", "name", "pk")

    def lookup_search(self, queryset, text):
        # The name's indexed terms (characters, pinyin, initials: cadres.search). A picker's
        # first keystroke, one letter, is a range of the pinyin sort key the lookup is
        # ordered by: as a subquery the planner walked every cadre in that order
        # (a province's "z": 121 ms of SQL; as a range on the rows themselves, see
        # docs/performance.md).
        initial = surname_initial(text)
        if initial:
            return queryset.filter(by_initial(initial))
        return queryset.filter(pk__in=name_matches(text))

    def lookup_row(self, cadre):
        return {"id": cadre.pk, "label": cadre.name,
                "detail": " · ".join(t for t in (cadre.employer.name, cadre.position) if t)}

    @property
    def ordering_fields(self):
        """Birth dates order the list only for those who read them whole: an order by a
        field the reader sees masked would give it away (DRF ignores the others)."""
        user = getattr(getattr(self, "request", None), "user", None)
        if getattr(user, "sees_personal_data", False):
            return ["name", "birth_date", "rank", "id"]
        return ["name", "rank", "id"]

    def retrieve(self, request, *args, **kwargs):
        cadre = self.get_object()
        log_unmasked_view(request, cadre)
        return Response(self.get_serializer(cadre).data)

    def history_entries(self, cadre):
        return audit_trail(cadre, mask=history_mask(self.request.user, cadre))

    def check_write(self, data, instance=None):
        user = self.request.user
        if user.role != Role.ORG_STAFF and not user.is_superuser:
            employer = data.get("employer") or (instance and instance.employer)
            if employer.pk != user.unit_id or (instance and instance.employer_id != user.unit_id):
                raise PermissionDenied("派出单位只能管理本单位干部")

    def perform_create(self, serializer):
        self._save(serializer, Cadre())

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    def _save(self, serializer, cadre):
        """The same step as the page's: services.save_cadre, with the model's rules."""
        self.check_write(serializer.validated_data, serializer.instance)
        data = dict(serializer.validated_data)
        many = {name: data.pop(name, None) for name in ("expertise", "former_units")}
        for name, value in data.items():
            setattr(cadre, name, value)
        serializer.instance = services.save_cadre(self.request.user, cadre, **many)
