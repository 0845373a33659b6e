"""Validators shared by the apps' models."""
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Evidence and attachments: documents and photos, as offices exchange them.
DOCUMENT_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx", "wps", "ofd"]


@deconstructible
class MaxFileSize:
    def __init__(self, megabytes):
        self.megabytes = megabytes

    def __call__(self, file):
        if file.size > self.megabytes * 1024 * 1024:
            raise ValidationError(_("附件不能超过%(mb)dMB") % {"mb": self.megabytes},
                                  code="file_too_large")

    def __eq__(self, other):
        return isinstance(other, MaxFileSize) and other.megabytes == self.megabytes


def document_validators(megabytes=20):
    return [FileExtensionValidator(DOCUMENT_EXTENSIONS,
                                   message=_("附件类型不支持，请上传PDF、图片或Office文档")),
            MaxFileSize(megabytes)]
