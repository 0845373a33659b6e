"""Demand orders (需求订单): draft → submitted → approved | returned → … → filled → closed."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role
from core.exceptions import InvalidInput, RuleBroken, predicate
from core.roles import acts_as
from core.signals import step_taken
from programs.choices import BatchStatus

from ..choices import OrderStatus
from ..models import DemandOrder, OrderEvent
from .permissions import require_admitted, require_department_staff, require_unit_operator
from .validation import full_clean_or_400

EDITABLE_FIELDS = ("track", "title", "post_title", "preferred_unit_kinds", "min_rank", "max_rank",
                   "headcount", "term_months", "description", "goals")

# Allowed moves: submitting is the receiving unit's, reviewing the department's.
TRANSITIONS = {
    (OrderStatus.DRAFT, OrderStatus.SUBMITTED),
    (OrderStatus.RETURNED, OrderStatus.SUBMITTED),
    (OrderStatus.SUBMITTED, OrderStatus.APPROVED),
    (OrderStatus.SUBMITTED, OrderStatus.RETURNED),
}


def _lock(order):
    return DemandOrder.objects.select_for_update().get(pk=order.pk)


def check_move(user, order, to_status):
    # Who may make the move is checked first: a role that may never make it gets a 403,
    # whatever the order's status.
    program = order.batch.program
    if to_status == OrderStatus.SUBMITTED:
        require_unit_operator(user, Role.RECEIVING, order.receiving_unit, program)
    else:
        require_department_staff(user, program)
    if (order.status, to_status) not in TRANSITIONS:
        raise RuleBroken(
            _("订单当前状态为“%(from)s”，不能变为“%(to)s”")
            % {"from": order.get_status_display(), "to": OrderStatus(to_status).label},
            code="illegal_transition",
        )


def _move(order, to_status, actor, note=""):
    check_move(actor, order, to_status)
    OrderEvent.objects.create(order=order, from_status=order.status, to_status=to_status,
                              actor=actor, note=note)
    order.status = to_status


def can_draft_orders(user) -> bool:
    """Whether the user drafts its unit's orders (the order page; each order's unit and
    batch are checked by create_order)."""
    return user.is_superuser or (user.unit_id is not None and acts_as(user, Role.RECEIVING))


def create_order(actor, batch, receiving_unit, expertise=(), **fields):
    """A receiving unit drafts an order for a batch that is open for orders."""
    require_unit_operator(actor, Role.RECEIVING, receiving_unit, batch.program)
    require_admitted(receiving_unit, batch.program, _("提交需求订单"))
    with transaction.atomic():
        if batch.status != BatchStatus.OPEN:
            raise RuleBroken(_("该批次当前不接受需求订单（状态：%s）") % batch.get_status_display(),
                             code="batch_not_open")
        unknown = set(fields) - set(EDITABLE_FIELDS)
        if unknown:
            raise InvalidInput(_("不可填写的字段：%s") % "、".join(sorted(unknown)))
        order = DemandOrder(batch=batch, receiving_unit=receiving_unit, created_by=actor,
                            **fields)
        full_clean_or_400(order)
        order.save()
        order.expertise.set(expertise)
        OrderEvent.objects.create(order=order, from_status=OrderStatus.DRAFT,
                                  to_status=OrderStatus.DRAFT, actor=actor, note=_("创建"))
        return order


def check_update_order(user, order):
    require_unit_operator(user, Role.RECEIVING, order.receiving_unit, order.batch.program)
    if order.status not in (OrderStatus.DRAFT, OrderStatus.RETURNED):
        raise RuleBroken(_("只有草稿或已退回的订单可以修改"), code="order_not_editable")


can_update_order = predicate(check_update_order)


def update_order(order, actor, expertise=None, **fields):
    """Edit a draft or returned order."""
    with transaction.atomic():
        order = _lock(order)
        check_update_order(actor, order)
        unknown = set(fields) - set(EDITABLE_FIELDS)
        if unknown:
            raise InvalidInput(_("不可修改的字段：%s") % "、".join(sorted(unknown)))
        for name, value in fields.items():
            setattr(order, name, value)
        full_clean_or_400(order)
        order.save()
        if expertise is not None:
            order.expertise.set(expertise)
        return order


def check_submit_order(user, order):
    if order.batch.status != BatchStatus.OPEN:
        raise RuleBroken(_("该批次已不接受需求订单"), code="batch_not_open")
    check_move(user, order, OrderStatus.SUBMITTED)


can_submit_order = predicate(check_submit_order)


def check_review_order(user, order):
    """Approving and returning an order: the department's, while it waits for review."""
    check_move(user, order, OrderStatus.APPROVED)


