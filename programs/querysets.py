"""Who sees which programs: the one place that scopes the programs app's models."""
from django.apps import apps
from django.db import models
from django.db.models import Q

from accounts.choices import Role
from core.roles import UNIT_ROLES


def is_the_nation(region) -> bool:
    """Whether `region` is the nation's (the root of the national table, level 中央): its
    department oversees every region, and its scope needs no condition at all. Decided from
    the region itself, without a query on every request."""
    from .choices import Level

    return region.parent_id is None and region.level == Level.NATIONAL


class RegionQuerySet(models.QuerySet):
    def within(self, region):
        """The region and every region below it in the tree."""
        return self.filter(path__startswith=region.path)

    def current(self):
        """The regions in force: not retired by a later edition of the directory."""
        return self.filter(valid_to__isnull=True)

    def visible_to(self, user):
        # Regions are a public directory for every signed-in user.
        return self.all() if user.is_authenticated else self.none()


def oversees_everything(user) -> bool:
    """A superuser, or the staff (or a leader) of the nation's department: their scope of
    programs, batches, cadres and the rows below them needs no condition at all."""
    if user.is_superuser:
        return True
    if user.role not in (Role.ORG_STAFF, Role.MANAGER):
        return False
    region = user.department_region
    return region is not None and is_the_nation(region)


class UnitQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.all() if user.is_authenticated else self.none()

    def worked_with_by(self, user):
        """The units a user works with, the directory's default for a department: those in its
        region, those it registered, and those taking part in its programs (admitted, or with
        an order, nomination or placement there). A unit's operator: its own unit and those
        of the programs it takes part in. Everything for those who oversee the nation."""
        if not user.is_authenticated:
            return self.none()
        if oversees_everything(user):
            return self.all()
        Program = apps.get_model("programs", "Program")
        programs = Program.objects.visible_to(user).values("pk")
        mine = Q(pk=user.unit_id) if user.unit_id else Q()
        region = user.department_region if user.role in (Role.ORG_STAFF, Role.MANAGER) else None
        if region is not None:
            mine |= Q(region__path__startswith=region.path) | Q(registered_by=user.unit_id)
        return self.filter(mine | self.working_in(programs))

    def working_in(self, programs):
        """A condition: the unit takes part in one of `programs` (a queryset of their ids) —
        admitted, or with an order, nomination or placement there. One small subquery per
        relation: OR-ing the joins would multiply their rows."""
        working = Q()
        for lookup in ("programs_joined", "orders__batch__program",
                       "nominations__batch__program", "sent_placements__batch__program",
                       "hosted_placements__batch__program"):
            working |= Q(pk__in=self.model.objects.filter(**{f"{lookup}__in": programs})
                         .values("pk"))
        return working


class ProgramQuerySet(models.QuerySet):
    def organized_within(self, region):
        return self.filter(organizer__region__path__startswith=region.path)

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if oversees_everything(user):
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
        elif user.role in UNIT_ROLES and user.unit_id:
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


# Bumped whenever a program or batch is saved or deleted in this process (programs.apps):
# what visible_ids kept on a user is then read again.
GENERATION = [0]


def programs_changed(**kwargs):
    GENERATION[0] += 1


class ProgramChildQuerySet(models.QuerySet):
    """Tracks, batches, targets and policies: visible with their program."""

    def visible_to(self, user):
        Program = apps.get_model("programs", "Program")

        return self.filter(program__in=Program.objects.visible_to(user))

    def visible_ids(self, user) -> list:
        """The ids, read first (one small query), for scoping the large tables below them:
        as a list the planner can estimate the rows it selects. As a subquery through
        programs, units and regions it guessed, and walked every placement in list order to
        find one department's first page (23 ms; 2 ms with the list).

        Kept on the user object (it lives for one request) until a program or batch
        changes in this process, so a request scoping several tables reads them once."""
        key = f"_visible_ids_{self.model._meta.label_lower}"
        memo = getattr(user, key, None)
        if memo is not None and memo[0] == GENERATION[0]:
            return memo[1]
        ids = list(self.visible_to(user).order_by().values_list("pk", flat=True))
        setattr(user, key, (GENERATION[0], ids))
        return ids


class HolidayQuerySet(models.QuerySet):
    def visible_to(self, user):
        # The public holiday calendar is a shared fact: every signed-in user reads it.
        return self.all() if user.is_authenticated else self.none()


class BatchChildQuerySet(models.QuerySet):
    """A batch's events: visible with its program."""

    def visible_to(self, user):
        Program = apps.get_model("programs", "Program")

        return self.filter(batch__program__in=Program.objects.visible_to(user))
