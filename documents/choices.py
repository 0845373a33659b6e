from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    INTRODUCTION_LETTER = "introduction_letter", _("介绍信")
    APPROVAL_FORM = "approval_form", _("挂职干部审批表")
    APPRAISAL_FORM = "appraisal_form", _("挂职干部考核登记表")
    ALLOWANCE_SHEET = "allowance_sheet", _("生活补助发放表")


# The kinds printed per placement (the allowance sheet is per program and month).
PLACEMENT_KINDS = (DocumentKind.INTRODUCTION_LETTER, DocumentKind.APPROVAL_FORM,
                   DocumentKind.APPRAISAL_FORM)
