"""Pages of demand orders, nominations and placements: the API's querysets, filtersets and
history, read in a browser."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from programs.choices import BatchStatus
from secondment.pages import ObjectDetailView, ObjectListView

from .. import filtersets, tables
from ..choices import (
    ACTIVE_PLACEMENT_STATUSES,
    PUBLISHED_ORDER_STATUSES,
    STARTED_PLACEMENT_STATUSES,
    OrderStatus,
    PlacementStatus,
)
from ..history import order_history, placement_history
from ..models import DemandOrder, Nomination, Placement

PLACEMENT_READERS = (Role.ORG_STAFF, Role.MANAGER, Role.RECEIVING, Role.DISPATCHING, Role.CADRE)


class OrderListView(ObjectListView):
    export_kind = "orders"
    model = DemandOrder
    roles = (Role.ORG_STAFF, Role.MANAGER, Role.RECEIVING, Role.DISPATCHING)
    filterset_class = filtersets.DemandOrderFilterSet
    page_filters = ("q", "batch", "status", "expertise")
    columns = tables.ORDER_COLUMNS
    select_related = ("receiving_unit",)
    default_ordering = ("-id",)
    title = _("需求订单")
    empty_message = _("暂无需求订单。接收单位在批次开放期间提出需求。")
    actions = [(_("新建需求订单"), "placements:order_add", (Role.RECEIVING,))]


class OrderDetailView(ObjectDetailView):
    model = DemandOrder
    roles = OrderListView.roles
    select_related = ("receiving_unit", "batch__program", "track")
    template_name = "placements/order_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        order = self.object
        ctx.update({
            "title": order.title,
            "breadcrumbs": [(_("需求订单"), reverse("placements:order_list")),
                            (order.title, None)],
            "history": order_history(order),
            "steps": order_steps(self.request.user, order),
            "expertise": list(order.expertise.all()),
            "placements": Placement.objects.visible_to(self.request.user).filter(order=order)
            .select_related("cadre", "home_unit"),
        })
        return ctx


class NominationListView(ObjectListView):
    export_kind = "nominations"
    model = Nomination
    roles = (Role.ORG_STAFF, Role.MANAGER, Role.DISPATCHING)
    filterset_class = filtersets.NominationFilterSet
    page_filters = ("q", "batch", "status", "self_matched")
    columns = tables.NOMINATION_COLUMNS

    def get_context_data(self, **kwargs):
        user = self.request.user
        if user.is_superuser or user.role in (Role.DISPATCHING, Role.ORG_STAFF):
            self.columns = [*tables.NOMINATION_COLUMNS, tables.NOMINATION_WITHDRAW]
        return super().get_context_data(**kwargs)
    select_related = ("cadre", "dispatching_unit", "batch__program", "order")
    default_ordering = ("-created_at", "-id")
    title = _("推荐人选")
    empty_message = _("暂无推荐。派出单位可向开放中的批次推荐干部。")
    actions = [(_("推荐干部"), "placements:nomination_add", (Role.DISPATCHING, Role.ORG_STAFF))]


class PlacementListView(ObjectListView):
    export_kind = "placements"
    model = Placement
    roles = PLACEMENT_READERS
    filterset_class = filtersets.PlacementFilterSet
    page_filters = ("q", "batch", "track", "status", "direction", "home_unit_kind",
                    "start_after", "start_before")
    columns = tables.PLACEMENT_COLUMNS
    select_related = ("cadre", "home_unit", "host_unit")
    default_ordering = ("-start_date", "id")
    title = _("挂职")
    empty_message = _("暂无挂职记录。")


class PlacementDetailView(ObjectDetailView):
    """A placement's page: its timeline and what happened on post."""

    model = Placement
    roles = PLACEMENT_READERS
    select_related = ("cadre", "home_unit", "host_unit", "batch__program", "order", "track",
                      "partner__cadre")
    template_name = "placements/placement_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        p = self.object
        logs = p.work_logs.all()
        ctx.update({
            "title": f"{p.cadre.name} · {p.host_unit.name}",
            "breadcrumbs": [(_("挂职"), reverse("placements:placement_list")),
                            (p.cadre.name, None)],
            "history": placement_history(p),
            "steps": placement_steps(self.request.user, p),
            "reviews_diary": self.request.user.role == Role.RECEIVING
            and self.request.user.unit_id == p.host_unit_id,
            "verifies": self.request.user.role == Role.ORG_STAFF
            or (self.request.user.role == Role.RECEIVING
                and self.request.user.unit_id == p.host_unit_id),
            "decides_leave": self.request.user.role == Role.ORG_STAFF
            or self.request.user.unit_id in (p.host_unit_id, p.home_unit_id)
            and self.request.user.role in (Role.RECEIVING, Role.DISPATCHING),
            "diary": {"total": logs.count(), "accepted": logs.filter(status="accepted").count(),
                      "recent": logs.order_by("-date")[:5]},
            "leaves": p.leaves.all(),
            "inspections": p.inspections.all(),
            "achievements": p.achievements.all(),
            "appraisals": p.appraisals.all(),
            "statements": p.allowance_statements.filter(is_current=True).order_by("-month")[:12],
        })
        return ctx


