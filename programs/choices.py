from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """Administrative level of a region or a unit."""

    NATIONAL = "national", _("中央")
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡镇级")


# Higher number = higher level; used to derive a placement's direction (上挂/下派).
LEVEL_RANK = {Level.PROVINCE: 4, Level.CITY: 3, Level.COUNTY: 2, Level.TOWNSHIP: 1}


class UnitKind(models.TextChoices):
    PROVINCIAL_ORGAN = "provincial_organ", _("省直机关")
    CENTRAL_UNIT = "central_unit", _("中央驻地方单位")
    SOE = "soe", _("国有企业")
    UNIVERSITY = "university", _("高校")
    RESEARCH_INSTITUTE = "research_institute", _("科研院所")
    LOCAL_GOVERNMENT = "local_government", _("市县党政机关")
    TOWNSHIP = "township", _("乡镇街道")
    FINANCIAL_INSTITUTION = "financial_institution", _("金融机构")
    ORG_DEPARTMENT = "org_department", _("组织部")
    OTHER = "other", _("其他")


class ProgramStatus(models.TextChoices):
    PLANNING = "planning", _("筹备中")
    ACTIVE = "active", _("实施中")
    CLOSED = "closed", _("已结束")


class TrackKind(models.TextChoices):
    SECONDMENT = "secondment", _("挂职")
    TRAINING = "training", _("院校培训")


class BatchStatus(models.TextChoices):
    PLANNING = "planning", _("筹备中")
    OPEN = "open", _("征集需求与推荐")
    MATCHING = "matching", _("对接中")
    IN_PROGRESS = "in_progress", _("挂职中")
    CLOSED = "closed", _("已结束")


class TargetMeasure(models.TextChoices):
    """How a program target's progress is counted."""

    PLACEMENTS = "placements", _("按挂职人数统计")
    MANUAL = "manual", _("手工填报")


class LeaveKind(models.TextChoices):
    """请假类别 (DESIGN Turn-3). Which count as days on post is the program's setting
    (AllowancePolicy.on_post_leave_kinds): 公出报备 — meetings, project or fund trips — by
    default."""

    PERSONAL = "personal", _("事假")
    SICK = "sick", _("病假")
    FAMILY = "family", _("探亲假")
    ANNUAL = "annual", _("年休假")
    OFFICIAL = "official", _("公出报备")
