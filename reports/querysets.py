"""Who sees which reports and alerts: the one place that scopes the reports app."""
from django.db import models
from django.db.models import Q

from accounts.choices import Role


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.role in (Role.ORG_STAFF, Role.MANAGER):
            from programs.models import Program

            # A report without a program covers the department's whole scope: it belongs to
            # whoever asked for it and to colleagues of the same department.
            return self.filter(
                Q(program__in=Program.objects.visible_to(user))
                | Q(program__isnull=True, requested_by__unit=user.unit_id)
            )
        return self.filter(requested_by=user)


class AlertQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)

    def visible_to(self, user):
        """Alerts are private: shown to the role and unit they concern, or to one person."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(
            Q(recipient=user) | Q(recipient__isnull=True, unit=user.unit_id,
                                   role__in=user.acting_roles)
        )


class FeedbackQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The author reads their own; org staff read what the users they manage wrote (the
        one rule of whose logins a department keeps: User.objects.visible_to)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.role == Role.ORG_STAFF:
            from accounts.models import User

            return self.filter(author__in=User.objects.visible_to(user))
        return self.filter(author=user)
