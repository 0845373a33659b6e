"""Columns of the placements app's lists, declared once."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.pages import Column, attr, url_of

ORDER_COLUMNS = [
    Column(_("需求名称"), attr("title"), link=url_of, order_by="pinyin"),
    Column(_("接收单位"), attr("receiving_unit.name")),
    Column(_("拟挂任职务"), attr("post_title")),
    Column(_("需求人数"), attr("headcount", 0), num=True, order_by="headcount"),
    Column(_("已选派"), attr("filled_count", 0), num=True),
    Column(_("状态"), attr("status"), order_by="status"),
]

NOMINATION_COLUMNS = [
    Column(_("干部"), attr("cadre.name"), link=lambda n: n.cadre.get_absolute_url()),
    Column(_("派出单位"), attr("dispatching_unit.name")),
    Column(_("批次"), attr("batch")),
    Column(_("自主对接订单"), attr("order.title")),
    Column(_("状态"), attr("status"), order_by="status"),
    Column(_("资格审查"), lambda n: _("符合（%d项）") % len(n.eligibility)
           if n.eligibility else _("—")),
    Column(_("推荐时间"), attr("created_at"), order_by="created_at"),
]

PLACEMENT_COLUMNS = [
    Column(_("干部"), attr("cadre.name"), link=url_of, order_by="cadre__name"),
    Column(_("派出单位"), attr("home_unit.name")),
    Column(_("接收单位"), attr("host_unit.name")),
    Column(_("挂任职务"), attr("post_title")),
    Column(_("方向"), attr("direction"), order_by="direction"),
    Column(_("开始日期"), attr("start_date"), order_by="start_date"),
    Column(_("计划结束"), attr("planned_end_date"), order_by="planned_end_date"),
    Column(_("状态"), attr("status"), order_by="status"),
]


def nomination_withdraw(user):
    """The 撤回 column: a link where the service would let this user withdraw the row."""
    from .services import can_withdraw_nomination

    return Column(
        _("操作"), lambda n: _("撤回") if can_withdraw_nomination(user, n) else "",
        link=lambda n: reverse("placements:nomination_withdraw", args=[n.pk])
        if can_withdraw_nomination(user, n) else None)


def nomination_wishes(user):
    """The 志愿 column: the choices' count, linked where this user may state them."""
    from .services import can_state_wishes

    return Column(
        _("志愿"), lambda n: (_("%d个志愿") % len(n.choices)) if n.choices else _("服从安排"),
        link=lambda n: reverse("placements:nomination_wishes", args=[n.pk])
        if can_state_wishes(user, n) else None)


def _placement_url(record):
    return record.placement.get_absolute_url()


WORKLOG_COLUMNS = [
    Column(_("日期"), attr("date"), order_by="date"),
    Column(_("干部"), attr("placement.cadre.name"), link=_placement_url),
    Column(_("接收单位"), attr("placement.host_unit.name")),
    Column(_("类别"), attr("category")),
    Column(_("状态"), attr("status"), order_by="status"),
]

LEAVE_COLUMNS = [
    Column(_("干部"), attr("placement.cadre.name"), link=_placement_url),
    Column(_("类别"), attr("kind")),
    Column(_("接收单位"), attr("placement.host_unit.name")),
    Column(_("开始日期"), attr("start_date"), order_by="start_date"),
    Column(_("结束日期"), attr("end_date")),
    Column(_("事由"), attr("reason")),
    Column(_("状态"), attr("status"), order_by="status"),
]


def step_column(label, url_name, can):
    """An 操作 column: a link to the row's step where the service would take it from `user`
    (the predicate beside the step: services.can_<step>)."""
    def column(user):
        return Column(_("操作"), lambda r: label if can(user, r) else "",
                      link=lambda r: reverse(url_name, args=[r.pk]) if can(user, r) else None)
    return column
