"""工作交接: opened when a cadre follows another at a host post (by a replacement, or by the
department or the host for a batch after a batch), written by the outgoing cadre, confirmed by
the incoming cadre and the host; the post's file is every placement there with its handover."""
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import InvalidInput, NotAllowed, RuleBroken, predicate

from ..models import Handover, Placement
from ..models.handovers import LISTS
from .permissions import placement_sides

MAX_OVERLAP_DAYS = 60


def check_open_handover(user, outgoing, incoming):
    """The department or the host unit of both, for a later placement at the same host."""
    if not (placement_sides(user, incoming) & {"department", "host"}
            and placement_sides(user, outgoing) & {"department", "host"}):
        raise NotAllowed(_("工作交接由组织部或接收单位发起"))
    if outgoing.pk == incoming.pk or outgoing.host_unit_id != incoming.host_unit_id:
        message = _("交出方与接任方须是同一接收单位的两个挂职")
        raise InvalidInput(message, code="not_same_host", fields={"incoming": [message]})
    if incoming.start_date < outgoing.start_date:
        message = _("接任方的挂职须晚于交出方开始")
        raise InvalidInput(message, fields={"incoming": [message]})
    if Handover.objects.filter(incoming=incoming).exists():
        raise RuleBroken(_("该挂职已有工作交接"), code="handover_exists")


def handover_candidates(incoming):
    """The placements the incoming cadre may take over from: earlier ones at the same host
    unit, the same post first."""
    return (Placement.objects.filter(host_unit=incoming.host_unit_id,
                                     start_date__lte=incoming.start_date)
            .exclude(pk=incoming.pk).select_related("cadre")
            .order_by("-start_date", "pk"))


def check_open_handover_to(user, incoming):
    """Whether the user may open the handover `incoming` receives (the page's offer)."""
    if not placement_sides(user, incoming) & {"department", "host"}:
        raise NotAllowed(_("工作交接由组织部或接收单位发起"))
    if Handover.objects.filter(incoming=incoming).exists():
        raise RuleBroken(_("该挂职已有工作交接"), code="handover_exists")
    if not handover_candidates(incoming).exists():
        raise RuleBroken(_("该接收单位此前没有挂职干部可交接"), code="nothing_to_hand_over")


can_open_handover_to = predicate(check_open_handover_to)


def open_handover(actor, outgoing, incoming, overlap_from=None, overlap_to=None):
    with transaction.atomic():
        check_open_handover(actor, outgoing, incoming)
        _check_window(overlap_from, overlap_to)
        return Handover.objects.create(placement=outgoing, incoming=incoming,
                                       overlap_from=overlap_from, overlap_to=overlap_to,
                                       created_by=actor)


def open_for_replacement(old, new, actor):
    """A replacement hands over at once: the window opens on the new cadre's first day."""
    return Handover.objects.create(placement=old, incoming=new, created_by=actor,
                                   overlap_from=new.start_date, overlap_to=new.start_date)


def _check_window(start, end):
    if start and end and end < start:
        message = _("交接结束日期不能早于开始日期")
        raise InvalidInput(message, fields={"overlap_to": [message]})
    if start and end and end - start > timedelta(days=MAX_OVERLAP_DAYS):
        message = _("交接期不超过%d天") % MAX_OVERLAP_DAYS
        raise InvalidInput(message, fields={"overlap_to": [message]})


def _locked(handover):
    return Handover.objects.select_for_update(of=("self",)).select_related(
        "placement__batch__program", "placement__cadre", "incoming__batch__program",
        "incoming__cadre").get(pk=handover.pk)


def check_write_handover(user, handover):
    """The outgoing cadre (or the department for them) writes the lists, until anyone has
    confirmed them."""
    if not placement_sides(user, handover.placement) & {"cadre", "department"}:
        raise NotAllowed(_("交接清单由交出方干部填写"))
    if handover.confirmed_by_incoming_at or handover.confirmed_by_host_at:
        raise RuleBroken(_("交接清单已有人确认，不能再修改"), code="handover_confirmed")


can_write_handover = predicate(check_write_handover)


def write_handover(handover, actor, overlap_from=None, overlap_to=None, **lists):
    unknown = set(lists) - set(LISTS)
    if unknown:
        raise InvalidInput(_("交接没有这些项：%s") % "、".join(sorted(unknown)))
    lists = {k: (v or "").strip() for k, v in lists.items()}
    with transaction.atomic():
        handover = _locked(handover)
        check_write_handover(actor, handover)
        for name, value in lists.items():
            setattr(handover, name, value)
        if not any(getattr(handover, name) for name in LISTS):
            message = _("请至少填写一张交接清单")
            raise InvalidInput(message, fields={"work_plans": [message]})
        if overlap_from or overlap_to:
            handover.overlap_from = overlap_from or handover.overlap_from
            handover.overlap_to = overlap_to or handover.overlap_to
            _check_window(handover.overlap_from, handover.overlap_to)
        handover.written_at, handover.written_by = timezone.now(), actor
        handover.save()
        return handover


def check_confirm_handover(user, handover) -> str:
    """The incoming cadre and the host unit confirm, each once, what was written."""
    sides = set()
    if "cadre" in placement_sides(user, handover.incoming):
        sides.add("incoming")
    if "host" in placement_sides(user, handover.incoming):
        sides.add("host")
    if not sides:
        raise NotAllowed(_("交接清单由接任方干部和接收单位确认"))
    if not handover.written_at:
        raise RuleBroken(_("交出方尚未填写交接清单"), code="handover_not_written")
    open_sides = [s for s in ("incoming", "host") if s in sides
                  and not getattr(handover, f"confirmed_by_{s}_at")]
    if not open_sides:
        raise RuleBroken(_("您已确认过该交接"), code="already_confirmed")
    return open_sides[0]


can_confirm_handover = predicate(check_confirm_handover)


def confirm_handover(handover, actor):
    with transaction.atomic():
        handover = _locked(handover)
        side = check_confirm_handover(actor, handover)
        setattr(handover, f"confirmed_by_{side}_at", timezone.now())
        setattr(handover, f"confirmed_by_{side}", actor)
        handover.save(update_fields=[f"confirmed_by_{side}_at", f"confirmed_by_{side}"])
        return handover


def post_file(placement):
    """The host post's file: every placement at the same host unit and post, oldest first,
    each with the handover it received."""
    return (Placement.objects.filter(host_unit=placement.host_unit_id,
                                     post_title=placement.post_title)
            .select_related("cadre", "batch", "handover_in__placement__cadre")
            .order_by("start_date", "pk"))


def handovers_of(placement):
    return Handover.objects.filter(Q(placement=placement) | Q(incoming=placement)).select_related(
        "placement__cadre", "incoming__cadre")
