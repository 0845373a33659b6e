"""The users' roles (the API contract's `User.role` codes): the kernel's base classes (the
API's write permission, the read-only admin) and every app read them.

A unit's operator acts on every side its unit holds, whatever code their account carries:
`receiving` and `dispatching` name the side the account was made for, `unit_operator` both;
the sides the unit holds in its records are added (User.acting_roles). Checks of a unit's
work therefore ask `acts_as(user, Role.RECEIVING)` (the host side) or
`acts_as(user, Role.DISPATCHING)` (the home side), never the account's code."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ORG_STAFF = "org_staff", _("组织部工作人员")
    RECEIVING = "receiving", _("接收单位经办人")
    DISPATCHING = "dispatching", _("派出单位经办人")
    MANAGER = "manager", _("领导")
    CADRE = "cadre", _("挂职干部")
    UNIT_OPERATOR = "unit_operator", _("单位经办人（派出与接收）")


# The accounts of a unit's operators, and the two sides of a unit's work they act on.
UNIT_ROLES = (Role.RECEIVING, Role.DISPATCHING, Role.UNIT_OPERATOR)
SIDE_ROLES = (Role.RECEIVING, Role.DISPATCHING)


def acts_as(user, *roles) -> bool:
    """Whether `user` acts in one of `roles`: their own role, and for a unit's operator each
    side their unit holds (User.acting_roles). Superusers are the callers' own question."""
    return bool(getattr(user, "acting_roles", frozenset()) & set(roles))
