from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.roles import UNIT_ROLES

from .choices import Role, SecurityEventKind
from .querysets import SecurityEventQuerySet, StandInQuerySet, UserManager


class User(AbstractUser):
    """A person who signs in: belongs to one unit and acts in one role."""

    unit = models.ForeignKey(
        "programs.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("所属单位"),
    )
    role = models.CharField(
        _("角色"), max_length=20, choices=Role.choices, blank=True, db_index=True
    )

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        full = f"{self.last_name}{self.first_name}".strip()
        return f"{full}（{self.username}）" if full else self.username

    @cached_property
    def department_region(self):
        """The region whose programs and cadres an org-staff user or manager oversees."""
        if not self.unit_id:
            return None
        # Read with the user where the sign-in loaded them (the API's token selects the unit
        # and its region): a query less on every department request. The fields' public
        # is_cached (the Model _meta API), not the instance's private state.
        unit_field = self._meta.get_field("unit")
        if unit_field.is_cached(self):
            unit = self.unit
            if unit._meta.get_field("region").is_cached(unit):
                return unit.region
        from programs.models import Region

        return Region.objects.filter(units__pk=self.unit_id).first()

    @cached_property
    def acting_roles(self) -> frozenset:
        """The roles this user acts in (core.roles.acts_as): their own, and for a unit's
        operator every side their unit holds (programs.sides). Read once per request."""
        if self.role in UNIT_ROLES and self.unit_id:
            from programs.sides import sides_held

            return frozenset(sides_held(self.unit_id, self.role))
        return frozenset({self.role} if self.role else ())

    @property
    def sees_personal_data(self) -> bool:
        """Only organization-department staff read ID numbers and phone numbers unmasked."""
        return self.is_superuser or self.role == Role.ORG_STAFF


class SecurityEvent(models.Model):
    """An append-only record of what matters for security: sign-ins and their failures,
    lockouts, refused requests, exports and views of unmasked personal data. Rows are only
    ever inserted (the database refuses updates, and deletes younger than the retention);
    the one update is a refusal repeated within its minute, which counts up its row."""

    kind = models.CharField(_("类型"), max_length=20, choices=SecurityEventKind.choices,
                            db_index=True)
    user = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="security_events", verbose_name=_("用户"))
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    path = models.CharField(_("路径"), max_length=500, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    # Refusals repeated by one client within a minute are one row: how many, and the last.
    count = models.PositiveIntegerField(_("次数"), default=1, db_default=1)
    last_at = models.DateTimeField(_("最后一次"), null=True, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("安全事件")
        verbose_name_plural = _("安全事件")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.username}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("security events are append-only")
        super().save(*args, **kwargs)


class StandIn(models.Model):
    """代理人: while a unit's operator is away (dates), a colleague of the unit stands in; the
    steps they take then are recorded as taken on the operator's behalf (StandInStep)."""

    operator = models.ForeignKey("accounts.User", on_delete=models.CASCADE,
                                 related_name="stand_ins", verbose_name=_("经办人"))
    stand_in = models.ForeignKey("accounts.User", on_delete=models.CASCADE,
                                 related_name="standing_in", verbose_name=_("代理人"))
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    reason = models.CharField(_("事由"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("设置时间"), auto_now_add=True)

    objects = StandInQuerySet.as_manager()

    class Meta:
        verbose_name = _("代理人")
        verbose_name_plural = _("代理人")
        ordering = ["-starts_on", "pk"]
        constraints = [models.CheckConstraint(
            condition=models.Q(ends_on__gte=models.F("starts_on")),
            name="accounts_stand_in_ends_after_it_starts")]
        indexes = [models.Index(fields=["stand_in", "starts_on", "ends_on"])]

    def __str__(self):
        return f"{self.stand_in} 代 {self.operator}（{self.starts_on}—{self.ends_on}）"


class StandInStep(models.Model):
    """A step a stand-in took while standing in: who, for whom, what, on which record."""

    stand_in = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True,
                                 related_name="+", verbose_name=_("代理人"))
    operator = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True,
                                 related_name="+", verbose_name=_("被代理人"))
    step = models.CharField(_("事项"), max_length=50)
    subject = models.CharField(_("对象"), max_length=200)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("代理办理记录")
        verbose_name_plural = _("代理办理记录")
        ordering = ["-created_at", "pk"]

    def __str__(self):
        return f"{self.stand_in} 代 {self.operator} · {self.step}"
