"""Who sees which programs: the one place that scopes the programs app's models."""
from django.db import models
from django.db.models import Q

from accounts.choices import Role


class RegionQuerySet(models.QuerySet):
    def within(self, region):
        """The region and every region below it in the tree."""
        return self.filter(path__startswith=region.path)

    def visible_to(self, user):
        # Regions are a public directory for every signed-in user.
        return self.all() if user.is_authenticated else self.none()


class UnitQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.all() if user.is_authenticated else self.none()


class ProgramQuerySet(models.QuerySet):
    def organized_within(self, region):
        return self.filter(organizer__region__path__startswith=region.path)

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.role in (Role.ORG_STAFF, Role.MANAGER):
            region = user.department_region
            return self.organized_within(region) if region else self.none()
        return self.taken_part_in_by(user)

    def taken_part_in_by(self, user):
        """A unit's operators see the started programs their unit was admitted to, or has
        records in (an order, a nomination, a placement hosted or sent); a cadre the programs
        of their own nominations and placements. Reverse relations, so that this app needs
        no import of the apps above it."""
        from .choices import ProgramStatus

        if user.role == Role.CADRE:
            lookups = {"batches__placements__cadre__user": user,
                       "batches__nominations__cadre__user": user}
        elif user.role in (Role.RECEIVING, Role.DISPATCHING) and user.unit_id:
            lookups = {key: user.unit_id for key in (
                "participants", "batches__orders__receiving_unit",
                "batches__nominations__dispatching_unit", "batches__placements__host_unit",
                "batches__placements__home_unit")}
        else:
            return self.none()
        # One small subquery per relation: OR-ing the joins would multiply their rows.
        taking_part = Q()
        for lookup, value in lookups.items():
            taking_part |= Q(pk__in=self.model.objects.filter(**{lookup: value}).values("pk"))
        return self.exclude(status=ProgramStatus.PLANNING).filter(taking_part)


class ProgramChildQuerySet(models.QuerySet):
    """Tracks, batches, targets and policies: visible with their program."""

    def visible_to(self, user):
        from .models import Program

        return self.filter(program__in=Program.objects.visible_to(user))


class HolidayQuerySet(models.QuerySet):
    def visible_to(self, user):
        # The public holiday calendar is a shared fact: every signed-in user reads it.
        return self.all() if user.is_authenticated else self.none()
