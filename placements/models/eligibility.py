"""A program's eligibility rules (资格条件): settings a department keeps, not code. Each rule is
checked when a cadre is nominated, on every lane (placements.services.eligibility)."""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadres.choices import Education, Rank
from programs.querysets import ProgramChildQuerySet

from ..choices import EligibilityKind, Grade

# What each kind reads of the rule: its number (and its bounds), a level, a text.
NEEDS = {
    EligibilityKind.AGE_CAP: ("number", 18, 70),
    EligibilityKind.MIN_EDUCATION: ("education",),
    EligibilityKind.MIN_GRADE: ("grade",),
    EligibilityKind.YEARS_IN_POST: ("number", 0, 40),
    EligibilityKind.YEARS_IN_RANK: ("number", 0, 40),
    EligibilityKind.MONTHS_SINCE_PLACEMENT: ("number", 0, 240),
    EligibilityKind.RESERVE_ONLY: (),
    EligibilityKind.DECLARATION: ("text",),
}


class EligibilityRule(models.Model):
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE,
                                related_name="eligibility_rules", verbose_name=_("项目"))
    kind = models.CharField(_("条件"), max_length=30, choices=EligibilityKind.choices)
    rank = models.CharField(_("适用职级"), max_length=20, choices=Rank.choices, blank=True,
                            help_text=_("留空表示适用于所有职级"))
    number = models.PositiveSmallIntegerField(_("数值"), null=True, blank=True,
                                              help_text=_("年龄（周岁）、年限或月数"))
    education = models.CharField(_("最低学历"), max_length=20, choices=Education.choices,
                                 blank=True)
    grade = models.CharField(_("最低考核等次"), max_length=30, choices=Grade.choices,
                             blank=True)
    text = models.CharField(_("确认事项"), max_length=200, blank=True,
                            help_text=_("派出单位推荐时须逐项确认，如“无在查违纪问题”“身体健康”"))
    created_at = models.DateTimeField(_("设立时间"), auto_now_add=True)

    objects = ProgramChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("资格条件")
        verbose_name_plural = _("资格条件")
        ordering = ["program", "kind", "rank", "pk"]

    def __str__(self):
        return self.describe()

    def clean(self):
        needs = NEEDS.get(self.kind, ())
        errors = {}
        if needs and needs[0] == "number":
            low, high = needs[1], needs[2]
            if self.number is None or not low <= self.number <= high:
                errors["number"] = _("该条件的数值应在%(low)d至%(high)d之间") % {
                    "low": low, "high": high}
        if needs == ("education",) and not self.education:
            errors["education"] = _("请选择最低学历")
        if needs == ("grade",) and not self.grade:
            errors["grade"] = _("请选择最低考核等次")
        if needs == ("text",) and not self.text.strip():
            errors["text"] = _("请填写须确认的事项")
        if self.rank and self.kind != EligibilityKind.AGE_CAP:
            errors["rank"] = _("只有年龄上限按职级设定")
        if errors:
            raise ValidationError(errors)

    def describe(self) -> str:
        """The rule in the words a nominating unit reads."""
        kind = EligibilityKind
        n = self.number
        if self.kind == kind.AGE_CAP:
            who = Rank(self.rank).label if self.rank else _("所有人选")
            return _("%(who)s年龄不超过%(n)s周岁") % {"who": who, "n": n}
        if self.kind == kind.MIN_EDUCATION:
            return _("学历不低于%s") % Education(self.education).label
        if self.kind == kind.MIN_GRADE:
            return _("近一次考核等次不低于%s") % Grade(self.grade).label
        if self.kind == kind.YEARS_IN_POST:
            return _("任现职满%s年") % n
        if self.kind == kind.YEARS_IN_RANK:
            return _("任现职级满%s年") % n
        if self.kind == kind.MONTHS_SINCE_PLACEMENT:
            return _("上次挂职结束满%s个月") % n
        if self.kind == kind.RESERVE_ONLY:
            return str(_("限后备干部"))
        return self.text
