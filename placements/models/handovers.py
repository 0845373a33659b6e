"""工作交接: when a cadre follows another at a host post (a replacement, or a batch after a
batch), the outgoing cadre writes the three lists — work plans, projects and funds, assets and
key work — and the contacts, and the incoming cadre and the host confirm them; the host post
keeps its file across cadres (placements.services.handovers)."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text import LONG, text_field

from ..querysets import HandoverQuerySet
from .fields import actor_field

LISTS = ("work_plans", "projects_funds", "assets", "contacts")



class Handover(models.Model):
    # `placement` is the outgoing one (scoping and the page follow it); the incoming one
    # sees it through `incoming`.
    placement = models.ForeignKey("placements.Placement", on_delete=models.CASCADE,
                                  related_name="handovers_out", verbose_name=_("交出方挂职"))
    incoming = models.OneToOneField("placements.Placement", on_delete=models.CASCADE,
                                    related_name="handover_in", verbose_name=_("接任方挂职"))
    overlap_from = models.DateField(_("交接开始"), null=True, blank=True)
    overlap_to = models.DateField(_("交接结束"), null=True, blank=True)
    work_plans = text_field(_("工作计划清单"), LONG, blank=True)
    projects_funds = text_field(_("项目和资金清单"), LONG, blank=True)
    assets = text_field(_("资产和重点工作清单"), LONG, blank=True)
    contacts = text_field(_("主要联系人"), LONG, blank=True)
    written_at = models.DateTimeField(_("交出方填写时间"), null=True, blank=True)
    written_by = actor_field(_("交出方"))
    confirmed_by_incoming_at = models.DateTimeField(_("接任方确认时间"), null=True, blank=True)
    confirmed_by_incoming = actor_field(_("接任方"))
    confirmed_by_host_at = models.DateTimeField(_("接收单位确认时间"), null=True, blank=True)
    confirmed_by_host = actor_field(_("接收单位确认人"))
    created_by = actor_field(_("发起人"))
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)

    objects = HandoverQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作交接")
        verbose_name_plural = _("工作交接")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(overlap_from__isnull=True) | models.Q(
                    overlap_to__isnull=True) | models.Q(overlap_to__gte=models.F("overlap_from")),
                name="placements_handover_window_ordered",
                violation_error_message=_("交接结束日期不能早于开始日期")),
        ]

    def __str__(self):
        return f"{self.placement.cadre} → {self.incoming.cadre} · {self.placement.post_title}"

    def get_absolute_url(self):
        return self.incoming.get_absolute_url()

    @property
    def confirmed(self) -> bool:
        return bool(self.confirmed_by_incoming_at and self.confirmed_by_host_at)

    def pending(self) -> list[str]:
        if not self.written_at:
            return ["outgoing", "incoming", "host"]
        return [side for side in ("incoming", "host")
                if not getattr(self, f"confirmed_by_{side}_at")]
