"""Nominations (推荐): a dispatching unit puts its cadres forward for a batch or an order."""
from django.db import IntegrityError, transaction
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from accounts.choices import Role
from cadres.models import Cadre
from core.exceptions import NotAllowed, RuleBroken, predicate
from core.roles import acts_as
from programs.choices import BatchStatus
from programs.models import Batch

from ..choices import INACTIVE_NOMINATION_STATUSES, NominationStatus
from ..models import Nomination, Placement
from .avoidance import require_no_avoidance
from .dates import batch_term
from .eligibility import require_eligible
from .lifecycle import sync_cadre_status
from .permissions import is_department_staff, require_admitted, require_unit_operator
from .wishes import apply_wishes


def can_nominate(user) -> bool:
    """Whether the user puts cadres forward at all (each cadre, batch and order are checked
    by nominate): dispatching units for their own, the department's staff for any."""
    return user.is_superuser or acts_as(user, Role.DISPATCHING, Role.ORG_STAFF)


def check_nominate_to_order(user, order):
    """Whether the user may put a cadre forward for this published order (自主对接): a
    dispatching unit admitted to its program, or the department's staff, while its batch
    takes nominations and the order a placement."""
    program = order.batch.program
    if acts_as(user, Role.DISPATCHING) and not user.is_superuser:
        require_admitted(user.unit, program, _("推荐本单位干部"))
    elif not is_department_staff(user, program):
        raise NotAllowed()
    if order.batch.status != BatchStatus.OPEN:
        raise RuleBroken(_("该批次当前不接受推荐（状态：%s）") % order.batch.get_status_display(),
                         code="batch_not_open")
    if not order.can_take_placement():
        raise RuleBroken(_("只能对已审核发布且未满员的需求订单自主对接"), code="order_not_open")


can_nominate_to_order = predicate(check_nominate_to_order)


def nominate(actor, cadre, batch, order=None, note="", declarations=(), **wishes):
    """Put a cadre forward; naming an order makes it a self-matched nomination (自主对接).
    The program's eligibility rules are checked (409 not_eligible naming each rule broken);
    `declarations`: the ids of the rules the dispatching unit confirms; `wishes`: choices,
    available_from, spouse, spouse_rule (services.wishes)."""
    require_unit_operator(actor, Role.DISPATCHING, cadre.employer, batch.program)
    require_admitted(cadre.employer, batch.program, _("推荐本单位干部"))
    with transaction.atomic():
        # Lock the cadre: two operators nominating the same person at once queue here.
        cadre = Cadre.objects.select_for_update().get(pk=cadre.pk)
        batch = Batch.objects.get(pk=batch.pk)  # its status as it is now, not as passed in
        if batch.status != BatchStatus.OPEN:
            raise RuleBroken(_("该批次当前不接受推荐（状态：%s）") % batch.get_status_display(),
                             code="batch_not_open")
        if Nomination.objects.filter(cadre=cadre, batch=batch).exclude(
                status__in=INACTIVE_NOMINATION_STATUSES).exists():
            raise RuleBroken(_("%s 已被推荐到本批次") % cadre.name, code="already_nominated")
        start, end = batch_term(batch)
        clash = (Placement.objects.filter(cadre=cadre).overlapping(start, end)
                 .annotate(until=Coalesce("actual_end_date", "planned_end_date")).first())
        if clash:
            raise RuleBroken(
                _("%(name)s 在本批次挂职期间（%(start)s至%(end)s）"
                  "已有挂职安排（%(host)s，至%(until)s）")
                % {"name": cadre.name, "start": start, "end": end, "host": clash.host_unit,
                   "until": clash.until},
                code="placement_overlap",
            )
        if order is not None:
            if order.batch_id != batch.pk:
                raise RuleBroken(_("所选需求订单不属于该批次"), code="order_not_in_batch")
            if not order.can_take_placement():
                raise RuleBroken(_("只能对已审核发布且未满员的需求订单自主对接"),
                                 code="order_not_open")
            require_no_avoidance(cadre, order.receiving_unit)
        eligibility = require_eligible(cadre, batch, declarations)
        try:
            nomination = Nomination.objects.create(
                cadre=cadre, batch=batch, order=order, self_matched=order is not None,
                dispatching_unit=cadre.employer, note=note, nominated_by=actor,
                eligibility=eligibility,
            )
        except IntegrityError:
            raise RuleBroken(_("%s 已被推荐到本批次") % cadre.name,
                             code="already_nominated") from None
        if wishes:
            apply_wishes(nomination, **wishes)
        sync_cadre_status(cadre)
        return nomination


def check_withdraw_nomination(user, nomination):
    require_unit_operator(user, Role.DISPATCHING, nomination.dispatching_unit,
                          nomination.batch.program)
    if nomination.status not in (NominationStatus.NOMINATED, NominationStatus.SHORTLISTED):
        raise RuleBroken(_("该推荐当前状态为“%s”，不能撤回") % nomination.get_status_display(),
                         code="illegal_transition")


can_withdraw_nomination = predicate(check_withdraw_nomination)


def withdraw_nomination(nomination, actor):
    """Take a nomination back; the cadre is free for other batches again."""
    with transaction.atomic():
        nomination = Nomination.objects.select_for_update().select_related(
            "cadre", "batch__program", "dispatching_unit").get(pk=nomination.pk)
        check_withdraw_nomination(actor, nomination)
        nomination.status = NominationStatus.WITHDRAWN
        nomination.save(update_fields=["status", "updated_at"])
        nomination.proposals.filter(status="proposed").update(status="rejected")
        sync_cadre_status(nomination.cadre)
        return nomination
