from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class PoliticalStatus(models.TextChoices):
    CPC_MEMBER = "cpc_member", _("中共党员")
    CPC_PROBATIONARY = "cpc_probationary", _("中共预备党员")
    CYL_MEMBER = "cyl_member", _("共青团员")
    DEMOCRATIC_PARTY = "democratic_party", _("民主党派")
    NON_PARTISAN = "non_partisan", _("无党派人士")
    MASSES = "masses", _("群众")


class Education(models.TextChoices):
    DOCTORATE = "doctorate", _("博士研究生")
    MASTER = "master", _("硕士研究生")
    BACHELOR = "bachelor", _("大学本科")
    JUNIOR_COLLEGE = "junior_college", _("大学专科")
    SECONDARY = "secondary", _("中专及以下")


class Rank(models.TextChoices):
    """职级, from highest to lowest; RANK_ORDER gives the comparison used by rank bands."""

    BUREAU_CHIEF = "bureau_chief", _("厅局级正职")
    BUREAU_DEPUTY = "bureau_deputy", _("厅局级副职")
    DIVISION_CHIEF = "division_chief", _("县处级正职")
    DIVISION_DEPUTY = "division_deputy", _("县处级副职")
    SECTION_CHIEF = "section_chief", _("乡科级正职")
    SECTION_DEPUTY = "section_deputy", _("乡科级副职")
    STAFF = "staff", _("科员及以下")
    NONE = "none", _("无行政职级")


RANK_ORDER = {
    Rank.BUREAU_CHIEF: 7,
    Rank.BUREAU_DEPUTY: 6,
    Rank.DIVISION_CHIEF: 5,
    Rank.DIVISION_DEPUTY: 4,
    Rank.SECTION_CHIEF: 3,
    Rank.SECTION_DEPUTY: 2,
    Rank.STAFF: 1,
    Rank.NONE: 0,
}


class ProfessionalTitle(models.TextChoices):
    SENIOR = "senior", _("正高级")
    DEPUTY_SENIOR = "deputy_senior", _("副高级")
    INTERMEDIATE = "intermediate", _("中级")
    JUNIOR = "junior", _("初级")
    NONE = "none", _("无")


TITLE_ORDER = {
    ProfessionalTitle.SENIOR: 4,
    ProfessionalTitle.DEPUTY_SENIOR: 3,
    ProfessionalTitle.INTERMEDIATE: 2,
    ProfessionalTitle.JUNIOR: 1,
    ProfessionalTitle.NONE: 0,
}


class CadreStatus(models.TextChoices):
    AVAILABLE = "available", _("可选派")
    NOMINATED = "nominated", _("已推荐")
    ON_PLACEMENT = "on_placement", _("挂职中")
    RETURNED = "returned", _("已期满返回")
