"""Who sees which orders, nominations and placements: the one place that scopes them."""
from django.apps import apps
from django.db import models

from accounts.choices import Role
from core.roles import SIDE_ROLES, acts_as
from programs.choices import BatchStatus
from programs.querysets import oversees_everything

from .choices import PLACEABLE_ORDER_STATUSES, PUBLISHED_ORDER_STATUSES


def _programs(user):
    from programs.models import Program

    return Program.objects.visible_to(user)


def department_batches(user) -> list:
    from programs.models import Batch

    return Batch.objects.visible_ids(user)


def _is_department(user):
    return user.role in (Role.ORG_STAFF, Role.MANAGER)


def _scope(qs, user, **lookup_by_role):
    """The department sees its programs' rows; a unit operator or a cadre the rows whose
    `lookup_by_role[role]` is their unit (or, for a cadre, themselves)."""
    if not user.is_authenticated:
        return qs.none()
    if oversees_everything(user):
        return qs.all()
    if _is_department(user):
        return qs.filter(batch_id__in=department_batches(user))
    if user.role == Role.CADRE:
        return qs.filter(**{lookup_by_role["cadre"]: user})
    # A unit's operator sees its unit's rows on every side the unit holds (core.roles).
    mine = models.Q()
    for role in user.acting_roles & set(SIDE_ROLES):
        mine |= models.Q(**{lookup_by_role[role]: user.unit_id})
    return qs.filter(mine) if mine else qs.none()


class DemandOrderQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status__in=PUBLISHED_ORDER_STATUSES)

    def taking_placements(self):
        """The orders DemandOrder.can_take_placement answers yes for."""
        return self.filter(status__in=PLACEABLE_ORDER_STATUSES,
                           filled_count__lt=models.F("headcount"))

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if oversees_everything(user):
            return self.all()
        if _is_department(user):
            return self.filter(batch_id__in=department_batches(user))
        seen = models.Q()
        if acts_as(user, Role.RECEIVING):
            seen |= models.Q(receiving_unit=user.unit_id)
        if acts_as(user, Role.DISPATCHING):
            # The published needs of batches still taking nominations (需求清单).
            seen |= models.Q(
                status__in=PUBLISHED_ORDER_STATUSES,
                batch__status__in=(BatchStatus.OPEN, BatchStatus.MATCHING),
                batch__program__in=_programs(user),
            )
        return self.filter(seen) if seen else self.none()


class NominationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _scope(self, user, receiving="order__receiving_unit",
                      dispatching="dispatching_unit", cadre="cadre__user")


class OfferQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The department its batches' offers; the dispatching unit and the cadre the offers
        made to them; the receiving unit those for its orders."""
        return _scope(self, user, receiving="order__receiving_unit",
                      dispatching="nomination__dispatching_unit", cadre="nomination__cadre__user")

    def open(self):
        return self.filter(status="open")


class PlacementQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _scope(self, user, receiving="host_unit", dispatching="home_unit",
                      cadre="cadre__user")

    def holding_seats(self, batch):
        """The placements that hold one of the batch's seats at their host unit (the batch's
        `cap_per_host_unit`): every placement of the batch but one replaced by another
        (轮换补派), whose replacement holds the seat instead."""
        return self.filter(batch=batch, replacements__isnull=True)

    def seats_by_host_unit(self, batch) -> dict:
        """{host unit id: seats held} in the batch."""
        return dict(self.holding_seats(batch).values_list("host_unit")
                    .annotate(n=models.Count("id")).order_by())

    def overlapping(self, start, end):
        """Placements whose occupied dates (actual end if ended, else planned) meet [start, end]."""
        from django.db.models.functions import Coalesce

        return self.annotate(
            _occupied_until=Coalesce("actual_end_date", "planned_end_date")
        ).filter(start_date__lte=end, _occupied_until__gte=start)


class PlacementChildQuerySet(models.QuerySet):
    """Records of a placement (leave, work logs, appraisals …): visible with the placement."""

    def visible_to(self, user):
        if user.is_authenticated and oversees_everything(user):
            return self.all()
        Placement = apps.get_model("placements", "Placement")

        return self.filter(placement__in=Placement.objects.visible_to(user))


class HandoverQuerySet(models.QuerySet):
    """A handover is seen from both placements: the outgoing one's side and the incoming."""

    def visible_to(self, user):
        if user.is_authenticated and oversees_everything(user):
            return self.all()
        Placement = apps.get_model("placements", "Placement")
        visible = Placement.objects.visible_to(user)
        return self.filter(models.Q(placement__in=visible) | models.Q(incoming__in=visible))


class BatchChildQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or not (user.is_superuser or _is_department(user)):
            return self.none()
        if oversees_everything(user):
            return self.all()
        return self.filter(batch_id__in=department_batches(user))


class OrderChildQuerySet(models.QuerySet):
    def visible_to(self, user):
        DemandOrder = apps.get_model("placements", "DemandOrder")

        return self.filter(order__in=DemandOrder.objects.visible_to(user))


def away_from_post(model=None) -> models.Q:
    """Leave that takes a cadre off post (compliance, statements, alerts, the diary rollups):
    approved or reported back, unless its kind counts as on post in its program (公出报备 by
    default; `Leave.counts_on_post`, set when it was asked). `model`: a migration's
    historical Leave, which may predate kinds or the per-program setting."""
    from .choices import APPROVED_LEAVE_STATUSES, LeaveKind

    away = models.Q(status__in=APPROVED_LEAVE_STATUSES)
    fields = {f.name for f in (model or apps.get_model("placements", "Leave"))._meta.fields}
    if "counts_on_post" in fields:
        return away & models.Q(counts_on_post=False)
    return away & ~models.Q(kind=LeaveKind.OFFICIAL) if "kind" in fields else away

