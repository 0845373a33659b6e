"""通知公告 from a department to its programs' units, read per unit; and each user's private
messages on the events they wait for."""
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import text_field, validate_visible

from .choices import MessageKind
from .querysets import MessageQuerySet, NoticeQuerySet


class Notice(models.Model):
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT,
                                related_name="notices", verbose_name=_("项目"))
    title = models.CharField(_("标题"), max_length=200, validators=[validate_visible])
    body = text_field(_("正文"), max_length=20000)
    # Set when published: the program's units it went to (all its participants unless
    # some were chosen), so a unit admitted later does not receive old notices.
    units = models.ManyToManyField("programs.Unit", related_name="notices",
                                   verbose_name=_("发送单位"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("发布人"))
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now, db_index=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("通知公告")
        verbose_name_plural = _("通知公告")
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("notices:notice_detail", args=[self.pk])


class NoticeRead(models.Model):
    """A unit's read receipt: the first of its operators to open the notice."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="reads",
                               verbose_name=_("通知"))
    unit = models.ForeignKey("programs.Unit", on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("单位"))
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+", verbose_name=_("阅读人"))
    read_at = models.DateTimeField(_("阅读时间"), default=timezone.now)

    class Meta:
        verbose_name = _("阅读回执")
        verbose_name_plural = _("阅读回执")
        constraints = [models.UniqueConstraint(fields=["notice", "unit"],
                                               name="notices_noticeread_one_per_unit")]

    def __str__(self):
        return f"{self.unit_id} · {self.notice_id}"


class Message(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="messages", verbose_name=_("收件人"))
    kind = models.CharField(_("类型"), max_length=30, choices=MessageKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    # What the optional e-mail/SMS hook did with it (notices.delivery), for the record.
    delivered_at = models.DateTimeField(_("外发时间"), null=True, blank=True)
    delivery_note = models.CharField(_("外发结果"), max_length=300, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"],
                                name="notices_msg_recipient_read")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("notices:message_open", args=[self.pk])
