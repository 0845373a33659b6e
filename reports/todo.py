"""待办: what waits for the signed-in user, by the sides they act on, each with its count and
the list it opens. The counts are those lists' own querysets (placements.queues, the open
alerts), counted together in one statement (core.counting)."""
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.counting import counts
from placements import queues

from .models import Alert


@dataclass(frozen=True)
class Todo:
    kind: str
    label: str
    rows: Callable  # user → the queryset of what waits
    url: Callable   # () → the list showing exactly those rows


def _open_alerts(user):
    return Alert.objects.visible_to(user).open()


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
    Todo("alerts", _("未处理的提醒"), _open_alerts,
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
