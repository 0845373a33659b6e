"""待办: what waits for the signed-in user, by the sides they act on, each with its count and
the list it opens. The counts are those lists' own querysets (placements.queues, the open
alerts), counted together in one statement (core.counting)."""
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.counting import counts
from placements import queues

from .models import Alert, Feedback


@dataclass(frozen=True)
class Todo:
    kind: str
    label: str
    rows: Callable  # user → the queryset of what waits
    url: Callable   # () → the list showing exactly those rows


def alerts_open(user):
    return Alert.objects.visible_to(user).open()


def feedback_to_answer(user):
    """意见建议 the user answers and nobody has yet (the feedback page's `unanswered`)."""
    from . import services

    if not services.can_answer_feedback(user):
        return Feedback.objects.none()
    return Feedback.objects.visible_to(user).filter(handled_at__isnull=True)


def unread_notices(user):
    from core.roles import UNIT_ROLES
    from notices.models import Notice

    if not (user.unit_id and user.role in UNIT_ROLES):
        return Notice.objects.none()
    return Notice.objects.visible_to(user).unread_by(user)


def unread_messages(user):
    from notices.models import Message

    return Message.objects.visible_to(user).unread()


TODOS = (
    Todo("orders_to_review", _("待审核的需求订单"), queues.orders_to_review,
         lambda: reverse("placements:order_list") + "?status=submitted"),
    Todo("nominations_waiting", _("待对接的推荐人选"), queues.nominations_waiting,
         lambda: reverse("placements:nomination_list") + "?status=nominated"),
    Todo("diaries_to_review", _("待审阅的挂职纪实"), queues.diaries_to_review,
         lambda: reverse("placements:worklog_list") + "?awaiting=true"),
    Todo("leaves_to_decide", _("待审批的请假"), queues.leaves_to_decide,
         lambda: reverse("placements:leave_list") + "?awaiting=true"),
    Todo("entries_sent_back", _("需补充的纪实"), queues.entries_sent_back,
         lambda: reverse("placements:my_diary")),
    Todo("starts_to_confirm", _("待确认到岗"), queues.starts_to_confirm,
         lambda: reverse("placements:placement_list") + "?awaiting=start"),
    Todo("ends_to_confirm", _("待确认期满"), queues.ends_to_confirm,
         lambda: reverse("placements:placement_list") + "?awaiting=end"),
    Todo("offers_to_answer", _("待答复的补充匹配邀请"), queues.offers_to_answer,
         lambda: reverse("placements:offer_list") + "?awaiting=true"),
    Todo("appraisals_due", _("待期满考核"), queues.appraisals_due,
         lambda: reverse("placements:placement_list") + "?awaiting=appraisal"),
    Todo("readiness_to_complete", _("接收准备未完成"), queues.readiness_to_complete,
         lambda: reverse("placements:placement_list") + "?awaiting=readiness"),
    Todo("extensions_waiting", _("待答复或办理的延期"), queues.extensions_waiting,
         lambda: reverse("placements:placement_list") + "?awaiting=extension"),
    Todo("handovers_waiting", _("待填写或确认的工作交接"), queues.handovers_waiting,
         lambda: reverse("placements:placement_list") + "?awaiting=handover"),
    Todo("return_plans_due", _("待填写或同意的返回安排"), queues.return_plans_due,
         lambda: reverse("placements:placement_list") + "?awaiting=return_plan"),
    Todo("follow_ups_due", _("待返回一年回访"), queues.follow_ups_due,
         lambda: reverse("placements:placement_list") + "?awaiting=follow_up"),
    Todo("statements_to_settle", _("上月生活补助待结算"), queues.statements_to_settle,
         lambda: reverse("placements:placement_list") + "?awaiting=statement"),
    Todo("feedback_to_answer", _("待答复的意见建议"), feedback_to_answer,
         lambda: reverse("dashboards:feedback") + "?unanswered=true"),
    Todo("unread_notices", _("未读的通知公告"), unread_notices,
         lambda: reverse("notices:notice_list") + "?unread=true"),
    Todo("unread_messages", _("未读消息"), unread_messages,
         lambda: reverse("notices:message_list") + "?unread=true"),
    Todo("alerts", _("未处理的提醒"), alerts_open,
         lambda: reverse("dashboards:alert_list") + "?open=true"),
)


def todo_for(user) -> list[dict]:
    """[{"kind", "label", "count", "url"}] of what waits for `user`, those with nothing
    waiting left out (one query for every count)."""
    if not user.is_authenticated:
        return []
    found = counts({todo.kind: todo.rows(user) for todo in TODOS})
    return [{"kind": todo.kind, "label": str(todo.label), "count": found[todo.kind],
             "url": todo.url()} for todo in TODOS if found[todo.kind]]
