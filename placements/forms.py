"""The placements app's page forms. Field names are the API's; every form's valid input goes
to a service step (core.pages.ServiceFormView), never straight to a model."""
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre, Expertise
from core.pages import (
    LookupSelect,
    LookupSelectMultiple,
    StyledForm,
    StyledModelForm,
    style_form,
)
from core.roles import Role
from programs.choices import BatchStatus, UnitKind
from programs.models import Batch, Track

from .choices import (
    PUBLISHED_ORDER_STATUSES,
    AppraisalKind,
    AppraisalSide,
    Grade,
    InspectionKind,
    InspectionRating,
    LeaveKind,
    SpouseRule,
    WorkLogCategory,
    WorkLogStatus,
)
from .models import Achievement, DemandOrder, Nomination


class OrderForm(StyledModelForm):
    """A receiving unit's order: drafted, edited while draft or returned."""

    preferred_unit_kinds = forms.MultipleChoiceField(
        label=_("优先派出单位类别"), choices=UnitKind.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    expertise = forms.ModelMultipleChoiceField(
        label=_("所需专业领域"), queryset=Expertise.objects.all(), required=False)

    class Meta:
        model = DemandOrder
        fields = ["batch", "track", "title", "post_title", "expertise", "preferred_unit_kinds",
                  "min_rank", "max_rank", "headcount", "term_months", "description", "goals"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "goals": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Orders go to the open batches of the programs the unit takes part in.
        self.fields["batch"].queryset = (Batch.objects.visible_to(user)
                                         .filter(status=BatchStatus.OPEN)
                                         .select_related("program"))
        self.fields["track"].queryset = Track.objects.visible_to(user).select_related("program")
        self.fields["expertise"].widget = LookupSelectMultiple(
            reverse("expertise-lookup"), Expertise.objects.all(), hint=_("输入领域名称或拼音"))
        if self.instance.pk:
            del self.fields["batch"]  # an order stays in its batch
        style_form(self)

    def _post_clean(self):
        # The service validates the order as a whole (it knows the receiving unit); the
        # form only checks each field's own format.
        pass

    def step_fields(self):
        data = dict(self.cleaned_data)
        data.pop("batch", None)
        return data


class RequiredReasonForm(StyledForm):
    reason = forms.CharField(label=_("原因"), widget=forms.Textarea(attrs={"rows": 3}))


class NominationForm(StyledForm):
    cadre = forms.ModelChoiceField(label=_("干部"), queryset=Cadre.objects.none())
    batch = forms.ModelChoiceField(label=_("批次"), queryset=Batch.objects.none())
    order = forms.ModelChoiceField(
        label=_("自主对接订单"), queryset=DemandOrder.objects.none(), required=False,
        help_text=_("已与接收单位商定岗位的，选择其已发布的需求订单（自主对接）；否则留空，"
                    "由组织部统一对接"))
    note = forms.CharField(label=_("推荐理由"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    declarations = forms.MultipleChoiceField(
        label=_("派出单位确认"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("所推荐批次的项目要求派出单位确认的事项；未确认的，推荐不予受理"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from .services.eligibility import rules_to_confirm_for

        # The programs' rules the unit confirms, for every batch it may nominate to.
        self.fields["declarations"].choices = [
            (rule.pk, f"{rule.program.name}：{rule.describe()}")
            for rule in rules_to_confirm_for(Batch.objects.visible_to(user)
                                             .filter(status=BatchStatus.OPEN))]
        if not self.fields["declarations"].choices:
            del self.fields["declarations"]
        cadres = Cadre.objects.visible_to(user).select_related("employer").order_by("name")
        if user.unit_id and not user.is_superuser:
            cadres = cadres.filter(employer=user.unit_id)
        self.fields["cadre"].queryset = cadres
        # Typed into pickers: a unit's own cadres; the published orders still taking people.
        mine = f"?employer={user.unit_id}" if user.unit_id and not user.is_superuser else ""
        self.fields["cadre"].widget = LookupSelect(reverse("cadre-lookup") + mine, cadres)
        self.fields["batch"].queryset = (Batch.objects.visible_to(user)
                                         .filter(status=BatchStatus.OPEN)
                                         .select_related("program"))
        self.fields["batch"].help_text = _batches_not_offered(user)
        self.fields["order"].queryset = (DemandOrder.objects.visible_to(user)
                                         .filter(status__in=PUBLISHED_ORDER_STATUSES,
                                                 batch__status=BatchStatus.OPEN)
                                         .select_related("receiving_unit"))
        self.fields["order"].widget = LookupSelect(
            reverse("demandorder-lookup") + "?status=approved&status=partially_filled",
            self.fields["order"].queryset, hint=_("输入需求名称、接收单位或拼音"))
        style_form(self)


class StartForm(StyledForm):
    start_date = forms.DateField(label=_("到岗日期"), required=False,
                                 help_text=_("不填则为计划开始日期"))
    reason = forms.CharField(label=_("接收准备未完成的原因"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("接收准备清单尚有未完成事项时必须填写"))


class EndForm(StyledForm):
    actual_end_date = forms.DateField(label=_("结束日期"))
    reason = forms.CharField(label=_("结束原因"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("提前结束时必须填写"))


class ExtendForm(StyledForm):
    planned_end_date = forms.DateField(label=_("延期后的结束日期"), required=False,
                                       help_text=_("不填则为三方同意的日期"))
    reason = forms.CharField(label=_("原因"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class WorkLogForm(StyledForm):
    """One day of the diary: the date is today unless the cadre changes it."""

    date = forms.DateField(label=_("日期"))
    content = forms.CharField(label=_("工作内容"), widget=forms.Textarea(attrs={"rows": 4}))
    category = forms.ChoiceField(label=_("类别"), choices=WorkLogCategory.choices,
                                 initial=WorkLogCategory.OTHER)
    attachment = forms.FileField(label=_("附件（可选）"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("date", timezone.localdate())
        super().__init__(*args, **kwargs)


class ReviewForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("审阅结论"), widget=forms.RadioSelect,
        choices=[(WorkLogStatus.ACCEPTED, _("确认")), (WorkLogStatus.NEEDS_MORE, _("需补充"))])
    comment = forms.CharField(label=_("审阅意见"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class LeaveForm(StyledForm):
    # 事假 unless chosen otherwise, as on the API.
    kind = forms.ChoiceField(label=_("类别"), choices=LeaveKind.choices, required=False,
                             initial=LeaveKind.PERSONAL,
                             help_text=_("参加会议、跑项目、争取资金等公务外出选“公出报备”，计入在岗天数"))
    start_date = forms.DateField(label=_("开始日期"))
    end_date = forms.DateField(label=_("结束日期"))
    reason = forms.CharField(label=_("事由"), widget=forms.Textarea(attrs={"rows": 2}))


class BulkReviewForm(StyledForm):
    decision = forms.ChoiceField(label=_("审阅结论"), choices=[
        (WorkLogStatus.ACCEPTED, _("确认")), (WorkLogStatus.NEEDS_MORE, _("需补充"))])
    comment = forms.CharField(label=_("审阅意见"), required=False)


class BulkOrderReviewForm(StyledForm):
    decision = forms.ChoiceField(label=_("审核结论"),
                                 choices=[("approve", _("通过")), ("return", _("退回修改"))])
    reason = forms.CharField(label=_("退回原因"), required=False, help_text=_("退回时必须填写"))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("退回订单必须说明原因"))
        return data


class BulkLeaveDecisionForm(StyledForm):
    decision = forms.ChoiceField(label=_("审批结论"),
                                 choices=[("approve", _("批准")), ("reject", _("不批准"))])
    comment = forms.CharField(label=_("审批意见"), required=False,
                              help_text=_("不批准时必须填写"))


class LeaveDecisionForm(StyledForm):
    decision = forms.ChoiceField(label=_("审批结论"), widget=forms.RadioSelect,
                                 choices=[("approve", _("批准")), ("reject", _("不批准"))])
    comment = forms.CharField(label=_("审批意见"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("不批准时必须填写"))


class ReportBackForm(StyledForm):
    returned_on = forms.DateField(label=_("返岗日期"), required=False,
                                  help_text=_("提前返岗时填写；按期返岗可不填"))


class AchievementForm(StyledModelForm):
    class Meta:
        model = Achievement
        fields = ["category", "title", "date", "amount", "count", "evidence", "evidence_file"]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self):
        pass  # the service validates the record with its placement


class AppraisalForm(StyledForm):
    kind = forms.ChoiceField(label=_("类型"), choices=AppraisalKind.choices)
    year = forms.IntegerField(label=_("年度"), min_value=1990, max_value=2100, required=False,
                              help_text=_("年度考核填写；期满考核可不填"))
    grade = forms.ChoiceField(label=_("等次"), choices=Grade.choices)
    comments = forms.CharField(label=_("评语"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    side = forms.ChoiceField(label=_("考核单位"), choices=AppraisalSide.choices, required=False,
                             help_text=_("组织部代为登记时选择"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.role != Role.ORG_STAFF and not user.is_superuser:
            del self.fields["side"]  # a unit appraises its own side


class InspectionForm(StyledForm):
    kind = forms.ChoiceField(label=_("方式"), choices=InspectionKind.choices)
    date = forms.DateField(label=_("检查日期"))
    rating = forms.ChoiceField(label=_("评价"), choices=InspectionRating.choices)
    findings = forms.CharField(label=_("检查发现"), widget=forms.Textarea(attrs={"rows": 3}))
    bears_on_appraisal = forms.BooleanField(label=_("作为考核依据（列入考核登记表）"),
                                            required=False)


class WorkLogEditForm(StyledForm):
    """An entry not yet accepted: its content and category (the day stays)."""

    content = forms.CharField(label=_("工作内容"), widget=forms.Textarea(attrs={"rows": 5}))
    category = forms.ChoiceField(label=_("类别"), choices=WorkLogCategory.choices)


class RatingForm(StyledForm):
    rating = forms.TypedChoiceField(label=_("需求满足评价"), coerce=int, widget=forms.RadioSelect,
                                    choices=[(n, f"{n}") for n in range(5, 0, -1)],
                                    help_text=_("5分为完全满足，1分为基本未满足"))
    comment = forms.CharField(label=_("需求满足情况说明"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class PairForm(StyledForm):
    partner = forms.ModelChoiceField(label=_("互派对象"), queryset=None,
                                     help_text=_("同一批次中反方向、在这两个单位之间对调的挂职"))

    def __init__(self, *args, placement, user, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Placement

        self.fields["partner"].queryset = (
            Placement.objects.visible_to(user)
            .filter(batch=placement.batch, partner__isnull=True,
                    host_unit=placement.home_unit, home_unit=placement.host_unit)
            .exclude(pk=placement.pk).select_related("cadre", "host_unit"))


def _batches_not_offered(user):
    """Why a batch the user expects is not in the list: its nominations are closed."""
    closed = list(Batch.objects.visible_to(user).filter(status=BatchStatus.MATCHING)
                  .select_related("program")[:5])
    if not closed:
        return _("只列出正在征集需求与推荐的批次")
    return _("以下批次已截止推荐、正在对接，暂不能推荐（如需补充推荐请联系组织部重新开放）："
             "%s") % "、".join(str(batch) for batch in closed)


class ReplaceForm(StyledForm):
    cadre = forms.ModelChoiceField(label=_("补派干部"), queryset=Cadre.objects.none())
    start_date = forms.DateField(label=_("补派日期"))
    reason = forms.CharField(label=_("原因"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = (Cadre.objects.visible_to(user)
                                         .exclude(status="on_placement")
                                         .select_related("employer"))
        self.fields["cadre"].widget = LookupSelect(
            reverse("cadre-lookup") + "?status=available&status=nominated&status=returned",
            self.fields["cadre"].queryset)
        style_form(self)


class ScheduleInspectionForm(StyledForm):
    kind = forms.ChoiceField(label=_("方式"), choices=InspectionKind.choices)
    scheduled_date = forms.DateField(label=_("计划日期"))


class CompleteInspectionForm(StyledForm):
    date = forms.DateField(label=_("检查日期"))
    rating = forms.ChoiceField(label=_("评价"), choices=InspectionRating.choices)
    findings = forms.CharField(label=_("检查发现"), widget=forms.Textarea(attrs={"rows": 3}))
    bears_on_appraisal = forms.BooleanField(label=_("作为考核依据（列入考核登记表）"),
                                            required=False)


class MonthForm(StyledForm):
    # The browser's month picker (an <input type="month"> sends YYYY-MM); typed where a
    # browser has none.
    month = forms.RegexField(label=_("月份"), regex=r"^\d{4}-(0[1-9]|1[0-2])$",
                             widget=forms.TextInput(attrs={"type": "month"}),
                             help_text=_("须是已结束的月份"),
                             error_messages={"invalid": _("月份格式应为YYYY-MM")})


class CorrectStatementForm(StyledForm):
    days_on_post = forms.IntegerField(label=_("在岗天数"), min_value=0, max_value=31)
    leave_days = forms.IntegerField(label=_("请假天数"), min_value=0, max_value=31)
    trips_taken = forms.IntegerField(label=_("实际往返次数"), min_value=0, max_value=31)
    reason = forms.CharField(label=_("更正原因"), widget=forms.Textarea(attrs={"rows": 2}))


class WishesForm(StyledForm):
    """A nominee's wishes: three ranked choices among the batch's published orders, the day
    they can start, and a spouse nominated in the same batch."""

    first = forms.ModelChoiceField(label=_("第一志愿"), queryset=DemandOrder.objects.none(),
                                   required=False, empty_label=_("服从安排"))
    second = forms.ModelChoiceField(label=_("第二志愿"), queryset=DemandOrder.objects.none(),
                                    required=False, empty_label="—")
    third = forms.ModelChoiceField(label=_("第三志愿"), queryset=DemandOrder.objects.none(),
                                   required=False, empty_label="—")
    available_from = forms.DateField(label=_("可到岗日期"), required=False)
    spouse = forms.ModelChoiceField(label=_("同批次推荐的配偶"), required=False,
                                    queryset=Nomination.objects.none(), empty_label=_("无"))
    spouse_rule = forms.ChoiceField(label=_("夫妻安排"), required=False,
                                    choices=[("", "—"), *SpouseRule.choices])

    def __init__(self, *args, nomination, **kwargs):
        super().__init__(*args, **kwargs)
        # The batch's published orders: a handful per batch, written whole.
        orders = (DemandOrder.objects.filter(batch=nomination.batch_id,
                                             status__in=PUBLISHED_ORDER_STATUSES)
                  .select_related("receiving_unit").order_by("receiving_unit__pinyin", "pk"))
        for name in ("first", "second", "third"):
            self.fields[name].queryset = orders
            self.fields[name].label_from_instance = (
                lambda o: f"{o.receiving_unit.name} · {o.title}")
        self.fields["spouse"].queryset = (
            Nomination.objects.filter(batch=nomination.batch_id,
                                      status__in=("nominated", "shortlisted"))
            .exclude(pk=nomination.pk).select_related("cadre__employer"))
        self.fields["spouse"].label_from_instance = (
            lambda n: f"{n.cadre.name}（{n.cadre.employer.name}）")
        style_form(self)

    def choices(self) -> list[int]:
        picked = [self.cleaned_data.get(name) for name in ("first", "second", "third")]
        return [order.pk for order in picked if order is not None]
