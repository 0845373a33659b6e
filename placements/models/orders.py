from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cadres.choices import RANK_ORDER, Rank
from core.audit import audited
from core.pinyin import PinyinNamed
from core.text import LONG, text_field, validate_visible
from programs.choices import UnitKind

from ..choices import NominationStatus, OrderStatus, ProposalStatus, SpouseRule
from ..querysets import (
    BatchChildQuerySet,
    DemandOrderQuerySet,
    NominationQuerySet,
    OrderChildQuerySet,
)


class DemandOrder(PinyinNamed):
    """A receiving unit's demand (需求订单, 下订单): the post and expertise it needs."""

    pinyin_source = "title"

    # What __str__ reads: choice lists fetch it in the same query.
    label_related = ("receiving_unit",)

    batch = models.ForeignKey(
        "programs.Batch", on_delete=models.PROTECT, related_name="orders", verbose_name=_("批次")
    )
    receiving_unit = models.ForeignKey(
        "programs.Unit", on_delete=models.PROTECT, related_name="orders",
        verbose_name=_("接收单位"),
    )
    track = models.ForeignKey(
        "programs.Track", on_delete=models.PROTECT, null=True, blank=True,
        related_name="orders", verbose_name=_("子项目"),
        help_text=_("订单所属子项目；不填时计入项目唯一的挂职类子项目"),
    )
    title = models.CharField(_("需求名称"), max_length=200, validators=[validate_visible])
    post_title = models.CharField(_("拟挂任职务"), max_length=100,
                                  validators=[validate_visible])
    expertise = models.ManyToManyField(
        "cadres.Expertise", blank=True, related_name="orders", verbose_name=_("所需专业领域")
    )
    preferred_unit_kinds = models.JSONField(
        _("优先派出单位类别"), default=list, blank=True,
        help_text=_("单位类别代码列表，如 [\"soe\", \"university\"]"),
    )
    min_rank = models.CharField(
        _("最低职级"), max_length=20, choices=Rank.choices, blank=True
    )
    max_rank = models.CharField(
        _("最高职级"), max_length=20, choices=Rank.choices, blank=True
    )
    headcount = models.PositiveSmallIntegerField(
        _("需求人数"), default=1, validators=[MinValueValidator(1)]
    )
    filled_count = models.PositiveSmallIntegerField(_("已选派人数"), default=0, editable=False)
    term_months = models.PositiveSmallIntegerField(
        _("挂职期限（月）"), default=24, validators=[MinValueValidator(1)]
    )
    description = text_field(_("需求说明"), LONG, blank=True)
    goals = text_field(_("预期目标"), LONG, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.DRAFT,
        db_index=True,
    )
    return_reason = text_field(_("退回原因"), blank=True)
    fulfilment_rating = models.PositiveSmallIntegerField(
        _("需求满足评价"), null=True, blank=True,
        help_text=_("期满时接收单位对需求满足程度的评价，1—5分"),
    )
    fulfilment_comment = text_field(_("需求满足情况说明"), blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("创建人"),
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    # The receiving unit's ranking of the nominees offered to it (orders/{id}/rank-nominees/):
    # nomination ids, best first; part of each pair's score in the matching.
    nominee_ranking = models.JSONField(_("接收单位对人选的排序"), default=list, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = DemandOrderQuerySet.as_manager()
    history = audited()

    class Meta:
        verbose_name = _("需求订单")
        verbose_name_plural = _("需求订单")
        ordering = ["batch", "receiving_unit", "id"]
        indexes = [models.Index(fields=["batch", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(headcount__gte=1),
                name="%(app_label)s_%(class)s_headcount_positive",
                violation_error_message=_("需求人数必须大于0"),
            ),
            models.CheckConstraint(
                condition=Q(filled_count__lte=F("headcount")),
                name="%(app_label)s_%(class)s_not_overfilled",
                violation_error_message=_("已选派人数不能超过需求人数"),
            ),
            models.CheckConstraint(
                condition=Q(term_months__gte=1),
                name="%(app_label)s_%(class)s_term_positive",
                violation_error_message=_("挂职期限至少为1个月"),
            ),
            models.CheckConstraint(
                condition=Q(fulfilment_rating__isnull=True)
                | Q(fulfilment_rating__gte=1, fulfilment_rating__lte=5),
                name="%(app_label)s_%(class)s_rating_range",
                violation_error_message=_("需求满足评价应为1—5分"),
            ),
        ]

    def __str__(self):
        return f"{self.receiving_unit} · {self.title}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("placements:order_detail", args=[self.pk])

    @property
    def open_slots(self):
        return self.headcount - self.filled_count

    def can_take_placement(self) -> bool:
        """Published, not closed, and with a slot open: the one test every lane that places a
        cadre on an order asks (DemandOrder.objects.taking_placements is its queryset form)."""
        from ..choices import PLACEABLE_ORDER_STATUSES

        return self.status in PLACEABLE_ORDER_STATUSES and self.filled_count < self.headcount

    def clean(self):
        unknown = set(self.preferred_unit_kinds or []) - set(UnitKind.values)
        if unknown:
            raise ValidationError(
                {"preferred_unit_kinds": _("未知的单位类别：%s") % "、".join(sorted(unknown))}
            )
        if (
            self.min_rank
            and self.max_rank
            and RANK_ORDER[self.min_rank] > RANK_ORDER[self.max_rank]
        ):
            raise ValidationError({"max_rank": _("最高职级不能低于最低职级")})
        if self.track_id and self.batch_id and self.track.program_id != self.batch.program_id:
            raise ValidationError({"track": _("子项目须属于该批次所在的项目")})


class OrderEvent(models.Model):
    """One status change of an order: who moved it, when, and why."""

    order = models.ForeignKey(
        DemandOrder, on_delete=models.CASCADE, related_name="events", verbose_name=_("需求订单")
    )
    from_status = models.CharField(_("原状态"), max_length=20, choices=OrderStatus.choices)
    to_status = models.CharField(_("新状态"), max_length=20, choices=OrderStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("操作人"),
    )
    note = text_field(_("说明"), blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    objects = OrderChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("订单流转记录")
        verbose_name_plural = _("订单流转记录")
        ordering = ["order", "created_at", "id"]

    def __str__(self):
        return f"{self.order}：{self.get_from_status_display()} → {self.get_to_status_display()}"


class Nomination(models.Model):
    """A cadre put forward by a dispatching unit for a batch, or for a named order (自主对接)."""

    cadre = models.ForeignKey(
        "cadres.Cadre", on_delete=models.PROTECT, related_name="nominations",
        verbose_name=_("干部"),
    )
    batch = models.ForeignKey(
        "programs.Batch", on_delete=models.PROTECT, related_name="nominations",
        verbose_name=_("批次"),
    )
    order = models.ForeignKey(
        DemandOrder, on_delete=models.PROTECT, null=True, blank=True,
        related_name="self_matched_nominations", verbose_name=_("自主对接订单"),
    )
    dispatching_unit = models.ForeignKey(
        "programs.Unit", on_delete=models.PROTECT, related_name="nominations",
        verbose_name=_("派出单位"),
    )
    self_matched = models.BooleanField(_("自主对接"), default=False, db_index=True)
    # The program's eligibility rules as they were checked at nomination: [{"rule", "text",
    # "how": "checked" | "confirmed"}] (placements.services.eligibility).
    eligibility = models.JSONField(_("资格审查"), default=list, blank=True)
    # The cadre's own wishes (听取本人意见, placements.services.wishes): up to three published
    # orders of the batch, ranked (empty: any); the day they can start; a spouse nominated in
    # the same batch and whether the two go together or never both at once.
    choices = models.JSONField(_("志愿"), default=list, blank=True)
    available_from = models.DateField(_("可到岗日期"), null=True, blank=True)
    spouse = models.ForeignKey("cadres.Cadre", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("配偶"))
    spouse_rule = models.CharField(_("夫妻安排"), max_length=10, choices=SpouseRule.choices,
                                   blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=NominationStatus.choices,
        default=NominationStatus.NOMINATED, db_index=True,
    )
    note = text_field(_("推荐理由"), blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("推荐人"),
    )
    created_at = models.DateTimeField(_("推荐时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = NominationQuerySet.as_manager()
    history = audited()

    class Meta:
        verbose_name = _("推荐人选")
        verbose_name_plural = _("推荐人选")
        ordering = ["batch", "dispatching_unit", "id"]
        indexes = [models.Index(fields=["batch", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "batch"],
                condition=~Q(status__in=["declined", "withdrawn"]),
                name="%(app_label)s_%(class)s_unique_active_per_batch",
                violation_error_message=_("该干部已被推荐到本批次"),
            ),
            models.CheckConstraint(
                condition=Q(self_matched=True, order__isnull=False)
                | Q(self_matched=False, order__isnull=True),
                name="%(app_label)s_%(class)s_self_matched_has_order",
                violation_error_message=_("自主对接的推荐必须指定需求订单，反之亦然"),
            ),
        ]

    def __str__(self):
        return f"{self.cadre} → {self.batch}"

    def clean(self):
        if self.order_id and self.batch_id and self.order.batch_id != self.batch_id:
            raise ValidationError({"order": _("所选需求订单不属于该批次")})


class MatchProposal(models.Model):
    """A proposed (nomination, order) pair from a matching run, with its score and reasons."""

    batch = models.ForeignKey(
        "programs.Batch", on_delete=models.CASCADE, related_name="proposals",
        verbose_name=_("批次"),
    )
    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="proposals",
        verbose_name=_("推荐人选"),
    )
    order = models.ForeignKey(
        DemandOrder, on_delete=models.CASCADE, related_name="proposals",
        verbose_name=_("需求订单"),
    )
    score = models.FloatField(_("匹配得分"), default=0)
    reasons = models.JSONField(_("匹配理由"), default=list, blank=True)
    self_matched = models.BooleanField(_("自主对接"), default=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=ProposalStatus.choices,
        default=ProposalStatus.PROPOSED, db_index=True,
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("调整人"),
    )
    change_reason = text_field(_("人工调整原因"), blank=True)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    objects = BatchChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("对接方案")
        verbose_name_plural = _("对接方案")
        ordering = ["batch", "-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination"],
                condition=Q(status="proposed"),
                name="%(app_label)s_%(class)s_one_open_per_nomination",
                violation_error_message=_("该推荐人选已有待确认的对接方案"),
            ),
        ]

    def __str__(self):
        return f"{self.nomination.cadre} → {self.order}（{self.score:.1f}）"

    @property
    def choice_rank(self) -> int | None:
        """Which of the nominee's choices this order is (1–3), or None."""
        choices = self.nomination.choices or []
        return choices.index(self.order_id) + 1 if self.order_id in choices else None
