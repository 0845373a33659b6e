"""Who may take a step: checked inside the services so every entry point obeys the same rule."""
from accounts.choices import Role
from secondment.exceptions import NotAllowed


def is_department_staff(user, program) -> bool:
    """Org staff of the department running the program (or of one above it)."""
    from programs.models import Program

    if user.is_superuser:
        return True
    return (user.role == Role.ORG_STAFF
            and Program.objects.visible_to(user).filter(pk=program.pk).exists())


def require_department_staff(user, program):
    if not is_department_staff(user, program):
        raise NotAllowed()


def require_unit_operator(user, role, unit, program):
    """The operator of `unit` in `role`, or the program's org staff acting for it."""
    if user.role == role and user.unit_id == unit.pk:
        return
    require_department_staff(user, program)
