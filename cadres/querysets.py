"""Who sees which cadres: the one place that scopes the cadres app's models."""
from django.apps import apps
from django.db import models
from django.db.models import Q

from accounts.choices import Role
from core.roles import acts_as
from programs.querysets import oversees_everything


class ExpertiseQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.all() if user.is_authenticated else self.none()


class CadreQuerySet(models.QuerySet):
    def _with(self, **lookup):
        """Cadres with a related row matching `lookup`, as a subquery (no duplicate rows)."""
        return Q(pk__in=self.model.objects.filter(**lookup).values("pk"))

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if oversees_everything(user):
            return self.all()  # a superuser, the nation's department: no condition at all
        if user.role in (Role.ORG_STAFF, Role.MANAGER):
            # The cadres whose employer's region lies in the department's region, who are
            # nominated or placed in a program organized there, or whom a department there
            # registered (whatever their employer's level): kept as rows per department
            # region (cadres.scope), so the scope is one range of one index. (Assembled from
            # the three sources on each request it cost 30–108 ms for the largest province.)
            region = user.department_region
            if region is None:
                return self.none()
            DepartmentCadre = apps.get_model("cadres", "DepartmentCadre")
            return self.filter(pk__in=DepartmentCadre.objects.filter(region=region.pk)
                               .values("cadre_id"))
        # Placements and nominations are reached through their reverse relations, so that
        # the people app needs no import of the workflow app above it.
        if user.role == Role.CADRE:
            return self.filter(user=user)
        # A unit's operator, on every side its unit holds (core.roles): as host the cadres
        # placed with or put forward for the unit, as home the unit's own and those it sent.
        seen = Q()
        if acts_as(user, Role.RECEIVING):
            seen |= (self._with(placements__host_unit=user.unit_id)
                     | self._with(nominations__order__receiving_unit=user.unit_id))
        if acts_as(user, Role.DISPATCHING):
            seen |= Q(employer=user.unit_id) | self._with(placements__home_unit=user.unit_id)
        return self.filter(seen) if seen else self.none()


class CadreChildQuerySet(models.QuerySet):
    def visible_to(self, user):
        Cadre = apps.get_model("cadres", "Cadre")

        return self.filter(cadre__in=Cadre.objects.visible_to(user))
