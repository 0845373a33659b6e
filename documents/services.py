"""The department's documents as steps: print a placement's document or a month's allowance
sheet (who may, and the 文号 given once), keep its own templates and letterhead."""
import re

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.choices import Role
from core.exceptions import InvalidInput, NotAllowed, predicate
from placements.services.permissions import placement_sides
from programs.permissions import is_department_staff

from . import contexts, rendering
from .choices import PLACEMENT_KINDS, DocumentKind
from .models import DocumentTemplate, Letterhead

FORMATS = ("docx", "pdf")
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def check_print_document(user, placement, kind):
    """介绍信 is the department's letter (its number is given on first printing); the forms
    are printed by the department, either unit and the program's leaders (masked as on
    screen) — never by the cadre."""
    if kind not in PLACEMENT_KINDS:
        raise InvalidInput(_("未知的文书种类"), code="unknown_kind")
    sides = placement_sides(user, placement)
    if kind == DocumentKind.INTRODUCTION_LETTER:
        if "department" not in sides:
            raise NotAllowed(_("介绍信由组织部开具"))
    elif not (sides & {"department", "host", "home"} or user.role == Role.MANAGER):
        raise NotAllowed(_("您无权打印该挂职的文书"))


can_print_document = predicate(check_print_document)


def placement_document(user, placement, kind, fmt) -> tuple[bytes, str]:
    """(content, filename) of a placement's document in Word or PDF."""
    check_print_document(user, placement, kind)
    values = contexts.PLACEMENT_BUILDERS[kind](user, placement)
    content = _render(placement.batch.program.organizer, kind, fmt, values)
    name = f"{DocumentKind(kind).label}-{placement.cadre.name}.{fmt}"
    return content, name


def check_print_allowance_sheet(user, program):
    if not (is_department_staff(user, program) or user.role == Role.MANAGER):
        raise NotAllowed(_("补助发放表由组织部打印"))


can_print_allowance_sheet = predicate(check_print_allowance_sheet)


def allowance_sheet(user, program, month, fmt, reviewed_by="") -> tuple[bytes, str]:
    check_print_allowance_sheet(user, program)
    if not MONTH.match(month or ""):
        message = _("月份格式应为YYYY-MM")
        raise InvalidInput(message, fields={"month": [message]})
    values = contexts.allowance_sheet(user, program, month, (reviewed_by or "").strip()[:50])
    content = _render(program.organizer, DocumentKind.ALLOWANCE_SHEET, fmt, values)
    return content, f"{DocumentKind.ALLOWANCE_SHEET.label}-{program.name}-{month}.{fmt}"


def _render(organizer, kind, fmt, values) -> bytes:
    if fmt == "pdf":
        return rendering.render_pdf(kind, values)
    return rendering.render_docx(rendering.template_bytes(organizer, kind), values)


def check_manage_templates(user):
    """A department's own staff keep its templates and letterhead."""
    if not (user.role == Role.ORG_STAFF and user.unit_id):
        raise NotAllowed(_("文书模板由组织部工作人员维护"))


can_manage_templates = predicate(check_manage_templates)


def upload_template(actor, kind, upload):
    """The department's own template of a kind (replacing any earlier one), checked first."""
    check_manage_templates(actor)
    placeholders = rendering.check_template(kind, upload)
    with transaction.atomic():
        template = DocumentTemplate.objects.select_for_update().filter(
            organizer=actor.unit_id, kind=kind).first() or DocumentTemplate(
            organizer_id=actor.unit_id, kind=kind)
        template.file = upload
        template.placeholders = placeholders
        template.uploaded_by = actor
        template.save()
        return template


def revert_template(actor, template):
    """Back to the shipped default: the department's own file is removed."""
    check_manage_templates(actor)
    if template.organizer_id != actor.unit_id:
        raise NotAllowed()
    template.delete()


def save_letterhead(actor, **fields):
    check_manage_templates(actor)
    issuer = (fields.get("issuer") or "").strip()
    if not issuer:
        message = _("请填写发文机关")
        raise InvalidInput(message, fields={"issuer": [message]})
    with transaction.atomic():
        head, _created = Letterhead.objects.select_for_update().get_or_create(
            organizer_id=actor.unit_id, defaults={"issuer": issuer})
        for name in ("issuer", "reference_prefix", "contact_person", "contact_phone",
                     "address"):
            if name in fields:
                setattr(head, name, (fields[name] or "").strip())
        head.save()
        return head
