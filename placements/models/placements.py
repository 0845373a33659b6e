from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.audit import audited
from core.text import text_field, validate_visible

from ..choices import Direction, PlacementStatus
from ..querysets import PlacementChildQuerySet, PlacementQuerySet

# Name of the PostgreSQL exclusion constraint created in migration 0002; services translate
# its violation into the same message as the model's own check.
NO_OVERLAP_CONSTRAINT = "placements_placement_no_overlap"


class Placement(models.Model):
    """One cadre's secondment (挂职) to a host unit, from training to return."""

    # What __str__ reads: choice lists fetch it in the same query.
    label_related = ("cadre", "host_unit")

    cadre = models.ForeignKey(
        "cadres.Cadre", on_delete=models.PROTECT, related_name="placements",
        verbose_name=_("干部"),
    )
    batch = models.ForeignKey(
        "programs.Batch", on_delete=models.PROTECT, related_name="placements",
        verbose_name=_("批次"),
    )
    track = models.ForeignKey(
        "programs.Track", on_delete=models.PROTECT, null=True, blank=True,
        related_name="placements", verbose_name=_("子项目"),
    )
    order = models.ForeignKey(
        "placements.DemandOrder", on_delete=models.PROTECT, null=True, blank=True,
        related_name="placements", verbose_name=_("需求订单"),
    )
    nomination = models.OneToOneField(
        "placements.Nomination", on_delete=models.PROTECT, null=True, blank=True,
        related_name="placement", verbose_name=_("推荐记录"),
    )
    home_unit = models.ForeignKey(
        "programs.Unit", on_delete=models.PROTECT, related_name="sent_placements",
        verbose_name=_("派出单位"),
    )
    host_unit = models.ForeignKey(
        "programs.Unit", on_delete=models.PROTECT, related_name="hosted_placements",
        verbose_name=_("接收单位"),
    )
    post_title = models.CharField(_("挂任职务"), max_length=100,
                                  validators=[validate_visible])
    direction = models.CharField(
        _("挂职方向"), max_length=10, choices=Direction.choices, db_index=True
    )
    start_date = models.DateField(_("开始日期"))
    planned_end_date = models.DateField(_("计划结束日期"))
    actual_end_date = models.DateField(_("实际结束日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=PlacementStatus.choices,
        default=PlacementStatus.PLANNED, db_index=True,
    )
    end_reason = text_field(_("结束原因"), blank=True)
    # 人身意外保险: the department insures cadres on post; the nightly job warns before the
    # cover runs out while the cadre is still on post.
    insured_until = models.DateField(_("意外险保至"), null=True, blank=True)
    partner = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("互派对象"),
        help_text=_("互派挂职中与之成对的另一挂职"),
    )
    replaces = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replacements",
        verbose_name=_("轮换补派自"),
    )
    host_confirmed_start_at = models.DateTimeField(_("接收单位确认到岗"), null=True, blank=True)
    home_confirmed_start_at = models.DateTimeField(_("派出单位确认到岗"), null=True, blank=True)
    host_confirmed_end_at = models.DateTimeField(_("接收单位确认结束"), null=True, blank=True)
    home_confirmed_end_at = models.DateTimeField(_("派出单位确认结束"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = PlacementQuerySet.as_manager()
    history = audited()

    class Meta:
        verbose_name = _("挂职")
        verbose_name_plural = _("挂职")
        ordering = ["-start_date", "id"]
        indexes = [
            models.Index(fields=["batch", "status"]),
            models.Index(fields=["host_unit", "status"]),
            models.Index(fields=["home_unit", "status"]),
            models.Index(fields=["cadre", "start_date"]),
            # The lists' order (newest start first), read from the index at any depth.
            models.Index(fields=["-start_date", "id"], name="placement_list_order"),
            # The same order within a status (the lists' commonest filter).
            models.Index(fields=["status", "-start_date", "id"], name="placement_status_order"),
            # A department's page: its batches' ids in list order, from the index alone.
            models.Index(fields=["batch", "-start_date", "id"], name="placement_batch_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end_date__gte=F("start_date")),
                name="%(app_label)s_%(class)s_planned_end_after_start",
                violation_error_message=_("计划结束日期不能早于开始日期"),
            ),
            models.CheckConstraint(
                condition=Q(actual_end_date__isnull=True)
                | Q(actual_end_date__gte=F("start_date")),
                name="%(app_label)s_%(class)s_actual_end_after_start",
                violation_error_message=_("实际结束日期不能早于开始日期"),
            ),
            models.CheckConstraint(
                condition=~Q(home_unit=F("host_unit")),
                name="%(app_label)s_%(class)s_host_differs_from_home",
                violation_error_message=_("接收单位不能与派出单位相同"),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["completed", "ended_early"], actual_end_date__isnull=False)
                | (~Q(status__in=["completed", "ended_early"]) & Q(actual_end_date__isnull=True)),
                name="%(app_label)s_%(class)s_end_date_iff_finished",
                violation_error_message=_("已结束的挂职必须有实际结束日期，未结束的不能有"),
            ),
        ]

    def __str__(self):
        return f"{self.cadre} 挂任 {self.host_unit}{self.post_title}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("placements:placement_detail", args=[self.pk])

    @property
    def occupied_until(self):
        return self.actual_end_date or self.planned_end_date

    def clean(self):
        """The rule the exclusion constraint enforces on PostgreSQL, checked on every database."""
        if not (self.cadre_id and self.start_date and self.planned_end_date):
            return
        clash = (
            Placement.objects.filter(cadre_id=self.cadre_id)
            .exclude(pk=self.pk)
            .overlapping(self.start_date, self.occupied_until)
            .first()
        )
        if clash:
            raise ValidationError(
                _("该干部在%(start)s至%(end)s已有挂职（%(host)s），日期不能重叠")
                % {"start": clash.start_date, "end": clash.occupied_until,
                   "host": clash.host_unit},
                code="overlap",
            )


class PlacementEvent(models.Model):
    """A recorded step of a placement: start, confirmation, extension, end, replacement."""

    class Kind(models.TextChoices):
        CREATED = "created", _("创建")
        TRAINING = "training", _("开始岗前培训")
        START_CONFIRMED = "start_confirmed", _("确认到岗")
        STARTED = "started", _("到岗")
        EXTENDED = "extended", _("延期")
        END_CONFIRMED = "end_confirmed", _("确认结束")
        COMPLETED = "completed", _("期满返回")
        ENDED_EARLY = "ended_early", _("提前结束")
        REPLACED = "replaced", _("轮换补派")
        PAIRED = "paired", _("结成互派")
        EDITED = "edited", _("信息更正")
        RECALLED = "recalled", _("召回")

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="events", verbose_name=_("挂职")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("操作人"),
    )
    note = text_field(_("说明"), blank=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    objects = PlacementChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("挂职记录")
        verbose_name_plural = _("挂职记录")
        ordering = ["placement", "created_at", "id"]

    def __str__(self):
        return f"{self.placement}：{self.get_kind_display()}"
