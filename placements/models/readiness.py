"""接收准备: what the host has ready before the cadre arrives — the program's checklist
(housing, office, a written 分工, a contact leader, health check, insurance), one row per item
per placement, ticked by the host (placements.services.readiness)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text import text_field

from ..querysets import PlacementChildQuerySet


class ReadinessItem(models.Model):
    placement = models.ForeignKey("placements.Placement", on_delete=models.CASCADE,
                                  related_name="readiness_items", verbose_name=_("挂职"))
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    label = models.CharField(_("准备事项"), max_length=50)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="+", verbose_name=_("确认人"))
    note = text_field(_("说明"), blank=True)

    objects = PlacementChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("接收准备事项")
        verbose_name_plural = _("接收准备事项")
        ordering = ["placement", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "label"],
                                    name="placements_readiness_one_per_label",
                                    violation_error_message=_("该准备事项已存在")),
        ]
        indexes = [models.Index(fields=["placement"], condition=models.Q(done_at__isnull=True),
                                name="readiness_missing")]

    def __str__(self):
        return f"{self.placement} · {self.label}"

    def get_absolute_url(self):
        return self.placement.get_absolute_url()

    @property
    def done(self) -> bool:
        return self.done_at is not None
