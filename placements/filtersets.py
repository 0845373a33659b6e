"""One filterset per model, shared by the API and the HTML list pages."""
import django_filters as filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadres.models import Expertise
from cadres.search import name_matches
from core.filtersets import ChoicesFilter, IdFilter, IdsFilter, ScopedFilterSet, SearchMixin
from programs.choices import UnitKind
from programs.models import Region

from .choices import (
    Direction,
    EligibilityKind,
    Grade,
    InspectionStatus,
    LeaveStatus,
    NominationStatus,
    OfferStatus,
    OrderStatus,
    PlacementStatus,
    WorkLogStatus,
)
from .models import (
    Achievement,
    Agreement,
    AllowanceStatement,
    Appraisal,
    DemandOrder,
    EligibilityRule,
    Extension,
    Handover,
    Inspection,
    LaterUse,
    Leave,
    Nomination,
    Offer,
    Placement,
    ReadinessItem,
    ReturnPlan,
    WorkLog,
)


def _within(field):
    def method(queryset, name, value):
        region = Region.objects.filter(pk=value).first()
        if region is None:
            return queryset.none()
        return queryset.filter(**{f"{field}__region__path__startswith": region.path})
    return method


class DemandOrderFilterSet(SearchMixin):
    status = ChoicesFilter(choices=OrderStatus.choices)
    program = IdFilter(field_name="batch__program")
    expertise = IdsFilter(queryset=Expertise.objects.all())
    region = IdFilter(method=_within("receiving_unit"), label=_("接收单位所在区划"))
    # The orders a proposal may be changed to: its batch's orders still taking placements
    # (the matching board's picker, which also shows each pair's score).
    for_nomination = IdFilter(method="_for_nomination", label=_("可改派给此推荐人选的订单"))
    search_fields = ("title", "post_title", "receiving_unit__name")
    pinyin_paths = ("", "receiving_unit__")

    def _for_nomination(self, queryset, name, value):
        nomination = Nomination.objects.visible_to(self.request.user).filter(pk=value).first()
        if nomination is None:  # out of the reader's scope: no orders, as for a bad id
            return queryset.none()
        return queryset.filter(batch_id=nomination.batch_id).taking_placements()

    class Meta:
        model = DemandOrder
        fields = ["batch", "program", "receiving_unit", "status", "expertise"]


class CadreNameSearch(SearchMixin):
    """`q` finds the row's cadre as the cadres list does: by characters, pinyin or initials
    (cadres.search), and its units by theirs."""

    def more_matches(self, text):
        by_name = name_matches(text)
        return Q(pk__in=[]) if by_name is None else Q(cadre__in=by_name)


class NominationFilterSet(CadreNameSearch):
    status = ChoicesFilter(choices=NominationStatus.choices)
    program = IdFilter(field_name="batch__program")
    search_fields = ("cadre__name", "dispatching_unit__name")
    pinyin_paths = ("dispatching_unit__",)

    class Meta:
        model = Nomination
        fields = ["batch", "program", "dispatching_unit", "order", "status", "self_matched",
                  "cadre"]


class PlacementFilterSet(CadreNameSearch):
    status = ChoicesFilter(choices=PlacementStatus.choices)
    direction = ChoicesFilter(choices=Direction.choices)
    program = IdFilter(field_name="batch__program")
    region = IdFilter(method=_within("host_unit"), label=_("接收单位所在区划"))
    home_unit_kind = filters.ChoiceFilter(field_name="home_unit__kind", choices=UnitKind.choices,
                                          label=_("派出单位类别"))
    start_after = filters.DateFilter(field_name="start_date", lookup_expr="gte",
                                     label=_("开始日期不早于"))
    start_before = filters.DateFilter(field_name="start_date", lookup_expr="lte",
                                      label=_("开始日期不晚于"))
    # The to-do panel's lists: the same queues it counts (placements.queues).
    awaiting = filters.ChoiceFilter(method="filter_awaiting", label=_("待办"), choices=[
        ("start", _("待本单位确认到岗")), ("end", _("待本单位确认期满")),
        ("statement", _("上月生活补助待结算")), ("appraisal", _("待本单位期满考核")),
        ("readiness", _("接收准备未完成")), ("extension", _("待答复或办理的延期")),
        ("return_plan", _("待填写或同意的返回安排")), ("follow_up", _("待返回一年回访")),
        ("handover", _("待填写或确认的工作交接"))])
    search_fields = ("cadre__name", "host_unit__name", "home_unit__name", "post_title")
    pinyin_paths = ("host_unit__", "home_unit__")

    class Meta:
        model = Placement
        fields = ["batch", "program", "track", "order", "cadre", "home_unit", "host_unit",
                  "status", "direction"]

    def filter_awaiting(self, queryset, name, value):
        from .queues import AWAITING_PLACEMENTS

        user = getattr(self.request, "user", None)
        if user is None:
            return queryset.none()
        return queryset.filter(pk__in=AWAITING_PLACEMENTS[value](user).values("pk"))


