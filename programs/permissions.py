"""Who runs a program: the rule every app above this one builds its permissions on."""
from accounts.choices import Role


def is_department_staff(user, program) -> bool:
    """Org staff of the department running the program (or of one above it)."""
    from .models import Program

    if user.is_superuser:
        return True
    return (user.role == Role.ORG_STAFF
            and Program.objects.visible_to(user).filter(pk=program.pk).exists())
