from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audited
from core.pinyin import PinyinNamed, sort_key
from core.text import validate_visible

from . import scope
from .choices import (
    PARTY_STATUSES,
    CadreStatus,
    Degree,
    Education,
    Ethnicity,
    Gender,
    PoliticalStatus,
    ProfessionalTitle,
    Rank,
    ReserveLevel,
)
from .id_numbers import birth_date_of, facts_of, gender_of, validate_id_number
from .querysets import CadreChildQuerySet, CadreQuerySet, ExpertiseQuerySet
from .search import index_names


def text_line(label):
    """A line of free text (a school and major): optional, visible characters only."""
    return models.CharField(label, max_length=100, blank=True, validators=[validate_visible])


def _fourteenth_birthday(born):
    try:
        return born.replace(year=born.year + 14)
    except ValueError:  # born on 29 February
        return born.replace(year=born.year + 14, day=28)


class Expertise(PinyinNamed):
    """A professional field (金融, 农业, 水利 …) shared by cadres, orders and matching."""

    name = models.CharField(_("名称"), max_length=50, unique=True, validators=[validate_visible])

    objects = ExpertiseQuerySet.as_manager()

    class Meta:
        verbose_name = _("专业领域")
        verbose_name_plural = _("专业领域")
        ordering = ["pinyin", "name"]

    def __str__(self):
        return self.name


class Cadre(models.Model):
    """A cadre or professional who can be seconded, with what avoidance rules need to know."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="cadre", verbose_name=_("登录账号"),
    )
    name = models.CharField(_("姓名"), max_length=50, db_index=True, validators=[validate_visible])
    # The name's pinyin, surname by its surname reading (core.pinyin): lists sort by it.
    pinyin = models.CharField(max_length=300, blank=True, default="", editable=False)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"))
    id_number = models.CharField(
        _("身份证号码"), max_length=18, unique=True, validators=[validate_id_number],
        error_messages={"unique": _("该身份证号码已登记")},
    )
    phone = models.CharField(
        _("手机号码"), max_length=11, blank=True,
        validators=[RegexValidator(r"^1\d{10}$", _("手机号码应为以1开头的11位数字"))],
    )
    political_status = models.CharField(
        _("政治面貌"), max_length=20, choices=PoliticalStatus.choices,
        default=PoliticalStatus.CPC_MEMBER,
    )
    education = models.CharField(
        _("学历"), max_length=20, choices=Education.choices, default=Education.BACHELOR
    )
    rank = models.CharField(
        _("职级"), max_length=20, choices=Rank.choices, default=Rank.NONE, db_index=True
    )
    professional_title = models.CharField(
        _("职称"), max_length=20, choices=ProfessionalTitle.choices,
        default=ProfessionalTitle.NONE,
    )
    employer = models.ForeignKey(
        "programs.Unit", on_delete=models.PROTECT, related_name="cadres",
        verbose_name=_("工作单位"),
    )
    position = models.CharField(_("现任职务"), max_length=100, blank=True,
                                validators=[validate_visible])
    expertise = models.ManyToManyField(
        Expertise, blank=True, related_name="cadres", verbose_name=_("专业领域")
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=CadreStatus.choices,
        default=CadreStatus.AVAILABLE, db_index=True,
    )
    native_place = models.ForeignKey(
        "programs.Region", on_delete=models.PROTECT, null=True, blank=True,
        related_name="native_cadres", verbose_name=_("籍贯"),
    )
    former_units = models.ManyToManyField(
        "programs.Unit", blank=True, related_name="former_cadres",
        verbose_name=_("曾任职单位"),
    )
    # What every 干部任免审批表 and roster carries.
    ethnicity = models.CharField(_("民族"), max_length=2, choices=Ethnicity.choices, blank=True)
    work_start_date = models.DateField(_("参加工作时间"), null=True, blank=True)
    party_join_date = models.DateField(_("入党时间"), null=True, blank=True,
                                       help_text=_("中共党员填入党时间；民主党派成员填加入时间"))
    fulltime_education = models.CharField(_("全日制学历"), max_length=20,
                                          choices=Education.choices, blank=True)
    fulltime_degree = models.CharField(_("全日制学位"), max_length=20, choices=Degree.choices,
                                       blank=True)
    fulltime_school = text_line(_("全日制毕业院校及专业"))
    inservice_education = models.CharField(_("在职学历"), max_length=20,
                                           choices=Education.choices, blank=True)
    inservice_degree = models.CharField(_("在职学位"), max_length=20, choices=Degree.choices,
                                        blank=True)
    inservice_school = text_line(_("在职毕业院校及专业"))
    current_post_date = models.DateField(_("任现职时间"), null=True, blank=True)
    current_rank_date = models.DateField(_("任现职级时间"), null=True, blank=True)
    is_reserve = models.BooleanField(_("后备干部"), default=False)
    reserve_level = models.CharField(_("后备层级"), max_length=20, choices=ReserveLevel.choices,
                                     blank=True)
    # The organization department whose staff registered or imported the cadre: it keeps
    # seeing them whatever their employer's level (a district importing a city university's
    # teachers), as cadres.scope states.
    registered_by = models.ForeignKey(
        "programs.Unit", on_delete=models.SET_NULL, null=True, blank=True, editable=False,
        related_name="registered_cadres", verbose_name=_("登记部门"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = CadreQuerySet.as_manager()
    history = audited()

    class Meta:
        verbose_name = _("干部")
        verbose_name_plural = _("干部")
        ordering = ["pinyin", "name", "id"]
        indexes = [models.Index(fields=["employer", "status"]),
                   models.Index(fields=["pinyin", "name", "id"], name="cadres_cadre_pinyin_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(gender__in=Gender.values),
                name="%(app_label)s_%(class)s_gender_valid",
                violation_error_message=_("性别无效"),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # What is kept with the cadre changes with it, in the same transaction: the name's
        # search terms (cadres.search) and the departments that see the employer's cadres
        # (cadres.scope).
        self.pinyin = sort_key(self.name, surname=True)
        with transaction.atomic():
            super().save(*args, **kwargs)
            if getattr(self, "_indexed_name", None) != self.name:
                index_names([self])
                self._indexed_name = self.name
            if getattr(self, "_scoped_employer", None) != self.employer_id:
                scope.refresh([self.pk])
                self._scoped_employer = self.employer_id

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("cadres:cadre_detail", args=[self.pk])

    def fill_from_id_number(self):
        """Gender and birth date left blank are read from the ID number (the service calls
        this before checking, the page fills them as the number is typed)."""
        facts = facts_of(self.id_number)
        if facts and not self.gender:
            self.gender = facts["gender"]
        if facts and not self.birth_date:
            self.birth_date = facts["birth_date"]

    def clean(self):
        if self.id_number:
            self.id_number = self.id_number.strip().upper()
        errors = {}
        if self.id_number and len(self.id_number) == 18:
            born = birth_date_of(self.id_number)
            if born and self.birth_date and born != self.birth_date:
                errors["birth_date"] = _("出生日期与身份证号码不一致")
            if born and self.gender and gender_of(self.id_number) != self.gender:
                errors["gender"] = _("性别与身份证号码不一致")
        errors.update(self._record_errors())
        if errors:
            raise ValidationError(errors)

    def _record_errors(self) -> dict:
        """The 任免审批表's dates in their order, and what goes with what."""
        errors = {}
        if self.party_join_date and self.political_status not in PARTY_STATUSES:
            errors["party_join_date"] = _("政治面貌为%(status)s，不应填写入党时间") % {
                "status": self.get_political_status_display()}
        earliest = _fourteenth_birthday(self.birth_date) if self.birth_date else None
        today = timezone.localdate()
        for name in ("work_start_date", "party_join_date", "current_post_date",
                     "current_rank_date"):
            value, label = getattr(self, name), self._meta.get_field(name).verbose_name
            if value and value > today:
                errors[name] = _("%(field)s不能晚于今天") % {"field": label}
            elif value and earliest and value < earliest:
                errors[name] = _("%(field)s早于出生后14周岁，请核对") % {"field": label}
        for name in ("current_post_date", "current_rank_date"):
            value = getattr(self, name)
            if value and self.work_start_date and value < self.work_start_date:
                errors.setdefault(name, _("%(field)s早于参加工作时间") % {
                    "field": self._meta.get_field(name).verbose_name})
        if self.reserve_level and not self.is_reserve:
            errors["reserve_level"] = _("不是后备干部时不应填写后备层级")
        return errors

    @classmethod
    def from_db(cls, db, field_names, values):
        """A loaded cadre remembers the name its search terms were made of and the employer
        its departments were found by, so that save knows when to make them again."""
        cadre = super().from_db(db, field_names, values)
        cadre._indexed_name = cadre.__dict__.get("name")
        cadre._scoped_employer = cadre.__dict__.get("employer_id")
        return cadre


