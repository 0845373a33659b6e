"""An import: the uploaded file, its dry run (counts and row errors) and, once applied, what
it wrote. The file stays private (media, never served from a public path)."""
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .kinds import KIND_CHOICES


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("待预检")
    VALIDATING = "validating", _("预检中")
    VALIDATED = "validated", _("已预检，待导入")
    UNCHANGED = "unchanged", _("无需导入")  # the dry run found nothing to add or change
    APPLYING = "applying", _("导入中")
    APPLIED = "applied", _("已导入")
    FAILED = "failed", _("未通过")


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An import is its uploader's work (its file holds personal data)."""
        if not user.is_authenticated:
            return self.none()
        return self.all() if user.is_superuser else self.filter(uploaded_by=user)


class ImportJob(models.Model):
    kind = models.CharField(_("导入内容"), max_length=20, choices=KIND_CHOICES)
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=255)
    file_format = models.CharField(_("格式"), max_length=10)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="imports", verbose_name=_("上传人"))
    status = models.CharField(_("状态"), max_length=20, choices=ImportStatus.choices,
                              default=ImportStatus.PENDING, db_index=True)
    total_rows = models.PositiveIntegerField(_("数据行数"), default=0)
    counts = models.JSONField(_("预检结果"), default=dict, blank=True)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    bad_rows = models.JSONField(_("有错误的行"), default=list, blank=True)
    plan = models.TextField(_("逐行预检结果"), blank=True, editable=False)
    ignored_columns = models.JSONField(_("未识别的列"), default=list, blank=True)
    skipped_rows = models.JSONField(_("跳过的示例行"), default=list, blank=True)
    applied_counts = models.JSONField(_("导入结果"), default=dict, blank=True)
    message = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    validated_at = models.DateTimeField(_("预检时间"), null=True, blank=True)
    applied_at = models.DateTimeField(_("导入时间"), null=True, blank=True)
    duration_seconds = models.FloatField(_("用时（秒）"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("数据导入")
        verbose_name_plural = _("数据导入")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=ImportStatus.values),
                                   name="%(app_label)s_%(class)s_status_valid"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.original_name}"

    def get_absolute_url(self):
        return reverse("imports:detail", args=[self.pk])

    @property
    def may_apply(self):
        return self.status == ImportStatus.VALIDATED and bool(
            self.counts.get("new") or self.counts.get("updated"))
