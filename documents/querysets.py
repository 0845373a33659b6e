from django.db import models

from accounts.choices import Role


class DepartmentOwnedQuerySet(models.QuerySet):
    """A department's own templates and letterhead: its staff's (and the superuser's)."""

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.role != Role.ORG_STAFF or not user.unit_id:
            return self.none()
        return self.filter(organizer=user.unit_id)
