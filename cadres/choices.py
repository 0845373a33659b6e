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


class Ethnicity(models.TextChoices):
    """民族, by the codes of GB/T 3304 (the order of the national standard)."""

    HAN = "01", _("汉族")
    MONGOL = "02", _("蒙古族")
    HUI = "03", _("回族")
    TIBETAN = "04", _("藏族")
    UYGHUR = "05", _("维吾尔族")
    MIAO = "06", _("苗族")
    YI = "07", _("彝族")
    ZHUANG = "08", _("壮族")
    BUYEI = "09", _("布依族")
    KOREAN = "10", _("朝鲜族")
    MANCHU = "11", _("满族")
    DONG = "12", _("侗族")
    YAO = "13", _("瑶族")
    BAI = "14", _("白族")
    TUJIA = "15", _("土家族")
    HANI = "16", _("哈尼族")
    KAZAKH = "17", _("哈萨克族")
    DAI = "18", _("傣族")
    LI = "19", _("黎族")
    LISU = "20", _("傈僳族")
    VA = "21", _("佤族")
    SHE = "22", _("畲族")
    GAOSHAN = "23", _("高山族")
    LAHU = "24", _("拉祜族")
    SHUI = "25", _("水族")
    DONGXIANG = "26", _("东乡族")
    NAXI = "27", _("纳西族")
    JINGPO = "28", _("景颇族")
    KIRGIZ = "29", _("柯尔克孜族")
    TU = "30", _("土族")
    DAUR = "31", _("达斡尔族")
    MULAO = "32", _("仫佬族")
    QIANG = "33", _("羌族")
    BLANG = "34", _("布朗族")
    SALAR = "35", _("撒拉族")
    MAONAN = "36", _("毛南族")
    GELAO = "37", _("仡佬族")
    XIBE = "38", _("锡伯族")
    ACHANG = "39", _("阿昌族")
    PUMI = "40", _("普米族")
    TAJIK = "41", _("塔吉克族")
    NU = "42", _("怒族")
    UZBEK = "43", _("乌孜别克族")
    RUSSIAN = "44", _("俄罗斯族")
    EWENKI = "45", _("鄂温克族")
    DEANG = "46", _("德昂族")
    BONAN = "47", _("保安族")
    YUGUR = "48", _("裕固族")
    GIN = "49", _("京族")
    TATAR = "50", _("塔塔尔族")
    DERUNG = "51", _("独龙族")
    OROQEN = "52", _("鄂伦春族")
    HEZHEN = "53", _("赫哲族")
    MONBA = "54", _("门巴族")
    LHOBA = "55", _("珞巴族")
    JINO = "56", _("基诺族")
    UNIDENTIFIED = "97", _("其他未识别民族")
    NATURALIZED = "98", _("外国人入籍")


class Degree(models.TextChoices):
    DOCTOR = "doctor", _("博士")
    MASTER = "master", _("硕士")
    BACHELOR = "bachelor", _("学士")
    NONE = "none", _("无学位")


class ReserveLevel(models.TextChoices):
    """后备干部: the post a reserve cadre is kept for."""

    BUREAU_CHIEF = "bureau_chief", _("正厅级后备")
    BUREAU_DEPUTY = "bureau_deputy", _("副厅级后备")
    DIVISION_CHIEF = "division_chief", _("正处级后备")
    DIVISION_DEPUTY = "division_deputy", _("副处级后备")
    SECTION_CHIEF = "section_chief", _("正科级后备")
    SECTION_DEPUTY = "section_deputy", _("副科级后备")


# The political statuses of a party member: only they carry a date of joining (入党时间).
PARTY_STATUSES = ("cpc_member", "cpc_probationary", "democratic_party")
