from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.text import text_field

from .choices import AlertKind, ReportFormat, ReportKind, ReportStatus
from .querysets import AlertQuerySet, FeedbackQuerySet, ReportQuerySet


class Report(models.Model):
    """A generated report file and the record of its run."""

    kind = models.CharField(_("报表类型"), max_length=30, choices=ReportKind.choices)
    format = models.CharField(
        _("格式"), max_length=10, choices=ReportFormat.choices, default=ReportFormat.XLSX
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED,
        db_index=True,
    )
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, null=True, blank=True,
        related_name="reports", verbose_name=_("项目"),
    )
    batch = models.ForeignKey(
        "programs.Batch", on_delete=models.CASCADE, null=True, blank=True,
        related_name="reports", verbose_name=_("批次"),
    )
    period_start = models.DateField(_("统计起始"), null=True, blank=True)
    period_end = models.DateField(_("统计截止"), null=True, blank=True)
    as_of = models.DateField(_("数据截至"), null=True, blank=True)
    parameters = models.JSONField(_("参数"), default=dict, blank=True)
    file = models.FileField(_("文件"), upload_to="reports/%Y/%m/", blank=True)
    row_count = models.PositiveIntegerField(_("行数"), default=0)
    file_size = models.PositiveBigIntegerField(_("文件大小（字节）"), default=0)
    error = models.TextField(_("错误信息"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("生成次数"), default=0)
    scheduled = models.BooleanField(_("定时生成"), default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="reports", verbose_name=_("申请人"),
    )
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("报表")
        verbose_name_plural = _("报表")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="%(app_label)s_%(class)s_period_ordered",
                violation_error_message=_("统计截止日期不能早于起始日期"),
            ),
            # The periodic job makes each program's report for a period once, however often
            # beat fires or the task is redelivered.
            models.UniqueConstraint(
                fields=["kind", "format", "program", "period_start", "period_end"],
                condition=Q(scheduled=True),
                name="%(app_label)s_%(class)s_scheduled_once",
                violation_error_message=_("该期定时报表已生成"),
            ),
        ]

    def __str__(self):
        kind, fmt, status = (
            self.get_kind_display(), self.get_format_display(), self.get_status_display()
        )
        return f"{kind}（{fmt}，{status}）"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("dashboards:report_detail", args=[self.pk])

    @property
    def is_ready(self):
        """Built, with its file: what may be downloaded."""
        return self.status == ReportStatus.DONE and bool(self.file)

    @property
    def is_finished(self):
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None



class Alert(models.Model):
    """A stored reminder, raised once per open cause and shown only to whom it concerns."""

    kind = models.CharField(_("类型"), max_length=30, choices=AlertKind.choices, db_index=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("对象类型")
    )
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    subject = GenericForeignKey("content_type", "object_id")
    unit = models.ForeignKey(
        "programs.Unit", on_delete=models.CASCADE, null=True, blank=True,
        related_name="alerts", verbose_name=_("相关单位"),
    )
    role = models.CharField(_("相关角色"), max_length=20, choices=Role.choices, blank=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
        related_name="alerts", verbose_name=_("提醒对象"),
    )
    message = models.TextField(_("内容"))
    raised_at = models.DateTimeField(_("首次提醒时间"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("解除时间"), null=True, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        ordering = ["-raised_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "role", "unit"],
                condition=Q(resolved_at__isnull=True),
                name="%(app_label)s_%(class)s_one_open_per_cause",
                violation_error_message=_("同一事项已有未解除的提醒"),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.message}"


class Feedback(models.Model):
    """意见建议: what a user tells the department about the system or its demands on them,
    as the 基层减负 rules require such systems to offer. It reaches the org staff who manage
    the author's login; it is never shown to other units."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="feedback", verbose_name=_("提出人"))
    page = models.CharField(_("所在页面"), max_length=300, blank=True)
    content = text_field(_("意见建议"))
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    reply = text_field(_("答复"), blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("答复人"))
    handled_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("意见建议")
        verbose_name_plural = _("意见建议")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(handled_at__isnull=True) | ~Q(reply=""),
                name="%(app_label)s_%(class)s_handled_with_reply",
                violation_error_message=_("答复时须填写答复内容"),
            ),
        ]

    def __str__(self):
        return self.content[:30]
