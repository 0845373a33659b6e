"""Validators shared by the apps' models."""
import datetime

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


ZIP, OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# What a file of each extension starts with (docx/xlsx/ofd are zip packages; doc/xls/wps are
# OLE compound files): an HTML page renamed .pdf is refused by its content, not its name.
MAGIC = {"pdf": (b"%PDF-",), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
         "png": (b"\x89PNG\r\n\x1a\n",), "doc": (OLE,), "xls": (OLE,), "wps": (OLE,),
         "docx": (ZIP,), "xlsx": (ZIP,), "ofd": (ZIP,)}


@deconstructible
class ContentMatchesExtension:
    def __call__(self, file):
        extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
        signatures = MAGIC.get(extension)
        if signatures is None:
            return  # the extension validator refuses it
        position = file.tell() if hasattr(file, "tell") else 0
        file.seek(0)
        head = file.read(16)
        file.seek(position)
        if not any(head.startswith(sig) for sig in signatures):
            raise ValidationError(
                _("附件内容与文件类型（.%(ext)s）不符，请上传真实的PDF、图片或Office文档")
                % {"ext": extension}, code="content_mismatch")

    def __eq__(self, other):
        return isinstance(other, ContentMatchesExtension)


def document_validators(megabytes=20):
    return [FileExtensionValidator(DOCUMENT_EXTENSIONS,
                                   message=_("附件类型不支持，请上传PDF、图片或Office文档")),
            MaxFileSize(megabytes), ContentMatchesExtension()]


FIRST_YEAR, LAST_YEAR = 1900, 2100


def validate_year_range(value):
    """A date of the years the work can concern (1900–2100): year 9999 overflowed date
    arithmetic (a 500), year 148 was accepted as a typing error."""
    if isinstance(value, datetime.date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(_("日期应在%(first)d年至%(last)d年之间")
                              % {"first": FIRST_YEAR, "last": LAST_YEAR}, code="year_range")
