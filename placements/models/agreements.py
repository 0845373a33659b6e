"""挂职任务书: what the home unit, the host unit and the cadre agreed for a placement, as
versions — a change (变更) is a new version the three confirm again; the versions are kept
and compared (placements.services.agreements)."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text import LONG, text_field

from ..querysets import PlacementChildQuerySet
from .fields import actor_field

PARTIES = ("home", "host", "cadre")
TERMS = ("duties", "goals", "development_plan", "supervisor", "appraiser", "cost_sharing",
         "post_title", "start_date", "end_date")



class Agreement(models.Model):
    placement = models.ForeignKey("placements.Placement", on_delete=models.CASCADE,
                                  related_name="agreements", verbose_name=_("挂职"))
    version = models.PositiveSmallIntegerField(_("版本"))
    is_current = models.BooleanField(_("现行版本"), default=True)
    duties = text_field(_("工作职责"), LONG)
    goals = text_field(_("工作目标"), LONG, blank=True)
    development_plan = text_field(_("培养计划"), LONG, blank=True)
    supervisor = models.CharField(_("日常管理负责人"), max_length=100, blank=True)
    appraiser = models.CharField(_("考核负责人"), max_length=100, blank=True)
    cost_sharing = text_field(_("费用分担"), blank=True)
    post_title = models.CharField(_("挂任职务"), max_length=100)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    change_reason = text_field(_("变更原因"), blank=True)
    confirmed_by_home_at = models.DateTimeField(_("派出单位确认时间"), null=True, blank=True)
    confirmed_by_home = actor_field(_("派出单位确认人"))
    confirmed_by_host_at = models.DateTimeField(_("接收单位确认时间"), null=True, blank=True)
    confirmed_by_host = actor_field(_("接收单位确认人"))
    confirmed_by_cadre_at = models.DateTimeField(_("本人确认时间"), null=True, blank=True)
    confirmed_by_cadre = actor_field(_("本人"))
    created_by = actor_field(_("起草人"))
    created_at = models.DateTimeField(_("起草时间"), auto_now_add=True)

    objects = PlacementChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("挂职任务书")
        verbose_name_plural = _("挂职任务书")
        ordering = ["placement", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "version"],
                                    name="placements_agreement_one_per_version",
                                    violation_error_message=_("该版本已存在")),
            models.UniqueConstraint(fields=["placement"], condition=models.Q(is_current=True),
                                    name="placements_agreement_one_current",
                                    violation_error_message=_("一个挂职只有一个现行任务书")),
        ]

    def __str__(self):
        return f"{self.placement} · 任务书（第{self.version}版）"

    def get_absolute_url(self):
        return self.placement.get_absolute_url()  # shown on its placement's page

    @property
    def confirmed(self) -> bool:
        return all(getattr(self, f"confirmed_by_{p}_at") for p in PARTIES)

    def pending(self) -> list[str]:
        return [p for p in PARTIES if not getattr(self, f"confirmed_by_{p}_at")]
