from django.db import models
from django.db.models import Exists, OuterRef


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The department's notices to its staff and leaders; a unit's to its operators."""
        from core.roles import UNIT_ROLES, Role
        from programs.models import Program

        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        if user.role in (Role.ORG_STAFF, Role.MANAGER):
            return self.filter(program__in=Program.objects.visible_to(user).values("pk"))
        if user.role in UNIT_ROLES and user.unit_id:
            return self.filter(units=user.unit_id)
        return self.none()

    def with_read_by(self):
        """`read_by`: how many of its units have read it; `sent_to`: to how many it went."""
        from .models import NoticeRead

        reads = (NoticeRead.objects.filter(notice=OuterRef("pk")).order_by()
                 .values("notice").annotate(n=models.Count("pk")).values("n"))
        sent = (self.model.units.through.objects.filter(notice=OuterRef("pk")).order_by()
                .values("notice").annotate(n=models.Count("pk")).values("n"))
        return self.annotate(read_by=models.functions.Coalesce(models.Subquery(reads), 0),
                             sent_to=models.functions.Coalesce(models.Subquery(sent), 0))

    def unread_by(self, user):
        """The notices the user's unit has not opened yet."""
        from .models import NoticeRead

        return self.exclude(Exists(NoticeRead.objects.filter(notice=OuterRef("pk"),
                                                            unit=user.unit_id)))


class MessageQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A message is its recipient's alone (staff included)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)
