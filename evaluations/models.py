"""考核评价: the cadre's 述职, the anonymous 民主测评 (ballots, their one-time sheets and the
votes, never linked to each other or to a person), the department's talks (个别谈话)."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import LONG, text_field
from core.validators import document_validators

from .choices import ReportKind
from .querysets import BallotQuerySet, TalkQuerySet, VisibleWithPlacement


class ReportOfDuty(models.Model):
    placement = models.ForeignKey("placements.Placement", on_delete=models.CASCADE,
                                  related_name="reports_of_duty", verbose_name=_("挂职"))
    kind = models.CharField(_("类型"), max_length=20, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    text = text_field(_("述职报告"), 20000)
    attachment = models.FileField(_("附件"), upload_to="reports-of-duty/%Y/", blank=True,
                                  validators=document_validators())
    submitted_at = models.DateTimeField(_("提交时间"), auto_now=True)

    objects = VisibleWithPlacement.as_manager()

    class Meta:
        verbose_name = _("述职报告")
        verbose_name_plural = _("述职报告")
        ordering = ["placement", "-year", "kind"]
        constraints = [models.UniqueConstraint(
            fields=["placement", "kind", "year"], name="evaluations_one_report_per_year",
            violation_error_message=_("该年度已有此类述职报告"))]

    def __str__(self):
        return f"{self.placement.cadre} · {self.year} {self.get_kind_display()}"

    def get_absolute_url(self):
        return self.placement.get_absolute_url()


class Talk(models.Model):
    """个别谈话: who was talked with (a role, a unit — people talk freely when not named),
    when, by whom, what was said. For the department and the appraising units only."""

    placement = models.ForeignKey("placements.Placement", on_delete=models.CASCADE,
                                  related_name="talks", verbose_name=_("挂职"))
    held_on = models.DateField(_("谈话日期"))
    interviewee = models.CharField(_("谈话对象"), max_length=100,
                                   help_text=_("如：接收单位分管领导、村党支部书记"))
    summary = text_field(_("谈话要点"), LONG)
    held_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                null=True, related_name="+", verbose_name=_("谈话人"))
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = TalkQuerySet.as_manager()

    class Meta:
        verbose_name = _("个别谈话")
        verbose_name_plural = _("个别谈话")
        ordering = ["placement", "-held_on", "pk"]

    def __str__(self):
        return f"{self.placement.cadre} · {self.held_on} · {self.interviewee}"

    def get_absolute_url(self):
        return self.placement.get_absolute_url()


class Ballot(models.Model):
    """A 民主测评 of one placement or of every placement of a batch."""

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE,
                                related_name="ballots", verbose_name=_("项目"))
    batch = models.ForeignKey("programs.Batch", on_delete=models.CASCADE, null=True,
                              blank=True, related_name="ballots", verbose_name=_("批次"))
    placement = models.ForeignKey("placements.Placement", on_delete=models.CASCADE, null=True,
                                  blank=True, related_name="ballots", verbose_name=_("挂职"))
    title = models.CharField(_("名称"), max_length=100)
    items = models.JSONField(_("测评项目"))
    opens_at = models.DateTimeField(_("开始时间"))
    closes_at = models.DateTimeField(_("截止时间"))
    test_mode = models.BooleanField(_("试投模式"), default=False,
                                    help_text=_("试投的票不计入结果，正式开始时清除"))
    closed_at = models.DateTimeField(_("提前截止时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+", verbose_name=_("发起人"))
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)

    objects = BallotQuerySet.as_manager()

    class Meta:
        verbose_name = _("民主测评")
        verbose_name_plural = _("民主测评")
        ordering = ["-opens_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(batch__isnull=True, placement__isnull=False)
                | Q(batch__isnull=False, placement__isnull=True),
                name="evaluations_ballot_of_a_placement_or_a_batch"),
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")),
                                   name="evaluations_ballot_closes_after_it_opens"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("evaluations:ballot_detail", args=[self.pk])

    def ends_at(self):
        return min(self.closes_at, self.closed_at) if self.closed_at else self.closes_at

    @property
    def state(self) -> str:
        now = timezone.now()
        if now < self.opens_at:
            return "scheduled"
        return "open" if now < self.ends_at() else "closed"


class BallotGroup(models.Model):
    """A rater group (班子成员, 干部职工, 服务对象) with its weight and how many sheets each
    cadre's raters of the group receive — counted, never named."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="groups",
                               verbose_name=_("民主测评"))
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    name = models.CharField(_("评议群体"), max_length=50)
    weight = models.PositiveSmallIntegerField(_("权重（%）"))
    sheets = models.PositiveSmallIntegerField(_("每人发票数"))

    class Meta:
        verbose_name = _("评议群体")
        verbose_name_plural = _("评议群体")
        ordering = ["ballot", "position"]

    def __str__(self):
        return f"{self.ballot} · {self.name}"


