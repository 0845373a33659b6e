"""Who may take a step: checked inside the services so every entry point obeys the same rule."""
from django.utils.translation import gettext as _

from accounts.choices import Role
from core.exceptions import NotAllowed, RuleBroken
from core.roles import acts_as
from programs.permissions import is_department_staff

__all__ = ["is_department_staff", "partner_sides", "placement_sides", "require_admitted",
           "require_department_staff", "require_side", "require_unit_operator", "unit_sides"]


def require_department_staff(user, program):
    if not is_department_staff(user, program):
        raise NotAllowed()


def require_unit_operator(user, role, unit, program):
    """The operator of `unit` acting on the side `role` names, or the program's org staff
    acting for it."""
    if user.unit_id == unit.pk and acts_as(user, role):
        return
    require_department_staff(user, program)


def placement_sides(user, placement) -> set[str]:
    """The parts `user` plays in a placement: "department" (its program's org staff), "host"
    (an operator of the receiving unit), "home" (of the dispatching unit), "cadre" (the person
    placed). Empty for everyone else."""
    sides = set()
    if is_department_staff(user, placement.batch.program):
        sides.add("department")
    # A unit's operator plays the parts of their unit, whatever their account's code (a
    # district bureau both hosts and sends): core.roles.
    if user.unit_id == placement.host_unit_id and acts_as(user, Role.RECEIVING):
        sides.add("host")
    if user.unit_id == placement.home_unit_id and acts_as(user, Role.DISPATCHING):
        sides.add("home")
    if user.role == Role.CADRE and placement.cadre.user_id == user.pk:
        sides.add("cadre")
    return sides


def require_side(user, placement, *allowed, message=None):
    """Refuse (403) unless the user plays one of `allowed` parts in the placement."""
    sides = placement_sides(user, placement)
    if not sides & set(allowed):
        raise NotAllowed(message)
    return sides


def unit_sides(user, placement, message=None):
    """The side(s) of joint management (host, home) the user acts for: its own unit's, or
    both for the program's org staff. Anyone else is refused (403)."""
    sides = require_side(user, placement, "host", "home", "department", message=message)
    return {"host", "home"} if "department" in sides else sides & {"host", "home"}


def partner_sides(user, partner):
    """The sides a unit's operator confirms on a mutual pair's other placement: their unit
    is home of one and host of the other, so it is their unit, not their account's role, that
    decides (org staff act for both)."""
    if is_department_staff(user, partner.batch.program):
        return {"host", "home"}
    return ({"host"} if user.unit_id == partner.host_unit_id else set()) | (
        {"home"} if user.unit_id == partner.home_unit_id else set())


def require_admitted(unit, program, what):
    """A batch takes orders and nominations only from the units its program admitted (kept
    by the department's staff), whoever files them."""
    if not program.participants.filter(pk=unit.pk).exists():
        raise RuleBroken(
            _("%(unit)s未纳入项目“%(program)s”，不能%(what)s；请联系组织部将本单位纳入项目")
            % {"unit": unit, "program": program, "what": what}, code="unit_not_admitted")
