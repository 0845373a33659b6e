"""Pages of demand orders, nominations and placements: the API's querysets, filtersets and
history, read in a browser."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.choices import Role
from core.pages import BulkStepView, ObjectDetailView, ObjectListView

from .. import filtersets, services, tables
from ..forms import BulkLeaveDecisionForm, BulkOrderReviewForm, BulkReviewForm
from ..history import order_history, placement_history
from ..models import DemandOrder, Leave, Nomination, Placement, WorkLog

PLACEMENT_READERS = (Role.ORG_STAFF, Role.MANAGER, Role.RECEIVING, Role.DISPATCHING, Role.CADRE)
# The batch lookup also finds a batch by its number (第2批: "2").
BATCH_HINT = _("输入名称或序号查找")


class OrderListView(ObjectListView):
    export_kind = "orders"
    model = DemandOrder
    roles = (Role.ORG_STAFF, Role.MANAGER, Role.RECEIVING, Role.DISPATCHING)
    filterset_class = filtersets.DemandOrderFilterSet
    page_filters = ("q", "batch", "status", "expertise")
    lookups = {"batch": ("batch-lookup", BATCH_HINT), "expertise": "expertise-lookup"}
    columns = tables.ORDER_COLUMNS
    select_related = ("receiving_unit",)
    default_ordering = ("-id",)
    title = _("需求订单")
    empty_message = _("暂无需求订单。接收单位在批次开放期间提出需求。")
    actions = [(_("新建需求订单"), "placements:order_add", services.can_draft_orders)]
    bulk = ("placements:order_bulk_review", BulkOrderReviewForm, services.can_review_orders)


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
    lookups = {"batch": ("batch-lookup", BATCH_HINT)}
    columns = tables.NOMINATION_COLUMNS

    select_related = ("cadre", "dispatching_unit", "batch__program", "order")
    default_ordering = ("-created_at", "-id")
    title = _("推荐人选")
    empty_message = _("暂无推荐。派出单位可向开放中的批次推荐干部。")
    actions = [(_("推荐干部"), "placements:nomination_add", services.can_nominate)]

    def get_context_data(self, **kwargs):
        # Those who put cadres forward get the 撤回 column; each row's link is there where
        # the service would take the withdrawal from them.
        if services.can_nominate(self.request.user):
            self.columns = [*tables.NOMINATION_COLUMNS,
                            tables.nomination_wishes(self.request.user),
                            tables.nomination_withdraw(self.request.user)]
        return super().get_context_data(**kwargs)


class PlacementListView(ObjectListView):
    export_kind = "placements"
    model = Placement
    roles = PLACEMENT_READERS
    filterset_class = filtersets.PlacementFilterSet
    page_filters = ("q", "batch", "track", "status", "direction", "home_unit_kind",
                    "start_after", "start_before", "awaiting")
    lookups = {"batch": ("batch-lookup", BATCH_HINT), "track": "track-lookup"}
    columns = tables.PLACEMENT_COLUMNS
    select_related = ("cadre", "home_unit", "host_unit")
    default_ordering = ("-start_date", "id")
    title = _("挂职")
    empty_message = _("暂无挂职记录。")


class WorkLogListView(ObjectListView):
    """The diary entries a reader may see; `awaiting` narrows to those its unit reviews next
    (the to-do panel's link)."""

    model = WorkLog
    roles = (Role.ORG_STAFF, Role.MANAGER, Role.RECEIVING, Role.DISPATCHING)
    filterset_class = filtersets.WorkLogFilterSet
    page_filters = ("awaiting", "status", "date_from", "date_to")
    # What the 审阅 predicate reads of each row, in the same query.
    select_related = ("placement__cadre", "placement__host_unit", "placement__batch__program")
    default_ordering = ("-date", "-id")
    title = _("挂职纪实")
    empty_message = _("没有符合条件的纪实。")
    review = staticmethod(tables.step_column(_("审阅"), "placements:worklog_review",
                                             services.can_review_log))
    bulk = ("placements:worklog_bulk_review", BulkReviewForm, services.can_review_logs)

    def get_context_data(self, **kwargs):
        self.columns = [*tables.WORKLOG_COLUMNS, self.review(self.request.user)]
        return super().get_context_data(**kwargs)


class LeaveListView(ObjectListView):
    """Leave requests a reader may see; `awaiting` narrows to those its side decides next."""

    model = Leave
    roles = (Role.ORG_STAFF, Role.MANAGER, Role.RECEIVING, Role.DISPATCHING)
    filterset_class = filtersets.LeaveFilterSet
    page_filters = ("awaiting", "status")
    select_related = ("placement__cadre", "placement__host_unit", "placement__batch__program")
    default_ordering = ("-start_date", "-id")
    title = _("请假")
    empty_message = _("没有符合条件的请假。")
    decide = staticmethod(tables.step_column(_("审批"), "placements:leave_decide",
                                             services.can_decide_leave))
    bulk = ("placements:leave_bulk_decide", BulkLeaveDecisionForm, services.can_decide_leaves)

    def get_context_data(self, **kwargs):
        self.columns = [*tables.LEAVE_COLUMNS, self.decide(self.request.user)]
        return super().get_context_data(**kwargs)


class WorkLogBulkReviewView(BulkStepView):
    roles = (Role.RECEIVING,)
    model = WorkLog
    form_class = BulkReviewForm
    list_url_name = "placements:worklog_list"

    def step(self, log, data):
        services.review_log(log, self.request.user, data["decision"], data["comment"])


class OrderBulkReviewView(BulkStepView):
    roles = (Role.ORG_STAFF,)
    model = DemandOrder
    form_class = BulkOrderReviewForm
    list_url_name = "placements:order_list"

    def step(self, order, data):
        if data["decision"] == "approve":
            services.approve_order(order, self.request.user)
        else:
            services.return_order(order, self.request.user, data["reason"])


class LeaveBulkDecideView(BulkStepView):
    roles = (Role.RECEIVING, Role.DISPATCHING, Role.ORG_STAFF)
    model = Leave
    form_class = BulkLeaveDecisionForm
    list_url_name = "placements:leave_list"

    def step(self, leave, data):
        services.decide_leave(leave, self.request.user, data["decision"] == "approve",
                              comment=data["comment"])


class PlacementDetailView(ObjectDetailView):
    """A placement's page: its timeline and what happened on post."""

    model = Placement
    roles = PLACEMENT_READERS
    select_related = ("cadre", "home_unit", "host_unit", "batch__program", "order", "track",
                      "partner__cadre")
    template_name = "placements/placement_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        p, user = self.object, self.request.user
        logs = p.work_logs.all()
        ctx.update({
            "title": f"{p.cadre.name} · {p.host_unit.name}",
            "breadcrumbs": [(_("挂职"), reverse("placements:placement_list")),
                            (p.cadre.name, None)],
            "history": placement_history(p),
            "steps": placement_steps(self.request.user, p),
            "diary": {"total": logs.count(), "accepted": logs.filter(status="accepted").count(),
                      "recent": offering(logs.order_by("-date")[:5], p, user,
                                         can_review=services.can_review_log)},
            "leaves": offering(p.leaves.all(), p, user, can_decide=services.can_decide_leave),
            "inspections": offering(p.inspections.all(), p, user,
                                    can_complete=services.can_complete_inspection),
            "achievements": offering(p.achievements.all(), p, user,
                                     can_verify=services.can_verify_achievement),
            "appraisals": p.appraisals.all(),
            **agreement_context(user, p),
            **term_context(user, p),
            "statements": p.allowance_statements.filter(is_current=True).order_by("-month")[:12],
        })
        return ctx


def agreement_context(user, placement) -> dict:
    """The current 任务书 and the steps its predicates offer this user."""
    agreement = placement.agreements.filter(is_current=True).first()
    if agreement is not None:
        agreement.placement = placement  # the page's placement: no second query
    return {"agreement": agreement, "agreement_steps": {
        "draft": agreement is None and services.can_draft_agreement(user, placement),
        "confirm": agreement is not None and services.can_confirm_agreement(user, agreement),
        "amend": agreement is not None and services.can_amend_agreement(user, agreement)}}


def term_context(user, placement) -> dict:
    """The term's commitments on the placement's page, each step offered by its predicate."""
    from ..models import Extension, ReturnPlan

    extensions = offering(placement.extensions.order_by("-requested_at")[:3], placement, user,
                          can_answer=services.can_answer_extension)
    handovers = list(services.handovers_of(placement))
    for handover in handovers:
        handover.can_write = services.can_write_handover(user, handover)
        handover.can_confirm = services.can_confirm_handover(user, handover)
    plan = ReturnPlan.objects.filter(placement=placement).first()
    if plan is not None:
        plan.placement = placement
    readiness = offering(placement.readiness_items.all(), placement, user,
                         can_tick=services.can_tick_readiness)
    open_extension = any(e.status in Extension.OPEN for e in extensions)
    recall = placement.recalls.first()
    return {"term": {
        "extensions": extensions, "readiness": readiness, "handovers": handovers,
        "post_file": list(services.post_file(placement)[:30]),
        "return_plan": plan, "return_due": services.return_plan_due(placement),
        "later_uses": list(placement.later_uses.all()),
        "steps": {
            "request_extension": not open_extension
            and services.can_request_extension(user, placement),
            "handover": services.can_open_handover_to(user, placement),
            "return_plan": services.can_write_return_plan(user, placement),
            "consent": plan is not None and services.can_consent_post_change(user, plan),
            "review": services.can_review_term(user, placement),
            "later_use": services.can_record_later_use(user, placement),
            "follow_up": services.can_follow_up(user, placement),
            "recall": services.can_propose_recall(user, placement),
        },
        "recall": recall, "recall_decide": recall is not None
        and services.can_decide_recall(user, recall)}}


def offering(records, placement, user, **predicates):
    """The placement's records, each with `<name>` set to what its predicate answers for the
    user (the buttons of a record's steps)."""
    records = list(records)
    for record in records:
        record.placement = placement  # the page's placement: no query per record
        for name, can in predicates.items():
            setattr(record, name, can(user, record))
    return records


def _step(label, name, obj, style="primary"):
    return {"label": label, "url": reverse(name, args=[obj.pk]), "style": style}


# The steps a page offers: (label, url name, the service's predicate, button style). A step
# is offered where its predicate says the service would take it from this user.
ORDER_STEPS = [
    (_("修改"), "placements:order_edit", services.can_update_order, "outline-primary"),
    (_("提交审核"), "placements:order_submit", services.can_submit_order, "primary"),
    (_("审核通过"), "placements:order_approve", services.can_review_order, "primary"),
    (_("退回"), "placements:order_return", services.can_review_order, "outline-danger"),
    (_("评价需求满足情况"), "placements:order_rate", services.can_rate_fulfilment, "primary"),
]
PLACEMENT_STEPS = [
    (_("开始岗前培训"), "placements:placement_training", services.can_begin_training,
     "outline-primary"),
    # Labels in the "step" context: the same words name the timeline's events in English
    # ("Start confirmed"); as a button they say what the step does.
    (pgettext_lazy("step", "确认到岗"), "placements:placement_start", services.can_confirm_start,
     "primary"),
    (pgettext_lazy("step", "确认结束"), "placements:placement_end", services.can_confirm_end,
     "outline-danger"),
    (pgettext_lazy("step", "延期"), "placements:placement_extend",
     services.can_extend_placement, "outline-primary"),
    (_("结成互派"), "placements:placement_pair", services.can_link_mutual_pair,
     "outline-primary"),
    (_("轮换补派"), "placements:placement_replace", services.can_replace_cadre,
     "outline-danger"),
    (_("安排检查"), "placements:inspection_schedule", services.can_schedule_inspection,
     "outline-secondary"),
    (_("登记履职成果"), "placements:achievement_add", services.can_record_achievement,
     "outline-secondary"),
    (_("登记考核"), "placements:appraisal_add", services.can_record_appraisal,
     "outline-secondary"),
    (_("登记检查"), "placements:inspection_add", services.can_record_inspection,
     "outline-secondary"),
]


def offered_steps(steps, user, obj):
    return [_step(label, name, obj, style) for label, name, can, style in steps if can(user, obj)]


def order_steps(user, order):
    """The steps the services would take from this user on the order."""
    steps = offered_steps(ORDER_STEPS, user, order)
    if services.can_nominate_to_order(user, order):
        steps.append({"label": _("推荐干部到此订单"), "style": "primary",
                      "url": f"{reverse('placements:nomination_add')}?batch={order.batch_id}"
                             f"&order={order.pk}"})
    return steps


def placement_steps(user, placement):
    return offered_steps(PLACEMENT_STEPS, user, placement)