class Sheet(models.Model):
    """A one-time voting link: for a placement and a group, never for a person. Used once."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="sheets")
    placement = models.ForeignKey("placements.Placement", on_delete=models.CASCADE,
                                  related_name="+")
    group = models.ForeignKey(BallotGroup, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=43, unique=True)
    used = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("测评票")
        verbose_name_plural = _("测评票")
        indexes = [models.Index(fields=["ballot", "placement", "group"])]

    def __str__(self):  # never the token: it is the vote's key
        return f"{self.ballot} · {self.group.name}"


class Vote(models.Model):
    """A cast ballot, archived read-only: its group and answers, no sheet, no time, no user,
    no address — nothing that could lead back to who cast it."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="votes")
    placement = models.ForeignKey("placements.Placement", on_delete=models.CASCADE,
                                  related_name="+")
    group = models.ForeignKey(BallotGroup, on_delete=models.CASCADE, related_name="votes")
    answers = models.JSONField()
    is_test = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("测评票（已投）")
        verbose_name_plural = _("测评票（已投）")
        indexes = [models.Index(fields=["ballot", "placement", "group"])]

    def __str__(self):
        return f"{self.ballot} · {self.group.name}"


class HostRating(models.Model):
    """双向评价: a cadre's rating of the host's support at the end of a term — kept with the
    host unit and the program only, never with the placement or the person (the receipt says
    who answered, not what)."""

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE,
                                related_name="+", verbose_name=_("项目"))
    host_unit = models.ForeignKey("programs.Unit", on_delete=models.CASCADE,
                                  related_name="host_ratings", verbose_name=_("接收单位"))
    work_arranged = models.PositiveSmallIntegerField(_("工作安排"))
    conditions = models.PositiveSmallIntegerField(_("工作生活条件"))
    help = models.PositiveSmallIntegerField(_("关心帮助"))
    comment = text_field(_("意见建议"), blank=True)

    class Meta:
        verbose_name = _("双向评价")
        verbose_name_plural = _("双向评价")
        constraints = [models.CheckConstraint(
            condition=Q(work_arranged__range=(1, 5), conditions__range=(1, 5),
                        help__range=(1, 5)), name="evaluations_host_rating_1_to_5")]

    def __str__(self):
        return f"{self.host_unit} · {_('双向评价')}"


class HostRatingReceipt(models.Model):
    """That a placement's cadre has rated the host (once), not what they said."""

    placement = models.OneToOneField("placements.Placement", on_delete=models.CASCADE,
                                     related_name="host_rating_receipt")

    class Meta:
        verbose_name = _("双向评价回执")
        verbose_name_plural = _("双向评价回执")

    def __str__(self):
        return str(self.placement)


class SuccessorNote(models.Model):
    """A returnee's note (named, optional) for the next cadre at the same host post."""

    placement = models.OneToOneField("placements.Placement", on_delete=models.CASCADE,
                                     related_name="successor_note", verbose_name=_("挂职"))
    text = text_field(_("给继任者的话"), LONG)
    created_at = models.DateTimeField(_("时间"), auto_now=True)

    objects = VisibleWithPlacement.as_manager()

    class Meta:
        verbose_name = _("给继任者的话")
        verbose_name_plural = _("给继任者的话")

    def __str__(self):
        return f"{self.placement.cadre} · {self.placement.post_title}"
