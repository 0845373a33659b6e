"""Who sees which programs: the one place that scopes the programs app's models."""
from django.db import models

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
        # Operators of units and cadres see the programs that have started: their batches
        # are where orders and nominations are placed.
        from .choices import ProgramStatus

        return self.exclude(status=ProgramStatus.PLANNING)


class ProgramChildQuerySet(models.QuerySet):
    """Tracks, batches, targets and policies: visible with their program."""

    def visible_to(self, user):
        from .models import Program

        return self.filter(program__in=Program.objects.visible_to(user))


class HolidayQuerySet(models.QuerySet):
    def visible_to(self, user):
        # The public holiday calendar is a shared fact: every signed-in user reads it.
        return self.all() if user.is_authenticated else self.none()
