"""延期: an extension of a term, asked by the host (its need), consented to by the home unit
and agreed by the cadre — each recorded with who and when — before the department moves the
planned end (placements.services.extensions)."""
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.text import text_field

from ..querysets import PlacementChildQuerySet
from .fields import actor_field


class Extension(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("待同意")
        AGREED = "agreed", _("三方同意")
        APPLIED = "applied", _("已延期")
        REFUSED = "refused", _("未同意")

    OPEN = (Status.REQUESTED, Status.AGREED)

    placement = models.ForeignKey("placements.Placement", on_delete=models.CASCADE,
                                  related_name="extensions", verbose_name=_("挂职"))
    planned_end_date = models.DateField(_("延期至"))
    previous_end_date = models.DateField(_("原计划结束日期"))
    reason = text_field(_("延期理由"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices,
                              default=Status.REQUESTED, db_index=True)
    requested_at = models.DateTimeField(_("接收单位申请时间"), auto_now_add=True)
    requested_by = actor_field(_("接收单位申请人"))
    home_consented_at = models.DateTimeField(_("派出单位同意时间"), null=True, blank=True)
    home_consented_by = actor_field(_("派出单位同意人"))
    cadre_agreed_at = models.DateTimeField(_("本人同意时间"), null=True, blank=True)
    cadre_agreed_by = actor_field(_("本人"))
    refused_at = models.DateTimeField(_("不同意时间"), null=True, blank=True)
    refused_by = actor_field(_("不同意人"))
    refusal_reason = text_field(_("不同意理由"), blank=True)
    applied_at = models.DateTimeField(_("组织部批准时间"), null=True, blank=True)
    applied_by = actor_field(_("组织部批准人"))

    objects = PlacementChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["placement", "-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement"], condition=Q(status__in=["requested", "agreed"]),
                name="placements_extension_one_open",
                violation_error_message=_("该挂职已有一份待办的延期申请")),
        ]

    def __str__(self):
        return f"{self.placement} · 延期至{self.planned_end_date}"

    def get_absolute_url(self):
        return self.placement.get_absolute_url()

    def pending(self) -> list[str]:
        """The parties whose word is still missing: home (consent), cadre (agreement)."""
        return [side for side, at in (("home", self.home_consented_at),
                                      ("cadre", self.cadre_agreed_at)) if not at]
