"""What happens while a cadre is on post: leave, diaries, inspections, results, pay."""
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.audit import audited
from core.text import LONG, text_field, validate_visible
from core.validators import document_validators

from ..choices import (
    AchievementCategory,
    AppraisalKind,
    AppraisalSide,
    Grade,
    InspectionKind,
    InspectionRating,
    InspectionStatus,
    LeaveKind,
    LeaveStatus,
    WorkLogCategory,
    WorkLogStatus,
)
from ..querysets import PlacementChildQuerySet

_placement = dict(on_delete=models.CASCADE, verbose_name=_("挂职"))


def _user_fk(label):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=label,
    )


class Leave(models.Model):
    """A leave request (请销假) of a placed cadre."""

    placement = models.ForeignKey("placements.Placement", related_name="leaves", **_placement)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    days = models.PositiveSmallIntegerField(_("天数"), default=0)
    kind = models.CharField(_("类别"), max_length=20, choices=LeaveKind.choices,
                            default=LeaveKind.PERSONAL, db_default=LeaveKind.PERSONAL)
    reason = text_field(_("事由"), validators=[validate_visible])
    status = models.CharField(
        _("状态"), max_length=20, choices=LeaveStatus.choices, default=LeaveStatus.REQUESTED,
        db_index=True,
    )
    needs_home_approval = models.BooleanField(_("需派出单位审批"), default=False)
    needs_department_approval = models.BooleanField(_("需组织部审批"), default=False)
    # Whether its days count as on post, from the program's setting when it was asked.
    counts_on_post = models.BooleanField(_("计入在岗天数"), default=False)
    host_approved_by = _user_fk(_("接收单位审批人"))
    host_approved_at = models.DateTimeField(_("接收单位审批时间"), null=True, blank=True)
    home_approved_by = _user_fk(_("派出单位审批人"))
    home_approved_at = models.DateTimeField(_("派出单位审批时间"), null=True, blank=True)
    department_approved_by = _user_fk(_("组织部审批人"))
    department_approved_at = models.DateTimeField(_("组织部审批时间"), null=True, blank=True)
    review_comment = text_field(_("审批意见"), blank=True)
    reported_back_at = models.DateTimeField(_("销假时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)

    objects = PlacementChildQuerySet.as_manager()
    history = audited()

    class Meta:
        verbose_name = _("请销假")
        verbose_name_plural = _("请销假")
        ordering = ["placement", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("请假结束日期不能早于开始日期"),
            ),
        ]

    def __str__(self):
        return f"{self.placement.cadre} 请假 {self.start_date}—{self.end_date}"

    def save(self, *args, **kwargs):
        self.count_days()
        super().save(*args, **kwargs)

    def count_days(self):
        """Calendar days of the leave, both ends included: the days the allowance deducts.
        Called by save(); code that bulk-creates leave calls it itself."""
        if self.start_date and self.end_date:
            self.days = (self.end_date - self.start_date).days + 1


class WorkLog(models.Model):
    """One day's work diary entry (挂职纪实), reviewed by the host unit."""

    placement = models.ForeignKey("placements.Placement", related_name="work_logs", **_placement)
    date = models.DateField(_("日期"))
    content = text_field(_("工作内容"), LONG, validators=[validate_visible])
    category = models.CharField(
        _("类别"), max_length=20, choices=WorkLogCategory.choices, default=WorkLogCategory.OTHER
    )
    attachment = models.FileField(_("附件"), upload_to="work-logs/%Y/%m/", blank=True,
                                  validators=document_validators())
    status = models.CharField(
        _("审阅状态"), max_length=20, choices=WorkLogStatus.choices,
        default=WorkLogStatus.SUBMITTED, db_index=True,
    )
    review_comment = text_field(_("审阅意见"), blank=True)
    reviewed_by = _user_fk(_("审阅人"))
    reviewed_at = models.DateTimeField(_("审阅时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("填写时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = PlacementChildQuerySet.as_manager()
    history = audited()

    class Meta:
        verbose_name = _("挂职纪实")
        verbose_name_plural = _("挂职纪实")
        ordering = ["placement", "-date"]
        # The diary list's order (newest day first), read backwards along the index. The
        # placement is carried in it: a department's list walks it checking each day's
        # placement against its own, and finds it there rather than in the table (4,500
        # days walked for its first 50 on the national data: 17 → 12 ms).
        indexes = [models.Index(fields=["date", "id"], include=["placement"],
                                name="worklog_list_order"),
                   # Days awaiting review, newest first (the host's and the department's list).
                   models.Index(fields=["status", "date", "id"], include=["placement"],
                                name="worklog_status_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "date"],
                name="%(app_label)s_%(class)s_one_per_day",
                violation_error_message=_("该日已有挂职纪实，每天只能填写一条"),
            ),
        ]

    def __str__(self):
        return f"{self.placement.cadre} {self.date} 纪实"


class DiaryMonth(models.Model):
    """One placement's diary days in one month that count towards compliance (working days
    of its time on post, not on approved leave), and how many of them the host confirmed.

    Derived, never written by hand: placements.diary_months keeps it in the transaction of
    every write that changes it (a diary day, a leave decision, the placement's dates, the
    holiday calendar), so the compliance figures read a row per placement and month instead
    of every diary day. One row per placement and month: only one cadre's writes meet there.
    """

    placement = models.ForeignKey("placements.Placement", related_name="diary_months",
                                  **_placement)
    month = models.DateField(_("月份"), help_text=_("该月第一天"))
    logged = models.PositiveIntegerField(_("计入的纪实天数"), default=0)
    accepted = models.PositiveIntegerField(_("已确认天数"), default=0)

    class Meta:
        verbose_name = _("纪实月汇总")
        verbose_name_plural = _("纪实月汇总")
        constraints = [
            models.UniqueConstraint(fields=["placement", "month"],
                                    name="%(app_label)s_%(class)s_one_per_month"),
            models.CheckConstraint(condition=Q(accepted__lte=F("logged")),
                                   name="%(app_label)s_%(class)s_accepted_of_logged"),
        ]

    def __str__(self):
        return f"{self.placement_id} {self.month:%Y-%m}"


class Inspection(models.Model):
    """A periodic check (定期检查) of a placement by the organization department."""

    placement = models.ForeignKey(
        "placements.Placement", related_name="inspections", **_placement
    )
    kind = models.CharField(
        _("方式"), max_length=20, choices=InspectionKind.choices, default=InspectionKind.VISIT
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=InspectionStatus.choices,
        default=InspectionStatus.SCHEDULED, db_index=True,
    )
    scheduled_date = models.DateField(_("计划日期"), null=True, blank=True)
    date = models.DateField(_("检查日期"), null=True, blank=True)
    inspector = _user_fk(_("检查人"))
    findings = text_field(_("检查发现"), LONG, blank=True)
    rating = models.CharField(
        _("评价"), max_length=20, choices=InspectionRating.choices, blank=True
    )
    # A finding the department marks so goes onto the 考核登记表 (the rules' consequence).
    bears_on_appraisal = models.BooleanField(_("作为考核依据"), default=False)

    objects = PlacementChildQuerySet.as_manager()
    history = audited()

    class Meta:
        verbose_name = _("定期检查")
        verbose_name_plural = _("定期检查")
        ordering = ["placement", "-date", "-scheduled_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="scheduled", scheduled_date__isnull=False)
                | Q(status="done", date__isnull=False),
                name="%(app_label)s_%(class)s_dated",
                violation_error_message=_("已安排的检查须有计划日期，已完成的须有检查日期"),
            ),
        ]

    def __str__(self):
        return f"{self.placement.cadre} {self.get_kind_display()}"


class Achievement(models.Model):
    """A result of a cadre's work for the host place (履职成果)."""

    placement = models.ForeignKey(
        "placements.Placement", related_name="achievements", **_placement
    )
    category = models.CharField(
        _("类别"), max_length=30, choices=AchievementCategory.choices, db_index=True
    )
    title = models.CharField(_("成果名称"), max_length=200, validators=[validate_visible])
    amount = models.DecimalField(
        _("金额（元）"), max_digits=16, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"), _("金额不能为负数"))],
    )
    count = models.PositiveIntegerField(_("数量"), default=0)
    date = models.DateField(_("日期"))
    evidence = text_field(_("佐证材料"), LONG, blank=True)
    evidence_file = models.FileField(_("佐证附件"), upload_to="achievements/%Y/", blank=True,
                                     validators=document_validators())
    recorded_by = _user_fk(_("登记人"))
    verified = models.BooleanField(_("已核实"), default=False)
    verified_by = _user_fk(_("核实人"))
    verified_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = PlacementChildQuerySet.as_manager()
    history = audited()

    class Meta:
        verbose_name = _("履职成果")
        verbose_name_plural = _("履职成果")
        ordering = ["placement", "-date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="%(app_label)s_%(class)s_amount_not_negative",
                violation_error_message=_("金额不能为负数"),
            ),
        ]

    def __str__(self):
        return self.title


class AchievementTotal(models.Model):
    """A placement's achievements in sum: how many were recorded and their yuan.

    Derived, never written by hand: placements.achievement_totals counts it again in the
    transaction of every achievement write, so the fulfilment figure reads a row per
    placement instead of every achievement. One row per placement: only its cadre's records
    meet there."""

    placement = models.OneToOneField("placements.Placement", primary_key=True,
                                     related_name="achievement_total", **_placement)
    records = models.PositiveIntegerField(_("成果条数"), default=0)
    amount = models.DecimalField(_("金额合计（元）"), max_digits=18, decimal_places=2,
                                 default=Decimal("0"))

    class Meta:
        verbose_name = _("成果汇总")
        verbose_name_plural = _("成果汇总")

    def __str__(self):
        return f"{self.placement_id}: {self.records}"


class Appraisal(models.Model):
    """An annual or end-of-term appraisal (考核) by the host or the home unit."""

    placement = models.ForeignKey(
        "placements.Placement", related_name="appraisals", **_placement
    )
    kind = models.CharField(_("类型"), max_length=20, choices=AppraisalKind.choices)
    side = models.CharField(
        _("考核单位"), max_length=10, choices=AppraisalSide.choices, default=AppraisalSide.HOST
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    grade = models.CharField(_("等次"), max_length=30, choices=Grade.choices, db_index=True)
    comments = text_field(_("评语"), blank=True)
    recorded_by = _user_fk(_("登记人"))
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = PlacementChildQuerySet.as_manager()
    history = audited()

    class Meta:
        verbose_name = _("考核")
        verbose_name_plural = _("考核")
        ordering = ["placement", "year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "kind", "side", "year"],
                name="%(app_label)s_%(class)s_unique_per_year",
                violation_error_message=_("该挂职本年度已有同类考核"),
            ),
        ]

    def __str__(self):
        kind, grade = self.get_kind_display(), self.get_grade_display()
        return f"{self.placement.cadre} {self.year}年{kind}：{grade}"


class AllowanceStatement(models.Model):
    """A month's living allowance, trips and insurance for one placement."""

    placement = models.ForeignKey(
        "placements.Placement", related_name="allowance_statements", **_placement
    )
    month = models.CharField(
        _("月份"), max_length=7, db_index=True,
        validators=[RegexValidator(r"^\d{4}-(0[1-9]|1[0-2])$", _("月份格式应为YYYY-MM"))],
    )
    days_on_post = models.PositiveSmallIntegerField(_("在岗天数"))
    leave_days = models.PositiveSmallIntegerField(_("请假天数"), default=0)
    daily_allowance = models.DecimalField(_("日补助标准（元）"), max_digits=8, decimal_places=2)
    amount = models.DecimalField(_("补助金额（元）"), max_digits=10, decimal_places=2)
    trips_allowed = models.PositiveSmallIntegerField(_("可报销往返次数"), default=0)
    trips_taken = models.PositiveSmallIntegerField(_("实际往返次数"), default=0)
    insured = models.BooleanField(_("已投保意外险"), default=False)
    insurance_premium = models.DecimalField(
        _("保费（元）"), max_digits=8, decimal_places=2, default=Decimal("0")
    )
    is_current = models.BooleanField(_("现行有效"), default=True)
    corrects = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="correction",
        verbose_name=_("更正自"),
    )
    correction_reason = text_field(_("更正原因"), blank=True)
    created_by = _user_fk(_("生成人"))
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    objects = PlacementChildQuerySet.as_manager()
    history = audited()

    class Meta:
        verbose_name = _("补助结算单")
        verbose_name_plural = _("补助结算单")
        ordering = ["-month", "placement"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "month"],
                condition=Q(is_current=True),
                name="%(app_label)s_%(class)s_one_current_per_month",
                violation_error_message=_("该挂职本月已有结算单"),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(daily_allowance__gte=0),
                name="%(app_label)s_%(class)s_amount_not_negative",
                violation_error_message=_("补助金额不能为负数"),
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""),
                name="%(app_label)s_%(class)s_correction_has_reason",
                violation_error_message=_("更正结算单必须说明原因"),
            ),
        ]

    def __str__(self):
        return f"{self.placement.cadre} {self.month} 补助 {self.amount}元"

    def clean(self):
        if self.trips_taken > self.trips_allowed:
            raise ValidationError({"trips_taken": _("实际往返次数超过可报销次数")})
