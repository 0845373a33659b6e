from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    GRADE = "grade", _("等次")
    SCORE = "score", _("分数")


# The four grades of a 民主测评 item, as the appraisal rules name them (placements' Grade).
GRADES = [("excellent", _("优秀")), ("competent", _("称职")),
          ("basically_competent", _("基本称职")), ("incompetent", _("不称职"))]

# 德、能、勤、绩、廉: the standard items, each rated in the four grades.
DEFAULT_ITEMS = [
    {"key": "de", "label": "德", "kind": "grade", "required": True},
    {"key": "neng", "label": "能", "kind": "grade", "required": True},
    {"key": "qin", "label": "勤", "kind": "grade", "required": True},
    {"key": "ji", "label": "绩", "kind": "grade", "required": True},
    {"key": "lian", "label": "廉", "kind": "grade", "required": True},
    {"key": "overall", "label": "总体评价", "kind": "grade", "required": True},
]
DEFAULT_GROUPS = [
    {"name": "接收单位领导班子", "weight": 30, "sheets": 5},
    {"name": "接收单位干部职工", "weight": 40, "sheets": 15},
    {"name": "服务对象", "weight": 30, "sheets": 10},
]


class ReportKind(models.TextChoices):
    ANNUAL = "annual", _("年度述职")
    END_OF_TERM = "end_of_term", _("期满述职")
