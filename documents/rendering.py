"""A document out of its values: Word from the department's template (or the shipped one)
through docxtpl, PDF from the same values through an HTML layout of GB/T 9704 and
WeasyPrint. Uploaded templates are checked here before they are kept."""
import io
import zipfile

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.exceptions import InvalidInput, ServiceError

from .choices import DocumentKind
from .contexts import PLACEHOLDERS
from .defaults import default_template
from .models import DocumentTemplate

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class RendererUnavailable(ServiceError):
    status = 503
    default_code = "unavailable"


def template_bytes(organizer, kind) -> bytes:
    """The department's own template of this kind, else the shipped default."""
    own = DocumentTemplate.objects.filter(organizer=organizer, kind=kind).first()
    if own is None:
        return default_template(kind)
    with own.file.open("rb") as handle:
        return handle.read()


def render_docx(source: bytes, values: dict) -> bytes:
    from docxtpl import DocxTemplate

    document = DocxTemplate(io.BytesIO(source))
    # Values are text, escaped for Word's XML (a unit named "A&B" stays one).
    document.render(values, autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_pdf(kind, values: dict) -> bytes:
    try:
        import weasyprint
    except OSError as exc:  # the Pango library is missing on this machine
        raise RendererUnavailable(_("无法生成PDF：服务器缺少Pango字体排版库（%s）") % exc) from exc
    html = render_to_string(f"documents/pdf/{kind}.html", {"v": values, "kind": kind})
    return weasyprint.HTML(string=html).write_pdf()


def check_template(kind, upload) -> list[str]:
    """The placeholders an uploaded template uses; refused (400, nothing kept) when it is not
    a .docx, is over 5 MB, does not parse, or uses a name this kind does not have."""
    if kind not in DocumentKind.values:
        raise InvalidInput(_("未知的文书种类"), code="unknown_kind", fields={"kind": [
            _("应为：%s") % "、".join(DocumentKind.values)]})
    if upload.size > MAX_TEMPLATE_BYTES:
        message = _("模板文件不能超过5MB（此文件%.1fMB）") % (upload.size / 1024 / 1024)
        raise InvalidInput(message, code="too_large", fields={"file": [message]})
    data = upload.read()
    upload.seek(0)
    not_docx = _("模板须为Word文档（.docx）")
    if not upload.name.lower().endswith(".docx") or not zipfile.is_zipfile(io.BytesIO(data)):
        raise InvalidInput(not_docx, code="not_docx", fields={"file": [not_docx]})
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise InvalidInput(not_docx, code="not_docx", fields={"file": [not_docx]})
        from docxtpl import DocxTemplate

        used = DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables()
    except InvalidInput:
        raise
    except Exception as exc:  # Jinja's syntax errors and broken Word XML alike
        message = _("模板无法解析：%s") % exc
        raise InvalidInput(message, code="template_syntax", fields={"file": [message]}) from exc
    unknown = sorted(set(used) - set(PLACEHOLDERS[kind]))
    if unknown:
        message = _("模板使用了本文书没有的占位符：%s") % "、".join(unknown)
        raise InvalidInput(message, code="unknown_placeholders",
                           fields={"file": [message], "unknown": unknown})
    return sorted(used)
