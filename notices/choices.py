from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageKind(models.TextChoices):
    """The events people wait for, each told to whom it concerns (notices.receivers)."""

    ORDER_RETURNED = "order_returned", _("需求订单被退回")
    ORDER_APPROVED = "order_approved", _("需求订单已通过")
    BATCH_OPENED = "batch_opened", _("批次开放征集")
    NOMINATION_SELECTED = "nomination_selected", _("推荐人选已选派")
    NOMINATION_DECLINED = "nomination_declined", _("推荐人选未选派")
    WORKLOG_RETURNED = "worklog_returned", _("纪实需补充")
    LEAVE_DECIDED = "leave_decided", _("请假已审批")
    OFFER_MADE = "offer_made", _("补充匹配邀请")
    REVIEW_OVERDUE = "review_overdue", _("待办超过5个工作日")
