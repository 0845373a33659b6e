"""Columns of the cadre list, declared once."""
from django.utils.translation import gettext_lazy as _

from core.pages import Column, attr, url_of

CADRE_COLUMNS = [
    Column(_("姓名"), attr("name"), link=url_of, order_by="pinyin"),
    Column(_("性别"), attr("gender")),
    Column(_("工作单位"), attr("employer.name")),
    Column(_("职务"), attr("position")),
    Column(_("职级"), attr("rank"), order_by="rank"),
    Column(_("状态"), attr("status"), order_by="status"),
]
