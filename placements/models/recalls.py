"""召回: a unit (host or home) proposes to end a placement early with a reason; the department
decides. Approved, the placement ends early with the recall as its reason and event."""
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.audit import audited
from core.text import text_field

from ..querysets import PlacementChildQuerySet
from .fields import actor_field


class Recall(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待组织部决定")
        APPROVED = "approved", _("已召回")
        REJECTED = "rejected", _("不予召回")

    placement = models.ForeignKey("placements.Placement", on_delete=models.CASCADE,
                                  related_name="recalls", verbose_name=_("挂职"))
    side = models.CharField(_("提出方"), max_length=10,
                            choices=[("host", _("接收单位")), ("home", _("派出单位"))])
    reason = text_field(_("召回理由"))
    proposed_by = actor_field(_("提出人"))
    proposed_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices,
                              default=Status.PROPOSED, db_index=True)
    decided_by = actor_field(_("决定人"))
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decision_note = text_field(_("决定意见"), blank=True)

    objects = PlacementChildQuerySet.as_manager()
    history = audited()

    class Meta:
        verbose_name = _("召回")
        verbose_name_plural = _("召回")
        ordering = ["-proposed_at"]
        constraints = [models.UniqueConstraint(
            fields=["placement"], condition=Q(status="proposed"),
            name="placements_recall_one_open",
            violation_error_message=_("该挂职已有待决定的召回"))]

    def __str__(self):
        return f"{self.placement} · {self.get_status_display()}"

    def get_absolute_url(self):
        return self.placement.get_absolute_url()
