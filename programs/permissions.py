"""Who runs a program: the rule every app above this one builds its permissions on."""
from accounts.choices import Role


def is_department_staff(user, program) -> bool:
    """Org staff of the department running the program (or of one above it)."""
    from .models import Program

    if user.is_superuser:
        return True
    if user.role != Role.ORG_STAFF:
        return False
    # Asked once per program for the user's request (a page offers many steps, a list a
    # step per row); the user object lives no longer than the request.
    known = user.__dict__.setdefault("_department_programs", {})
    if program.pk not in known:
        known[program.pk] = Program.objects.visible_to(user).filter(pk=program.pk).exists()
    return known[program.pk]
