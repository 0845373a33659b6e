from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from core.pinyin import PinyinNamed
from core.text import LONG, text_field, validate_visible

from .choices import (
    BatchStatus,
    LeaveKind,
    Level,
    ProgramStatus,
    TargetMeasure,
    TrackKind,
    UnitKind,
)
from .querysets import (
    BatchChildQuerySet,
    HolidayQuerySet,
    ProgramChildQuerySet,
    ProgramQuerySet,
    RegionQuerySet,
    UnitQuerySet,
)


class Region(PinyinNamed):
    """An administrative division: province › city › county › township."""

    name = models.CharField(_("名称"), max_length=100, validators=[validate_visible])
    code = models.CharField(
        _("区划代码"),
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        validators=[RegexValidator(r"^\d{6}(\d{3})?$", _("区划代码应为6位（乡镇为9位）数字"))],
        help_text=_("GB/T 2260 行政区划代码"),
    )
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级区划"),
    )
    path = models.CharField(_("路径"), max_length=255, editable=False, db_index=True)
    is_mountain_island = models.BooleanField(_("山区海岛县"), default=False, db_index=True)
    is_key_assistance = models.BooleanField(_("重点帮扶"), default=False)
    # The directory's editions (programs.directory): a code no longer published is retired,
    # never deleted — the records that named it keep pointing at what they pointed at.
    valid_from = models.DateField(
        _("启用日期"), null=True, blank=True,
        help_text=_("空表示在首次载入的区划版本中已在使用"))
    valid_to = models.DateField(_("停用日期"), null=True, blank=True, db_index=True,
                                help_text=_("空表示现行有效"))
    replaced_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaces",
        verbose_name=_("改设为"), help_text=_("停用的区划并入或改设的现行区划"))

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["path"]
        constraints = [
            # Among current regions: a retired county may share its name with the one that
            # took its place.
            models.UniqueConstraint(
                fields=["parent", "name"],
                condition=Q(valid_to__isnull=True),
                name="%(app_label)s_%(class)s_unique_name_in_parent",
                violation_error_message=_("同一上级区划下已有同名区划"),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="%(app_label)s_%(class)s_valid_dates",
                violation_error_message=_("停用日期不能早于启用日期"),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # No code is NULL, not "": the code is unique, and two regions without one must not
        # clash (nor a blank code pass for a code).
        self.code = (self.code or "").strip() or None
        old_path = self.path
        with transaction.atomic():
            if self.pk is None:
                super().save(*args, **kwargs)
                kwargs = {}
            self.path = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
            if old_path and old_path != self.path:
                # Moving a region moves its subtree: the descendants' paths in one UPDATE,
                # before the region's own save, so that what its save signals (who sees
                # which cadres: cadres.scope) reads the whole subtree moved.
                Region.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                    path=Concat(Value(self.path), Substr("path", len(old_path) + 1))
                )
            super().save(*args, **kwargs)

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("上级区划不能是自身或其下级")})
            ancestor = ancestor.parent

    @property
    def full_name(self):
        names, region = [], self
        while region is not None:
            names.append(region.name)
            region = region.parent
        return "".join(reversed(names))


class Unit(PinyinNamed):
    """An organization that sends or receives cadres, or runs a program."""

    name = models.CharField(_("单位名称"), max_length=200, validators=[validate_visible])
    kind = models.CharField(_("单位类别"), max_length=30, choices=UnitKind.choices, db_index=True)
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices, db_index=True)
    # 领导班子职数: with a program's leadership_share, how many of its leaders may be
    # seconded cadres at once (placements.capacity).
    leadership_size = models.PositiveSmallIntegerField(_("领导班子职数"), null=True, blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="units", verbose_name=_("所在区划")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级单位"),
    )
    # The organization department that registered the unit outside its own region (a
    # county's department registering a host unit in another city): it keeps it too.
    registered_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, editable=False,
        related_name="registered_units", verbose_name=_("登记部门"),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["pinyin", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="%(app_label)s_%(class)s_unique_name_in_region",
                violation_error_message=_("该区划内已有同名单位"),
            ),
        ]

    def __str__(self):
        return self.name


BALANCE_KEYS = ("women", "minorities", "non_party", "reserve")


