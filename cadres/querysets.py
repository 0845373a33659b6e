"""Who sees which cadres: the one place that scopes the cadres app's models."""
from django.db import models
from django.db.models import Q

from accounts.choices import Role


class ExpertiseQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.all() if user.is_authenticated else self.none()


class CadreQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        from placements.models import Nomination, Placement
        from programs.models import Program

        if user.role in (Role.ORG_STAFF, Role.MANAGER):
            region = user.department_region
            if region is None:
                return self.none()
            programs = Program.objects.visible_to(user)
            return self.filter(
                Q(employer__region__path__startswith=region.path)
                | Q(pk__in=Placement.objects.filter(batch__program__in=programs).values("cadre"))
                | Q(pk__in=Nomination.objects.filter(batch__program__in=programs).values("cadre"))
            )
        if user.role == Role.RECEIVING:
            return self.filter(
                Q(pk__in=Placement.objects.filter(host_unit=user.unit_id).values("cadre"))
                | Q(
                    pk__in=Nomination.objects.filter(
                        order__receiving_unit=user.unit_id
                    ).values("cadre")
                )
            )
        if user.role == Role.DISPATCHING:
            return self.filter(
                Q(employer=user.unit_id)
                | Q(pk__in=Placement.objects.filter(home_unit=user.unit_id).values("cadre"))
            )
        if user.role == Role.CADRE:
            return self.filter(user=user)
        return self.none()


class CadreChildQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .models import Cadre

        return self.filter(cadre__in=Cadre.objects.visible_to(user))
