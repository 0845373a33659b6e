"""What waits for a user: the rows their side must act on next. One place for the to-do
panel's counts (reports.todo) and the lists they link to (the `awaiting` filters), so a
count and its list never disagree."""
from django.db.models import Q

from accounts.choices import Role
from core.roles import acts_as

from .choices import (
    LeaveStatus,
    NominationStatus,
    OrderStatus,
    PlacementStatus,
    WorkLogStatus,
)
from .models import DemandOrder, Leave, Nomination, Placement, WorkLog
from .services.dates import LAST_MONTH_DAYS


def orders_to_review(user):
    """Submitted orders of the department's programs (审核)."""
    orders = DemandOrder.objects.visible_to(user)
    return orders.filter(status=OrderStatus.SUBMITTED) if _department(user) else orders.none()


def nominations_waiting(user):
    """Nominations not yet matched in the department's programs (待对接)."""
    nominations = Nomination.objects.visible_to(user)
    if not _department(user):
        return nominations.none()
    return nominations.filter(status=NominationStatus.NOMINATED)


def diaries_to_review(user):
    """Diary entries of the cadres the user's unit hosts, waiting for its review."""
    logs = WorkLog.objects.visible_to(user)
    if not (user.unit_id and acts_as(user, Role.RECEIVING)):
        return logs.none()
    return logs.filter(status=WorkLogStatus.SUBMITTED, placement__host_unit=user.unit_id)


def leaves_to_decide(user):
    """Leave waiting for the user's side: the host first, then the home unit where the leave
    needs it; the department may decide either (services.check_decide_leave)."""
    leaves = Leave.objects.visible_to(user).filter(status=LeaveStatus.REQUESTED)
    host_due = Q(host_approved_at__isnull=True)
    home_due = Q(host_approved_at__isnull=False, needs_home_approval=True,
                 home_approved_at__isnull=True)
    if user.role == Role.ORG_STAFF:
        return leaves
    waiting = Q(pk__in=[])
    if user.unit_id and acts_as(user, Role.RECEIVING):
        waiting |= host_due & Q(placement__host_unit=user.unit_id)
    if user.unit_id and acts_as(user, Role.DISPATCHING):
        waiting |= home_due & Q(placement__home_unit=user.unit_id)
    return leaves.filter(waiting)


def entries_sent_back(user):
    """The cadre's own diary entries the host asked to complete (需补充)."""
    logs = WorkLog.objects.visible_to(user)
    if user.role != Role.CADRE:
        return logs.none()
    return logs.filter(status=WorkLogStatus.NEEDS_MORE)


def _department(user):
    return user.is_superuser or user.role == Role.ORG_STAFF


def _side_unconfirmed(user, host_field, home_field):
    """Placements whose step waits for the user's unit: as host where `host_field` is unset,
    as home where `home_field` is."""
    waiting = Q(pk__in=[])
    if user.unit_id and acts_as(user, Role.RECEIVING):
        waiting |= Q(host_unit=user.unit_id, **{f"{host_field}__isnull": True})
    if user.unit_id and acts_as(user, Role.DISPATCHING):
        waiting |= Q(home_unit=user.unit_id, **{f"{home_field}__isnull": True})
    return waiting


def starts_to_confirm(user):
    """Placements whose planned start has come and whose unit has not confirmed the cadre on
    post (确认到岗): host and home each confirm."""
    from django.utils import timezone

    placements = Placement.objects.visible_to(user).filter(
        status__in=(PlacementStatus.PLANNED, PlacementStatus.TRAINING),
        start_date__lte=timezone.localdate())
    return placements.filter(_side_unconfirmed(user, "host_confirmed_start_at",
                                               "home_confirmed_start_at"))


def ends_to_confirm(user):
    """Placements whose term is over and whose unit has not confirmed the end (确认期满)."""
    from django.utils import timezone

    placements = Placement.objects.visible_to(user).filter(
        status=PlacementStatus.ON_POST, planned_end_date__lt=timezone.localdate())
    return placements.filter(_side_unconfirmed(user, "host_confirmed_end_at",
                                               "home_confirmed_end_at"))


def statements_to_settle(user):
    """Placements of the department's programs with an allowance policy that were on post in
    the month just over and have no statement for it (生活补助待结算)."""
    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    from programs.calendar import month_bounds, previous_month
    from programs.models import AllowancePolicy

    from .models import AllowanceStatement

    placements = Placement.objects.visible_to(user)
    if not _department(user):
        return placements.none()
    month = previous_month(timezone.localdate())
    first, last = month_bounds(month)
    return placements.filter(
        Exists(AllowancePolicy.objects.filter(program=OuterRef("batch__program"))),
        status__in=[PlacementStatus.ON_POST, PlacementStatus.COMPLETED,
                    PlacementStatus.ENDED_EARLY],
        start_date__lte=last).exclude(actual_end_date__lt=first).exclude(
        Exists(AllowanceStatement.objects.filter(placement=OuterRef("pk"), month=month,
                                                 is_current=True)))