class DepartmentCadre(models.Model):
    """A department region that sees a cadre (cadres.scope keeps these rows with the writes
    that change them): a department's cadres are the range of its region in one index."""

    region = models.ForeignKey("programs.Region", on_delete=models.CASCADE, related_name="+")
    cadre = models.ForeignKey(Cadre, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "cadre"],
                                               name="cadres_department_cadre_unique")]

    def __str__(self):
        return f"{self.region_id} → {self.cadre_id}"


class CadreSearchTerm(models.Model):
    """One way of finding a cadre by name: a character, a pair of them, a pinyin or its
    initials (cadres.search). Kept with the name; read by the lists' and lookups' `q`."""

    cadre = models.ForeignKey(Cadre, on_delete=models.CASCADE, related_name="search_terms")
    term = models.CharField(max_length=64)

    class Meta:
        # Equality (张, 树旗) and prefixes (zsq%) from one index; the cadre id comes with it.
        indexes = [models.Index(fields=["term"], opclasses=["varchar_pattern_ops"],
                                include=["cadre"], name="cadres_search_term_idx")]

    def __str__(self):
        return self.term


class Relation(models.Model):
    """A relative the cadre declared, for avoidance (回避) in matching."""

    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, related_name="relations", verbose_name=_("干部")
    )
    name = models.CharField(_("亲属姓名"), max_length=50, validators=[validate_visible])
    relation = models.CharField(_("关系"), max_length=20, validators=[validate_visible])
    unit = models.ForeignKey(
        "programs.Unit", on_delete=models.PROTECT, related_name="relatives",
        verbose_name=_("亲属工作单位"),
    )

    objects = CadreChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("亲属关系")
        verbose_name_plural = _("亲属关系")
        ordering = ["cadre", "id"]

    def __str__(self):
        return f"{self.cadre}的{self.relation}{self.name}"
