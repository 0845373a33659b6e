"""The users' roles (the API contract's `User.role` codes): the kernel's base classes (the
API's write permission, the read-only admin) and every app read them."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ORG_STAFF = "org_staff", _("组织部工作人员")
    RECEIVING = "receiving", _("接收单位经办人")
    DISPATCHING = "dispatching", _("派出单位经办人")
    MANAGER = "manager", _("领导")
    CADRE = "cadre", _("挂职干部")
