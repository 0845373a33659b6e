"""返回与后续使用: the return plan a month before the end (the home post kept; a change of post
only with the department's consent), the end-of-term review by the three parties, what became
of the cadre afterwards (提拔, 晋升职级, 表彰, 遴选, 交流) and a follow-up a year after return
(placements.services.returns)."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.audit import audited
from core.text import LONG, text_field

from ..querysets import PlacementChildQuerySet
from .fields import actor_field

REVIEWERS = ("home", "host", "cadre")



class ReturnPlan(models.Model):
    class Status(models.TextChoices):
        AGREED = "agreed", _("已定")
        AWAITING_CONSENT = "awaiting_consent", _("岗位变动待组织部同意")

    placement = models.OneToOneField("placements.Placement", on_delete=models.CASCADE,
                                     related_name="return_plan", verbose_name=_("挂职"))
    home_post = models.CharField(_("原单位职务"), max_length=100)
    new_post = models.CharField(_("返回后拟任职务"), max_length=100, blank=True,
                                help_text=_("留空表示回原岗位"))
    change_reason = text_field(_("岗位变动理由"), blank=True)
    meeting_date = models.DateField(_("返回座谈日期"), null=True, blank=True)
    note = text_field(_("返回安排"), LONG, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices,
                              default=Status.AGREED)
    written_by = actor_field(_("填写人"))
    written_at = models.DateTimeField(_("填写时间"), auto_now=True)
    consented_by = actor_field(_("组织部同意人"))
    consented_at = models.DateTimeField(_("组织部同意时间"), null=True, blank=True)
    review_home = text_field(_("派出单位期满评议"), LONG, blank=True)
    review_home_at = models.DateTimeField(_("派出单位评议时间"), null=True, blank=True)
    review_host = text_field(_("接收单位期满评议"), LONG, blank=True)
    review_host_at = models.DateTimeField(_("接收单位评议时间"), null=True, blank=True)
    review_cadre = text_field(_("本人期满小结"), LONG, blank=True)
    review_cadre_at = models.DateTimeField(_("本人小结时间"), null=True, blank=True)
    followed_up_at = models.DateTimeField(_("返回一年回访时间"), null=True, blank=True)
    followed_up_by = actor_field(_("回访人"))
    follow_up_note = text_field(_("回访情况"), LONG, blank=True)

    objects = PlacementChildQuerySet.as_manager()
    history = audited()

    class Meta:
        verbose_name = _("返回安排")
        verbose_name_plural = _("返回安排")
        ordering = ["placement"]

    def __str__(self):
        return f"{self.placement} · {_('返回安排')}"

    def get_absolute_url(self):
        return self.placement.get_absolute_url()

    @property
    def changes_post(self) -> bool:
        return bool(self.new_post) and self.new_post != self.home_post

    def reviews_pending(self) -> list[str]:
        return [side for side in REVIEWERS if not getattr(self, f"review_{side}_at")]


class LaterUse(models.Model):
    class Kind(models.TextChoices):
        PROMOTION = "promotion", _("提拔")
        RANK_PROMOTION = "rank_promotion", _("晋升职级")
        COMMENDATION = "commendation", _("表彰")
        SELECTION = "selection", _("遴选")
        TRANSFER = "transfer", _("交流")

    placement = models.ForeignKey("placements.Placement", on_delete=models.CASCADE,
                                  related_name="later_uses", verbose_name=_("挂职"))
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, db_index=True)
    date = models.DateField(_("日期"))
    note = text_field(_("说明"), blank=True)
    recorded_by = actor_field(_("登记人"))
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = PlacementChildQuerySet.as_manager()
    history = audited()

    class Meta:
        verbose_name = _("后续使用")
        verbose_name_plural = _("后续使用")
        ordering = ["-date", "pk"]

    def __str__(self):
        return f"{self.placement.cadre} · {self.get_kind_display()} · {self.date}"

    def get_absolute_url(self):
        return self.placement.get_absolute_url()
