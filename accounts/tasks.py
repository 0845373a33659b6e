"""Periodic jobs of the accounts app."""
import datetime

from celery import shared_task
from django.utils import timezone

RETENTION_DAYS = 180


@shared_task(name="accounts.purge_security_events")
def purge_security_events():
    """Nightly: the security log keeps 180 days (the database refuses younger deletes)."""
    from .models import SecurityEvent

    cut = timezone.now() - datetime.timedelta(days=RETENTION_DAYS)
    deleted, _ = SecurityEvent.objects.filter(created_at__lt=cut).delete()
    return {"deleted": deleted}
