from django.apps import apps
from django.db import models

from accounts.choices import Role
from core.roles import acts_as


def _placements(user):
    return apps.get_model("placements", "Placement").objects.visible_to(user)


class VisibleWithPlacement(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(placement__in=_placements(user))


class TalkQuerySet(models.QuerySet):
    """Talks are the department's and the appraising units' (host, home), never the cadre's."""

    def visible_to(self, user):
        if not user.is_authenticated or user.role == Role.CADRE:
            return self.none()
        return self.filter(placement__in=_placements(user))


class BallotQuerySet(models.QuerySet):
    """A ballot is the department's, and its placements' host and home units' (a batch-wide
    one: the units with a placement in it); never the cadres'."""

    def visible_to(self, user):
        if not user.is_authenticated or user.role == Role.CADRE:
            return self.none()
        if user.is_superuser:
            return self.all()
        Program = apps.get_model("programs", "Program")
        Placement = apps.get_model("placements", "Placement")
        if user.role in (Role.ORG_STAFF, Role.MANAGER):
            return self.filter(program__in=Program.objects.visible_to(user))
        if not (acts_as(user, Role.RECEIVING) or acts_as(user, Role.DISPATCHING)):
            return self.none()
        mine = Placement.objects.visible_to(user)
        return self.filter(models.Q(placement__in=mine)
                           | models.Q(batch__in=mine.values("batch")))