class PlacementChildFilterSet(ScopedFilterSet):
    program = IdFilter(field_name="placement__batch__program", label=_("项目"))
    batch = IdFilter(field_name="placement__batch", label=_("批次"))
    host_unit = IdFilter(field_name="placement__host_unit", label=_("接收单位"))
    home_unit = IdFilter(field_name="placement__home_unit", label=_("派出单位"))


class AwaitingMixin:
    """`awaiting=true`: the rows waiting for the requesting user's side, as the to-do panel
    counts them (`queue`, a function of placements.queues)."""

    queue = ""

    def filter_awaiting(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if not value or user is None:
            return queryset
        from . import queues

        return queryset.filter(pk__in=getattr(queues, self.queue)(user).values("pk"))


class LeaveFilterSet(AwaitingMixin, PlacementChildFilterSet):
    status = ChoicesFilter(choices=LeaveStatus.choices)
    awaiting = filters.BooleanFilter(method="filter_awaiting", label=_("待本单位审批"))
    queue = "leaves_to_decide"

    class Meta:
        model = Leave
        fields = ["placement", "status"]


class WorkLogFilterSet(AwaitingMixin, PlacementChildFilterSet):
    status = ChoicesFilter(choices=WorkLogStatus.choices)
    awaiting = filters.BooleanFilter(method="filter_awaiting", label=_("待本单位审阅"))
    queue = "diaries_to_review"
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte", label=_("日期不早于"))
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte", label=_("日期不晚于"))

    class Meta:
        model = WorkLog
        fields = ["placement", "status", "category"]


class InspectionFilterSet(PlacementChildFilterSet):
    due = filters.BooleanFilter(method="filter_due", label=_("已到期未完成"))

    class Meta:
        model = Inspection
        fields = ["placement", "status", "kind", "rating"]

    def filter_due(self, queryset, name, value):
        due = Q(status=InspectionStatus.SCHEDULED, scheduled_date__lte=timezone.localdate())
        return queryset.filter(due) if value else queryset.exclude(due)


class AchievementFilterSet(PlacementChildFilterSet):
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte", label=_("起始日期"))
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte", label=_("截止日期"))

    class Meta:
        model = Achievement
        fields = ["placement", "category", "verified"]


class AppraisalFilterSet(PlacementChildFilterSet):
    grade = ChoicesFilter(choices=Grade.choices)

    class Meta:
        model = Appraisal
        fields = ["placement", "kind", "side", "year", "grade"]


class AllowanceStatementFilterSet(PlacementChildFilterSet):
    class Meta:
        model = AllowanceStatement
        fields = ["placement", "month", "is_current"]


class EligibilityRuleFilterSet(ScopedFilterSet):
    kind = ChoicesFilter(choices=EligibilityKind.choices)

    class Meta:
        model = EligibilityRule
        fields = ["program", "kind"]


class OfferFilterSet(ScopedFilterSet):
    status = ChoicesFilter(choices=OfferStatus.choices)
    # The dispatching unit's offers waiting for its answer (the to-do panel's list).
    awaiting = filters.BooleanFilter(method="filter_awaiting", label=_("待本单位答复"))

    class Meta:
        model = Offer
        fields = ["batch", "order", "nomination", "status", "round"]

    def filter_awaiting(self, queryset, name, value):
        from . import queues

        user = getattr(self.request, "user", None)
        if not value or user is None:
            return queryset
        return queryset.filter(pk__in=queues.offers_to_answer(user).values("pk"))


class ExtensionFilterSet(PlacementChildFilterSet):
    status = ChoicesFilter(choices=Extension.Status.choices, label=_("状态"))

    class Meta:
        model = Extension
        fields = ["placement"]


class ReadinessItemFilterSet(PlacementChildFilterSet):
    done = filters.BooleanFilter(field_name="done_at", lookup_expr="isnull", exclude=True,
                                 label=_("已完成"))

    class Meta:
        model = ReadinessItem
        fields = ["placement"]


class HandoverFilterSet(PlacementChildFilterSet):
    incoming = IdFilter(field_name="incoming", label=_("接任方挂职"))
    post_title = filters.CharFilter(field_name="placement__post_title", label=_("挂任职务"))

    class Meta:
        model = Handover
        fields = ["placement"]


class LaterUseFilterSet(PlacementChildFilterSet):
    kind = ChoicesFilter(choices=LaterUse.Kind.choices, label=_("类别"))
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte", label=_("起始日期"))
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte", label=_("截止日期"))

    class Meta:
        model = LaterUse
        fields = ["placement"]


class ReturnPlanFilterSet(PlacementChildFilterSet):
    status = ChoicesFilter(choices=ReturnPlan.Status.choices, label=_("状态"))

    class Meta:
        model = ReturnPlan
        fields = ["placement"]


class AgreementFilterSet(PlacementChildFilterSet):
    current = filters.BooleanFilter(field_name="is_current", label=_("现行版本"))

    class Meta:
        model = Agreement
        fields = ["placement", "version"]
