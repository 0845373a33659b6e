from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .choices import Role
from .querysets import UserManager


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
        from programs.models import Region

        return Region.objects.filter(units__pk=self.unit_id).first()

    @property
    def sees_personal_data(self) -> bool:
        """Only organization-department staff read ID numbers and phone numbers unmasked."""
        return self.is_superuser or self.role == Role.ORG_STAFF