def validate_balance_aims(value):
    if not isinstance(value, dict) or any(
            k not in BALANCE_KEYS or not isinstance(v, int | float) or not 0 <= v <= 100
            for k, v in value.items()):
        raise ValidationError(_("结构目标应为 {%s: 0–100 的百分比}") % "、".join(BALANCE_KEYS))


# What a host has ready before a cadre arrives (接收准备): the rules' and the reported
# complaints' items — housing, an office, a written 分工, a contact leader, the yearly health
# check, accident insurance. A program may change its list; placements keep theirs.
DEFAULT_READINESS_CHECKLIST = [
    "住房安排", "办公场所", "书面分工", "联系领导", "健康体检", "意外保险"]


def default_readiness_checklist():
    return list(DEFAULT_READINESS_CHECKLIST)


def validate_checklist(value):
    if not isinstance(value, list) or len(value) > 20 or any(
            not isinstance(item, str) or not item.strip() or len(item) > 50 for item in value) \
            or len(set(value)) != len(value):
        raise ValidationError(_("接收准备清单应为不重复的事项名称（每项不超过50字，最多20项）"))


class Program(models.Model):
    """A secondment program run by an organization department (e.g. 千名干部交流互派工程)."""

    name = models.CharField(_("项目名称"), max_length=200, validators=[validate_visible])
    organizer = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="organized_programs",
        verbose_name=_("组织单位"),
    )
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    target_total = models.PositiveIntegerField(_("总目标人数"), default=0)
    # At most this share of a host unit's leadership team exchanged at a time (the rules on
    # exchange say ⅓); empty: no such cap. A fraction, so that ⅓ of 6 is 2, not 1.98.
    leadership_share = models.CharField(
        _("领导班子交流比例上限"), max_length=5, blank=True, default="1/3",
        choices=[("1/4", _("四分之一")), ("1/3", _("三分之一")), ("1/2", _("二分之一"))],
        help_text=_("同一领导班子同时挂职交流的人数不超过其职数的此比例；留空表示不限"))
    # The shares (percent) the department aims at among those placed: {"women": 30,
    # "minorities": 10, "non_party": 10, "reserve": 50} (placements.balance).
    balance_aims = models.JSONField(_("结构目标（%）"), default=dict, blank=True,
                                    validators=[validate_balance_aims],
                                    help_text=_("如女性、少数民族、党外、后备干部所占比例的目标"))
    # 民主测评 are opened by the department; a program may let the host unit open one for
    # its own cadre (the rules let either organise it).
    host_opens_ballots = models.BooleanField(
        _("接收单位可发起民主测评"), default=False,
        help_text=_("勾选后，接收单位可为本单位的挂职干部发起民主测评"))
    readiness_checklist = models.JSONField(
        _("接收准备清单"), default=default_readiness_checklist, blank=True,
        validators=[validate_checklist],
        help_text=_("接收单位在干部到岗前须逐项确认的准备事项；到岗时仍有未完成事项须说明原因"))
    status = models.CharField(
        _("状态"), max_length=20, choices=ProgramStatus.choices,
        default=ProgramStatus.PLANNING, db_index=True,
    )
    description = text_field(_("简介"), LONG, blank=True)
    participants = models.ManyToManyField(
        Unit, blank=True, related_name="programs_joined", verbose_name=_("参与单位"),
        help_text=_("组织部纳入本项目的接收单位和派出单位：只有这些单位能看到项目并提交需求、推荐干部"),
    )

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["-start_date", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organizer", "name"],
                name="%(app_label)s_%(class)s_unique_name_per_organizer",
                violation_error_message=_("该组织单位已有同名项目"),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("结束日期不能早于开始日期"),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("dashboards:program", args=[self.pk])


class Track(models.Model):
    """A sub-line of a program with its own kind and target (三百工程: 互派、外派、院校培训)."""

    # What __str__ reads: choice lists fetch it in the same query.
    label_related = ("program",)

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="tracks", verbose_name=_("项目")
    )
    name = models.CharField(_("名称"), max_length=100, validators=[validate_visible])
    kind = models.CharField(
        _("类型"), max_length=20, choices=TrackKind.choices, default=TrackKind.SECONDMENT
    )
    target_count = models.PositiveIntegerField(_("目标人数"), default=0)

    objects = ProgramChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("子项目")
        verbose_name_plural = _("子项目")
        ordering = ["program", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "name"],
                name="%(app_label)s_%(class)s_unique_name_per_program",
                violation_error_message=_("该项目已有同名子项目"),
            ),
        ]

    def __str__(self):
        return f"{self.program} · {self.name}"


