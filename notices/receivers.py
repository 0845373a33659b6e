"""Who waits for which step, and what they are told (core.signals.step_taken). Runs inside the
step's transaction: a step undone tells nobody."""
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from core.roles import UNIT_ROLES

from . import services
from .choices import MessageKind


def operators(*unit_ids):
    """The active operators of the units (every side the unit holds is theirs)."""
    return User.objects.filter(unit__in=[u for u in unit_ids if u], role__in=UNIT_ROLES,
                               is_active=True)


def cadre_login(cadre):
    return User.objects.filter(cadre=cadre, is_active=True)


def order_returned(order, actor, **_details):
    services.tell(operators(order.receiving_unit_id), MessageKind.ORDER_RETURNED,
                  _("需求订单“%s”被退回修改") % order.title,
                  _("退回原因：%s") % order.return_reason, order.get_absolute_url())


def order_approved(order, actor, **_details):
    services.tell(operators(order.receiving_unit_id), MessageKind.ORDER_APPROVED,
                  _("需求订单“%s”已审核通过") % order.title, "", order.get_absolute_url())


def batch_opened(batch, actor, note="", **_details):
    units = batch.program.participants.values_list("pk", flat=True)
    body = _("接收单位可提出需求订单，派出单位可推荐干部。")
    if note:
        body += _("说明：%s") % note
    services.tell(operators(*units), MessageKind.BATCH_OPENED,
                  _("%s 开放征集需求与推荐") % batch, body, batch.get_absolute_url())


def nomination_selected(nomination, actor, placement=None, **_details):
    url = placement.get_absolute_url() if placement else ""
    host = placement.host_unit.name if placement else ""
    title = _("%(name)s 已选派至%(host)s") % {"name": nomination.cadre.name, "host": host}
    services.tell([*operators(nomination.dispatching_unit_id),
                   *cadre_login(nomination.cadre_id)],
                  MessageKind.NOMINATION_SELECTED, title, str(nomination.batch), url)


def nomination_declined(nomination, actor, **_details):
    title = _("%(name)s 本批次未选派") % {"name": nomination.cadre.name}
    services.tell([*operators(nomination.dispatching_unit_id),
                   *cadre_login(nomination.cadre_id)],
                  MessageKind.NOMINATION_DECLINED, title, str(nomination.batch), "")


def worklog_returned(log, actor, **_details):
    services.tell(cadre_login(log.placement.cadre_id), MessageKind.WORKLOG_RETURNED,
                  _("%s 的纪实需补充") % log.date.isoformat(),
                  _("审阅意见：%s") % log.review_comment, reverse("placements:my_diary"))


def leave_decided(leave, actor, **_details):
    if leave.status == "approved":
        title = _("请假已批准（%(start)s 至 %(end)s）")
    elif leave.status == "rejected":
        title = _("请假未获批准（%(start)s 至 %(end)s）")
    else:
        return  # one side approved, the other still to decide: nothing decided yet
    title %= {"start": leave.start_date.isoformat(), "end": leave.end_date.isoformat()}
    body = _("审批意见：%s") % leave.review_comment if leave.review_comment else ""
    services.tell(cadre_login(leave.placement.cadre_id), MessageKind.LEAVE_DECIDED, title,
                  body, reverse("placements:my_leave"))


def offer_made(offer, actor, **_details):
    from django.utils import timezone

    nomination = offer.nomination
    deadline = timezone.localtime(offer.expires_at).strftime("%Y-%m-%d %H:%M")
    services.tell([*operators(nomination.dispatching_unit_id),
                   *cadre_login(nomination.cadre_id)], MessageKind.OFFER_MADE,
                  _("补充匹配邀请：%(name)s → %(order)s（%(unit)s）") % {
                      "name": nomination.cadre.name, "order": offer.order.title,
                      "unit": offer.order.receiving_unit.name},
                  _("请派出单位于%s前答复；逾期未答复视为放弃。") % deadline,
                  reverse("placements:offer_list") + "?status=open")


HANDLERS = {
    "order_returned": order_returned, "order_approved": order_approved,
    "batch_opened": batch_opened, "nomination_selected": nomination_selected,
    "nomination_declined": nomination_declined, "worklog_returned": worklog_returned,
    "leave_decided": leave_decided, "offer_made": offer_made,
}


def on_step(sender, step, obj, actor, **details):
    handler = HANDLERS.get(step)
    if handler is not None:
        handler(obj, actor, **details)