def _step(label, name, obj, style="primary"):
    return {"label": label, "url": reverse(name, args=[obj.pk]), "style": style}


def order_steps(user, order):
    """The steps this user's role may take on the order in its status (the service still
    decides: a button is an offer, not a permission)."""
    role, status, steps = user.role, order.status, []
    if role == Role.RECEIVING and status in (OrderStatus.DRAFT, OrderStatus.RETURNED):
        steps += [_step(_("修改"), "placements:order_edit", order, "outline-primary"),
                  _step(_("提交审核"), "placements:order_submit", order)]
    if role == Role.ORG_STAFF and status == OrderStatus.SUBMITTED:
        steps += [_step(_("审核通过"), "placements:order_approve", order),
                  _step(_("退回"), "placements:order_return", order, "outline-danger")]
    if (role == Role.RECEIVING and order.filled_count and order.fulfilment_rating is None
            and not order.placements.filter(status__in=ACTIVE_PLACEMENT_STATUSES).exists()):
        steps.append(_step(_("评价需求满足情况"), "placements:order_rate", order))
    if (role == Role.DISPATCHING and status in PUBLISHED_ORDER_STATUSES
            and order.batch.status == BatchStatus.OPEN):
        steps.append({"label": _("推荐干部到此订单"), "style": "primary",
                      "url": f"{reverse('placements:nomination_add')}?batch={order.batch_id}"
                             f"&order={order.pk}"})
    return steps


def placement_steps(user, placement):
    role, status, steps = user.role, placement.status, []
    joint = role in (Role.ORG_STAFF, Role.RECEIVING, Role.DISPATCHING)
    if role == Role.ORG_STAFF and status == PlacementStatus.PLANNED:
        steps.append(_step(_("开始岗前培训"), "placements:placement_training", placement,
                           "outline-primary"))
    if joint and status in (PlacementStatus.PLANNED, PlacementStatus.TRAINING):
        steps.append(_step(_("确认到岗"), "placements:placement_start", placement))
    if joint and status == PlacementStatus.ON_POST:
        steps.append(_step(_("确认结束"), "placements:placement_end", placement,
                           "outline-danger"))
    if role == Role.ORG_STAFF and status in ACTIVE_PLACEMENT_STATUSES:
        steps.append(_step(_("延期"), "placements:placement_extend", placement,
                           "outline-primary"))
        if not placement.partner_id:
            steps.append(_step(_("结成互派"), "placements:placement_pair", placement,
                               "outline-primary"))
        if status == PlacementStatus.ON_POST:
            steps.append(_step(_("轮换补派"), "placements:placement_replace", placement,
                               "outline-danger"))
        steps.append(_step(_("安排检查"), "placements:inspection_schedule", placement,
                           "outline-secondary"))
    if status in STARTED_PLACEMENT_STATUSES:
        if role in (Role.CADRE, Role.RECEIVING, Role.ORG_STAFF):
            steps.append(_step(_("登记履职成果"), "placements:achievement_add", placement,
                               "outline-secondary"))
        if joint:
            steps.append(_step(_("登记考核"), "placements:appraisal_add", placement,
                               "outline-secondary"))
        if role == Role.ORG_STAFF:
            steps.append(_step(_("登记检查"), "placements:inspection_add", placement,
                               "outline-secondary"))
    return steps