class Batch(models.Model):
    """A batch of a program: 第一批, 第二批 … with its calendar and term."""

    # What __str__ reads: choice lists fetch it in the same query.
    label_related = ("program",)

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="batches", verbose_name=_("项目")
    )
    number = models.PositiveSmallIntegerField(_("批次序号"), validators=[MinValueValidator(1)])
    name = models.CharField(_("批次名称"), max_length=100, blank=True,
                            validators=[validate_visible])
    status = models.CharField(
        _("状态"), max_length=20, choices=BatchStatus.choices,
        default=BatchStatus.PLANNING, db_index=True,
    )
    # How the matching assigns (placements.matching): the highest total score, or a stable
    # assignment (deferred acceptance, nominees proposing).
    matching_method = models.CharField(
        _("匹配方式"), max_length=10, default="optimal",
        choices=[("optimal", _("总分最优")), ("stable", _("稳定匹配（志愿优先）"))])
    mobilization_date = models.DateField(_("行前动员会"), null=True, blank=True)
    training_start = models.DateField(_("岗前培训开始"), null=True, blank=True)
    training_end = models.DateField(_("岗前培训结束"), null=True, blank=True)
    report_by = models.DateField(_("到岗截止日期"), null=True, blank=True)
    term_months = models.PositiveSmallIntegerField(
        _("挂职期限（月）"), default=24, validators=[MinValueValidator(1)]
    )
    planned_size = models.PositiveIntegerField(_("计划人数"), default=0)
    cap_per_host_unit = models.PositiveSmallIntegerField(
        _("每个接收单位最多人数"), null=True, blank=True,
        help_text=_("留空表示不限"),
    )

    objects = ProgramChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("批次")
        verbose_name_plural = _("批次")
        ordering = ["program", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"],
                name="%(app_label)s_%(class)s_unique_number_per_program",
                violation_error_message=_("该项目已有相同序号的批次"),
            ),
            models.CheckConstraint(
                condition=Q(training_start__isnull=True)
                | Q(training_end__isnull=True)
                | Q(training_end__gte=F("training_start")),
                name="%(app_label)s_%(class)s_training_end_after_start",
                violation_error_message=_("岗前培训结束日期不能早于开始日期"),
            ),
            models.CheckConstraint(
                condition=Q(term_months__gte=1),
                name="%(app_label)s_%(class)s_term_positive",
                violation_error_message=_("挂职期限至少为1个月"),
            ),
        ]

    def __str__(self):
        return f"{self.program} · {self.display_name}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("dashboards:batch", args=[self.pk])

    @property
    def display_name(self):
        return self.name or _("第%(n)s批") % {"n": self.number}



class BatchEvent(models.Model):
    """One step of a batch's life (截止推荐并开始对接, 重新开放推荐): who took it, when and why."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="events",
                              verbose_name=_("批次"))
    from_status = models.CharField(_("原状态"), max_length=20, choices=BatchStatus.choices)
    to_status = models.CharField(_("新状态"), max_length=20, choices=BatchStatus.choices)
    actor = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+", verbose_name=_("操作人"))
    note = text_field(_("说明"), blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    objects = BatchChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("批次流转记录")
        verbose_name_plural = _("批次流转记录")
        ordering = ["batch", "created_at", "id"]

    def __str__(self):
        return f"{self.batch_id}: {self.from_status} → {self.to_status}"

class ProgramTarget(models.Model):
    """A measurable goal of a program, e.g. 每年引进医疗卫生人才100名."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="targets", verbose_name=_("项目")
    )
    track = models.ForeignKey(
        Track, on_delete=models.CASCADE, null=True, blank=True, related_name="targets",
        verbose_name=_("子项目"),
    )
    name = models.CharField(_("目标名称"), max_length=200, validators=[validate_visible])
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    target = models.PositiveIntegerField(_("目标值"))
    unit_label = models.CharField(_("计量单位"), max_length=10, default="名",
                                  validators=[validate_visible])
    measure = models.CharField(
        _("统计方式"), max_length=20, choices=TargetMeasure.choices,
        default=TargetMeasure.MANUAL,
    )
    achieved_manual = models.PositiveIntegerField(_("手工填报完成值"), default=0)

    objects = ProgramChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目目标")
        verbose_name_plural = _("项目目标")
        ordering = ["program", "year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "name", "year"],
                name="%(app_label)s_%(class)s_unique_name_year",
                violation_error_message=_("该项目同一年度已有同名目标"),
            ),
            models.UniqueConstraint(
                fields=["program", "name"],
                condition=Q(year__isnull=True),
                name="%(app_label)s_%(class)s_unique_name_without_year",
                violation_error_message=_("该项目已有同名目标"),
            ),
        ]

    def __str__(self):
        year = f"{self.year}年" if self.year else ""
        return f"{year}{self.name} {self.target}{self.unit_label}"


