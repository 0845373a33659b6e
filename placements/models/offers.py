"""补充匹配: the second round's offers, each a post offered to an unplaced nominee through
their dispatching unit, answered by a deadline (placements.services.second_round)."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.audit import audited

from ..choices import OfferStatus
from ..querysets import OfferQuerySet


class Offer(models.Model):
    batch = models.ForeignKey("programs.Batch", on_delete=models.CASCADE, related_name="offers",
                              verbose_name=_("批次"))
    order = models.ForeignKey("placements.DemandOrder", on_delete=models.CASCADE,
                              related_name="offers", verbose_name=_("需求订单"))
    nomination = models.ForeignKey("placements.Nomination", on_delete=models.CASCADE,
                                   related_name="offers", verbose_name=_("推荐人选"))
    round = models.PositiveSmallIntegerField(_("轮次"), default=1)
    score = models.FloatField(_("匹配得分"))
    reasons = models.JSONField(_("匹配理由"), default=list, blank=True)
    expires_at = models.DateTimeField(_("答复截止"))
    status = models.CharField(_("状态"), max_length=10, choices=OfferStatus.choices,
                              default=OfferStatus.OPEN, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("答复人"))
    decided_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("发出时间"), auto_now_add=True)

    objects = OfferQuerySet.as_manager()
    history = audited()

    class Meta:
        verbose_name = _("补充匹配邀请")
        verbose_name_plural = _("补充匹配邀请")
        ordering = ["-created_at", "pk"]
        constraints = [
            # A nominee holds one open offer at a time.
            models.UniqueConstraint(fields=["nomination"], condition=Q(status="open"),
                                    name="placements_offer_one_open_per_nomination",
                                    violation_error_message=_("该人选已有待答复的邀请")),
        ]

    def __str__(self):
        return f"{self.nomination.cadre} → {self.order}（{self.get_status_display()}）"
