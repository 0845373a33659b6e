"""Whose logins a user manages: the one place that scopes the accounts app's users."""
from django.contrib.auth.models import UserManager as BaseUserManager
from django.db import models
from django.db.models import Q

from core.roles import UNIT_ROLES

from .choices import Role

# The roles org staff give to the logins they manage; departments' own accounts (org staff,
# managers) and system administrators are created by a superuser.
MANAGED_ROLES = (*UNIT_ROLES, Role.CADRE)


class UserQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Org staff manage the unit operators and cadres in their department's region, and
        the cadres taking part in its programs; everyone else sees only themselves."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.role != Role.ORG_STAFF or user.department_region is None:
            return self.filter(pk=user.pk)
        from programs.models import Program

        programs = Program.objects.visible_to(user)
        in_programs = self.model.objects.filter(
            Q(cadre__placements__batch__program__in=programs)
            | Q(cadre__nominations__batch__program__in=programs)).values("pk")
        return self.filter(
            Q(role__in=MANAGED_ROLES, is_superuser=False)
            & (Q(unit__region__path__startswith=user.department_region.path)
               | Q(pk__in=in_programs))
        ) | self.filter(pk=user.pk)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    pass


class SecurityEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Org staff read the events of the logins they manage, of their own department's
        accounts and their own; a superuser reads all (an unknown username's too)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.role != Role.ORG_STAFF:
            return self.none()
        users = self.model._meta.get_field("user").related_model.objects
        return self.filter(Q(user__in=users.visible_to(user).values("pk"))
                           | Q(user__unit=user.unit_id, user__unit__isnull=False)
                           | Q(user__in=self._operators_working_for(user)))

    def _operators_working_for(self, user):
        """The operators of the units working in the department's programs although kept by
        another department (a city university sending to a district, a host unit in another
        city): the department answers for what they do there, so it reads their events —
        without managing their logins."""
        from programs.models import Program, Unit

        users = self.model._meta.get_field("user").related_model.objects
        programs = Program.objects.visible_to(user).values("pk")
        working = Unit.objects.filter(Unit.objects.working_in(programs)).values("pk")
        return users.filter(unit__in=working, role__in=UNIT_ROLES,
                            is_superuser=False).values("pk")


class StandInQuerySet(models.QuerySet):
    """A unit's stand-ins are read by its operators (and the system's administrators)."""

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.role not in UNIT_ROLES or not user.unit_id:
            return self.none()
        return self.filter(operator__unit=user.unit_id)
