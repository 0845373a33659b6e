"""Columns of the programs app's lists, declared once."""
from django.utils.translation import gettext_lazy as _

from core.pages import Column, attr, url_of

PROGRAM_COLUMNS = [
    Column(_("项目"), attr("name"), link=url_of, order_by="name"),
    Column(_("组织单位"), attr("organizer.name")),
    Column(_("开始日期"), attr("start_date"), order_by="start_date"),
    Column(_("结束日期"), attr("end_date")),
    Column(_("状态"), attr("status"), order_by="status"),
    Column(_("挂职人数"), attr("placement_count", 0), num=True, order_by="placement_count"),
    Column(_("目标"), attr("target_total", 0), num=True),
]

UNIT_COLUMNS = [
    Column(_("单位"), attr("name"), order_by="pinyin"),
    Column(_("类别"), attr("kind"), order_by="kind"),
    Column(_("层级"), attr("level"), order_by="level"),
    Column(_("所在区划"), attr("region.name")),
    Column(_("山区海岛县"), lambda u: _("是") if u.region.is_mountain_island else ""),
]
