"""Columns of the imports list."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.pages import Column, attr, url_of


def _count(key):
    def read(job):
        value = job.counts.get(key)
        return "—" if value is None else value
    return read


IMPORT_COLUMNS = [
    Column(_("上传时间"), attr("created_at"), link=url_of, order_by="created_at"),
    Column(_("导入内容"), attr("kind"), order_by="kind"),
    Column(_("文件名"), attr("original_name")),
    Column(_("状态"), attr("status"), order_by="status"),
    Column(_("数据行数"), attr("total_rows", 0), num=True),
    Column(_("新增"), _count("new"), num=True),
    Column(pgettext_lazy("导入结果", "修改"), _count("updated"), num=True),
    Column(_("未变"), _count("unchanged"), num=True),
    Column(_("有错误"), _count("bad"), num=True),
]