def appraisals_due(user):
    """On-post placements in their term's last month (or past it) without the end-of-term
    appraisal of the user's side: the host's and the home unit's each."""
    import datetime

    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    from .choices import AppraisalKind, AppraisalSide
    from .models import Appraisal

    soon = timezone.localdate() + datetime.timedelta(days=LAST_MONTH_DAYS)
    placements = Placement.objects.visible_to(user).filter(status=PlacementStatus.ON_POST,
                                                           planned_end_date__lte=soon)

    def appraised(side):
        return Exists(Appraisal.objects.filter(placement=OuterRef("pk"), side=side,
                                               kind=AppraisalKind.END_OF_TERM))
    waiting = Q(pk__in=[])
    if user.unit_id and acts_as(user, Role.RECEIVING):
        waiting |= Q(host_unit=user.unit_id) & ~appraised(AppraisalSide.HOST)
    if user.unit_id and acts_as(user, Role.DISPATCHING):
        waiting |= Q(home_unit=user.unit_id) & ~appraised(AppraisalSide.HOME)
    return placements.filter(waiting)


def offers_to_answer(user):
    """A second round's open offers to the user's unit's nominees, before their deadline."""
    from django.utils import timezone

    from .models import Offer

    offers = Offer.objects.visible_to(user).filter(status="open",
                                                   expires_at__gt=timezone.now())
    if not (user.unit_id and acts_as(user, Role.DISPATCHING)):
        return offers.none()
    return offers.filter(nomination__dispatching_unit=user.unit_id)


def readiness_to_complete(user):
    """Placements not yet started at the user's host unit with readiness items not done."""
    from django.db.models import Exists, OuterRef

    from .models import ReadinessItem

    if not (user.unit_id and acts_as(user, Role.RECEIVING)):
        return Placement.objects.none()
    return Placement.objects.visible_to(user).filter(
        Exists(ReadinessItem.objects.filter(placement=OuterRef("pk"), done_at__isnull=True)),
        host_unit=user.unit_id,
        status__in=(PlacementStatus.PLANNED, PlacementStatus.TRAINING))


def extensions_waiting(user):
    """Placements whose extension waits for the user: the home unit's consent, the cadre's
    agreement, or (agreed by the three) the department's step."""
    from django.db.models import Exists, OuterRef

    from .models import Extension

    def open_where(**lookup):
        return Exists(Extension.objects.filter(placement=OuterRef("pk"), **lookup))

    placements = Placement.objects.visible_to(user).filter(
        status__in=(PlacementStatus.PLANNED, PlacementStatus.TRAINING, PlacementStatus.ON_POST))
    waiting = Q(pk__in=[])
    if _department(user):
        waiting |= open_where(status=Extension.Status.AGREED)
    if user.unit_id and acts_as(user, Role.DISPATCHING):
        waiting |= Q(home_unit=user.unit_id) & open_where(status=Extension.Status.REQUESTED,
                                                          home_consented_at__isnull=True)
    if user.role == Role.CADRE:
        waiting |= open_where(status=Extension.Status.REQUESTED, cadre_agreed_at__isnull=True)
    return placements.filter(waiting)


def return_plans_due(user):
    """The home unit's running placements in their last month without a return plan, and
    (for the department) the plans whose change of post waits for its consent."""
    import datetime

    from django.utils import timezone

    from .models import ReturnPlan

    placements = Placement.objects.visible_to(user)
    waiting = Q(pk__in=[])
    if user.unit_id and acts_as(user, Role.DISPATCHING):
        soon = timezone.localdate() + datetime.timedelta(days=LAST_MONTH_DAYS)
        waiting |= Q(home_unit=user.unit_id, return_plan__isnull=True,
                     planned_end_date__lte=soon,
                     status__in=(PlacementStatus.PLANNED, PlacementStatus.TRAINING,
                                 PlacementStatus.ON_POST))
    if _department(user):
        waiting |= Q(return_plan__status=ReturnPlan.Status.AWAITING_CONSENT)
    return placements.filter(waiting)


def follow_ups_due(user):
    """The department's returned cadres a year on without the follow-up visit."""
    from django.utils import timezone

    from .services.returns import FOLLOW_UP_AFTER

    if not _department(user):
        return Placement.objects.none()
    return Placement.objects.visible_to(user).filter(
        status__in=(PlacementStatus.COMPLETED, PlacementStatus.ENDED_EARLY),
        actual_end_date__lte=timezone.localdate() - FOLLOW_UP_AFTER).exclude(
        return_plan__followed_up_at__isnull=False)


def handovers_waiting(user):
    """Placements whose handover waits for the user: the outgoing cadre's to write, the
    incoming cadre's or the host unit's to confirm."""
    from django.db.models import Exists, OuterRef

    from .models import Handover

    placements = Placement.objects.visible_to(user)
    written = Q(handover_in__written_at__isnull=False)
    waiting = Q(pk__in=[])
    if user.role == Role.CADRE:
        waiting |= Q(cadre__user=user) & Exists(Handover.objects.filter(
            placement=OuterRef("pk"), written_at__isnull=True))
        waiting |= Q(cadre__user=user) & written & Q(
            handover_in__confirmed_by_incoming_at__isnull=True)
    if user.unit_id and acts_as(user, Role.RECEIVING):
        waiting |= Q(host_unit=user.unit_id) & written & Q(
            handover_in__confirmed_by_host_at__isnull=True)
    return placements.filter(waiting)


AWAITING_PLACEMENTS = {"start": starts_to_confirm, "end": ends_to_confirm,
                       "statement": statements_to_settle, "appraisal": appraisals_due,
                       "readiness": readiness_to_complete, "extension": extensions_waiting,
                       "return_plan": return_plans_due, "follow_up": follow_ups_due,
                       "handover": handovers_waiting}