can_review_order = predicate(check_review_order)


def can_review_orders(user) -> bool:
    """Whether the user reviews orders at all (the list's bulk step): the department's
    staff; each order is still checked by approve_order or return_order."""
    return user.is_superuser or user.role == Role.ORG_STAFF


def submit_order(order, actor):
    with transaction.atomic():
        order = _lock(order)
        check_submit_order(actor, order)
        _move(order, OrderStatus.SUBMITTED, actor)
        order.submitted_at = timezone.now()
        order.return_reason = ""
        order.save(update_fields=["status", "submitted_at", "return_reason", "updated_at"])
        return order


def approve_order(order, actor):
    with transaction.atomic():
        order = _lock(order)
        _move(order, OrderStatus.APPROVED, actor)
        order.reviewed_at = timezone.now()
        order.save(update_fields=["status", "reviewed_at", "updated_at"])
        step_taken.send(sender=DemandOrder, step="order_approved", obj=order, actor=actor)
        return order


def return_order(order, actor, reason):
    """Send an order back to its unit with the reason it must be changed."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("退回订单必须说明原因"), fields={"reason": [_("请填写退回原因")]})
    with transaction.atomic():
        order = _lock(order)
        _move(order, OrderStatus.RETURNED, actor, note=reason)
        order.return_reason = reason
        order.reviewed_at = timezone.now()
        order.save(update_fields=["status", "return_reason", "reviewed_at", "updated_at"])
        step_taken.send(sender=DemandOrder, step="order_returned", obj=order, actor=actor)
        return order


def close_order(order, actor, reason=""):
    """Withdraw a published need: no more matching against it."""
    with transaction.atomic():
        order = _lock(order)
        require_department_staff(actor, order.batch.program)
        if order.status == OrderStatus.CLOSED:
            raise RuleBroken(_("订单已关闭"), code="order_closed")
        OrderEvent.objects.create(order=order, from_status=order.status,
                                  to_status=OrderStatus.CLOSED, actor=actor, note=reason)
        order.status = OrderStatus.CLOSED
        order.save(update_fields=["status", "updated_at"])
        return order


def record_filled(order):
    """After a placement took a slot (order row locked by the caller): update its status."""
    order.status = (OrderStatus.FILLED if order.filled_count >= order.headcount
                    else OrderStatus.PARTIALLY_FILLED)
    order.save(update_fields=["filled_count", "status", "updated_at"])


def check_rate_fulfilment(user, order):
    from ..choices import ACTIVE_PLACEMENT_STATUSES

    require_unit_operator(user, Role.RECEIVING, order.receiving_unit, order.batch.program)
    placements = order.placements.all()
    if not placements.exists():
        raise RuleBroken(_("该订单尚无选派干部，不能评价"), code="not_ready")
    if placements.filter(status__in=ACTIVE_PLACEMENT_STATUSES).exists():
        raise RuleBroken(_("该订单的挂职尚未全部结束，期满后再评价"), code="not_ready")


can_rate_fulfilment = predicate(check_rate_fulfilment)


def rate_fulfilment(order, actor, rating, comment=""):
    """At the end of term the receiving unit rates how well its need was met (1–5)."""
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise InvalidInput(_("需求满足评价应为1—5分"), fields={"rating": [_("应为1—5分")]})
    with transaction.atomic():
        order = _lock(order)
        check_rate_fulfilment(actor, order)
        order.fulfilment_rating = rating
        order.fulfilment_comment = (comment or "").strip()
        order.rated_at = timezone.now()
        order.save(update_fields=["fulfilment_rating", "fulfilment_comment", "rated_at",
                                  "updated_at"])
        OrderEvent.objects.create(order=order, from_status=order.status, to_status=order.status,
                                  actor=actor, note=_("需求满足评价：%d分") % rating)
        return order
