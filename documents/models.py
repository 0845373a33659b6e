"""What a department prints: its own Word templates per kind (the defaults otherwise), its
letterhead (发文机关, 文号 prefix, contacts) and the numbers its letters were issued under."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text import text_field

from .choices import DocumentKind
from .querysets import DepartmentOwnedQuerySet


class DocumentTemplate(models.Model):
    organizer = models.ForeignKey("programs.Unit", on_delete=models.CASCADE,
                                  related_name="document_templates", verbose_name=_("组织部"))
    kind = models.CharField(_("文书种类"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(_("Word模板"), upload_to="document-templates/%Y/")
    placeholders = models.JSONField(_("使用的占位符"), default=list, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = DepartmentOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("文书模板")
        verbose_name_plural = _("文书模板")
        ordering = ["organizer", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["organizer", "kind"],
                                    name="documents_one_template_per_kind",
                                    violation_error_message=_("该文书已有模板")),
        ]

    def __str__(self):
        return f"{self.organizer} · {self.get_kind_display()}"


class Letterhead(models.Model):
    organizer = models.OneToOneField("programs.Unit", on_delete=models.CASCADE,
                                     related_name="letterhead", verbose_name=_("组织部"))
    issuer = models.CharField(_("发文机关"), max_length=100,
                              help_text=_("如：中共浙江省委组织部"))
    reference_prefix = models.CharField(_("发文字号机关代字"), max_length=20, blank=True,
                                        help_text=_("如：浙组干介，文号为“浙组干介〔2026〕1号”"))
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    address = text_field(_("地址"), blank=True)

    objects = DepartmentOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("公文版头")
        verbose_name_plural = _("公文版头")

    def __str__(self):
        return self.issuer


class IssuedDocument(models.Model):
    """A letter's number, given once: the same 介绍信 printed again keeps its 文号."""

    organizer = models.ForeignKey("programs.Unit", on_delete=models.CASCADE,
                                  related_name="+", verbose_name=_("组织部"))
    kind = models.CharField(_("文书种类"), max_length=30, choices=DocumentKind.choices)
    placement = models.ForeignKey("placements.Placement", on_delete=models.CASCADE,
                                  related_name="issued_documents", verbose_name=_("挂职"))
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveIntegerField(_("序号"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+",
                                  verbose_name=_("开具人"))
    issued_at = models.DateTimeField(_("开具时间"), auto_now_add=True)

    objects = DepartmentOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("已开具文书")
        verbose_name_plural = _("已开具文书")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["organizer", "kind", "year", "number"],
                                    name="documents_number_once"),
            models.UniqueConstraint(fields=["kind", "placement"],
                                    name="documents_one_per_placement"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year}-{self.number}"