def validate_leave_kinds(value):
    if not isinstance(value, list) or any(v not in LeaveKind.values for v in value):
        raise ValidationError(_("请假类别应为以下代码的列表：%s") % "、".join(
            f"{k.value}（{k.label}）" for k in LeaveKind))


def default_on_post_leave_kinds():
    return [LeaveKind.OFFICIAL.value]  # 公出报备


class AllowancePolicy(models.Model):
    """Living allowance, paid trips and insurance for a program or one of its tracks."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="allowance_policies",
        verbose_name=_("项目"),
    )
    track = models.ForeignKey(
        Track, on_delete=models.CASCADE, null=True, blank=True,
        related_name="allowance_policies", verbose_name=_("子项目"),
        help_text=_("留空表示适用于整个项目"),
    )
    daily_allowance = models.DecimalField(
        _("每日生活补助（元）"), max_digits=8, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    round_trips_per_month = models.PositiveSmallIntegerField(_("每月报销往返次数"), default=0)
    accident_insurance = models.BooleanField(_("人身意外保险"), default=False)
    insurance_premium = models.DecimalField(
        _("保险保费（元/月）"), max_digits=8, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    home_approval_leave_days = models.PositiveSmallIntegerField(
        _("需派出单位审批的请假天数"), default=3,
        help_text=_("请假超过此天数时，除接收单位外还需派出单位审批"),
    )
    department_approval_leave_days = models.PositiveSmallIntegerField(
        _("需组织部审批的请假天数"), null=True, blank=True,
        help_text=_("请假超过此天数时，接收单位和派出单位之后还需组织部审批；留空表示不需要"),
    )
    # Read when a leave is asked (placements.services.request_leave) and kept on it: a
    # change of the setting never rewrites the days already counted.
    on_post_leave_kinds = models.JSONField(
        _("计入在岗天数的请假类别"), default=default_on_post_leave_kinds, blank=True,
        validators=[validate_leave_kinds],
        help_text=_("如公出报备（开会、项目或资金对接出差）；其他类别不计入在岗天数"),
    )

    objects = ProgramChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("补助政策")
        verbose_name_plural = _("补助政策")
        ordering = ["program", "track"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "track"],
                name="%(app_label)s_%(class)s_unique_program_track",
                violation_error_message=_("该子项目已有补助政策"),
            ),
            models.UniqueConstraint(
                fields=["program"],
                condition=Q(track__isnull=True),
                name="%(app_label)s_%(class)s_unique_program_wide",
                violation_error_message=_("该项目已有适用于整个项目的补助政策"),
            ),
            models.CheckConstraint(
                condition=Q(daily_allowance__gte=0) & Q(insurance_premium__gte=0),
                name="%(app_label)s_%(class)s_amounts_not_negative",
                violation_error_message=_("补助和保费不能为负数"),
            ),
        ]

    def __str__(self):
        scope = self.track.name if self.track_id else self.program.name
        return f"{scope}：每日{self.daily_allowance}元"

    def clean(self):
        if self.track_id and self.track.program_id != self.program_id:
            raise ValidationError({"track": _("子项目不属于该项目")})


class Holiday(models.Model):
    """A day off or a swapped working day (调休) of China's public holiday calendar."""

    date = models.DateField(_("日期"), unique=True)
    name = models.CharField(_("名称"), max_length=50, validators=[validate_visible])
    is_workday = models.BooleanField(
        _("调休上班"), default=False, help_text=_("勾选表示该日虽为周末但需上班")
    )

    objects = HolidayQuerySet.as_manager()

    class Meta:
        verbose_name = _("节假日")
        verbose_name_plural = _("节假日")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.name}"
